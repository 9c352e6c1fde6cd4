"""A local GGUF model through llama.cpp (LangChain's ``ChatLlamaCpp``), loaded once per process.

Loading takes seconds and the weights take about a gigabyte, so loaded models are
cached per (path, context size) and shared by the UI, the CLI and the evals.
A llama.cpp context is not thread-safe: each cached model carries a lock that
is held for the whole of a generation.
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import ModelMissingError
from assistant.llm.base import LangChainChat
from assistant.settings import LLMSettings


@dataclass
class _LoadedModel:
    chat: Any  # langchain_community ChatLlamaCpp; its ``client`` is the llama_cpp.Llama
    lock: threading.Lock


_LOADED: dict[tuple[str, int], _LoadedModel] = {}
_LOADING = threading.Lock()


def llama_cpp_installed() -> bool:
    """Whether llama-cpp-python is installed (checked without importing it)."""
    return importlib.util.find_spec("llama_cpp") is not None


def load_local_chat(path: Path, llm: LLMSettings) -> LangChainChat:
    """A :class:`LangChainChat` over the GGUF at ``path``, loading it on first use."""
    loaded = _load(path.resolve(), llm)
    client = loaded.chat.client

    def count_tokens(text: str) -> int:
        # Tokenizing reads only the vocabulary, not the context, so it needs no lock.
        return len(client.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    return LangChainChat(
        loaded.chat,
        name=f"local: {path.name}",
        options={"temperature": llm.temperature, "max_tokens": llm.max_tokens},
        lock=loaded.lock,
        token_counter=count_tokens,
        remedy="Try again, or set WSOA_LLM_BACKEND=extractive to answer without the model.",
    )


def unload_local_models() -> None:
    """Forget every cached model (frees memory once nothing else holds them)."""
    with _LOADING:
        _LOADED.clear()


def _load(path: Path, llm: LLMSettings) -> _LoadedModel:
    key = (str(path), llm.context_tokens)
    with _LOADING:  # held while loading so two threads never load the same file twice
        if key not in _LOADED:
            _LOADED[key] = _LoadedModel(chat=_new_chat(path, llm), lock=threading.Lock())
        return _LOADED[key]


def _new_chat(path: Path, llm: LLMSettings) -> Any:
    if not path.is_file():
        raise ModelMissingError(
            f"No local model at {path}. Run `make model` to fetch it, "
            "or set WSOA_LLM_BACKEND=extractive to answer without it."
        )
    if not llama_cpp_installed():
        raise ModelMissingError(
            "llama-cpp-python is not installed. Run `make llm` to build it, "
            "or set WSOA_LLM_BACKEND=extractive to answer without a local model."
        )
    with warnings.catch_warnings():
        # langchain-community warns on import that it is being sunset; the class still works.
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community.chat_models import ChatLlamaCpp
    try:
        return ChatLlamaCpp(
            model_path=str(path),
            n_ctx=llm.context_tokens,
            n_threads=llm.threads,
            # ChatLlamaCpp defaults to evaluating prompts 8 tokens at a time; llama.cpp uses 512.
            n_batch=llm.batch_tokens,
            temperature=llm.temperature,
            max_tokens=llm.max_tokens,
            streaming=True,
            verbose=False,
        )
    except ImportError as error:
        raise ModelMissingError(
            f"llama-cpp-python could not be imported ({error}). Run `make llm` to rebuild it."
        ) from error
    except ValueError as error:  # ChatLlamaCpp wraps llama.cpp's load failure in a ValueError
        raise ModelMissingError(
            f"Could not load the local model {path}: it may be incomplete or not a GGUF file. "
            "Delete it and run `make model`, or point WSOA_LLM_MODEL_FILE at a working GGUF."
        ) from error
