"""The field types' values through the public API: POST <access_url>/submit."""

import base64
import json

from odoo.tests import HttpCase, tagged

from . import test_field_types
from .common import SIGNATURE_PNG, make_pdf


@tagged("post_install", "-at_install")
class TestFieldTypesHttp(HttpCase, test_field_types.FieldTypesCase):
    def post(self, signer, values):
        return self.url_open(f"{signer.access_url}/submit",
                             data=json.dumps({"values": values, "signature": SIGNATURE_PNG}),
                             headers={"Content-Type": "application/json"})

    def test_values_of_every_type_through_submit(self):
        _request, bob = self._sent()
        upload = {"name": "po.pdf", "data": base64.b64encode(make_pdf(pages=1)).decode()}
        good = {"Seats": 3.5, "Plan": "basic", "Extras": ["phone"], "Terms accepted": True,
                "Purchase order": upload}
        refused = self.post(bob, self._values(bob, **(good | {"Plan": "Basic plan"})))
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(refused.json()["error"]["code"], "choice_unknown")
        self.assertIn("Plan", refused.json()["error"]["message"])
        answer = self.post(bob, self._values(bob, **good))
        self.assertEqual(answer.status_code, 200, answer.text)
        bob.invalidate_recordset()
        values = {f.name: bob.values.get(str(f.field_key)) for f in bob._own_fields()}
        self.assertEqual((values["Seats"], values["Plan"], values["Extras"]),
                         ("3.5", "basic", ["phone"]))
        self.assertEqual(values["Purchase order"]["mimetype"], "application/pdf")
        self.assertIsNone(values["Premium contact"])

