"""Streaming Excel workbooks with openpyxl's write-only mode.

Rows are written as they come, so memory stays flat whatever the row count.
Every string is written as a string: a value that a spreadsheet would run as
a formula (``=``, or an error literal such as ``#N/A``) gets a cell whose
type is forced to text; other strings, numbers, dates and booleans keep
their own types. The header row is bold and frozen, with an autofilter.
"""

import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# First characters that make a spreadsheet read a typed value as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")
FORCED_TEXT = frozenset(ERROR_CODES)
SHEET_TITLE_MAX = 31
SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
DEFAULT_WIDTHS = {"text": 24, "number": 14, "date": 12, "datetime": 19, "bool": 10}
MAX_WIDTH = 60
HEADER_FONT = Font(bold=True)


@dataclass(frozen=True)
class Column:
    """One column: its header and the kind of values it holds (for its width)."""

    header: str
    kind: str = "text"
    width: float | None = None

    def effective_width(self):
        if self.width:
            return self.width
        return min(MAX_WIDTH, max(DEFAULT_WIDTHS.get(self.kind, 16), len(self.header) + 2))


@dataclass(frozen=True)
class Sheet:
    """A sheet to write: a title, its columns and an iterable of row tuples."""

    title: str
    columns: tuple
    rows: object


def is_formula_like(text):
    """True for a string a spreadsheet could run, as a formula or otherwise."""
    return bool(text) and (text[0] in FORMULA_STARTS or text in FORCED_TEXT)


def text_cell(sheet, text):
    """A cell that holds ``text`` as text, never as a formula or an error."""
    cell = WriteOnlyCell(sheet, _clean(text))
    cell.data_type = "s"
    return cell


def _clean(text):
    text = text[:32767]
    return ILLEGAL_CHARACTERS_RE.sub("", text) if ILLEGAL_CHARACTERS_RE.search(text) else text


def _safe(sheet, value):
    """One value as openpyxl should store it."""
    if value.__class__ is not str:
        return value
    if value and (value[0] == "=" or value in FORCED_TEXT):
        return text_cell(sheet, value)
    if ILLEGAL_CHARACTERS_RE.search(value):
        return _clean(value)
    return value


def sheet_title(title, used):
    """A valid, unique sheet title (31 characters, no ``[]:*?/\\``)."""
    base = SHEET_TITLE_BAD.sub(" ", title or "").strip().strip("'")[:SHEET_TITLE_MAX] or "Sheet"
    candidate, number = base, 1
    while candidate.lower() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[:SHEET_TITLE_MAX - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def write_workbook(target, sheets, on_progress=None, progress_every=1000):
    """Write ``sheets`` (an iterable of :class:`Sheet`) to ``target``.

    :param target: a path or a binary file object.
    :param on_progress: optional callable given the number of rows written
        so far, every ``progress_every`` rows.
    :returns: the number of data rows written.
    """
    workbook = Workbook(write_only=True)
    used, total = set(), 0
    for spec in sheets:
        sheet = workbook.create_sheet(sheet_title(spec.title, used))
        _prepare_sheet(sheet, spec.columns)
        count = 0
        append = sheet.append
        for row in spec.rows:
            append([_safe(sheet, value) for value in row])
            count += 1
            if on_progress and (total + count) % progress_every == 0:
                on_progress(total + count)
        last = get_column_letter(max(len(spec.columns), 1))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
        total += count
    if not workbook.worksheets:
        _prepare_sheet(workbook.create_sheet("Sheet"), ())
    workbook.save(target)
    return total


def _prepare_sheet(sheet, columns):
    """Widths and frozen header must be set before the first row is written."""
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.effective_width()
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = text_cell(sheet, column.header)
        cell.font = HEADER_FONT
        header.append(cell)
    sheet.append(header)
