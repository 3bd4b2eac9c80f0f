"""The Traditional edition converts what a chapter says, never what it names: its links'
and images' addresses and its citations' keys stay as written."""

from __future__ import annotations

from projects import SOURCES_YAML, chapter, image_bytes
from sitereader import broken_links, soup
from test_hant import GLOSSARY, three_editions

BODY = (
    "## 丁楼的故事\n\n丁楼村[@cnr-alpha]，见[百科](https://baike.baidu.com/item/丁楼村)、"
    '<a href="https://zh.wikipedia.org/wiki/菏泽市">菏泽</a>、<https://zh.wikipedia.org/wiki/曹县>'
    "与[上文](#丁楼的故事)，[参考][曹县]。\n\n![丁楼的照片](images/丁楼.jpg)\n\n"
    "[曹县]: https://zh.wikipedia.org/wiki/曹县\n"
)


def project_with_addresses(make_project):
    """A Chinese chapter with every kind of address, an image with a Chinese name, and a
    glossary entry (cnr) that matches only inside a citation's key."""
    return three_editions(
        make_project,
        {
            GLOSSARY: "cnr: 央廣網\n",
            "content/sources.yaml": SOURCES_YAML.replace("alpha:", "cnr-alpha:"),
            "content/images/丁楼.jpg": image_bytes(600, 400),
            "content/one.en.md": chapter("One", 1, "## The start\n\nFirst [@cnr-alpha; @beta].\n"),
            "content/one.zh.md": chapter("第一章", None, BODY),
            "content/two.zh.md": chapter("第二章", 2, "## 后来\n\n更多[@cnr-alpha]。\n"),
        },
    )


def test_addresses_in_a_derived_chapter_are_kept_as_written_and_only_its_words_converted(make_project):
    """OpenCC converted what a body names as well as what it says: the Traditional page
    showed images/丁樓.jpg, which the build does not publish (and `build` passed), and sent
    readers to a Wikipedia or Baike address of its own making; a glossary entry matching
    inside a citation's key (cnr) stopped the build with an error in a template."""
    project = project_with_addresses(make_project)
    checked = project.run("check")
    assert checked.returncode == 0 and ": error: " not in checked.stderr, checked.stderr
    assert f"{GLOSSARY}:1: warning: 'cnr' matches nothing" in checked.stderr  # only in keys, kept
    project.build()
    pages = [soup(project.out / f"{edition}/one/index.html") for edition in ("zh", "zh-hant")]
    addresses = [
        [
            element.get("href") or element.get("src")
            for element in page.select(".prose a[href^=http], .prose img")
        ]
        for page in pages
    ]
    assert addresses[0] == addresses[1] and len(addresses[0]) == 5, addresses
    traditional = pages[1]
    heading_id = traditional.select_one(".prose h2")["id"]
    assert "丁樓的故事" in heading_id  # a fragment follows its heading, converted
    assert traditional.select_one('.prose a[href^="#丁"]')["href"] == "#" + heading_id
    assert "丁樓村" in traditional.get_text() and not broken_links(project.out, "/story/")
