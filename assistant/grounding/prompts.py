"""Prompt templates live as files in ``prompts/``; placeholders are checked at load.

A template is a Markdown file whose first line ``---system---`` block and
``---user---`` block are filled with ``str.format`` placeholders. Each prompt
declares the placeholders it needs; a file (possibly a user's override, via
``WSOA_PROMPTS_DIR``) with a missing or unknown placeholder is rejected with a
message naming the file and the placeholder.
"""

from __future__ import annotations

import string
from pathlib import Path

from pydantic import BaseModel

from assistant.errors import AssistantError
from assistant.grounding.records import CANNOT_ANSWER

REQUIRED: dict[str, set[str]] = {
    "ask": {"question", "evidence", "keys", "cannot_answer", "scope"},
    "draft": {"section_title", "scope", "evidence", "keys", "guidance"},
    "judge": {"claim", "passage"},
}


class PromptError(AssistantError):
    pass


class Prompt(BaseModel):
    name: str
    system: str
    user: str

    def render(self, **values: str) -> tuple[str, str]:
        values.setdefault("cannot_answer", CANNOT_ANSWER)
        return self.system.format(**values), self.user.format(**values)


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def load_prompt(name: str, prompts_dir: Path) -> Prompt:
    """Read and validate ``prompts_dir/name.md``."""
    path = prompts_dir / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"Prompt file {path} is missing. Restore it from the repository.")
    raw = path.read_text(encoding="utf-8")
    if "---system---" not in raw or "---user---" not in raw:
        raise PromptError(f"{path}: needs a '---system---' and a '---user---' block.")
    system, user = raw.split("---system---", 1)[1].split("---user---", 1)
    found = _fields(system) | _fields(user)
    required = REQUIRED.get(name, set())
    if missing := required - found:
        raise PromptError(f"{path}: placeholder(s) {sorted(missing)} missing; add them back.")
    if unknown := found - required:
        raise PromptError(
            f"{path}: unknown placeholder(s) {sorted(unknown)}; allowed: {sorted(required)}."
        )
    return Prompt(name=name, system=system.strip(), user=user.strip())
