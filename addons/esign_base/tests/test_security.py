from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import EsignCase


class TestSecurity(EsignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls.make_request(cls)
        cls.request.action_send()
        cls.portal = new_test_user(cls.env, "esign_portal", groups="base.group_portal")
        cls.public = cls.env.ref("base.public_user")
        cls.other_user = new_test_user(cls.env, "esign_other", groups="esign_base.group_esign_user")

    def test_audit_entries_cannot_be_changed_or_deleted_even_by_admin(self):
        entry = self.request.audit_ids[0]
        for user in (self.manager, self.env.ref("base.user_admin")):
            with self.assertRaises(AccessError):
                entry.with_user(user).write({"details": "forged"})
            with self.assertRaises(AccessError):
                entry.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["esign.audit.log"].with_user(user).create({
                    "request_id": self.request.id, "event": "signed",
                    "timestamp": "2026-01-01 00:00:00"})
        with self.assertRaises(AccessError):
            entry.sudo().write({"details": "forged"})
        with self.assertRaises(AccessError):
            entry.sudo().unlink()
        self.assertTrue(self.request.check_audit_chain())

    def test_tampering_behind_the_orm_breaks_the_chain(self):
        entry = self.request.audit_ids.sorted("id")[0]
        self.env.cr.execute("UPDATE esign_audit_log SET actor = 'Mallory' WHERE id = %s",
                            [entry.id])
        self.env.invalidate_all()
        self.assertFalse(self.request.check_audit_chain())

    def test_deleting_the_last_entry_behind_the_orm_breaks_the_chain(self):
        last = self.request.audit_ids.sorted("id")[-1]
        self.env.cr.execute("DELETE FROM esign_audit_log WHERE id = %s", [last.id])
        self.env.invalidate_all()
        self.assertFalse(self.request.check_audit_chain())

    def test_public_and_portal_users_read_nothing(self):
        signer = self.request.signer_ids[0]
        for user in (self.public, self.portal):
            for records in (self.request, signer, self.template, self.request.audit_ids[:1],
                            self.template.field_ids[:1]):
                with self.subTest(user=user.login, model=records._name), \
                        self.assertRaises(AccessError):
                    records.with_user(user).read(["id"])
            with self.assertRaises(AccessError):
                self.env["esign.request"].with_user(user).search([])

    def test_users_see_their_own_requests_only(self):
        mine = self.make_request().with_user(self.user)
        mine_id = self.template.with_user(self.user).create_request([
            {"partner_id": self.bob.id, "role_id": self.role_customer.id}])
        visible = self.env["esign.request"].with_user(self.other_user).search([])
        self.assertNotIn(mine_id, visible.ids)
        self.assertIn(mine_id, self.env["esign.request"].with_user(self.user).search([]).ids)
        self.assertIn(mine.id, self.env["esign.request"].with_user(self.manager).search([]).ids)
        with self.assertRaises(AccessError):
            self.env["esign.request"].browse(mine_id).with_user(self.other_user).read(["name"])

    def test_users_cannot_manage_templates_or_certificates(self):
        with self.assertRaises(AccessError):
            self.template.with_user(self.user).write({"name": "Hijacked"})
        certificate = self.env["esign.certificate"]._company_certificate(self.company)
        with self.assertRaises(AccessError):
            certificate.with_user(self.user).read(["name"])

    def test_other_company_is_invisible(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign_user = new_test_user(self.env, "esign_foreign", company_id=other.id,
                                     company_ids=[(6, 0, other.ids)],
                                     groups="esign_base.group_esign_manager")
        self.assertFalse(self.env["esign.request"].with_user(foreign_user).search([]))
        self.assertFalse(self.env["esign.template"].with_user(foreign_user).search([]))

    def test_secrets_are_not_readable_by_users(self):
        signer = self.request.signer_ids[0].with_user(self.user)
        with self.assertRaises(AccessError):
            signer.read(["otp_code_hash"])
