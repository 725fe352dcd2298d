"""Shared setup of the company seal tests: a seal, its approvers, a template."""

import base64

from odoo.tests import new_test_user

from .common import EsignCase, make_pdf


class SealCase(EsignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "esign_base.group_esign_user"
        cls.stamper = new_test_user(cls.env, "seal_stamper", groups=group, name="Stella Stamper",
                                    email="stella@example.com")
        cls.first_a = new_test_user(cls.env, "seal_a1", groups=group, name="Anna Approver",
                                    email="anna@example.com")
        cls.first_b = new_test_user(cls.env, "seal_a2", groups=group, name="Axel Approver",
                                    email="axel@example.com")
        cls.second = new_test_user(cls.env, "seal_b1", groups=group, name="Bea Boss",
                                   email="bea@example.com")
        cls.seal = cls.env["esign.seal"].with_user(cls.manager).create({
            "name": "ACME Trading Ltd",
            "registry_number": "RC 0123.456.789",
            "allowed_user_ids": [(6, 0, cls.stamper.ids)],
            "step_ids": [
                (0, 0, {"sequence": 1, "rule": "all",
                        "approver_ids": [(6, 0, (cls.first_a | cls.first_b).ids)]}),
                (0, 0, {"sequence": 2, "rule": "any", "approver_ids": [(6, 0, cls.second.ids)]}),
            ],
        })
        cls.seal.with_user(cls.manager).action_generate_image()
        cls.seal = cls.seal.with_user(cls.env.user)
        cls.stamp_template = cls.env["esign.template"].create({
            "name": "Supply contract",
            "document": base64.b64encode(make_pdf(pages=1)),
            "document_name": "contract.pdf",
            "field_ids": [
                (0, 0, {"field_type": "stamp", "role_id": cls.role_company.id, "page": 1,
                        "pos_x": 0.1, "pos_y": 0.6, "width": 0.25, "height": 0.18,
                        "seal_id": cls.seal.id}),
                cls._field("signature", cls.role_customer, 1, 0.55, 0.8),
            ],
        })

    def stamp_request(self, user=None, send=True, order="company_first"):
        """A request of the stamp template created (and sent) by ``user``."""
        user = user or self.stamper
        request_id = self.stamp_template.with_user(user).create_request([
            {"partner_id": self.alice.id, "role_id": self.role_company.id},
            {"partner_id": self.bob.id, "role_id": self.role_customer.id},
        ])
        request = self.env["esign.request"].with_user(user).browse(request_id)
        request.signing_order = order
        if send:
            request.action_send()
        return request.with_user(self.env.user)

    def events(self, request, event):
        return request.sudo().audit_ids.filtered(lambda e: e.event == event)
