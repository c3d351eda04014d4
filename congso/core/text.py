# SPDX-License-Identifier: MIT
"""Vietnamese text: one normaliser for matching, one sort key for ordering.

`fold()` is what every search in congso compares: NFC, case-folded, tone marks and other
diacritics removed, đ → d, and the common i/y spelling variants (kí/ký, lí/lý, qui/quy)
merged. `vi_sort_key()` orders names the way a Vietnamese reader expects
(a ă â b c d đ e ê … and tones ngang < huyền < hỏi < ngã < sắc < nặng).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_COMBINING_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
_WORD_RE = re.compile(r"[0-9a-z]+(?:\.[0-9]+)*")
# A syllable whose only vowel is a final "y" after a consonant onset is spelt with "i" too
# (kỹ/kĩ, lý/lí, mỹ/mĩ, sỹ/sĩ). Syllables like "ay", "uy", "ây" are different words.
_I_Y_VARIANT_RE = re.compile(r"^(b|c|ch|d|g|gh|h|k|kh|l|m|n|nh|ng|ngh|p|ph|r|s|t|th|tr|v|x)y$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    if word == "qui":
        return "quy"
    return _I_Y_VARIANT_RE.sub(r"\1i", word)


def strip_marks(text: str) -> str:
    """Remove every diacritic (tone marks, ă/â/ê/ô/ơ/ư hats and horns) and map đ to d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The matching form of `text`: lower case, no marks, spelling variants merged."""
    return " ".join(fold_words(text))


def fold_words(text: str) -> list[str]:
    plain = strip_marks(nfc(text).casefold())
    return [_fold_word(word) for word in _WORD_RE.findall(plain)]


def exact_words(text: str) -> list[str]:
    """Lower-case NFC words with their marks kept, to reward a query typed with accents."""
    return re.findall(r"\w+", nfc(text).casefold())


def has_marks(text: str) -> bool:
    return strip_marks(text) != text


# --- sorting ---------------------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}


def _base_letter_and_tone(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _COMBINING_TONES:
            tone = _COMBINING_TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@lru_cache(maxsize=16384)
def vi_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key: letters in Vietnamese alphabetical order first, tones as a tie-breaker."""
    letters: list[int] = []
    tones: list[int] = []
    for char in nfc(text).casefold():
        base, tone = _base_letter_and_tone(char)
        if base in _LETTER_RANK:
            letters.append(100 + _LETTER_RANK[base])
        elif base.isdigit():
            letters.append(10 + int(base))
        elif base.isspace():
            letters.append(1)
        else:
            letters.append(200 + ord(base[0]) if base else 0)
        tones.append(tone)
    return tuple(letters), tuple(tones)
