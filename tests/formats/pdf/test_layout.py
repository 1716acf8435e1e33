"""Page layout helpers of the PDF reader (``formats/pdf/_layout.py``)."""

from __future__ import annotations

import io

import pytest

pdfplumber = pytest.importorskip("pdfplumber", reason="the pdf extra is not installed")

import pdfdraw as d  # noqa: E402
from govdisclosure.formats.pdf._layout import _dedupe_chars  # noqa: E402


def test_dedupe_chars_keeps_what_pdfplumber_keeps_in_page_order() -> None:
    # Fake bold (each line printed again a fraction of a point off), a line printed again far
    # enough away to count as other text, the same letters in another size and font, and
    # lines in reading order and out of it.
    items: list[d.Item] = []
    for i, top in enumerate([100.0, 140.0, 60.0]):
        line = d.Text(x=72, top=top, text=f"Line {i}: 0 0 12 345 / total 357")
        items += [line, d.Text(x=72.4, top=top + 0.3, text=line.text)]
    items += [
        d.Text(x=75, top=100, text="Line 0: 0 0 12 345 / total 357"),
        d.Text(x=72, top=200, text="Line 0: 0 0 12 345", size=14),
        d.Text(x=72, top=240, text="Line 0: 0 0 12 345", font="Courier"),
        d.Text(x=72, top=240.5, text="Line 0: 0 0 12 345", font="Courier"),
    ]
    with pdfplumber.open(io.BytesIO(d.make_pdf([items]))) as pdf:
        page = pdf.pages[0]
        expected = page.dedupe_chars().chars
        found = _dedupe_chars(page).chars
        assert len(page.chars) > len(expected) > 0
        assert [id(c) for c in found] == [id(c) for c in expected]
        assert _dedupe_chars(page).objects.keys() == page.objects.keys()
