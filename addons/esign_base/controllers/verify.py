"""Public verification of sealed documents, as a page or as JSON."""

from odoo import _, http
from odoo.http import request

from .signing import client_details, is_head

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
        """Check an uploaded file (field ``document``), or look a typed
        ``fingerprint`` up; neither given is a clear 400."""
        requests = request.env["esign.request"]
        if document is not None and getattr(document, "read", None):
            data = document.read(MAX_UPLOAD_BYTES + 1)
            if data:
                return self._answer(requests._verify_document(data, client_details()))
        elif (fingerprint or "").strip():
            return self._answer(requests._verify_fingerprint(fingerprint, client_details()))
        return self._no_document()

    def _no_document(self):
        message = _("No document: upload a PDF in the field “document”, or type a fingerprint.")
        if "application/json" in (request.httprequest.headers.get("Accept") or ""):
            return request.make_json_response(
                {"status": "error", "error": {"code": "no_document", "message": message}},
                status=400)
        return request.render("esign_base.verify_page", {"result": None, "error": message},
                              status=400)

    @http.route("/esign/verify/<string:code>", type="http", auth="public", methods=["GET"],
                sitemap=False)
    def verify_code(self, code, **kwargs):
        # A HEAD asks whether the page exists: answered, never logged.
        return self._answer(request.env["esign.request"]._verify_fingerprint(
            code, None if is_head() else client_details()))
