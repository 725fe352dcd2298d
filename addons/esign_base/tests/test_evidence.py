"""Evidence is written only by the signing flow; links never leak.

Each test acts as a portal user, an e-sign user, an e-sign manager or an
administrator, tries one attack through the ORM paths RPC reaches, and
checks that it fails clearly and changed nothing.
"""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user

from .common import SIGNATURE_PNG, EsignCase, make_pdf, pdf_text


class TestEvidence(EsignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, "ev_portal", groups="base.group_portal")
        cls.admin = cls.env.ref("base.user_admin")
        cls.other_user = new_test_user(cls.env, "ev_other", groups="esign_base.group_esign_user")

    def _sent_request_of(self, user):
        request_id = self.template.with_user(user).create_request([
            {"partner_id": self.alice.id, "role_id": self.role_company.id, "sequence": 1},
            {"partner_id": self.bob.id, "role_id": self.role_customer.id, "sequence": 2},
        ])
        request = self.env["esign.request"].with_user(user).browse(request_id)
        request.action_send()
        return request

    def test_protected_request_fields_are_refused_for_everyone(self):
        request = self._sent_request_of(self.user)
        forged = {
            "state": "signed", "seal_state": "queued", "fingerprint": "AAAA-BBBB-CCCC",
            "original_sha256": "0" * 64, "signed_sha256": "0" * 64, "audit_head": "x",
            "signed_document": base64.b64encode(b"%PDF-1.4 forged"), "date_signed": False,
        }
        before = request.sudo().read(list(forged))[0]
        for user in (self.user, self.manager, self.admin):
            for name, value in forged.items():
                with self.subTest(user=user.login, field=name), \
                        self.assertRaises(AccessError), self.env.cr.savepoint():
                    request.with_user(user).write({name: value})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            request.sudo().write({"state": "signed"})
        self.assertEqual(request.sudo().read(list(forged))[0], before)

    def test_company_template_and_title_are_fixed_once_sent(self):
        request = self._sent_request_of(self.user)
        other = self.env["res.company"].create({"name": "Other Co"})
        for values in ({"company_id": other.id}, {"name": "Renamed"},
                       {"template_id": self.template.copy().id}):
            with self.subTest(values=values), self.assertRaises(UserError), \
                    self.env.cr.savepoint():
                request.with_user(self.manager).write(values)

    def test_protected_signer_fields_are_refused_also_through_the_parent(self):
        request = self._sent_request_of(self.user)
        signer = request.signer_ids.filtered(lambda s: s.partner_id == self.bob)
        attacks = [
            lambda: signer.with_user(self.user).write({"state": "signed"}),
            lambda: signer.with_user(self.user).write({"signature": self._png()}),
            lambda: signer.with_user(self.user).write({"values": {"1": "forged"}}),
            lambda: signer.with_user(self.user).write({"signed_ip": "1.2.3.4"}),
            lambda: signer.with_user(self.user).write({"access_token": "A" * 43}),
            lambda: signer.with_user(self.manager).write({"signed_on": "2026-01-01 00:00:00"}),
            lambda: request.with_user(self.user).write(
                {"signer_ids": [Command.update(signer.id, {"state": "signed"})]}),
            lambda: request.with_user(self.user).write(
                {"signer_ids": [Command.create({"partner_id": self.user.partner_id.id,
                                                "role_id": self.role_customer.id,
                                                "state": "signed"})]}),
        ]
        for index, attack in enumerate(attacks):
            with self.subTest(attack=index), self.assertRaises(UserError), \
                    self.env.cr.savepoint():
                attack()
        self.assertEqual(signer.state, "waiting")
        self.assertFalse(signer.signature)

    def test_own_signer_cannot_be_moved_onto_another_request(self):
        mine = self._sent_request_of(self.user)
        theirs = self._sent_request_of(self.other_user)
        my_signer = mine.signer_ids[0]
        with self.assertRaises(AccessError):
            my_signer.with_user(self.user).write({"request_id": theirs.id})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            mine.with_user(self.manager).write(
                {"signer_ids": [Command.link(theirs.signer_ids[0].id)]})
        self.assertEqual(my_signer.request_id, mine)

    def test_defaults_in_context_and_copy_cannot_forge_a_state(self):
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env["esign.request"].with_user(self.user).with_context(
                default_state="signed").create({"name": "x", "template_id": self.template.id})
        request = self._sent_request_of(self.user)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            request.with_user(self.user).copy({"state": "signed"})
        duplicate = request.with_user(self.user).copy()
        self.assertEqual(duplicate.state, "draft")
        self.assertFalse(duplicate.fingerprint)

    def test_a_forged_signed_state_is_never_sealed(self):
        """Even written behind the ORM, a signed state without the signers'
        signatures in the audit trail is refused by the seal job."""
        request = self._sent_request_of(self.user)
        self.env.flush_all()
        self.env.cr.execute("UPDATE esign_signer SET state = 'signed' WHERE request_id = %s",
                            [request.id])
        self.env.cr.execute("UPDATE esign_request SET state = 'signed', seal_state = 'queued' "
                            "WHERE id = %s", [request.id])
        self.env.invalidate_all()
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "failed")
        self.assertIn("audit trail", request.seal_error)
        self.assertFalse(request.signed_document)
        self.assertIn("seal_refused", request.sudo().audit_ids.mapped("event"))

    def test_a_document_changed_after_sending_is_not_sealed(self):
        request = self.make_request(sequential=False)
        request.action_send()
        self.sign_all(request)
        other = base64.b64encode(make_pdf(pages=2, text="Different terms"))
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "esign.request"), ("res_id", "=", request.id),
            ("res_field", "=", "document")])
        # Through the ORM this is refused (see TestEvidenceBackDoors); behind
        # it (database and disk) it is not, and the seal must notice. A new
        # file: the stored one is shared with every attachment of equal bytes.
        raw = base64.b64decode(other)
        fname = attachment._file_write(raw, attachment._compute_checksum(raw))
        self.env.flush_all()
        self.env.cr.execute("UPDATE ir_attachment SET store_fname = %s WHERE id = %s",
                            [fname, attachment.id])
        self.env.invalidate_all()
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "failed")
        self.assertIn("SHA-256", request.seal_error)

    def test_sealed_request_is_never_sealed_again(self):
        request = self.make_request(sequential=False)
        request.action_send()
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        first = request.signed_sha256
        self.assertEqual(request.seal_state, "done")
        self.env.flush_all()
        self.env.cr.execute("UPDATE esign_request SET seal_state = 'queued' WHERE id = %s",
                            [request.id])
        self.env.invalidate_all()
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.signed_sha256, first)
        self.assertEqual(request.sudo().audit_ids.mapped("event").count("sealed"), 1)

    def test_what_is_sealed_is_what_was_sent(self):
        request = self.make_request(sequential=False)
        request.action_send()
        sent_sha = request.original_sha256
        field = self.template.field_ids.filtered(lambda f: f.field_type == "text")
        field.write({"pos_x": 0.5, "page": 1})
        self.template.write({"document": base64.b64encode(make_pdf(pages=2, text="New terms"))})
        bob = self.signer_of(request, self.bob)
        own = bob._own_fields().filtered(lambda f: f.field_type == "text")
        self.assertEqual((own.page, own.pos_x), (2, 0.1), "the frozen field did not move")
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        self.assertEqual(request.original_sha256, sent_sha)
        sealed = pdf_text(request._signed_bytes())
        self.assertIn("Agreement page 1", sealed)
        self.assertNotIn("New terms", sealed)

    def test_frozen_fields_are_refused_to_everyone(self):
        request = self._sent_request_of(self.user)
        field = request.field_ids[0]
        for user in (self.user, self.manager, self.admin):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                field.with_user(user).write({"pos_x": 0.9})
            with self.assertRaises(UserError), self.env.cr.savepoint():
                field.with_user(user).unlink()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env["esign.request.field"].with_user(self.admin).create({
                "request_id": request.id, "field_key": 999, "role_id": self.role_customer.id,
                "field_type": "text", "page": 1, "pos_x": 0, "pos_y": 0,
                "width": 0.1, "height": 0.1})

    def test_template_with_requests_cannot_be_deleted(self):
        self._sent_request_of(self.user)
        with self.assertRaisesRegex(UserError, "archive"):
            self.template.with_user(self.manager).unlink()

    def test_links_never_leave_to_who_may_not_read_the_request(self):
        theirs = self._sent_request_of(self.other_user)
        signer = theirs.signer_ids[0]
        for user in (self.portal, self.user):
            foreign = signer.with_user(user)
            for attempt in (foreign.get_portal_url, foreign._get_share_url,
                            lambda rec=foreign: rec.read(["access_url"]),
                            lambda rec=foreign: rec.read(["access_token"])):
                with self.subTest(user=user.login), self.assertRaises(AccessError):
                    attempt()
            foreign.invalidate_recordset()
            with self.assertRaises(AccessError):
                foreign.access_url  # noqa: B018 - reading it is the attack
        own_url = signer.with_user(self.other_user).get_portal_url()
        self.assertIn(signer.sudo().access_token, own_url)

    def test_two_signers_with_one_role_are_refused_by_name(self):
        with self.assertRaisesRegex(ValidationError, "Alice Company.*Bob Customer"):
            self.template.create_request([
                {"partner_id": self.alice.id, "role_id": self.role_customer.id},
                {"partner_id": self.bob.id, "role_id": self.role_customer.id}])

    def test_oneoff_wizard_gives_each_signer_their_own_boxes(self):
        wizard = self.env["esign.request.oneoff"].with_user(self.user).create({
            "name": "Two customers", "document": base64.b64encode(make_pdf(pages=1)),
            "document_name": "two.pdf", "send_now": True,
            "signer_ids": [Command.create({"partner_id": self.alice.id}),
                           Command.create({"partner_id": self.bob.id})],
        })
        action = wizard.action_create()
        request = self.env["esign.request"].browse(action["res_id"])
        self.assertEqual(len(request.signer_ids.role_id), 2)
        boxes = request.field_ids
        self.assertEqual(len(boxes), 2)
        self.assertNotEqual(boxes[0].pos_x, boxes[1].pos_x)

    def test_draft_is_deleted_with_its_trail_but_nothing_else_is(self):
        draft = self.make_request().with_user(self.user)
        draft_id = draft.id
        self.env["esign.request"].browse(draft_id).with_user(self.manager).unlink()
        self.assertFalse(self.env["esign.audit.log"].sudo().search([("request_id", "=",
                                                                      draft_id)]))
        sent = self._sent_request_of(self.user)
        with self.assertRaisesRegex(UserError, "Only draft"):
            sent.with_user(self.manager).unlink()
        self.assertTrue(sent.exists())

    def test_certificate_key_is_write_only(self):
        certificate = self.env["esign.certificate"]._company_certificate(self.company)
        esign_manager = new_test_user(self.env, "ev_esign_manager",
                                      groups="esign_base.group_esign_manager")
        with self.assertRaises(AccessError):
            certificate.with_user(esign_manager).read(["pkcs12_password"])
        values = certificate.with_user(self.admin).read(["pkcs12", "pkcs12_password",
                                                         "has_key"])[0]
        self.assertFalse(values["pkcs12"])
        self.assertFalse(values["pkcs12_password"])
        self.assertTrue(values["has_key"])
        with self.assertRaises(AccessError):
            certificate.with_user(esign_manager).write({"pkcs12_password": "x"})
        self.assertTrue(certificate._pkcs12_bytes().startswith(b"0"), "DER kept for the seal")

    @staticmethod
    def _png():
        return SIGNATURE_PNG.split(",", 1)[1]


class TestEvidenceBackDoors(EsignCase):
    """Ways around the models' own checks, found by attacking a live server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, "bd_portal", groups="base.group_portal")
        cls.other_user = new_test_user(cls.env, "bd_other", groups="esign_base.group_esign_user")

    def _signed_request(self):
        request_id = self.template.with_user(self.user).create_request([
            {"partner_id": self.alice.id, "role_id": self.role_company.id},
            {"partner_id": self.bob.id, "role_id": self.role_customer.id}])
        request = self.env["esign.request"].browse(request_id)
        request.with_user(self.user).action_send()
        self.sign_all(request)
        return request

    def _attachment(self, record, field):
        return self.env["ir.attachment"].sudo().search([
            ("res_model", "=", record._name), ("res_id", "=", record.id),
            ("res_field", "=", field)])

    def test_signature_and_documents_cannot_be_replaced_through_attachments(self):
        request = self._signed_request()
        alice = self.signer_of(request, self.alice)
        forged = base64.b64encode(make_pdf(pages=1, text="Forged"))
        for user in (self.user, self.manager):
            for record, field in ((alice, "signature"), (request, "document")):
                attachment = self._attachment(record, field).with_user(user)
                with self.subTest(user=user.login, field=field), \
                        self.assertRaises(AccessError), self.env.cr.savepoint():
                    attachment.write({"datas": forged})
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    attachment.unlink()
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.env["ir.attachment"].with_user(user).create({
                    "name": "x", "datas": forged, "res_model": "esign.signer",
                    "res_id": alice.id, "res_field": "signature"})
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        sealed = self._attachment(request, "signed_document").with_user(self.user)
        with self.assertRaises(AccessError):
            sealed.write({"datas": forged})

    def test_values_changed_behind_the_orm_are_not_sealed(self):
        request = self._signed_request()
        bob = self.signer_of(request, self.bob)
        self.env.flush_all()
        self.env.cr.execute("UPDATE esign_signer SET values = %s WHERE id = %s",
                            ['{"1": "I owe you nothing"}', bob.id])
        self.env.invalidate_all()
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "failed")
        self.assertIn("changed after signing", request.seal_error)

    def test_stored_defaults_cannot_inject_evidence(self):
        self.env["ir.default"].set("esign.request.field", "value", "INJECTED")
        self.env["ir.default"].set("esign.signer", "signed_ip", "6.6.6.6")
        request = self.make_request(sequential=False)
        request.action_send()
        self.assertFalse(any(request.field_ids.mapped("value")))
        self.assertFalse(any(request.signer_ids.mapped("signed_ip")))

    def test_oneoff_pdf_is_private_to_its_request(self):
        wizard = self.env["esign.request.oneoff"].with_user(self.user).create({
            "name": "Secret deal", "document": base64.b64encode(make_pdf(pages=1)),
            "document_name": "secret.pdf", "send_now": False,
            "signer_ids": [Command.create({"partner_id": self.bob.id})]})
        request = self.env["esign.request"].browse(wizard.action_create()["res_id"])
        template = request.template_id.with_context(active_test=False)
        self.assertTrue(template.with_user(self.user).read(["name"]))
        with self.assertRaises(AccessError):
            template.with_user(self.other_user).read(["document"])
        found = self.env["esign.template"].with_user(self.other_user).with_context(
            active_test=False).search([("is_oneoff", "=", True)])
        self.assertNotIn(template, found)

    def test_who_signed_does_not_change_with_the_contact(self):
        request = self._signed_request()
        self.env["esign.request"]._cron_seal()
        self.bob.write({"name": "Mallory", "email": "mallory@example.com"})
        answer = self.env["esign.request"]._verify_fingerprint(request.fingerprint)
        self.assertIn("Bob Customer", [s["name"] for s in answer["signers"]])
        self.assertNotIn("Mallory", [s["name"] for s in answer["signers"]])
        self.assertTrue(all("mallory" not in s["contact"] for s in answer["signers"]))

    def test_chain_check_and_signer_company_need_the_rights(self):
        request = self._signed_request()
        with self.assertRaises(AccessError):
            request.with_user(self.portal).check_audit_chain()
        with self.assertRaises(AccessError):
            request.with_user(self.other_user).check_audit_chain()
        other = self.env["res.company"].create({"name": "Evil Co"})
        with self.assertRaises(AccessError):
            request.signer_ids[0].with_user(self.user).write({"company_id": other.id})


class TestRequestForm(EsignCase):
    def test_picking_a_template_proposes_its_title_and_a_line_per_role(self):
        form = Form(self.env["esign.request"].with_user(self.user))  # not saved
        form.template_id = self.template
        self.assertEqual(form.name, "Service agreement")
        self.assertEqual(len(form.signer_ids), 2)
        roles = {form.signer_ids.edit(index).role_id for index in range(2)}
        self.assertEqual(roles, {self.role_company, self.role_customer})
