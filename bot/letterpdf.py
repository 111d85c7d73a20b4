"""Drawing invite letters as an A4 PDF: one page per family, QR code, code and letters.

Text is shaped with HarfBuzz (fpdf2's `set_text_shaping`), so Arabic letters join and
right-to-left letters run and align from the right. The QR code is drawn as vector squares
from segno's matrix, so it prints sharp at any size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

from berichten.inviteletters import LetterPage, LetterText

FAMILY = "letter"
PT = 0.3528  # millimetres per point
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 18.0
TOP = 15.0
BOTTOM = 14.0
QR_SIZE = 44.0  # millimetres, quiet zone included
QR_BORDER = 4  # modules of white around the code
BOX_PAD = 4.0
TEXT_SIZES = (12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
RTL_SCALE = 1.1  # Arabic script reads small next to Latin at the same point size
CODE_SIZES = (26.0, 24.0, 22.0, 20.0, 18.0, 16.0)
CODE_SPACING = 0.6  # millimetres between the code's characters
GREY = (110, 110, 110)
LINE_GREY = (190, 190, 190)


LRM = "\u200e"  # left-to-right mark: makes the "/" of "/stop" part of the Latin run
_LATIN_COMMAND = re.compile(r"(?<!\w)([/@])(?=[A-Za-z0-9_])")


class LetterFontError(RuntimeError):
    """The letter font file is missing or unreadable; the message says which one in one line."""


@dataclass(frozen=True, slots=True)
class LetterFonts:
    """The regular and bold TrueType files the letters are set in."""

    regular: Path
    bold: Path


def letter_fonts(path: str | Path) -> LetterFonts:
    """The font at `path` and its "-Bold" sibling when there is one (else the same file)."""
    regular = Path(path)
    if not regular.is_file():
        raise LetterFontError(
            f"Letter font {regular} not found: install fonts-dejavu-core "
            "or set SCHOOLPOORT_LETTER_FONT to a .ttf file."
        )
    bold = regular.with_name(f"{regular.stem}-Bold{regular.suffix}")
    return LetterFonts(regular=regular, bold=bold if bold.is_file() else regular)


def qr_matrix(link: str) -> list[list[bool]]:
    """The QR code of the link as rows of dark (True) and light modules, without border."""
    code = segno.make(link, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix]


def render_letters(pages: Sequence[LetterPage], fonts: LetterFonts) -> bytes:
    """The PDF with one A4 page per letter page."""
    pdf = _new_pdf(fonts)
    sizes: dict[int, float] = {}  # text size last chosen, per number of letters on a page
    for number, page in enumerate(pages, start=1):
        _draw_page(pdf, page, f"{page.group} · {number}/{len(pages)}", sizes)
    return bytes(pdf.output())


def _new_pdf(fonts: LetterFonts) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.c_margin = 0
    try:
        pdf.add_font(FAMILY, "", str(fonts.regular))
        pdf.add_font(FAMILY, "B", str(fonts.bold))
    except (OSError, RuntimeError, ValueError) as error:
        raise LetterFontError(f"Letter font cannot be used: {error}") from None
    pdf.set_creator("Schoolpoort")
    pdf.set_title("Invite letters")
    pdf.set_lang("nl")
    return pdf


def _draw_page(pdf: FPDF, page: LetterPage, footer: str, sizes: dict[int, float]) -> None:
    pdf.add_page()
    pdf.set_text_shaping(True, direction="ltr")
    y = _draw_header(pdf, page.school)
    y = _draw_join_box(pdf, page, y + 4)
    _draw_letters(pdf, page.letters, y + 6, page.school, sizes)
    _draw_footer(pdf, footer)


def _draw_header(pdf: FPDF, school: str) -> float:
    pdf.set_xy(MARGIN, TOP)
    pdf.set_font(FAMILY, "B", 17)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 17 * PT * 1.25, school, align=Align.L)
    y = pdf.get_y() + 2
    _rule(pdf, y)
    return y


def _rule(pdf: FPDF, y: float) -> None:
    pdf.set_draw_color(*LINE_GREY)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, y, PAGE_W - MARGIN, y)


def _draw_join_box(pdf: FPDF, page: LetterPage, top: float) -> float:
    """The QR code on the left, the code in large type on the right; returns the box bottom."""
    height = QR_SIZE + 2 * BOX_PAD
    pdf.set_draw_color(*LINE_GREY)
    pdf.set_line_width(0.4)
    width = PAGE_W - 2 * MARGIN
    pdf.rect(MARGIN, top, width, height, style="D", round_corners=True, corner_radius=3)
    qr_x, qr_y = MARGIN + BOX_PAD, top + BOX_PAD
    draw_qr(pdf, page.link, qr_x, qr_y, QR_SIZE)
    text_x = qr_x + QR_SIZE + 8
    text_w = PAGE_W - MARGIN - BOX_PAD - text_x
    pdf.set_text_shaping(False)
    pdf.set_text_color(0, 0, 0)
    pdf.set_char_spacing(CODE_SPACING)
    pdf.set_font(FAMILY, "B", _code_size(pdf, page.code_blocks, text_w))
    pdf.set_xy(text_x, top + height / 2 - 11)
    pdf.cell(text_w, 12, page.code_blocks, align=Align.L)
    pdf.set_char_spacing(0)
    pdf.set_font(FAMILY, "", 12)
    pdf.set_xy(text_x, top + height / 2 + 3)
    pdf.cell(text_w, 7, f"Telegram: @{page.bot_username}", align=Align.L)
    pdf.set_text_shaping(True, direction="ltr")
    return top + height


def _code_size(pdf: FPDF, code: str, width: float) -> float:
    """The largest type size, up to CODE_SIZES[0], at which the code fits the width."""
    for size in CODE_SIZES:
        pdf.set_font(FAMILY, "B", size)
        if pdf.get_string_width(code) <= width:
            return size
    return CODE_SIZES[-1]


def draw_qr(pdf: FPDF, link: str, x: float, y: float, size: float) -> None:
    """Draw the link's QR code in a `size` square at (x, y), quiet zone included."""
    matrix = qr_matrix(link)
    module = size / (len(matrix) + 2 * QR_BORDER)
    origin_x, origin_y = x + QR_BORDER * module, y + QR_BORDER * module
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for start, length in _dark_runs(row):
            pdf.rect(
                origin_x + start * module,
                origin_y + row_index * module,
                length * module,
                module * 1.02,  # a hair of overlap so no light seams show between rows
                style="F",
            )
    pdf.link(x, y, size, size, link)


def _dark_runs(row: Sequence[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, dark in enumerate([*row, False]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index - start))
            start = None
    return runs


def _draw_letters(
    pdf: FPDF, letters: Sequence[LetterText], top: float, school: str, sizes: dict[int, float]
) -> None:
    """Set the letters below each other in the largest text size that fits the page."""
    room = PAGE_H - BOTTOM - 6 - top
    labelled = len(letters) > 1

    def fits(size: float) -> bool:
        needed = sum(_letter(pdf, t, size, labelled, school, dry=True) for t in letters)
        return needed + _between(size) * (len(letters) - 1) <= room

    size = largest_fitting(fits, TEXT_SIZES, sizes.get(len(letters), TEXT_SIZES[0]))
    sizes[len(letters)] = size
    pdf.set_y(top)
    for index, text in enumerate(letters):
        if index:
            pdf.set_y(pdf.get_y() + _between(size))
        _letter(pdf, text, size, labelled, school, dry=False)


def largest_fitting(fits: Callable[[float], bool], sizes: Sequence[float], start: float) -> float:
    """The largest of `sizes` (descending) that fits, measured outward from `start`.

    Measuring is the slow part; pages of one print run are much alike, so starting from the
    size the previous page got usually needs two measurements instead of a whole scan.
    """
    index = sizes.index(start)
    if fits(sizes[index]):
        while index > 0 and fits(sizes[index - 1]):
            index -= 1
        return sizes[index]
    for smaller in sizes[index + 1 :]:
        if fits(smaller):
            return smaller
    return sizes[-1]


def _between(size: float) -> float:
    return size * 0.9


def _letter(
    pdf: FPDF, text: LetterText, size: float, labelled: bool, school: str, *, dry: bool
) -> float:
    """Set (or with `dry`, only measure) one letter at the current y; returns its height."""
    pdf.set_text_shaping(True, direction="rtl" if text.rtl else "ltr")
    writer = _Writer(pdf, size * (RTL_SCALE if text.rtl else 1.0), text.rtl, dry)
    if labelled:
        writer.label(text.language_name)
    writer.block(text.title, bold=True, scale=1.3, gap=0.5)
    writer.block(text.greeting, gap=0.6)
    for paragraph in text.paragraphs[:2]:
        writer.block(paragraph, gap=0.6)
    writer.block(text.steps_heading, bold=True, gap=0.25)
    for number, step in enumerate(text.steps, start=1):
        writer.step(number, step)
    writer.space(0.4)
    for paragraph in text.paragraphs[2:]:
        writer.block(paragraph, gap=0.6)
    writer.block(text.closing, gap=0)
    writer.block(school, gap=0)
    pdf.set_text_shaping(True, direction="ltr")
    return writer.height


class _Writer:
    """Sets paragraphs down the page in one language's direction, or only adds up heights."""

    def __init__(self, pdf: FPDF, size: float, rtl: bool, dry: bool) -> None:
        self.pdf, self.size, self.rtl, self.dry = pdf, size, rtl, dry
        self.align = Align.R if rtl else Align.L
        self.width = PAGE_W - 2 * MARGIN
        self.height = 0.0

    def _line(self, scale: float = 1.0) -> float:
        return self.size * scale * PT * 1.4

    def _cell(self, x: float, width: float, text: str, scale: float) -> float:
        y = self.pdf.get_y()
        self.pdf.set_x(x)
        if self.dry:
            result = self.pdf.multi_cell(
                width,
                self._line(scale),
                text,
                align=self.align,
                dry_run=True,
                output=MethodReturnValue.HEIGHT,
            )
            return float(result)  # type: ignore[arg-type]
        self.pdf.multi_cell(
            width, self._line(scale), text, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        return self.pdf.get_y() - y

    def _visual(self, text: str) -> str:
        """In right-to-left text, keep "/stop" and "@bot" in reading order (not "stop/")."""
        return _LATIN_COMMAND.sub(LRM + r"\1", text) if self.rtl else text

    def space(self, lines: float) -> None:
        self._advance(self._line() * lines)

    def _advance(self, height: float) -> None:
        self.height += height
        if not self.dry:
            self.pdf.set_y(self.pdf.get_y() + height)

    def block(self, text: str, *, bold: bool = False, scale: float = 1.0, gap: float) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", self.size * scale)
        self.pdf.set_text_color(0, 0, 0)
        self.height += self._cell(MARGIN, self.width, self._visual(text), scale)
        self.space(gap)

    def label(self, name: str) -> None:
        """The language's own name above its letter, in small grey type, with a rule."""
        self.pdf.set_font(FAMILY, "B", self.size * 0.85)
        self.pdf.set_text_color(*GREY)
        if not self.dry:
            _rule(self.pdf, self.pdf.get_y())
            self.pdf.set_y(self.pdf.get_y() + 1.5)
        self.height += 1.5
        self.height += self._cell(MARGIN, self.width, name, 0.85)
        self.pdf.set_text_color(0, 0, 0)
        self.space(0.3)

    def step(self, number: int, text: str) -> None:
        """A numbered step with a hanging indent, numbers on the reading side."""
        indent = self.size * 0.75
        self.pdf.set_font(FAMILY, "", self.size)
        y = self.pdf.get_y()
        text_x = MARGIN if self.rtl else MARGIN + indent
        height = self._cell(text_x, self.width - indent, self._visual(text), 1.0)
        if not self.dry:
            number_x = PAGE_W - MARGIN - indent if self.rtl else MARGIN
            self.pdf.set_xy(number_x, y)
            self.pdf.cell(indent, self._line(), f"{number}.", align=self.align)
            self.pdf.set_xy(MARGIN, y + height)
        self.height += height
        self.space(0.15)


def _draw_footer(pdf: FPDF, text: str) -> None:
    pdf.set_text_shaping(True, direction="ltr")
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*GREY)
    pdf.set_xy(MARGIN, PAGE_H - BOTTOM)
    pdf.cell(PAGE_W - 2 * MARGIN, 4, text, align=Align.R)
    pdf.set_text_color(0, 0, 0)
