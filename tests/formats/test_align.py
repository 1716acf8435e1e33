"""Placing numbers in columns: readings that several rows allow together (formats/_align.py)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.formats import _align
from govdisclosure.formats._align import UNKNOWN, Identity, Vector


def brute_force(
    options: list[list[Vector]], identities: list[Identity]
) -> list[list[Vector]] | None:
    """Every combination of one reading per row, checked whole: what ``compatible`` must give."""

    def holds(combo: tuple[Vector, ...], identity: Identity) -> bool:
        left, left_terms, right, right_terms = identity
        lhs = [*left, *(combo[r][c] for r, c in left_terms)]
        rhs = [*right, *(combo[r][c] for r, c in right_terms)]
        if any(v is None or v is UNKNOWN for v in (*lhs, *rhs)):
            return True
        return sum(lhs) == sum(rhs)  # type: ignore[arg-type]

    survivors = [
        combo
        for combo in itertools.product(*options)
        if all(holds(combo, identity) for identity in identities)
    ]
    if not survivors:
        return None
    return [
        [r for r in readings if any(combo[row] == r for combo in survivors)]
        for row, readings in enumerate(options)
    ]


_CELL = st.one_of(st.integers(0, 3), st.just(UNKNOWN), st.just(None))
_WIDTH = 3


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[list[Vector]], list[Identity]]:
    rows = draw(st.integers(1, 4))
    options = [
        draw(
            st.lists(
                st.tuples(*[_CELL] * _WIDTH),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        for _ in range(rows)
    ]
    terms = st.tuples(st.integers(0, rows - 1), st.integers(0, _WIDTH - 1))
    fixed = st.lists(st.one_of(st.integers(0, 4), st.just(None)), max_size=2).map(tuple)
    identities = draw(
        st.lists(
            st.tuples(
                fixed,
                st.lists(terms, max_size=3).map(tuple),
                fixed,
                st.lists(terms, max_size=3).map(tuple),
            ),
            max_size=5,
        )
    )
    return options, identities


@given(problems())
def test_compatible_keeps_what_some_combination_holds(
    problem: tuple[list[list[Vector]], list[Identity]],
) -> None:
    options, identities = problem
    assert _align.compatible(options, identities) == brute_force(options, identities)


def test_compatible_settles_a_row_through_another() -> None:
    # Row 0 reads (3, ?) or (?, 3); row 1 is (3, 0) or (0, 3); cell 0 of both rows is equal and
    # row 1's first cell is 3 by a fixed identity: only (3, ?) and (3, 0) remain.
    options: list[list[Vector]] = [[(3, UNKNOWN), (UNKNOWN, 3), (0, 0)], [(3, 0), (0, 3)]]
    identities: list[Identity] = [
        ((), ((0, 0),), (), ((1, 0),)),
        ((3,), (), (), ((1, 0),)),
    ]
    assert _align.compatible(options, identities) == [[(3, UNKNOWN), (UNKNOWN, 3)], [(3, 0)]]


def test_compatible_blank_operand_is_not_checked() -> None:
    options: list[list[Vector]] = [[(1,), (2,)]]
    assert _align.compatible(options, [((None,), ((0, 0),), (5,), ())]) == options


def test_compatible_nothing_holds() -> None:
    assert _align.compatible([[(1,), (2,)]], [((5,), ((0, 0),), (), ())]) is None
    assert _align.compatible([[(1,)]], [((1,), (), (2,), ())]) is None
