"""Library errors become ``gr.Error`` here and nowhere else in the UI: a message, never a traceback."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import gradio as gr

from assistant.errors import AssistantError, LoadError

F = TypeVar("F", bound=Callable[..., Any])


def user_message(error: Exception) -> str:
    """The one-line message a person sees; upload paths are shortened to the file name."""
    if isinstance(error, LoadError):
        return f"{Path(error.path).name}: {error.problem}. {error.remedy}"
    if isinstance(error, ValueError):  # pydantic validation of what was typed in
        return str(error).splitlines()[0]
    return str(error)


def as_gr_error(error: Exception) -> gr.Error:
    return gr.Error(user_message(error), print_exception=False)


def friendly(handler: F) -> F:
    """Wrap a handler (plain or generator) so library errors show as ``gr.Error``."""
    if inspect.isgeneratorfunction(handler):

        @functools.wraps(handler)
        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from handler(*args, **kwargs)
            except (AssistantError, ValueError) as error:
                raise as_gr_error(error) from error

        return generator  # type: ignore[return-value]

    @functools.wraps(handler)
    def plain(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except (AssistantError, ValueError) as error:
            raise as_gr_error(error) from error

    return plain  # type: ignore[return-value]
