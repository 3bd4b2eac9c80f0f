"""The story checked against its sources: each located citation of a seed article names
a paragraph that exists and holds the figures of the words it supports; the two editions
cite the same sources and state the same figures; one spelling in each language."""

from __future__ import annotations

import re

import pytest
import yaml
from figures import figures, shown
from projects import REPO
from seedtext import LEDGER, SEEDS, citings, passages, seed_map

from storysite.citations import parse_cites

CHAPTERS = ("first-shop", "returnees", "hanfu", "heze")
PAGES = (*CHAPTERS, "sources", "timeline")
SEED_IDS = frozenset(seed_map())
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the project")


def content(name: str):
    return REPO / "content" / name


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ("en", "zh"))
def test_every_citation_of_a_seed_article_says_where_in_it(page, lang):
    vague = [
        f"{c.display}: @{cite.source_id}"
        for c in citings(content(f"{page}.{lang}.md"))
        for cite in c.cites
        if cite.source_id in SEED_IDS and not cite.term
    ]
    assert vague == [], "cite these as [@id, para. N] (docs/claims.yaml numbers the paragraphs)"


@needs_seeds
def test_the_paragraph_map_fits_the_seed_files():
    for source_id, entry in seed_map().items():
        lines = (SEEDS / entry["file"]).read_text(encoding="utf-8").split("\n")
        assert entry["last"] <= len(lines), source_id
        for number in entry["skip"]:
            assert lines[int(number) - 1].strip(), f"{source_id}: line {number} is empty"


@needs_seeds
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ("en", "zh"))
def test_each_located_passage_exists_and_holds_the_figures_of_its_claim(page, lang):
    wrong = []
    for citing in citings(content(f"{page}.{lang}.md")):
        seeds = [
            cite
            for cite in citing.cites
            if cite.source_id in SEED_IDS and cite.term in ("paragraph", "figure")
        ]
        found = [(cite, passages(cite)) for cite in seeds]
        missing = [
            f"@{cite.source_id} has no {cite.term} {cite.parts}" for cite, texts in found if None in texts
        ]
        if missing:
            wrong.append(f"{citing.display}: {'; '.join(missing)}")
            continue
        if not seeds or len(seeds) < len(citing.cites):
            continue  # the figures may come from a source we do not have; the ledger says which
        held = set().union(*(held_by(cite, text) for cite, texts in found for text in texts))
        stated = figures(citing.text, lang) - held
        if stated:
            wrong.append(f"{citing.display}: {shown(stated)} not in the passage cited: {citing.text!r}")
    assert wrong == []


SOURCES = yaml.safe_load(content("sources.yaml").read_text(encoding="utf-8"))
RELATIVE = {"this year": 0, "now": 0, "currently": 0, "today": 0, "last year": 1}


def held_by(cite, text: str) -> set:
    """The figures of a passage, with the source's own year (a claim may say when its source
    appeared, and "this year" or "now" mean it) and, for "last year", the year before."""
    year = int(str(SOURCES[cite.source_id]["date"])[:4])
    lowered = text.lower()
    return figures(text, "en") | {year} | {year - back for word, back in RELATIVE.items() if word in lowered}


def cited_sources(path) -> set[str]:
    return {cite.source_id for c in citings(path) for cite in c.cites}


def stated(path, lang: str) -> set:
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return figures(body, lang)


@pytest.mark.parametrize("page", PAGES)
def test_both_editions_cite_the_same_sources_and_state_the_same_figures(page):
    en, zh = content(f"{page}.en.md"), content(f"{page}.zh.md")
    assert {
        "sources only in English": sorted(cited_sources(en) - cited_sources(zh)),
        "sources only in Chinese": sorted(cited_sources(zh) - cited_sources(en)),
        "figures only in English": shown(stated(en, "en") - stated(zh, "zh")),
        "figures only in Chinese": shown(stated(zh, "zh") - stated(en, "en")),
    } == {
        "sources only in English": [],
        "sources only in Chinese": [],
        "figures only in English": [],
        "figures only in Chinese": [],
    }


def bilingual_texts():
    """(where, English, Chinese) of every text of the timeline and the charts."""
    for n, event in enumerate(yaml.safe_load(content("timeline.yaml").read_text(encoding="utf-8")), start=1):
        yield f"timeline event {n} ({event['date']})", event["text"]["en"], event["text"]["zh"]
    for path in sorted((REPO / "content/data").glob("*.yaml")):
        series = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield f"{path.name} description", series["description"]["en"], series["description"]["zh"]
        for point in series["points"]:
            if "note" in point:
                yield f"{path.name} {point['year']}", point["note"]["en"], point["note"]["zh"]


def test_each_timeline_event_and_chart_note_states_the_same_figures_in_both_languages():
    differ = [
        f"{where}: English {shown(figures(en, 'en') - figures(zh, 'zh'))}, Chinese {shown(figures(zh, 'zh') - figures(en, 'en'))}"
        for where, en, zh in bilingual_texts()
        if figures(en, "en") != figures(zh, "zh")
    ]
    assert differ == []


BRITISH = re.compile(
    r"\b(neighbour\w*|fibre|\w+isation|fertilis\w+|tonnes?|metres?|programme|travell\w+|"
    r"colour\w*|favour\w*|labour\w*|centre\w*|organis\w+|recognis\w+|modelled)\b"
)


def english_of(value, where: str):
    """Every English text of a data file, wherever it nests: {en: ..., zh: ...}."""
    if isinstance(value, dict):
        if isinstance(value.get("en"), str):
            yield where, value["en"]
        for key, inner in value.items():
            yield from english_of(inner, f"{where} {key}")
    elif isinstance(value, list):
        for n, inner in enumerate(value, start=1):
            yield from english_of(inner, f"{where} {n}")


def english_texts():
    for path in sorted((REPO / "content").glob("*.en.md")):
        yield path.name, path.read_text(encoding="utf-8")
    for where, en, _ in bilingual_texts():
        yield where, en
    # The maps' titles, descriptions, place names and credits: "Heze and its neighbours"
    # was the one British spelling on the site, in a map no check read.
    for path in sorted((REPO / "content/data/maps").glob("*.yaml")):
        yield from english_of(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    for source_id, source in yaml.safe_load(content("sources.yaml").read_text(encoding="utf-8")).items():
        for field in ("note", "date_note", "outlet"):
            value = source.get(field)
            yield (
                f"sources.yaml {source_id} {field}",
                value["en"] if isinstance(value, dict) else str(value or ""),
            )


def test_english_is_spelled_the_american_way_throughout():
    british = [f"{where}: {word}" for where, text in english_texts() for word in BRITISH.findall(text)]
    assert british == []


def test_one_english_name_for_each_chinese_outlet():
    outlets = {}
    for source in yaml.safe_load(content("sources.yaml").read_text(encoding="utf-8")).values():
        if isinstance(source["outlet"], dict):
            outlets[source["outlet"]["zh"]] = source["outlet"]["en"]
    mudan = outlets["牡丹晚报"]
    for where, text in english_texts():
        for name in re.findall(r"(\w+) Evening News", text):
            assert f"{name} Evening News" == mudan, where


def chinese_texts():
    for path in sorted((REPO / "content").glob("*.zh.md")):
        yield path.name, path.read_text(encoding="utf-8")
    for where, _, zh in bilingual_texts():
        yield where, zh
    yield "messages.po", (REPO / "translations/zh/LC_MESSAGES/messages.po").read_text(encoding="utf-8")


def test_chinese_uses_one_word_for_the_timeline_and_one_way_of_writing_decades():
    text = "\n".join(zh for _, zh in chinese_texts())
    assert "时间线" not in text  # the page is 大事记 everywhere
    assert re.findall(r"(?<!世纪)(?:\d{4}|上世纪\d0)年代", text) == []  # 20世纪80年代, never 1980年代


def test_the_ledger_names_real_places_and_passages():
    ledger = yaml.safe_load(LEDGER.read_text(encoding="utf-8"))
    for claim in ledger["claims"]:
        path, _, line = claim["where"].rpartition(":")
        assert (REPO / path).is_file() and line.isdigit(), claim
        assert claim["verdict"] in ("supported", "corrected", "context"), claim
        assert claim["sources"] and all(parse_cites("@" + s) for s in claim["sources"]), claim


@needs_seeds
def test_each_ledger_claim_on_seeds_alone_holds_only_figures_its_passages_hold():
    wrong = []
    for claim in yaml.safe_load(LEDGER.read_text(encoding="utf-8"))["claims"]:
        cites = [cite for s in claim["sources"] for cite in parse_cites("@" + s)]
        seeds = [
            (cite, passages(cite)) for cite in cites if cite.source_id in SEED_IDS and cite.term != "page"
        ]
        if any(None in texts for _, texts in seeds):
            wrong.append(f"{claim['where']}: a located passage does not exist")
        elif seeds and len(seeds) == len(cites):
            lang = "zh" if re.search(r"[\u4e00-\u9fff]{4}", claim["claim"]) else "en"
            held = set().union(*(held_by(cite, text) for cite, texts in seeds for text in texts))
            if figures(claim["claim"], lang) - held:
                wrong.append(f"{claim['where']}: {shown(figures(claim['claim'], lang) - held)}")
    assert wrong == []


def _plain(text: str) -> str:
    """A line of Markdown as read: no tags, citations or link targets."""
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\[@[^\]]*\]", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", text)


def test_each_ledger_claim_in_a_chapter_is_at_the_line_it_names():
    """The ledger says where each claim is: an edit that moves text must move the ledger
    too, or a reader checking a claim is sent to the wrong line."""
    wrong = []
    for claim in yaml.safe_load(LEDGER.read_text(encoding="utf-8"))["claims"]:
        path, _, line = claim["where"].rpartition(":")
        if not path.endswith(".md"):
            continue  # data files: the claim is a point's value, named by its year
        lines = (REPO / path).read_text(encoding="utf-8").split("\n")
        opening = _plain(claim["claim"])[:24]
        if int(line) > len(lines) or opening not in _plain(lines[int(line) - 1]):
            wrong.append(f"{claim['where']}: {opening!r} is not on that line")
    assert wrong == []
