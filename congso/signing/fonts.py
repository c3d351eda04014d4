# SPDX-License-Identifier: MIT
"""A TrueType font for pyHanko's signature stamps, so the stamp can print Vietnamese.

pyHanko's standard font is Courier in WinAnsi: it has no "ệ" or "ở". Its own OpenType
engine (GlyphAccumulator) needs HarfBuzz (`uharfbuzz`), which congso does not install.
Vietnamese needs no shaping when written in NFC with a font that has the precomposed
letters, as DejaVu Sans does, so this engine maps characters to glyphs with the font's
cmap, embeds a subset as a CID font (Identity-H) and adds a ToUnicode map, so the text
can be searched and copied. Without the font file, stamps fall back to Courier with the
diacritics removed: less pretty, still legible.
"""

from __future__ import annotations

import contextlib
import logging
import unicodedata
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from fontTools import subset, ttLib
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory, ShapeResult
from pyhanko.pdf_utils.font.basic import SimpleFontEngine, SimpleFontEngineFactory
from pyhanko.pdf_utils.writer import BasePdfFileWriter

SUBSET_LOGGER = logging.getLogger("fontTools.subset")
DEFAULT_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

_name = generic.NameObject


def stamp_font_factory(font_file: Path = DEFAULT_FONT) -> FontEngineFactory:
    """A font for stamps: `font_file` if it can be read, else Courier without accents."""
    try:
        ttLib.TTFont(font_file, lazy=True).close()
    except (OSError, ttLib.TTLibError):
        return AsciiCourierFactory()
    return TrueTypeFontFactory(font_file)


class TrueTypeFontFactory(FontEngineFactory):
    def __init__(self, font_file: Path) -> None:
        self.font_file = font_file

    def create_font_engine(
        self, writer: BasePdfFileWriter, obj_stream: object = None
    ) -> TrueTypeFontEngine:
        return TrueTypeFontEngine(writer, self.font_file, obj_stream=obj_stream)


class TrueTypeFontEngine(FontEngine):
    """Glyphs looked up one character at a time; widths and advances from `hmtx`."""

    def __init__(
        self, writer: BasePdfFileWriter, font_file: Path, obj_stream: object = None
    ) -> None:
        self.tt = ttLib.TTFont(font_file)
        if "glyf" not in self.tt:
            raise ValueError("only TrueType outlines (glyf) are supported")
        super().__init__(writer, _postscript_name(self.tt), embedded_subset=True)
        self.obj_stream = obj_stream
        self._font_ref = writer.allocate_placeholder()
        self._cmap = self.tt.getBestCmap()
        self._metrics = self.tt["hmtx"].metrics
        self._order = self.tt.getGlyphOrder()
        self._units = self.tt["head"].unitsPerEm
        self._used: dict[int, tuple[int, str]] = {}  # glyph id → (width in 1/1000 em, text)
        self._prepared = False

    @property
    def uses_complex_positioning(self) -> bool:
        return False  # plain Tj: the reader advances by the /W widths

    def shape(self, txt: str) -> ShapeResult:
        txt = unicodedata.normalize("NFC", txt)
        codes = bytearray()
        advance = 0
        for char in txt:
            glyph = self._glyph_id(char)
            width = self._width(glyph)
            self._used.setdefault(glyph, (width, char))
            codes += glyph.to_bytes(2, "big")
            advance += width
        ops = b"<" + codes.hex().encode() + b"> Tj"
        return ShapeResult(graphics_ops=ops, x_advance=advance / 1000, y_advance=0)

    def _glyph_id(self, char: str) -> int:
        name = self._cmap.get(ord(char))
        if name is None:
            # No glyph: the letter without its marks, or else the font's "missing" box.
            base = unicodedata.normalize("NFD", char)[:1]
            name = self._cmap.get(ord(base)) if base else None
        return self.tt.getGlyphID(name) if name is not None else 0

    def _width(self, glyph: int) -> int:
        advance = self._metrics[self._order[glyph]][0]
        return round(advance * 1000 / self._units)

    def as_resource(self) -> generic.IndirectObject:
        return self._font_ref

    def prepare_write(self) -> None:
        if self._prepared:
            return
        self._prepared = True
        font_name = f"{self.subset_prefix}+{_postscript_name(self.tt)}"
        descendant = generic.DictionaryObject(
            {
                _name("/Type"): _name("/Font"),
                _name("/Subtype"): _name("/CIDFontType2"),
                _name("/BaseFont"): _name("/" + font_name),
                _name("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        _name("/Registry"): generic.pdf_string("Adobe"),
                        _name("/Ordering"): generic.pdf_string("Identity"),
                        _name("/Supplement"): generic.NumberObject(0),
                    }
                ),
                _name("/CIDToGIDMap"): _name("/Identity"),
                _name("/W"): self._widths_array(),
                _name("/FontDescriptor"): self.writer.add_object(self._descriptor(font_name)),
            }
        )
        font = generic.DictionaryObject(
            {
                _name("/Type"): _name("/Font"),
                _name("/Subtype"): _name("/Type0"),
                _name("/BaseFont"): _name("/" + font_name),
                _name("/Encoding"): _name("/Identity-H"),
                _name("/DescendantFonts"): generic.ArrayObject(
                    [self.writer.add_object(descendant)]
                ),
                _name("/ToUnicode"): self.writer.add_object(self._to_unicode()),
            }
        )
        self.writer.add_object(font, idnum=self._font_ref.idnum)

    def _widths_array(self) -> generic.ArrayObject:
        entries = generic.ArrayObject()
        for glyph in sorted(self._used):
            entries.append(generic.NumberObject(glyph))
            entries.append(generic.ArrayObject([generic.NumberObject(self._used[glyph][0])]))
        return entries

    def _descriptor(self, font_name: str) -> generic.DictionaryObject:
        tt = self.tt
        head, hhea, os2 = tt["head"], tt["hhea"], tt["OS/2"]
        scale = 1000 / self._units
        descriptor = generic.DictionaryObject(
            {
                _name("/Type"): _name("/FontDescriptor"),
                _name("/FontName"): _name("/" + font_name),
                _name("/Flags"): generic.NumberObject(0b100000),  # nonsymbolic
                _name("/FontBBox"): generic.ArrayObject(
                    generic.NumberObject(round(value * scale))
                    for value in (head.xMin, head.yMin, head.xMax, head.yMax)
                ),
                _name("/ItalicAngle"): generic.NumberObject(0),
                _name("/Ascent"): generic.NumberObject(round(hhea.ascent * scale)),
                _name("/Descent"): generic.NumberObject(round(hhea.descent * scale)),
                _name("/CapHeight"): generic.NumberObject(
                    round(getattr(os2, "sCapHeight", hhea.ascent) * scale)
                ),
                _name("/StemV"): generic.NumberObject(80),
            }
        )
        descriptor[_name("/FontFile2")] = self.writer.add_object(self._font_program())
        return descriptor

    def _font_program(self) -> generic.StreamObject:
        options = subset.Options()
        options.retain_gids = True  # codes in the content stream are glyph ids
        options.notdef_outline = True
        options.layout_features = []
        options.drop_tables += ["GPOS", "GSUB", "GDEF", "kern", "FFTM"]
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(gids=sorted(self._used))
        with _quiet(SUBSET_LOGGER):
            subsetter.subset(self.tt)
        buffer = BytesIO()
        self.tt.save(buffer)
        stream = generic.StreamObject(stream_data=buffer.getvalue())
        stream.compress()
        return stream

    def _to_unicode(self) -> generic.StreamObject:
        lines = [
            f"<{glyph:04X}> <{text.encode('utf-16-be').hex().upper()}>"
            for glyph, (_width, text) in sorted(self._used.items())
            if glyph != 0
        ]
        chunks = []
        for start in range(0, len(lines), 100):  # at most 100 entries per bfchar block
            block = lines[start : start + 100]
            chunks.append(f"{len(block)} beginbfchar\n" + "\n".join(block) + "\nendbfchar")
        cmap = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(chunks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        )
        stream = generic.StreamObject(stream_data=cmap.encode("ascii"))
        stream.compress()
        return stream


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """fontTools reports every table it subsets at INFO: keep that out of our logs."""
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def _postscript_name(tt: ttLib.TTFont) -> str:
    name = tt["name"].getDebugName(6) or "Font"
    return "".join(char for char in name if (char.isascii() and char.isalnum()) or char == "-")


class AsciiCourierFactory(SimpleFontEngineFactory):
    """Courier, with Vietnamese letters written without their diacritics."""

    def __init__(self) -> None:
        default = SimpleFontEngineFactory.default_factory()
        super().__init__(default.name, default.avg_width, default.meta)

    def create_font_engine(
        self, writer: BasePdfFileWriter, obj_stream: object = None
    ) -> SimpleFontEngine:
        return AsciiCourierEngine(writer, self.name, self.avg_width, self.meta)


class AsciiCourierEngine(SimpleFontEngine):
    def shape(self, txt: str) -> ShapeResult:
        return super().shape(ascii_fold(txt))


def ascii_fold(text: str) -> str:
    """'Thừa Thiên Huế' → 'Thua Thien Hue' ('đ' included), for fonts without the letters."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if char.isascii())
