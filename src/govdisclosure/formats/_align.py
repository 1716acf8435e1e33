"""Placing a row's numbers in its columns when the copy lost cells or separators.

Two ways a copy goes wrong (FORMAT.md, "What real copies look like"):

* cells lost: a row has fewer numbers than columns (merged cells collapsed, a cell dropped);
* separators lost: the numbers of a row run together (``640020470`` for seven cells).

Only what the format guarantees may settle a reading: the number of cells, no leading zeros,
counts ≥ 0, and the sums declared in the edition (a row's total is the sum of its parts; the
column rules across rows). :func:`placements` and :func:`splits` list every reading those allow;
the caller settles a row only when one reading remains. When several rows each keep more than
one reading, :func:`compatible` keeps, for every row, the readings that can stand together with
some reading of each other row under the column rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

__all__ = [
    "UNKNOWN",
    "Constraint",
    "Identity",
    "Term",
    "Vector",
    "compatible",
    "placements",
    "solve",
    "splits",
]


class _Unknown:
    """A cell whose value the copy lost."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "?"


UNKNOWN: Final = _Unknown()

Number = int | Decimal
Cell = Number | None | _Unknown
Vector = tuple[Cell, ...]
Constraint = tuple[int, tuple[int, ...]]
"""``(total, terms)``: the cell at index ``total`` equals the sum of the cells at ``terms``."""

Term = tuple[int, int]
"""``(row, cell)``: a cell of the reading chosen for one of the rows given to :func:`compatible`."""
Identity = tuple[tuple[Cell, ...], tuple[Term, ...], tuple[Cell, ...], tuple[Term, ...]]
"""``(left values, left terms, right values, right terms)``: the values on each side (cells
whose value is known) plus the chosen readings' cells at the terms have equal sums."""

MAX_PLACEMENTS = 20000
MAX_SPLIT_NODES = 200000


def solve(
    cells: Sequence[Cell], constraints: Sequence[Constraint], nonnegative: Sequence[bool]
) -> Vector | None:
    """Fill unknown cells the constraints determine; ``None`` if the cells contradict them.

    A blank operand (``None``) leaves a constraint unchecked, as validation does. Several
    unknown terms whose known siblings already reach the total are all 0 (counts are ≥ 0).
    """
    vec: list[Cell] = list(cells)
    changed = True
    while changed:
        changed = False
        for total, terms in constraints:
            members = (total, *terms)
            if any(vec[i] is None for i in members):
                continue
            unknown = [i for i in members if vec[i] is UNKNOWN]
            known_terms: Number = sum(
                (v for i in terms if isinstance(v := vec[i], (int, Decimal))), 0
            )
            if not unknown:
                if vec[total] != known_terms:
                    return None
                continue
            if len(unknown) == 1:
                (u,) = unknown
                if u == total:
                    vec[total] = known_terms
                else:
                    value = vec[total] - known_terms  # type: ignore[operator]
                    if value < 0 and nonnegative[u]:
                        return None
                    vec[u] = value
                changed = True
            elif total not in unknown and all(nonnegative[u] for u in unknown):
                remaining = vec[total] - known_terms  # type: ignore[operator]
                if remaining < 0:
                    return None
                if remaining == 0:
                    for u in unknown:
                        vec[u] = 0
                    changed = True
    return tuple(vec)


def placements(
    values: Sequence[Cell],
    width: int,
    constraints: Sequence[Constraint],
    nonnegative: Sequence[bool],
    fits: Sequence[Sequence[bool]] | None = None,
) -> list[Vector] | None:
    """Every distinct reading of ``values`` (in order) placed in ``width`` cells, lost cells
    unknown, that the constraints allow; ``None`` if there are too many to list.

    ``fits[i][j]`` says whether value ``i`` can stand in column ``j`` (a decimal cannot be a
    count, a negative number cannot be a count).
    """
    count = len(values)
    readings: dict[Vector, None] = {}
    for n, chosen in enumerate(itertools.combinations(range(width), count)):
        if n >= MAX_PLACEMENTS:
            return None
        if fits is not None and not all(fits[i][j] for i, j in enumerate(chosen)):
            continue
        cells: list[Cell] = [UNKNOWN] * width
        for value, column in zip(values, chosen, strict=True):
            cells[column] = value
        solved = solve(cells, constraints, nonnegative)
        if solved is not None:
            readings.setdefault(solved, None)
    return list(readings)


def splits(
    digits: str,
    width: int,
    constraints: Sequence[Constraint],
    limit: int = 64,
) -> list[Vector] | None:
    """Every way to cut a run of digits into ``width`` counts (no leading zeros) that satisfies
    the constraints; ``None`` if the search is too large or finds more than ``limit``."""
    return split_search(digits, width, constraints, limit)[0]


def split_search(
    digits: str,
    width: int,
    constraints: Sequence[Constraint],
    limit: int = 64,
    max_nodes: int = MAX_SPLIT_NODES,
) -> tuple[list[Vector] | None, int]:
    """:func:`splits`, and the steps its search took (at most ``max_nodes`` + 1): what a
    caller bounding the work of a whole document counts."""
    checks: list[tuple[Constraint, ...]] = [() for _ in range(width)]
    for constraint in constraints:
        total, terms = constraint
        last = max(total, *terms)
        if last < width:
            checks[last] = (*checks[last], constraint)
    found: list[Vector] = []
    parts: list[int] = []
    nodes = 0
    size = len(digits)

    def walk(start: int) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > max_nodes:
            raise _TooMany
        slot = len(parts)
        if slot == width:
            if start == size:
                found.append(tuple(parts))
                if len(found) > limit:
                    raise _TooMany
            return
        zero = digits[start] == "0"  # no leading zeros: a 0 stands alone
        if slot == width - 1:  # the last count takes the rest
            ends = range(size, size + 1) if not zero or start + 1 == size else range(0)
        elif zero:
            ends = range(start + 1, start + 2)
        else:  # each later count keeps at least one digit
            ends = range(start + 1, size - (width - slot - 1) + 1)
        here = checks[slot]
        for end in ends:
            parts.append(int(digits[start:end]))
            if not here or all(parts[t] == sum(parts[i] for i in terms) for t, terms in here):
                walk(end)
            parts.pop()

    if size < width:
        return [], 0
    try:
        walk(0)
    except _TooMany:
        return None, nodes
    return list(found), nodes


def compatible(
    options: Sequence[Sequence[Vector]], identities: Sequence[Identity]
) -> list[list[Vector]] | None:
    """For each row, the readings (of ``options[row]``) that occur in some combination of one
    reading per row satisfying every identity; ``None`` if no combination does.

    An identity with a blank or unknown operand is not checked (as validation does). The
    combinations are searched row by row, an identity checked as soon as the rows it involves
    have their readings, so a reading that contradicts another row's is dropped without
    listing the combinations of the rows after it; each reading is looked for only until one
    combination holds it.
    """
    count = len(options)
    checks: list[list[Identity]] = [[] for _ in range(count)]
    for identity in identities:
        left, left_terms, right, right_terms = identity
        if any(v is None or isinstance(v, _Unknown) for v in (*left, *right)):
            continue
        rows = {row for row, _ in (*left_terms, *right_terms)}
        if rows:
            checks[max(rows)].append(identity)
        elif _total(left) != _total(right):
            return None
    chosen: list[Vector] = [()] * count

    def holds(identity: Identity) -> bool:
        left, left_terms, right, right_terms = identity
        lhs = [chosen[row][cell] for row, cell in left_terms]
        rhs = [chosen[row][cell] for row, cell in right_terms]
        if any(v is None or isinstance(v, _Unknown) for v in (*lhs, *rhs)):
            return True
        return _total((*left, *lhs)) == _total((*right, *rhs))

    def extend(row: int, domains: Sequence[Sequence[Vector]]) -> bool:
        if row == count:
            return True
        for reading in domains[row]:
            chosen[row] = reading
            if all(holds(identity) for identity in checks[row]) and extend(row + 1, domains):
                return True
        return False

    found: list[dict[Vector, None]] = [{} for _ in range(count)]
    for row in range(count):
        for reading in options[row]:
            if reading in found[row]:
                continue
            domains = [*options[:row], (reading,), *options[row + 1 :]]
            if extend(0, domains):
                for other, held in enumerate(chosen):
                    found[other].setdefault(held, None)
        if row == 0 and not found[0]:
            return None  # every combination holds some reading of the first row
    return [[r for r in readings if r in found[row]] for row, readings in enumerate(options)]


def _total(values: Sequence[Cell]) -> Number:
    return sum(values, 0)  # type: ignore[arg-type]


class _TooMany(Exception):
    """The search space is larger than a reader should explore."""
