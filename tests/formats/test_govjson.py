"""The JSON format: lossless round trips, the published JSON Schema, strict and lenient reading."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import govdisclosure as gd
from govdisclosure.formats import govjson
from govdisclosure.formats.govjson import JsonWriter, from_data, to_data
from roundtrip import GOLDEN_REPORTS, assert_same_report, check_golden, golden_report
from strategies import reports


def dump(report: gd.AnnualReport) -> str:
    data = gd.dumps(report, "json")
    assert isinstance(data, str)
    return data


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = govjson.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


# -- round trips -------------------------------------------------------------------------------


@given(reports())
def test_round_trip_is_lossless(report: gd.AnnualReport) -> None:
    assert_same_report(report, gd.loads(dump(report), "json"))


@given(reports())
def test_writer_output_validates_against_the_schema(report: gd.AnnualReport) -> None:
    schema = govjson.json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(json.loads(dump(report))))
    assert errors == []


@pytest.mark.parametrize("stem", GOLDEN_REPORTS)
def test_golden_file(stem: str) -> None:
    check_golden(stem, ".json", dump(golden_report(stem)))


def test_compact_and_ascii_output(sample: gd.AnnualReport) -> None:
    text = JsonWriter(indent=None, ensure_ascii=True).dumps(sample)
    assert text.isascii()
    assert text.count("\n") == 1
    assert gd.loads(text, "json") == sample


def test_values_blank_zero_and_amounts() -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2020)
    report.proactive["centralized_procurement", "amount"] = Decimal("0.0000")
    report.proactive["administrative_licensing", "change"] = -3
    report.applications["new_received", "natural_person"] = 0
    data = json.loads(dump(report))
    assert data["proactive"]["article20_9"]["centralized_procurement"]["amount"] == "0.0000"
    assert data["proactive"]["article20_5"]["administrative_licensing"]["change"] == -3
    assert data["applications"]["new_received"]["natural_person"] == 0
    assert data["applications"]["new_received"]["total"] is None
    assert data["title"] is None
    back = gd.loads(dump(report), "json")
    amount = back.proactive["centralized_procurement", "amount"]
    assert isinstance(amount, Decimal)
    assert str(amount) == "0.0000"


def test_extra_row_values_keep_their_type() -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2020)
    report.proactive.extra_rows.append(
        gd.ExtraRow(label="其他", values=(Decimal("3"), 3, None), block="article20_5")
    )
    data = json.loads(dump(report))
    assert data["proactive"]["extra_rows"] == [
        {"label": "其他", "block": "article20_5", "values": ["3", 3, None]}
    ]
    back = gd.loads(dump(report), "json")
    assert [type(v) for v in back.proactive.extra_rows[0].values] == [Decimal, int, type(None)]


def test_to_data_and_from_data(sample: gd.AnnualReport) -> None:
    data = to_data(sample)
    json.dumps(data)  # plain JSON data
    assert from_data(copy.deepcopy(data)) == sample


def test_forwarded_from_the_registry() -> None:
    assert gd.formats.json_schema()["$schema"] == govjson.JSON_SCHEMA_DIALECT


def test_shipped_schema_is_current() -> None:
    assert govjson.json_schema_path().read_bytes() == govjson.build_json_schema_bytes(), (
        "the shipped JSON Schema is stale: run python tools/genschemas.py"
    )


def test_json_schema_is_a_fresh_copy() -> None:
    govjson.json_schema()["title"] = "changed"
    assert govjson.json_schema()["title"] != "changed"


# -- strict and lenient reading, in agreement with the schema ----------------------------------


def _sample_data() -> dict[str, Any]:
    return json.loads(dump(golden_report("xiangyun_2020")))  # type: ignore[no-any-return]


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split("/")
    for key in parents:
        data = data[key]
    if value is _DELETE:
        del data[last]
    else:
        data[last] = value


_DELETE = object()

BROKEN = {
    "negative count": ("applications/granted/natural_person", -1, "expected a whole number ≥ 0"),
    "float count": ("applications/granted/natural_person", 1.5, "expected a whole number"),
    "string count": ("applications/granted/natural_person", "1", "expected a whole number"),
    "bool count": ("applications/granted/natural_person", True, "expected a number or null"),
    "amount as number": ("proactive/article20_9/centralized_procurement/amount", 1.5, "string"),
    "amount garbage": ("proactive/article20_9/centralized_procurement/amount", "1,5", "decimal"),
    "negative amount": ("proactive/article20_9/centralized_procurement/amount", "-1", "≥ 0"),
    "missing cell": ("applications/granted/total", _DELETE, "member 'total' is missing"),
    "missing table": ("reviews", _DELETE, "member 'reviews' is missing"),
    "unknown member": ("applications/granted/everyone", 3, "unknown member 'everyone'"),
    "wrong edition's row": ("applications/other_no_correction", {}, "other_no_correction"),
    "bad paragraph": ("overview/content", [{"p": "  "}], "must not be empty"),
    "bad content item": ("overview/content", [{"x": "y"}], '{"p": text}'),
    "bad date": ("published_on", "2021-13-01", "expected a date"),
    "bad level": ("agency/level", "village", "unknown agency level 'village'"),
    "unknown block": (
        "proactive/extra_rows",
        [{"label": "x", "block": "b", "values": []}],
        "block",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_documents(case: str, validator: jsonschema.protocols.Validator) -> None:
    path, value, message = BROKEN[case]
    data = _sample_data()
    _set(data, path, value)
    assert not validator.is_valid(data), "the schema should refuse it too"
    text = json.dumps(data, ensure_ascii=False)
    with pytest.raises(gd.ReadError) as caught:
        gd.loads(text, "json", source="broken.json")
    assert caught.value.source == "broken.json"
    assert message in str(caught.value)
    assert caught.value.place is not None
    # the JSON pointer names the member, its parent (when missing) or an item inside it
    place, target = caught.value.place.rstrip("/") + "/", f"/{path}/"
    assert place.startswith(target) or target.startswith(place)
    lenient = gd.loads(text, "json", strict=False)
    assert lenient.source is not None
    assert lenient.source.notes
    assert {n.code for n in lenient.source.notes} == {"read.schema"}


def test_lenient_reading_keeps_what_it_can() -> None:
    data = _sample_data()
    data["applications"]["granted"]["natural_person"] = -1
    data["proactive"]["article20_9"]["centralized_procurement"]["amount"] = 12.5
    del data["reviews"]
    report = gd.loads(json.dumps(data), "json", strict=False)
    assert report.applications["granted", "natural_person"] is None
    assert report.applications["granted", "commercial_enterprise"] == 0
    assert report.proactive["centralized_procurement", "amount"] == Decimal("12.5")
    assert report.reviews.is_blank
    assert report.source is not None
    notes = {n.location.path: n for n in report.source.notes}
    assert set(notes) == {
        "applications[granted][natural_person]",
        "proactive[centralized_procurement][amount]",
        "report",
    }
    assert "/reviews" not in notes["report"].message or "reviews" in notes["report"].message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected a number or null, found true"),
        ("3", "expected a whole number or null, found '3'"),
        (-3, "expected a whole number ≥ 0 (int) or None, found -3"),
        (2.5, "expected a whole number or null, found 2.5"),
    ],
)
def test_lenient_reading_of_odd_cells(value: object, message: str) -> None:
    # Rows of counts are read in one step; a row with any odd value is read member by member,
    # with the same result as if every row were.
    data = _sample_data()
    data["proactive"]["article20_1"]["rules"]["made"] = value
    report = gd.loads(json.dumps(data), "json", strict=False)
    assert report.proactive["rules", "made"] is None
    assert report.proactive["rules", "published"] == 0  # the rest of the row is read
    assert report.source is not None
    (note,) = report.source.notes
    assert note.location.path == "proactive[rules][made]"
    assert note.message == f"/proactive/article20_1/rules/made: {message}"


def test_members_in_another_order_read_the_same() -> None:
    data = _sample_data()
    row = data["applications"]["granted"]
    data["applications"]["granted"] = dict(reversed(row.items()))
    report = gd.loads(json.dumps(data), "json")
    assert report == gd.loads(json.dumps(_sample_data()), "json")


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"this is not JSON", "not valid JSON", 1),
        (b'{\n  "format": "urn:govdisclosure:report:1",\n  "edition": ', "not valid JSON", 3),
        (b'{"year": NaN}', "NaN is not a JSON number", None),
        (b"[1, 2]", "expected a JSON object, found an array", None),
        (b'{"format": "something else"}', "not a govdisclosure report", None),
        (b'{"format": "urn:govdisclosure:report:7"}', "version '7'", None),
        (b'{"format": "urn:govdisclosure:report:1", "edition": "2030"}', "unknown edition", None),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply", None),
        (b"\xff\xfe\x00", "not", None),
    ],
)
def test_bad_input(data: bytes, message: str, line: int | None) -> None:
    with pytest.raises(gd.ReadError) as caught:
        gd.loads(data, "json", source="bad.json")
    assert message in str(caught.value)
    assert caught.value.source == "bad.json"
    assert caught.value.line == line


def test_duplicate_members() -> None:
    text = dump(golden_report("xiangyun_2020")).replace(
        '"year": 2020,', '"year": 2020,\n  "year": 2020,', 1
    )
    with pytest.raises(gd.ReadError, match="'year' appears more than once"):
        gd.loads(text, "json")
    lenient = gd.loads(text, "json", strict=False)
    assert lenient.source is not None
    assert [n.code for n in lenient.source.notes] == ["read.schema"]


def test_byte_order_mark(sample: gd.AnnualReport) -> None:
    assert gd.loads("\ufeff" + dump(sample), "json") == sample
    assert gd.loads(dump(sample).encode("utf-8-sig"), "json") == sample
    assert gd.loads(dump(sample).encode("utf-16"), "json") == sample
