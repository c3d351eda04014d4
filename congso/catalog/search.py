# SPDX-License-Identifier: MIT
"""Ranked, accent-insensitive, typo-tolerant procedure search.

Why in memory and not the database's full-text engine (docs/adr/0002-catalog-search.md):
a province's catalog is a few thousand procedures, the ranking must be identical on SQLite
and PostgreSQL, and it must tolerate typos and Vietnamese spelling variants, which FTS5's
bm25 and PostgreSQL's ts_rank rank differently. Each process builds a compact index from the
database (numpy arrays, a few MB for 7,000 procedures) and rebuilds it when the catalog
revision number changes; the check costs one tiny query every CONGSO_SEARCH_REFRESH_SECONDS.

Scoring: BM25-style weights over folded words (name ≫ English name > field > agencies),
exact code matches first, the last word of the query also matches as a prefix (search as
you type), unknown words match vocabulary words within one or two edits (rapidfuzz), and
documents are ranked by how many query words they cover, then by score, with bonuses for
the query's words appearing in order in the name and for words typed with the same accents,
and a small yield for derived procedures ("Cấp lại", "Gia hạn"…) the query did not ask for.
Usage counts (how often a procedure is filed) would be a better prior once dossiers exist.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
import time
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
from django.conf import settings
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from congso.core.text import exact_words, fold_words, has_marks, vi_sort_key

NAME_WEIGHT = 3.0
NAME_EN_WEIGHT = 1.5
FIELD_WEIGHT = 1.0
AGENCY_WEIGHT = 0.6
PREFIX_FACTOR = 0.75
FUZZY_FACTOR = {1: 0.6, 2: 0.35}
MAX_QUERY_WORDS = 12
MAX_PREFIX_EXPANSIONS = 40
BM25_K1 = 1.2
BM25_B = 0.5
CODE_RE = re.compile(r"^\d\.?\d{0,6}$")
# Words that mark a procedure derived from a base one in the national catalog's naming
# ("Cấp lại …", "Gia hạn …", "Điều chỉnh …"). When the query does not ask for them, the
# base procedure is what most people look for, so derived ones yield a little.
DERIVED_MARKERS = (
    "lại",
    "gia hạn",
    "điều chỉnh",
    "đổi",
    "thu hồi",
    "đính chính",
    "hủy",
    "chấm dứt",
)
DERIVED_FACTOR = 0.75
RERANK_DEPTH = 60


@dataclass(frozen=True)
class SearchFilters:
    field: str = ""
    agency: str = ""
    level: str = ""
    online_level: str = ""


@dataclass
class SearchResult:
    items: list[dict[str, Any]]
    count: int


@dataclass
class _Index:
    revision: int
    docs: list[dict[str, Any]]
    postings: dict[str, tuple[np.ndarray, np.ndarray]]
    idf: dict[str, float]
    vocab: list[str]
    name_words: list[list[str]]
    name_exact: list[frozenset[str]]
    name_folded: list[str]
    name_pairs: list[frozenset[tuple[str, str]]]
    derived: list[frozenset[str]]
    codes: dict[str, int]
    name_rank: np.ndarray
    masks: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.docs)


def _load_documents() -> list[dict[str, Any]]:
    from .models import Procedure, ProcedureAgency, PublicationStatus

    rows = list(
        Procedure.objects.filter(publication_status=PublicationStatus.PUBLISHED)
        .order_by("id")
        .values(
            "id",
            "code",
            "name",
            "name_en",
            "levels",
            "online_level",
            "agency_names",
            "full_online_eligible",
            "field__code",
            "field__name",
            "field__name_en",
        )
    )
    agencies: dict[int, list[tuple[str, str]]] = {}
    for procedure_id, code, name in ProcedureAgency.objects.values_list(
        "procedure_id", "agency__code", "agency__name"
    ):
        agencies.setdefault(procedure_id, []).append((code, name))
    for row in rows:
        linked = agencies.get(row["id"], [])
        row["agency_codes"] = sorted({code for code, _name in linked})
        row["agency_text"] = " ".join(
            [name for _code, name in linked] + [ref.get("name", "") for ref in row["agency_names"]]
        )
    return rows


def _build(revision: int, rows: list[dict[str, Any]]) -> _Index:
    count = len(rows)
    name_words = [fold_words(row["name"]) for row in rows]
    avg_len = (sum(len(words) for words in name_words) / count) if count else 1.0
    weights: dict[str, dict[int, float]] = {}

    def add(doc: int, words: list[str], weight: float) -> None:
        for word in words:
            slot = weights.setdefault(word, {})
            if slot.get(doc, 0.0) < weight:
                slot[doc] = weight

    for doc, row in enumerate(rows):
        length = len(name_words[doc]) or 1
        norm = (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * length / avg_len))
        add(doc, name_words[doc], NAME_WEIGHT * norm)
        add(doc, fold_words(row["name_en"]), NAME_EN_WEIGHT)
        add(doc, fold_words(row["field__name"] + " " + row["field__name_en"]), FIELD_WEIGHT)
        add(doc, fold_words(row["agency_text"]), AGENCY_WEIGHT)
    postings = {
        word: (
            np.fromiter(slot.keys(), dtype=np.int32, count=len(slot)),
            np.fromiter(slot.values(), dtype=np.float32, count=len(slot)),
        )
        for word, slot in weights.items()
    }
    idf = {
        word: math.log(1 + (count - len(slot) + 0.5) / (len(slot) + 0.5))
        for word, slot in weights.items()
    }
    order = sorted(
        range(count), key=lambda doc: (vi_sort_key(rows[doc]["name"]), rows[doc]["code"])
    )
    name_rank = np.empty(count, dtype=np.int32)
    name_rank[order] = np.arange(count, dtype=np.int32)
    docs = [
        {
            "code": row["code"],
            "name": row["name"],
            "name_en": row["name_en"],
            "field": {
                "code": row["field__code"],
                "name": row["field__name"],
                "name_en": row["field__name_en"],
            },
            "levels": row["levels"],
            "online_level": row["online_level"],
            "full_online_eligible": row["full_online_eligible"],
            "agency_codes": row["agency_codes"],
        }
        for row in rows
    ]
    return _Index(
        revision=revision,
        docs=docs,
        postings=postings,
        idf=idf,
        vocab=sorted(postings),
        name_words=name_words,
        name_exact=[frozenset(exact_words(row["name"])) for row in rows],
        name_folded=[" ".join(words) for words in name_words],
        name_pairs=[frozenset(pairwise(words)) for words in name_words],
        derived=[_derived_markers(row["name"]) for row in rows],
        codes={row["code"]: doc for doc, row in enumerate(rows)},
        name_rank=name_rank,
    )


def _derived_markers(name: str) -> frozenset[str]:
    """The derived-procedure markers in a name, in folded form (matched with accents)."""
    padded = f" {' '.join(exact_words(name))} "
    return frozenset(
        " ".join(fold_words(marker)) for marker in DERIVED_MARKERS if f" {marker} " in padded
    )


class _IndexHolder:
    def __init__(self) -> None:
        self._index: _Index | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> _Index:
        from .services import catalog_revision_current

        now = time.monotonic()
        index = self._index
        if index is not None and now - self._checked_at < settings.CONGSO_SEARCH_REFRESH_SECONDS:
            return index
        with self._lock:
            revision = catalog_revision_current()
            self._checked_at = time.monotonic()
            if self._index is None or self._index.revision != revision:
                self._index = _build(revision, _load_documents())
            return self._index

    def reset(self) -> None:
        with self._lock:
            self._index = None


_holder = _IndexHolder()


def search_index_reset() -> None:
    _holder.reset()


def search_index_warm() -> int:
    """Build this process's index now (at worker start); returns the number of procedures."""
    return _holder.get().size


# --- querying ------------------------------------------------------------------------------------


def _mask(index: _Index, filters: SearchFilters) -> np.ndarray | None:
    wanted = [
        ("field", filters.field),
        ("agency", filters.agency),
        ("level", filters.level),
        ("online_level", filters.online_level),
    ]
    combined: np.ndarray | None = None
    for kind, value in wanted:
        if not value:
            continue
        key = (kind, value)
        if key not in index.masks:
            index.masks[key] = np.fromiter(
                (_matches(doc, kind, value) for doc in index.docs), dtype=bool, count=index.size
            )
        combined = index.masks[key] if combined is None else combined & index.masks[key]
    return combined


def _matches(doc: dict[str, Any], kind: str, value: str) -> bool:
    if kind == "field":
        return doc["field"]["code"] == value
    if kind == "agency":
        return value in doc["agency_codes"]
    if kind == "level":
        return value in doc["levels"]
    return doc["online_level"] == value


def _expansions(index: _Index, word: str, is_last: bool) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    if word in index.postings:
        found.append((word, 1.0))
    if is_last and len(word) >= 2:
        start = bisect.bisect_left(index.vocab, word)
        for candidate in index.vocab[start : start + MAX_PREFIX_EXPANSIONS]:
            if not candidate.startswith(word):
                break
            if candidate != word:
                found.append((candidate, PREFIX_FACTOR))
    if word not in index.postings and len(word) >= 4 and not word.isdigit():
        max_distance = 1 if len(word) <= 6 else 2
        for candidate, distance, _pos in process.extract(
            word, index.vocab, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=8
        ):
            found.append((candidate, FUZZY_FACTOR[int(distance)]))
    return found


def search_procedures(
    query: str, *, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0
) -> SearchResult:
    """Search the published catalog. `query` must already be length-checked by the caller."""
    index = _holder.get()
    filters = filters or SearchFilters()
    mask = _mask(index, filters)
    words = fold_words(query)[:MAX_QUERY_WORDS]
    if not words:
        candidates = np.arange(index.size) if mask is None else np.flatnonzero(mask)
        ordered = candidates[np.argsort(index.name_rank[candidates], kind="stable")]
        return _page(index, ordered, limit, offset, None)

    total = np.zeros(index.size, dtype=np.float32)
    covered = np.zeros(index.size, dtype=np.int16)
    for position, word in enumerate(words):
        per_word = np.zeros(index.size, dtype=np.float32)
        for candidate, factor in _expansions(index, word, position == len(words) - 1):
            ids, weights = index.postings[candidate]
            # ids are unique within one posting list, so fancy indexing is safe here.
            per_word[ids] = np.maximum(per_word[ids], weights * (factor * index.idf[candidate]))
        total += per_word
        covered += per_word > 0

    code_hit = _code_match(index, words)
    needed = max(1, math.ceil(len(words) * 0.6))
    keep = covered >= needed
    if code_hit is not None:
        keep[code_hit] = True
    if mask is not None:
        keep &= mask
    candidates = np.flatnonzero(keep)
    if candidates.size == 0:
        return SearchResult(items=[], count=0)

    base = total[candidates] * (covered[candidates] / len(words)) ** 2
    ranked = _top_ranked(index, candidates, base, max(RERANK_DEPTH, offset + limit))
    # Bonuses re-rank the head only; below it the base order stands (it decides nothing a
    # reader sees on the first pages, and keeps a broad query cheap).
    head = ranked[:RERANK_DEPTH].tolist()
    final = _reranked_scores(index, query, words, head, total, covered, code_hit)
    head.sort(key=lambda doc: (-final[doc], int(index.name_rank[doc])))
    ordered = np.concatenate([np.asarray(head, dtype=np.int64), ranked[RERANK_DEPTH:]])
    if code_hit is not None and code_hit not in final:
        ordered = np.concatenate([[code_hit], ordered[ordered != code_hit]])
    return _page(index, ordered, limit, offset, final, count=int(candidates.size))


def _top_ranked(index: _Index, candidates: np.ndarray, base: np.ndarray, need: int) -> np.ndarray:
    """The best `need` candidates (and any tied with the last), by score then name.

    A full sort of thousands of candidates costs more than the rest of a query; a partition
    finds the score of the `need`-th best, and only the candidates at or above it are sorted.
    """
    if candidates.size > need:
        threshold = np.partition(base, candidates.size - need)[candidates.size - need]
        keep = base >= threshold
        candidates, base = candidates[keep], base[keep]
    return candidates[np.lexsort((index.name_rank[candidates], -base))]


def _code_match(index: _Index, words: list[str]) -> int | None:
    for word in words:
        if CODE_RE.match(word) and word in index.codes:
            return index.codes[word]
    return None


def _reranked_scores(
    index: _Index,
    query: str,
    words: list[str],
    head: list[int],
    total: np.ndarray,
    covered: np.ndarray,
    code_hit: int | None,
) -> dict[int, float]:
    accented = [word for word in exact_words(query) if has_marks(word)]
    phrase = " ".join(words)
    padded_query = f" {phrase} "
    query_pairs = list(pairwise(words))
    final: dict[int, float] = {}
    for doc in head:
        base = float(total[doc]) * (int(covered[doc]) / len(words)) ** 2
        if any(f" {marker} " not in padded_query for marker in index.derived[doc]):
            base *= DERIVED_FACTOR
        bonus = 0.0
        if query_pairs:
            pairs = index.name_pairs[doc]
            bonus += 0.6 * base * sum(pair in pairs for pair in query_pairs) / len(query_pairs)
        if index.name_folded[doc] == phrase:
            bonus += base
        elif index.name_folded[doc].startswith(phrase):
            bonus += 0.3 * base
        if accented:
            same = sum(word in index.name_exact[doc] for word in accented)
            bonus += 0.5 * base * same / len(accented)
        final[doc] = base + bonus
    if code_hit is not None:
        final[code_hit] = max(final.values(), default=0.0) * 10 + 1000.0
    return final


def _page(
    index: _Index,
    ordered: np.ndarray,
    limit: int,
    offset: int,
    scores: dict[int, float] | None,
    *,
    count: int | None = None,
) -> SearchResult:
    chosen = ordered[offset : offset + limit].tolist()
    items = []
    for doc in chosen:
        item = dict(index.docs[doc])
        item.pop("agency_codes", None)
        if scores is not None:
            item["score"] = round(scores[doc], 4) if doc in scores else None
        items.append(item)
    return SearchResult(items=items, count=int(ordered.size) if count is None else count)
