"""The stamped PDF, and stamping many requests at once."""

import base64
import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .seal_common import SealCase

BULK_SIZE = 200


def render_page(data, page=1, dpi=50):
    """Page ``page`` of a PDF as poppler draws it, as a Pillow RGB image."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                        str(source), str(Path(folder) / "page")], check=True, timeout=60)
        output = next(Path(folder).glob("page*.png"))
        return Image.open(io.BytesIO(output.read_bytes())).convert("RGB")


def inked_share(image, box):
    """Share of the pixels inside ``box`` (fractions of the page) that are not white."""
    width, height = image.size
    area = image.crop((round(box[0] * width), round(box[1] * height),
                       round(box[2] * width), round(box[3] * height)))
    pixels = list(area.getdata())
    return sum(1 for pixel in pixels if min(pixel) < 200) / len(pixels)


@tagged("post_install", "-at_install")
class TestStampedPdf(SealCase):
    def test_sealed_pdf_shows_the_seal_at_the_stamp_field_and_validates(self):
        request = self.stamp_request()
        self.assertTrue(request.with_user(self.stamper).action_apply_seal()[0]["ok"])
        self.sign(self.signer_of(request, self.bob))
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        sealed = base64.b64decode(request.signed_document)
        field = request.field_ids.filtered(lambda f: f.field_type == "stamp")
        box = (field.pos_x, field.pos_y, field.pos_x + field.width, field.pos_y + field.height)
        before = inked_share(render_page(request._original_bytes()), box)
        after = inked_share(render_page(sealed), box)
        self.assertLess(before, 0.01, "the stamp field is blank in the document sent")
        self.assertGreater(after, 0.05, "the seal is drawn in the stamp field")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(sealed)
            handle.flush()
            check = subprocess.run(["pdfsig", handle.name], capture_output=True, text=True,
                                   timeout=60, check=False)
        self.assertEqual(check.returncode, 0, check.stderr)
        self.assertIn("Signature is Valid", check.stdout)
        self.assertNotIn("Not total document signed", check.stdout)


@tagged("post_install", "-at_install")
class TestBulkStamping(SealCase):
    def test_small_selection_stamped_at_once_failure_isolated_and_retried(self):
        requests = [self.stamp_request() for _index in range(3)]
        late = self.stamp_request(order="customer_first")
        selection = self.env["esign.request"].browse([r.id for r in [*requests, late]])
        wizard = self.env["esign.seal.bulk"].with_user(self.stamper).with_context(
            active_model="esign.request", active_ids=selection.ids).create({})
        self.assertEqual(wizard.line_ids.mapped("counterparty"), ["Bob Customer"] * 4)
        wizard.action_apply()
        self.assertEqual((wizard.state, wizard.done_count, wizard.failed_count), ("done", 3, 1))
        failed = wizard.line_ids.filtered(lambda line: line.result == "failed")
        self.assertEqual(failed.request_id, late)
        self.assertTrue(failed.message)
        self.sign(self.signer_of(late, self.bob))
        wizard.action_retry_failed()
        self.assertEqual((wizard.done_count, wizard.failed_count), (4, 0))

    def test_two_hundred_in_the_background_one_failure_isolated_and_retried(self):
        requests = self.env["esign.request"]
        for _index in range(BULK_SIZE - 1):
            requests |= self.stamp_request()
        late = self.stamp_request(order="customer_first")
        requests |= late
        wizard = self.env["esign.seal.bulk"].with_user(self.stamper).with_context(
            active_model="esign.request", active_ids=requests.ids).create({})
        wizard.action_apply()
        self.assertEqual(wizard.state, "queued")
        self.assertEqual(set(requests.mapped("seal_bulk_state")), {"queued"})
        self.run_bulk_cron()
        done = requests.filtered(lambda r: r.seal_bulk_state == "done")
        self.assertEqual(len(done), BULK_SIZE - 1)
        self.assertEqual(late.seal_bulk_state, "failed")
        self.assertTrue(late.seal_bulk_message)
        self.assertTrue(all(r.seal_state_ready for r in done))
        self.assertFalse(late.seal_state_ready)
        self.assertEqual(set(self.events(done[0], "stamped").mapped("actor")), {"Stella Stamper"})
        told = self.env["mail.message"].search([("partner_ids", "in", self.stamper.partner_id.id),
                                                ("body", "ilike", "Bulk stamping finished")])
        self.assertIn("199 stamped, 1 failed", told[:1].body)
        self.sign(self.signer_of(late, self.bob))
        late.with_user(self.stamper).action_retry_bulk_stamp()
        self.run_bulk_cron()
        self.assertEqual(late.seal_bulk_state, "done")
        self.assertTrue(late.seal_state_ready)

    def test_queue_fields_cannot_be_forged(self):
        request = self.stamp_request(user=self.user)
        with self.assertRaises(AccessError):
            request.with_user(self.user).write({"seal_bulk_state": "queued",
                                                "seal_bulk_user_id": self.stamper.id})

    def run_bulk_cron(self):
        model = self.env["esign.request"]
        while model._claim_next_bulk(lock=False):
            model._cron_bulk_stamp()
