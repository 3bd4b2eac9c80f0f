"""The staleness hunt's edits: the raw material they write (sentences, titles, sources,
events, chart and map values, interface text, site settings, breakages), and the
reading and writing of the pieces of a project's files (front matter, paragraphs,
sources.yaml entries, timeline, chart and map files)."""

from __future__ import annotations

import re

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
