"""Bytes to text: which decodes are plausible text (formats/_decode.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.formats import _decode

_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def plausible_as_specified(text: str) -> bool:
    """Fewer than one control character (other than tab, LF, CR, FF) in 200, over the first
    65,536 characters."""
    if not text:
        return True
    return len(_CONTROLS.findall(text[:65536])) * 200 < min(len(text), 65536)


@given(
    st.text(st.sampled_from("\x00\x01\x08\t\n\x0c\r\x0e\x1f\x7f\x80 a政\ud800\U0001f600")),
    st.integers(0, 70000),
)
def test_plausible_counts_control_characters(text: str, padding: int) -> None:
    for candidate in (text, "政" * padding + text, text + "a" * padding):
        assert _decode._plausible(candidate) == plausible_as_specified(candidate)


def test_binary_is_not_text() -> None:
    assert not _decode._plausible("\x00\x01" * 100)
    assert _decode._plausible("政府信息公开\t\r\n\x0c" * 100)
    assert _decode._plausible("a" * 199 + "\x00") is False
    assert _decode._plausible("a" * 200 + "\x00") is True


@given(
    st.text(st.sampled_from("\x00\x01\x08\t\n\x0c\r\x0e\x1f\x7f a政府")),
    st.sampled_from(["utf-8", "UTF8", "gb18030", "GBK", "utf-16-le", "latin-1"]),
)
def test_a_decode_is_kept_when_plausible(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    decoded = data.decode(encoding)
    expected = decoded if plausible_as_specified(decoded) else None
    assert _decode._try(data, encoding) == expected
