"""The public routes through Odoo's real HTTP stack."""

import json
import re

import requests

from odoo.tests import HttpCase, tagged

from .common import SIGNATURE_PNG, EsignCase, sms_gateway


@tagged("post_install", "-at_install")
class TestSigningHttp(HttpCase, EsignCase):
    def setUp(self):
        super().setUp()
        self.request = self.make_request(sequential=False, customer_auth="sms")
        self.request.action_send()
        self.alice_signer = self.signer_of(self.request, self.alice)
        self.bob_signer = self.signer_of(self.request, self.bob)

    def post(self, url, payload, headers=None):
        return self.url_open(url, data=json.dumps(payload),
                             headers={"Content-Type": "application/json", **(headers or {})})

    def test_page_and_document_need_the_right_token(self):
        url = self.alice_signer.access_url
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("esign_base.SigningApp", page.text)
        self.assertEqual(page.headers.get("Cache-Control"), "no-store")
        document = self.url_open(url + "/document")
        self.assertEqual(document.headers["Content-Type"], "application/pdf")
        self.assertTrue(document.content.startswith(b"%PDF"))

        bad_urls = [
            f"/esign/sign/{self.alice_signer.id}/{self.bob_signer.access_token}",
            f"/esign/sign/{self.alice_signer.id}/{'A' * 43}",
            f"/esign/sign/999999/{self.alice_signer.access_token}",
        ]
        answers = set()
        for bad in bad_urls:
            response = self.url_open(bad)
            self.assertEqual(response.status_code, 404)
            # The CSRF token changes with the session and the second: the
            # only per-request difference allowed.
            answers.add(re.sub(r'csrf_token: "[^"]*"', "", response.text.replace(bad, "")))
            self.assertEqual(self.url_open(bad + "/document").status_code, 404)
            self.assertNotIn(b"%PDF", self.url_open(bad + "/document").content)
        self.assertEqual(len(answers), 1, "every bad link gets the same answer")

    def test_submit_json_and_errors_as_json(self):
        url = self.alice_signer.access_url
        values = self.values_for(self.alice_signer)
        response = self.post(url + "/submit", {"values": values, "signature": SIGNATURE_PNG,
                                               "device": {"screen": "360x740"}})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["state"], "signed")
        again = self.post(url + "/submit", {"values": values, "signature": SIGNATURE_PNG})
        self.assertEqual(again.status_code, 200)
        self.assertTrue(again.json()["already"])
        signed = self.request.audit_ids.filtered(lambda e: e.event == "signed")
        self.assertEqual(len(signed), 1)
        self.assertEqual(signed.ip_address, "127.0.0.1")
        self.assertIn("360x740", signed.device)

        broken = self.url_open(url + "/submit", data="{not json",
                               headers={"Content-Type": "application/json"})
        self.assertEqual(broken.status_code, 400)
        self.assertIn("message", broken.json()["error"])

    def test_sms_signer_must_pass_the_code_over_http(self):
        url = self.bob_signer.access_url
        values = self.values_for(self.bob_signer, checkbox=True)
        refused = self.post(url + "/submit", {"values": values, "signature": SIGNATURE_PNG})
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(refused.json()["error"]["code"], "otp_required")
        with sms_gateway() as gateway:
            self.assertEqual(self.post(url + "/otp", {}).status_code, 200)
            self.env["sms.sms"].sudo()._process_queue()
            self.assertEqual(self.post(url + "/otp", {}).status_code, 429)
        code = gateway.sent[0]["body"][:6]
        wrong = self.post(url + "/otp/verify", {"code": "12345x"})
        self.assertEqual(wrong.status_code, 403)
        self.assertEqual(wrong.json()["error"]["attempts_left"], 4)
        self.assertEqual(self.post(url + "/otp/verify", {"code": code}).status_code, 200)
        done = self.post(url + "/submit", {"values": values, "signature": SIGNATURE_PNG})
        self.assertEqual(done.status_code, 200, done.text)
        self.assertEqual(self.bob_signer.state, "signed")

    def test_field_of_another_role_is_refused_over_http(self):
        url = self.alice_signer.access_url
        values = {str(self.bob_signer._own_fields()[0].field_key): "x"}
        response = self.post(url + "/submit", {"values": values, "signature": SIGNATURE_PNG})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["code"], "field_unknown")
        self.assertEqual(self.alice_signer.state, "to_sign")

    def test_verify_page_and_json(self):
        self.sign(self.alice_signer)
        # Bob signs after passing his code.
        proof = self.bob_signer.sudo()._verify_otp(self.texted_code(self.bob_signer),
                                                   {})["otp_proof"]
        self.sign(self.bob_signer, client={"otp_proof": proof}, checkbox=True)
        self.env["esign.request"]._cron_seal()
        sealed = self.request._signed_bytes()
        self.assertTrue(sealed)

        json_headers = {"Accept": "application/json"}
        answer = self.url_open(f"/esign/verify/{self.request.fingerprint}",
                               headers=json_headers).json()
        # A fingerprint alone proves nothing about a copy: "found", not "valid".
        self.assertEqual(answer["status"], "found")
        self.assertIn("upload your copy", answer["message"])
        self.assertEqual({s["name"] for s in answer["signers"]}, {"Alice Company", "Bob Customer"})
        self.assertNotIn("ip", json.dumps(answer["signers"]))

        upload = self.url_open("/esign/verify", files={"document": ("x.pdf", sealed)},
                               headers=json_headers).json()
        self.assertEqual(upload["status"], "valid")
        changed = sealed + b"\n1 0 obj\n<< >>\nendobj\n"
        self.assertEqual(self.url_open("/esign/verify", files={"document": ("x.pdf", changed)},
                                       headers=json_headers).json()["status"], "modified")
        flipped = bytearray(sealed)
        flipped[len(flipped) // 3] ^= 0x01
        self.assertEqual(self.url_open("/esign/verify",
                                       files={"document": ("x.pdf", bytes(flipped))},
                                       headers=json_headers).json()["status"], "modified")
        self.assertEqual(self.url_open("/esign/verify", files={"document": ("x.pdf", self.pdf)},
                                       headers=json_headers).json()["status"], "unknown")
        for junk in ("'; DROP TABLE esign_request; --", "Z" * 5000, "ABCD-EFGH-JKMN"):
            lookup = self.url_open("/esign/verify", data={"fingerprint": junk},
                                   headers=json_headers)
            self.assertEqual(lookup.status_code, 200)
            self.assertEqual(lookup.json()["status"], "unknown")
        typed = self.url_open("/esign/verify", data={"fingerprint": self.request.fingerprint},
                              headers=json_headers).json()
        self.assertEqual(typed["status"], "found")
        nothing = self.url_open("/esign/verify", data={"fingerprint": " "}, headers=json_headers)
        self.assertEqual(nothing.status_code, 400)
        self.assertEqual(nothing.json()["error"]["code"], "no_document")
        empty = self.url_open("/esign/verify", files={"document": ("x.pdf", b"")},
                              headers=json_headers)
        self.assertEqual(empty.status_code, 400)
        page = self.url_open(f"/esign/verify/{self.request.fingerprint}")
        self.assertIn("Bob Customer", page.text)
        self.assertIn("PAdES B-B", page.text, "the page says the seal's level")
        self.assertIn("verified", self.request.audit_ids.mapped("event"))

    def test_a_passed_code_unlocks_only_the_browser_that_passed_it(self):
        url = self.bob_signer.access_url
        values = self.values_for(self.bob_signer, checkbox=True)
        code = self.texted_code(self.bob_signer)
        passed = self.post(url + "/otp/verify", {"code": code})
        self.assertEqual(passed.status_code, 200, passed.text)
        self.assertNotIn("otp_proof", passed.json(), "the proof is a cookie, not page data")
        cookie = passed.cookies.get("esign_otp")
        self.assertTrue(cookie)
        self.assertIn("HttpOnly", passed.headers["Set-Cookie"])
        self.assertIn(f"Path=/esign/sign/{self.bob_signer.id}/", passed.headers["Set-Cookie"])
        # Another browser holding the same link, without the cookie.
        stranger = requests.post(self.base_url() + url + "/submit", timeout=30,
                                 json={"values": values, "signature": SIGNATURE_PNG})
        self.assertEqual(stranger.status_code, 403)
        self.assertEqual(stranger.json()["error"]["code"], "otp_required")
        forged = requests.post(self.base_url() + url + "/submit", timeout=30,
                               cookies={"esign_otp": "9999999999.deadbeef"},
                               json={"values": values, "signature": SIGNATURE_PNG})
        self.assertEqual(forged.status_code, 403)
        self.assertEqual(self.bob_signer.state, "to_sign")
        # The browser that passed the code signs; documents stay viewable with the link.
        self.assertEqual(requests.get(self.base_url() + url + "/document",
                                      timeout=30).status_code, 200)
        done = self.post(url + "/submit", {"values": values, "signature": SIGNATURE_PNG})
        self.assertEqual(done.status_code, 200, done.text)

    def test_repeated_visits_and_head_requests_do_not_swell_the_trail(self):
        url = self.alice_signer.access_url
        for _visit in range(40):
            self.post(url + "/opened", {})
        opened = self.request.sudo().audit_ids.filtered(lambda e: e.event == "opened")
        self.assertEqual(len(opened), 1)
        self.sign(self.alice_signer)
        proof = self.bob_signer.sudo()._verify_otp(self.texted_code(self.bob_signer),
                                                   {})["otp_proof"]
        self.sign(self.bob_signer, client={"otp_proof": proof}, checkbox=True)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(self.request.seal_state, "done", self.request.seal_error)
        head = self.opener.head(self.base_url() + url + "/download", timeout=30)
        self.assertEqual(head.status_code, 200)
        events = self.request.sudo().audit_ids.mapped("event")
        self.assertNotIn("downloaded", events)
        got = self.url_open(url + "/download")
        self.assertTrue(got.content.startswith(b"%PDF"))
        self.assertEqual(self.request.sudo().audit_ids.mapped("event").count("downloaded"), 1)

    def test_oversized_body_is_refused_before_it_is_read(self):
        url = self.alice_signer.access_url
        response = self.url_open(url + "/submit", data=b"{" + b" " * (11 * 1024 * 1024) + b"}",
                                 headers={"Content-Type": "application/json"})
        self.assertEqual(response.status_code, 413)
        self.assertEqual(self.alice_signer.state, "to_sign")
