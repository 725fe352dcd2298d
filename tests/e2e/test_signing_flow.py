"""The whole flow through a real Odoo server, over XML-RPC and HTTP.

A template is made and sent through the public API, two signers sign at the
same moment (one of them from two tabs at once), the cron seals in the
background, and the sealed PDF is checked by tools that are not ours:
poppler's ``pdfsig`` and ``pdftotext`` and ``qpdf``.
"""

import base64
import html
import io
import json
import re
import subprocess
import threading
import time
import urllib.request
import xmlrpc.client

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.pdfgen import canvas


def _signature_png():
    image = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 60), (70, 15), (130, 55), (230, 20)],
                               fill=(10, 20, 90, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


SIGNATURE = _signature_png()


def make_pdf():
    """Three pages: A4, US letter landscape turned by /Rotate 90, A4 again."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 760, "Framework agreement, page one")
    pdf.showPage()
    pdf.setPageSize(landscape(letter))
    pdf.setPageRotation(90)
    pdf.drawString(72, 500, "Annex on a rotated page")
    pdf.showPage()
    pdf.setPageSize(A4)
    pdf.drawString(72, 760, "Signatures")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def post_json(url, payload):
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def upload(url, filename, data):
    boundary = "----esign-e2e-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; "
            f"filename=\"{filename}\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def at_once(calls):
    """Run the calls in threads released together; return their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


class Rpc:
    def __init__(self, url, db, login="admin", password="admin"):
        self.db, self.password = db, password
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(db, login, password, {})
        assert self.uid, "admin/admin must log in"
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method,
                                      list(args), kwargs)


@pytest.fixture(scope="module")
def sealed(odoo_server, tmp_path_factory):
    """Run the flow once; hand the tests what it produced."""
    url = odoo_server.url
    rpc = Rpc(url, odoo_server.db)
    company_role = rpc("esign.role", "create", {"name": "E2E Company"})
    customer_role = rpc("esign.role", "create", {"name": "E2E Customer"})
    fields = [
        (0, 0, {"role_id": company_role, "field_type": "signature", "page": 3,
                "pos_x": 0.1, "pos_y": 0.7, "width": 0.3, "height": 0.08}),
        (0, 0, {"role_id": customer_role, "field_type": "signature", "page": 3,
                "pos_x": 0.55, "pos_y": 0.7, "width": 0.3, "height": 0.08}),
        (0, 0, {"role_id": customer_role, "field_type": "text", "page": 2,
                "pos_x": 0.1, "pos_y": 0.1, "width": 0.5, "height": 0.05}),
        (0, 0, {"role_id": customer_role, "field_type": "date", "page": 1,
                "pos_x": 0.6, "pos_y": 0.05, "width": 0.3, "height": 0.04}),
    ]
    template = rpc("esign.template", "create", {
        "name": "E2E agreement", "document": base64.b64encode(make_pdf()).decode(),
        "document_name": "agreement.pdf", "field_ids": fields})
    alice = rpc("res.partner", "create", {"name": "Alice E2E", "email": "alice@e2e.example"})
    bob = rpc("res.partner", "create", {"name": "Bob <script>alert(1)</script>",
                                        "email": "bob@e2e.example"})
    request_id = rpc("esign.template", "create_request", [template], [
        {"partner_id": alice, "role_id": company_role, "sequence": 1},
        {"partner_id": bob, "role_id": customer_role, "sequence": 1},
    ])
    rpc("esign.request", "action_send", [request_id])
    signers = rpc("esign.signer", "read",
                  rpc("esign.request", "read", [request_id], ["signer_ids"])[0]["signer_ids"],
                  ["partner_id", "state", "access_url"])
    by_name = {signer["partner_id"][1]: signer for signer in signers}
    alice_url = url + by_name["Alice E2E"]["access_url"]
    bob_url = url + by_name["Bob <script>alert(1)</script>"]["access_url"]

    status, page = get(alice_url)
    assert status == 200 and b"esign_base.SigningApp" in page
    config = json.loads(_config_of(page))
    alice_fields = {str(f["id"]): "" for f in config["fields"] if f["type"] == "signature"}
    status, bob_page = get(bob_url)
    bob_config = json.loads(_config_of(bob_page))
    bob_values = {str(f["id"]): "Paid <b>in full</b>" for f in bob_config["fields"]
                  if f["type"] == "text"}
    assert post_json(alice_url + "/opened", {"device": {"screen": "360x740"}})[0] == 200

    # Two signers at the same moment, and Bob from two tabs at once.
    results = at_once([
        lambda: post_json(alice_url + "/submit", {"values": alice_fields,
                                                  "signature": SIGNATURE}),
        lambda: post_json(bob_url + "/submit", {"values": bob_values, "signature": SIGNATURE}),
        lambda: post_json(bob_url + "/submit", {"values": bob_values, "signature": SIGNATURE}),
    ])
    assert [status for status, _answer in results] == [200, 200, 200], results
    assert sum(1 for _s, answer in results[1:] if answer.get("already")) == 1, results

    deadline = time.time() + 180
    request = {}
    while time.time() < deadline:
        request = rpc("esign.request", "read", [request_id],
                      ["state", "seal_state", "seal_error", "fingerprint"])[0]
        if request["seal_state"] in ("done", "failed"):
            break
        time.sleep(1)
    assert request.get("seal_state") == "done", request
    data = base64.b64decode(rpc("esign.request", "read", [request_id],
                                ["signed_document"])[0]["signed_document"])
    path = tmp_path_factory.mktemp("sealed") / "sealed.pdf"
    path.write_bytes(data)
    return {"rpc": rpc, "url": url, "request_id": request_id, "path": path, "data": data,
            "fingerprint": request["fingerprint"], "bob_url": bob_url}


def _config_of(page):
    match = re.search(rb'data-esign-config="([^"]*)"', page) or re.search(
        rb"props='([^']*)'", page) or re.search(rb'props="([^"]*)"', page)
    assert match, "the signing page hands its configuration to the app"
    raw = match.group(1).decode()
    decoded = json.loads(html.unescape(raw))
    return json.dumps(decoded.get("config", decoded))


def run(*command):
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def test_each_signer_signed_once_and_the_audit_chain_holds(sealed):
    rpc, request_id = sealed["rpc"], sealed["request_id"]
    request = rpc("esign.request", "read", [request_id], ["state", "signer_ids"])[0]
    assert request["state"] == "signed"
    events = rpc("esign.audit.log", "search_read", [("request_id", "=", request_id)],
                 fields=["event", "signer_id"])
    signed = [event for event in events if event["event"] == "signed"]
    assert len(signed) == 2
    assert {event["signer_id"][0] for event in signed} == set(request["signer_ids"])
    assert rpc("esign.request", "check_audit_chain", [request_id]) is True


def test_pdfsig_reports_a_valid_signature_over_the_whole_document(sealed):
    result = run("pdfsig", str(sealed["path"]))
    output = result.stdout + result.stderr
    assert "Signature is Valid" in output, output
    assert "Total document signed" in output, output
    assert "Not total document signed" not in output, output


def test_qpdf_check_passes(sealed):
    result = run("qpdf", "--check", str(sealed["path"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_the_fingerprint_is_on_every_page(sealed):
    info = run("pdfinfo", str(sealed["path"])).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 4, "three pages and at least one receipt page"
    for page in range(1, pages + 1):
        text = run("pdftotext", "-f", str(page), "-l", str(page), str(sealed["path"]), "-").stdout
        assert sealed["fingerprint"] in text, f"page {page}"
    receipt = run("pdftotext", "-f", str(pages), "-l", str(pages), str(sealed["path"]), "-")
    assert "Bob <script>alert(1)</script>" in receipt.stdout, "names are drawn as plain text"


def test_verification_tells_valid_modified_and_unknown(sealed):
    url, data = sealed["url"], sealed["data"]
    assert upload(f"{url}/esign/verify", "sealed.pdf", data)["status"] == "valid"
    changed = data + b"\n% appended after sealing\n"
    assert upload(f"{url}/esign/verify", "changed.pdf", changed)["status"] == "modified"
    assert upload(f"{url}/esign/verify", "other.pdf", make_pdf())["status"] == "unknown"
    status, body = get(f"{url}/esign/verify/{sealed['fingerprint']}",
                       {"Accept": "application/json"})
    answer = json.loads(body)
    # A fingerprint alone is "found": only an uploaded file can be "valid".
    assert status == 200 and answer["status"] == "found"
    assert answer["fingerprint"] == sealed["fingerprint"]
    assert len(answer["signers"]) == 2


def test_the_signer_downloads_the_sealed_copy(sealed):
    status, body = get(sealed["bob_url"] + "/download")
    assert status == 200 and body == sealed["data"]
