"""Run-together text (crawler output): the labels found inside it (formats/_runs.py)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.formats import _runs


def words_one_by_one(text: str) -> tuple[str, list[int]]:
    """Each character folded (NFKC) on its own: what ``_words`` must give, however it gets it."""
    chars: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char):
            if folded.isalnum():
                chars.append(folded)
                where.append(i)
    return "".join(chars), where


_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(
            "一、本年新收政府信息公开申请数量６４００２０４７０（）_ \u3000ｱ①ﬁ가\u1100\u0301"
        ),
    )
)


@given(_TEXT)
def test_words_fold_each_character(text: str) -> None:
    assert _runs._words(text) == words_one_by_one(text)


def test_words_keep_where_each_came_from() -> None:
    words, where = _runs._words("（一）予以公开 ６4")
    assert words == "一予以公开64"
    assert where == [1, 3, 4, 5, 6, 8, 9]
