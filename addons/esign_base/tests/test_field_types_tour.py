"""Every field type signed in a real browser at phone width, using only
Start, Next and the signature pad."""

import base64

from odoo.tests import HttpCase, tagged

from .common import make_pdf


@tagged("post_install", "-at_install")
class TestFieldTypesTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.env.ref("esign_base.role_customer")
        cls.customer = cls.env["res.partner"].create({
            "name": "Bob Customer", "email": "bob@example.com",
            "country_id": cls.env.ref("base.be").id,
        })
        cls.template = cls.env["esign.template"].create({
            "name": "Order form",
            "document": base64.b64encode(make_pdf(pages=2)),
            "document_name": "order.pdf",
            "field_ids": [
                cls._field("number", 1, 0.10, name="Seats"),
                cls._field("select", 1, 0.20, name="Plan",
                           choices="basic:Basic plan\npremium:Premium plan"),
                cls._field("text", 1, 0.25, name="Premium contact"),
                cls._field("multiselect", 1, 0.30, name="Extras", required=False,
                           choices="phone:Phone support\ntraining:Training"),
                cls._field("checkbox", 1, 0.40, name="I accept the terms", width=0.03,
                           height=0.02),
                cls._field("attachment", 1, 0.50, name="Purchase order"),
                cls._field("signature", 1, 0.80, height=0.08),
                cls._field("initials", 2, 0.30, width=0.1, height=0.04),
            ],
        })
        fields = {field.name: field for field in cls.template.field_ids}
        fields["Premium contact"].write({"condition_field_id": fields["Plan"].id,
                                         "condition_value": "premium"})
        cls.fields = fields

    @classmethod
    def _field(cls, field_type, page, pos_y, name=None, choices=None, required=True,
               width=0.35, height=0.03):
        return (0, 0, {"field_type": field_type, "role_id": cls.role.id, "page": page,
                       "pos_x": 0.1, "pos_y": pos_y, "width": width, "height": height,
                       "required": required, "name": name, "choices": choices})

    def test_every_type_on_a_phone_with_next_and_the_pad(self):
        self.browser_size = "360x740"
        self.touch_enabled = True
        request = self.env["esign.request"].browse(self.template.create_request(
            [{"partner_id": self.customer.id, "role_id": self.role.id}]))
        request.action_send()
        signer = request.signer_ids
        self.start_tour(signer.access_url, "esign_base_field_types_tour")
        signer.invalidate_recordset()
        self.assertEqual(signer.state, "signed")
        values = {name: signer.values.get(str(field.id)) for name, field in self.fields.items()}
        self.assertEqual(values["Seats"], "12")
        self.assertEqual(values["Plan"], "premium")
        self.assertEqual(values["Premium contact"], "Carla Premium")
        self.assertEqual(values["Extras"], ["training"])
        self.assertEqual(values["I accept the terms"], "1")
        self.assertEqual((values["Purchase order"]["name"], values["Purchase order"]["mimetype"]),
                         ("order.png", "image/png"))
        attachment = self.env["ir.attachment"].browse(values["Purchase order"]["attachment_id"])
        self.assertEqual((attachment.res_model, attachment.res_id), ("esign.request", request.id))
        self.assertTrue(signer.signature)
        self.assertTrue(signer.initials)
