"""The public verify page in a real browser, with a file the visitor picks."""

from odoo.tests import HttpCase, tagged

from .common import EsignCase

# Puts the sealed PDF (fetched as any visitor could) into the page's file
# input, as a person choosing it would, then submits the page's own form and
# reads the answer the browser receives.
UPLOAD_AND_SUBMIT = """
(async () => {
    const form = document.querySelector("form.o_esign_verify_upload");
    const input = form.querySelector("input[type=file][name=document]");
    const pdf = await (await fetch("%(download)s")).blob();
    const picked = new DataTransfer();
    picked.items.add(new File([pdf], "contract.pdf", {type: "application/pdf"}));
    input.files = picked.files;
    const answer = await fetch(form.action, {method: "POST", body: new FormData(form)});
    const page = new DOMParser().parseFromString(await answer.text(), "text/html");
    if (page.querySelector(".o_esign_verify_valid")) {
        console.log("test successful");
    } else {
        console.error("the verify page did not call the uploaded file valid");
    }
})();
"""


@tagged("post_install", "-at_install")
class TestVerifyInBrowser(HttpCase, EsignCase):
    def test_a_picked_sealed_file_is_valid_on_the_verify_page(self):
        request = self.make_request(sequential=False)
        request.action_send()
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        download = self.signer_of(request, self.alice).access_url + "/download"
        self.browser_js("/esign/verify", UPLOAD_AND_SUBMIT % {"download": download},
                        ready="!!document.querySelector('form.o_esign_verify_upload')")
        verified = request.sudo().audit_ids.filtered(lambda e: e.event == "verified")
        self.assertIn("upload: valid", verified.mapped("details")[0])
