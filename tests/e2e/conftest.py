"""A real Odoo server for the end-to-end tests, stopped at the end.

tests/run.py sets the environment after the Odoo suites installed the four
addons: ESIGN_E2E_DB (the database, required), ESIGN_E2E_PORT (a free HTTP
port), ODOO_PATH, and optionally ESIGN_E2E_DATA_DIR (Odoo's --data-dir) and
ESIGN_E2E_LOG (where the server's log goes). The database was created
without demo data, so the administrator logs in as admin / admin.
"""

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class OdooServer:
    """The running server: ``url``, ``db``, ``port``, ``log`` and XML-RPC
    helpers logged in as ``login`` / ``password`` (admin / admin)."""

    login = "admin"
    password = "admin"

    def __init__(self, db, port, log):
        self.db, self.port, self.log = db, port, log
        self.url = f"http://127.0.0.1:{port}"
        self._uid = None

    @property
    def common(self):
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common", allow_none=True)

    @property
    def models(self):
        """A fresh proxy of /xmlrpc/2/object (proxies are not thread-safe)."""
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)

    @property
    def uid(self):
        if self._uid is None:
            self._uid = self.common.authenticate(self.db, self.login, self.password, {})
            assert self._uid, f"{self.login} / {self.password} cannot log in to {self.db}"
        return self._uid

    def xmlrpc(self):
        """(uid, models proxy) for ``models.execute_kw(db, uid, password, ...)``."""
        return self.uid, self.models

    def execute(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method,
                                      list(args), kwargs)


def odoo_paths():
    """(odoo-bin, the addons path with ours) for ODOO_PATH; fails the run without them."""
    odoo = Path(os.environ.get("ODOO_PATH", "/opt/odoo"))
    if not (odoo / "odoo-bin").is_file():
        pytest.fail(f"No odoo-bin in ODOO_PATH={odoo}", pytrace=False)
    return odoo / "odoo-bin", f"{odoo / 'odoo' / 'addons'},{ROOT / 'addons'}"


@contextlib.contextmanager
def running_server(db, port, log, data_dir=None):
    """Serve ``db`` on ``port`` (log to ``log``) with one cron thread until the block ends."""
    odoo_bin, addons_path = odoo_paths()
    command = [sys.executable, str(odoo_bin), "-c", str(ROOT / "odoo.conf"),
               f"--addons-path={addons_path}",
               "-d", db, f"--db-filter=^{db}$", f"--http-port={port}", "--workers=0",
               "--max-cron-threads=1", "--log-level=info"]
    if data_dir:
        command.append(f"--data-dir={data_dir}")
    with open(log, "w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = OdooServer(db, port, log)
    try:
        _wait_ready(server, process)
        # Links in receipts and emails point at this server.
        server.execute("ir.config_parameter", "set_param", "web.base.url", server.url)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print(f"\n(e2e Odoo server log: {log})")


@pytest.fixture(scope="session")
def odoo_tools():
    """For tests that need a database of their own: ``(odoo_paths, running_server)``."""
    return odoo_paths, running_server


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    db = os.environ.get("ESIGN_E2E_DB")
    if not db:
        pytest.fail("ESIGN_E2E_DB must name a database with the four addons installed "
                    "(scripts/test sets it)", pytrace=False)
    port = int(os.environ.get("ESIGN_E2E_PORT", "8071"))
    log = Path(os.environ.get("ESIGN_E2E_LOG") or tmp_path_factory.mktemp("odoo") / "server.log")
    with running_server(db, port, log, os.environ.get("ESIGN_E2E_DATA_DIR")) as server:
        yield server


def _wait_ready(server, process, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Odoo stopped at start (exit {process.returncode}):\n"
                               f"{server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/web/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Odoo did not answer /web/health within {timeout}s:\n"
                       f"{server.log.read_text()[-3000:]}")
