"""esign_forms' core without Odoo: validation, choices, Excel writer, QR codes."""

import importlib.util
import io
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

TOOLS = Path(__file__).resolve().parents[2] / "addons" / "esign_forms" / "tools"


def _load():
    if "esign_forms_tools" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "esign_forms_tools", TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["esign_forms_tools"] = module
        spec.loader.exec_module(module)


_load()

from esign_forms_tools import qr, validation, xlsx  # noqa: E402
from esign_forms_tools.errors import ChoicesInvalid, FieldInvalid, PatternInvalid  # noqa: E402

Spec = validation.FieldSpec
COLOURS = (("r", "Red"), ("g", "Green"), ("b", "Blue"))


def refused(spec, raw):
    with pytest.raises(FieldInvalid) as info:
        validation.clean_value(spec, raw)
    return info.value.code


def test_choices_parse_key_label_lines():
    assert validation.parse_choices("r:Red\n\n g : Green \nBlue") == (
        ("r", "Red"), ("g", "Green"), ("Blue", "Blue"))
    assert validation.parse_choices("") == ()
    with pytest.raises(ChoicesInvalid):
        validation.parse_choices("a:One\na:Again")
    with pytest.raises(ChoicesInvalid):
        validation.parse_choices(":nothing")


def test_text_is_trimmed_and_held_to_its_rules():
    spec = Spec("name", "Name", "text", required=True, min_length=2, max_length=10)
    assert validation.clean_value(spec, "  Ann \x00 Lee ") == "Ann Lee"
    assert refused(spec, "") == "required"
    assert refused(spec, "A") == "too_short"
    assert refused(spec, "A" * 11) == "too_long"
    assert refused(spec, {"a": 1}) == "not_text"
    assert refused(Spec("t", "T", "text"), "x" * (validation.MAX_TEXT_LENGTH + 1)) == "too_long"


def test_textarea_keeps_lines_and_pattern_gives_its_message():
    assert validation.clean_value(Spec("n", "N", "textarea"), "a\r\nb\n") == "a\r\nb"
    spec = Spec("zip", "Zip", "text", pattern=r"\d{4}", pattern_message="Four digits")
    assert validation.clean_value(spec, "1000") == "1000"
    with pytest.raises(FieldInvalid) as info:
        validation.clean_value(spec, "10000")
    assert str(info.value) == "Four digits"
    with pytest.raises(PatternInvalid):
        validation.check_pattern("(")


def test_numbers_integer_decimal_and_range():
    spec = Spec("qty", "Qty", "number", integer=True, min_value=1, max_value=10)
    assert validation.clean_value(spec, "3") == 3
    assert validation.clean_value(spec, 4) == 4
    assert refused(spec, "2.5") == "not_integer"
    assert refused(spec, "0") == "too_small"
    assert refused(spec, 11) == "too_large"
    assert refused(spec, True) == "not_number"
    price = Spec("price", "Price", "number")
    assert validation.clean_value(price, "12,5") == 12.5
    for bad in ("abc", "NaN", "inf", "1e400"):
        assert refused(price, bad) == "not_number"


def test_dates_emails_phones():
    assert validation.clean_value(Spec("d", "D", "date"), "2025-02-28") == date(2025, 2, 28)
    for bad in ("2025-02-30", "28/02/2025", "2025-2-1", 20250228):
        assert refused(Spec("d", "D", "date"), bad) == "not_date"
    email = Spec("e", "E", "email")
    assert validation.clean_value(email, " Ann@Example.COM ") == "ann@example.com"
    for bad in ("ann", "ann@", "ann@example", "a b@example.com"):
        assert refused(email, bad) == "not_email"
    phone = Spec("p", "P", "phone")
    assert validation.clean_value(phone, "+32 470 12 34 56") == "+32 470 12 34 56"
    for bad in ("12", "call me", "+1" + "2" * 20):
        assert refused(phone, bad) == "not_phone"


def test_choices_single_and_multiple():
    single = Spec("c", "Colour", "select", required=True, choices=COLOURS)
    assert validation.clean_value(single, "g") == "g"
    assert refused(single, "Green") == "not_a_choice"
    assert refused(single, ["g"]) == "not_a_choice"
    multi = Spec("m", "Colours", "multiselect", choices=COLOURS)
    assert validation.clean_value(multi, ["b", "r", "b"]) == ("r", "b")
    assert validation.clean_value(multi, "g") == ("g",)
    assert validation.clean_value(multi, []) is None
    assert refused(multi, ["r", "x"]) == "not_a_choice"
    assert refused(multi, [1]) == "not_a_choice"


def test_checkbox_required_means_ticked_and_signature_is_not_answered():
    consent = Spec("ok", "I agree", "checkbox", required=True)
    assert validation.clean_value(consent, "on") is True
    assert refused(consent, None) == "required"
    assert refused(consent, "maybe") == "not_bool"
    assert validation.clean_value(Spec("ok", "Ok", "checkbox"), None) is False
    assert validation.clean_value(Spec("s", "Sign", "signature", required=True), "x") is None


def test_clean_answers_collects_every_error_and_unknown_fields():
    specs = [Spec("name", "Name", "text", required=True), Spec("age", "Age", "number")]
    values, errors = validation.clean_answers(specs, {"age": "x", "evil": "1"})
    assert set(errors) == {"name", "age", "evil"}
    assert errors["evil"].code == "unknown_field"
    values, errors = validation.clean_answers(specs, {"name": "Ann", "age": "40"})
    assert (values, errors) == ({"name": "Ann", "age": 40.0}, {})


def _read(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_workbook_types_header_filter_and_formula_guard():
    buffer = io.BytesIO()
    columns = (xlsx.Column("Submitted"), xlsx.Column("Qty", "number"),
               xlsx.Column("When", "date"), xlsx.Column("=Ok?", "bool"))
    rows = [("=1+1", 3, date(2025, 1, 2), True), ("#N/A", 2.5, None, False),
            ("+cmd|' /C calc'!A0", None, datetime(2025, 1, 1, 9, 30), None),
            ("bell\x07", 1, None, None)]
    assert xlsx.write_workbook(buffer, [xlsx.Sheet("Orders/2025: [x]", columns, rows)]) == 4
    sheet = _read(buffer.getvalue()).worksheets[0]
    assert sheet.title == "Orders 2025   x"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D5"
    assert sheet.column_dimensions["B"].width == 14
    header = list(sheet.iter_rows(min_row=1, max_row=1))[0]
    assert [cell.value for cell in header] == ["Submitted", "Qty", "When", "=Ok?"]
    assert header[3].data_type == "s" and header[0].font.bold
    first, second, third, fourth = sheet.iter_rows(min_row=2)
    assert (first[0].value, first[0].data_type) == ("=1+1", "s")
    assert (first[1].value, first[1].data_type) == (3, "n")
    assert first[2].value == datetime(2025, 1, 2) and first[2].is_date
    assert first[3].value is True
    assert (second[0].value, second[0].data_type) == ("#N/A", "s")
    assert third[0].data_type == "s" and third[2].value == datetime(2025, 1, 1, 9, 30)
    assert fourth[0].value == "bell"


def test_workbook_sheet_titles_are_unique_and_progress_is_reported():
    seen = []
    buffer = io.BytesIO()
    sheets = [xlsx.Sheet("Same", (xlsx.Column("A"),), [(str(n),) for n in range(5)]),
              xlsx.Sheet("same", (xlsx.Column("A"),), iter([("x",)]))]
    xlsx.write_workbook(buffer, sheets, on_progress=seen.append, progress_every=2)
    assert _read(buffer.getvalue()).sheetnames == ["Same", "same (2)"]
    assert seen == [2, 4, 6]
    assert xlsx.is_formula_like("@SUM(A1)") and not xlsx.is_formula_like("")


def test_qr_png_svg_and_embed_snippet():
    url = "https://example.com/forms/abc?x=1&y=2"
    assert qr.qr_png(url).startswith(b"\x89PNG")
    assert b"<svg" in qr.qr_svg(url)
    snippet = qr.embed_snippet(url, 'Sign "up" <now>')
    assert 'src="https://example.com/forms/abc?x=1&amp;y=2"' in snippet
    assert "&lt;now&gt;" in snippet and "<now>" not in snippet
    with pytest.raises(ValueError):
        qr.qr_png("")
