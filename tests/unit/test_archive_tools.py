"""esign_archive's ORM-free tools: safe names, path patterns, the streamed ZIP,
text and thumbnail extraction, the audit trail PDF."""

import csv
import hashlib
import importlib.util
import io
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import make_pdf

TOOLS = Path(__file__).resolve().parents[2] / "addons" / "esign_archive" / "tools"


def _load():
    if "archive_tools" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "archive_tools", TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["archive_tools"] = module
        spec.loader.exec_module(module)
    return sys.modules["archive_tools"]


tools = _load()
names, zip_stream, documents, audit_pdf = (tools.names, tools.zip_stream, tools.documents,
                                           tools.audit_pdf)
errors = tools.errors


@pytest.mark.parametrize(("hostile", "clean"), [
    ("../../etc", "etc"),
    ("a/b", "a-b"),
    ("a\\b", "a-b"),
    ("..", "unnamed"),
    ("   ", "unnamed"),
    ("", "unnamed"),
    (None, "unnamed"),
    ("a\x00b", "ab"),
    ("line\nbreak\ttab", "line break tab"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),
    ('C:evil<>|?*"x', "C-evil------x"),
    ("\u2066x\u2069\u200e\u200fy", "xy"),
    ("  spaced out  ", "spaced out"),
    ("...hidden", "hidden"),
    ("name...pdf", "name.pdf"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("Café", "Café"),
])
def test_clean_name(hostile, clean):
    assert names.clean_name(hostile) == clean


def test_clean_name_bounds_length_and_keeps_the_extension():
    long = names.clean_name("x" * 1000 + ".pdf")
    assert len(long) == names.MAX_NAME_LENGTH and long.endswith(".pdf")
    assert len(names.clean_name("y" * 1000)) == names.MAX_NAME_LENGTH
    assert len(names.clean_name("z" * 50, max_length=10)) == 10


def test_clean_name_output_is_always_one_safe_segment():
    nasty = "".join(chr(c) for c in range(0, 0x300)) + "\u202a\u202b\u202c\u202d\u202e"
    cleaned = names.clean_name(nasty * 3)
    assert "/" not in cleaned and "\\" not in cleaned and ".." not in cleaned
    assert all(c.isprintable() for c in cleaned)
    assert cleaned == cleaned.strip() and len(cleaned) <= 120


def test_unique_name_suffixes_and_ignores_case():
    assert names.unique_name("a.pdf", set()) == "a.pdf"
    assert names.unique_name("a.pdf", {"A.PDF"}) == "a (2).pdf"
    assert names.unique_name("a.pdf", {"a.pdf", "a (2).pdf"}) == "a (3).pdf"
    assert names.unique_name("noext", {"noext"}) == "noext (2)"
    long = "x" * 200 + ".pdf"
    first = names.unique_name(long, set())
    second = names.unique_name(long, {first})
    assert second.endswith(" (2).pdf") and len(second) <= 120 and second != first


def test_name_candidates_are_cleaned_then_numbered_from_two_keeping_the_extension():
    candidates = names.name_candidates("a/b.pdf")
    assert [next(candidates) for _index in range(3)] == ["a-b.pdf", "a-b (2).pdf",
                                                          "a-b (3).pdf"]
    long_candidates = names.name_candidates("y" * 300 + ".pdf")
    for _index in range(12):
        candidate = next(long_candidates)
        assert len(candidate) <= 120 and candidate.endswith(".pdf")
    assert candidate.endswith("y (12).pdf")


def test_render_path_fills_and_cleans_each_segment():
    values = {"year": "2026", "month": "03", "partner": "../../etc/passwd", "template": "NDA",
              "deal": "", "company": "ACME / Europe"}
    assert names.render_path("{company}/{year}/{month}/{partner}", values) == [
        "ACME - Europe", "2026", "03", "etc-passwd"]
    assert names.render_path("Deals/{deal}", values) == ["Deals", "unnamed"]
    assert names.render_path("/Contracts//{template} {year}/", values) == ["Contracts",
                                                                           "NDA 2026"]
    assert names.render_path("..\\..\\x", values) == ["x"]


@pytest.mark.parametrize("pattern", ["{owner}", "a/{partner.name}", "{}", "{0}",
                                     "{__class__}"])
def test_unknown_placeholders_are_refused(pattern):
    with pytest.raises(errors.PathPatternError):
        names.render_path(pattern, {})


def test_unbalanced_braces_are_refused():
    with pytest.raises(errors.PatternSyntaxError):
        names.check_pattern("Contracts/{year")
    assert names.check_pattern("A/{year}") == "A/{year}"


def _members(count, data=b"%PDF-1.4 data"):
    for index in range(count):
        yield (index, ["2026", "../up"], f"doc{index % 2}.pdf", lambda d=data: d, f"FP-{index}",
               hashlib.sha256(data).hexdigest())


def test_stream_zip_reads_back_with_a_manifest():
    chunks = list(zip_stream.stream_zip(_members(4)))
    assert len(chunks) == 5, "one chunk per document, then the manifest"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert archive.namelist() == ["2026/up/doc0.pdf", "2026/up/doc1.pdf",
                                  "2026/up/doc0 (2).pdf", "2026/up/doc1 (2).pdf",
                                  "manifest.csv"]
    rows = list(csv.reader(io.StringIO(archive.read("manifest.csv").decode())))
    assert rows[0] == ["entry", "path", "sha256", "fingerprint", "intact"]
    assert rows[1][1] == "2026/up/doc0.pdf" and rows[1][3] == "FP-0"
    assert {row[4] for row in rows[1:]} == {"yes"}
    assert len(rows) == 5


def test_manifest_vouches_for_the_recorded_hash_and_flags_a_changed_file():
    recorded = hashlib.sha256(b"as filed").hexdigest()
    member = [(7, [], "changed.pdf", lambda: b"changed since", "FP", recorded)]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zip_stream.stream_zip(member))))
    row = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))[0]
    assert (row["sha256"], row["intact"]) == (recorded, "no")


def test_stream_zip_is_lazy_and_bounded():
    read = []

    def members():
        for index in range(50):
            def reader(i=index):
                read.append(i)
                return bytes([i % 256]) * 200_000
            yield index, [], f"f{index}.pdf", reader, "", ""

    stream = zip_stream.stream_zip(members())
    biggest = 0
    for count, chunk in enumerate(stream):
        biggest = max(biggest, len(chunk))
        assert len(read) <= count + 1, "documents are read only when their turn comes"
    assert len(read) == 50
    assert biggest < 200_000


def test_manifest_cells_never_run_as_formulas_and_names_cannot_escape():
    member = [(1, ["..", "/etc"], "evil.pdf", lambda: b"x", "+1", ""),
              (2, [], "=cmd|' /C calc'!A0", lambda: b"y", "@x", "")]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zip_stream.stream_zip(member))))
    name = archive.namelist()[0]
    assert name == "unnamed/etc/evil.pdf"
    manifest = archive.read("manifest.csv").decode()
    assert ",'=cmd" in manifest and ",'+1" in manifest and ",'@x" in manifest
    clash = [(1, [], "manifest.csv", lambda: b"x", "", "")]
    listed = zipfile.ZipFile(io.BytesIO(b"".join(zip_stream.stream_zip(clash)))).namelist()
    assert listed == ["manifest (2).csv", "manifest.csv"]


def test_preview_extracts_text_and_a_png_thumbnail():
    result = documents.preview(make_pdf(pages=3, text="Lease agreement"))
    assert "Lease agreement 1" in result.text and "Lease agreement 3" in result.text
    assert result.thumbnail.startswith(b"\x89PNG")


def test_preview_bounds_the_text_and_survives_garbage():
    assert len(documents.preview(make_pdf(pages=5), max_chars=20).text) == 20
    broken = documents.preview(b"%PDF-1.4 this is not really a pdf")
    assert broken.text == "" and broken.thumbnail == b""


def test_audit_pdf_is_a_pdf_and_wraps_long_content():
    lines = [f"2026-01-01 00:00:{i:02d} UTC | signed | Alice \u202e | " + "x" * 300
             for i in range(120)]
    pdf = audit_pdf.render("Audit trail", ["Fingerprint: ABCD"], lines)
    assert pdf.startswith(b"%PDF-")
    text = documents.preview(pdf).text
    assert "Fingerprint: ABCD" in text and "signed" in text


def test_audit_pdf_draws_russian_and_chinese_names_as_text():
    import subprocess  # noqa: PLC0415

    from esign_tools import receipt  # noqa: PLC0415 - loaded by conftest

    lines = [f"2026-01-01 00:00:0{i} UTC | signed | Иван Петров | 张伟 | {'долгий ' * 40}"
             for i in range(3)]
    pdf = audit_pdf.render("Audit trail of Договор 7", ["Fingerprint: ABCD"], lines,
                           unicode_lines=receipt.UnicodeLines())
    text = documents.preview(pdf).text
    for expected in ("Audit trail of Договор 7", "Иван Петров", "张伟", "Fingerprint: ABCD"):
        assert expected in text
    assert "\u25a0" not in text, "no empty boxes"
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True,
                           check=True).stdout.decode()
    assert "DejaVuSans" in fonts and "DroidSansFallback" in fonts
    # the long Russian line wraps inside the page instead of running off it
    bbox = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    right_edges = [float(part.split('"')[1]) for part in bbox.split() if part.startswith("xMax=")]
    assert right_edges and max(right_edges) <= 595 - 18 * 72 / 25.4 + 1


def test_audit_pdf_keeps_the_standard_font_for_western_text():
    import subprocess  # noqa: PLC0415

    from esign_tools import receipt  # noqa: PLC0415

    pdf = audit_pdf.render("Audit trail of Café contract", ["Fingerprint: ABCD"],
                           ["2026-01-01 UTC | signed | Zoë Müller"],
                           unicode_lines=receipt.UnicodeLines())
    assert "Zoë Müller" in documents.preview(pdf).text
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True,
                           check=True).stdout.decode()
    assert "Helvetica" in fonts and "DejaVu" not in fonts


def test_numbered_names_of_a_long_name_share_the_prefix_looked_up():
    long_name = "R" * 150 + ".pdf"
    taken, made = set(), []
    for _index in range(3):
        made.append(names.unique_name(long_name, taken))
        taken.add(made[-1].lower())
    assert [name[-8:] for name in made] == ["RRRR.pdf", " (2).pdf", " (3).pdf"]
    prefix = names.numbered_prefix(long_name)
    assert prefix and all(name.startswith(prefix) for name in made)
