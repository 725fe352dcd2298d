"""A cron worker killed in the middle of a seal: the seal is done again, once.

Odoo runs here as the prefork server (``--workers=2 --max-cron-threads=1``)
on the e2e database. The test makes the cron worker stop inside its sealing
transaction, deterministically, with two PostgreSQL locks of its own:

1. it holds the row of the seal cron (``FOR NO KEY UPDATE``, as a running
   cron does), so the last signature queues the seal without any cron
   worker being able to start it;
2. it locks the audit trail table against inserts (``SHARE``), then lets the
   cron go: the worker claims the request, draws and signs the PDF, and waits
   on its "sealed" audit entry, with the request row locked and nothing
   committed;
3. it SIGKILLs that worker (the server's only cron worker: the child that
   Odoo's prefork server runs at nice +10), takes the cron's row again so
   that no new run starts, releases the audit lock, and checks that the
   waiting PostgreSQL session then ends without committing anything: the
   killed process was the one sealing;
4. it lets the cron's row go and waits, waking nobody: the new cron worker
   finds the job still triggered at its next poll (cron workers poll at
   least every 60-70 s, and sooner whenever any server of the PostgreSQL
   cluster triggers a cron) and seals the request again.

The request ends sealed exactly once: ``seal_state`` done, one "sealed"
entry in its audit trail, an intact chain, and a PDF that ``pdfsig`` finds
valid. Any other Odoo server that this pytest session started on the same
database (the one of conftest.py) is paused with SIGSTOP during the scenario,
so that its cron thread cannot take the job instead, and resumed after.
"""

import base64
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import xmlrpc.client
from pathlib import Path

import psutil
import psycopg2
import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[2]
# Both sealing lanes (same code; held together so that neither starts early).
SEAL_CRON_NAMES = ["ir_cron_seal_requests", "ir_cron_seal_requests_lane2"]
STEP_TIMEOUT = 30      # seconds for each step that should take one or two
REPICKUP_TIMEOUT = 90  # a fresh cron worker polls within 60 + pid % 10 s


def _free_port(avoid=()):
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in avoid:
            return port


class PreforkServer:
    """Odoo with worker processes; XML-RPC as admin / admin."""

    def __init__(self, db, port, process, log):
        self.db, self.port, self.process, self.log = db, port, process, log
        self.url = f"http://127.0.0.1:{port}"
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        self.uid = common.authenticate(db, "admin", "admin", {})
        assert self.uid, f"admin / admin cannot log in to {db}"

    def rpc(self, model, method, *args, **kwargs):
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(self.db, self.uid, "admin", model, method, list(args), kwargs)

    def cron_worker(self):
        """The pid of the one cron worker: Odoo's prefork server lowers the
        priority of cron workers by 10 (HTTP workers keep the server's); the
        gevent process is odoo-bin's ``gevent`` command."""
        main = psutil.Process(self.process.pid)
        crons = [child.pid for child in main.children()
                 if child.nice() >= main.nice() + 10 and "gevent" not in child.cmdline()]
        assert len(crons) == 1, f"one cron worker expected among {main.children()}"
        return crons[0]

    def tree(self):
        """The pids of the server and of all its workers, now."""
        try:
            main = psutil.Process(self.process.pid)
            return {main.pid} | {child.pid for child in main.children(recursive=True)}
        except psutil.NoSuchProcess:
            return set()


def _wait_health(url, process, log, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Odoo stopped at start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Odoo did not answer within {timeout}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def prefork_server(tmp_path_factory):
    """Its own Odoo server on the e2e database: two HTTP workers, one cron
    worker, on ports of its own (ESIGN_E2E_WORKERS_PORT pins the HTTP one)."""
    db = os.environ.get("ESIGN_E2E_DB")
    if not db:
        pytest.fail("ESIGN_E2E_DB must name a database with the four addons installed",
                    pytrace=False)
    odoo = Path(os.environ.get("ODOO_PATH", "/opt/odoo"))
    taken = {int(os.environ.get("ESIGN_E2E_PORT", "8071"))}
    port = int(os.environ.get("ESIGN_E2E_WORKERS_PORT") or _free_port(taken))
    gevent_port = _free_port(taken | {port})
    log = (Path(os.environ["ESIGN_E2E_LOG"]).with_suffix(".workers.log")
           if os.environ.get("ESIGN_E2E_LOG")
           else tmp_path_factory.mktemp("odoo_workers") / "server.log")
    command = [sys.executable, str(odoo / "odoo-bin"), "-c", str(ROOT / "odoo.conf"),
               f"--addons-path={odoo / 'odoo' / 'addons'},{ROOT / 'addons'}",
               "-d", db, f"--db-filter=^{db}$", f"--http-port={port}",
               f"--gevent-port={gevent_port}", "--workers=2", "--max-cron-threads=1",
               "--log-level=info"]
    if os.environ.get("ESIGN_E2E_DATA_DIR"):
        command.append(f"--data-dir={os.environ['ESIGN_E2E_DATA_DIR']}")
    with open(log, "w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait_health(f"http://127.0.0.1:{port}", process, log)
        yield PreforkServer(db, port, process, log)
    finally:
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
                process.wait(wait)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        print(f"\n(e2e prefork Odoo server log: {log})")


def _one_page_pdf():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 760, "Sealed despite a dead worker")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _signature():
    image = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 60), (120, 15), (230, 50)], fill=(10, 20, 90, 255),
                               width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _sent_request(server):
    """A sent one-page request with one signer: (request id, signing URL)."""
    role = server.rpc("esign.role", "create", {"name": f"Worker death {uuid.uuid4().hex[:8]}"})
    template = server.rpc("esign.template", "create", {
        "name": "Worker death", "document_name": "worker-death.pdf",
        "document": base64.b64encode(_one_page_pdf()).decode(),
        "field_ids": [(0, 0, {"role_id": role, "field_type": "signature", "page": 1,
                              "pos_x": 0.1, "pos_y": 0.7, "width": 0.3, "height": 0.08})]})
    partner = server.rpc("res.partner", "create", {"name": "Wanda Worker",
                                                   "email": "wanda@e2e.example"})
    request_id = server.rpc("esign.template", "create_request", [template],
                            [{"partner_id": partner, "role_id": role}])
    server.rpc("esign.request", "action_send", [request_id])
    signer = server.rpc("esign.signer", "search_read", [("request_id", "=", request_id)],
                        fields=["access_url"])[0]
    return request_id, server.url + signer["access_url"]


def _sign(url):
    body = json.dumps({"values": {}, "signature": _signature()}).encode()
    request = urllib.request.Request(url + "/submit", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    assert answer.get("ok") and answer.get("request_state") == "signed", answer


def _connect(db):
    connection = psycopg2.connect(dbname=db, application_name="esign-e2e-worker-death")
    connection.autocommit = False
    return connection


def _seal_cron_ids(cursor):
    cursor.execute("SELECT res_id FROM ir_model_data WHERE module = 'esign_base' "
                   "AND name = ANY(%s)", [SEAL_CRON_NAMES])
    return [row[0] for row in cursor.fetchall()]


def _until(check, timeout, what, wake=None):
    """Poll ``check`` until it answers; ``wake`` is called every 2 s (a fresh
    cron worker may not listen yet when the first notification goes)."""
    deadline = time.time() + timeout
    woken = 0
    while time.time() < deadline:
        value = check()
        if value:
            return value
        if wake and time.time() - woken > 2:
            wake()
            woken = time.time()
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}")


def _blocked_by(cursor, pid):
    """(backend pid, application_name, query) of sessions waiting on ``pid``."""
    cursor.execute("SELECT pid, application_name, query FROM pg_stat_activity "
                   "WHERE %s = ANY(pg_blocking_pids(pid))", [pid])
    return cursor.fetchall()


def _session_servers_on(db, cursor, mine):
    """Other Odoo servers that this pytest session started (conftest's) and
    that are connected to PostgreSQL: their crons could take the job. Odoo
    names its sessions ``odoo-<pid>`` after the server's main process."""
    ours = {child.pid for child in psutil.Process().children(recursive=True)} - mine
    cursor.execute("SELECT DISTINCT application_name FROM pg_stat_activity "
                   "WHERE application_name LIKE 'odoo-%%'")
    connected = {int(name[5:]) for (name,) in cursor.fetchall() if name[5:].isdigit()}
    return sorted(ours & connected)


def _pause(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _drain_seal_queue(server):
    """Let the cron seal whatever earlier runs left queued: the worker must
    claim this test's request, and it claims the oldest first."""
    def queued():
        return server.rpc("esign.request", "search_count", [("seal_state", "=", "queued")])

    if queued():
        _until(lambda: not queued(), STEP_TIMEOUT * 2, "earlier queued seals to be done",
               wake=lambda: _wake_crons(server.db))


def _wake_crons(db):
    """What ``ir.cron._trigger`` does after its commit: notify the cron
    workers, which listen on the ``postgres`` database (a notification is
    heard in the database it is sent in)."""
    connection = psycopg2.connect(dbname="postgres", application_name="esign-e2e-worker-death")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify('cron_trigger', %s)", [db])
    finally:
        connection.close()


def _seal_state(server, request_id):
    return server.rpc("esign.request", "read", [request_id], ["seal_state"])[0]["seal_state"]


def test_a_seal_whose_worker_dies_is_done_again_once(prefork_server, tmp_path):
    server = prefork_server
    started = time.time()
    request_id, url = _sent_request(server)
    cron_lock, audit_lock, watcher = (_connect(server.db) for _ in range(3))
    watcher.autocommit = True
    watch = watcher.cursor()
    _drain_seal_queue(server)
    paused = _session_servers_on(server.db, watch, server.tree())
    _pause(paused, signal.SIGSTOP)
    try:
        # 1. The last signature queues the seal; no cron can start it yet.
        with cron_lock.cursor() as cursor:
            cron_ids = _seal_cron_ids(cursor)
            cursor.execute("SELECT id FROM ir_cron WHERE id = ANY(%s) FOR NO KEY UPDATE",
                           [cron_ids])
        _sign(url)
        assert _seal_state(server, request_id) == "queued"

        # 2. Audit inserts wait on us; let the cron worker start the seal.
        with audit_lock.cursor() as cursor:
            cursor.execute("SET lock_timeout = '10s'")
            cursor.execute("LOCK TABLE esign_audit_log IN SHARE MODE")
            cursor.execute("SELECT pg_backend_pid()")
            audit_lock_pid = cursor.fetchone()[0]
        cron_lock.rollback()
        blocked = _until(lambda: _blocked_by(watch, audit_lock_pid), STEP_TIMEOUT,
                         "the cron worker to wait on its 'sealed' audit entry",
                         wake=lambda: _wake_crons(server.db))
        assert len(blocked) == 1, blocked
        backend_pid, _application, query = blocked[0]
        assert "esign_audit_log" in query, query
        worker_pid = server.cron_worker()
        workers_before = server.tree()

        # The seal is in progress: request row locked, nothing committed.
        with pytest.raises(psycopg2.errors.LockNotAvailable):
            watch.execute("SELECT id FROM esign_request WHERE id = %s FOR UPDATE NOWAIT",
                          [request_id])
        assert _seal_state(server, request_id) == "queued"

        # 3. Kill the worker mid-seal. While we hold the cron's row again (no
        # new run can start), let go of the audit trail: the dead worker's
        # transaction ends without committing anything.
        os.kill(worker_pid, signal.SIGKILL)
        killed_at = time.time()
        _until(lambda: not psutil.pid_exists(worker_pid) or psutil.Process(
            worker_pid).status() == psutil.STATUS_ZOMBIE, STEP_TIMEOUT, "the worker to die")
        with cron_lock.cursor() as cursor:
            cursor.execute("SET lock_timeout = '20s'")
            cursor.execute("SELECT id FROM ir_cron WHERE id = ANY(%s) FOR NO KEY UPDATE",
                           [cron_ids])
        audit_lock.rollback()
        _until(lambda: not _backend_alive(watch, backend_pid), STEP_TIMEOUT,
               "the dead worker's PostgreSQL session to end")
        assert _seal_state(server, request_id) == "queued", "the killed seal committed nothing"
        assert _sealed_entries(server, request_id) == 0
        cron_lock.rollback()

        state = _until(lambda: _seal_state(server, request_id) in ("done", "failed")
                       and _seal_state(server, request_id), REPICKUP_TIMEOUT,
                       "a new cron worker to seal the request again")
        repicked_after = time.time() - killed_at
    finally:
        _pause(paused, signal.SIGCONT)
        for connection in (cron_lock, audit_lock, watcher):
            connection.close()
    print(f"\nCron worker {worker_pid} killed mid-seal; sealed again "
          f"{repicked_after:.1f}s later; whole scenario {time.time() - started:.1f}s; "
          f"other servers of this session paused meanwhile: {paused or 'none'}")

    assert state == "done"
    assert worker_pid not in server.tree() and server.tree() - workers_before, (
        "the server replaced the dead cron worker")
    assert _sealed_entries(server, request_id) == 1
    assert server.rpc("esign.request", "check_audit_chain", [request_id]) is True
    data = base64.b64decode(server.rpc("esign.request", "read", [request_id],
                                       ["signed_document"])[0]["signed_document"])
    path = tmp_path / "sealed.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True,
                            check=False, timeout=60)
    assert "Signature is Valid" in result.stdout + result.stderr, result.stdout
    assert time.time() - started <= 120


def _sealed_entries(server, request_id):
    return server.rpc("esign.audit.log", "search_count", [("request_id", "=", request_id),
                                                          ("event", "=", "sealed")])


def _backend_alive(cursor, backend_pid):
    cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend_pid])
    return cursor.fetchone() is not None
