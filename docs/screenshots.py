"""Screenshots of the product from a running demo, for the README.

Run against `scripts/start`'s demo (or any database with the addons and a
sent and a sealed request):

    .venv/bin/python docs/screenshots.py --url http://localhost:8069 \\
        --db esign_demo --login admin --password admin --out docs/img

It reads, over XML-RPC, the link of a signer still to sign and a sealed
request, then takes with Debian's headless Chromium:

* signing_phone.png: the signing page at 360x740;
* signing_desktop.png: the signing page at 1280x800;
* verify.png: the public verify page of the sealed request;
* receipt.png: the sealed PDF's receipt page, drawn by poppler (pdftoppm);
* editor.png: a template's placement editor, logged in as --login.

Chromium is driven over its DevTools protocol so that each shot waits until
the pages are drawn.

Opening the signing page logs an "opened" entry in that request's audit
trail, as any visit does: use a demo database.
"""

import argparse
import base64
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

import websocket

CHROMIUM = "/usr/bin/chromium"


def rpc(args):
    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common")
    uid = common.authenticate(args.db, args.login, args.password, {})
    if not uid:
        sys.exit("Login refused: check --db, --login and --password.")
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *params, **kw):
        return models.execute_kw(args.db, uid, args.password, model, method, list(params), kw)

    return call


def shoot(url, path, size, ready="true", cookie=None):
    """Open ``url`` in headless Chromium at ``size``, wait until the page's
    ``ready`` expression holds (pages drawn, editor shown), save a PNG."""
    # Chromium's helpers may still write to the profile as it closes.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        browser = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             f"--user-data-dir={profile}", f"--remote-debugging-port={port}",
             f"--window-size={size[0]},{size[1]}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            page = _devtools_page(port)
            if cookie:
                page.call("Network.setCookie", name="session_id", value=cookie, url=url)
            page.call("Emulation.setDeviceMetricsOverride", width=size[0], height=size[1],
                      deviceScaleFactor=1, mobile=size[0] < 500)
            page.call("Page.navigate", url=url)
            deadline = time.time() + 60
            while time.time() < deadline and not page.evaluate(ready):
                time.sleep(0.5)
            time.sleep(1)  # let the last drawing settle
            shot = page.call("Page.captureScreenshot", format="png")
            path.write_bytes(base64.b64decode(shot["data"]))
        finally:
            browser.terminate()
            browser.wait(30)
    print("wrote", path)


class _DevTools:
    """Just enough of Chromium's DevTools protocol: call a method, evaluate."""

    def __init__(self, ws_url):
        self.socket = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == self.next_id:
                return answer.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=f"!!({expression})")
        return result.get("result", {}).get("value") is True


def _devtools_page(port):
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=5) as answer:
                pages = [t for t in json.loads(answer.read()) if t.get("type") == "page"]
            if pages:
                return _DevTools(pages[0]["webSocketDebuggerUrl"])
        except OSError:
            pass
        if time.time() > deadline:
            sys.exit("Chromium's DevTools did not answer.")
        time.sleep(0.3)


def login_cookie(args):
    """A session cookie for the back office (the editor needs a logged-in user)."""
    body = json.dumps({"jsonrpc": "2.0", "params": {
        "db": args.db, "login": args.login, "password": args.password}}).encode()
    request = urllib.request.Request(f"{args.url}/web/session/authenticate", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        for header in answer.headers.get_all("Set-Cookie") or []:
            if header.startswith("session_id="):
                return header.split(";", 1)[0].split("=", 1)[1]
    sys.exit("No session cookie: check --login and --password.")


def receipt_png(pdf, path):
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True,
                           timeout=60).stdout.decode()
    last = next(int(line.split()[-1]) for line in pages.splitlines()
                if line.startswith("Pages:"))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sealed.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(last),
                        "-l", str(last), str(source), str(path.with_suffix(""))],
                       check=True, timeout=120)
    print("wrote", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="esign_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default="docs/img")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    call = rpc(args)
    signers = call("esign.signer", "search_read", [("state", "=", "to_sign")],
                   fields=["access_url"], limit=1)
    if signers:
        link = args.url + signers[0]["access_url"]
        drawn = "document.querySelector(\".o_esign_page[data-drawn='1']\")"
        shoot(link, out / "signing_phone.png", (360, 740), ready=drawn)
        shoot(link, out / "signing_desktop.png", (1280, 800), ready=drawn)
    else:
        print("No signer is waiting to sign: no signing page screenshots.")
    sealed = call("esign.request", "search_read", [("seal_state", "=", "done")],
                  fields=["fingerprint", "signed_document"], limit=1)
    if sealed:
        shoot(f"{args.url}/esign/verify/{sealed[0]['fingerprint']}", out / "verify.png",
              (1280, 800))
        receipt_png(base64.b64decode(sealed[0]["signed_document"]), out / "receipt.png")
    else:
        print("No sealed request: no verify page or receipt screenshots.")
    templates = call("esign.template", "search_read", [("field_ids", "!=", False)],
                     fields=["id"], limit=1)
    if templates:
        editor = (f"{args.url}/odoo/action-esign_base.esign_template_action/"
                  f"{templates[0]['id']}")
        ready = ("document.querySelector('.o_esign_editor .o_esign_page[data-drawn=\"1\"]')"
                 " || (document.querySelector('a[name=placement]')"
                 " && document.querySelector('a[name=placement]').click() && false)")
        shoot(editor, out / "editor.png", (1280, 800), ready=ready, cookie=login_cookie(args))


if __name__ == "__main__":
    main()
