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
* receipt.png: the sealed PDF's receipt page, drawn by poppler (pdftoppm).

Opening the signing page logs an "opened" entry in that request's audit
trail, as any visit does: use a demo database.
"""

import argparse
import base64
import subprocess
import sys
import tempfile
import xmlrpc.client
from pathlib import Path

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


def shoot(url, path, size):
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", f"--user-data-dir={profile}",
                        f"--window-size={size[0]},{size[1]}", "--virtual-time-budget=20000",
                        f"--screenshot={path}", url],
                       check=True, capture_output=True, timeout=120)
    print("wrote", path)


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
        shoot(link, out / "signing_phone.png", (360, 740))
        shoot(link, out / "signing_desktop.png", (1280, 800))
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


if __name__ == "__main__":
    main()
