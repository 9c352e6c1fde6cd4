"""Pick and build the chat model named by the settings.

Backends: ``local`` (a GGUF through llama.cpp), ``endpoint`` (any OpenAI-compatible
server), ``extractive`` (no LLM: callers quote evidence instead) and ``auto``
(local when the model file and llama-cpp-python are present, else extractive).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.errors import BackendError
from assistant.llm.base import ChatModel, LangChainChat
from assistant.llm.local import llama_cpp_installed, load_local_chat
from assistant.settings import LLMSettings, Settings, get_settings

Backend = Literal["local", "endpoint", "extractive"]
BACKEND_CHOICES = ("local", "endpoint", "extractive", "auto")
#: Written by `make bench-backends` next to the model it measured; read by ``auto``.
CHOICE_FILE = "backend-choice.json"
DEFAULT_MODEL_FILE: str = LLMSettings.model_fields["model_file"].default


def make_chat_model(
    settings: Settings | None = None, backend: str | None = None
) -> ChatModel | None:
    """The chat model for ``backend`` (default: ``settings.llm.backend``), or ``None``.

    ``None`` means extractive: answer by quoting evidence, with no LLM. Raises
    :class:`BackendError` or :class:`ModelMissingError` with a remedy in the message.
    """
    settings = settings or get_settings()
    resolved = resolve_backend(settings, backend)
    if resolved == "extractive":
        return None
    if resolved == "local":
        return load_local_chat(local_model_path(settings), settings.llm)
    return _endpoint_chat(settings.llm)


def resolve_backend(settings: Settings, backend: str | None = None) -> Backend:
    """Which backend ``backend`` (or the configured one) comes to, without loading anything."""
    llm = settings.llm
    choice = backend or llm.backend
    if choice not in BACKEND_CHOICES:
        raise BackendError(
            f"Unknown LLM backend '{choice}'. Set WSOA_LLM_BACKEND to one of: "
            + ", ".join(BACKEND_CHOICES)
            + "."
        )
    if choice == "auto":
        usable = local_model_path(settings).is_file() and llama_cpp_installed()
        return "local" if usable and measured_choice(settings).local_ok else "extractive"
    if choice == "endpoint" and not llm.base_url and _names_custom_gguf(llm.model_file):
        return "local"  # "any local GGUF": an endpoint setting with no URL but a GGUF path
    return choice  # type: ignore[return-value]  # narrowed by the checks above


class MeasuredChoice(BaseModel):
    """What `make bench-backends` measured on this machine (models/backend-choice.json)."""

    local_ok: bool = Field(
        False, description="the local model found more facts, abstained as well, started in time"
    )
    reason: str = "not measured on this machine: run `make bench-backends`"


def choice_path(settings: Settings) -> Path:
    return settings.paths.models_dir / CHOICE_FILE


def measured_choice(settings: Settings) -> MeasuredChoice:
    """The last measured verdict on the local model; "not measured" means extractive."""
    path = choice_path(settings)
    try:
        return MeasuredChoice.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return MeasuredChoice()


def local_model_path(settings: Settings) -> Path:
    """The GGUF file: ``llm.model_file`` itself if absolute or existing, else in ``models_dir``."""
    given = Path(settings.llm.model_file).expanduser()
    if given.is_absolute() or given.is_file():
        return given
    return settings.paths.models_dir / settings.llm.model_file


def describe_backend(settings: Settings | None = None, backend: str | None = None) -> str:
    """One line for the status panel, e.g. ``local model (qwen….gguf, 1.1 GB)``; loads nothing."""
    settings = settings or get_settings()
    try:
        resolved = resolve_backend(settings, backend)
    except BackendError as error:
        return f"not configured: {error}"
    llm = settings.llm
    if resolved == "local":
        path = local_model_path(settings)
        if not path.is_file():
            return f"local model ({path.name}, missing: run `make model`)"
        return f"local model ({path.name}, {path.stat().st_size / 1e9:.1f} GB)"
    if resolved == "endpoint":
        problem = _endpoint_problem(llm)
        return (
            f"endpoint not configured: {problem}" if problem else f"endpoint {_endpoint_name(llm)}"
        )
    if (backend or llm.backend) == "auto":
        verdict = measured_choice(settings)
        if local_model_path(settings).is_file() and llama_cpp_installed() and not verdict.local_ok:
            return f"extractive (no LLM; the local model is not used by auto: {verdict.reason})"
        if not local_model_path(settings).is_file():
            return "extractive (no LLM; run `make model` for the local model)"
        return "extractive (no LLM; run `make llm` to install llama-cpp-python)"
    return "extractive (no LLM)"


def _names_custom_gguf(model_file: str) -> bool:
    return model_file.lower().endswith(".gguf") and model_file != DEFAULT_MODEL_FILE


def _endpoint_problem(llm: LLMSettings) -> str | None:
    if not llm.base_url:
        return (
            "no endpoint URL. Set WSOA_LLM_BASE_URL (e.g. http://localhost:11434/v1) and "
            "WSOA_LLM_MODEL, or set WSOA_LLM_MODEL_FILE to a local .gguf file."
        )
    if not llm.model:
        return f"no model name for {llm.base_url}. Set WSOA_LLM_MODEL (e.g. llama3)."
    return None


def _endpoint_name(llm: LLMSettings) -> str:
    return f"{llm.model} at {llm.base_url}"


def _endpoint_chat(llm: LLMSettings) -> ChatModel:
    if problem := _endpoint_problem(llm):
        raise BackendError(f"The endpoint backend has {problem}")
    from langchain_openai import ChatOpenAI

    # The one place code reads os.environ: the setting names the variable that holds the
    # key, so the key itself never sits in settings, logs or reprs. Local servers need none.
    api_key = os.environ.get(llm.api_key_env) or "not-needed"
    chat = ChatOpenAI(
        base_url=llm.base_url,
        model=llm.model,
        api_key=api_key,  # type: ignore[arg-type]  # pydantic coerces str to SecretStr
        temperature=llm.temperature,
        max_tokens=llm.max_tokens,  # type: ignore[call-arg]  # alias of max_completion_tokens
        timeout=llm.timeout_seconds,
        max_retries=llm.max_retries,
        streaming=True,
    )
    return LangChainChat(
        chat,
        name=f"endpoint: {_endpoint_name(llm)}",
        remedy=(
            f"Check the server at {llm.base_url} is running and serves model '{llm.model}', "
            "or set WSOA_LLM_BACKEND=extractive."
        ),
    )
