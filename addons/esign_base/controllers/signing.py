"""The public signing page and its JSON actions.

Each route finds the signer through the link's token (one helper, constant
time compare), parses the body, and calls one model method. Every bad link
gets the same answer.
"""

import json

from werkzeug.exceptions import RequestEntityTooLarge

from odoo import _, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..models.esign_errors import SigningError
from ..models.esign_signer_portal import OTP_SESSION_SECONDS

SIGN_ROUTE = "/esign/sign/<int:signer_id>/<string:token>"
# Largest JSON body accepted: a signature, initials and a stamp image at
# their size caps, base64-encoded, plus text values.
MAX_BODY_BYTES = 10 * 1024 * 1024
# The cookie proving that this browser passed the signer's one-time code.
OTP_COOKIE = "esign_otp"


def client_details(payload=None):
    """IP address, user agent, the device details the page reported and the
    browser's one-time-code proof (its HttpOnly cookie)."""
    http_request = request.httprequest
    device = (payload or {}).get("device") if isinstance(payload, dict) else None
    return {
        "ip": http_request.remote_addr,
        "user_agent": http_request.user_agent.string if http_request.user_agent else "",
        "device": device if isinstance(device, dict) else None,
        "otp_proof": http_request.cookies.get(OTP_COOKIE),
    }


def is_head():
    return request.httprequest.method == "HEAD"


def read_limited_body(limit):
    """The request body, refused before reading when it is announced or
    found larger than ``limit`` bytes."""
    http_request = request.httprequest
    too_large = SigningError(_("The request is too large."), code="too_large", status=413)
    if (http_request.content_length or 0) > limit:
        raise too_large
    # A body without a length (chunked) is cut by werkzeug at this limit.
    http_request.max_content_length = limit
    try:
        raw = http_request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise too_large from None
    if len(raw) > limit:
        raise too_large
    return raw


def json_answer(answer):
    answer = dict(answer)
    status = answer.pop("status", 200)
    return request.make_json_response(answer, status=status)


def json_error(message, code, status):
    return request.make_json_response({"error": {"code": code, "message": message}},
                                      status=status)


def signer_lang(signer):
    """The language the signer reads: their own, else their company's, as
    long as it is installed; ``None`` keeps the visitor's language."""
    installed = {code for code, _name in request.env["res.lang"].get_installed()}
    for lang in (signer.partner_id.lang, signer.company_id.partner_id.lang):
        if lang in installed:
            return lang
    return None


class SigningController(http.Controller):

    def _signer(self, signer_id, token):
        """The signer behind a valid link, with the request switched to the
        signer's language (page, messages and JSON answers alike)."""
        signer = request.env["esign.signer"]._get_by_token(signer_id, token)
        lang = signer and signer_lang(signer)
        if lang and lang != request.env.lang:
            request.update_context(lang=lang)
            signer = signer.with_context(lang=lang)
        return signer

    def _read_json(self):
        raw = read_limited_body(MAX_BODY_BYTES)
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
            answer = dict(action(signer, self._read_json()))
            proof = answer.pop("otp_proof", None)
            response = json_answer(answer)
            if proof:
                # Only this browser, only this signer's path, never readable by scripts.
                response.set_cookie(OTP_COOKIE, proof, max_age=OTP_SESSION_SECONDS,
                                    path=f"/esign/sign/{signer.id}/", httponly=True,
                                    secure=request.httprequest.scheme == "https",
                                    samesite="Strict")
            return response
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
            "esign_config": signer._public_config(client_details()["otp_proof"]),
            "document_name": signer.request_id.name,
            "company": signer.company_id,
            # The page's scripts load their translations for this language.
            "html_data": {"lang": (signer.env.lang or "en_US").replace("_", "-")},
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
        return pdf_response(signer.request_id._original_bytes(),
                            signer.request_id.document_name or "document.pdf")

    @http.route(SIGN_ROUTE + "/download", type="http", auth="public", methods=["GET"])
    def download(self, signer_id, token, **kwargs):
        signer = self._signer(signer_id, token)
        if not signer or not signer.request_id.signed_document:
            return request.not_found()
        return send_signed(signer.request_id, signer=signer)

    @http.route("/esign/request/<int:request_id>/signed", type="http", auth="user",
                methods=["GET"])
    def backend_download(self, request_id, **kwargs):
        """The sealed PDF for a user who may read the request."""
        esign_request = request.env["esign.request"].browse(request_id).exists()
        if not esign_request or not esign_request.has_access("read") \
                or not esign_request.sudo().signed_document:
            return request.not_found()
        return send_signed(esign_request)


def send_signed(esign_request, signer=None):
    """The sealed PDF; the audit trail records a download only when the
    bytes are really sent (a ``HEAD`` gets the headers, and no entry)."""
    data = esign_request._signed_bytes()
    if not is_head():
        esign_request.sudo()._log("downloaded", signer=signer, client=client_details())
    return pdf_response(data, esign_request.signed_document_name, download=True)


def pdf_response(data, filename, download=False):
    disposition = http.content_disposition(filename, "attachment" if download else "inline")
    return request.make_response(data, headers=[
        ("Content-Type", "application/pdf"),
        ("Content-Disposition", disposition),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ])
