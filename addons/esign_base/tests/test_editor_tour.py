"""The placement editor in a real browser: a field dragged onto a rotated
page is saved at the fractions of the page as seen, and the sealed PDF
draws it there (read back with pdftotext -bbox)."""

import base64
import re
import subprocess

from odoo.tests import Form, HttpCase, tagged

from .common import SIGNATURE_PNG, make_pdf


def word_boxes(pdf, word):
    """``(page, x, y)`` of each ``word`` poppler finds, in points from the
    top-left corner of the page as displayed (after /Rotate); poppler gives
    the page's own size unrotated, so it is not returned."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60).stdout.decode()
    found = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x, y in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>' + word + "<", page):
            found.append((number, float(x), float(y)))
    return found


@tagged("post_install", "-at_install")
class TestEditorTour(HttpCase):
    def test_drag_a_field_onto_a_rotated_page(self):
        role = self.env.ref("esign_base.role_customer")
        template = self.env["esign.template"].create({
            "name": "Rotated agreement",
            "document": base64.b64encode(make_pdf(pages=2, rotate_last=True)),
            "document_name": "rotated.pdf",
            "field_ids": [(0, 0, {"field_type": "signature", "role_id": role.id, "page": 1,
                                  "pos_x": 0.1, "pos_y": 0.8, "width": 0.3, "height": 0.08})],
        })
        shown = template.page_geometry[1]
        self.assertEqual(shown["rotation"], 90)
        self.assertGreater(shown["width"], shown["height"], "page 2 reads as landscape")
        self.start_tour(f"/odoo/action-esign_base.esign_template_action/{template.id}",
                        "esign_base_editor_tour", login="admin")
        field = template.field_ids.filtered(lambda f: f.name == "Rotated note")
        self.assertEqual((field.field_type, field.page, field.role_id), ("text", 2, role))
        self.assertAlmostEqual(field.pos_x, 0.32, delta=0.006)
        self.assertAlmostEqual(field.pos_y, 0.40, delta=0.006)

        partner = self.env["res.partner"].create({"name": "Rita Reader",
                                                  "email": "rita@example.com"})
        request = self.env["esign.request"].browse(template.create_request(
            [{"partner_id": partner.id, "role_id": role.id}]))
        request.action_send()
        request.signer_ids.sudo()._submit({str(field.id): "ROTATEDMARK"}, SIGNATURE_PNG, {})
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        [(page, x, y)] = word_boxes(base64.b64decode(request.signed_document), "ROTATEDMARK")
        self.assertEqual(page, 2)
        self.assertAlmostEqual(x / shown["width"], field.pos_x, delta=0.01)
        self.assertGreaterEqual(y / shown["height"], field.pos_y - 0.005)
        self.assertLessEqual(y / shown["height"], field.pos_y + field.height)

    def test_send_opens_a_request_with_a_line_per_role(self):
        template = self.env["esign.template"].create({
            "name": "Two roles",
            "document": base64.b64encode(make_pdf(pages=1)),
            "field_ids": [(0, 0, {"field_type": "signature", "role_id": self.env.ref(ref).id,
                                  "page": 1, "pos_x": 0.1, "pos_y": y, "width": 0.3,
                                  "height": 0.05})
                          for ref, y in (("esign_base.role_company", 0.1),
                                         ("esign_base.role_customer", 0.5))],
        })
        action = template.action_send_request()
        context = action["context"]
        self.assertEqual((context["default_template_id"], context["default_name"]),
                         (template.id, "Two roles"))
        roles = [command[2]["role_id"] for command in context["default_signer_ids"]]
        self.assertEqual(set(roles), set(template.role_ids.ids))

    def test_page_count_shows_before_saving(self):
        form = Form(self.env["esign.template"])
        form.name = "Unsaved"
        form.document = base64.b64encode(make_pdf(pages=3))
        self.assertEqual(form.page_count, 3)
        form.document = base64.b64encode(b"not a pdf")
        self.assertEqual(form.page_count, 3, "a refused file is reported at saving")
