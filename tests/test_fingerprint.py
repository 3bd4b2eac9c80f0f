"""The fingerprint every cached result is keyed by: equal values, equal fingerprints,
however they were met before; any difference, another fingerprint.

A value's fingerprint may be computed the long way or read from what its items
already hold (a frozen dataclass keeps its own); both ways must give the same
answer, or a warm build would look up another key than a cold one."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from storysite.fingerprint import Fingerprinter, fingerprint


@dataclass(frozen=True)
class Leaf:
    name: str
    number: int


@dataclass(frozen=True)
class Pair:
    left: Leaf
    right: object  # a Leaf, a string, None or a tuple


@dataclass(frozen=True)
class Single:
    only: object


LEAVES = st.builds(Leaf, st.text(max_size=80), st.integers())
PLAIN = st.one_of(st.none(), st.text(max_size=80), st.integers(), LEAVES)
ITEMS = st.recursive(
    st.one_of(PLAIN, st.builds(Pair, LEAVES, PLAIN)),
    lambda inner: st.one_of(
        st.tuples(inner, inner), st.builds(Single, inner), st.lists(inner, max_size=4).map(tuple)
    ),
    max_leaves=12,
)


def rebuilt(value):
    """An equal value made of new objects, none of which has met a fingerprinter."""
    if isinstance(value, Leaf):
        return Leaf(value.name, value.number)
    if isinstance(value, Pair):
        return Pair(rebuilt(value.left), rebuilt(value.right))
    if isinstance(value, Single):
        return Single(rebuilt(value.only))
    if isinstance(value, tuple):
        return tuple(rebuilt(item) for item in value)
    if isinstance(value, list):
        return [rebuilt(item) for item in value]
    return value


@settings(max_examples=150, derandomize=True, database=None)
@given(st.lists(ITEMS, max_size=8), st.data())
def test_a_list_has_one_fingerprint_whether_its_items_were_met_before_or_not(items, data):
    cold = fingerprint(rebuilt(items))
    warm_items = rebuilt(items)
    some = data.draw(st.lists(st.integers(0, max(len(warm_items) - 1, 0)), max_size=len(warm_items)))
    for index in some:  # a stage before keyed some of them: they now hold their fingerprints
        fingerprint(warm_items[index])
    assert fingerprint(warm_items) == cold
    assert Fingerprinter().items(warm_items) == [fingerprint(rebuilt(item)) for item in items]


@settings(max_examples=150, derandomize=True, database=None)
@given(st.lists(LEAVES, min_size=2, max_size=8), st.data())
def test_changing_one_item_of_a_list_of_known_items_changes_its_fingerprint(leaves, data):
    for leaf in leaves:
        fingerprint(leaf)  # every item already holds its fingerprint
    before = fingerprint(list(leaves))
    index = data.draw(st.integers(0, len(leaves) - 1))
    changed = list(leaves)
    old = leaves[index]
    changed[index] = data.draw(
        st.one_of(
            st.builds(Leaf, st.just(old.name), st.integers().filter(lambda n: n != old.number)),
            st.text(max_size=10),  # not a dataclass at all: the list goes the long way
            st.none(),
        )
    )
    assert fingerprint(changed) != before
    assert fingerprint(tuple(leaves)) != before  # a tuple is not a list with the same items


def test_a_dataclass_of_one_field_is_keyed_by_that_field():
    assert fingerprint(Single("a")) == fingerprint(Single("a"))
    assert fingerprint(Single("a")) != fingerprint(Single("b"))
    assert fingerprint(Single(Leaf("x", 1))) != fingerprint(Pair(Leaf("x", 1), None))
