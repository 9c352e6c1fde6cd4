"""Structure of WSoA documents: priorities, sections and structure-aware chunks."""

from assistant.structure.actions import parse_actions
from assistant.structure.chunker import chunk_document
from assistant.structure.parser import DocumentStructure, parse_structure

__all__ = ["DocumentStructure", "chunk_document", "parse_actions", "parse_structure"]
