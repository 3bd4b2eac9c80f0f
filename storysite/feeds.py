"""What a feed reader is given of a chapter's text.

A feed reader shows the HTML without the site's stylesheet, so what the page
hides with CSS would be shown: the pull quotes, which repeat a line of the
text for the eye, and the words only for screen readers ("Note" before a
citation's number). Both are left out of the feed; the rest is the page's text.
The HTML is the generator's own (rendered and sanitised), so its shape is known.
"""

from __future__ import annotations

import re

PULL_QUOTE_RE = re.compile(r'<aside\b[^>]*\bclass="pullquote"[^>]*>.*?</aside>\s*', re.S)
SCREEN_READER_ONLY_RE = re.compile(r'<span\b[^>]*\bclass="visually-hidden"[^>]*>[^<]*</span>')


def for_feed(html: str) -> str:
    """A chapter body's HTML as a feed entry shows it."""
    return SCREEN_READER_ONLY_RE.sub("", PULL_QUOTE_RE.sub("", html))
