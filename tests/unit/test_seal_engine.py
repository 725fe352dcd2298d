"""The seal engine's pieces, each alone: fast reads, drawing, signing."""

import io
import re
import subprocess

from conftest import make_pdf, png
from esign_tools import fast_read, overlay, page_tree, pdf_inspect, sealing, signing
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def run(*command):
    return subprocess.run(command, capture_output=True, check=False, timeout=120)


def _pages(data, fast):
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    helper = fast_read.FastReader(reader) if fast else None
    return [(ref.idnum, page, inherited)
            for ref, page, inherited in page_tree.iter_pages(reader.root, helper)]


def _plain(value):
    """A comparable Python value of a pyHanko object (references by number)."""
    if isinstance(value, generic.IndirectObject):
        return ("ref", value.idnum, value.generation)
    if isinstance(value, dict):
        return {str(key): _plain(value.raw_get(key)) for key in value}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return repr(value)


def _odd_pdf():
    """Pages with strings, escaped names, nested arrays and reals."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("(odd) title")
    for index in range(3):
        pdf.setPageRotation(90 * index)
        pdf.drawString(72, 700, f"Page {index}")
        pdf.linkURL("https://example.com/a(b)", (72, 600, 200, 620))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_fast_reads_equal_pyhankos_own(tmp_path):
    documents = [make_pdf(5, rotations={2: 90}), _odd_pdf()]
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf(4))
    run("qpdf", "--object-streams=generate", str(source), str(tmp_path / "os.pdf"))
    documents.append((tmp_path / "os.pdf").read_bytes())
    for data in documents:
        slow, fast = _pages(data, False), _pages(data, True)
        assert [(i, _plain(p), _plain(inh)) for i, p, inh in slow] == \
            [(i, _plain(p), _plain(inh)) for i, p, inh in fast]


def test_fast_reader_tells_streams_from_arrays():
    reader = PdfFileReader(io.BytesIO(make_pdf(2)), strict=False)
    helper = fast_read.FastReader(reader)
    for _ref, page, _inh in page_tree.iter_pages(reader.root, helper):
        assert helper.is_stream(page.raw_get("/Contents")) is True
    assert helper.is_stream(reader.root.raw_get("/Pages")) is False


def test_fast_reader_leaves_what_it_does_not_know_to_pyhanko():
    data = b"%PDF-1.4\n1 0 obj\n<< /Title (a /Fake [name) /N#20x 1 >>\nendobj\n"
    reader = type("R", (), {})()
    reader.stream, reader.xrefs, reader.security_handler = io.BytesIO(data), {}, None
    cache = {}
    reader.cache_get_indirect_object = lambda g, i: cache.get((g, i))
    reader.cache_indirect_object = lambda g, i, o: cache.__setitem__((g, i), o)
    ref = generic.IndirectObject(1, 0, reader)
    reader.xrefs = {ref.reference: data.index(b"1 0 obj")}
    fast_read.FastReader(reader).prefetch(ref)
    assert cache == {}, "a string in the dictionary: not the fast path's to read"


def test_drawing_alone_is_content_streams_with_standard_fonts():
    pages = pdf_inspect.inspect_pdf(make_pdf(2)).pages
    plan = sealing.SealPlan(
        fingerprint="AAAA-BBBB-CCCC", document_name="Contrat (v2)", verify_url="https://x/v",
        stamps=(sealing.FieldStamp(1, 0.1, 0.1, 0.3, 0.05, "text", text="Zoë Ünal"),
                sealing.FieldStamp(2, 0.1, 0.5, 0.3, 0.1, "image", image=png()),
                sealing.FieldStamp(2, 0.5, 0.5, 0.3, 0.1, "image", image=png())),
        level="PAdES B-B")
    drawing = overlay.draw(pages, plan)
    assert len(drawing.page_streams) == 2 and len(drawing.receipt_streams) == 1
    assert b"(Zo\xeb \xdcnal) Tj" in drawing.page_streams[0]
    assert b"Page 1 of 2" in drawing.page_streams[0]
    assert b"Receipt page 1 of 1" in drawing.receipt_streams[0]
    assert b"Contrat \\(v2\\)" in drawing.receipt_streams[0]
    assert b"PAdES B-B" in drawing.receipt_streams[0]
    # one image for the same signature twice, plus the QR code
    assert sorted(drawing.images) == ["/ESignIm0", "/ESignIm1"]
    assert drawing.images["/ESignIm0"].smask is not None
    assert drawing.page_images == (False, True)


def test_text_outside_windows_1252_takes_the_unicode_path(tmp_path, seal_signer):
    original = make_pdf(1)
    plan = sealing.SealPlan(fingerprint="AAAA-BBBB-CCCC", document_name="Договор",
                            verify_url="https://x/v")
    assert overlay.draw(pdf_inspect.inspect_pdf(original).pages, plan) is None
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealing.seal_pdf(original, plan, seal_signer))
    assert "Договор" in run("pdftotext", str(path), "-").stdout.decode()
    assert "Signature is Valid" in run("pdfsig", str(path)).stdout.decode()


def test_signing_alone_certifies_with_the_kept_key(seal_signer):
    writer = IncrementalPdfFileWriter(io.BytesIO(make_pdf(1)), strict=False)
    data = signing.certify(writer, seal_signer, signing.SignatureText(reason="test"))
    seal = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = validate_pdf_signature(seal, ValidationContext(trust_roots=[seal.signer_cert]))
    assert status.intact and status.valid and status.docmdp_ok
    assert seal_signer.level(None) == signing.B_B
    assert seal_signer.reserved_bytes(None) >= len(seal.pkcs7_content)


def test_receipt_states_the_level_in_words(tmp_path, seal_signer):
    original = make_pdf(1)
    plan = sealing.SealPlan(fingerprint="AAAA-BBBB-CCCC", document_name="d",
                            verify_url="https://x/")
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealing.seal_pdf(original, plan, seal_signer))
    text = run("pdftotext", "-f", "2", "-l", "2", str(path), "-").stdout.decode()
    assert re.search(r"PAdES B-B", text)
