"""The public signing page and its JSON actions.

Each route finds the signer through the link's token (one helper, constant
time compare), parses the body, and calls one model method. Every bad link
gets the same answer.
"""

import json

from odoo import _, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..models.esign_errors import SigningError

SIGN_ROUTE = "/esign/sign/<int:signer_id>/<string:token>"
# Largest JSON body accepted: a signature, initials and a stamp image at
# their size caps, base64-encoded, plus text values.
MAX_BODY_BYTES = 10 * 1024 * 1024


def client_details(payload=None):
    """IP address, user agent and the device details the page reported."""
    http_request = request.httprequest
    device = (payload or {}).get("device") if isinstance(payload, dict) else None
    return {
        "ip": http_request.remote_addr,
        "user_agent": http_request.user_agent.string if http_request.user_agent else "",
        "device": device if isinstance(device, dict) else None,
    }


def json_answer(answer):
    answer = dict(answer)
    status = answer.pop("status", 200)
    return request.make_json_response(answer, status=status)


def json_error(message, code, status):
    return request.make_json_response({"error": {"code": code, "message": message}},
                                      status=status)


class SigningController(http.Controller):

    def _signer(self, signer_id, token):
        return request.env["esign.signer"]._get_by_token(signer_id, token)

    def _read_json(self):
        raw = request.httprequest.get_data(cache=True)
        if len(raw) > MAX_BODY_BYTES:
            raise SigningError(_("The request is too large."), code="too_large", status=413)
        try:
            payload = json.loads(raw or b"{}")
        except ValueError:
            raise SigningError(_("The request body is not valid JSON."), code="bad_json") from None
        if not isinstance(payload, dict):
            raise SigningError(_("The request body must be a JSON object."), code="bad_json")
        return payload

    def _act(self, signer_id, token, action):
        """Run ``action(signer, payload)`` for a valid link, answering JSON."""
        signer = self._signer(signer_id, token)
        if not signer:
            return json_error(_("This signing link is no longer valid."), "invalid_link", 404)
        try:
            return json_answer(action(signer, self._read_json()))
        except SigningError as err:
            request.env.cr.rollback()
            return json_answer(err.as_answer())
        except (UserError, ValidationError) as err:
            request.env.cr.rollback()
            return json_error(err.args[0], "invalid", 400)

    @http.route(SIGN_ROUTE, type="http", auth="public", methods=["GET"], sitemap=False)
    def signing_page(self, signer_id, token, **kwargs):
        signer = self._signer(signer_id, token)
        if not signer:
            return request.render("esign_base.signing_link_invalid", status=404)
        return request.render("esign_base.signing_page", {
            "esign_config": signer._public_config(),
            "document_name": signer.request_id.name,
            "company": signer.company_id,
        }, headers={"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store"})

    @http.route(SIGN_ROUTE + "/opened", type="http", auth="public", methods=["POST"],
                csrf=False)
    def opened(self, signer_id, token, **kwargs):
        return self._act(signer_id, token,
                         lambda signer, payload: signer._record_opened(client_details(payload)))

    @http.route(SIGN_ROUTE + "/otp", type="http", auth="public", methods=["POST"], csrf=False)
    def send_code(self, signer_id, token, **kwargs):
        return self._act(signer_id, token,
                         lambda signer, payload: signer._send_otp(client_details(payload)))

    @http.route(SIGN_ROUTE + "/otp/status", type="http", auth="public", methods=["GET"])
    def code_status(self, signer_id, token, **kwargs):
        signer = self._signer(signer_id, token)
        if not signer:
            return json_error(_("This signing link is no longer valid."), "invalid_link", 404)
        return json_answer(signer._otp_delivery())

    @http.route(SIGN_ROUTE + "/otp/verify", type="http", auth="public", methods=["POST"],
                csrf=False)
    def verify_code(self, signer_id, token, **kwargs):
        return self._act(signer_id, token, lambda signer, payload: signer._verify_otp(
            payload.get("code"), client_details(payload)))

    @http.route(SIGN_ROUTE + "/submit", type="http", auth="public", methods=["POST"],
                csrf=False)
    def submit(self, signer_id, token, **kwargs):
        return self._act(signer_id, token, lambda signer, payload: signer._submit(
            payload.get("values") or {}, payload.get("signature"), client_details(payload)))

    @http.route(SIGN_ROUTE + "/decline", type="http", auth="public", methods=["POST"],
                csrf=False)
    def decline(self, signer_id, token, **kwargs):
        return self._act(signer_id, token, lambda signer, payload: signer._decline(
            payload.get("reason"), client_details(payload)))

    @http.route(SIGN_ROUTE + "/document", type="http", auth="public", methods=["GET"])
    def document(self, signer_id, token, **kwargs):
        signer = self._signer(signer_id, token)
        if not signer:
            return request.not_found()
        return self._pdf_response(signer.request_id._original_bytes(),
                                  signer.request_id.template_id.document_name or "document.pdf")

    @http.route(SIGN_ROUTE + "/download", type="http", auth="public", methods=["GET"])
    def download(self, signer_id, token, **kwargs):
        signer = self._signer(signer_id, token)
        if not signer or not signer.request_id.signed_document:
            return request.not_found()
        signer.request_id._log("downloaded", signer=signer, client=client_details())
        return self._pdf_response(signer.request_id._signed_bytes(),
                                  signer.request_id.signed_document_name, download=True)

    def _pdf_response(self, data, filename, download=False):
        disposition = http.content_disposition(filename, "attachment" if download else "inline")
        return request.make_response(data, headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Disposition", disposition),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ])
