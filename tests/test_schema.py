import datetime as dt

from storysite import yamlsafe
from storysite.errors import Problems
from storysite.schema import Field, check_mapping

FIELDS = (
    Field("title", "text", True),
    Field("order", "int"),
    Field("draft", "bool"),
    Field("updated", "date"),
    Field("when", "partial_date"),
    Field("label", "localized"),
)


def check(text: str):
    problems = Problems()
    values = check_mapping(yamlsafe.load(text, "c.md", 1), FIELDS, "c.md", problems)
    return values, [str(p) for p in problems.items]


def test_valid_values_are_converted():
    values, problems = check(
        'title: "no"\norder: 3\ndraft: false\nupdated: 2026-01-02\nwhen: "2009-10"\nlabel: {en: A, zh: 甲}\n'
    )
    assert problems == []
    assert values["title"] == "no"
    assert values["updated"] == dt.date(2026, 1, 2)
    assert values["when"].iso == "2009-10"
    assert values["label"] == {"en": "A", "zh": "甲"}


def test_yaml_boolean_in_a_text_field_quotes_what_was_typed():
    _, problems = check("title: no\n")
    assert problems == [
        "c.md:2: error: title: should be text, but YAML read `no` as the yes/no value false; "
        'put it in quotes: "no"'
    ]


def test_quoted_number_in_a_number_field():
    _, problems = check('title: T\norder: "1"\n')
    assert problems == ['c.md:3: error: order: should be a whole number, not the text "1"; remove the quotes']


def test_yes_is_not_accepted_for_true():
    _, problems = check("title: T\ndraft: yes\n")
    assert problems == ["c.md:3: error: draft: should be true or false, not `yes`"]


def test_unknown_key_suggests_the_close_one():
    _, problems = check("title: T\ntilte: U\n")
    assert problems == ["c.md:3: error: unknown key 'tilte'; did you mean 'title'?"]


def test_missing_required_key_and_every_problem_reported_together():
    _, problems = check("order: x\ndraft: 1\n")
    assert len(problems) == 3
    assert any("missing required key 'title'" in p for p in problems)


def test_localized_text_needs_every_language():
    _, problems = check("title: T\nlabel: {en: A}\n")
    assert problems == ["c.md:3: error: label: should give the text for each language: {en: ..., zh: ...}"]
