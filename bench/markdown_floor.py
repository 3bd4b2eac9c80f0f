"""The floor under any cold build on Python-Markdown: the Markdown alone, on every core.

usage: markdown_floor.py REPO PROJECT [--json FILE]

Converts every chapter body under PROJECT/content with Python-Markdown, in one
process, three ways taking turns for five rounds, and reports the median CPU
seconds of each and the median ratio of ours to needed:

  bare    markdown.Markdown() with no extension at all
  needed  only what the content contract cannot do without: footnotes and tables
  ours    REPO's own renderer (storysite.markup): all its extensions, citations,
          headings, sanitising; smart punctuation for English only, as in a build

Each divided by the number of cores is the least wall time a build could take if it
did nothing else and kept every core busy: a floor under the cold build, which also
starts Python, reads the files, runs Jinja and writes the site.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

import markdown
import scripts


def bodies(project: Path) -> dict[str, list[str]]:
    """lang -> the Markdown below the front matter of each chapter in that language."""
    found: dict[str, list[str]] = {}
    for path in sorted((project / "content").glob("*.*.md")):
        slug, lang = path.name[: -len(".md")].rsplit(".", 1)
        if slug in ("sources", "timeline"):
            continue
        text = path.read_text(encoding="utf-8")
        found.setdefault(lang, []).append(text.split("\n---\n", 1)[1])
    return found


ROUNDS = 5


def cpu_seconds(convert, texts: list[str]) -> float:
    started = time.process_time()
    for text in texts:
        convert(text)
    return time.process_time() - started


def with_markdown(extensions: list[str]):
    md = markdown.Markdown(extensions=extensions)

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


def with_our_renderer(repo: Path, lang: str):
    markup = scripts.import_generator(repo, "markup")
    wanted = {
        "lang": lang,
        "note_label": "Note ",
        "aside_label": "Aside ",
        "back_to_aside": "Back to aside %(letter)s",
        "asides_heading": "Asides",
        "chapter_url": lambda slug, to: f"/{to}/{slug}/",
        "media_url": lambda path: path,
        "chart_html": lambda chart_id: "",
        "map_html": lambda map_id: "",
    }
    fields = {field.name for field in dataclasses.fields(markup.Context)}  # they differ between commits
    context = markup.Context(**{name: value for name, value in wanted.items() if name in fields})
    renderer = markup.new_renderer(context)
    return lambda text: markup.render(renderer, text)


def measure(repo: Path, project: Path, rounds: int = ROUNDS) -> dict:
    """Each way converts every body once a round, the ways taking turns (and the order
    turning) round by round, so that a busy moment of the machine falls on all of them
    alike; each figure is a median over the rounds, the ratio a median of each round's."""
    texts = bodies(project)
    makers = {
        "bare": lambda lang: with_markdown([]),
        "needed": lambda lang: with_markdown(["footnotes", "tables"]),
        "ours": lambda lang: with_our_renderer(repo, lang),
    }
    converters = {way: {lang: make(lang) for lang in texts} for way, make in makers.items()}
    seconds: dict[str, list[float]] = {way: [] for way in converters}
    for turn in range(rounds):
        order = list(converters)[turn % len(converters) :] + list(converters)[: turn % len(converters)]
        for way in order:
            seconds[way].append(
                sum(cpu_seconds(converters[way][lang], texts[lang]) for lang in sorted(texts))
            )
    cores = os.cpu_count() or 1
    cpu_s = {way: statistics.median(times) for way, times in seconds.items()}
    return {
        "cores": cores,
        "bodies": sum(map(len, texts.values())),
        "rounds": rounds,
        "cpu_s": cpu_s,
        "floor_s": {way: median / cores for way, median in cpu_s.items()},
        "ours_over_needed": statistics.median(
            ours / needed for ours, needed in zip(seconds["ours"], seconds["needed"], strict=True)
        ),
    }


def main() -> int:
    args = scripts.parser(__doc__).parse_args()
    return scripts.emit(measure(args.repo.resolve(), args.project.resolve()), args.json)


if __name__ == "__main__":
    sys.exit(main())
