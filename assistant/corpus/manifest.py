"""Metadata that people give about documents: the corpus manifest and per-file overrides.

The manifest (``corpus/manifest.json``) has the shape
``{"documents": [{"file", "local_area", "doc_type", "date", "title"}, ...]}``.
Every field but ``file`` may be left out; missing fields are inferred from the text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.dates import normalise_date
from assistant.errors import LoadError
from assistant.records import DocType

#: File suffixes ``load_document`` can read, in the order we mention them to people.
SUPPORTED_SUFFIXES: tuple[str, ...] = (".pdf", ".docx", ".txt", ".md")
#: Notes about a folder, not documents in it (e.g. the national library's SOURCES.md).
FOLDER_NOTES = frozenset({"readme.md", "sources.md", "licence.md", "license.md"})


def normalise_doc_type(value: str | DocType) -> DocType:
    """Parse a document type, accepting "Review note" / "review-note" for ``review_note``."""
    if isinstance(value, DocType):
        return value
    key = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    try:
        return DocType(key)
    except ValueError:
        allowed = ", ".join(t.value for t in DocType)
        raise ValueError(f"doc_type must be one of {allowed}; got {value!r}") from None


class MetadataOverrides(BaseModel):
    """Metadata a person states for one file; set fields win over the manifest and inference."""

    model_config = ConfigDict(extra="forbid")

    local_area: str | None = Field(None, description="e.g. 'Shropshire'")
    doc_type: DocType | None = Field(None, description="one of the DocType values")
    date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    title: str | None = None

    @field_validator("local_area", "title", "date", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An empty string in a form or JSON file means "not given", not "empty title".
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("date")
    @classmethod
    def _check_date(cls, value: str | None) -> str | None:
        return None if value is None else normalise_date(value)

    @field_validator("doc_type", mode="before")
    @classmethod
    def _check_doc_type(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str | DocType):
            return normalise_doc_type(value)
        return value


class ManifestEntry(MetadataOverrides):
    """One manifest row: the file name it describes plus its metadata."""

    file: str = Field(description="file name (not a path) inside the corpus folder")


class Manifest(BaseModel):
    """The corpus manifest: metadata for files, looked up by file name."""

    documents: list[ManifestEntry] = Field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read and validate a manifest file; raise ``LoadError`` saying which entry is wrong."""
        path = Path(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise LoadError(
                str(path), "manifest not found", "Check the path or remove the manifest option"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LoadError(
                str(path),
                f"cannot read the manifest ({exc.__class__.__name__})",
                "Save it as UTF-8",
            ) from None
        except json.JSONDecodeError as exc:
            raise LoadError(
                str(path),
                f"manifest is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                "Fix the JSON syntax",
            ) from None
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise LoadError(
                str(path),
                f"manifest entry is invalid: {_first_error(exc, raw)}",
                'Each entry needs "file" and optional local_area, doc_type, date, title',
            ) from None

    def entry_for(self, file_name: str) -> ManifestEntry | None:
        """The entry for ``file_name`` (a bare name; case-insensitive), or ``None``."""
        wanted = Path(file_name).name.lower()
        for entry in self.documents:
            if Path(entry.file).name.lower() == wanted:
                return entry
        return None


def _first_error(exc: ValidationError, raw: object) -> str:
    """One line naming the first bad entry and field, e.g. ``documents[2] (x.txt).date: ...``."""
    error = exc.errors()[0]
    location = error["loc"]
    where = ".".join(str(part) for part in location)
    if len(location) >= 2 and location[0] == "documents" and isinstance(location[1], int):
        where = f"documents[{location[1]}]" + "".join(f".{p}" for p in location[2:])
        entries = raw.get("documents") if isinstance(raw, dict) else None
        if isinstance(entries, list) and location[1] < len(entries):
            entry = entries[location[1]]
            if isinstance(entry, dict) and "file" in entry:
                where = where.replace("]", f"] ({entry['file']})", 1)
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}"


def iter_corpus_files(directory: Path, recursive: bool = False) -> list[Path]:
    """Supported document files in ``directory``, sorted by name.

    Hidden files, Word lock files (``~$x.docx``), a folder's notes (README.md, SOURCES.md)
    and anything that is not .pdf/.docx/.txt/.md (``manifest.json``, theme overrides in
    .yaml, ...) are skipped.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise LoadError(str(directory), "not a folder", "Give the folder that holds the documents")
    candidates = directory.rglob("*") if recursive else directory.iterdir()
    found = []
    for path in candidates:
        relative = path.relative_to(directory)
        if any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        if path.name.lower() in FOLDER_NOTES:
            continue
        if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(path)
    return sorted(found, key=lambda p: str(p.relative_to(directory)).lower())
