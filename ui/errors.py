"""Library errors become ``gr.Error`` here and nowhere else in the UI: never a traceback."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import gradio as gr
from pydantic import ValidationError

from assistant.errors import AssistantError, LoadError

F = TypeVar("F", bound=Callable[..., Any])


def user_message(error: Exception) -> str:
    """The one-line message a person sees; upload paths are shortened to the file name."""
    if isinstance(error, LoadError):
        remedy = error.remedy if error.remedy.endswith(".") else f"{error.remedy}."
        return f"{Path(error.path).name}: {error.problem}. {remedy}"
    if isinstance(error, ValidationError):  # pydantic validation of what was typed in
        return "; ".join(_field_problem(e) for e in error.errors())
    if isinstance(error, ValueError):
        return str(error).splitlines()[0]
    return str(error)


def _field_problem(problem: Any) -> str:
    field = " ".join(str(part) for part in problem.get("loc", ())).replace("_", " ")
    message = str(problem.get("msg", "")).removeprefix("Value error, ")
    return f"{field.capitalize()}: {message}" if field else message


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
