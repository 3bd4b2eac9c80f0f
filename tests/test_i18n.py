import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from projects import SITE_YAML, assert_clear_failure, error_lines
from sitereader import html_pages

from storysite.files import FileContent
from storysite.i18n import Formatter, PoFile, load_catalog
from storysite.languages import KNOWN_LANGUAGES
from storysite.model import PartialDate

PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def test_dates_numbers_and_compact_amounts_per_locale():
    en, zh = Formatter(KNOWN_LANGUAGES["en"]), Formatter(KNOWN_LANGUAGES["zh"])
    assert en.date(dt.date(2021, 5, 12)) == "May 12, 2021"
    assert zh.date(dt.date(2021, 5, 12)) == "2021年5月12日"
    assert zh.partial_date(PartialDate(2009, 10)) == "2009年10月"
    assert en.partial_date(PartialDate(2009)) == "2009"
    assert en.yuan(7_000_000_000) == "7 billion yuan"
    assert zh.yuan(7_000_000_000) == "70亿元"
    assert zh.number(5425) == "5425" and en.number(5425) == "5,425"  # as each language's text writes it
    hant = Formatter(KNOWN_LANGUAGES["zh-Hant"])
    assert hant.date(dt.date(2021, 5, 12)) == "2021年5月12日"
    assert hant.yuan(7_000_000_000) == "70億元"
    assert hant.partial_date(PartialDate(2013)) == "2013年"


@pytest.mark.parametrize("lang", sorted(KNOWN_LANGUAGES))
def test_reading_time_counts_han_characters_and_words_separately(lang):
    language = KNOWN_LANGUAGES[lang]
    assert language.reading_minutes(words=0, han=2000) == 5
    assert language.reading_minutes(words=1150, han=0) == 5
    assert language.reading_minutes(words=0, han=10) == 1


def load_po(entries: str):
    """-> (catalog, problems) for a zh .po file holding these entries."""
    display = "translations/zh/LC_MESSAGES/messages.po"
    content = FileContent(display, display, (PO_HEADER + entries).encode("utf-8"))
    catalog, problems = load_catalog(PoFile(KNOWN_LANGUAGES["zh"], content, display))
    return catalog, list(problems)


def test_catalog_is_compiled_in_memory_and_used(tmp_path):
    catalog, problems = load_po('msgid "Notes"\nmsgstr "注释"\n')
    assert catalog.gettext("Notes") == "注释"
    assert problems == []


BROKEN_TRANSLATIONS = {
    "a renamed placeholder": (
        "Updated %(date)s",
        "更新于%(when)s",
        "the translation of 'Updated %(date)s' must keep the placeholders of the English",
    ),
    "a lone percent sign": (
        "Back to aside %(letter)s",
        "返回 100% 补充说明 %(letter)s",
        "the translation of 'Back to aside %(letter)s' has a lone %: write %% for a percent sign",
    ),
    # Written as the escape \v, which the file itself may hold: every page and feed with
    # the Chinese note label then held the character, and no feed reader read the feed.
    "a control character written as an escape": (
        "Note",
        "注\\v",
        "the translation of 'Note' holds the invisible control character (U+000B): no page or feed "
        "may hold it; delete the escape",
    ),
    # Jinja takes a translation as HTML: a script in the .po file ran on every Chinese page.
    "a tag": (
        "Notes",
        "注释<script>alert(1)</script>",
        "the translation of 'Notes' holds HTML (<script...): interface text is plain text, remove the tag",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_TRANSLATIONS))
def test_a_translation_that_would_break_the_page_is_an_error_with_file_and_line(tmp_path, case):
    english, chinese, message = BROKEN_TRANSLATIONS[case]
    _, problems = load_po(f'\nmsgid "{english}"\nmsgstr "{chinese}"\n')
    assert [str(p) for p in problems] == [f"translations/zh/LC_MESSAGES/messages.po:6: error: {message}"]


UNTRANSLATED = 'msgstr "（本页尚无译文，将转到目录）"'
PO_SLIPS = {  # (what is written instead of UNTRANSLATED, the line of the slip counted from its line)
    "a text not in quotes": ("msgstr 本页尚无译文", 0),  # Babel read it as 页尚无译, silently
    "a keyword without its text": ("msgstr", 0),
    "a line of text on its own": (UNTRANSLATED + "\n本页尚无译文", 1),
    "a misspelt keyword": (UNTRANSLATED.replace("msgstr", "msgtsr"), 0),
    "a msgid without its msgstr": ("", -1),
}


@pytest.mark.parametrize("typed, offset", PO_SLIPS.values(), ids=PO_SLIPS.keys())
def test_a_slip_in_the_po_file_is_an_error_at_its_own_line(make_project, typed, offset):
    po = "translations/zh/LC_MESSAGES/messages.po"
    project = make_project()
    text = (project.root / po).read_text(encoding="utf-8")
    line = text[: text.index(UNTRANSLATED)].count("\n") + 1 + offset
    project.write(po, text.replace(UNTRANSLATED, typed))
    result = project.run("build")
    assert_clear_failure(result)
    assert [error.split(": error: ")[0] for error in error_lines(result.stderr)] == [f"{po}:{line}"]


def test_missing_translation_falls_back_to_english_with_a_warning(tmp_path):
    catalog, problems = load_po('msgid "Notes"\nmsgstr ""\n')
    assert catalog.gettext("Notes") == "Notes"
    assert "'Notes' is not translated" in str(problems[0])


HAN_RE = re.compile(r"[\u3400-\u9fff]")


def declared_lang(node) -> str:
    element = node.parent
    while element is not None and not element.get("lang"):
        element = element.parent
    return element.get("lang") if element is not None else ""


ENGLISH_PHRASE_RE = re.compile(r"\b[A-Za-z][a-z]+[ ,]+[A-Za-z][a-z]+\b")  # two words (not CC BY, a licence)


def test_words_in_another_language_are_marked_with_their_language(real_site):
    """WCAG 3.1.2, language of parts: Chinese quoted on an English page (a name, a
    newspaper in a note, a chart's note) is marked Chinese, and an English headline
    shown on a Chinese sources page is marked English, so that a screen reader reads
    each in its own voice and the browser chooses the right font."""
    for url, page in html_pages(real_site.out).items():
        page_lang = page.html["lang"]
        main = page.find("main")
        for text in main.find_all(string=True) if main else []:
            lang = declared_lang(text)
            if page_lang == "en" and HAN_RE.search(text):
                assert lang.startswith("zh"), f"{url}: {text.strip()[:40]!r} is marked {lang}"
            if page_lang.startswith("zh") and text.parent.get("class") == ["headline-en"]:
                assert lang == "en", f"{url}: {text.strip()[:40]!r} is marked {lang}"
            # English words quoted on a Chinese page: "Through Taobao, you can escape
            # bitter days" was read in a Chinese voice. (Code and figures aside.)
            phrase = ENGLISH_PHRASE_RE.search(text)
            if page_lang.startswith("zh") and phrase and not text.find_parent(["code", "svg", "pre"]):
                assert lang == "en", f"{url}: {phrase.group()!r} is marked {lang}"


def test_a_text_the_templates_use_but_the_po_file_lacks_is_named_with_its_template_line(make_project):
    """An entry deleted from the .po file, or a file emptied, showed English on every
    Chinese page without a word; an untranslated entry was already warned about."""
    project = make_project()
    po = project.root / "translations/zh/LC_MESSAGES/messages.po"
    entry = 'msgid "Skip to the main content"\nmsgstr "跳到主要内容"\n\n'
    assert entry in po.read_text(encoding="utf-8")
    po.write_text(po.read_text(encoding="utf-8").replace(entry, ""), encoding="utf-8")
    result = project.run("check")
    assert result.returncode == 0
    [warning] = [line for line in result.stderr.splitlines() if "Skip to the main content" in line]
    assert warning.startswith("translations/zh/LC_MESSAGES/messages.po: warning: ")
    assert "templates/base.html:" in warning
    po.write_text("", encoding="utf-8")
    emptied = [line for line in project.run("check").stderr.splitlines() if "messages.po" in line]
    assert len(emptied) == 1 and "warning" in emptied[0], emptied  # one line, not one per text


def test_a_language_taken_out_of_the_site_keeps_its_texts_and_files_unbuilt(make_project):
    """Building English alone: every {en: ..., zh: ...} text was an error (dozens on the
    real site) and every Chinese chapter file misnamed. The texts now wait, unread; the
    files are named once, in a warning; no page is in Chinese or leads to Chinese."""
    site = SITE_YAML.replace("languages: [en, zh]", "languages: [en]")
    project = make_project({"site.yaml": site})
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if ".zh.md" in line]
    assert warning.startswith("content: warning: ") and "one.zh.md" in warning and "two.zh.md" in warning
    assert "add zh" in warning
    pages = {path: path.read_text(encoding="utf-8") for path in project.out.rglob("*.html")}
    assert pages and not (project.out / "zh").exists()
    for path, html in pages.items():
        soup = BeautifulSoup(html, "html.parser")
        assert soup.html["lang"] == "en", path
        assert not soup.select('a[href*="/zh/"], link[hreflang^="zh"]'), path
        assert "测试" not in html and "第一章" not in html, path


def test_a_derived_editions_text_given_by_hand_is_still_an_error(make_project):
    """Its text is made from the language it derives from: a zh-Hant key would be
    silently left unread, whether or not the edition is built."""
    site = SITE_YAML.replace(
        "title: {en: Test Story, zh: 测试故事}", "title: {en: Test Story, zh: 测试故事, zh-Hant: 測試}"
    )
    result = make_project({"site.yaml": site}).run("check")
    assert result.returncode == 1 and "site.yaml:4: error: title:" in result.stderr, result.stderr


def test_english_headlines_on_chinese_pages_are_set_as_english(real_site):
    """The English headlines on the Chinese editions' sources pages and notes kept the
    data file's straight quotes (town's), set by the page's Chinese rules, and the
    Chinese title marks sat inside the English <cite>, read as English."""
    checked = 0
    for edition in ("zh", "zh-hant"):
        for path in (real_site.out / edition).rglob("*.html"):
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for element in soup.select('cite[lang="en"], .headline-en'):
                text, checked = element.get_text(), checked + 1
                assert not re.search(r"[A-Za-z]'|[\"]", text), f"{path}: {text}"
                assert not re.search("[《》〈〉]", text), f"{path}: {text}"
    assert checked > 20


def test_a_headline_not_recorded_is_described_not_cited(real_site):
    """The data describes an article whose headline is unknown in square brackets: it was
    shown as a cited title, in title marks, 《[俄文标题未记录]》."""
    described = 0
    for path in real_site.out.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not re.search(r"《\[|\]》", soup.get_text()), path
        assert not [cite for cite in soup.find_all("cite") if cite.get_text().startswith("[")], path
        described += len(soup.find_all(string=re.compile(r"^\[[^\]]*(not recorded|未记录|未記錄)")))
    assert described > 10


def test_interface_text_is_shown_as_text_whatever_it_holds(make_project):
    """Jinja trusted a translation as HTML: a quote in one ended the attribute it stood in
    and began others (onfocus=...) on every page of the edition, and a glossary's
    replacement reached the Traditional pages as a <script>."""
    project = make_project({"site.yaml": SITE_YAML.replace("[en, zh]", "[en, zh, zh-Hant]")})
    po = project.root / "translations/zh/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Site"\nmsgstr "网站导航"\n' in text
    po.write_text(
        text.replace('msgstr "网站导航"', r'msgstr "网站\" onfocus=\"alert(1)\" x=\""'), encoding="utf-8"
    )
    glossary = project.root / "translations/zh_Hant/glossary.yaml"
    glossary.write_text('大事记: "大事記<script>alert(2)</script>"\n', encoding="utf-8")
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    for edition in ("zh", "zh-hant"):
        for path in (project.out / edition).rglob("*.html"):
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            assert not soup.find(attrs={"onfocus": True}) and not soup.find(
                "script", string=re.compile("alert")
            ), path
    nav = BeautifulSoup(project.page("zh/"), "html.parser").find(
        "nav", attrs={"aria-label": re.compile("网站")}
    )
    assert nav and 'onfocus="alert(1)"' in nav["aria-label"]  # shown as the editor typed it
    assert (
        "大事記<script>alert(2)</script>" in BeautifulSoup(project.page("zh-hant/"), "html.parser").get_text()
    )


def test_a_text_listed_twice_in_a_po_file_is_an_error_at_the_second(make_project):
    """Babel kept one of the two entries, silently: an editor who added a translation at
    the end, for a text listed above, saw one of them and could not tell which."""
    project = make_project()
    po = project.root / "translations/zh/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    first = text.splitlines().index('msgid "Site"') + 1
    po.write_text(text + '\nmsgid "Site"\nmsgstr "站点"\n', encoding="utf-8")
    result = project.run("check")
    assert result.returncode == 1
    second = len(text.splitlines()) + 2
    expected = f'translations/zh/LC_MESSAGES/messages.po:{second}: error: msgid "Site" is listed already, on line {first}'
    assert expected in result.stderr, result.stderr
