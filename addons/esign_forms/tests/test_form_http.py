import json
import re
import xmlrpc.client

from odoo.tests import HttpCase, tagged

from .common import FormsMixin

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


@tagged("post_install", "-at_install")
class TestFormHttp(FormsMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_forms()
        cls.path = f"/forms/{cls.form.slug}"

    def page_nonce(self):
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="nonce" value="([^"]+)"', page.text).group(1)

    def post_form(self, nonce=None, **overrides):
        data = dict(self.answers(**overrides), nonce=nonce or self.page_nonce())
        return self.url_open(self.path, data=data)

    def post_json(self, body, path=None):
        return self.url_open(path or self.path, data=json.dumps(body), headers=JSON_HEADERS)

    def test_page_is_accessible_and_browser_checks_mirror_the_server(self):
        page = self.url_open(self.path)
        self.assertEqual(page.headers["Cache-Control"], "no-store")
        html = page.text
        self.assertIn('<label class="form-label" for="f_full_name">', html)
        self.assertRegex(html, r'id="f_full_name"[^>]*minlength="2"')
        self.assertRegex(html, r'id="f_zip"[^>]*pattern="\[0-9\]\{4\}"')
        self.assertRegex(html, r'type="number"[^>]*id="f_age"|id="f_age"[^>]*min="16')
        self.assertIn('name="website"', html)

    def test_browser_post_thanks_then_refusal_keeps_answers(self):
        answer = self.post_form()
        self.assertEqual(answer.status_code, 200)
        self.assertIn("Thank you", answer.text)
        self.assertEqual(self.form.submission_count, 1)
        refused = self.post_form(zip="12", full_name="Ann <b>Lee</b>")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("Four digits, please.", refused.text)
        self.assertIn('aria-describedby="f_zip_error"', refused.text)
        self.assertIn('value="Ann &lt;b&gt;Lee&lt;/b&gt;"', refused.text)
        self.assertIn('value="ann@example.com"', refused.text)
        self.assertEqual(self.form.submission_count, 1)

    def test_json_api_created_and_errors(self):
        answer = self.post_json({"values": dict(self.answers(), age=34, consent=True)})
        self.assertEqual(answer.status_code, 201, answer.text)
        submission = self.env["esign.form.submission"].browse(answer.json()["submission_id"])
        self.assertEqual(submission.form_id, self.form)
        answer = self.post_json({"values": {"email": "nope", "shoe_size": 43}})
        self.assertEqual(answer.status_code, 400)
        self.assertEqual(set(answer.json()["errors"]), {"email", "shoe_size", "full_name",
                                                        "consent"})
        self.assertEqual(self.post_json(["not", "an", "object"]).status_code, 400)

    def test_unknown_unpublished_closed_and_full_forms(self):
        self.assertEqual(self.url_open("/forms/not-a-real-slug").status_code, 404)
        self.form.is_published = False
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 404)
        self.assertIn("not available", page.text)
        self.assertEqual(self.post_json({"values": self.answers()}).status_code, 404)
        self.form.write({"is_published": True, "max_submissions": 1})
        self.assertEqual(self.post_json({"values": self.answers()}).status_code, 201)
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 410)
        self.assertIn("all the answers it could take", page.text)
        full = self.post_json({"values": self.answers(email="b@example.com")})
        self.assertEqual((full.status_code, full.json()["error"]["code"]), (410, "full"))

    def test_honeypot_is_answered_like_success_and_stores_nothing(self):
        answer = self.post_form(website="http://spam.example")
        self.assertEqual(answer.status_code, 200)
        self.assertIn("Thank you", answer.text)
        answer = self.post_json({"values": dict(self.answers(), website="x")})
        self.assertEqual(answer.status_code, 201)
        self.assertFalse(self.env["esign.form.submission"].search([]))

    def test_rate_limit_answers_429(self):
        self.env["ir.config_parameter"].sudo().set_param("esign_forms.max_per_ip_hour", "2")
        for email in ("a@example.com", "b@example.com"):
            self.assertEqual(self.post_json({"values": self.answers(email=email)}).status_code,
                             201)
        answer = self.post_json({"values": self.answers(email="c@example.com")})
        self.assertEqual(answer.status_code, 429)
        self.assertIn("Too many", answer.json()["error"]["message"])
        page = self.post_form(email="d@example.com")
        self.assertEqual(page.status_code, 429)
        self.assertIn("try again in an hour", page.text)

    def test_double_submit_makes_one_submission(self):
        nonce = self.page_nonce()
        self.assertEqual(self.post_form(nonce=nonce).status_code, 200)
        self.assertEqual(self.post_form(nonce=nonce).status_code, 200)
        body = {"values": self.answers(email="j@example.com"), "nonce": "client-key-1"}
        first, second = self.post_json(body), self.post_json(body)
        self.assertEqual((first.status_code, second.status_code), (201, 200))
        self.assertEqual(first.json()["submission_id"], second.json()["submission_id"])
        self.assertEqual(self.form.submission_count, 2)

    def test_body_over_the_cap_is_refused(self):
        answer = self.url_open(self.path, data={"motto": "x" * 300_000})
        self.assertEqual(answer.status_code, 413)
        self.assertFalse(self.form.submission_ids)

    def test_qr_codes(self):
        png = self.url_open(f"{self.path}/qr.png")
        self.assertEqual(png.headers["Content-Type"], "image/png")
        self.assertTrue(png.content.startswith(b"\x89PNG"))
        svg = self.url_open(f"{self.path}/qr.svg")
        self.assertIn(b"<svg", svg.content)
        self.assertEqual(self.url_open("/forms/nope/qr.png").status_code, 404)
        self.assertIn(f'src="{self.form.public_url}"', self.form.embed_snippet)

    def test_rpc_portal_and_outsider_get_access_errors(self):
        self.post_form()
        for login in ("forms_portal", "forms_outsider"):
            uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
            with self.subTest(login=login), self.assertRaises(xmlrpc.client.Fault) as info:
                self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, login,
                                              "esign.form.submission", "search_read", [[]])
            self.assertIn("not allowed to access", info.exception.faultString)
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "forms_manager",
                                              "forms_manager", {})
        self.form.group_ids = self.env["res.groups"].create({"name": "Board"})
        self.assertEqual(self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, "forms_manager", "esign.form.submission", "search_read",
            [[]], {"fields": ["reference"]}), [])
