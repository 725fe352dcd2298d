"""Values of number, choice, attachment and conditional fields, without Odoo."""

import base64

import pytest
from conftest import make_pdf, png
from esign_tools import field_values as fv
from esign_tools.field_values import FieldValueError


def _code(call, *args):
    with pytest.raises(FieldValueError) as caught:
        call(*args)
    return caught.value.code


def test_choices_parse_keys_and_labels():
    assert fv.parse_choices("a:Apple\n\n b : Big b \nplain") == [
        ("a", "Apple"), ("b", "Big b"), ("plain", "plain")]
    assert _code(fv.parse_choices, "a:x\na:y") == "choice_twice"
    assert _code(fv.parse_choices, "a b:x") == "choice_key"
    assert _code(fv.parse_choices, "\n".join(f"k{i}" for i in range(101))) == "choices_many"


def test_numbers_kept_as_typed():
    assert fv.clean_number(" 1 250,50 ") == "1250,50"
    assert fv.clean_number("-3.5") == "-3.5"
    assert fv.clean_number(7) == "7"
    assert fv.clean_number("") == ""
    for bad in ("1e5", "12abc", "1.2.3", "nan", True, ["1"], "9" * 41):
        assert _code(fv.clean_number, bad) == "number_invalid"


def test_choice_values_are_keys_of_the_choices():
    choices = [("a", "Apple"), ("b", "Banana"), ("c", "Cherry")]
    assert fv.clean_choice("b", choices) == "b"
    assert fv.clean_choice(None, choices) == ""
    assert _code(fv.clean_choice, "Banana", choices) == "choice_unknown"
    assert _code(fv.clean_choice, ["a"], choices) == "choice_unknown"
    assert fv.clean_choices(["c", "a", "a"], choices) == ["a", "c"]
    assert _code(fv.clean_choices, "a", choices) == "choice_unknown"
    assert _code(fv.clean_choices, ["a", "z"], choices) == "choice_unknown"
    assert fv.choice_labels(["c", "a"], choices) == ["Apple", "Cherry"]
    assert fv.choice_labels("b", choices) == ["Banana"]


def _upload(data, name="file.pdf"):
    return {"name": name, "data": base64.b64encode(data).decode()}


def test_attachments_checked_by_content_and_size():
    pdf = fv.clean_attachment(_upload(make_pdf(), "../../etc/passwd"))
    assert (pdf.name, pdf.mimetype) == ("passwd.pdf", "application/pdf")
    image = fv.clean_attachment(_upload(png(), "scan.PNG"))
    assert (image.name, image.mimetype) == ("scan.png", "image/png")
    assert fv.clean_attachment(None) is None
    assert _code(fv.clean_attachment, _upload(b"MZ\x90\x00", "x.pdf")) == "attachment_type"
    assert _code(fv.clean_attachment, _upload(b"\x89PNG\r\n\x1a\nbroken")) == "attachment_type"
    assert _code(fv.clean_attachment, _upload(b"%PDF-1.4 broken")) == "attachment_rejected"
    assert _code(fv.clean_attachment, _upload(b"%PDF-" + b"0" * 2000), 1000) \
        == "attachment_too_large"
    assert _code(fv.clean_attachment, {"name": "x", "data": "not base64!"}) \
        == "attachment_invalid"
    assert _code(fv.clean_attachment, "x.pdf") == "attachment_invalid"


def test_conditions():
    assert fv.condition_met("1", "1") and fv.condition_met("1", "true")
    assert fv.condition_met("", "0") and not fv.condition_met("", "1")
    assert fv.condition_met(["a", "b"], "b") and not fv.condition_met(["a"], "b")
    assert fv.condition_met("premium", "premium") and not fv.condition_met("basic", "premium")
    assert fv.condition_met("10,0", "10") and not fv.condition_met("11", "10")
    assert fv.condition_met("Yes Please", "yes please")


def test_checkbox_label_goes_beside_a_small_box_or_inside_a_wide_one():
    small = {"page": 1, "pos_x": 0.1, "pos_y": 0.5, "width": 0.03, "height": 0.02}
    mark, label = fv.checkbox_places(small, 595, 842)
    assert mark == small
    assert label["pos_x"] > 0.13 and label["width"] == pytest.approx(0.45)
    edge = dict(small, pos_x=0.95)
    _mark, label = fv.checkbox_places(edge, 595, 842)
    assert label["pos_x"] + label["width"] < 0.95
    wide = dict(small, width=0.4)
    mark, label = fv.checkbox_places(wide, 595, 842)
    assert mark["width"] * 595 == pytest.approx(0.02 * 842)
    assert label["pos_x"] + label["width"] == pytest.approx(0.5)
