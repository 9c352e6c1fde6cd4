"""The chat-model interface: implement ``stream``; ``complete`` and token counts come free."""

from __future__ import annotations

import math
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.errors import AssistantError, BackendError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

CHARS_PER_TOKEN = 4  # rough average for English prose; only used when no tokenizer is at hand


def estimate_tokens(text: str) -> int:
    """Rough token count (``len / 4``, rounded up) for sizing prompts without a tokenizer."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


class ChatModel(ABC):
    """A chat model that turns a system + user prompt into streamed text.

    Subclasses implement :meth:`stream` only. ``name`` is shown to people,
    e.g. ``"local: qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"``.
    """

    name: str = "chat model"

    @abstractmethod
    def stream(
        self,
        system: str,
        user: str,
        max_tokens: int | None = None,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        """Yield the reply in pieces as they are generated (``stop`` strings are not included)."""

    def complete(
        self,
        system: str,
        user: str,
        max_tokens: int | None = None,
        stop: list[str] | None = None,
    ) -> str:
        """The whole reply as one string."""
        return "".join(self.stream(system, user, max_tokens=max_tokens, stop=stop))

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes in this model's prompt; an estimate unless overridden."""
        return estimate_tokens(text)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def count_tokens(model: ChatModel | None, text: str) -> int:
    """Tokens ``text`` takes for ``model`` (its tokenizer if it has one, else ``len / 4``)."""
    return model.count_tokens(text) if model is not None else estimate_tokens(text)


class LangChainChat(ChatModel):
    """Adapt any LangChain ``BaseChatModel`` (ChatLlamaCpp, ChatOpenAI, fakes, ...).

    ``options`` are sent with every call (e.g. ``temperature``, a default
    ``max_tokens``). ``lock`` serialises generation for models whose state is not
    thread-safe (llama.cpp); it is held while the stream is being consumed.
    Errors from the library become :class:`BackendError` ending with ``remedy``.
    """

    def __init__(
        self,
        chat: BaseChatModel,
        name: str | None = None,
        *,
        options: Mapping[str, Any] | None = None,
        lock: threading.Lock | None = None,
        token_counter: Callable[[str], int] | None = None,
        remedy: str = "Check the model backend, or set WSOA_LLM_BACKEND=extractive.",
    ) -> None:
        self.chat = chat
        self.name = name or f"langchain: {type(chat).__name__}"
        self.options = dict(options or {})
        self.lock = lock
        self.token_counter = token_counter
        self.remedy = remedy

    def stream(
        self,
        system: str,
        user: str,
        max_tokens: int | None = None,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        messages = [SystemMessage(content=system), HumanMessage(content=user)]
        options = dict(self.options)
        if max_tokens is not None:
            options["max_tokens"] = max_tokens
        with self.lock or nullcontext():
            try:
                for chunk in self.chat.stream(messages, stop=stop, **options):
                    # Role-only and finish chunks carry no text; callers only want text.
                    if text := chunk.text:
                        yield text
            except AssistantError:
                raise
            except Exception as error:
                raise BackendError(
                    f"{self.name} failed: {type(error).__name__}: {error}. {self.remedy}"
                ) from error

    def count_tokens(self, text: str) -> int:
        if self.token_counter is None:
            return estimate_tokens(text)
        return self.token_counter(text)
