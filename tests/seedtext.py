"""The seed articles as a reader numbers their paragraphs (the rule is in docs/claims.yaml),
and the citations of the chapters with the text each one supports."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from projects import REPO

from storysite.citations import CITATION_RE, Cite, parse_cites

SEEDS = REPO.parent / "shared" / "seeds"
LEDGER = REPO / "docs" / "claims.yaml"


@functools.cache
def seed_map() -> dict:
    return yaml.safe_load(LEDGER.read_text(encoding="utf-8"))["seeds"]


def _lines(entry: dict) -> list[str]:
    return (SEEDS / entry["file"]).read_text(encoding="utf-8").split("\n")


@functools.cache
def paragraphs(source_id: str) -> list[str]:
    """The seed's paragraphs; paragraphs(...)[0] is para. 1."""
    entry = seed_map()[source_id]
    lines = _lines(entry)
    skip = {int(n) for n in entry["skip"]}
    return [
        lines[n - 1].strip()
        for n in range(entry["first"], entry["last"] + 1)
        if lines[n - 1].strip() and n not in skip
    ]


@functools.cache
def captions(source_id: str) -> list[str]:
    """The captions of the seed's photographs; captions(...)[0] is fig. 1."""
    entry = seed_map()[source_id]
    lines = _lines(entry)
    return [lines[int(n) - 1].strip() for n, kind in sorted(entry["skip"].items()) if kind == "caption"]


def passages(cite: Cite) -> list[str | None]:
    """The passages a located citation names; None for a number the seed does not have.
    A seed is one web page: a page locator names another page of the article, which the
    ledger checks by hand."""
    if cite.term == "page":
        return []
    found = paragraphs(cite.source_id) if cite.term == "paragraph" else captions(cite.source_id)
    return [found[n - 1] if 0 < n <= len(found) else None for n in located(cite)]


@dataclass(frozen=True)
class Citing:
    """A citation in a chapter and the words it supports: those since the previous
    citation or the start of the sentence it closes, whichever is later."""

    display: str  # file:line
    cites: tuple[Cite, ...]
    text: str


SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


def citings(path: Path) -> list[Citing]:
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    first_line = head.count("\n") + 3
    found = []
    for offset, line in enumerate(body.split("\n")):
        start = 0
        for match in CITATION_RE.finditer(line):
            before = line[start : match.start()]
            pieces = [p for p in SENTENCE_END.split(before) if p.strip()]
            claim = pieces[-1] if pieces else before
            where = f"{path.relative_to(REPO).as_posix()}:{first_line + offset}"
            found.append(Citing(where, tuple(parse_cites(match.group(1))), claim.strip()))
            start = match.end()
    return found


def located(cite: Cite) -> list[int]:
    return [n for first, last in cite.parts for n in range(first, last + 1)]
