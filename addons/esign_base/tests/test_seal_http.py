"""Company seals over real HTTP: the signing page and XML-RPC."""

import json
import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged

from .seal_common import SealCase


@tagged("post_install", "-at_install")
class TestSealHttp(HttpCase, SealCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, "seal_portal", groups="base.group_portal",
                                   password="seal_portal_pw")
        for user in (cls.user, cls.stamper, cls.first_a):
            user.password = f"{user.login}_pw"

    def submit(self, signer):
        return self.url_open(signer.access_url + "/submit", data=json.dumps({"values": {}}),
                             headers={"Content-Type": "application/json"})

    def rpc(self, login, model, method, *args):
        uid = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common").authenticate(
            self.env.cr.dbname, login, f"{login}_pw", {})
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return models.execute_kw(self.env.cr.dbname, uid, f"{login}_pw", model, method, *args)

    def test_signing_page_applies_the_seal_only_for_a_permitted_user(self):
        request = self.stamp_request()
        company = self.signer_of(request, self.alice)
        config = company._public_config()["fields"][0]
        self.assertEqual((config["readonly"], config["seal"]), (True, "ACME Trading Ltd"))
        anonymous = self.submit(company)
        self.assertEqual(anonymous.status_code, 403, anonymous.text)
        self.assertEqual(anonymous.json()["error"]["code"], "seal_forbidden")
        self.authenticate(self.user.login, f"{self.user.login}_pw")
        self.assertEqual(self.submit(company).status_code, 403)
        company.invalidate_recordset()
        self.assertEqual((company.state, bool(company.sudo().stamp)), ("to_sign", False))
        self.assertFalse(self.events(request, "stamped"))
        self.authenticate(self.stamper.login, f"{self.stamper.login}_pw")
        answer = self.submit(company)
        self.assertEqual(answer.status_code, 200, answer.text)
        company.invalidate_recordset()
        self.assertEqual(company.state, "signed")
        self.assertTrue(company.sudo().stamp)
        self.assertEqual(self.events(request, "stamped").actor, "Stella Stamper")

    def test_rpc_refuses_stamping_and_the_image_without_permission(self):
        request = self.stamp_request(user=self.user)
        result = self.rpc("esign_user", "esign.request", "action_apply_seal", [[request.id]])
        self.assertEqual(len(result), 1)
        self.assertFalse(result[0]["ok"])
        image = self.rpc("esign_user", "esign.seal", "read", [[self.seal.id], ["image"]])
        self.assertFalse(image[0]["image"])
        self.assertTrue(self.rpc("seal_stamper", "esign.seal", "read",
                                 [[self.seal.id], ["image"]])[0]["image"])
        for call in (("esign.seal", "read", [[self.seal.id], ["image_data"]]),
                     ("esign.seal", "action_generate_image", [[self.seal.id]])):
            with self.assertRaises(xmlrpc.client.Fault):
                self.rpc("esign_user", *call)
        with self.assertRaises(xmlrpc.client.Fault):
            self.rpc("seal_portal", "esign.seal", "read", [[self.seal.id], ["name"]])
        with self.assertRaises(xmlrpc.client.Fault):
            self.rpc("seal_portal", "esign.request", "action_apply_seal", [[request.id]])
        content = self.url_open(f"/web/content/esign.seal/{self.seal.id}/image_data")
        self.assertNotEqual(content.status_code, 200)
        self.assertFalse(self.signer_of(request, self.alice).sudo().stamp)

    def test_rpc_approval_by_the_wrong_step_is_refused(self):
        request = self.stamp_request(user=self.user)
        approval_id = self.rpc("esign_user", "esign.request", "action_request_seal_approval",
                               [[request.id]], {"note": "please"})
        with self.assertRaises(xmlrpc.client.Fault):
            self.rpc("esign_user", "esign.seal.approval", "action_approve", [[approval_id]])
        with self.assertRaises(xmlrpc.client.Fault):
            self.rpc("esign_user", "esign.seal.approval", "write", [[approval_id],
                                                                    {"state": "approved"}])
        self.assertTrue(self.rpc("seal_a1", "esign.seal.approval", "action_approve",
                                 [[approval_id]]))
        state = self.rpc("esign_user", "esign.seal.approval", "read",
                         [[approval_id], ["state", "step_id"]])[0]
        self.assertEqual(state["state"], "pending")
