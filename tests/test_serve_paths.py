"""The preview under a base_url whose path is percent-escaped, as the base_url message
itself tells editors to write a space (%20): served there over HTTP, the root leading to it."""

from __future__ import annotations

import http.client
import re

import pytest
from preview_server import RunningServer
from projects import SITE_YAML


@pytest.mark.parametrize("folder", ["/a%20b/", "/%E4%B8%AD/"])
def test_the_preview_serves_the_site_under_a_percent_escaped_base_url(make_project, folder):
    """The root sent the browser to /a%20b/, which answered 404: the server compared the
    path base_url spells with the decoded one the browser's request arrives as."""
    site = SITE_YAML.replace("https://example.org/story/", f"https://example.org{folder}")
    running = RunningServer(make_project({"site.yaml": site}))
    try:
        running.wait_for_output(r"serving http://")
        assert running.base == folder
        page = running.wait_for_page("/en/one/", lambda page: True)
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
        assert stylesheet.startswith(folder) and running.get(stylesheet)[0] == 200
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=5)
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        connection.close()
        assert (response.status, response.getheader("Location")) == (302, folder)
        assert running.get(folder)[0] == 200
    finally:
        running.stop()
