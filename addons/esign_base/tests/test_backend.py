"""The back office: the board, whom a request waits for, the desk, Settings
upload of a certificate, and the emails signers receive."""

import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..tools import certificates
from .common import EsignCase


@tagged("post_install", "-at_install")
class TestBackendBoard(EsignCase):
    def test_action_opens_on_every_visible_request(self):
        action = self.env.ref("esign_base.esign_request_action")
        self.assertNotIn("search_default_my", action.context or "")

    def test_kanban_columns_in_lifecycle_order(self):
        self.make_request()  # only drafts exist
        groups = self.env["esign.request"].web_read_group(
            [], ["state"], ["state"])["groups"]
        self.assertEqual([group["state"] for group in groups],
                         ["draft", "sent", "signed", "declined", "cancelled", "expired"])

    def test_waiting_for_says_whom(self):
        request = self.make_request()
        self.assertEqual(request.waiting_for, "Not sent yet")
        request.action_send()
        request.invalidate_recordset(["waiting_for"])
        self.assertEqual(request.waiting_for, "Waiting for Alice Company, then 1 more")
        self.sign(self.signer_of(request, self.alice))
        request.invalidate_recordset(["waiting_for"])
        self.assertEqual(request.waiting_for, "Waiting for Bob Customer")
        self.sign(self.signer_of(request, self.bob), checkbox=True)
        request.invalidate_recordset(["waiting_for"])
        self.assertEqual(request.waiting_for, "Waiting for the seal")
        self.env["esign.request"]._cron_seal()
        request.invalidate_recordset(["waiting_for"])
        self.assertEqual(request.waiting_for, "Nobody: signed by everyone")

    def test_preview_is_the_document_sent(self):
        request = self.make_request()
        self.assertEqual(base64.b64decode(request.preview_document), self.pdf)
        request.action_send()
        request.invalidate_recordset(["preview_document"])
        self.assertEqual(base64.b64decode(request.preview_document), self.pdf)
        self.assertEqual(request.preview_document_name, "agreement.pdf")

    def test_copy_link_not_readable_by_another_user(self):
        request = self.make_request()
        request.action_send()
        signer = self.signer_of(request, self.alice)
        self.assertTrue(signer.signing_link.endswith(signer.access_url))
        other = new_test_user(self.env, "esign_other", groups="esign_base.group_esign_user",
                              email="other@example.com")
        with self.assertRaises(AccessError):
            signer.with_user(other).read(["signing_link"])
        with self.assertRaises(AccessError):
            signer.with_user(other).action_open_desk()
        with self.assertRaises(AccessError):
            signer.with_user(other).action_sign_now()

    def test_sign_now_only_for_the_signer_who_is_me(self):
        me = new_test_user(self.env, "esign_alice", groups="esign_base.group_esign_user",
                           email="alice@example.com", name="Alice Company")
        template = self.template.with_user(self.user)
        request = self.env["esign.request"].browse(template.create_request([
            {"partner_id": me.partner_id.id, "role_id": self.role_company.id, "sequence": 1},
            {"partner_id": self.bob.id, "role_id": self.role_customer.id, "sequence": 1},
        ])).with_user(self.user)
        request.action_send()
        request.message_subscribe(partner_ids=me.partner_id.ids)
        mine = self.signer_of(request, me.partner_id).with_user(me)
        self.assertTrue(mine.is_current_user)
        action = mine.action_sign_now()
        self.assertEqual(action["url"], mine.access_url)
        bob = self.signer_of(request, self.bob).with_user(me)
        self.assertFalse(bob.is_current_user)
        with self.assertRaises(UserError):
            bob.action_sign_now()
        desk = bob.action_open_desk()
        self.assertEqual((desk["res_id"], desk["target"]), (bob.id, "new"))


@tagged("post_install", "-at_install")
class TestBackendSettings(EsignCase):
    def upload(self, user, data, password):
        wizard = self.env["esign.certificate.upload"].with_user(user).create({
            "name": "ACME 2030", "pkcs12": base64.b64encode(data), "password": password})
        return wizard.action_upload()

    def test_upload_stores_the_key_and_uses_it(self):
        data, password = certificates.make_self_signed("ACME Sealing", "ACME", "BE")
        self.upload(self.manager, data, password)
        certificate = self.company.esign_certificate_id
        self.assertEqual(certificate.name, "ACME 2030")
        self.assertTrue(certificate.has_key)
        self.assertEqual(certificate._pkcs12_password(), password)
        settings = self.env["res.config.settings"].with_user(self.manager).create({})
        self.assertIn("ACME Sealing", settings.esign_certificate_subject)
        self.assertTrue(settings.esign_certificate_self_signed)
        self.assertTrue(settings.esign_certificate_not_after)
        # The wizard forgets the secrets once done.
        wizard = self.env["esign.certificate.upload"].search([], order="id desc", limit=1)
        self.assertFalse(wizard.pkcs12 or wizard.password)

    def test_wrong_password_is_refused(self):
        data, _password = certificates.make_self_signed("ACME", "ACME")
        before = self.company.esign_certificate_id
        with self.assertRaisesRegex(UserError, "password"), self.env.cr.savepoint():
            self.upload(self.manager, data, "wrong")
        self.assertEqual(self.company.esign_certificate_id, before)

    def test_only_settings_administrators_upload(self):
        data, password = certificates.make_self_signed("ACME", "ACME")
        with self.assertRaises(AccessError):
            self.upload(self.user, data, password)


@tagged("post_install", "-at_install")
class TestSignerEmails(EsignCase):
    def sent_to(self, partner, subject_start):
        mails = self.env["mail.mail"].sudo().search(
            [("recipient_ids", "in", partner.ids)], order="id desc")
        mails |= self.env["mail.mail"].sudo().search(
            [("email_to", "ilike", partner.email)], order="id desc")
        mails = mails.filtered(lambda m: (m.subject or "").startswith(subject_start))
        self.assertTrue(mails, f"no email {subject_start!r} to {partner.name}")
        return mails[0]

    def assert_written_for(self, mail, partner):
        body = str(mail.body_html)
        self.assertIn(f"Hello {partner.name},", body)
        self.assertNotIn("Unfollow", body)
        self.assertNotIn("/mail/unfollow", body)
        self.assertNotIn("Your Signer", body)
        self.assertNotIn("Powered by", body)

    def test_invitation_and_signed_copy_read_for_the_receiver(self):
        request = self.make_request(sequential=False)
        request.action_send()
        for partner in (self.alice, self.bob):
            invite = self.sent_to(partner, "Signature requested")
            self.assert_written_for(invite, partner)
            self.assertIn(request.name, str(invite.body_html))
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        for partner in (self.alice, self.bob):
            copy = self.sent_to(partner, "Signed:")
            self.assert_written_for(copy, partner)
            self.assertTrue(copy.attachment_ids)
