"""The project a staleness machine edits: made afresh for each sequence of edits, with
what the rules keep track of (timeline events, breakages, snippets in the templates),
and the reading and writing of its files that the rules share."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis.stateful import RuleBasedStateMachine
from projects import new_project
from staleness_edits import SOURCE_IDS, cited_ids, meta_value, with_meta


class ProjectFiles(RuleBasedStateMachine):
    """No rules of its own: the rules are in its subclasses, combined in ProjectEdits."""

    def __init__(self, workdir: Path):
        super().__init__()
        self.workdir = workdir
        for folder in ("project", "preview", "fresh-build", "fresh-preview"):
            shutil.rmtree(workdir / folder, ignore_errors=True)
        self.project = new_project(workdir / "project")
        self.root = self.project.root
        # Saves follow each other within milliseconds, often within one tick of the file
        # system's clock, with the same size: the generator must see them all the same.
        self.events: list[tuple[int, int, str]] = []  # content/timeline.yaml, see timeline_yaml()
        self.breakages: dict[str, tuple[str, str]] = {}  # kind -> (the file it broke, how to undo it)
        self.snippets: set[str] = set()  # the TEMPLATE_SNIPPETS now in the templates

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def save(self, rel: str, text: str) -> None:
        self.project.write(rel, text)

    def delete(self, rel: str) -> None:
        self.project.remove(rel)
        self.breakages = {kind: broken for kind, broken in self.breakages.items() if broken[0] != rel}

    def edit_meta(self, rel: str, key: str, value: object | None) -> None:
        self.save(rel, with_meta(self.read(rel), key, value))

    def chapter_files(self) -> list[str]:
        """Every chapter's files, English and Chinese (not the page intros, nor the
        hand-written Traditional chapters, which write_or_remove_override() looks after)."""
        names = sorted(p.name for p in (self.root / "content").glob("*.md"))
        return [
            f"content/{name}"
            for name in names
            if not name.startswith(("sources.", "timeline.")) and not name.endswith(".zh-Hant.md")
        ]

    def slugs(self) -> list[str]:
        """The chapters, by their English file."""
        return [
            rel.removeprefix("content/").removesuffix(".en.md")
            for rel in self.chapter_files()
            if rel.endswith(".en.md")
        ]

    def exists(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def source_ids(self) -> list[str]:
        text = self.read("content/sources.yaml")
        return [sid for sid in SOURCE_IDS if f"\n{sid}:\n" in "\n" + text]

    def order_of(self, slug: str) -> int:
        return int(meta_value(self.read(f"content/{slug}.en.md"), "order"))

    def set_order(self, slug: str, order: int) -> None:
        """In the English file, and in the Chinese one if it gives its own."""
        self.edit_meta(f"content/{slug}.en.md", "order", order)
        zh = f"content/{slug}.zh.md"
        if self.exists(zh) and meta_value(self.read(zh), "order") is not None:
            self.edit_meta(zh, "order", order)

    def linked_from_elsewhere(self, slug: str) -> bool:
        return any(
            f"]({slug}." in self.read(rel)
            for rel in self.chapter_files()
            if not rel.startswith(f"content/{slug}.")
        )

    def used_anywhere(self, needle: str) -> bool:
        """Is `needle` in any text file of the content other than sources.yaml (not in
        an image)?"""
        return any(
            needle in p.read_text(encoding="utf-8")
            for p in (self.root / "content").rglob("*")
            if p.is_file() and p.suffix in (".md", ".yaml") and p.name != "sources.yaml"
        )

    def append(self, rel: str, block: str) -> None:
        self.save(rel, self.read(rel).rstrip("\n") + "\n\n" + block + "\n")

    def a_source_not_cited_in(self, rel: str) -> str | None:
        cited = cited_ids(self.read(rel))
        return next((sid for sid in self.source_ids() if sid not in cited), None)
