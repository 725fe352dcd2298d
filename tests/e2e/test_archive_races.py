"""Filing at the same moment, over XML-RPC against the live server.

Two people pressing "Archive" on the same request, or on two requests that
go to the same new directory under the same name, must each get an answer:
the same entry for the same request, two names that differ otherwise, and
never a database error.
"""

import base64
import time
import uuid

import pytest
from test_signing_flow import SIGNATURE, Rpc, at_once, make_pdf, post_json


def _sealed_requests(rpc, url, name, count):
    """``count`` one-signer requests named ``name`` for one new partner, sealed."""
    role = rpc("esign.role", "create", {"name": f"Race {uuid.uuid4().hex[:8]}"})
    template = rpc("esign.template", "create", {
        "name": "Race template", "document_name": "race.pdf",
        "document": base64.b64encode(make_pdf()).decode(),
        "field_ids": [(0, 0, {"role_id": role, "field_type": "signature", "page": 1,
                              "pos_x": 0.1, "pos_y": 0.7, "width": 0.3, "height": 0.08})]})
    partner = rpc("res.partner", "create", {
        "name": f"Racing Partner {uuid.uuid4().hex[:6]}", "email": "race@e2e.example"})
    ids = []
    for _index in range(count):
        request_id = rpc("esign.template", "create_request", [template],
                         [{"partner_id": partner, "role_id": role}], name=name)
        rpc("esign.request", "action_send", [request_id])
        signer = rpc("esign.signer", "search_read", [("request_id", "=", request_id)],
                     fields=["access_url"])[0]
        status, answer = post_json(url + signer["access_url"] + "/submit",
                                   {"values": {}, "signature": SIGNATURE})
        assert status == 200 and answer.get("ok"), answer
        ids.append(request_id)
    deadline = time.time() + 180
    while time.time() < deadline:
        states = rpc("esign.request", "read", ids, ["seal_state"])
        if all(state["seal_state"] == "done" for state in states):
            return ids
        time.sleep(1)
    pytest.fail(f"not sealed in time: {states}")


@pytest.fixture(scope="module")
def racing(odoo_server):
    """(rpc, server, sealed): ``sealed(count)`` gives that many sealed requests
    of one name for a partner of their own (so their directory is new)."""
    rpc = Rpc(odoo_server.url, odoo_server.db)

    def sealed(count):
        ids = _sealed_requests(rpc, odoo_server.url, f"Race contract {uuid.uuid4().hex[:6]}",
                               count)
        filed = rpc("esign.archive.entry", "search_count", [("request_id", "in", ids)])
        assert filed == 0, "no rule files these automatically: the races below do"
        return ids

    return rpc, odoo_server, sealed


def _archive(server, request_id):
    rpc = Rpc(server.url, server.db)  # a proxy per thread
    try:
        return rpc("esign.request", "action_archive", [request_id])
    except Exception as err:  # noqa: BLE001 - the answer is what the test checks
        return err


def test_the_same_request_archived_twice_at_once_gives_one_entry(racing):
    rpc, server, sealed = racing
    ids = sealed(1)
    first, second = at_once([lambda: _archive(server, ids[0]), lambda: _archive(server, ids[0])])
    assert isinstance(first, list) and isinstance(second, list), (first, second)
    assert first == second and len(first) == 1
    assert rpc("esign.archive.entry", "search_count", [("request_id", "=", ids[0])]) == 1


def test_two_requests_racing_into_a_new_directory_under_one_name(racing):
    rpc, server, sealed = racing
    ids = sealed(2)
    first, second = at_once([lambda: _archive(server, ids[0]), lambda: _archive(server, ids[1])])
    assert isinstance(first, list) and isinstance(second, list), (first, second)
    entries = rpc("esign.archive.entry", "read", first + second, ["name", "directory_id"])
    assert entries[0]["directory_id"] == entries[1]["directory_id"], "one directory, made once"
    names = {entry["name"] for entry in entries}
    stem = min(names, key=len).removesuffix(".pdf")
    assert names == {f"{stem}.pdf", f"{stem} (2).pdf"}, names
    log = server.log.read_text()
    assert "duplicate key" not in log and "bad query" not in log


@pytest.mark.parametrize("who", ["portal", "user"])
def test_archive_evidence_and_methods_refused_over_rpc(racing, who):
    """A portal user and an ordinary e-sign user (no archive group) can
    neither write the archive's protected fields nor call its methods on a
    document filed by someone else."""
    from test_rpc_attacks import _refused, _user  # noqa: PLC0415 - shared account helpers

    rpc, server, sealed = racing
    request_id = sealed(1)[0]
    entry_id = rpc("esign.request", "action_archive", [request_id])[0]
    groups = {"portal": ["base.group_portal"],
              "user": ["base.group_user", "esign_base.group_esign_user"]}[who]
    account = _user(server, f"race_{who}_{uuid.uuid4().hex[:6]}", groups)
    _refused(lambda: account("esign.request", "write", [request_id], {"archive_pending": True}))
    for values in ({"audit_head": "forged"}, {"audit_sha256": "0" * 64}, {"sha256": "0" * 64}):
        _refused(lambda v=values: account("esign.archive.entry", "write", [entry_id], v))
    _refused(lambda: account("esign.archive.entry", "check_integrity", [entry_id]))
    _refused(lambda: account("esign.archive.entry", "read", [entry_id], ["audit_head"]))
    if who == "portal":
        _refused(lambda: account("esign.request", "action_archive", [request_id]))
        _refused(lambda: account("esign.request", "action_archive_report", [request_id]))
    # The filing internals and the demo loader are not reachable over RPC.
    for model, method, args in (("esign.archive.entry", "_load_demo", [[]]),
                                ("esign.archive.entry", "_main_partner", [[], request_id]),
                                ("esign.archive.entry", "_staff_pairs", [[], [request_id]]),
                                ("esign.archive.directory", "_ensure_paths", [[], []])):
        refusal = _refused(lambda m=model, n=method, a=args: account(m, n, *a))
        assert "cannot be called remotely" in refusal, refusal
    assert rpc("esign.request", "read", [request_id], ["archive_pending"])[0][
        "archive_pending"] is False
    assert rpc("esign.archive.entry", "read", [entry_id], ["sha256"])[0]["sha256"]


def _archive_button(server, request_id):
    rpc = Rpc(server.url, server.db)  # a proxy per thread
    return rpc("esign.request", "action_archive_report", [request_id])


def test_two_archive_buttons_racing_into_a_new_directory_both_file(racing):
    """The button (and list action) reports per request: a clash with another
    filing at the same moment is retried by the server, not reported as a
    failure the user has to repeat."""
    rpc, server, sealed = racing
    ids = sealed(2)
    reports = at_once([lambda: _archive_button(server, ids[0]),
                       lambda: _archive_button(server, ids[1])])
    assert [report["params"]["type"] for report in reports] == ["success", "success"], reports
    assert rpc("esign.archive.entry", "search_count", [("request_id", "in", ids)]) == 2
