"""Public verification of sealed documents, as a page or as JSON."""

from odoo import http
from odoo.http import request

from .signing import client_details

# Uploads are read up to this size; anything larger is answered "unknown".
MAX_UPLOAD_BYTES = 60 * 1024 * 1024


class VerifyController(http.Controller):

    def _answer(self, result):
        if "application/json" in (request.httprequest.headers.get("Accept") or ""):
            return request.make_json_response(result)
        return request.render("esign_base.verify_page", {"result": result},
                              headers={"X-Robots-Tag": "noindex"})

    @http.route("/esign/verify", type="http", auth="public", methods=["GET"], sitemap=False)
    def verify_form(self, **kwargs):
        return request.render("esign_base.verify_page", {"result": None})

    @http.route("/esign/verify", type="http", auth="public", methods=["POST"], csrf=False,
                sitemap=False)
    def verify_submit(self, document=None, fingerprint=None, **kwargs):
        requests = request.env["esign.request"]
        if document is not None and getattr(document, "read", None):
            data = document.read(MAX_UPLOAD_BYTES + 1)
            return self._answer(requests._verify_document(data, client_details()))
        return self._answer(requests._verify_fingerprint(fingerprint or "", client_details()))

    @http.route("/esign/verify/<string:code>", type="http", auth="public", methods=["GET"],
                sitemap=False)
    def verify_code(self, code, **kwargs):
        return self._answer(request.env["esign.request"]._verify_fingerprint(
            code, client_details()))
