"""Hostile JSON: nesting, numbers and encodings that could crash, hang or blow up a reader end
in a ReadError (or, read leniently, a report with reader notes), in bounded time and memory."""

from __future__ import annotations

import json
from typing import Any

import pytest

import govdisclosure as gd
from bounded import read_bounded, read_or_refused, refused
from govdisclosure.editions import ValueKind, get_edition
from govdisclosure.formats import MAX_TEXT_BYTES
from govdisclosure.formats.govjson import JsonReader, JsonWriter


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    from support import sample_report

    data: dict[str, Any] = json.loads(JsonWriter().dumps(sample_report()))
    return data


def _amount_cell() -> tuple[str, str, str, str]:
    """Table, block, row and column keys of the first amount (万元) cell of edition 2019."""
    for table in get_edition("2019").tables:
        for block in table.blocks:
            for column in block.columns:
                if column.kind is ValueKind.MONEY:
                    return table.key, block.key, block.rows[0].key, column.key
    raise AssertionError("edition 2019 has no amount column")


def _dumps(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting_is_refused(opener: str) -> None:
    refused(
        read_bounded(JsonReader(), opener * 200_000), r"attack: not a report: nested too deeply"
    )


def test_a_number_of_a_million_digits_is_refused_quickly() -> None:
    outcome = refused(
        read_bounded(JsonReader(), '{"year": ' + "9" * 1_000_000 + "}"),
        r"not valid JSON: Exceeds the limit \(4300 digits\)",
    )
    assert outcome.seconds < 1


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_numbers_are_refused(constant: str) -> None:
    refused(
        read_bounded(JsonReader(), f'{{"year": {constant}}}'), rf"{constant} is not a JSON number"
    )


@pytest.mark.parametrize("amount", ["1E+999999999", "1e-999999999", "1" + "0" * 100])
def test_an_amount_that_writes_out_to_a_billion_digits_is_refused(
    document: dict[str, Any], amount: str
) -> None:
    # Read as is, "1E+999999999" would make every document written from the report a gigabyte.
    table, block, row, column = _amount_cell()
    document[table][block][row][column] = amount
    refused(
        read_bounded(JsonReader(), _dumps(document)),
        rf"/{table}/{block}/{row}/{column}: expected an amount of at most 64 digits",
    )
    lenient = read_or_refused(read_bounded(JsonReader(strict=False), _dumps(document)))
    assert lenient.kind == "report"
    assert "read.schema" in lenient.detail["notes"]


def test_an_amount_as_a_huge_json_number_is_refused_when_lenient(document: dict[str, Any]) -> None:
    table, block, row, column = _amount_cell()
    cells = document[table][block][row]
    cells[column] = "4242.5"
    data = _dumps(document).decode().replace('"4242.5"', "1e999999999", 1)
    outcome = read_or_refused(read_bounded(JsonReader(strict=False), data))
    assert outcome.kind == "report"
    assert outcome.detail["notes"].count("read.schema") >= 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00\xd8", r"not valid JSON|not UTF-8"),
        (b'{"format": "\xc3\x28"}', r"not UTF-8|not valid JSON"),
        (bytes(range(256)), r"not valid JSON|not UTF-8"),
        ("\ufeff\ufeff{}", r"not a govdisclosure report"),
        (b"", r"not valid JSON"),
        ('{"format": "\\ud800"}', r"not a govdisclosure report"),
    ],
    ids=["utf16-lone-surrogate", "bad-utf8", "binary", "two-boms", "empty", "escaped-surrogate"],
)
def test_bad_encodings_are_refused(data: str | bytes, message: str) -> None:
    refused(read_bounded(JsonReader(), data), message)


def test_a_lone_surrogate_in_a_name_is_refused(document: dict[str, Any]) -> None:
    text = _dumps(document).decode()
    name = document["agency"]["name"]
    data = text.replace(json.dumps(name, ensure_ascii=False), '"\\udc80"', 1)
    refused(read_bounded(JsonReader(), data), r"attack")


def test_many_duplicate_members_are_noted_or_refused(document: dict[str, Any]) -> None:
    text = _dumps(document).decode()
    data = '{"year": 2020, ' * 1 + '"title": "x", ' * 100_000 + text[1:]
    refused(read_bounded(JsonReader(), data), r"member 'title' appears more than once")


def test_an_upload_over_the_limit_is_refused_before_parsing() -> None:
    data = " " * (MAX_TEXT_BYTES + 1)
    outcome = refused(
        read_bounded(JsonReader(), data),
        rf"the input is {len(data)} characters, more than the limit of {MAX_TEXT_BYTES}",
    )
    assert outcome.seconds < 0.5


def test_wrong_types_everywhere_are_refused_or_noted(document: dict[str, Any]) -> None:
    hostile: list[Any] = [None, True, 1, "x", [], {}, [[]], {"p": 1}]
    for key in [k for k in document if k != "format"]:
        for value in hostile:
            changed = {**document, key: value}
            outcome = read_or_refused(read_bounded(JsonReader(strict=False), _dumps(changed)))
            if outcome.kind == "raised":
                assert "attack" in outcome.message


def test_from_data_is_guarded_too() -> None:
    from govdisclosure.formats.govjson import from_data

    with pytest.raises(gd.ReadError, match="expected a JSON object"):
        from_data([], source="data")  # type: ignore[arg-type]
