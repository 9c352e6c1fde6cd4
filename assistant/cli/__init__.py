"""The `wsoa` command line. Importing this package registers every command."""

from assistant.cli import actions_command as _actions_command  # noqa: F401  (registers actions)
from assistant.cli import eval_command as _eval_command  # noqa: F401  (registers eval)
from assistant.cli import grounded as _grounded  # noqa: F401  (registers ask, draft, ...)
from assistant.cli import serve as _serve  # noqa: F401  (registers serve)
from assistant.cli.main import cli

__all__ = ["cli"]
