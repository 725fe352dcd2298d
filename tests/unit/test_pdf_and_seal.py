"""PDF inspection, sealing and verification, judged by tools that are not ours."""

import io
import re
import subprocess
import zipfile

import pytest
from conftest import make_pdf, png
from esign_tools import fingerprint, pdf_inspect, sealing, verification
from esign_tools.errors import PdfRejected
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen import canvas


def run(*command, data=None):
    return subprocess.run(command, input=data, capture_output=True, check=False, timeout=120)


def qpdf(args, data, tmp_path):
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(data)
    result = run("qpdf", *args, str(source), str(target))
    assert result.returncode in (0, 3), result.stderr
    return target.read_bytes()


def with_catalog_entry(data, key, value):
    """The same PDF with one more entry in its catalog (an incremental update)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root[generic.pdf_name(key)] = value
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_real_world_pdfs_are_read_with_their_geometry(tmp_path):
    data = make_pdf(3, rotations={1: 90, 2: 270}, sizes={2: letter})
    compressed = qpdf(["--object-streams=generate"], data, tmp_path)
    info = pdf_inspect.inspect_pdf(compressed)
    assert info.page_count == 3
    assert (info.pages[0].width, info.pages[0].rotation) == (pytest.approx(595.276, 0.01), 0)
    for page in info.pages[1:]:
        x0, y0, x1, y1 = page.box
        assert page.rotation in (90, 270)
        assert (page.width, page.height) == (pytest.approx(y1 - y0), pytest.approx(x1 - x0)), \
            "a quarter-turned page reads with its box's sides swapped"
    assert {round(page.box[2]) for page in info.pages} == {round(A4[0]), round(A4[1]),
                                                           round(letter[1])}


def test_bad_uploads_are_refused_with_distinct_reasons(tmp_path):
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("a.txt", "hello")
    plain = make_pdf(2)
    javascript = generic.DictionaryObject({
        generic.pdf_name("/S"): generic.pdf_name("/JavaScript"),
        generic.pdf_name("/JS"): generic.TextStringObject("app.alert(1)")})
    cases = {
        "pdf_empty": b"",
        "pdf_not_pdf": zipped.getvalue(),
        "pdf_corrupt": plain[: len(plain) // 2],
        "pdf_encrypted": qpdf(["--encrypt", "u", "o", "256", "--"], plain, tmp_path),
        "pdf_active_content": with_catalog_entry(plain, "/OpenAction", javascript),
    }
    for code, data in cases.items():
        with pytest.raises(PdfRejected) as err:
            pdf_inspect.inspect_pdf(data)
        assert err.value.code == code
    with pytest.raises(PdfRejected) as err:
        pdf_inspect.inspect_pdf(plain, max_bytes=100)
    assert err.value.code == "pdf_too_large"
    with pytest.raises(PdfRejected) as err:
        pdf_inspect.inspect_pdf(plain, max_pages=1)
    assert err.value.code == "pdf_too_many_pages"


def test_a_polyglot_with_a_pdf_header_but_no_document_is_refused():
    with pytest.raises(PdfRejected):
        pdf_inspect.inspect_pdf(b"GIF89a%PDF-1.7\n" + b"\x00" * 200)


def plan_for(original, signers_count=1, audit_lines=5):
    code = fingerprint.fingerprint_of(original)
    return sealing.SealPlan(
        fingerprint=code,
        document_name="Agreement <script>alert(1)</script>",
        stamps=(sealing.FieldStamp(1, 0.1, 0.1, 0.4, 0.05, "text", text="Zoë Ünal"),
                sealing.FieldStamp(1, 0.5, 0.8, 0.3, 0.1, "image", image=png()),
                sealing.FieldStamp(2, 0.05, 0.05, 0.05, 0.05, "check", text="1")),
        signers=tuple(sealing.ReceiptSigner(f"Signer {i}", "Customer", "s•••@x.com",
                                            "Email link", "2026-11-22 10:00:00 UTC", "1.2.3.4")
                      for i in range(signers_count)),
        audit_summary=tuple(f"2026-11-22 10:00:{i:02d} UTC · event {i}"
                            for i in range(audit_lines)),
        verify_url=f"https://esign.example/esign/verify/{code}",
        company_name="ACME", self_signed_notice="Self-signed certificate.")


def test_sealed_pdf_passes_independent_checks(tmp_path, seal_signer):
    original = make_pdf(3, rotations={1: 90})
    plan = plan_for(original)
    sealed = sealing.seal_pdf(original, plan, seal_signer)
    assert sealed.startswith(original), "the original bytes are kept"
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed)
    signature = run("pdfsig", str(path)).stdout.decode()
    assert "Signature is Valid" in signature and "Total document signed" in signature
    assert "Not total document signed" not in signature
    assert run("qpdf", "--check", str(path)).returncode == 0
    pages = int(re.search(rb"Pages:\s+(\d+)", run("pdfinfo", str(path)).stdout).group(1))
    assert pages == 4
    for page in range(1, pages + 1):
        text = run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-").stdout
        assert plan.fingerprint.encode() in text
        numbering = f"Page {page} of 3" if page < 4 else "Receipt page 1 of 1"
        assert numbering.encode() in text
    receipt = run("pdftotext", "-f", "4", "-l", "4", str(path), "-").stdout.decode()
    assert "Agreement <script>alert(1)</script>" in receipt
    assert "Zoë Ünal" in run("pdftotext", "-f", "1", "-l", "1", str(path), "-").stdout.decode()


def test_text_lands_where_the_reader_expects_on_a_rotated_page(tmp_path, seal_signer):
    original = make_pdf(1, rotations={0: 90})
    plan = sealing.SealPlan(fingerprint="AAAA-BBBB-CCCC", document_name="d",
                            stamps=(sealing.FieldStamp(1, 0.05, 0.05, 0.3, 0.04, "text",
                                                       text="TOPLEFT"),),
                            verify_url="https://x/")
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealing.seal_pdf(original, plan, seal_signer))
    bbox = run("pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-").stdout.decode()
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', bbox)
    word = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>TOPLEFT<', bbox)
    width, height = float(page.group(1)), float(page.group(2))
    assert width > height, "a /Rotate 90 portrait page reads as landscape"
    assert float(word.group(1)) < width * 0.2 and float(word.group(2)) < height * 0.2


def test_many_signers_flow_onto_more_receipt_pages(tmp_path, seal_signer):
    original = make_pdf(1)
    sealed = sealing.seal_pdf(original, plan_for(original, signers_count=40, audit_lines=120),
                              seal_signer)
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed)
    pages = int(re.search(rb"Pages:\s+(\d+)", run("pdfinfo", str(path)).stdout).group(1))
    assert pages >= 4


def test_verification_valid_modified_unknown(seal_signer, company_pkcs12):
    original = make_pdf(2)
    sealed = sealing.seal_pdf(original, plan_for(original), seal_signer)
    expected = seal_signer.certificate_sha256

    def status(data, cert=expected):
        return verification.status_of(verification.inspect_seal(data), cert)

    assert status(sealed) == "valid"
    flipped = bytearray(sealed)
    flipped[len(original) + 200] ^= 0x01
    assert status(bytes(flipped)) == "modified"
    assert status(sealed + b"\n%%EOF\n") == "modified"
    assert status(with_catalog_entry(sealed, "/PageMode", generic.pdf_name("/UseOutlines"))) \
        == "modified"
    assert status(original) == "unknown"
    assert status(b"garbage") == "unknown"


def test_a_lookalike_certificate_is_not_ours(seal_signer):
    from esign_tools import certificates  # noqa: PLC0415

    original = make_pdf(1)
    impostor = sealing.SealSigner.from_pkcs12(*certificates.make_self_signed(
        "ACME Seal", "ACME", "BE"))
    forged = sealing.seal_pdf(original, plan_for(original), impostor)
    assert verification.status_of(verification.inspect_seal(forged),
                                  seal_signer.certificate_sha256) == "modified"


def test_a_full_rewrite_is_never_valid(tmp_path, seal_signer):
    original = make_pdf(1)
    sealed = sealing.seal_pdf(original, plan_for(original), seal_signer)
    rewritten = qpdf([], sealed, tmp_path)
    assert verification.status_of(verification.inspect_seal(rewritten),
                                  seal_signer.certificate_sha256) != "valid"


def test_pyhanko_alone_still_signs_what_we_inspect(seal_signer):
    """The bench's baseline (plain pyHanko signing) works on our inputs."""
    writer = IncrementalPdfFileWriter(io.BytesIO(make_pdf(1)))
    out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Plain"),
                           signer=seal_signer.signer)
    assert verification.inspect_seal(out.getvalue()).signed


def test_a_pdf_with_form_fields_and_object_streams_seals_cleanly(tmp_path, seal_signer):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 760, "Application form")
    pdf.acroForm.textfield(name="applicant", x=72, y=700, width=200, height=20)
    pdf.showPage()
    pdf.save()
    original = qpdf(["--object-streams=generate"], buffer.getvalue(), tmp_path)
    assert pdf_inspect.inspect_pdf(original).has_form_fields
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealing.seal_pdf(original, plan_for(original), seal_signer))
    signature = run("pdfsig", str(path)).stdout.decode()
    assert "Signature is Valid" in signature and "Total document signed" in signature
    assert run("qpdf", "--check", str(path)).returncode == 0


def test_xref_bombs_are_not_parsed_and_fingerprints_are_found_by_a_scan():
    """A few kilobytes declaring a million objects would cost seconds and
    hundreds of megabytes to parse: the upload path refuses to parse it."""
    bomb = (b"%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 1000000 /W [1 1 1] "
            b"/Filter /FlateDecode /Length 10 >>\nstream\n0123456789\nendstream\nendobj\n"
            b"startxref\n9\n%%EOF\n")
    assert not verification.parsing_is_bounded(bomb)
    assert verification.parsing_is_bounded(b"%PDF-1.7\n trailer << /Size 12 >>" + b" " * 100)
    assert verification.claimed_fingerprint(bomb) is None
    named = bomb + b"<< /ESignFingerprint (ABCD-EFGH-JKMN) >>"
    assert verification.claimed_fingerprint(named) == "ABCD-EFGH-JKMN"
