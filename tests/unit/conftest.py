"""Load esign_base's core (addons/esign_base/tools) without Odoo.

The package is registered as ``esign_tools`` straight from its folder, so
these tests need neither Odoo's registry nor a database.
"""

import importlib.util
import io
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

TOOLS = Path(__file__).resolve().parents[2] / "addons" / "esign_base" / "tools"


def _load_tools():
    if "esign_tools" in sys.modules:
        return sys.modules["esign_tools"]
    spec = importlib.util.spec_from_file_location(
        "esign_tools", TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["esign_tools"] = module
    spec.loader.exec_module(module)
    return module


_load_tools()


def make_pdf(pages=1, rotations=None, sizes=None, text="Page"):
    """A real PDF drawn with reportlab: per-page rotation and size."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for index in range(pages):
        pdf.setPageSize((sizes or {}).get(index, A4))
        pdf.setPageRotation((rotations or {}).get(index, 0))
        pdf.drawString(72, 300, f"{text} {index + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png(width=240, height=80, blank=False):
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    if not blank:
        ImageDraw.Draw(image).line([(5, height - 5), (width - 5, 5)], fill=(0, 0, 0, 255),
                                   width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="session")
def company_pkcs12():
    from esign_tools import certificates  # noqa: PLC0415 - loaded above

    return certificates.make_self_signed("ACME Seal", "ACME", "BE")


@pytest.fixture(scope="session")
def seal_signer(company_pkcs12):
    from esign_tools import sealing  # noqa: PLC0415 - loaded above

    return sealing.SealSigner.from_pkcs12(*company_pkcs12)


__all__ = ["landscape", "make_pdf", "png"]
