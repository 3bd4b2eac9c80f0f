"""Make the fonts the share cards are drawn with: storysite/fonts/card-sans.otf and, for
their titles, card-sans-bold.otf.

Subsets of Noto Sans CJK SC Regular and Bold (SIL Open Font License 1.1, see
storysite/fonts/OFL.txt), each with the same characters: Latin, the punctuation both languages use, the 3,755
characters of GB2312 level 1 (the commonest simplified Chinese characters),
every Han character the project's text uses today, and the traditional form of
each (OpenCC's s2t), for an edition derived in traditional characters. The build draws with this
file, never with the fonts of the machine it runs on, so a card is the same
image everywhere. Run it again (after `apt-get install fonts-noto-cjk` and
`pip install -e ".[card-font]"`) when a title needs a character the build warns about:

    python tools/make_card_font.py [--font PATH] [--bold-font PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import re
from pathlib import Path

import opencc
from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
FACE = "Noto Sans CJK SC"  # simplified Chinese glyph shapes
OUTPUT = ROOT / "storysite" / "fonts" / "card-sans.otf"
BOLD_OUTPUT = ROOT / "storysite" / "fonts" / "card-sans-bold.otf"
PROFILES = ("s2t", "s2tw", "s2twp", "s2hk")  # those site.yaml may choose (storysite/config.py)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
RANGES = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0x17F),  # Latin-1 and Latin Extended-A: names with accents (those the face has)
    (0x1CD, 0x1DC),  # pinyin's ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x2010, 0x2027),  # dashes, curly quotes, ellipsis
    (0x3000, 0x303F),  # CJK punctuation: 、。《》「」
    (0xFF01, 0xFF5E),  # full-width forms: ，：；！？（）
]


def gb2312_level_1() -> set[str]:
    """Rows 16-55 of GB2312: its 3,755 most common characters."""
    found = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # the end of row 55 is empty
                found.add(bytes([row, cell]).decode("gb2312"))
    return found


def project_han() -> set[str]:
    """Every Han character in the project's text today, whatever list it is in, and in
    each Traditional form the derived edition may take: converted text by text, since
    OpenCC's phrases choose some characters (背着 -> 揹著, 注释 -> 註釋) by their context."""
    found = set()
    sources = (
        ("content", "**/*"),
        ("translations", "**/*.po"),
        ("translations", "**/*.yaml"),
        (".", "site.yaml"),
    )
    for folder, pattern in sources:
        for path in (ROOT / folder).glob(pattern):
            if path.is_file() and path.suffix in (".md", ".yaml", ".po"):
                text = path.read_text(encoding="utf-8")
                found.update(HAN.findall(text))
                for profile in PROFILES:
                    found.update(HAN.findall(opencc.OpenCC(profile).convert(text)))
    return found


def characters(face=None) -> str:
    """What the subset keeps: every character asked for that the face can draw."""
    found = gb2312_level_1() | project_han()
    found |= set(opencc.OpenCC("s2t").convert("".join(sorted(found))))
    for first, last in RANGES:
        found.update(chr(code) for code in range(first, last + 1))
    if face is not None:
        found &= {chr(code) for code in face.getBestCmap()}
    return "".join(sorted(found))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--font", type=Path, default=NOTO, help="the Noto Sans CJK collection (.ttc)")
    parser.add_argument("--bold-font", type=Path, default=NOTO_BOLD, help="its Bold collection (.ttc)")
    args = parser.parse_args()
    for collection, output in ((args.font, OUTPUT), (args.bold_font, BOLD_OUTPUT)):
        make_subset(collection, output)


def make_subset(collection: Path, output: Path) -> None:
    face = next(f for f in TTCollection(collection).fonts if f["name"].getDebugName(1) == FACE)
    options = subset.Options()
    options.layout_features = ["kern", "palt", "vert", "liga"]
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.notdef_outline = True
    options.hinting = False  # drawn large at one size: hints only add bytes
    subsetter = subset.Subsetter(options)
    text = characters(face)
    subsetter.populate(text=text)
    subsetter.subset(face)
    face.recalcTimestamp = False  # the same file on every run
    face.save(output)
    print(f"{output.relative_to(ROOT)}: {len(text)} characters, {output.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
