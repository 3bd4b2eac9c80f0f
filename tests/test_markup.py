"""Python-Markdown with our extensions, on small bodies."""

import re

from projects import markup_context

from storysite import bodychecks, markup
from storysite.bodychecks import Known
from storysite.errors import Problems
from storysite.languages import KNOWN_LANGUAGES
from storysite.mdext import aside_letter
from storysite.model import Document, SourceFile
from storysite.quoted import mark_quoted_latin_html


def render(body: str, lang: str = "en"):
    context = markup_context(
        lang, chart_html=lambda chart_id: f'<figure class="chart" id="chart-{chart_id}"></figure>'
    )
    return markup.render(markup.new_renderer(context), body)


def test_citations_are_numbered_in_reading_order_and_reuse_numbers():
    result = render("A [@b]. B [@a; @b].\n\nC.[^1]\n\n[^1]: Aside [@c].\n")
    assert [(n.number, n.source_id, n.refs) for n in result.notes] == [
        (1, "b", ("ref-1", "ref-3")),
        (2, "a", ("ref-2",)),
        (3, "c", ("ref-5",)),
    ]
    assert '<a href="#note-2" id="ref-2"><span class="visually-hidden">Note </span>2</a>' in result.html


def test_an_asides_text_is_a_footnote_to_assistive_technology_and_only_the_generator_says_so():
    """Its class no longer says "footnote" (reader views drop such classes): its role
    does, DPUB-ARIA's doc-footnote, around each aside's text. An editor's own role in
    raw HTML is not kept."""
    html = render(
        'A.[^x] B.[^y]\n\n<div role="button">Press</div>\n\n[^x]: One.\n[^y]: Two\n\n    more.\n'
    ).html
    _, asides = html.split('<div class="asides">')
    footnotes = re.findall(r'<li id="fn:(\w+)"><div role="doc-footnote">\s*(.*?)</div>\s*</li>', asides, re.S)
    back_link = r'(&nbsp;)?<a class="aside-backref".*?</a>'
    said = [
        (name, " ".join(re.sub(r"<[^>]+>", " ", re.sub(back_link, "", text)).split()))
        for name, text in footnotes
    ]
    assert said == [("x", "One."), ("y", "Two more.")]
    assert html.count('role="') == 2  # the button's role is not kept


def test_footnotes_are_lettered_asides_never_numbers_like_the_source_notes():
    html = render("A [@a].[^x] B.[^y] C [@b].[^x]\n\n[^x]: One [@c].\n[^y]: Two.\n").html
    # Never class="footnote": reader views drop it (test_reader_view.py).
    body, asides = html.split('<div class="asides">')
    refs = re.findall(r'<a class="aside-ref" href="#fn:(\w+)">(.*?)</a>', body)
    hidden = '<span class="visually-hidden">Aside </span>'
    assert refs == [("x", hidden + "a"), ("y", hidden + "b"), ("x", hidden + "a")]
    assert '<h2 id="asides">Asides</h2>' in asides
    # the arrow for the eye, the words for a screen reader
    arrow = '<span aria-hidden="true">↩</span>'
    back = re.findall(rf'<a class="aside-backref" href="#(fnref\d?:\w+)">{arrow}(.*?)</a>', asides)
    assert [
        (target, text.endswith(f"Back to aside {letter}</span>"))
        for (target, text), letter in zip(back, "aab", strict=True)
    ] == [("fnref:x", True), ("fnref2:x", True), ("fnref:y", True)]
    citation_numbers = re.findall(r'<span class="visually-hidden">Note </span>(\d+)</a>', html)
    assert citation_numbers and all(number.isdigit() for number in citation_numbers)


def test_a_table_scrolls_in_a_box_of_its_own():
    """Wider than a phone (its columns as wide as their longest words), a table scrolled
    the whole page sideways: it is wrapped in a box the style sheet lets scroll."""
    html = render("Before.\n\n| Year | Source |\n|---|---|\n| 2013 | Xinhua |\n\nAfter.\n").html
    assert '<div class="table-scroll"><table>' in html and "</table></div>\n<p>After.</p>" in html


def test_a_heading_the_editor_calls_asides_keeps_an_id_of_its_own():
    html = render("## Asides\n\nText.[^1]\n\n[^1]: Note.\n").html
    assert html.count('id="asides"') == 1 and 'id="asides-section"' in html


def test_a_link_an_editor_classes_as_a_footnote_marker_is_left_alone():
    html = render("[Home](/){: .footnote-ref }\n").html
    assert '<a class="footnote-ref" href="/">Home</a>' in html


def test_aside_letters_count_as_a_lower_alpha_list_does():
    assert [aside_letter(n) for n in (1, 2, 26, 27, 28, 52, 53, 702, 703)] == [
        "a",
        "b",
        "z",
        "aa",
        "ab",
        "az",
        "ba",
        "zz",
        "aaa",
    ]


def test_renderer_state_does_not_leak_between_documents():
    context = markup_context()
    renderer = markup.new_renderer(context)
    markup.render(renderer, "X [@a].\n\n## Same\n")
    second = markup.render(renderer, "Y [@b].\n\n## Same\n")
    assert [n.source_id for n in second.notes] == ["b"]
    assert 'id="same"' in second.html and 'id="same_1"' not in second.html


def test_pull_quotes_are_hidden_from_screen_readers():
    html = render("> [!PULL]\n> Better to come home.\n").html
    assert '<aside aria-hidden="true" class="pullquote">' in html
    assert "[!PULL]" not in html


def test_heading_ids_avoid_the_pages_own_ids():
    result = render("## Notes\n\n## Notes\n")
    assert [h.id for h in result.headings] == ["notes-section", "notes_1"]


def test_a_heading_id_moved_off_the_pages_own_takes_no_other_headings():
    """ "## Notes" became notes-section, the id "## Notes section" already had: two ids
    alike, and links to the second led to the first."""
    result = render("## Notes\n\nText.\n\n## Notes section\n\nMore.\n")
    ids = [h.id for h in result.headings]
    assert len(set(ids)) == 2 and "notes" not in ids, ids
    assert all(result.html.count(f'id="{each}"') == 1 for each in ids), result.html


def test_an_image_alone_becomes_a_figure_with_its_caption():
    html = render('![Two looms](images/looms.jpg "The workshop")\n').html
    assert (
        '<figure><img alt="Two looms" loading="lazy" src="/images/looms.jpg"><figcaption>The workshop</figcaption></figure>'
        in html
    )


def test_raw_html_is_sanitised():
    html = render('<script>alert(1)</script><p onclick="x()">Hi</p> [x](javascript:alert(1))\n').html
    assert "script" not in html and "onclick" not in html and "javascript:" not in html


def test_chart_directive_is_replaced_by_the_chart():
    assert '<figure class="chart" id="chart-heze">' in render("Before.\n\n::: chart heze\n\nAfter.\n").html


def test_body_checks_name_the_line_of_each_problem():
    source = SourceFile(path=None, display="c/x.en.md", slug="x", lang="en", text="")
    body = "Fine [@a].\n\n```\n[@inside-code]\n```\nBad [@zzz] and [@ bad].\n::: chart nope\n![](images/none.png)\n"
    problems = Problems()
    bodychecks.check_body(Document(source, {}, body, 7), Known(frozenset({"a"}), set()), problems)
    assert [str(p) for p in problems.items] == [
        "c/x.en.md:12: error: unknown source '@zzz': add it to content/sources.yaml or fix the id",
        "c/x.en.md:12: error: '[@ bad]' is not a citation: write [@id] or [@id; @other]",
        "c/x.en.md:13: error: no chart 'nope': add content/data/nope.yaml",
        "c/x.en.md:14: error: image 'images/none.png' has no alt text: describe it inside ![...]",
        "c/x.en.md:14: error: image 'images/none.png' not found under content/",
    ]


def test_fenced_code_is_shown_as_written_and_not_checked(tmp_path):
    body = "Text [@a].\n\n```\n[@nobody] and\n::: chart nowhere\n```\n"
    html = render(body).html
    assert "<pre><code>[@nobody] and\n::: chart nowhere\n</code></pre>" in html
    problems = Problems()
    source = SourceFile(path=None, display="c/x.en.md", slug="x", lang="en", text="")
    bodychecks.check_body(Document(source, {}, body, 5), Known(frozenset({"a"}), set()), problems)
    assert problems.items == []


def test_inline_code_is_shown_as_written_and_not_checked():
    """`[@id]` in backticks is how a guide shows the syntax: it is code, not a citation; a
    backtick escaped with a backslash opens no code, so what follows it is checked."""
    body = "Write `[@id]`, ``[@x] or `[@y]` ``, `［@z］` or `[x](/en/)`; not \\`[@nobody]\\`.\n"
    assert "<code>[@id]</code>" in render(body).html and "<code>[@x] or `[@y]`</code>" in render(body).html
    problems = Problems()
    source = SourceFile(path=None, display="c/x.en.md", slug="x", lang="en", text="")
    bodychecks.check_body(Document(source, {}, body, 5), Known(frozenset({"a"}), set()), problems)
    assert [(p.line, "'@nobody'" in p.message) for p in problems.items] == [(5, True)]


def test_english_gets_curly_quotes_dashes_and_ellipses_outside_code():
    html = render(
        '## Daji\'s "new" life\n\n'
        'It\'s "quoted" -- yes --- no... the \'80s. "*Stressed*" and \'*this*\'. ("Aside")\n'
        "`code's \"as typed\" -- here` then <https://example.org/a--b> and `x`'s.\n"
    ).html
    assert "<h2" in html and "Daji’s “new” life</h2>" in html
    assert "It’s “quoted” – yes — no… the ’80s." in html
    assert "“<em>Stressed</em>” and ‘<em>this</em>’. (“Aside”)" in html
    assert (
        '<code>code\'s "as typed" -- here</code>' in html
        or "<code>code's &quot;as typed&quot; -- here</code>" in html
    )
    assert 'href="https://example.org/a--b">https://example.org/a--b</a>' in html
    assert "</code>’s." in html
    assert 'id="dajis-new-life"' in html  # heading ids as before: made from the words


def test_chinese_keeps_its_own_punctuation_untouched():
    html = render("他说\"好\"--然后... '单'\n", lang="zh").html
    assert "\"好\"--然后... '单'" in html.replace("&quot;", '"').replace("&#39;", "'")


def test_heading_ids_are_the_ones_python_markdowns_toc_would_give():
    """Links written against toc's ids (as the guides describe them) keep working."""
    import markdown
    from markdown.extensions.toc import TocExtension, slugify_unicode

    body = (
        "## The start\n\n## The start\n\n## The start_1\n\n### 一根网线，一台电脑\n\n"
        '## Ren Qingsheng (<span lang="zh-Hans">任庆生</span>) & Co.\n\n## a < b &copy; *c*\n\n'
        "## With an aside[^1]\n\n## `code` -- and more...\n\n[^1]: An aside.\n"
    )
    toc = markdown.Markdown(extensions=["footnotes", TocExtension(slugify=slugify_unicode)])
    expected = re.findall(r'<h[1-6] id="([^"]*)"', toc.convert(body))
    ours = [heading.id for heading in render(body, lang="zh").headings]
    assert ours == expected
    assert len(set(ours)) == len(ours) == 8


def test_fences_and_attribute_lists_work_in_any_document_a_renderer_is_given():
    """A renderer is reused from document to document, and the fence and attribute-list
    passes run only where their marks are: a document without them must not switch
    them off for the next one, nor one with them on for the next."""
    renderer = markup.new_renderer(markup_context("en"))
    plain, marked = "Just text.\n", "~~~\n*as typed*\n~~~\n\n[Home](/){: .footnote-ref }\n"
    first, second, third = (markup.render(renderer, body).html for body in (plain, marked, plain))
    assert "<pre><code>*as typed*\n</code></pre>" in second
    assert '<a class="footnote-ref" href="/">Home</a>' in second
    assert first == third == markup.render(markup.new_renderer(markup_context("en")), plain).html


def test_english_in_chinese_prose_is_marked_but_never_inside_an_attribute_or_code():
    """WCAG 3.1.2: "Party chief" in a Chinese paragraph is read in an English voice. An
    alt text holding ">" ended the tag early, and the marking was written into it."""
    html = render(
        "他是 Party chief。`Party chief` 照写。\n\n![x > Party chief says](images/a.png)\n", "zh"
    ).html
    assert '是 <span lang="en">Party chief</span>。' in html
    assert 'alt="x &gt; Party chief says"' in html or 'alt="x > Party chief says"' in html, html
    assert "<code>Party chief</code>" in html
    # HTML lets an attribute hold ">" as it is: the marking must still stay out of it.
    raw = '<p><img alt="x > Party chief says" src="a.png">他是 Party chief。</p>'
    marked = mark_quoted_latin_html(raw, KNOWN_LANGUAGES["zh"])
    assert marked == raw.replace("是 Party chief", '是 <span lang="en">Party chief</span>'), marked
