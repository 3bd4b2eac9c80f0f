"""Random sequences of edits, hunting for output that the cache or the preview left stale.

A Hypothesis state machine edits a tiny project (chapters, front matter, citations,
sources, timeline, charts, templates, interface text, site.yaml) the way a writer
does, one save at a time. After every edit it compares, byte for byte and file by file:

- the warm build (`build()` again and again on the same project, with its cache in
  `.storysite-cache/`) with a build from nothing (the cache off, another folder);
- the running preview (one PreviewBuilder, called after each edit) with a preview
  started afresh (the cache off).

When an edit breaks the project, both sides must fail, with the same problems.
The templates read more than the real ones do (TEMPLATE_SNIPPETS, below), so that a
cache key that leaves out something a page may show is found out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import chapter, image_bytes, new_project, snapshot
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from storysite.errors import SiteError
from storysite.pipeline import build
from storysite.preview import PreviewBuilder

# ======================================================================================
# TEMPLATE SNIPPETS: what the tests make the templates read.
#
# name -> (template file, anchor text, snippet): the snippet is inserted right after
# the first occurrence of the anchor in the template. They make pages show more of
# what the template context offers (other chapters' bodies, notes, headings, the
# citations index, the neighbours...), so that anything a cache key leaves out shows
# up as a stale page. EDIT THIS LIST when the template contexts change (each page kind
# is to get a narrower context): a snippet must only read what its template is given,
# and a missing anchor fails the test with a message saying so. Keep the output
# deterministic: no sets, no object reprs.
# ======================================================================================


@dataclass(frozen=True)
class Snippet:
    template: str
    anchor: str
    text: str


TEMPLATE_SNIPPETS = {
    # Everything each kind of page is given, printed whole: pprint shows every field of
    # every value (dataclass reprs), so no part of a page's context can go stale unseen.
    "every page: the page, settings and languages": Snippet(
        "base.html",
        '<main id="main" tabindex="-1">\n',
        "<!-- {{ page|pprint }} {{ config|pprint }} {{ languages|pprint }} {{ urls|pprint }} -->\n",
    ),
    "home: everything": Snippet("home.html", "{% block main %}\n", "<!-- {{ chapters|pprint }} -->\n"),
    "chapter: everything": Snippet(
        "chapter.html",
        "{% block main %}\n",
        "<!-- {{ contents|pprint }} {{ sources|pprint }} {{ stale }} -->\n",
    ),
    "cover: everything": Snippet("cover.html", "{% block main %}\n", "<!-- {{ contents|pprint }} -->\n"),
    "timeline: everything": Snippet(
        "timeline.html", "{% block main %}\n", "<!-- {{ timeline|pprint }} {{ sources|pprint }} -->\n"
    ),
    "sources: everything": Snippet(
        "sources.html", "{% block main %}\n", "<!-- {{ citations|pprint }} {{ sources|pprint }} -->\n"
    ),
    "feed: everything": Snippet(
        "feed.xml",
        "<author><name>{{ config.author[lang] }}</name></author>\n",
        "<!-- {{ chapters|pprint }} -->\n",
    ),
    "sitemap: everything": Snippet(
        "sitemap.xml", "<loc>{{ config.url(page.path) }}</loc>\n", "<!-- {{ page|pprint }} -->\n"
    ),
    "robots.txt: the settings": Snippet("robots.txt", "Allow: /\n", "# {{ config.title|dictsort }}\n"),
    # And read as a template would, field by field:
    "home: reading time and dates": Snippet(
        "home.html",
        "<p>{{ chapter.meta.summary }}</p>\n",
        "    <p>{{ chapter.reading_minutes }} min, {{ fmt.date(chapter.meta.updated) }}</p>\n",
    ),
    "chapter: the neighbours and the notes": Snippet(
        "chapter.html",
        '<p class="prev-next">\n',
        "  {% if page.previous %}<span>{{ page.previous.title }}</span>{% endif %}"
        "<span>{{ chapter.body.notes|length }} notes, {{ chapter.body.headings|length }} headings</span>\n",
    ),
    "notes: each source's headline": Snippet(
        "notes.html",
        '{% include "source-line.html" %}\n',
        "        <span>{{ sources[note.source_id].headline }}</span>\n",
    ),
    "sources: how often each source is cited": Snippet(
        "sources.html",
        "{% for source in sources.values() %}\n",
        "  <p>cited {{ citations.get(source.id, ())|length }} times</p>\n",
    ),
    "feed: each chapter's notes": Snippet(
        "feed.xml",
        "<summary>{{ chapter.meta.summary }}</summary>\n",
        "    <notes>{{ chapter.body.notes|length }}</notes>\n",
    ),
}

# How long the hunt runs: a step costs two builds of a tiny project (the one from nothing
# about 0.3 s, half of it compiling the templates), and 5 sequences of up to 6 edits take
# about 13 s per machine when nothing is found. Shrinking a failure to a minimal sequence
# takes longer (20-30 s per machine). STORYSITE_HUNT=N runs N times as many sequences (a
# longer hunt before a release: STORYSITE_HUNT=10 tries 50).
SETTINGS = settings(
    derandomize=True,  # the same sequences on every run
    database=None,  # nothing written into the worktree; derandomize finds a failure again
    deadline=None,  # no wall-clock assertions
    max_examples=5 * int(os.environ.get("STORYSITE_HUNT", "1")),
    stateful_step_count=6,
    suppress_health_check=[HealthCheck.too_slow],
    # No "explain" phase: it traces every line while shrinking, which makes each replay
    # of a sequence several times slower, and what it reports is noise here.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    print_blob=False,
)

# ======================================================================================
# The edits' raw material.
# ======================================================================================

SOURCE_IDS = ("alpha", "beta", "gamma")  # alpha and beta are in DEFAULT_FILES; gamma is added by a rule
GAMMA = """\
gamma:
  outlet: {en: Gamma Weekly, zh: 伽马周刊}
  headline: Gamma headline
  date: "2019-03"
  language: en
  note: A third source.
"""
SENTENCES = {
    "en": (
        "Shops opened along the road.",
        "Orders came in from every province.",
        "The village changed its mind.",
    ),
    "zh": ("路边开起了网店。", "订单从各省涌来。", "村里人改了主意。"),
}
LONG = 60  # sentences in a long paragraph: enough to change a chapter's reading time
HEADINGS = {"en": ("Context", "Aftermath"), "zh": ("背景", "后来")}
TITLES = ("One", "Two", "A new start", "Home again", "回家", "新的开始")
SUMMARIES = ("What happened first.", "Why it mattered.", "故事的开头。")
NEW_SLUGS = ("three", "four", "five")
CHART_IDS = ("shops", "towns")
CHART_TITLES = ({"en": "Shops", "zh": "网店"}, {"en": "Towns", "zh": "镇"})
MAP_PLACES = ({"en": "Cao County", "zh": "曹县"}, {"en": "Daji", "zh": "大集"})
EVENT_TEXTS = (
    {"en": "A first shop opens.", "zh": "第一家网店开张。"},
    {"en": "Orders double.", "zh": "订单翻倍。"},
)
SITE_VALUES = {
    "title": ("{en: Test Story, zh: 测试故事}", "{en: Another Story, zh: 另一个故事}"),
    "standfirst": ("{en: A story in two languages., zh: 一个双语故事。}", "{en: Retold., zh: 重述。}"),
    "base_url": ("https://example.org/story/", "https://example.org/other/", "https://example.com/"),
}
MSGSTRS = {  # interface text in Chinese: the pages' labels, and the note label drawn into chapter bodies
    "Notes": ("注释", "注解"),
    "Note": ("注", "附注"),
    "Chapter %(number)d": ("第%(number)d章", "第 %(number)d 章"),
    "%(minutes)d min read": ("阅读约 %(minutes)d 分钟", "约 %(minutes)d 分钟"),
    "Sources": ("资料来源", "来源"),
    "Draft": ("草稿", "未定稿"),
}
SOURCE_EDITS = (
    ("headline", "A new headline"),
    ("headline", "新标题"),
    ("outlet", "Morning Post"),
    ("outlet", "{en: Morning Post, zh: 晨报}"),
)
GLOSSARIES = (
    "",
    "路边: 路邊兒\n",
    "网店: 網鋪\n订单: 訂購單\n",
    "没有的词: 沒有的詞\n",
)  # translations/zh_Hant/
OVERRIDE_TITLES = ("手寫的一章", "另一個標題")  # of a hand-written content/<slug>.zh-Hant.md
BREAKAGES = ("a date that is not one", "an unknown source", "a template error")  # undone by repair()


# ======================================================================================
# Reading and writing the pieces of a project's files.
# ======================================================================================


def split_chapter(text: str) -> tuple[list[str], str]:
    """-> (front matter lines, body) of a `---`-fenced Markdown file."""
    front, _, body = text.removeprefix("---\n").partition("\n---\n")
    return front.split("\n"), body


def join_chapter(front: list[str], body: str) -> str:
    return "---\n" + "\n".join(front) + "\n---\n" + body


def meta_value(text: str, key: str) -> str | None:
    front, _ = split_chapter(text)
    return next((line.split(":", 1)[1].strip() for line in front if line.startswith(key + ":")), None)


def with_meta(text: str, key: str, value: object | None) -> str:
    """The file with `key: value` in its front matter (replaced or added), or without it (None)."""
    front, body = split_chapter(text)
    kept = [line for line in front if not line.startswith(key + ":")]
    if value is not None:
        kept.append(f"{key}: {value}")
    return join_chapter(kept, body)


def is_plain_paragraph(block: str) -> bool:
    """Text an edit may replace: not a heading, a chart line, a quote or a footnote."""
    return bool(block.strip()) and not block.lstrip().startswith(("#", ":::", ">", "[^"))


def cited_ids(text: str) -> set[str]:
    return set(re.findall(r"@([a-z0-9-]+)", split_chapter(text)[1]))


def sentence(lang: str, which: int, length: str, source_id: str | None) -> str:
    text = SENTENCES[lang][which]
    if source_id:  # the citation goes before the full stop
        text = text[:-1] + (f"[@{source_id}]" if lang == "zh" else f" [@{source_id}]") + text[-1]
    return text if length == "short" else " ".join([text] * LONG)


def with_source_field(text: str, source_id: str, field: str, value: str) -> str:
    """sources.yaml with one field of one entry's block replaced."""
    lines = text.split("\n")
    start = lines.index(f"{source_id}:")
    for index in range(start + 1, len(lines)):
        if not lines[index].startswith("  "):
            break
        if lines[index].startswith(f"  {field}:"):
            lines[index] = f"  {field}: {value}"
    return "\n".join(lines)


def without_source(text: str, source_id: str) -> str:
    """sources.yaml without one entry's block."""
    lines = text.split("\n")
    start = lines.index(f"{source_id}:")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return "\n".join(lines[:start] + lines[end:])


def timeline_yaml(events: list[tuple[int, int, str]]) -> str:
    """content/timeline.yaml from (year, text index, source id) events."""
    out = []
    for year, which, source_id in events:
        text = EVENT_TEXTS[which]
        out.append(
            f'- date: "{year}"\n  text: {{en: {text["en"]}, zh: {text["zh"]}}}\n  sources: [{source_id}]\n'
        )
    return "\n".join(out)


def chart_yaml(title: int, values: tuple[int, int], source_id: str) -> str:
    names = CHART_TITLES[title]
    return (
        f"title: {{en: {names['en']}, zh: {names['zh']}}}\n"
        "description: {en: A count by year., zh: 各年的数量。}\n"
        "unit: {en: shops, zh: 家}\n"
        "points:\n"
        f"  - {{year: 2013, value: {values[0]}, source: {source_id}}}\n"
        f"  - {{year: 2020, value: {values[1]}, source: beta}}\n"
    )


def map_yaml(title: int, place: int, x: int) -> str:
    """content/data/maps/where.yaml: a title, one place and where it is."""
    names, spot = CHART_TITLES[title], MAP_PLACES[place]
    return (
        f"title: {{en: {names['en']}, zh: {names['zh']}}}\n"
        "description: {en: Where it is., zh: 在哪里。}\n"
        f"short: {{en: {spot['en']}, zh: {spot['zh']}}}\n"
        "sources:\n  - {name: Test Boundaries, url: https://example.org/, what: boundaries}\n"
        "panels:\n  - id: country\n    title: {en: Country, zh: 全国}\n    size: [100, 80]\n"
        '    shapes:\n      - {kind: region, d: "M0 0l100 0 0 80-100 0z"}\n'
        f"    places:\n      - {{name: {{en: {spot['en']}, zh: {spot['zh']}}}, at: [{x}, 40], "
        "label: right, kind: focus}\n"
    )


# ======================================================================================
# Building and comparing.
# ======================================================================================


@contextlib.contextmanager
def cache_setting(value: str | None):
    """STORYSITE_CACHE set (or unset) for a while; project_cache() reads it at each call."""
    before = os.environ.get("STORYSITE_CACHE")
    if value is None:
        os.environ.pop("STORYSITE_CACHE", None)
    else:
        os.environ["STORYSITE_CACHE"] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("STORYSITE_CACHE", None)
        else:
            os.environ["STORYSITE_CACHE"] = before


@dataclass(frozen=True)
class Outcome:
    """What a build made: every output file, or (when it failed) the problems it reported."""

    files: dict[str, bytes] | None
    problems: tuple[str, ...] = ()


def run_build(project: Path, output: Path | None = None) -> Outcome:
    try:
        result = build(project, output)
    except SiteError as exc:
        return Outcome(None, tuple(map(str, exc.problems)))
    files = snapshot(output or project / "_site")
    files["(warnings)"] = "\n".join(sorted(map(str, result.warnings))).encode()  # they must agree too
    return Outcome(files)


def run_preview(builder: PreviewBuilder) -> Outcome:
    worked = builder()
    if not worked:
        return Outcome(None, tuple(sorted(map(str, builder.failure))))
    return Outcome(snapshot(builder.out))


def fresh_folder(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def assert_agree(kept: Outcome, fresh: Outcome, kept_name: str, fresh_name: str) -> None:
    problem = difference(kept, fresh, kept_name, fresh_name)
    if problem:
        raise AssertionError(problem)  # not `assert`: pytest would print the message twice


def difference(kept: Outcome, fresh: Outcome, kept_name: str, fresh_name: str) -> str | None:
    """None if the outcomes agree; else a message naming the differing output files,
    with a short diff of the first."""
    if kept.files is None or fresh.files is None:
        if kept == fresh:
            return None  # both failed, with the same problems
        return "\n".join(
            [f"the {kept_name} and a {fresh_name} disagree on whether the project builds:"]
            + [f"  {name}: {describe(outcome)}" for name, outcome in ((kept_name, kept), (fresh_name, fresh))]
        )
    only_kept = sorted(kept.files.keys() - fresh.files.keys())
    only_fresh = sorted(fresh.files.keys() - kept.files.keys())
    changed = sorted(
        name for name in kept.files.keys() & fresh.files.keys() if kept.files[name] != fresh.files[name]
    )
    if not (only_kept or only_fresh or changed):
        return None
    lines = [f"stale output: the {kept_name} differs from a {fresh_name} in"]
    lines += [f"  {name}" for name in changed]
    lines += [f"  {name} (only in the {kept_name})" for name in only_kept]
    lines += [f"  {name} (only in the {fresh_name})" for name in only_fresh]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(
            fresh.files[first].decode("utf-8", "replace").splitlines(),
            kept.files[first].decode("utf-8", "replace").splitlines(),
            f"{first} ({fresh_name})",
            f"{first} ({kept_name})",
            n=1,
            lineterm="",
        )
        lines += ["", *list(diff)[:40]]
    return "\n".join(lines)


def describe(outcome: Outcome) -> str:
    return "built" if outcome.files is not None else "failed: " + "; ".join(outcome.problems)


# ======================================================================================
# The state machine.
# ======================================================================================


class ProjectEdits(RuleBasedStateMachine):
    """The edits, as rules; the subclasses below say what is compared after each.

    The build and the preview are checked by two machines, not one, so that a failure
    names the one that went stale and each shrinks on its own."""

    def __init__(self, workdir: Path, snippets=tuple(TEMPLATE_SNIPPETS)):
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
        # Every snippet is in the templates from the start, so that every step is checked
        # against all they read; a failure's diff shows which one went stale. (Letting
        # Hypothesis choose a few would make it spend minutes shrinking the choice.)
        self.snippets: set[str] = set()
        for name in snippets:
            self.toggle_snippet(name)

    # -- files ----------------------------------------------------------------------

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

    def append(self, rel: str, block: str) -> None:
        self.save(rel, self.read(rel).rstrip("\n") + "\n\n" + block + "\n")

    def a_source_not_cited_in(self, rel: str) -> str | None:
        cited = cited_ids(self.read(rel))
        return next((sid for sid in self.source_ids() if sid not in cited), None)

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

    # -- sources, timeline, charts ---------------------------------------------------

    @rule(data=st.data(), edit=st.sampled_from(SOURCE_EDITS))
    def edit_source(self, data, edit):
        source_id = data.draw(st.sampled_from(self.source_ids()), label="source")
        field, value = edit
        self.save(
            "content/sources.yaml",
            with_source_field(self.read("content/sources.yaml"), source_id, field, value),
        )

    @precondition(lambda self: "gamma" not in self.source_ids())
    @rule()
    def add_source_gamma(self):
        self.save("content/sources.yaml", self.read("content/sources.yaml").rstrip("\n") + "\n" + GAMMA)

    @precondition(lambda self: "gamma" in self.source_ids() and not self.used_anywhere("gamma"))
    @rule()
    def remove_source_gamma(self):
        self.save("content/sources.yaml", without_source(self.read("content/sources.yaml"), "gamma"))

    @rule(data=st.data(), year=st.sampled_from([2009, 2013, 2020]), which=st.integers(0, 1))
    def add_event(self, data, year, which):
        self.events.append((year, which, data.draw(st.sampled_from(self.source_ids()), label="source")))
        self.save("content/timeline.yaml", timeline_yaml(self.events))

    @precondition(lambda self: self.events)
    @rule(data=st.data(), which=st.integers(0, 1))
    def change_event(self, data, which):
        index = data.draw(st.integers(0, len(self.events) - 1), label="event")
        year, _, source_id = self.events[index]
        self.events[index] = (year, which, source_id)
        self.save("content/timeline.yaml", timeline_yaml(self.events))

    @precondition(lambda self: self.events)
    @rule()
    def remove_last_event(self):
        self.events.pop()
        if self.events:
            self.save("content/timeline.yaml", timeline_yaml(self.events))
        else:
            self.delete("content/timeline.yaml")

    @rule(
        data=st.data(),
        chart_id=st.sampled_from(CHART_IDS),
        title=st.integers(0, 1),
        values=st.sampled_from([(2, 300), (5, 1200)]),
    )
    def write_chart(self, data, chart_id, title, values):
        source_id = data.draw(st.sampled_from(self.source_ids()), label="source")
        self.save(f"content/data/{chart_id}.yaml", chart_yaml(title, values, source_id))

    @precondition(lambda self: any(self.exists(f"content/data/{c}.yaml") for c in CHART_IDS))
    @rule(data=st.data())
    def place_chart(self, data):
        chart_id = data.draw(
            st.sampled_from([c for c in CHART_IDS if self.exists(f"content/data/{c}.yaml")]), label="chart"
        )
        rel = data.draw(st.sampled_from(self.chapter_files()), label="file")
        self.append(rel, f"::: chart {chart_id}")

    @precondition(
        lambda self: any(
            self.exists(f"content/data/{c}.yaml") and not self.used_anywhere(f"::: chart {c}")
            for c in CHART_IDS
        )
    )
    @rule(data=st.data())
    def remove_unused_chart(self, data):
        unused = [
            c
            for c in CHART_IDS
            if self.exists(f"content/data/{c}.yaml") and not self.used_anywhere(f"::: chart {c}")
        ]
        self.delete(f"content/data/{data.draw(st.sampled_from(unused), label='chart')}.yaml")

    @rule(title=st.integers(0, 1), place=st.integers(0, 1), x=st.sampled_from([20, 60]))
    def write_map(self, title, place, x):
        self.save("content/data/maps/where.yaml", map_yaml(title, place, x))

    @precondition(lambda self: self.exists("content/data/maps/where.yaml"))
    @rule(data=st.data())
    def place_map(self, data):
        self.append(data.draw(st.sampled_from(self.chapter_files()), label="file"), "::: map where")

    @precondition(
        lambda self: self.exists("content/data/maps/where.yaml") and not self.used_anywhere("::: map where")
    )
    @rule()
    def remove_unused_map(self):
        self.delete("content/data/maps/where.yaml")

    # -- images: published only while shown, their copies and cards kept in step -------

    @rule(seed=st.integers(0, 1), width=st.sampled_from([300, 600]))
    def write_image(self, seed, width):
        self.project.write("content/images/photo.png", image_bytes(width, 200, "PNG", seed=seed))

    @precondition(lambda self: self.exists("content/images/photo.png"))
    @rule(data=st.data())
    def place_image(self, data):
        self.append(
            data.draw(st.sampled_from(self.chapter_files()), label="file"), "![A photo](images/photo.png)"
        )

    @precondition(lambda self: self.exists("content/images/photo.png"))
    @rule(data=st.data(), lead=st.booleans())
    def set_lead_image(self, data, lead):
        rel = data.draw(st.sampled_from(self.chapter_files()), label="file")
        self.edit_meta(rel, "image", "images/photo.png" if lead else None)
        self.edit_meta(rel, "image_alt", "A photo" if lead else None)

    @precondition(lambda self: self.exists("content/images/photo.png"))
    @rule()
    def remove_image(self):
        self.delete("content/images/photo.png")

    # -- templates, interface text, site.yaml ----------------------------------------

    @rule(name=st.sampled_from(sorted(TEMPLATE_SNIPPETS)))
    def toggle_snippet(self, name):
        """Insert the snippet into its template, or take it out again."""
        snippet = TEMPLATE_SNIPPETS[name]
        rel = f"templates/{snippet.template}"
        text = self.read(rel)
        assert snippet.anchor in text, f"TEMPLATE_SNIPPETS is out of date: {snippet.anchor!r} not in {rel}"
        if name in self.snippets:
            text = text.replace(snippet.text, "", 1)
            self.snippets.discard(name)
        else:
            text = text.replace(snippet.anchor, snippet.anchor + snippet.text, 1)
            self.snippets.add(name)
        self.save(rel, text)

    @rule(msgid=st.sampled_from(sorted(MSGSTRS)), which=st.integers(0, 1))
    def edit_interface_text(self, msgid, which):
        rel = "translations/zh/LC_MESSAGES/messages.po"
        pattern = re.compile(rf'^(msgid "{re.escape(msgid)}"\nmsgstr )"[^"\n]*"$', re.MULTILINE)
        text, count = pattern.subn(lambda m: m.group(1) + f'"{MSGSTRS[msgid][which]}"', self.read(rel))
        assert count == 1, f"{msgid!r} not found once in {rel}"
        self.save(rel, text)

    @rule(data=st.data(), key=st.sampled_from(sorted(SITE_VALUES)))
    def edit_site_yaml(self, data, key):
        value = data.draw(st.sampled_from(SITE_VALUES[key]), label=key)
        self.save(
            "site.yaml",
            re.sub(rf"^{key}: .*$", f"{key}: {value}", self.read("site.yaml"), flags=re.MULTILINE),
        )

    # -- the derived Traditional edition: on or off, its glossary, a hand-written chapter --

    @rule()
    def toggle_third_edition(self):
        text = self.read("site.yaml")
        two, three = "languages: [en, zh]", "languages: [en, zh, zh-Hant]"
        self.save("site.yaml", text.replace(three, two) if three in text else text.replace(two, three))

    @rule(glossary=st.sampled_from(GLOSSARIES))
    def edit_glossary(self, glossary):
        self.save("translations/zh_Hant/glossary.yaml", glossary)

    @precondition(lambda self: "zh-Hant" in self.read("site.yaml"))
    @rule(data=st.data(), title=st.sampled_from(OVERRIDE_TITLES))
    def write_or_remove_override(self, data, title):
        rel = f"content/{data.draw(st.sampled_from(self.slugs()), label='chapter')}.zh-Hant.md"
        if self.exists(rel):
            self.delete(rel)
        else:
            self.save(rel, chapter(title, None, "手寫的正文。\n"))

    # -- edits that break the build, and their repair --------------------------------

    @precondition(lambda self: len(self.breakages) < len(BREAKAGES))
    @rule(data=st.data())
    def break_the_build(self, data):
        kind = data.draw(st.sampled_from([k for k in BREAKAGES if k not in self.breakages]), label="breakage")
        if kind == "a template error":
            rel = "templates/base.html"
        else:
            rel = f"content/{data.draw(st.sampled_from(self.slugs()), label='chapter')}.en.md"
        text = self.read(rel)
        if kind == "a date that is not one":
            self.breakages[kind] = (rel, meta_value(text, "updated"))  # the date to put back
            self.save(rel, with_meta(text, "updated", "not-a-date"))
        else:
            bad = "[@nobody]" if kind == "an unknown source" else "{{ no_such_name }}"
            self.breakages[kind] = (rel, bad)  # the paragraph to take out
            self.save(rel, text.rstrip("\n") + f"\n\n{bad}\n")

    @precondition(lambda self: self.breakages)
    @rule()
    def repair(self):
        for kind, (rel, undo) in sorted(self.breakages.items()):
            text = self.read(rel)
            if kind == "a date that is not one":
                self.save(rel, with_meta(text, "updated", undo))
            else:  # the bad paragraph, unless an edit replaced it already
                self.save(rel, text.replace(f"\n\n{undo}\n", "\n", 1))
        self.breakages.clear()


class WarmBuildHunt(ProjectEdits):
    @invariant()
    def warm_build_equals_a_build_from_nothing(self):
        with cache_setting(None):
            warm = run_build(self.root)  # the cache in .storysite-cache/, output in _site/
        with cache_setting("off"):
            fresh = run_build(self.root, fresh_folder(self.workdir / "fresh-build"))
        assert_agree(warm, fresh, "warm build", "build from nothing")


class RunningPreviewHunt(ProjectEdits):
    def __init__(self, workdir: Path, **options):
        super().__init__(workdir, **options)
        with cache_setting(None):
            self.preview = PreviewBuilder(self.root, self.workdir / "preview", log=io.StringIO())

    @invariant()
    def running_preview_equals_a_preview_started_afresh(self):
        with cache_setting(None):
            kept = run_preview(self.preview)
        with cache_setting("off"):
            afresh = PreviewBuilder(
                self.root, fresh_folder(self.workdir / "fresh-preview"), log=io.StringIO()
            )
            started_afresh = run_preview(afresh)
        assert_agree(kept, started_afresh, "running preview", "preview started afresh")


def test_a_template_that_reads_what_its_page_is_not_given_fails_with_its_line(tmp_path):
    """The bug this file was written for: the edition home was made to show each
    chapter's number of sources, a paragraph citing a new source changed it, and a warm
    build kept the old number. The edition home is given cards, not the chapters' text:
    reading the text there is an error naming the template and line, before and after
    the edit, in a warm build as in a build from nothing; never a stale page."""
    hunt = WarmBuildHunt(tmp_path, snippets=())
    hunt.save("templates/home.html", hunt.read("templates/home.html").replace(
        "{% for chapter in chapters %}\n", "{% for chapter in chapters %}\n({{ chapter.body.notes|length }} sources)\n"
    ))  # fmt: skip
    for _ in range(2):
        warm = run_build(hunt.root)
        assert warm.files is None and any(p.startswith("templates/home.html:") for p in warm.problems), warm
        hunt.warm_build_equals_a_build_from_nothing()
        hunt.append(
            "content/two.en.md", sentence("en", 0, "short", hunt.a_source_not_cited_in("content/two.en.md"))
        )


def test_a_new_source_cited_changes_what_the_chapter_page_shows(tmp_path):
    """The same edit where the count is shown by a page given the chapter whole."""
    hunt = WarmBuildHunt(tmp_path, snippets=["chapter: the neighbours and the notes"])
    hunt.warm_build_equals_a_build_from_nothing()
    assert hunt.a_source_not_cited_in("content/two.en.md") == "alpha"
    hunt.append("content/two.en.md", sentence("en", 0, "short", "alpha"))
    hunt.warm_build_equals_a_build_from_nothing()
    assert "2 notes" in hunt.read("_site/en/two/index.html")


def test_a_warm_build_never_shows_stale_output(tmp_path):
    run_state_machine_as_test(lambda: WarmBuildHunt(tmp_path), settings=SETTINGS)


def test_the_running_preview_never_shows_stale_output(tmp_path):
    run_state_machine_as_test(lambda: RunningPreviewHunt(tmp_path), settings=SETTINGS)
