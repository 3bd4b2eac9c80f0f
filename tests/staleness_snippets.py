"""What the staleness hunt makes the templates read, beyond what the real ones do.

name -> (template file, anchor text, snippet): the snippet is inserted right after
the first occurrence of the anchor in the template. They make pages show more of
what the template context offers (other chapters' bodies, notes, headings, the
citations index, the neighbours...), so that anything a cache key leaves out shows
up as a stale page. EDIT THIS LIST when the template contexts change (each page kind
is to get a narrower context): a snippet must only read what its template is given,
and a missing anchor fails the test with a message saying so. Keep the output
deterministic: no sets, no object reprs.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        '{% include "source-line.html" %}{% endfilter %}{{ languages[lang].sentence_space }}\n',
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
