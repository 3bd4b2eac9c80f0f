"""What the share cards and the search index cost on their own, beside the whole cold build.

A cold build of a project is run once in this process with the cache off, and the
exact inputs it gives the two stages Pelican and MkDocs do not have are kept: every
share card's text, and every edition's search records. Each stage is then timed alone,
in one process, on those inputs (median of --reps): drawing every card with
cards.draw_card, and indexing every record with a fresh Pagefind process. What is
printed is the floor these two features put under any cold build of the project.

    python bench/feature_floor.py /tmp/storysite-bench/n100/project [--reps 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storysite import cards, pipeline, search  # noqa: E402

CARD_INPUTS: list = []  # (text, font) of every card the build drew
SEARCH_INPUTS: list = []  # every SearchInput the build indexed (a language each)
DRAW, INDEX = cards.draw_card, search.index_language


def draw_and_keep(text, font):  # module-level: a stage's function must be one to be keyed
    CARD_INPUTS.append((text, font))
    return DRAW(text, font)


def index_and_keep(searched):
    SEARCH_INPUTS.append(searched)
    return INDEX(searched)


def captured_inputs(project: Path) -> tuple[list, list]:
    """(every card's (text, font), every search input) that one cold build hands the stages."""
    cards.draw_card, pipeline.index_language = draw_and_keep, index_and_keep  # imported by name there
    os.environ["STORYSITE_CACHE"], os.environ["STORYSITE_JOBS"] = "off", "1"
    try:
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            pipeline.build(project, Path(out) / "site")
            print(f"cold build, one process: {time.perf_counter() - started:.2f} s")
    finally:
        cards.draw_card, pipeline.index_language = DRAW, INDEX
    return CARD_INPUTS, SEARCH_INPUTS


def timed(work, reps: int) -> float:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    card_inputs, search_inputs = captured_inputs(args.project)
    cards_s = timed(lambda: [DRAW(text, font) for text, font in card_inputs], args.reps)
    records = sum(len(searched.records) for searched in search_inputs)
    search_s = timed(lambda: [INDEX(searched) for searched in search_inputs], args.reps)
    print(
        f"share cards: {len(card_inputs)} drawn in {cards_s:.2f} s ({cards_s / max(1, len(card_inputs)) * 1000:.1f} ms each)"
    )
    print(f"search index: {records} records indexed in {search_s:.2f} s (wall; Pagefind's own process)")


if __name__ == "__main__":
    main()
