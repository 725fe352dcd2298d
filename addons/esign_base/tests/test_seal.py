"""Company seals through the ORM: permission, draft and sent requests, approvals."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .seal_common import SealCase


@tagged("post_install", "-at_install")
class TestSealApply(SealCase):
    def test_permitted_user_stamps_and_completes_the_company_step(self):
        request = self.stamp_request()
        company = self.signer_of(request, self.alice)
        self.assertEqual(company.state, "to_sign")
        self.assertFalse(request.seal_state_ready)
        results = request.with_user(self.stamper).action_apply_seal()
        self.assertEqual(results, [{"request_id": request.id, "ok": True,
                                    "message": "Seal applied."}])
        self.assertEqual(company.state, "signed")
        self.assertTrue(company.stamp)
        self.assertEqual(self.signer_of(request, self.bob).state, "to_sign")
        self.assertTrue(request.seal_state_ready)
        stamped = self.events(request, "stamped")
        self.assertEqual((stamped.actor, stamped.details), ("Stella Stamper", "ACME Trading Ltd"))
        self.assertEqual(self.events(request, "signed").signer_id, company)
        self.assertEqual(request.field_ids.filtered(
            lambda f: f.field_type == "stamp").seal_id, self.seal)
        again = request.with_user(self.stamper).action_apply_seal()
        self.assertFalse(again[0]["ok"], "a stamp is applied once")

    def test_user_without_permission_is_refused_by_button_and_method(self):
        request = self.stamp_request(user=self.user)
        self.assertFalse(request.with_user(self.user).can_apply_seal)
        result = request.with_user(self.user).action_apply_seal()[0]
        self.assertFalse(result["ok"])
        self.assertIn("may not apply", result["message"])
        with self.assertRaises(UserError):
            request.with_user(self.user).action_apply_seal_button()
        self.assertFalse(self.signer_of(request, self.alice).sudo().stamp)
        self.assertFalse(self.events(request, "stamped"))

    def test_permission_through_a_group(self):
        group = self.env["res.groups"].create({"name": "Seal keepers"})
        self.seal.allowed_group_ids = group
        request = self.stamp_request(user=self.user)
        self.assertFalse(request.with_user(self.user).action_apply_seal()[0]["ok"])
        self.user.groups_id |= group
        self.assertTrue(request.with_user(self.user).action_apply_seal()[0]["ok"])

    def test_seal_of_another_company_is_not_for_its_users(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        seal = self.seal.sudo().copy({"company_id": other.id})
        self.assertTrue(self.stamper in seal.allowed_user_ids)
        self.assertFalse(seal._may_apply(self.stamper))
        self.assertFalse(self.env["esign.seal"].with_user(self.stamper).search(
            [("id", "=", seal.id)]), "a seal of another company is not even visible")

    def test_image_readable_only_by_those_who_may_apply_it(self):
        self.assertTrue(self.seal.with_user(self.stamper).read(["image"])[0]["image"])
        self.assertTrue(self.seal.with_user(self.manager).read(["image"])[0]["image"])
        self.assertFalse(self.seal.with_user(self.user).read(["image"])[0]["image"])
        with self.assertRaises(AccessError):
            self.seal.with_user(self.user).read(["image_data"])
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "esign.seal"), ("res_id", "=", self.seal.id),
            ("res_field", "=", "image_data")])
        self.assertTrue(attachment)
        with self.assertRaises(AccessError):
            attachment.with_user(self.user).read(["datas"])
        with self.assertRaises(AccessError):
            self.seal.with_user(self.user).write({"allowed_user_ids": [(4, self.user.id)]})
        with self.assertRaises(AccessError):
            self.seal.with_user(self.user).action_generate_image()

    def test_uploaded_image_is_checked(self):
        with self.assertRaises(UserError):
            self.seal.with_user(self.manager).image = "bm90IGFuIGltYWdl"  # "not an image"

    def test_draft_stamped_then_sent_completes_the_company_at_sending(self):
        request = self.stamp_request(send=False)
        self.assertTrue(request.with_user(self.stamper).action_apply_seal()[0]["ok"])
        self.assertTrue(request.seal_state_ready)
        self.assertEqual(self.events(request, "stamped").actor, "Stella Stamper")
        with self.assertRaises(AccessError):
            request.with_user(self.stamper).write({"draft_stamps": {"1": {"uid": 1}}})
        request.with_user(self.stamper).action_send()
        company, customer = self.signer_of(request, self.alice), self.signer_of(request, self.bob)
        self.assertEqual((company.state, customer.state), ("signed", "to_sign"))
        self.assertTrue(company.stamp)
        self.assertEqual(self.events(request, "signed").actor, "Stella Stamper")

    def test_customer_first_order_and_stamp_waits_for_the_turn(self):
        request = self.stamp_request(order="customer_first")
        company, customer = self.signer_of(request, self.alice), self.signer_of(request, self.bob)
        self.assertEqual((company.state, customer.state), ("waiting", "to_sign"))
        self.assertFalse(request.with_user(self.stamper).action_apply_seal()[0]["ok"])
        self.sign(customer)
        self.assertTrue(request.with_user(self.stamper).action_apply_seal()[0]["ok"])
        self.assertEqual((request.state, request.seal_state), ("signed", "queued"))

    def test_signing_link_and_qr_for_readers_only(self):
        request = self.stamp_request()
        company = self.signer_of(request, self.alice).with_user(self.stamper)
        self.assertTrue(company.signing_link.endswith(company.access_url))
        self.assertTrue(company.signing_qr)
        with self.assertRaises(AccessError):
            self.signer_of(request, self.alice).with_user(self.first_a).read(["signing_link"])


@tagged("post_install", "-at_install")
class TestSealApproval(SealCase):
    def setUp(self):
        super().setUp()
        self.request = self.stamp_request(user=self.user)
        as_user = self.request.with_user(self.user)
        self.approval = self.env["esign.seal.approval"].browse(
            as_user.action_request_seal_approval(note="Urgent, signed by the customer today"))

    def approve(self, user):
        return self.approval.with_user(user).action_approve()

    def test_all_then_any_in_order(self):
        approval = self.approval
        self.assertEqual((approval.state, approval.step_id.sequence), ("pending", 1))
        self.assertEqual(approval.activity_ids.user_id, self.first_a | self.first_b)
        self.assertEqual(self.request.with_user(self.user).action_request_seal_approval(),
                         approval.id, "asking twice returns the running approval")
        with self.assertRaises(AccessError):
            self.approve(self.second)  # step 2's approver cannot act on step 1
        self.approve(self.first_a)
        self.approve(self.first_a)  # harmless
        self.assertEqual(len(approval.decision_ids), 1)
        self.assertEqual(approval.step_id.sequence, 1, "'all' waits for both approvers")
        waiting = self.env["esign.seal.approval"].with_user(self.first_b).search(
            [("waiting_for_me", "=", True)])
        self.assertEqual(waiting, approval)
        self.approve(self.first_b)
        self.assertEqual(approval.step_id.sequence, 2)
        self.assertEqual(approval.activity_ids.user_id, self.second)
        self.assertFalse(self.signer_of(self.request, self.alice).sudo().stamp)
        self.approve(self.second)  # 'any': the first approval completes the step
        self.assertEqual(approval.state, "approved")
        company = self.signer_of(self.request, self.alice)
        self.assertEqual(company.state, "signed")
        self.assertEqual(self.events(self.request, "stamped").actor, "Bea Boss")
        self.assertEqual(len(self.events(self.request, "approval_approved")), 2)
        self.assertEqual(self.events(self.request, "approval_requested").actor, "Ursula User")
        self.assertTrue(self.request.check_audit_chain())
        with self.assertRaises(UserError):
            self.approve(self.second)

    def test_rejection_stops_and_tells_the_requester(self):
        with self.assertRaises(UserError):
            self.approval.with_user(self.first_a).action_reject("  ")
        self.approval.with_user(self.first_a).action_reject("No purchase order")
        self.assertEqual((self.approval.state, self.approval.reason),
                         ("rejected", "No purchase order"))
        self.assertFalse(self.approval.activity_ids)
        told = self.approval.message_ids.filtered(
            lambda m: self.user.partner_id in m.partner_ids)
        self.assertIn("No purchase order", told[:1].body)
        with self.assertRaises(UserError):
            self.approve(self.first_b)
        self.assertFalse(self.signer_of(self.request, self.alice).sudo().stamp)
        self.assertEqual(self.events(self.request, "approval_rejected").actor, "Anna Approver")

    def test_approval_records_cannot_be_forged(self):
        for user in (self.user, self.first_a, self.manager):
            with self.assertRaises(AccessError):
                self.approval.with_user(user).write({"state": "approved"})
            with self.assertRaises(AccessError):
                self.env["esign.seal.approval"].with_user(user).create({
                    "request_id": self.request.id, "seal_id": self.seal.id,
                    "requester_id": user.id})
        with self.assertRaises(AccessError):
            self.approval.sudo().write({"step_id": False})
        with self.assertRaises(AccessError):
            self.approval.decision_ids.sudo().write({"decision": "approved"})
        other = self.env["esign.seal.approval"].with_user(self.stamper).search([])
        self.assertFalse(other, "an unrelated user sees no approval")
