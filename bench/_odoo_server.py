"""A real Odoo server for the benchmarks: install a database, start the
server with a given number of worker processes, talk to it over XML-RPC,
stop it and drop the database.

ODOO_PATH points at Odoo's source (default /opt/odoo); the addons are this
repository's ``addons/``. The server reads the product's ``odoo.conf`` (time
and memory limits) and everything else comes from the command line.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ODOO_PATH = Path(os.environ.get("ODOO_PATH", "/opt/odoo"))
ADDONS = ROOT / "addons"


def addons_path():
    return f"--addons-path={ODOO_PATH / 'odoo' / 'addons'},{ADDONS}"


def odoo_bin():
    path = ODOO_PATH / "odoo-bin"
    if not path.is_file():
        raise SystemExit(f"No odoo-bin in ODOO_PATH={ODOO_PATH}")
    return str(path)


def free_port(start=None, avoid=()):
    """A TCP port nobody listens on: the first free one from ``start`` on
    (within ten), or any the system hands out."""
    candidates = range(start, start + 10) if start else [0]
    for port in candidates:
        if port in avoid:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"No free port in {start}-{start + 9}")


def install(db, modules, data_dir, log):
    """Create ``db`` with ``modules`` installed, no demo data (admin / admin)."""
    command = [sys.executable, odoo_bin(), addons_path(), f"--data-dir={data_dir}",
               "-d", db, "-i", modules, "--without-demo=all", "--stop-after-init",
               "--max-cron-threads=0", "--http-port=0", "--log-level=warn"]
    with open(log, "w") as handle:
        result = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT,
                                check=False, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(f"Installing {modules} into {db} failed, see {log}")


def drop(db, data_dir=None):
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False,
                   capture_output=True)
    if data_dir:
        shutil.rmtree(Path(data_dir) / "filestore" / db, ignore_errors=True)


class OdooServer:
    """One Odoo process tree (``--workers`` > 0 means the prefork server)."""

    login = password = "admin"

    def __init__(self, db, data_dir, log, workers, cron_workers, port, gevent_port):
        self.db, self.data_dir, self.log = db, data_dir, Path(log)
        self.workers, self.cron_workers = workers, cron_workers
        self.port, self.gevent_port = port, gevent_port
        self.url = f"http://127.0.0.1:{port}"
        self.process = None
        self._uid = None

    def command(self):
        return [sys.executable, odoo_bin(), "-c", str(ROOT / "odoo.conf"), addons_path(),
                f"--data-dir={self.data_dir}", "-d", self.db, f"--db-filter=^{self.db}$",
                f"--http-port={self.port}", f"--gevent-port={self.gevent_port}",
                f"--workers={self.workers}", f"--max-cron-threads={self.cron_workers}",
                "--log-level=info"]

    def start(self, timeout=180):
        with open(self.log, "w") as handle:
            self.process = subprocess.Popen(self.command(), stdout=handle,
                                            stderr=subprocess.STDOUT, cwd=ROOT,
                                            start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo stopped at start (exit {self.process.returncode}), "
                                   f"see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/web/health", timeout=5) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer within {timeout}s, see {self.log}")

    def stop(self):
        """Stop the whole process group (workers included), harder if need be."""
        if not self.process or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    @property
    def uid(self):
        if self._uid is None:
            common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
            self._uid = common.authenticate(self.db, self.login, self.password, {})
            if not self._uid:
                raise RuntimeError(f"admin / admin cannot log in to {self.db}")
        return self._uid

    def rpc(self, model, method, *args, **kwargs):
        """One XML-RPC call (a fresh proxy each time: proxies are not thread-safe)."""
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(self.db, self.uid, self.password, model, method,
                                list(args), kwargs)
