"""Stamping 200 one-page requests with a company seal, and drawing a seal.

Run with the project's virtualenv (PostgreSQL reachable as for the tests):

    .venv/bin/python bench/seal_stamping.py                  # own database
    .venv/bin/python bench/seal_stamping.py --db seals_t1 --existing

Options: --requests N (default 200), --db NAME (default seal_stamping_bench),
--existing (use a database that already has esign_base; nothing is
committed there), --keep (keep the created database). ODOO_PATH points at
Odoo's source (default /opt/odoo).

Prints the median time to draw a round seal at 600 dpi, the time to prepare
and send the requests (not part of the stamping), and the time the bulk
stamping takes end to end as a permitted user: the background job claiming
each request, checking the permission, writing the seal image on the company
signer, logging "stamped" and "signed" in the audit trail and inviting the
customer, one savepoint per request.
"""

import argparse
import base64
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[1]
ODOO_PATH = Path(os.environ.get("ODOO_PATH", "/opt/odoo"))
RUNS = 5


def start_odoo(data_dir):
    sys.path.insert(0, str(ODOO_PATH))
    import odoo  # noqa: PLC0415 - needs ODOO_PATH on sys.path first
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config([
        f"--addons-path={ODOO_PATH / 'odoo' / 'addons'},{ROOT / 'addons'}",
        f"--data-dir={data_dir}", "--without-demo=all", "--log-level=warn",
        "--max-cron-threads=0",
    ])
    return odoo


def open_registry(odoo, db, existing):
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service import db as db_service  # noqa: PLC0415

    if existing:
        return Registry(db)
    db_service._create_empty_database(db)
    odoo.tools.config["init"] = {"esign_base": 1}
    return Registry.new(db, update_module=True)


def one_page_pdf():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 720, "Supply contract")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def seal_render_time(env):
    from odoo.addons.esign_base.tools import seal_image  # noqa: PLC0415

    design = seal_image.SealDesign("ACME Trading Company Ltd", "RC 0123.456.789")
    times = []
    for _run in range(RUNS):
        start = time.perf_counter()
        seal_image.render_round_seal(design)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def prepare(env, count):
    stamper = env["res.users"].create({
        "name": "Bench Stamper", "login": "bench_stamper", "email": "stamper@example.com",
        "groups_id": [(6, 0, [env.ref("esign_base.group_esign_user").id])]})
    seal = env["esign.seal"].create({"name": "ACME Trading Ltd",
                                     "allowed_user_ids": [(6, 0, stamper.ids)]})
    seal.action_generate_image()
    company, customer = env.ref("esign_base.role_company"), env.ref("esign_base.role_customer")
    template = env["esign.template"].create({
        "name": "Supply contract", "document": base64.b64encode(one_page_pdf()),
        "document_name": "contract.pdf",
        "field_ids": [
            (0, 0, {"field_type": "stamp", "role_id": company.id, "page": 1, "pos_x": 0.1,
                    "pos_y": 0.6, "width": 0.25, "height": 0.18, "seal_id": seal.id}),
            (0, 0, {"field_type": "signature", "role_id": customer.id, "page": 1,
                    "pos_x": 0.55, "pos_y": 0.8, "width": 0.3, "height": 0.08}),
        ]})
    alice = env["res.partner"].create({"name": "Alice", "email": "alice@example.com"})
    bob = env["res.partner"].create({"name": "Bob", "email": "bob@example.com"})
    requests = env["esign.request"]
    for _index in range(count):
        request_id = template.with_user(stamper).create_request([
            {"partner_id": alice.id, "role_id": company.id, "sequence": 1},
            {"partner_id": bob.id, "role_id": customer.id, "sequence": 2}])
        requests |= requests.browse(request_id)
    requests.with_user(stamper).action_send()
    return stamper, requests


def run(odoo, registry, count):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        print(f"seal image, 42 mm at 600 dpi: {seal_render_time(env) * 1000:.0f} ms (median)")
        start = time.perf_counter()
        stamper, requests = prepare(env, count)
        env.flush_all()
        print(f"preparing and sending {count} requests: {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        requests.with_user(stamper)._queue_bulk_stamp()
        model = env["esign.request"]
        while model._claim_next_bulk(lock=False):
            model._cron_bulk_stamp()
        env.flush_all()
        elapsed = time.perf_counter() - start
        done = len(requests.filtered(lambda r: r.seal_bulk_state == "done"))
        print(f"bulk stamping {count} one-page requests: {elapsed:.2f} s "
              f"({elapsed / count * 1000:.1f} ms each), {done} stamped")
        cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", default="seal_stamping_bench")
    parser.add_argument("--existing", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="seal_bench_")
    odoo = start_odoo(data_dir)
    registry = open_registry(odoo, args.db, args.existing)
    try:
        run(odoo, registry, args.requests)
    finally:
        if not args.existing and not args.keep:
            odoo.sql_db.close_all()
            odoo.service.db.exp_drop(args.db)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
