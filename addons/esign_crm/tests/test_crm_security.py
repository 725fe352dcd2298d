import xmlrpc.client

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CrmEsignCase


class TestCrmSecurity(CrmEsignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, "crm_portal", groups="base.group_portal")
        cls.crm_only = new_test_user(cls.env, "crm_only", groups="sales_team.group_sale_salesman")
        cls.esign_only = new_test_user(cls.env, "esign_only",
                                       groups="esign_base.group_esign_user")
        cls.others_lead = cls.env["crm.lead"].create({
            "name": "Olga's deal", "type": "opportunity", "partner_id": cls.contact.id,
            "user_id": cls.other_salesman.id, "expected_revenue": 100,
            "date_deadline": "2031-01-31"})

    def test_crm_and_esign_user_groups_are_enough_to_send(self):
        request = self.send_from_lead(user=self.salesman)
        self.assertEqual(request.create_uid, self.salesman)
        self.assertEqual(request.with_user(self.salesman).read(["state"])[0]["state"], "sent")

    def test_salesperson_cannot_send_for_another_salespersons_deal(self):
        with self.assertRaises(AccessError):
            self.send_from_lead(lead=self.others_lead, user=self.salesman)
        with self.assertRaises(AccessError):
            self.env["esign.request"].with_user(self.salesman).create({
                "name": "Sneaky", "template_id": self.crm_template.id,
                "lead_id": self.others_lead.id})

    def test_requests_of_another_salespersons_deal_are_not_readable(self):
        request = self.send_from_lead(lead=self.others_lead, user=self.other_salesman)
        as_sam = self.env["esign.request"].with_user(self.salesman)
        self.assertNotIn(request, as_sam.search([]))
        with self.assertRaises(AccessError):
            request.with_user(self.salesman).read(["name", "lead_id"])
        with self.assertRaises(AccessError):
            request.signer_ids[:1].with_user(self.salesman).read(["access_url"])
        with self.assertRaises(AccessError):
            request.field_ids[:1].with_user(self.salesman).read(["value"])
        self.assertEqual(self.others_lead.with_user(self.other_salesman).esign_request_count, 1)

    def test_salesperson_reads_requests_others_sent_for_their_deal(self):
        sales_manager = new_test_user(self.env, "crm_boss", email="boss@example.com",
                                      groups="sales_team.group_sale_manager,"
                                      "esign_base.group_esign_user")
        request = self.send_from_lead(user=sales_manager)
        self.assertEqual(request.create_uid, sales_manager)
        as_sam = request.with_user(self.salesman)
        self.assertEqual(as_sam.read(["lead_id"])[0]["lead_id"][0], self.lead.id)
        self.assertTrue(as_sam.signer_ids.read(["state"]))
        self.assertEqual(self.lead.with_user(self.salesman).esign_request_ids, request)
        # Reading is not writing: the sender keeps the request.
        with self.assertRaises(AccessError):
            as_sam.write({"message": "changed"})

    def test_all_documents_salesperson_reads_every_deal_request(self):
        request = self.send_from_lead(lead=self.others_lead, user=self.other_salesman)
        self.salesman.groups_id += self.env.ref("sales_team.group_sale_salesman_all_leads")
        self.assertIn(request, self.env["esign.request"].with_user(self.salesman).search([]))

    def test_users_without_access_fail(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.portal).action_esign_send(self.crm_template.id)
        # A salesperson without the e-sign group, on their own deal.
        own_lead = self.env["crm.lead"].create({"name": "Own", "user_id": self.crm_only.id,
                                                "partner_id": self.contact.id})
        with self.assertRaises(AccessError):
            own_lead.with_user(self.crm_only).action_esign_send(self.crm_template.id)
        # An e-sign user who cannot read deals cannot send from one either.
        with self.assertRaises(AccessError):
            self.lead.with_user(self.esign_only).action_esign_send(self.crm_template.id)
        with self.assertRaises(AccessError):
            self.contact.with_user(self.portal).action_esign_send(self.crm_template.id)
        request = self.send_from_lead()
        for user in (self.portal, self.crm_only):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).read(["lead_id"])

    def test_template_scope_and_fields_managed_by_managers_only(self):
        with self.assertRaises(AccessError):
            self.crm_template.with_user(self.salesman).write({"crm_mark_won": True})
        with self.assertRaises(AccessError):
            self.crm_template.field_ids[:1].with_user(self.salesman).write({"source": "today"})

    def test_views_open_with_and_without_the_esign_group(self):
        """A salesperson without e-sign still opens deals and contacts; the
        signature parts are simply not there."""
        views = [(False, "form"), (False, "kanban"), (False, "list"), (False, "search")]
        for user, shown in ((self.crm_only, False), (self.salesman, True)):
            for model in ("crm.lead", "res.partner"):
                result = self.env[model].with_user(user).get_views(views)
                arch = "".join(view["arch"] for view in result["views"].values())
                with self.subTest(user=user.login, model=model):
                    self.assertEqual("esign_request_count" in arch, shown)
                    self.assertEqual("esign_awaiting" in arch, shown)
        own_lead = self.env["crm.lead"].create({"name": "Own", "user_id": self.crm_only.id})
        own_lead.with_user(self.crm_only).read(["name", "stage_id"])

    def test_unknown_template_refused(self):
        with self.assertRaises(UserError):
            self.lead.with_user(self.salesman).action_esign_send(999999)


@tagged("post_install", "-at_install")
class TestCrmRpc(CrmEsignCase, HttpCase):
    """The same refusals over XML-RPC, as an integrator's script meets them."""

    def rpc(self, login, model, method, args):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, login, model, method, args)

    def test_rpc_send_and_read_follow_the_crm(self):
        others = self.env["crm.lead"].create({
            "name": "Olga's deal", "partner_id": self.contact.id, "expected_revenue": 10,
            "user_id": self.other_salesman.id, "date_deadline": "2031-01-31"})
        request_id = self.rpc("crm_sales", "crm.lead", "action_esign_send",
                              [[self.lead.id], self.crm_template.id])
        request = self.env["esign.request"].browse(request_id)
        self.assertEqual((request.lead_id, request.state), (self.lead, "sent"))
        theirs = self.rpc("crm_sales2", "crm.lead", "action_esign_send",
                          [[others.id], self.crm_template.id])
        for login, model, method, args in (
            ("crm_sales", "crm.lead", "action_esign_send", [[others.id], self.crm_template.id]),
            ("crm_sales", "esign.request", "read", [[theirs], ["name"]]),
            ("crm_sales", "esign.request", "write", [[request_id], {"lead_id": others.id}]),
            ("crm_sales2", "esign.request", "read", [[request_id], ["name"]]),
        ):
            with self.subTest(login=login, method=method), \
                    self.assertRaises(xmlrpc.client.Fault):
                self.rpc(login, model, method, args)
        self.assertNotIn(theirs, self.rpc("crm_sales", "esign.request", "search", [[]]))
