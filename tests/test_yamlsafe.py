import pytest

from storysite import yamlsafe
from storysite.errors import SiteError


def load_error(text: str, offset: int = 0) -> str:
    with pytest.raises(SiteError) as caught:
        yamlsafe.load(text, "f.yaml", offset)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_lines_of_keys_and_items_are_recorded_with_the_offset():
    data = yamlsafe.load("a: 1\nb:\n  - x\n  - y\n", "f.yaml", line_offset=10)
    assert data.lines == {"a": 11, "b": 12}
    assert data["b"].lines == [13, 14]


def test_raw_text_of_scalars_is_kept_for_messages():
    data = yamlsafe.load("title: no\ntime: 12:30\n", "f.yaml")
    assert data == {"title": False, "time": 750}
    assert data.raw == {"title": "no", "time": "12:30"}


def test_duplicate_key_names_both_lines():
    assert load_error("a: 1\nb: 2\na: 3\n") == (
        "f.yaml:3: error: duplicate key 'a' (first given on line 1); keep one"
    )


def test_syntax_error_line_is_counted_in_the_file_not_the_block():
    assert load_error("a: 1\nb: c: d\n", offset=1).startswith("f.yaml:3: error: YAML syntax")


def test_tab_indentation_is_named():
    assert "tab" in load_error("a:\n\tb: 1\n")


def test_impossible_date():
    assert "not a real date" in load_error("updated: 2021-02-30\n")


@pytest.mark.parametrize(
    "payload",
    [
        'x: !!python/object/apply:os.system ["touch /tmp/pwned"]',
        "x: !!python/name:os.system",
        'x: !!python/object/new:subprocess.Popen [["true"]]',
    ],
)
def test_python_tags_are_refused(payload, tmp_path):
    assert "is not allowed" in load_error(payload)


def test_aliases_are_refused_so_alias_bombs_cannot_expand():
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    assert "aliases" in load_error(bomb)


@pytest.mark.parametrize(
    "text", ["x: " + "[" * 100_000, "x:\n" + "- " * 100_000 + "a\n", "? " * 100_000 + "a\n"]
)
def test_deep_nesting_is_one_short_error_with_the_file_and_a_line(text):
    """Whether PyYAML or our own check refuses it, and in whose words, depends on the
    PyYAML version: the editor gets one line naming the file and a line, not a crash."""
    where, message = load_error(text).split(": error: ", 1)
    assert where.startswith("f.yaml:") and where.removeprefix("f.yaml:").isdigit(), where
    assert 0 < len(message) < 200 and "\n" not in message and "[[[[" not in message, message


TYPED_TITLES = {
    "[Draft] The largest cluster": '"[Draft] The largest cluster"',
    "{Draft} Heze": '"{Draft} Heze"',
    "'Ren's village'": '"Ren\'s village"',
    "@dinglou on Taobao": '"@dinglou on Taobao"',
    "`Taobao` villages": '"`Taobao` villages"',
}


@pytest.mark.parametrize("typed, quoted", TYPED_TITLES.items(), ids=TYPED_TITLES.keys())
def test_a_value_yaml_reads_as_its_own_is_said_with_the_quotes_that_make_it_text(typed, quoted):
    """YAML's own words (did not find expected key; found character that cannot start
    any token) told an editor who typed a title nothing of what to do."""
    message = load_error(f"summary: fine\ntitle: {typed}\n", offset=1)
    assert message.startswith("f.yaml:3: error: title: ") and f"title: {quoted}" in message, message


def test_a_chinese_paragraph_begun_with_ideographic_spaces_is_text_not_indentation():
    text = "note:\n  zh: |-\n    \u3000\u3000第一段: 照常。\n    \u3000\u3000第二段。\n"
    assert yamlsafe.load(text, "x.yaml")["note"]["zh"].startswith("\u3000\u3000第一段: ")
