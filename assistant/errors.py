"""Errors that reach a person. Each message says what went wrong and what to do next.

The CLI turns these into ``click.ClickException`` and the UI into ``gr.Error``;
nothing else catches them.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: ``str(error)`` is a one-line message fit to show a user."""


class LoadError(AssistantError):
    """A file could not be turned into a document (bad PDF, unknown type, ...)."""

    def __init__(self, path: str, problem: str, remedy: str) -> None:
        self.path = path
        self.problem = problem
        self.remedy = remedy
        super().__init__(f"{path}: {problem}. {remedy}")


class UnknownDocumentError(AssistantError):
    def __init__(self, doc_id: str) -> None:
        super().__init__(
            f"No document '{doc_id}' in the index. Run `wsoa docs` to list document ids."
        )


class ModelMissingError(AssistantError):
    """The embedding model or the local LLM is not installed."""


class StoreError(AssistantError):
    """The Chroma store could not be reached or written."""


class EmptyIndexError(AssistantError):
    """A read needs documents and the index holds none (never built, or emptied)."""

    def __init__(self, where: str) -> None:
        super().__init__(empty_index_message(where))


def empty_index_message(where: str) -> str:
    """What to tell someone whose index holds no documents: what to run next."""
    return (
        f"The index at {where} holds no documents. Run `wsoa build` to index the bundled "
        "corpus (48 documents: a few minutes on a laptop), or `wsoa ingest PATH` to add your "
        "own files; the web app (`wsoa serve`) builds it on its first start."
    )


class EmbedderMismatchError(StoreError):
    """The store's vectors come from another embedder than this process's."""


class BackendError(AssistantError):
    """The chosen LLM backend failed or is not configured."""
