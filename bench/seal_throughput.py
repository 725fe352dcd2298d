"""How many signed requests Odoo seals per second, with 1 and with 2 workers.

Run with the project's virtualenv (PostgreSQL reachable as for the tests):

    .venv/bin/python bench/seal_throughput.py                 # 200 requests
    .venv/bin/python bench/seal_throughput.py --requests 40

Options: --requests N, --workers 1,2 (the runs, in order), --clients C (HTTP
clients signing at once, default 4), --db NAME, --data-dir DIR, --port P (the
first port to try; default any free one), --timeout S (longest wait for the
seals of one run, default 600), --seal-crons K (an experiment, not the
product: K-1 copies of the seal cron, see add_seal_crons). ODOO_PATH points at
Odoo's source (default /opt/odoo).

The script installs esign_base into a database of its own, then for each
worker count W starts Odoo with ``--workers=W --max-cron-threads=W`` and:

1. prepares N one-page requests with one signer each over XML-RPC (template,
   ``create_request``, ``action_send``, the signer's ``access_url``);
2. signs them all over HTTP, C clients at once, as a signer's browser does
   (POST ``<access_url>/submit``), noting when each signature was answered;
3. polls the requests until each is sealed or failed (bounded wait): the last
   signature queues the seal and triggers the cron
   ``esign_base.ir_cron_seal_requests``, which seals in a cron worker;
4. counts the "sealed" entries of each request's audit trail (exactly one is
   expected) and reads from the server's log which cron worker ran each seal
   job and how many ran at the same moment.

It stops the servers and drops the database at the end, errors included.
The machine is shared: compare the columns of one run, not runs.
"""

import argparse
import base64
import collections
import datetime
import io
import json
import math
import re
import statistics
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _odoo_server import OdooServer, drop, free_port, install  # noqa: E402

SEAL_CRON = "E-Sign: seal signed documents"
POLL_SECONDS = 0.25

HEADER = """\
Seal throughput through the product path: HTTP signature -> seal queued ->
ir.cron "{cron}" in a cron worker
(pyHanko, filestore, PostgreSQL, mails queued) -> seal_state done.
Odoo runs with --workers=W --max-cron-threads=W; {n} one-page requests, one
signer each, signed by {c} HTTP clients at once. "sealed per second" counts
from the first signature to the last sealed PDF. sealed_on is an Odoo
Datetime (whole seconds), so delays read from it are up to 1 s short; "seen"
delays come from polling every {poll} s.
Odoo runs one ir.cron in one worker at a time (the running job keeps its
ir_cron row locked; other workers skip it), so with one seal cron a second
worker adds HTTP capacity, not sealing capacity: see "most seal jobs running
at once". Indicative figures on a shared machine: compare columns, not runs.
"""


def one_page_pdf():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 760, "Throughput benchmark: one page, one signer")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def signature_png():
    image = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 60), (70, 15), (130, 55), (230, 20)],
                               fill=(10, 20, 90, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def prepare(server, count, label, clients):
    """N sent requests; returns {request_id: signing URL}."""
    server.rpc("ir.config_parameter", "set_param", "web.base.url", server.url)
    role = server.rpc("esign.role", "create", {"name": f"Bench signer {label}"})
    template = server.rpc("esign.template", "create", {
        "name": f"Throughput {label}", "document_name": "throughput.pdf",
        "document": base64.b64encode(one_page_pdf()).decode(),
        "field_ids": [(0, 0, {"role_id": role, "field_type": "signature", "page": 1,
                              "pos_x": 0.1, "pos_y": 0.75, "width": 0.3, "height": 0.08})]})
    partners = server.rpc("res.partner", "create", [
        {"name": f"Signer {label}-{index}", "email": f"signer{label}-{index}@bench.example"}
        for index in range(count)])

    def make(index):
        request_id = server.rpc("esign.template", "create_request", [template],
                                [{"partner_id": partners[index], "role_id": role}],
                                name=f"Throughput {label} #{index}")
        server.rpc("esign.request", "action_send", [request_id])
        return request_id

    with ThreadPoolExecutor(clients) as pool:
        request_ids = list(pool.map(make, range(count)))
    signers = server.rpc("esign.signer", "search_read", [("request_id", "in", request_ids)],
                         fields=["request_id", "access_url"])
    urls = {signer["request_id"][0]: server.url + signer["access_url"] for signer in signers}
    assert len(urls) == count, "one signer per request"
    return urls


def add_seal_crons(server, extra, seconds):
    """The experiment of --seal-crons: ``extra`` copies of the seal cron, each
    given a trigger due every second for ``seconds`` (esign_base triggers
    only its own cron). Copies run in whichever cron worker is free; requests
    are claimed FOR UPDATE SKIP LOCKED, so no request is sealed twice."""
    if not extra:
        return []
    model = server.rpc("ir.model", "search", [("model", "=", "esign.request")])[0]
    later = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))
    copies = server.rpc("ir.cron", "create", [{
        "name": f"{SEAL_CRON} (bench copy {index + 2})", "model_id": model, "state": "code",
        "code": "model._cron_seal()", "interval_number": 1, "interval_type": "days",
        "nextcall": later.strftime("%Y-%m-%d %H:%M:%S")} for index in range(extra)])
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    server.rpc("ir.cron.trigger", "create", [
        {"cron_id": cron, "call_at": (now + datetime.timedelta(seconds=second)).strftime(
            "%Y-%m-%d %H:%M:%S")} for cron in copies for second in range(int(seconds) + 1)])
    return copies


def post_json(url, payload):
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {"error": error.read()[:300].decode(errors="replace")}


class Poller(threading.Thread):
    """Notes when each request is first seen sealed (or failed)."""

    def __init__(self, server, request_ids):
        super().__init__(daemon=True)
        self.server, self.pending = server, set(request_ids)
        self.seen, self.states = {}, {}
        self.deadline = math.inf
        self.error = None

    def run(self):
        try:
            while self.pending and time.time() < self.deadline:
                rows = self.server.rpc("esign.request", "search_read", [
                    ("id", "in", sorted(self.pending)), ("seal_state", "in", ("done", "failed"))],
                    fields=["seal_state"])
                now = time.time()
                for row in rows:
                    self.seen[row["id"]] = now
                    self.states[row["id"]] = row["seal_state"]
                    self.pending.discard(row["id"])
                time.sleep(POLL_SECONDS)
        except Exception as err:  # noqa: BLE001 - reported by the caller
            self.error = err


def sign_all(urls, clients, signature):
    """Sign every request; returns {request_id: time the signature was answered}."""
    signed = {}

    def sign(item):
        request_id, url = item
        status, answer = post_json(url + "/submit", {"values": {}, "signature": signature})
        if status != 200 or not answer.get("ok"):
            raise RuntimeError(f"Signing request {request_id} failed: {status} {answer}")
        signed[request_id] = time.time()

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(sign, urls.items()))
    return signed


def utc_seconds(value):
    return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=datetime.UTC).timestamp()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


LOG_LINE = re.compile(r"^(\S+ \S+),(\d+) (\d+) INFO \S+ odoo\.addons\.base\.models\.ir_cron: "
                      r"Job '(.+?)' \(\d+\) (starting|done in)")


def cron_runs(log_path, since):
    """Seal jobs in the server log: runs per cron worker pid, and the most
    that ran at the same moment."""
    per_pid, events = collections.Counter(), []
    for line in Path(log_path).read_text(errors="replace").splitlines():
        match = LOG_LINE.match(line)
        if not match or not match.group(4).startswith(SEAL_CRON):
            continue
        moment = datetime.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").replace(
            tzinfo=datetime.UTC).timestamp() + int(match.group(2)) / 1000
        if moment < since - 1:
            continue
        if match.group(5) == "starting":
            per_pid[match.group(3)] += 1
            events.append((moment, 1))
        else:
            events.append((moment, -1))
    running = most = busy = 0
    since_busy = None
    for moment, step in sorted(events):
        running += step
        most = max(most, running)
        if running > 0 and since_busy is None:
            since_busy = moment
        elif running <= 0 and since_busy is not None:
            busy += moment - since_busy
            since_busy = None
    return per_pid, most, busy


def run_once(args, workers, db, data_dir, ports, signature):
    port = free_port(args.port, avoid=ports)
    gevent_port = free_port(args.port and port + 1, avoid=ports | {port})
    ports |= {port, gevent_port}
    log = Path(data_dir) / f"server_{workers}w.log"
    server = OdooServer(db, data_dir, log, workers, workers, port, gevent_port)
    try:
        server.start()
        print(f"[{workers} worker(s)] Odoo on port {port}, log {log}; preparing "
              f"{args.requests} requests...", flush=True)
        urls = prepare(server, args.requests, f"{workers}w", args.clients)
        copies = add_seal_crons(server, args.seal_crons - 1, args.timeout + 120)
        poller = Poller(server, urls)
        print(f"[{workers} worker(s)] signing...", flush=True)
        started = time.time()
        poller.start()
        signed = sign_all(urls, args.clients, signature)
        last_signature = max(signed.values())
        poller.deadline = last_signature + args.timeout
        poller.join()
        if poller.error:
            raise poller.error
        result = measure(server, signed, started, poller, log)
        if copies:
            server.rpc("ir.cron", "write", copies, {"active": False})
        return result
    finally:
        server.stop()


def measure(server, signed, started, poller, log):
    ids = sorted(signed)
    rows = server.rpc("esign.request", "read", ids, ["seal_state", "sealed_on", "seal_error"])
    sealed_entries = collections.Counter(
        entry["request_id"][0] for entry in server.rpc(
            "esign.audit.log", "search_read", [("request_id", "in", ids), ("event", "=", "sealed")],
            fields=["request_id"]))
    done = [row for row in rows if row["seal_state"] == "done"]
    errors = sorted({row["seal_error"] for row in rows if row["seal_error"]})
    once = len(done) == len(ids) and all(sealed_entries[i] == 1 for i in ids)
    result = {"requests": len(ids), "done": len(done), "once": once, "errors": errors,
              "twice": sum(1 for i in ids if sealed_entries[i] > 1),
              "signatures_per_s": len(ids) / max(max(signed.values()) - started, 1e-6)}
    if done:
        first_signature, last_signature = min(signed.values()), max(signed.values())
        last_seen = max((poller.seen[row["id"]] for row in done if row["id"] in poller.seen),
                        default=time.time())
        last_sealed_on = max(utc_seconds(row["sealed_on"]) for row in done)
        on_delays = [utc_seconds(row["sealed_on"]) - signed[row["id"]] for row in done]
        seen_delays = [poller.seen[row["id"]] - signed[row["id"]] for row in done
                       if row["id"] in poller.seen]
        result.update({
            "sealed_per_s": len(done) / max(last_seen - first_signature, 1e-6),
            "last_gap_seen": last_seen - last_signature,
            "last_gap_on": last_sealed_on - last_signature,
            "on_median": statistics.median(on_delays), "on_p95": percentile(on_delays, 0.95),
        })
        if seen_delays:
            result.update({"seen_median": statistics.median(seen_delays),
                           "seen_p95": percentile(seen_delays, 0.95)})
    per_pid, most, busy = cron_runs(log, started)
    result["cron_runs"] = ", ".join(f"pid {pid}: {count}" for pid, count in sorted(per_pid.items()))
    result["cron_overlap"], result["cron_busy"] = most, busy
    if busy:
        result["sealed_per_busy_s"] = len(done) / busy
    return result


ROWS = [
    ("signatures per second (HTTP)", "signatures_per_s", "{:.1f}"),
    ("requests sealed per second", "sealed_per_s", "{:.2f}"),
    ("last signature -> last sealed, seen (s)", "last_gap_seen", "{:.2f}"),
    ("last signature -> last sealed_on (s)", "last_gap_on", "{:.0f}"),
    ("signature -> sealed_on, median (s)", "on_median", "{:.1f}"),
    ("signature -> sealed_on, p95 (s)", "on_p95", "{:.1f}"),
    ("signature -> seen sealed, median (s)", "seen_median", "{:.2f}"),
    ("signature -> seen sealed, p95 (s)", "seen_p95", "{:.2f}"),
    ("requests sealed (seal_state done)", "done", "{}"),
    ("sealed more than once", "twice", "{}"),
    ("time with a seal job running (s)", "cron_busy", "{:.1f}"),
    ("sealed per second of that time", "sealed_per_busy_s", "{:.2f}"),
    ("most seal jobs running at once", "cron_overlap", "{}"),
]


def report(results, worker_counts):
    widths = [42] + [14] * len(worker_counts)
    head = ["", *(f"{w} worker{'s' if w > 1 else ''}" for w in worker_counts)]
    ratio = len(worker_counts) == 2
    if ratio:
        head.append(f"ratio {worker_counts[1]}/{worker_counts[0]}")
        widths.append(10)
    print("".join(cell.ljust(width) for cell, width in zip(head, widths)))
    for label, key, shape in ROWS:
        values = [results[w].get(key) for w in worker_counts]
        cells = [label] + [shape.format(v) if v is not None else "-" for v in values]
        if ratio:
            cells.append(f"{values[1] / values[0]:.2f}" if key in (
                "sealed_per_s", "signatures_per_s", "sealed_per_busy_s") and all(values) else "")
        print("".join(cell.ljust(width) for cell, width in zip(cells, widths)))
    for w in worker_counts:
        print(f"{w} worker(s): seal jobs per cron worker: {results[w]['cron_runs'] or 'none'}")
        if results[w]["errors"]:
            print(f"{w} worker(s): seal errors: {results[w]['errors']}")
    all_once = all(results[w]["once"] for w in worker_counts)
    print("Each request sealed exactly once (seal_state done, one 'sealed' audit entry): "
          + ("yes" if all_once else "NO"))
    return all_once


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", default="1,2",
                        help="worker counts to run, comma separated (default 1,2)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--db", default="seal_throughput_bench")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--seal-crons", type=int, default=1,
                        help="experiment: run K seal crons instead of esign_base's one")
    return parser.parse_args()


def main():
    args = parse_args()
    worker_counts = [int(w) for w in args.workers.split(",")]
    print(HEADER.format(cron=SEAL_CRON, n=args.requests, c=args.clients, poll=POLL_SECONDS))
    if args.seal_crons > 1:
        print(f"EXPERIMENT: {args.seal_crons - 1} extra seal cron(s) added over XML-RPC, each "
              "triggered every second:\nnot the product as shipped.\n")
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="seal_throughput_")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    signature = signature_png()
    results, ports = {}, set()
    drop(args.db, data_dir)
    try:
        print(f"Installing esign_base into {args.db} (log in {data_dir})...", flush=True)
        install(args.db, "esign_base", data_dir, Path(data_dir) / "install.log")
        for workers in worker_counts:
            results[workers] = run_once(args, workers, args.db, data_dir, ports, signature)
    except Exception:  # noqa: BLE001 - report, clean up, fail
        traceback.print_exc()
        return 2
    finally:
        drop(args.db, data_dir)
    print()
    return 0 if report(results, worker_counts) else 1


if __name__ == "__main__":
    sys.exit(main())
