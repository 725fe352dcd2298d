from odoo.exceptions import ValidationError

from .common import CrmEsignCase


class TestCrmSources(CrmEsignCase):
    def field_values(self, **values):
        return {"template_id": self.crm_template.id, "field_type": "text",
                "role_id": self.role_customer.id, "page": 1, "pos_x": 0.1, "pos_y": 0.6,
                "width": 0.3, "height": 0.03, **values}

    def test_paths_outside_the_list_are_refused(self):
        fields = self.env["esign.template.field"].with_user(self.manager)
        for path in ("partner_id.user_ids.password", "env", "partner_id.name or 1",
                     "[('id', '>', 0)]", "create_uid.login"):
            with self.subTest(path=path), self.assertRaises(ValidationError):
                fields.create(self.field_values(source=path))
            field = self.crm_template.field_ids[1].with_user(self.manager)
            with self.subTest(path=path), self.assertRaises(ValidationError):
                field.write({"source": path})

    def test_scope_decides_the_paths(self):
        contact_template = self.crm_template.copy({"res_model_scope": "res.partner",
                                                   "field_ids": []})
        fields = self.env["esign.template.field"]
        fields.create({**self.field_values(source="vat"), "template_id": contact_template.id})
        for path in ("partner_id.vat", "expected_revenue", "date_deadline"):
            with self.subTest(path=path), self.assertRaises(ValidationError):
                fields.create({**self.field_values(source=path),
                               "template_id": contact_template.id})
        # A deal template using deal paths cannot become a contact template.
        with self.assertRaises(ValidationError):
            self.crm_template.res_model_scope = "res.partner"
        with self.assertRaises(ValidationError):
            self.crm_template.res_model_scope = "any"

    def test_only_text_like_fields_take_a_source(self):
        with self.assertRaises(ValidationError):
            self.env["esign.template.field"].create(
                self.field_values(field_type="signature", source="partner_id.name"))

    def test_pick_list_writes_the_path(self):
        field = self.env["esign.template.field"].create(self.field_values())
        field.source_pick = "partner_id.company_registry"
        self.assertEqual(field.source, "partner_id.company_registry")
        self.assertIn(("today", "Today's date"),
                      self.env["esign.template.field"]._selection_source_pick())
