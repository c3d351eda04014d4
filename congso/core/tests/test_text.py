# SPDX-License-Identifier: MIT
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from congso.core.text import exact_words, fold, has_marks, vi_sort_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ĐĂNG KÝ KẾT HÔN", "dang ki ket hon"),
        ("dang ki ket hon", "dang ki ket hon"),
        ("Đăng ký khai sinh", "dang ki khai sinh"),
        ("giấy phép xây dưng", "giay phep xay dung"),
        ("kỹ thuật", "ki thuat"),
        ("kĩ thuật", "ki thuat"),
        ("quy trình", "quy trinh"),
        ("qui trình", "quy trinh"),
        ("thủy sản", "thuy san"),
        ("thuỷ sản", "thuy san"),
        ("tay", "tay"),  # "ay" is a different syllable from "ai": never merged
        ("Mã 1.004227", "ma 1.004227"),
    ],
)
def test_fold_merges_what_readers_consider_the_same(text, folded):
    assert fold(text) == folded


def test_fold_accepts_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Đăng ký kết hôn")
    assert fold(decomposed) == fold("Đăng ký kết hôn")


def test_fold_drops_punctuation_and_query_syntax():
    assert fold('"khai sinh" AND (dang* OR ky) -') == "khai sinh and dang or ki"


@given(st.text(max_size=200))
def test_fold_is_idempotent_and_plain_ascii(text):
    once = fold(text)
    assert fold(once) == once
    assert once == once.lower()
    assert not has_marks(once)


def test_exact_words_keep_tone_marks():
    assert exact_words("Bán LẺ") == ["bán", "lẻ"]


def test_vietnamese_alphabetical_order():
    words = ["đá", "da", "dạ", "dà", "ă", "b", "a", "á", "â", "ơ", "o", "ô", "u", "ư", "y"]
    assert sorted(words, key=vi_sort_key) == [
        "a",
        "á",
        "ă",
        "â",
        "b",
        "da",
        "dà",
        "dạ",
        "đá",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "y",
    ]


def test_tone_order_is_ngang_huyen_hoi_nga_sac_nang():
    words = ["má", "mạ", "mã", "ma", "mả", "mà"]
    assert sorted(words, key=vi_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tones():
    assert sorted(["bé", "be", "bè", "bê"], key=vi_sort_key) == ["be", "bè", "bé", "bê"]
