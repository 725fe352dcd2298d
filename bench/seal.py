"""Median time to seal 1-, 20- and 200-page documents, beside pyHanko alone.

Run: .venv/bin/python bench/seal.py [--runs N]

After the first table: a 1,000-page seal beside pyHanko alone with the seal's
peak memory, and the time to verify a sealed file as the upload path does
(tools/verification.inspect_seal + status_of + the model's hash comparison)
beside pyHanko's own validate_pdf_signature on the same file.

"seal" is the full product path (field values and a signature image drawn,
a footer on every page, the receipt page with its QR code, the PAdES
certification signature, all in one incremental update). "pyHanko alone"
signs the same file with pyHanko's stock signer and nothing drawn. Compare
the two columns of one run; absolute times vary between machines.
"""

import argparse
import gc
import hashlib
import importlib.util
import io
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from PIL import Image, ImageDraw
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

TOOLS = Path(__file__).resolve().parents[1] / "addons" / "esign_base" / "tools"


def load_tools():
    spec = importlib.util.spec_from_file_location(
        "esign_tools", TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["esign_tools"] = module
    spec.loader.exec_module(module)


def document(pages):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 11)
        for line in range(40):
            pdf.drawString(60, 780 - line * 18, f"Page {number}, clause {line}: lorem ipsum")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def signature_png():
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 90), (120, 10), (290, 70)], fill=(0, 0, 90, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def median_ms(call, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_plan(sealing, fingerprint, original, pages, image):
    return sealing.SealPlan(
        fingerprint=fingerprint.fingerprint_of(original), document_name="Bench",
        stamps=(sealing.FieldStamp(pages, 0.1, 0.8, 0.3, 0.08, "image", image=image),
                sealing.FieldStamp(pages, 0.55, 0.8, 0.3, 0.04, "text", text="Bench User"),
                sealing.FieldStamp(1, 0.1, 0.1, 0.03, 0.03, "check", text="1")),
        signers=(sealing.ReceiptSigner("Bench User", "Customer", "b•••@x.com", "Email link",
                                       "2026-11-22 10:00:00 UTC", "127.0.0.1"),),
        audit_summary=("created", "sent", "signed"), verify_url="https://x/esign/verify")


def plain_signer(stock):
    def plain(original):
        writer = IncrementalPdfFileWriter(io.BytesIO(original))
        return signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Sig"),
                                signer=stock)
    return plain


def peak_memory_mb(call):
    """Peak of Python allocations during ``call`` (tracemalloc), in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def thousand_pages(sealing, fingerprint, seal_signer, plain, image, runs):
    original = document(1000)
    plan = bench_plan(sealing, fingerprint, original, 1000, image)
    sealed_ms = median_ms(lambda: sealing.seal_pdf(original, plan, seal_signer), runs)
    plain_ms = median_ms(lambda: plain(original), runs)
    peak = peak_memory_mb(lambda: sealing.seal_pdf(original, plan, seal_signer))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"{'pages':>6} {'seal (ms)':>10} {'pyHanko alone (ms)':>19} {'ratio':>6} "
          f"{'seal peak (MB)':>15} {'process max RSS (MB)':>21}")
    print(f"{1000:>6} {sealed_ms:>10.1f} {plain_ms:>19.1f} {sealed_ms / plain_ms:>6.2f} "
          f"{peak:>15.1f} {rss:>21.1f}")


def verification_times(tools, seal_signer, image, runs):
    """The upload path's verification beside pyHanko's validator, same file."""
    sealing, fingerprint, verification = tools
    print()
    print(f"{'pages':>6} {'verify upload (ms)':>19} {'validate_pdf_signature (ms)':>28} "
          f"{'ratio':>6}")
    for pages in (1, 200):
        original = document(pages)
        sealed = sealing.seal_pdf(original, bench_plan(sealing, fingerprint, original, pages,
                                                       image), seal_signer)
        stored_sha256 = hashlib.sha256(sealed).hexdigest()

        def ours(sealed=sealed, stored_sha256=stored_sha256):
            report = verification.inspect_seal(sealed)
            status = verification.status_of(report, seal_signer.certificate_sha256)
            assert status == "valid" and report.signed_revision_sha256 == stored_sha256
            return status

        def theirs(sealed=sealed):
            reader = PdfFileReader(io.BytesIO(sealed), strict=False)
            seal = reader.embedded_signatures[0]
            context = ValidationContext(trust_roots=[seal.signer_cert], allow_fetching=False)
            return validate_pdf_signature(seal, signer_validation_context=context)

        ours_ms, theirs_ms = median_ms(ours, runs), median_ms(theirs, runs)
        print(f"{pages:>6} {ours_ms:>19.1f} {theirs_ms:>28.1f} {ours_ms / theirs_ms:>6.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    load_tools()
    from esign_tools import certificates, fingerprint, sealing, verification  # noqa: PLC0415

    data, password = certificates.make_self_signed("Bench Co", "Bench Co", "BE")
    seal_signer = sealing.SealSigner.from_pkcs12(data, password)
    stock = signers.SimpleSigner.load_pkcs12_data(data, None, password.encode())
    image = signature_png()
    print(f"{'pages':>6} {'seal (ms)':>10} {'pyHanko alone (ms)':>19} {'ratio':>6}")
    for pages in (1, 20, 200):
        original = document(pages)
        plan = sealing.SealPlan(
            fingerprint=fingerprint.fingerprint_of(original), document_name="Bench",
            stamps=(sealing.FieldStamp(pages, 0.1, 0.8, 0.3, 0.08, "image", image=image),
                    sealing.FieldStamp(pages, 0.55, 0.8, 0.3, 0.04, "text", text="Bench User"),
                    sealing.FieldStamp(1, 0.1, 0.1, 0.03, 0.03, "check", text="1")),
            signers=(sealing.ReceiptSigner("Bench User", "Customer", "b•••@x.com", "Email link",
                                           "2026-11-22 10:00:00 UTC", "127.0.0.1"),),
            audit_summary=("created", "sent", "signed"), verify_url="https://x/esign/verify")

        def seal(original=original, plan=plan):
            return sealing.seal_pdf(original, plan, seal_signer)

        def plain(original=original):
            writer = IncrementalPdfFileWriter(io.BytesIO(original))
            return signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Sig"),
                                    signer=stock)

        sealed_ms, plain_ms = median_ms(seal, runs), median_ms(plain, runs)
        print(f"{pages:>6} {sealed_ms:>10.1f} {plain_ms:>19.1f} {sealed_ms / plain_ms:>6.2f}")
    thousand_pages(sealing, fingerprint, seal_signer, plain_signer(stock), image,
                   max(3, runs // 2))
    verification_times((sealing, fingerprint, verification), seal_signer, image, runs)


if __name__ == "__main__":
    main()
