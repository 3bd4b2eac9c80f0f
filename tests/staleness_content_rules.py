"""The staleness hunt's edits to the chapters, as rules: their text and citations, their
front matter (titles, summaries, dates, drafts, order), chapters added, removed,
renamed and translated, and the intros above the sources and timeline pages."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule
from staleness_edits import (
    HEADINGS,
    NEW_SLUGS,
    SUMMARIES,
    TITLES,
    is_plain_paragraph,
    join_chapter,
    sentence,
    split_chapter,
)
from staleness_project import ProjectFiles


class ContentEdits(ProjectFiles):
    # -- chapter text and citations ------------------------------------------------

    @rule(
        data=st.data(),
        which=st.integers(0, 2),
        length=st.sampled_from(["short", "long"]),
        cite=st.sampled_from(["new", None, "alpha", "beta"]),
        heading=st.booleans(),
    )
    def add_paragraph(self, data, which, length, cite, heading):
        """cite='new': a source the file does not cite yet (the citations, notes and
        sources index change, the reading time mostly does not)."""
        rel = data.draw(st.sampled_from(self.chapter_files()), label="file")
        lang = rel.split(".")[-2]
        if cite == "new":
            cite = self.a_source_not_cited_in(rel)
        block = sentence(lang, which, length, cite)
        if heading:
            block = f"## {HEADINGS[lang][which % 2]}\n\n{block}"
        self.append(rel, block)

    @rule(
        data=st.data(), which=st.integers(0, 2), length=st.sampled_from(["short", "long"]), cite=st.booleans()
    )
    def replace_last_paragraph(self, data, which, length, cite):
        rel = data.draw(st.sampled_from(self.chapter_files()), label="file")
        text, lang = self.read(rel), rel.split(".")[-2]
        front, body = split_chapter(text)
        blocks = body.rstrip("\n").split("\n\n")
        plain = [index for index, block in enumerate(blocks) if is_plain_paragraph(block)]
        source_id = self.a_source_not_cited_in(rel) if cite else None
        new = sentence(lang, which, length, source_id)
        if plain:
            blocks[plain[-1]] = new
        else:
            blocks.append(new)
        self.save(rel, join_chapter(front, "\n\n".join(blocks) + "\n"))

    # -- front matter ----------------------------------------------------------------

    @rule(data=st.data(), title=st.sampled_from(TITLES))
    def retitle(self, data, title):
        self.edit_meta(data.draw(st.sampled_from(self.chapter_files()), label="file"), "title", title)

    @rule(data=st.data(), summary=st.sampled_from(SUMMARIES))
    def resummarise(self, data, summary):
        self.edit_meta(data.draw(st.sampled_from(self.chapter_files()), label="file"), "summary", summary)

    @rule(data=st.data(), updated=st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)))
    def redate(self, data, updated):
        rel = data.draw(st.sampled_from(self.chapter_files()), label="file")
        if rel != self.breakages.get("a date that is not one", ("",))[0]:  # repair() puts that one back
            self.edit_meta(rel, "updated", updated.isoformat())

    @rule(data=st.data(), draft=st.booleans())
    def set_draft(self, data, draft):
        self.edit_meta(
            data.draw(st.sampled_from(self.chapter_files()), label="file"), "draft", str(draft).lower()
        )

    @precondition(lambda self: len(self.slugs()) >= 2)
    @rule(data=st.data())
    def swap_orders(self, data):
        first, second = data.draw(
            st.lists(st.sampled_from(self.slugs()), min_size=2, max_size=2, unique=True), label="chapters"
        )
        a, b = self.order_of(first), self.order_of(second)
        self.set_order(first, b)
        self.set_order(second, a)

    @rule(data=st.data())
    def move_to_the_end(self, data):
        slug = data.draw(st.sampled_from(self.slugs()), label="chapter")
        self.set_order(slug, max(map(self.order_of, self.slugs())) + 1)

    @rule(data=st.data(), explicit=st.booleans())
    def give_or_drop_chinese_order(self, data, explicit):
        """A Chinese file may give its order (equal to the English) or take it from the English."""
        slug = data.draw(st.sampled_from(self.slugs()), label="chapter")
        if self.exists(f"content/{slug}.zh.md"):
            self.edit_meta(f"content/{slug}.zh.md", "order", self.order_of(slug) if explicit else None)

    # -- chapters added, removed, renamed, translated --------------------------------

    @precondition(lambda self: any(slug not in self.slugs() for slug in NEW_SLUGS))
    @rule(data=st.data(), translated=st.booleans(), chinese_order=st.booleans())
    def add_chapter(self, data, translated, chinese_order):
        slug = data.draw(st.sampled_from([s for s in NEW_SLUGS if s not in self.slugs()]), label="slug")
        order = max(map(self.order_of, self.slugs()), default=0) + 1
        self.save(
            f"content/{slug}.en.md",
            join_chapter(
                [
                    f"title: Chapter {slug}",
                    "summary: A new chapter.",
                    f"order: {order}",
                    "updated: 2026-11-21",
                ],
                "## Arrival\n\nThey came back [@alpha].\n",
            ),
        )
        if translated:
            self.add_translation_of(slug, order if chinese_order else None)

    def add_translation_of(self, slug: str, order: int | None) -> None:
        front = [f"title: 第{slug}章", "summary: 新的一章。", "updated: 2026-11-21"]
        if order is not None:
            front.append(f"order: {order}")
        self.save(f"content/{slug}.zh.md", join_chapter(front, "## 归来\n\n他们回来了[@beta]。\n"))

    @precondition(lambda self: len(self.slugs()) >= 2)
    @rule(data=st.data())
    def remove_chapter(self, data):
        """Only a chapter no other chapter links to: removing a linked one is a broken link."""
        candidates = [slug for slug in self.slugs() if not self.linked_from_elsewhere(slug)]
        if candidates:
            slug = data.draw(st.sampled_from(candidates), label="chapter")
            for lang in ("en", "zh"):
                if self.exists(f"content/{slug}.{lang}.md"):
                    self.delete(f"content/{slug}.{lang}.md")

    @rule(data=st.data())
    def remove_or_add_translation(self, data):
        slug = data.draw(st.sampled_from(self.slugs()), label="chapter")
        if self.exists(f"content/{slug}.zh.md"):
            self.delete(f"content/{slug}.zh.md")
        else:
            self.add_translation_of(slug, None)

    @precondition(lambda self: any(slug not in self.slugs() for slug in NEW_SLUGS))
    @rule(data=st.data())
    def rename_chapter(self, data):
        """Both files get the new slug, and the links to them follow, as a writer would do."""
        old = data.draw(st.sampled_from(self.slugs()), label="chapter")
        new = data.draw(st.sampled_from([s for s in NEW_SLUGS if s not in self.slugs()]), label="new slug")
        for kind, (rel, undo) in list(self.breakages.items()):  # the breakage moves with the file
            if rel.startswith(f"content/{old}."):
                self.breakages[kind] = (rel.replace(f"content/{old}.", f"content/{new}."), undo)
        for lang in ("en", "zh"):
            if self.exists(f"content/{old}.{lang}.md"):
                self.save(f"content/{new}.{lang}.md", self.read(f"content/{old}.{lang}.md"))
                self.delete(f"content/{old}.{lang}.md")
        for rel in self.chapter_files():
            text = self.read(rel)
            if f"]({old}." in text:
                self.save(rel, text.replace(f"]({old}.", f"]({new}."))

    @rule(
        name=st.sampled_from(["sources", "timeline"]), lang=st.sampled_from(["en", "zh"]), cite=st.booleans()
    )
    def write_page_intro(self, name, lang, cite):
        """The intro above the sources or timeline page: a Markdown file with notes of its own."""
        body = sentence(lang, 0, "short", "beta" if cite else None)
        self.save(
            f"content/{name}.{lang}.md",
            join_chapter(
                [f"title: {name.title()}", "summary: An intro.", "updated: 2026-11-22"], body + "\n"
            ),
        )
