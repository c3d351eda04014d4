# SPDX-License-Identifier: MIT
"""File names: what is kept of the name someone typed, and what a download is called."""

from __future__ import annotations

import unicodedata

import pytest

from congso.files.kinds import KINDS, kind_claimed_by, storage_name
from congso.files.names import download_name, filename_clean


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\Lan\\Desktop\\đơn xin.pdf", "đơn xin.pdf"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b\x1f\x7fc.pdf", "abc.pdf"),
        ("hóa_đơn\u202efdp.exe", "hóa_đơnfdp.exe"),
        ("  tờ\tkhai\n .docx  ", "tờ khai .docx"),
        ('gi?y "ph?p"*.pdf', "gi_y _ph_p__.pdf"),
        ("...", "file"),
        ("", "file"),
        ("/", "file"),
    ],
)
def test_a_name_keeps_only_its_last_part_without_control_characters(given, kept):
    assert filename_clean(given) == kept


def test_a_name_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoa.pdf")
    assert decomposed != "Nguyễn Thị Hoa.pdf"
    assert filename_clean(decomposed) == "Nguyễn Thị Hoa.pdf"


def test_a_long_name_is_cut_to_200_characters_keeping_its_suffix():
    cleaned = filename_clean("đ" * 500 + ".xlsx")
    assert len(cleaned) == 200
    assert cleaned.endswith("đ.xlsx")


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("scan.pdf", "pdf", "scan.pdf"),
        ("ảnh.JPEG", "jpeg", "ảnh.JPEG"),
        ("scan.pdf", "jpeg", "scan.jpg"),
        ("virus.exe", "png", "virus.exe.png"),
        ("bản v2", "docx", "bản v2.docx"),
    ],
)
def test_a_download_gets_the_suffix_of_its_real_kind(name, kind, expected):
    assert download_name(name, KINDS[kind]) == expected


def test_a_claimed_kind_and_the_storage_name():
    assert kind_claimed_by("x.JPG").code == "jpeg"
    assert kind_claimed_by("x.exe") is None
    sha = "ab" + "cd" + "0" * 60
    assert storage_name(sha, "jpeg") == f"files/ab/cd/{sha}.jpg"
