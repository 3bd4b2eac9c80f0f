"""Raw HTML and links in Markdown, and front-matter text, can never inject markup or script."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from projects import chapter, image_bytes

HOSTILE_BODY = """\
## Later

Fine text [@alpha].

<script>alert(1)</script>

<img src="images/x.png" alt="x" onerror="alert(2)">

[one](jav&#x61;script:alert(3)) and [two](  JaVaScRiPt:alert(4)) and [three](data:text/html;base64,PHNjcmlwdD4=)

<a href="vbscript:msgbox(5)">four</a> <iframe src="https://evil.example/"></iframe>

Code is shown as written: `<script>` stays text.

A [reference link][five] too.

[five]: javascript:alert(6)
"""


def test_hostile_html_never_reaches_the_page_and_each_removal_is_reported(make_project):
    image = {"content/images/x.png": image_bytes(40, 30, "PNG")}
    project = make_project({"content/two.en.md": chapter("Two", 2, HOSTILE_BODY), **image})
    result = project.build()
    page = project.page("/en/two/")
    prose = page[page.index('class="prose"') :]
    assert "<script" not in prose.replace("&lt;script&gt;", "")
    assert "<iframe" not in prose
    assert not re.search(r"\son[a-z]+=", prose)
    assert not re.search(r"(javascript|vbscript|data):", prose, re.IGNORECASE)
    assert "&lt;script&gt;" in prose  # the code span is kept, as text
    warnings = result.stderr
    assert "content/two.en.md:11: warning: <script> is not allowed in a chapter and is removed" in warnings
    assert "content/two.en.md:13: warning: the onerror= attribute is not allowed and is removed" in warnings
    assert warnings.count("content/two.en.md:15: warning: a javascript: link is not allowed") == 2
    assert "content/two.en.md:15: warning: a data: link is not allowed and is removed" in warnings
    assert "content/two.en.md:17: warning: a vbscript: link is not allowed and is removed" in warnings
    assert "content/two.en.md:17: warning: <iframe> is not allowed in a chapter and is removed" in warnings
    assert "content/two.en.md:19" not in warnings  # code is not HTML
    assert "content/two.en.md:23: warning: a javascript: link is not allowed and is removed" in warnings


NASTY = 'Fish & <chips> "quoted" </script><script>alert(1)</script>'


def test_front_matter_text_is_escaped_wherever_it_lands(make_project):
    text = chapter("Two", 2, "## Later\n\nMore [@beta].\n").replace("title: Two", f"title: '{NASTY}'")
    text = text.replace("summary: Summary of Two.", f"summary: '{NASTY}'")
    project = make_project({"content/two.en.md": text})
    project.build()
    for path in project.out.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in page, path
        assert "<chips>" not in page, path
    # The text itself reaches the reader, as text: read back the way a browser or a feed
    # reader does (how each character is escaped is the template engine's choice).
    # In English, with its quotes curled as the chapter's text has them.
    shown = NASTY.replace('"quoted"', "“quoted”")
    chapter_page = BeautifulSoup(project.page("/en/two/"), "html.parser")
    assert chapter_page.title.get_text().startswith(shown)
    assert chapter_page.find("meta", attrs={"name": "description"})["content"] == shown
    assert shown in BeautifulSoup(project.page("/en/"), "html.parser").get_text()
    feed = (project.out / "en" / "feed.xml").read_text(encoding="utf-8")
    assert "<chips>" not in feed
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in ET.fromstring(feed).iter(f"{atom}entry")]
    assert shown in titles


def test_what_the_sanitiser_keeps_is_not_said_removed_and_what_it_removes_always_is(make_project):
    """A table cell's style="text-align: right" is kept, yet was said to be removed; a
    link whose address starts with a space, href=" javascript:...", was removed unsaid."""
    body = (
        "## Later\n\nMore [@beta].\n\n"
        '<table><tr><td style="text-align: right">1,400</td></tr></table>\n\n'
        'A <a href=" javascript:alert(1)">link</a>.\n'
    )
    result = make_project({"content/two.en.md": chapter("Two", 2, body)}).build()
    assert "style=" not in result.stderr, result.stderr
    assert "content/two.en.md:13: warning: a javascript: link is not allowed and is removed" in result.stderr
