import base64

from odoo.exceptions import UserError, ValidationError

from .common import EsignCase, make_pdf, pdf_text


class TestTemplate(EsignCase):
    def test_upload_keeps_page_geometry_as_the_reader_sees_it(self):
        self.assertEqual(self.template.page_count, 2)
        first, last = self.template.page_geometry
        self.assertAlmostEqual(first["width"], 595.3, delta=1)
        self.assertAlmostEqual(first["height"], 841.9, delta=1)
        # A page turned by /Rotate 90 reads with its box's sides swapped.
        self.assertEqual(last["rotation"], 90)
        x0, y0, x1, y1 = last["box"]
        self.assertAlmostEqual(last["width"], y1 - y0, delta=0.01)
        self.assertAlmostEqual(last["height"], x1 - x0, delta=0.01)
        self.assertEqual(self.template.role_ids, self.role_company | self.role_customer)

    def _upload(self, data, name="Broken"):
        return self.env["esign.template"].create({
            "name": name, "document": base64.b64encode(data), "document_name": "x.pdf"})

    def test_bad_uploads_are_refused_and_nothing_is_created(self):
        count = self.env["esign.template"].search_count([])
        cases = {
            "empty": b"",
            "not a pdf": b"PK\x03\x04 this is a zip file renamed to pdf" * 20,
            "truncated": self.pdf[: len(self.pdf) // 3],
        }
        for label, data in cases.items():
            with self.subTest(label), self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    self._upload(data)
        self.assertEqual(self.env["esign.template"].search_count([]), count)

    def test_refusal_message_is_clear(self):
        with self.assertRaisesRegex(UserError, "(?i)pdf"):
            self._upload(b"%PDF-1.7\n this is not really a pdf at all")

    def test_field_outside_page_or_document_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "page 5"), self.env.cr.savepoint():
            self.template.field_ids[0].page = 5
        self.template.field_ids.invalidate_recordset()
        with self.assertRaisesRegex(ValidationError, "runs off the page"), \
                self.env.cr.savepoint():
            self.template.field_ids[1].pos_x = 0.9

    def test_new_pdf_reaches_only_unsent_requests_and_must_fit_the_fields(self):
        request = self.make_request()
        request.action_send()
        sent = request._original_bytes()
        with self.assertRaisesRegex(ValidationError, "page 2"), self.env.cr.savepoint():
            self.template.document = base64.b64encode(make_pdf(pages=1))
        self.template.document = base64.b64encode(make_pdf(pages=2, text="Version 2"))
        self.assertEqual(request._original_bytes(), sent)
        draft = self.make_request()
        self.assertIn("Version 2", pdf_text(draft._original_bytes()))
        self.assertNotIn("Version 2", pdf_text(sent))

    def test_create_request_follows_list_order_or_given_sequence(self):
        request_id = self.template.create_request([
            {"partner_id": self.bob.id, "role_id": self.role_customer.id},
            {"partner_id": self.alice.id, "role_id": self.role_company.id},
        ])
        request = self.env["esign.request"].browse(request_id)
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.signer_ids.sorted("sequence").partner_id, self.bob | self.alice)
        self.assertEqual(request.signer_ids.mapped("sequence"), [1, 2])
        with self.assertRaisesRegex(UserError, "role"):
            self.template.create_request([{"partner_id": self.bob.id}])
