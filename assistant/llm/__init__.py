"""The chat model behind answers and drafts: one small interface, three backends.

``make_chat_model(settings)`` returns a :class:`ChatModel` (local GGUF through
llama.cpp, or an OpenAI-compatible endpoint) or ``None`` for the extractive path.
"""

from __future__ import annotations

from assistant.llm.base import ChatModel, LangChainChat, count_tokens, estimate_tokens
from assistant.llm.factory import (
    describe_backend,
    local_model_path,
    make_chat_model,
    resolve_backend,
)

__all__ = [
    "ChatModel",
    "LangChainChat",
    "count_tokens",
    "describe_backend",
    "estimate_tokens",
    "local_model_path",
    "make_chat_model",
    "resolve_backend",
]
