"""A real Odoo server for the end-to-end tests, on the database the Odoo
suites just installed (ESIGN_E2E_DB), stopped at the end."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class OdooServer:
    def __init__(self, db, port):
        self.db, self.port = db, port
        self.url = f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    db = os.environ.get("ESIGN_E2E_DB")
    assert db, "ESIGN_E2E_DB names the database to test (set by tests/run.py)"
    port = int(os.environ.get("ESIGN_E2E_PORT", "8071"))
    odoo = Path(os.environ.get("ODOO_PATH", "/opt/odoo"))
    log = tmp_path_factory.mktemp("odoo") / "server.log"
    command = [sys.executable, str(odoo / "odoo-bin"), "-c", str(ROOT / "odoo.conf"),
               f"--addons-path={odoo / 'odoo' / 'addons'},{ROOT / 'addons'}",
               "-d", db, f"--db-filter=^{db}$", f"--http-port={port}", "--workers=0",
               "--max-cron-threads=1", "--log-level=warn"]
    with open(log, "w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    server = OdooServer(db, port)
    try:
        _wait_ready(server, process, log)
        _set_base_url(db, server.url)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_ready(server, process, log, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Odoo stopped at start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/web/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"Odoo did not answer within {timeout}s:\n{log.read_text()[-3000:]}")


def _set_base_url(db, url):
    """Links in receipts and emails point at this server."""
    subprocess.run(["psql", "-d", db, "-qc",
                    f"update ir_config_parameter set value = '{url}' "
                    "where key = 'web.base.url'"], check=True)
