"""What an account holder tries over XML-RPC against someone else's request.

A live server, the stock XML-RPC endpoint, a portal user and an ordinary
e-sign user: links must not leak, evidence must not be writable, and a
request must not be sealable by hand.
"""

import base64
import io
import xmlrpc.client

import pytest
from reportlab.pdfgen import canvas


def _pdf():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "RPC attack contract")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class Account:
    def __init__(self, server, login, password):
        self.server, self.password = server, password
        self.uid = server.common.authenticate(server.db, login, password, {})
        assert self.uid, f"{login} cannot log in"

    def __call__(self, model, method, *args, **kwargs):
        return self.server.models.execute_kw(self.server.db, self.uid, self.password, model,
                                             method, list(args), kwargs)


def _user(server, login, groups):
    group_ids = []
    for xmlid in groups:
        module, name = xmlid.split(".")
        found = server.execute("ir.model.data", "search_read",
                               [("module", "=", module), ("name", "=", name)], fields=["res_id"])
        group_ids.append(found[0]["res_id"])
    server.execute("res.users", "create", {
        "name": login.title(), "login": login, "password": login + "-Pass-2026",
        "email": f"{login}@e2e.example", "groups_id": [(6, 0, group_ids)]})
    return Account(server, login, login + "-Pass-2026")


@pytest.fixture(scope="module")
def victim(odoo_server):
    """A request sent by the administrator, with one signer."""
    admin = odoo_server.execute
    role = admin("esign.role", "create", {"name": "RPC Customer"})
    template = admin("esign.template", "create", {
        "name": "RPC contract", "document": base64.b64encode(_pdf()).decode(),
        "document_name": "rpc.pdf",
        "field_ids": [(0, 0, {"role_id": role, "field_type": "signature", "page": 1,
                              "pos_x": 0.5, "pos_y": 0.8, "width": 0.3, "height": 0.08})]})
    partner = admin("res.partner", "create", {"name": "Carol RPC", "email": "carol@e2e.example"})
    request_id = admin("esign.template", "create_request", [template],
                       [{"partner_id": partner, "role_id": role}])
    admin("esign.request", "action_send", [request_id])
    signer_id = admin("esign.request", "read", [request_id], ["signer_ids"])[0]["signer_ids"][0]
    return {"request": request_id, "signer": signer_id, "role": role, "template": template}


@pytest.fixture(scope="module")
def accounts(odoo_server):
    return {
        "portal": _user(odoo_server, "rpc_portal", ["base.group_portal"]),
        "user": _user(odoo_server, "rpc_user", ["base.group_user",
                                                 "esign_base.group_esign_user"]),
    }


def _refused(call):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        call()
    return fault.value.faultString


@pytest.mark.parametrize("who", ["portal", "user"])
def test_no_link_for_a_request_one_cannot_read(accounts, victim, who):
    account = accounts[who]
    signer = victim["signer"]
    for call in (lambda: account("esign.signer", "get_portal_url", [signer]),
                 lambda: account("esign.signer", "read", [signer], ["access_url"]),
                 lambda: account("esign.signer", "read", [signer], ["access_token"]),
                 lambda: account("esign.signer", "search_read", [("id", "=", signer)],
                                 fields=["access_url"])):
        try:
            answer = call()
        except xmlrpc.client.Fault:
            continue
        assert not answer, f"{who} obtained {answer}"


def test_evidence_cannot_be_forged_over_rpc(odoo_server, accounts, victim):
    user = accounts["user"]
    # The user's own request: rights to write it, not its evidence.
    own = user("esign.template", "create_request", [victim["template"]],
               [{"partner_id": odoo_server.execute("res.partner", "create",
                                                   {"name": "Dan", "email": "d@e2e.example"}),
                 "role_id": victim["role"]}])
    user("esign.request", "action_send", [own])
    own_signer = user("esign.request", "read", [own], ["signer_ids"])[0]["signer_ids"][0]
    for values in ({"state": "signed"}, {"seal_state": "queued"}, {"fingerprint": "AAAA-BBBB-CCCC"},
                   {"audit_head": "0"}, {"original_sha256": "0" * 64}):
        message = _refused(lambda v=values: user("esign.request", "write", [own], v))
        assert "evidence" in message
    for values in ({"state": "signed"}, {"signature": base64.b64encode(b"x").decode()},
                   {"request_id": victim["request"]}, {"values": {"1": "forged"}}):
        _refused(lambda v=values: user("esign.signer", "write", [own_signer], v))
    # Context defaults travel over RPC; they must not forge anything either.
    _refused(lambda: user("esign.request", "create", {"name": "x",
                                                     "template_id": victim["template"]},
                          context={"default_state": "signed"}))
    # An administrator is refused too.
    _refused(lambda: odoo_server.execute("esign.request", "write", [own], {"state": "signed"}))
    state = odoo_server.execute("esign.request", "read", [own], ["state", "seal_state"])[0]
    assert (state["state"], state["seal_state"]) == ("sent", "none")
    signer = odoo_server.execute("esign.signer", "read", [own_signer], ["state", "request_id"])[0]
    assert signer["state"] == "to_sign" and signer["request_id"][0] == own


def test_portal_user_reads_no_esign_model(accounts, victim):
    portal = accounts["portal"]
    for model, record in (("esign.request", victim["request"]), ("esign.signer", victim["signer"]),
                          ("esign.template", victim["template"]),
                          ("esign.request.field", None), ("esign.audit.log", None)):
        if record:
            _refused(lambda m=model, r=record: portal(m, "read", [r], ["id"]))
        _refused(lambda m=model: portal(m, "search", []))
