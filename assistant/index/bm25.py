"""BM25 with sparse matrices: per-document segments of term counts, scored with scipy.

Why not ``bm25s`` (or ``rank_bm25``, which LangChain's ``BM25Retriever`` wrapped):
both store each chunk's score for each term, computed from the corpus-wide idf
and average length, so adding one document changes every stored score and forces
a full re-index. A :class:`Segment` here stores only one document's raw term
counts (chunks x terms). Idf and the average length are computed from those
counts when the set of segments changes: one concatenation of sparse arrays, no
tokenising. So an ingest or a delete touches one segment, and a query is a few
vector operations over the columns of its terms, never a loop over chunks.

The formula is BM25 Okapi exactly as ``rank_bm25`` computed it (k1 = 1.5,
b = 0.75, negative idfs floored at 0.25 x the mean idf), so rankings are the
ones the retrieval eval was tuned on.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from assistant.records import SearchFilters

K1 = 1.5
B = 0.75
EPSILON = 0.25
NO_PRIORITY = -1
_MAGIC = b"WSOALEX2"  # change when the file layout changes: older segment files are rebuilt


@dataclass
class Segment:
    """One document's chunks: term counts plus the columns filters need."""

    doc_id: str
    fingerprint: str  # of the document record the chunks were read with
    local_area: str  # lowercased
    doc_type: str
    date_num: int
    terms: np.ndarray  # the segment's own vocabulary (str)
    counts: sparse.csr_matrix  # chunks x terms: term frequencies
    chunk_ids: np.ndarray  # str, one per chunk
    priority: np.ndarray  # int32, NO_PRIORITY when none
    section: np.ndarray  # str
    columns: np.ndarray | None = None  # terms -> global column ids, set by a Vocabulary

    @property
    def lengths(self) -> np.ndarray:
        """Tokens per chunk."""
        return np.asarray(self.counts.sum(axis=1)).ravel()

    def save(self, path: Path) -> None:
        """Write the segment to ``path`` atomically (a reader never sees half a file).

        One flat file: magic, header length, a JSON header, then int32 arrays and
        NUL-separated strings. Loading it is one read and a few ``frombuffer`` calls,
        several times quicker than an ``.npz`` of a dozen members.
        """
        strings = [_joined(self.terms), _joined(self.chunk_ids), _joined(self.section)]
        ints = [self.counts.indptr, self.counts.indices, self.counts.data, self.priority]
        header = {
            "doc_id": self.doc_id,
            "fingerprint": self.fingerprint,
            "local_area": self.local_area,
            "doc_type": self.doc_type,
            "date_num": self.date_num,
            "rows": len(self.chunk_ids),
            "terms": len(self.terms),
            "nnz": int(self.counts.nnz),
            "strings": [len(b) for b in strings],
        }
        payload = b"".join(np.asarray(a, dtype="<i4").tobytes() for a in ints) + b"".join(strings)
        header["digest"] = _digest(header, payload)  # any edit of header or payload shows
        head = json.dumps(header).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{uuid.uuid4().hex}.tmp")  # unique across processes
        partial.write_bytes(_MAGIC + len(head).to_bytes(8, "little") + head + payload)
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> Segment | None:
        """The segment saved at ``path``; None when missing, damaged or an old format.

        Damage (a changed byte anywhere, edited ids) fails the digest check, so the
        caller rebuilds the segment from the store rather than trusting the file.
        """
        try:
            raw = path.read_bytes()
            if not raw.startswith(_MAGIC):
                return None
            at = len(_MAGIC) + 8
            size = int.from_bytes(raw[len(_MAGIC) : at], "little")
            header = json.loads(raw[at : at + size])
            at += size
            digest = header.pop("digest", None)
            if digest is None or digest != _digest(header, raw[at:]):
                return None
            rows, nnz = int(header["rows"]), int(header["nnz"])
            arrays = []
            for count in (rows + 1, nnz, nnz, rows):
                arrays.append(np.frombuffer(raw, dtype="<i4", count=count, offset=at))
                at += 4 * count
            indptr, indices, data, priority = arrays
            blocks = []
            for length in header["strings"]:
                blocks.append(_split(raw[at : at + length]))
                at += length
            terms, chunk_ids, section = blocks
            if (len(terms), len(chunk_ids), len(section), at) != (
                header["terms"],
                rows,
                rows,
                len(raw),
            ):
                return None
            return cls(
                doc_id=str(header["doc_id"]),
                fingerprint=str(header["fingerprint"]),
                local_area=str(header["local_area"]),
                doc_type=str(header["doc_type"]),
                date_num=int(header["date_num"]),
                terms=np.array(terms, dtype=str),
                counts=sparse.csr_matrix(
                    (data.astype(np.float32), indices, indptr), shape=(rows, len(terms))
                ),
                chunk_ids=np.array(chunk_ids, dtype=str),
                priority=priority.astype(np.int32),
                section=np.array(section, dtype=str),
            )
        except Exception:  # unreadable (half-copied, another version): rebuilt from the store
            return None


def _digest(header: dict[str, object], payload: bytes) -> str:
    """BLAKE2b of a segment's header (without its digest) and payload."""
    import hashlib

    return hashlib.blake2b(json.dumps(header).encode() + payload, digest_size=16).hexdigest()


def _joined(values: np.ndarray) -> bytes:
    return "\0".join(values.tolist()).encode()


def _split(block: bytes) -> list[str]:
    return block.decode().split("\0") if block else []


@dataclass(frozen=True)
class Row:
    """What a segment needs of one chunk."""

    chunk_id: str
    tokens: list[str]
    priority: int  # NO_PRIORITY when none
    section: str


def build_segment(
    doc_id: str,
    fingerprint: str,
    *,
    local_area: str,
    doc_type: str,
    date_num: int,
    rows: Sequence[Row],
) -> Segment:
    """Count the terms of a document's chunks (tokenised already) into a segment."""
    flat = [t for row in rows for t in row.tokens]
    lengths = np.array([len(row.tokens) for row in rows], dtype=np.int64)
    terms, inverse = np.unique(np.array(flat, dtype=str), return_inverse=True)
    chunk_of = np.repeat(np.arange(len(rows)), lengths)
    counts = sparse.csr_matrix(
        (np.ones(len(flat), dtype=np.float32), (chunk_of, inverse.ravel())),
        shape=(len(rows), len(terms)),
    )
    counts.sum_duplicates()
    return Segment(
        doc_id=doc_id,
        fingerprint=fingerprint,
        local_area=local_area.lower(),
        doc_type=doc_type,
        date_num=date_num,
        terms=terms,
        counts=counts,
        chunk_ids=np.array([row.chunk_id for row in rows], dtype=str),
        priority=np.array([row.priority for row in rows], dtype=np.int32),
        section=np.array([row.section for row in rows], dtype=str),
    )


class Vocabulary:
    """Global column ids for terms; grows only (a removed document's terms get df 0)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def attach(self, segment: Segment) -> None:
        if segment.columns is None:
            ids = self.ids
            segment.columns = np.fromiter(
                (ids.setdefault(t, len(ids)) for t in segment.terms.tolist()),
                dtype=np.int64,
                count=len(segment.terms),
            )


class Bm25Matrix:
    """Every segment's counts side by side, with idf and lengths: ready to score."""

    def __init__(self, segments: Sequence[Segment], vocabulary: Vocabulary) -> None:
        segments = sorted(segments, key=lambda s: s.doc_id)
        for segment in segments:
            vocabulary.attach(segment)
        self.vocabulary = vocabulary
        width = len(vocabulary)
        sizes = np.array([len(s.chunk_ids) for s in segments], dtype=np.int64)
        nnz = np.array([s.counts.nnz for s in segments], dtype=np.int64)
        data = _concat([s.counts.data for s in segments], np.float32)
        indices = _concat([s.columns[s.counts.indices] for s in segments], np.int64)  # type: ignore[index]
        offsets = np.cumsum(nnz) - nnz  # where each segment's entries start
        indptr = _concat(
            [[0]] + [s.counts.indptr[1:] + o for s, o in zip(segments, offsets, strict=True)],
            np.int64,
        )
        self.size = int(sizes.sum())
        by_chunk = sparse.csr_matrix((data, indices, indptr), shape=(self.size, width))
        self.by_term = by_chunk.tocsc()
        self.lengths = np.asarray(by_chunk.sum(axis=1)).ravel().astype(np.float64)
        self.avgdl = float(self.lengths.mean()) if self.size and self.lengths.any() else 1.0
        self.idf = _idf(np.bincount(indices, minlength=width), self.size)
        self.chunk_ids = _concat([s.chunk_ids for s in segments], str)
        self.priority = _concat([s.priority for s in segments], np.int32)
        self.section = _concat([s.section for s in segments], str)
        self.segment_of = np.repeat(np.arange(len(segments)), sizes)
        self.doc_ids = np.array([s.doc_id for s in segments], dtype=str)
        self.areas = np.array([s.local_area for s in segments], dtype=str)
        self.doc_types = np.array([s.doc_type for s in segments], dtype=str)
        self.dates = np.array([s.date_num for s in segments], dtype=np.int64)

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every chunk for a tokenised query (0 where no term matches)."""
        counted = Counter(t for t in tokens if t in self.vocabulary.ids)
        if not counted or not self.size:
            return np.zeros(self.size)
        columns = np.array([self.vocabulary.ids[t] for t in counted], dtype=np.int64)
        columns_in_matrix = columns < self.by_term.shape[1]  # terms newer than this matrix
        columns = columns[columns_in_matrix]
        weights = self.idf[columns] * np.array(list(counted.values()))[columns_in_matrix]
        picked = self.by_term[:, columns]  # chunks x query terms, still sparse
        tf = picked.data.astype(np.float64)
        chunk = picked.indices
        term = np.repeat(np.arange(len(columns)), np.diff(picked.indptr))
        norm = K1 * (1 - B + B * self.lengths[chunk] / self.avgdl)
        parts = weights[term] * tf * (K1 + 1) / (tf + norm)
        return np.bincount(chunk, weights=parts, minlength=self.size)

    def mask(self, filters: SearchFilters) -> np.ndarray | None:
        """Which chunks pass ``filters`` (None when nothing is filtered)."""
        from assistant.index.store import date_number

        keep = np.ones(len(self.doc_ids), dtype=bool)  # per document first: cheaper
        filtered = False
        if filters.local_area:
            keep &= self.areas == filters.local_area.lower()
            filtered = True
        if filters.doc_type:
            keep &= self.doc_types == filters.doc_type.value
            filtered = True
        if filters.date_from:
            keep &= self.dates >= date_number(filters.date_from)
            filtered = True
        if filters.date_to:
            keep &= self.dates <= date_number(filters.date_to, upper=True)
            filtered = True
        if filters.doc_ids:
            keep &= np.isin(self.doc_ids, list(filters.doc_ids))
            filtered = True
        rows = keep[self.segment_of]
        if filters.priority is not None:
            rows &= self.priority == filters.priority
            filtered = True
        if filters.section:
            rows &= self.section == filters.section.value
            filtered = True
        return rows if filtered else None

    def top(
        self, tokens: Sequence[str], filters: SearchFilters, limit: int
    ) -> list[tuple[str, float]]:
        """The ``limit`` best (chunk id, score) passing ``filters``, score > 0, best first."""
        scores = self.scores(tokens)
        passing = scores > 0
        mask = self.mask(filters)
        if mask is not None:
            passing &= mask
        found = np.flatnonzero(passing)
        if len(found) > limit:
            found = found[np.argpartition(-scores[found], limit - 1)[:limit]]
            found.sort()  # index order breaks ties, as a stable sort would
        best = found[np.argsort(-scores[found], kind="stable")]
        return [(str(self.chunk_ids[i]), float(scores[i])) for i in best]


def _idf(df: np.ndarray, size: int) -> np.ndarray:
    """rank_bm25's Okapi idf: log((N - df + .5) / (df + .5)), negatives floored."""
    present = df > 0
    idf = np.zeros(len(df))
    if not present.any():
        return idf
    raw = np.log(size - df[present] + 0.5) - np.log(df[present] + 0.5)
    floor = EPSILON * raw.mean()
    idf[present] = np.where(raw < 0, floor, raw)
    return idf


def _concat(parts: Sequence[object], dtype: object) -> np.ndarray:
    if not parts:
        return np.array([], dtype=dtype)  # type: ignore[call-overload]
    return np.concatenate([np.asarray(p) for p in parts]).astype(dtype, copy=False)  # type: ignore[call-overload]
