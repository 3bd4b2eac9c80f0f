"""Web addresses an editor writes: what is wrong with one, said as that, and base_url's
folder in the one spelling every page links with."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit

FILE_NAME_RE = re.compile(r"[^/]\.[A-Za-z0-9]{1,5}$")  # index.html, home.php: a file, not a folder


def url_problem(text: str, this_machine: bool) -> str | None:
    """What is wrong with a web address, said as that: `a b` has a space, not a wrong start.
    this_machine: `localhost` may name the host (a test server on this computer)."""
    if re.search(r"\s", text):
        what = "a space" if " " in text else "a tab or a line break"
        return f"has {what} in it, which a web address cannot have: write a space that belongs there as %20"
    if not text.lower().startswith(("https://", "http://")):  # browsers read HTTPS:// as https://
        return "is not a web address starting with https:// or http://"
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:  # an unclosed [ of an IPv6 address, say
        return "is not a web address a browser can open: check what follows the //"
    if not host:
        return "names no site after the //, e.g. https://example.org/"
    if host == "localhost" and not this_machine:
        return "names this computer (localhost), which readers cannot reach: give its address on the web"
    if "." not in host and host != "localhost":
        return f"names the site `{host}`, which is not a full name like example.org"
    if _port(parts) is None:
        return (
            "has a port no server can use: write a number from 1 to 65535 after the colon, "
            f"or leave the port out: {parts.scheme.lower()}://{_host(parts)}{_without_dot_segments(parts.path) or '/'}"
        )
    return None


def folder_problem(text: str) -> tuple[str, str | None]:
    """A site's folder (base_url), as url_problem found it valid: (the address with its
    scheme and host in lowercase, as pages must all spell it; what is wrong with it)."""
    parts = urlsplit(text)
    port = _port(parts)
    netloc = _host(parts) + (f":{port}" if port else "")
    address = f"{parts.scheme.lower()}://{netloc}{parts.path}"
    path = _without_dot_segments(parts.path)
    folder = f"{parts.scheme.lower()}://{netloc}{path.rsplit('/', 1)[0]}/"
    if parts.query or parts.fragment:
        return address, f"has a query or a fragment; give only the folder, e.g. {folder}"
    if "@" in parts.netloc:
        return address, f"holds a user name; give only the folder, e.g. {folder}"
    if path != parts.path:
        # A browser resolves `..` and `.` before asking for a page, so the canonical
        # links would name an address no page is served at.
        return address, f"has `.` or `..` in its path; write the folder it stands for: {folder}"
    if FILE_NAME_RE.search(parts.path):
        return address, f"names a file; give the folder the site is published in: {folder}"
    return address, None


def _port(parts: SplitResult) -> int | None:
    """The address's port, 0 if it gives none, None if it gives one no server can use."""
    try:
        port = parts.port
    except ValueError:  # not a number, or above 65535
        return None
    if port is None:
        return 0
    return port or None  # :0 is no port a browser can be sent to


def _host(parts: SplitResult) -> str:
    host = parts.hostname or ""  # lowercase, as DNS compares names
    return f"[{host}]" if ":" in host else host


def _without_dot_segments(path: str) -> str:
    """The path a browser asks for: `/a/../b/` is `/b/`; `%2e` is a dot to it as well."""
    kept: list[str] = []
    segments = path.split("/")
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        name = unquote(segment)
        if name in (".", ".."):
            if name == ".." and len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")  # `/a/..` is the folder `/`
            continue
        kept.append(segment)
    return "/".join(kept)
