"""Encodings, line endings and locales: whatever an editor's machine saves and runs.

A BOM and any line endings build the very site that plain UTF-8 builds. GBK, Latin-1,
UTF-16, a NUL byte or a file name that is not UTF-8 is one clear error naming the file
(and, where it can, the line and byte). Under the C locale, in a real `python build.py`
process whose streams and file names are ASCII, every command works with Chinese text;
and every open() in the generator names its encoding.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest
from goodchapter import GOOD_ONE
from projects import REPO, assert_clear_failure, build_py, chapter, snapshot

LINE_ENDINGS = {  # variant -> (BOM, the end of line i)
    "bom": (True, lambda i: "\n"),
    "crlf": (False, lambda i: "\r\n"),
    "bom crlf": (True, lambda i: "\r\n"),
    "mixed": (False, lambda i: ("\r\n", "\n", "\r")[i % 3]),
    "lone cr": (False, lambda i: "\r"),
}


def with_line_endings(text: str, variant: str) -> bytes:
    bom, ending = LINE_ENDINGS[variant]
    lines = text.split("\n")
    joined = "".join(line + ending(i) for i, line in enumerate(lines[:-1])) + lines[-1]
    return (b"\xef\xbb\xbf" if bom else b"") + joined.encode("utf-8")


def test_bom_and_any_line_endings_build_byte_identically_to_plain_utf8(project):
    texts = {
        rel: (project.root / rel).read_text(encoding="utf-8")
        for rel in ["site.yaml", "content/sources.yaml"]
        + [f"content/{p.name}" for p in project.root.glob("content/*.md")]
    }
    no_cache = {"STORYSITE_CACHE": "off"}  # each build reads and renders everything again
    assert project.run("build", env=no_cache).returncode == 0
    plain = snapshot(project.out)
    for variant in LINE_ENDINGS:
        for rel, text in texts.items():
            project.write(rel, with_line_endings(text, variant))
        result = project.run("build", env=no_cache)
        assert result.returncode == 0, (variant, result.stderr)
        assert snapshot(project.out) == plain, variant


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_a_non_character_no_feed_may_hold_is_an_error_at_its_line_and_column(make_project, char):
    """Let through, it made every feed that held the chapter malformed XML."""
    text = chapter("One", 1, "## The start\n\nFirst" + char + " fact [@alpha].\n")
    result = make_project({"content/one.en.md": text}).run("build")
    assert_clear_failure(result)
    assert (
        f"content/one.en.md:9: error: holds an invisible non-character (U+{ord(char):04X}) at column 6"
        in result.stderr
    )


@pytest.mark.parametrize("encoding, text", [("gbk", "丁楼村的故事。"), ("gb18030", "㐀字只在 GB18030 里。")])
def test_a_gbk_file_names_the_byte_offset_and_how_to_resave_it(make_project, encoding, text):
    raw = chapter("One", 1, text + "\n").encode(encoding)
    offset = next(index for index, byte in enumerate(raw) if byte >= 0x80)
    line = raw[:offset].count(b"\n") + 1
    result = make_project({"content/one.en.md": raw}).run("build")
    assert_clear_failure(result)
    assert (
        f"content/one.en.md:{line}: error: is not valid UTF-8 (at byte offset {offset}); "
        "it looks like GBK/GB18030 (the Chinese Windows encoding). Re-save it as UTF-8: "
    ) in result.stderr
    assert "Save with Encoding > UTF-8" in result.stderr


NOT_TEXT = {
    "Latin-1": (b"caf\xe9 au lait\n", "3: error: is not valid UTF-8 (at byte offset ", "re-save it as UTF-8"),
    "a NUL byte": (b"one\x00two\n", "3: error: contains a NUL byte", "Re-save it as UTF-8"),
    "an encoded surrogate": (
        b"emoji \xed\xa0\xbd\xed\xb8\x80\n",
        "3: error: is not valid UTF-8",
        "surrogate",
    ),
}


@pytest.mark.parametrize("raw, where, how", NOT_TEXT.values(), ids=NOT_TEXT.keys())
def test_bytes_that_are_not_utf8_text_are_a_clear_error(make_project, raw, where, how):
    # title, then the bad bytes on line 3, inside the front matter: summary:
    text = b"---\ntitle: One\nsummary: " + raw + b"order: 1\nupdated: 2026-11-20\n---\nBody.\n"
    result = make_project({"content/one.en.md": text}).run("check")
    assert_clear_failure(result)
    assert f"content/one.en.md:{where}" in result.stderr and how in result.stderr
    assert "GBK" not in result.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])  # with its mark, and without
def test_a_utf16_file_is_named_as_such(make_project, encoding):
    result = make_project({"content/one.en.md": GOOD_ONE.encode(encoding)}).run("check")
    assert_clear_failure(result)
    assert "content/one.en.md:1: error: is saved as UTF-16" in result.stderr


def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(project):
    (project.root / "content" / os.fsdecode(b"caf\xe9.en.md")).write_text(GOOD_ONE, encoding="utf-8")
    result = project.run("check")
    assert_clear_failure(result)
    assert "content/caf\\xe9.en.md: error: 'caf\\xe9' is not a valid slug" in result.stderr


def c_locale() -> dict:
    """An environment where Python's own streams and file names are ASCII."""
    drop = ("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE")
    env = {key: value for key, value in os.environ.items() if not key.startswith(drop)}
    return {**env, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}


def run_in_c_locale(project, *args: str) -> tuple[int, str, str]:
    result = subprocess.run(
        build_py("--project", str(project.root), *args),
        capture_output=True,
        env=c_locale(),
        timeout=120,
    )
    # Strict decoding: whatever we print must be UTF-8, whatever the locale.
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def test_every_command_works_under_the_c_locale_with_chinese_text(project):
    probe = [sys.executable, "-c", "import sys; print(sys.getfilesystemencoding(), sys.stderr.encoding)"]
    assert subprocess.run(probe, capture_output=True, text=True, env=c_locale()).stdout.split() == [
        "ascii",
        "ascii",
    ]  # otherwise this test would prove nothing
    code, _, err = run_in_c_locale(project, "build")
    assert code == 0, err
    assert "第一章" in project.page("/zh/one/")
    code, out, err = run_in_c_locale(project, "new", "night-market")
    assert code == 0 and "wrote content/night-market.zh.md" in out, err
    assert "新的一章" in (project.root / "content/night-market.zh.md").read_text(encoding="utf-8")
    code, out, err = run_in_c_locale(project, "status")
    assert code == 0 and "night-market" in out, err

    project.write(
        "content/two.zh.md", chapter("第二章", None, "更多。\n").replace("updated:", "order: 第二\nupdated:")
    )
    project.write("content/中文.en.md", GOOD_ONE)
    quoted = 'content/two.zh.md:4: error: order: should be a whole number, not the text "第二"'
    for command in ("build", "check", "status"):
        code, _, err = run_in_c_locale(project, command)
        assert code == 1 and "Traceback" not in err, (command, err)
        assert quoted in err, (command, err)
        assert "content/中文.en.md: error: '中文' is not a valid slug" in err, (command, err)


def test_every_open_in_the_generator_names_its_encoding_or_is_binary():
    """A text file opened without an encoding uses the locale's: ASCII under LANG=C."""
    unsafe = []
    for path in sorted((REPO / "storysite").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _opens_text_without_encoding(node):
                unsafe.append(f"{path.name}:{node.lineno}")
    assert unsafe == []


def _opens_text_without_encoding(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in ("open", "read_text", "write_text", "fdopen", "TextIOWrapper"):
        return False
    if name in ("read_text", "write_text") and not isinstance(func, ast.Attribute):
        return False  # content.read_text, ours: it decodes bytes itself
    if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in ("Image", "os"):
        return False  # Pillow's Image.open reads bytes; os.open gives a descriptor, not text
    if any(keyword.arg == "encoding" for keyword in call.keywords):
        return False
    mode_position = {"open": 0 if isinstance(func, ast.Attribute) else 1, "fdopen": 1}.get(name)
    modes = [kw.value for kw in call.keywords if kw.arg == "mode"]
    if mode_position is not None and len(call.args) > mode_position:
        modes.append(call.args[mode_position])
    return not any(isinstance(m, ast.Constant) and "b" in str(m.value) for m in modes)
