"""The receipt: laid out once, drawn alike by both drawers, read by poppler."""

import dataclasses
import re
import subprocess
from pathlib import Path

import polib
from conftest import make_pdf, png
from esign_tools import certificates, fingerprint, fonts, overlay, receipt, sealing
from reportlab.lib.pagesizes import A4

ZH_CN_PO = Path(__file__).resolve().parents[2] / "addons/esign_base/i18n/zh_CN.po"


def run(*command):
    return subprocess.run(command, capture_output=True, check=False, timeout=120)


def plan_for(original, name="Service agreement", signers=2, audit_lines=6, signer_name="Jane"):
    code = fingerprint.fingerprint_of(original)
    return sealing.SealPlan(
        fingerprint=code, document_name=name,
        signers=tuple(sealing.ReceiptSigner(
            f"{signer_name} {i}", "Customer", "j•••@example.com", "Link by email",
            "2026-11-22 10:00:00 UTC", "203.0.113.7", adoption="Drawn on the signing page",
            signed_local="2026-11-22 11:00:00 (Europe/Brussels)", signature=png())
            for i in range(signers)),
        audit_summary=tuple(f"2026-11-22 10:{i // 60:02d}:{i % 60:02d} UTC · event {i}"
                            for i in range(audit_lines)),
        verify_url=f"https://esign.example.com/esign/verify/{code}?from=receipt&long=" + "x" * 60,
        company_name="ACME SA", level="PAdES B-B",
        certificate_subject="ACME Sealing, ACME SA, BE",
        certificate_issuer="Self-signed by ACME Sealing, ACME SA, BE",
        certificate_validity="2026-11-22 to 2036-11-20 (UTC)")


def texts(page):
    return [op for op in page if op[0] == "text"]


def test_every_line_stays_on_the_page_and_is_readable():
    plan = plan_for(b"%PDF-x", signers=5, audit_lines=200)
    for styles in (receipt.STYLES, overlay.STYLES):
        pages = receipt.receipt_pages(plan, styles)
        for page in pages:
            for _kind, style, x, y, text in texts(page):
                font, size, _leading = styles[style]
                assert size >= 8 or style == "gap"
                width = receipt.pdfmetrics.stringWidth(text, font, size)
                assert receipt.MARGIN <= x and x + width <= A4[0] - receipt.MARGIN + 0.5, text
                assert receipt.MARGIN + 20 <= y <= A4[1] - receipt.MARGIN


def test_long_trail_is_summarised():
    plan = plan_for(b"%PDF-x", audit_lines=300)
    lines = [op[4] for page in receipt.receipt_pages(plan) for op in texts(page)
             if op[1] == "audit"]
    assert len(lines) == receipt.AUDIT_HEAD + receipt.AUDIT_TAIL + 1
    assert "260 more entries" in lines[receipt.AUDIT_HEAD]
    assert lines[-1].endswith("event 299")


def test_verify_address_wraps_beside_the_qr_code():
    plan = plan_for(b"%PDF-x")
    first = receipt.receipt_pages(plan)[0]
    qr = next(op for op in first if op[0] == "image" and op[1] == "qr")
    url_lines = [op for op in texts(first) if op[1] == "url"]
    assert len(url_lines) >= 2, "the long address wraps"
    assert "".join(op[4] for op in url_lines) == plan.verify_url
    for op in url_lines:
        assert op[2] > qr[2] + qr[4], "beside the code, not under it"
        assert qr[3] - 20 <= op[3] <= qr[3] + qr[5]


def test_distinguished_names_in_words():
    assert receipt.dn_words("CN=ACME Sealing,O=ACME\\, SA,C=BE") == "ACME Sealing, ACME, SA, BE"
    assert receipt.dn_words("") == ""


def sealed_receipt(tmp_path, plan, original):
    data, password = certificates.make_self_signed("ACME Sealing", "ACME SA", "BE")
    signer = sealing.SealSigner.from_pkcs12(data, password)
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealing.seal_pdf(original, plan, signer))
    return path


def test_receipt_reads_as_a_table_on_both_paths(tmp_path):
    original = make_pdf(2)
    for name, signer_name in (("Agreement", "Jane"), ("Договор", "Жанна")):
        path = sealed_receipt(tmp_path, plan_for(original, name, signer_name=signer_name),
                              original)
        pages = int(re.search(rb"Pages:\s+(\d+)", run("pdfinfo", str(path)).stdout).group(1))
        assert pages == 3
        for page in (1, 2):
            text = run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-").stdout
            assert f"Page {page} of 2".encode() in text
        text = run("pdftotext", "-layout", "-f", "3", "-l", "3", str(path), "-").stdout.decode()
        assert "Receipt page 1 of 1" in text
        for expected in (f"{signer_name} 0", f"{signer_name} 1", "Drawn on the signing page",
                         "2026-11-22 11:00:00 (Europe/Brussels)", "2026-11-22 10:00:00 UTC",
                         "203.0.113.7", "Issued to", "ACME Sealing, ACME SA, BE",
                         "2026-11-22 to 2036-11-20 (UTC)", "PAdES B-B", "Signature adopted"):
            assert expected in text, expected
        assert re.search(r"Role\s+Customer", text) and re.search(r"Contact\s+j", text)
        # the signature images are drawn on the receipt page
        images = run("pdfimages", "-list", "-f", "3", "-l", "3", str(path)).stdout.decode()
        assert len([line for line in images.splitlines()[2:] if " image " in line]) >= 3


def chinese_labels():
    """The receipt's labels as the Simplified Chinese catalogue has them."""
    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(ZH_CN_PO))}
    return receipt.ReceiptLabels(**{field.name: catalogue[field.default]
                                    for field in dataclasses.fields(receipt.ReceiptLabels)})


def embedded_fonts(path):
    """The fonts embedded in ``path`` as pdffonts names them, without the
    subset prefix (the columns end: emb sub uni object generation)."""
    lines = run("pdffonts", str(path)).stdout.decode().splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in lines if line.split()[-5] == "yes"}


def test_chinese_receipt_is_drawn_with_the_fallback_font(tmp_path):
    original = make_pdf(2)
    plan = dataclasses.replace(
        plan_for(original, "服务协议", signer_name="张伟"), labels=chinese_labels(),
        stamps=(sealing.FieldStamp(1, 0.1, 0.1, 0.4, 0.05, "text", text="张伟 Zhang Wei"),))
    assert not overlay.encodable(plan), "Chinese text never takes the standard fonts"
    path = sealed_receipt(tmp_path, plan, original)
    for page in (1, 2):
        text = run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-").stdout
        assert f"第 {page} 页，共 2 页".encode() in text
    assert "张伟 Zhang Wei".encode() in run("pdftotext", "-l", "1", str(path), "-").stdout
    text = run("pdftotext", "-layout", "-f", "3", "-l", "3", str(path), "-").stdout.decode()
    for expected in ("签署回执", "服务协议", "签署人", "张伟 0", "张伟 1", "审计记录",
                     "验证此文档", "回执第 1 页，共 1 页", "签署时间（UTC）",
                     "2026-11-22 10:00:00 UTC", "ACME Sealing, ACME SA, BE", plan.fingerprint):
        assert expected in text, expected
    assert re.search(r"角色\s+Customer", text)
    assert embedded_fonts(path) == {"DroidSansFallback", "DejaVuSans", "DejaVuSans-Bold"}


def test_chinese_lines_are_measured_as_drawn():
    plan = dataclasses.replace(plan_for(b"%PDF-x", "服务协议" * 40, signers=3, audit_lines=60,
                                        signer_name="张伟"), labels=chinese_labels())
    pages = receipt.receipt_pages(plan)
    lines = [op for page in pages for op in texts(page)]
    for _kind, style, x, y, text in lines:
        font, size, _leading = receipt.STYLES[style]
        assert x + fonts.text_width(text, font, size) <= A4[0] - receipt.MARGIN + 0.5, text
        assert receipt.MARGIN + 20 <= y <= A4[1] - receipt.MARGIN
    names = [op[4] for op in lines if op[1] == "text" and op[4].startswith("服务协议")]
    assert len(names) > 1 and "".join(names) == "服务协议" * 40, "a long name wraps anywhere"
    assert fonts.runs("张伟 0", receipt.FONT) == [(fonts.FALLBACK, "张伟 "),
                                                 (receipt.FONT, "0")]


def test_latin_receipt_with_a_chinese_name_keeps_dejavu(tmp_path):
    original = make_pdf(1)
    plan = plan_for(original, signers=1)
    plan = dataclasses.replace(plan, signers=(
        plan.signers[0], dataclasses.replace(plan.signers[0], name="王芳")))
    path = sealed_receipt(tmp_path, plan, original)
    text = run("pdftotext", "-layout", "-f", "2", "-l", "2", str(path), "-").stdout.decode()
    for expected in ("Signing receipt", "Jane 0", "王芳", "Receipt page 1 of 1"):
        assert expected in text, expected
    assert embedded_fonts(path) == {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}
    # Only the name's characters are in the fallback: the rest stays DejaVu.
    assert fonts.runs("Signing receipt", receipt.FONT_BOLD) == [(receipt.FONT_BOLD,
                                                                 "Signing receipt")]
    assert fonts.runs("王芳", receipt.FONT_BOLD) == [(fonts.FALLBACK, "王芳")]
