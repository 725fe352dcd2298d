"""Public form pages: show, submit (browser form or JSON), QR codes.

Each route finds the form by its public slug (one helper), parses the body
and calls one model method; every refusal is answered as a page for
browsers and as JSON for API clients.
"""

import json
import secrets

from odoo import _, http
from odoo.http import request

from ..models.esign_form import PUBLIC_ROUTE
from ..tools import qr
from ..tools.errors import SubmissionRefused

FORM_ROUTE = PUBLIC_ROUTE + "/<string:slug>"
# Largest body a form post may have, refused before it is read.
MAX_BODY_BYTES = 256 * 1024
# Name of the hidden input that people never fill and bots do.
HONEYPOT_FIELD = "website"
RESERVED_KEYS = frozenset({"nonce", HONEYPOT_FIELD, "csrf_token"})
PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                "X-Robots-Tag": "noindex, nofollow"}


def _wants_json():
    http_request = request.httprequest
    return http_request.mimetype == "application/json" or \
        "application/json" in (http_request.headers.get("Accept") or "")


def _client():
    http_request = request.httprequest
    return {"ip": http_request.remote_addr,
            "user_agent": http_request.user_agent.string if http_request.user_agent else ""}


def _json(data, status):
    return request.make_json_response(data, status=status, headers={"Cache-Control": "no-store"})


def _json_error(code, message, status, **extra):
    return _json({"error": {"code": code, "message": message, **extra}}, status)


class FormController(http.Controller):

    def _form(self, slug):
        return request.env["esign.form"]._get_by_slug(slug)

    def _unavailable(self, form, refusal):
        if _wants_json():
            return _json_error(refusal.code, str(refusal), refusal.status)
        return request.render("esign_forms.form_unavailable", {
            "form_name": form.name if form else None, "message": str(refusal),
        }, status=refusal.status, headers=PAGE_HEADERS)

    def _not_found(self):
        return self._unavailable(None, SubmissionRefused(
            "not_found", _("This form does not exist or is no longer available."), status=404))

    @http.route(FORM_ROUTE, type="http", auth="public", methods=["GET", "POST"], csrf=False,
                sitemap=False, max_content_length=MAX_BODY_BYTES)
    def form(self, slug, **kwargs):
        form = self._form(slug)
        if not form:
            return self._not_found()
        if request.httprequest.method == "POST":
            return self._post(form)
        state = form._public_state()
        if state != "open":
            return self._unavailable(form, form._refusal_for_state(state))
        return self._page(form, nonce=secrets.token_urlsafe(16))

    def _page(self, form, values=None, errors=None, nonce=None, message=None, status=200):
        return request.render("esign_forms.form_page", form._public_page_values(
            values=values, errors=errors, nonce=nonce, message=message),
            status=status, headers=PAGE_HEADERS)

    def _post(self, form):
        length = request.httprequest.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return _json_error("too_large", _("The request is too large."), 413)
        as_json = _wants_json()
        try:
            answers, nonce, honeypot = self._read_json() if as_json else self._read_form(form)
        except ValueError as err:
            return _json_error("bad_json", str(err), 400)
        if honeypot:
            # Answered like a success, stored nowhere.
            return _json({"submission_id": None}, 201) if as_json else \
                self._thanks(form, None)
        try:
            submission, created = form._submit_public(answers, _client(), nonce=nonce)
        except SubmissionRefused as refusal:
            request.env.cr.rollback()
            return self._refused(form, refusal, answers, nonce, as_json)
        return self._accepted(form, submission, created, as_json)

    def _read_json(self):
        try:
            payload = json.loads(request.httprequest.get_data(cache=False) or b"{}")
        except ValueError:
            raise ValueError(_("The request body is not valid JSON.")) from None
        answers = payload.get("values") if isinstance(payload, dict) else None
        if not isinstance(answers, dict):
            raise ValueError(_('Send the answers as {"values": {"<field name>": value}}.'))
        nonce = payload.get("nonce")
        honeypot = payload.get(HONEYPOT_FIELD) or answers.pop(HONEYPOT_FIELD, None)
        return answers, (str(nonce)[:64] if nonce else None), honeypot

    def _read_form(self, form):
        posted = request.httprequest.form
        multiple = set(form.field_ids.filtered(
            lambda f: f.field_type == "multiselect").mapped("name"))
        answers = {key: posted.getlist(key) if key in multiple else posted.get(key)
                   for key in posted if key not in RESERVED_KEYS}
        return answers, (posted.get("nonce") or "")[:64] or None, posted.get(HONEYPOT_FIELD)

    def _refused(self, form, refusal, answers, nonce, as_json):
        if as_json:
            if refusal.field_errors:
                return _json({"errors": refusal.field_errors}, refusal.status)
            return _json_error(refusal.code, str(refusal), refusal.status)
        if refusal.field_errors:
            return self._page(form, values=answers, errors=refusal.field_errors, nonce=nonce,
                              message=str(refusal), status=refusal.status)
        return self._unavailable(form, refusal)

    def _accepted(self, form, submission, created, as_json):
        signing_path = submission._signing_path() if submission.request_id else False
        if as_json:
            answer = {"submission_id": submission.id, "reference": submission.reference}
            if signing_path:
                answer["signing_url"] = submission.request_id.get_base_url() + signing_path
            return _json(answer, 201 if created else 200)
        if signing_path:
            return request.redirect(signing_path, code=303)
        return self._thanks(form, submission.reference)

    def _thanks(self, form, reference):
        return request.render("esign_forms.form_thanks", {"form": form, "reference": reference},
                              headers=PAGE_HEADERS)

    @http.route([FORM_ROUTE + "/qr.png", FORM_ROUTE + "/qr.svg"], type="http", auth="public",
                methods=["GET"], sitemap=False)
    def qr_code(self, slug, **kwargs):
        form = self._form(slug)
        if not form:
            raise request.not_found()
        svg = request.httprequest.path.endswith(".svg")
        data = qr.qr_svg(form.public_url) if svg else qr.qr_png(form.public_url)
        filename = f"form-qr.{'svg' if svg else 'png'}"
        return request.make_response(data, headers=[
            ("Content-Type", "image/svg+xml" if svg else "image/png"),
            ("Content-Disposition", f'inline; filename="{filename}"'),
            ("Cache-Control", "private, max-age=3600"),
        ])
