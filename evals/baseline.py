"""The baseline: the plain LangChain recipe, over the same documents, embedder and model.

``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`` over each
document's canonical text (``Assistant.show``, with ``add_start_index=True`` so
every chunk keeps its span), a separate in-memory Chroma collection, top-4
retrieval and a "stuff" prompt: the four chunks pasted as [1]..[4], the model
asked to answer and cite with [n]. Its output becomes an :class:`Answer` with
real :class:`Citation` spans, so every metric runs on it unchanged. With no
chat model (extractive backend) the "answer" is the top chunk, cited to itself.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from assistant.grounding.citations import split_generated
from assistant.grounding.records import CANNOT_ANSWER, Answer, Citation, Sentence, SentenceKind
from assistant.llm.base import ChatModel
from assistant.records import DocType, Document
from assistant.service import Assistant

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4

SYSTEM_PROMPT = (
    "You answer questions about SEND Written Statements of Action using only the numbered "
    "passages. End every sentence with the numbers of the passages it comes from in square "
    "brackets, like this: '... [1].' or '... [2][4].' "
    f'If the passages do not contain the answer, reply exactly: "{CANNOT_ANSWER}"'
)
USER_PROMPT = "Passages:\n{passages}\n\nQuestion: {question}\nAnswer:"

# Ways a plain model says it cannot answer (the sentinel, and its usual paraphrases).
_ABSTAIN = re.compile(
    r"do(?:es)? not say|not provided|not mentioned|not specified|not stated|no information|"
    r"do(?:es)? not (?:contain|include|mention|provide|specify|state)|cannot answer|"
    r"can't answer|unable to answer|not (?:available|given) in the",
    re.IGNORECASE,
)
_NUMERIC_KEYS = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")


@dataclass(frozen=True)
class BaselineChunk:
    """A retrieved split with the span it came from."""

    document: Document
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def is_abstention(text: str) -> bool:
    """True when a plain model's output declines to answer."""
    return bool(_ABSTAIN.search(text))


def _letter_keys(text: str) -> str:
    """'[1, 2]' -> '[C1,C2]' so the library's sentence splitter reads the keys."""
    return _NUMERIC_KEYS.sub(
        lambda m: "[" + ",".join(f"C{n}" for n in re.findall(r"\d+", m.group(1))) + "]", text
    )


def _where(local_area: str | None, doc_type: DocType | None) -> dict[str, Any] | None:
    terms: list[dict[str, Any]] = []
    if local_area:
        terms.append({"local_area": local_area})
    if doc_type:
        terms.append({"doc_type": doc_type.value})
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}


class LangChainBaseline:
    """The recipe above, built on first use from the assistant's stored documents."""

    def __init__(self, assistant: Assistant, chat: ChatModel | None, max_tokens: int = 384):
        self.assistant = assistant
        self.chat = chat
        self.max_tokens = max_tokens
        self._store: Any = None
        self._documents: dict[str, Document] = {}

    @property
    def name(self) -> str:
        model = self.chat.name if self.chat else "extractive: top-1 chunk"
        return (
            f"LangChain stuff baseline ({CHUNK_SIZE}/{CHUNK_OVERLAP} splits, top-{TOP_K}; {model})"
        )

    def build(self) -> None:
        """Split every stored document and embed the splits into a fresh collection."""
        import chromadb
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )
        splits = []
        for info in self.assistant.documents():
            doc = self.assistant.show(info.doc_id)
            self._documents[doc.doc_id] = doc
            meta = {
                "doc_id": doc.doc_id,
                "local_area": doc.local_area,
                "doc_type": doc.doc_type.value,
            }
            splits.extend(splitter.create_documents([doc.text], metadatas=[meta]))
        self._store = Chroma(
            collection_name=f"baseline_{uuid.uuid4().hex[:12]}",
            embedding_function=self.assistant.embedder,
            client=chromadb.EphemeralClient(),
        )
        self._store.add_documents(splits)

    def retrieve(
        self,
        question: str,
        local_area: str | None = None,
        doc_type: DocType | None = None,
        k: int = TOP_K,
    ) -> list[BaselineChunk]:
        """Top-``k`` splits by embedding similarity, optionally filtered by area / type."""
        if self._store is None:
            self.build()
        found = self._store.similarity_search(question, k=k, filter=_where(local_area, doc_type))
        return [
            BaselineChunk(
                document=self._documents[d.metadata["doc_id"]],
                start=int(d.metadata["start_index"]),
                text=d.page_content,
            )
            for d in found
        ]

    def ask(self, question: str, local_area: str | None = None) -> Answer:
        """Answer with the stuff prompt (or the top chunk when there is no model)."""
        chunks = self.retrieve(question, local_area)
        if self.chat is None:
            raw = f"{chunks[0].text} [1]" if chunks else CANNOT_ANSWER
        else:
            passages = "\n\n".join(
                f"[{i}] ({c.document.title})\n{c.text}" for i, c in enumerate(chunks, 1)
            )
            raw = self.chat.complete(
                SYSTEM_PROMPT,
                USER_PROMPT.format(passages=passages, question=question),
                max_tokens=self.max_tokens,
            )
        return self.to_answer(question, raw, chunks)

    def to_answer(self, question: str, raw: str, chunks: list[BaselineChunk]) -> Answer:
        """Parse "[n]" citations into sentences and resolved citations over ``chunks``."""
        keyed = {f"C{i}": c for i, c in enumerate(chunks, 1)}
        if self.chat is None and chunks:
            pieces = [(chunks[0].text, ["C1"])]  # one "sentence": the whole top chunk
        else:
            pieces = split_generated(_letter_keys(raw), prefix="C")
        sentences = []
        for text, keys in pieces:
            known = [k for k in keys if k in keyed]
            kind = SentenceKind.notice if is_abstention(text) and not known else SentenceKind.claim
            sentences.append(Sentence(text=text, citations=known, kind=kind))
        used: list[str] = []
        for sentence in sentences:
            used.extend(k for k in sentence.citations if k not in used)
        citations = [self._citation(key, keyed[key]) for key in used]
        return Answer(
            question=question,
            answer=raw,
            abstained=is_abstention(raw) if self.chat else not chunks,
            sentences=sentences,
            citations=citations,
            backend=self.name,
        )

    @staticmethod
    def _citation(key: str, chunk: BaselineChunk) -> Citation:
        doc = chunk.document
        return Citation(
            key=key,
            doc_id=doc.doc_id,
            title=doc.title,
            local_area=doc.local_area,
            doc_type=doc.doc_type,
            date=doc.date,
            page=doc.page_at(chunk.start),
            start=chunk.start,
            end=chunk.end,
            quote=chunk.text,  # what the baseline shows; exactness checks its span
        )
