"""Rendering a document's frozen paragraphs to PDF (fpdf2, Chinese font embedded as a subset) and DOCX.

The font comes from Debian's `fonts-noto-cjk` (installed by `./lianxin start` and `.ci/run` when missing) or
from the file named by the setting `LIANXIN_DOCUMENT_FONT`; a missing font is a clear error, never tofu.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from .errors import FontMissing

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
DOCX_FONT = "宋体"
logging.getLogger("fontTools").setLevel(logging.WARNING)  # the subsetter logs every glyph at INFO


@dataclass(frozen=True, slots=True)
class Sheet:
    """What goes on the page: the issuing unit, the title, the number, the body, the signature block."""

    unit_name: str
    title: str
    number: str
    paragraphs: tuple[str, ...]
    signature: str
    date_line: str


@cache
def font_file() -> tuple[str, int]:
    """The CJK font file and, for a collection (.ttc), the index of its Simplified Chinese face."""
    configured = getattr(settings, "LIANXIN_DOCUMENT_FONT", "")
    candidates = (configured, *FONT_CANDIDATES) if configured else FONT_CANDIDATES
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            return str(path), _simplified_chinese_index(path)
    raise FontMissing(
        "找不到文书所用的中文字体：请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），"
        "或在 LIANXIN_DOCUMENT_FONT 中指定字体文件。"
    )


def _simplified_chinese_index(path: Path) -> int:
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        family = font["name"].getDebugName(1) or ""
        if family.endswith(" SC"):
            return index
    return 0


# The characters of GB 2312, ASCII, the CJK and full-width punctuation: nearly every document needs only these.
_EXTRA_CODEPOINTS = (
    0xA5,
    0xB7,
    0x2014,
    0x2018,
    0x2019,
    0x201C,
    0x201D,
    0x2026,
    0x25A0,
    0x25A1,
    0x3014,
    0x3015,
)


def _common_codepoints() -> set[int]:
    points = set(range(0x20, 0x7F)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    points.update(_EXTRA_CODEPOINTS)
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return points


@cache
def common_font() -> tuple[str, frozenset[int]] | None:
    """A cut of the CJK font to the common characters, made once into LIANXIN_HOME/fonts (embedding from it
    takes a tenth of a second instead of seconds). None when it cannot be written; the full font is used then."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = font_file()
    target_dir = Path(settings.LIANXIN_HOME) / "fonts"
    target = target_dir / f"{Path(path).stem}-{index}-gb2312.otf"
    points = _common_codepoints()
    if not target.is_file():
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
            font = TTFont(path, fontNumber=index) if path.lower().endswith(".ttc") else TTFont(path)
            options = subset.Options()
            options.layout_features = []
            options.name_IDs = ["*"]
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=points)
            subsetter.subset(font)
            partial = target.with_suffix(".part")
            font.save(str(partial))
            partial.replace(target)
        except OSError:
            return None
    covered = frozenset(TTFont(str(target), lazy=True).getBestCmap())
    return str(target), covered


def _font_for(sheet: Sheet) -> tuple[str, int]:
    text = "".join(
        (sheet.unit_name, sheet.title, sheet.number, sheet.signature, sheet.date_line, *sheet.paragraphs)
    )
    common = common_font()
    if common is not None and all(ord(ch) in common[1] for ch in text if not ch.isspace()):
        return common[0], 0
    return font_file()


def render_pdf(sheet: Sheet) -> bytes:
    from fpdf import FPDF

    path, index = _font_for(sheet)
    pdf = FPDF(format="A4")
    pdf.set_margins(28, 30, 26)
    pdf.set_auto_page_break(auto=True, margin=25)
    pdf.add_font("cjk", fname=path, collection_font_number=index)
    pdf.set_title(f"{sheet.title} {sheet.number}")
    pdf.set_creator("连心 Lianxin")
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(width, 10, sheet.unit_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=20)
    pdf.multi_cell(width, 12, sheet.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=12)
    pdf.multi_cell(width, 9, sheet.number, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", size=12)
    for paragraph in sheet.paragraphs:
        pdf.multi_cell(width, 8, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.ln(10)
    pdf.multi_cell(width, 8, sheet.signature, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 8, sheet.date_line, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render_docx(sheet: Sheet) -> bytes:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)
    doc.core_properties.title = f"{sheet.title} {sheet.number}"
    doc.core_properties.author = "连心 Lianxin"

    def line(text: str, *, size: int = 12, align: int | None = None, bold: bool = False) -> None:
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        if align is not None:
            paragraph.alignment = align

    line(sheet.unit_name, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    line(sheet.title, size=20, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    line(sheet.number, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for paragraph in sheet.paragraphs:
        line(paragraph)
    line("")
    line(sheet.signature, align=WD_ALIGN_PARAGRAPH.RIGHT)
    line(sheet.date_line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
