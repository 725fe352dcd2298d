"""Filing sealed documents into the archive, and searching 100,000 entries.

Run with the project's virtualenv (PostgreSQL reachable as for the tests):

    .venv/bin/python bench/archive.py            # 10,000 documents, 100,000 entries
    .venv/bin/python bench/archive.py --quick    # 300 documents, 100,000 entries

Options: --documents N, --entries M, --db NAME (default archive_bench), --keep
(keep the database and its filestore). ODOO_PATH points at Odoo's source
(default /opt/odoo); ESIGN_ADDONS at the folder holding the addons (default
this repository's addons/).

The script creates its own database, installs esign_archive through Odoo's
API, then:

1. makes N requests with distinct real PDFs (reportlab, a unique word each)
   and marks them sealed directly in the database: sealing has its own
   benchmark (bench/seal.py), here only filing is measured;
2. files them with ``esign.request.action_archive()`` (copy, hash,
   directory, unique name) in batches of 500, each committed; the text, the
   first-page thumbnail and the audit trail PDF are left "to index", as in
   production. After each batch it creates alone, as plain
   ``ir.attachment`` records, the attachments those entries keep (the
   document and the audit trail PDF, drawn untimed as the indexing job
   draws it), and prints filing beside that (the issue's measure).
   Interleaving puts both sides under the same conditions: this 2-core
   machine has slow spells. Each copy gets a short PDF comment appended:
   the filestore keeps one file per content, so the very same bytes would
   never be written again;
3. runs the indexing job (``_cron_index``: poppler's text and thumbnail,
   the audit trail PDF, committed per batch) until every entry is indexed,
   and prints its throughput;
4. for comparison, creates alone everything an indexed entry holds (with
   the thumbnail) and the document alone, and prints filing beside those;
5. pads the archive to M entries with SQL copies (their own partners,
   fingerprints and words), then searches as an archive reader (record rules
   applied) by partner, by fingerprint and by a word of the text, printing
   the median of 7 runs of ``search`` (first 80, as the list shows) and
   ``search_count``.

Compare the columns of one run; absolute times vary between machines.
"""

import argparse
import base64
import io
import itertools
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
ADDONS = Path(os.environ.get("ESIGN_ADDONS", ROOT / "addons"))
BATCH = 500
RUNS = 7


def start_odoo(db, data_dir):
    sys.path.insert(0, str(ODOO_PATH))
    import odoo  # noqa: PLC0415 - needs ODOO_PATH on sys.path first
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config([
        f"--addons-path={ODOO_PATH / 'odoo' / 'addons'},{ADDONS}",
        f"--data-dir={data_dir}", "--without-demo=all", "--log-level=warn",
        "--max-cron-threads=0",
    ])
    return odoo


def create_database(odoo, db):
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service import db as db_service  # noqa: PLC0415

    db_service._create_empty_database(db)
    odoo.tools.config["init"] = {"esign_archive": 1}
    return Registry.new(db, update_module=True)


def document(index):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in (1, 2):
        pdf.setFont("Helvetica", 11)
        for line in range(30):
            pdf.drawString(60, 780 - line * 20,
                           f"Contract word{index:06d} page {page} clause {line}: lorem ipsum")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_sealed_requests(env, count):
    """``count`` requests whose sealed PDF is stored as the seal would store it."""
    import hashlib  # noqa: PLC0415

    try:  # esign_base guards its evidence attachments; the seal writes them as its flow
        from odoo.addons.esign_base.models.esign_evidence import as_flow as flow  # noqa: PLC0415
    except ImportError:
        def flow(records):
            return records
    company = env.company
    role = env.ref("esign_base.role_customer")
    partners = env["res.partner"].create([
        {"name": f"Customer {i:03d}", "email": f"c{i}@example.com", "is_company": True}
        for i in range(max(1, count // 20))])
    template = env["esign.template"].create({
        "name": "Bench contract", "document": __import__("base64").b64encode(document(0)),
        "document_name": "contract.pdf", "company_id": company.id})
    env["esign.archive.rule"].create({"name": "All", "path_pattern": "Contracts/{year}/{partner}"})
    ids = []
    for index in range(count):
        partner = partners[index % len(partners)]
        request_id = template.create_request([{"partner_id": partner.id, "role_id": role.id}],
                                             name=f"Contract {index:06d}")
        pdf = document(index)
        flow(env["ir.attachment"]).create({"name": "signed.pdf", "raw": pdf,
                                           "res_model": "esign.request",
                                           "res_field": "signed_document", "res_id": request_id})
        env.cr.execute(
            "UPDATE esign_request SET state = 'signed', seal_state = 'done', "
            "date_signed = now() at time zone 'UTC', sealed_on = now() at time zone 'UTC', "
            "signed_sha256 = %s WHERE id = %s", [hashlib.sha256(pdf).hexdigest(), request_id])
        ids.append(request_id)
        if index % BATCH == BATCH - 1:
            env.cr.commit()
            env.invalidate_all()
    env.cr.commit()
    # 10,000 requests take months to be signed, and autovacuum analyzes the
    # tables meanwhile; made in minutes here (and with autovacuum off on some
    # machines), PostgreSQL would still plan for the nearly empty tables of
    # the fresh database, and every look-up of a sealed PDF would read the
    # whole attachment table.
    env.cr.execute("ANALYZE")
    env.invalidate_all()
    return ids


def timed_batches(env, ids, work):
    total = 0.0
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        prepared = work.prepare(batch) if hasattr(work, "prepare") else batch
        began = time.perf_counter()
        work(prepared)
        env.cr.commit()
        total += time.perf_counter() - began
        env.invalidate_all()
    return total


def file_interleaved(env, request_ids):
    """File the requests batch by batch and, after each batch, create alone
    the attachments its entries keep (document and audit trail, the trail
    drawn untimed as the indexing job would): (filing s, alone s).

    Interleaving puts both under the same conditions: this 2-core machine
    has slow spells, which would otherwise fall on one side only.
    """
    entries, attachments = env["esign.archive.entry"], env["ir.attachment"]
    runs = itertools.count(time.time_ns())
    filing = alone = 0.0
    for start in range(0, len(request_ids), BATCH):
        requests = env["esign.request"].browse(request_ids[start:start + BATCH])
        began = time.perf_counter()
        filed = entries.browse(requests.action_archive())
        env.cr.commit()
        filing += time.perf_counter() - began
        rows = _kept_attachments(entries, filed.sudo(), next(runs))
        began = time.perf_counter()
        attachments.create(rows)
        env.cr.commit()
        alone += time.perf_counter() - began
        env.invalidate_all()
    return filing, alone


def _kept_attachments(entries, filed, run):
    """Attachment values with the bytes ``filed`` entries keep: the document
    and the audit trail PDF (drawn here as the indexing job draws it), each
    with a PDF comment appended so that the filestore writes a new file (it
    keeps one file per content: the very same bytes would not be written)."""
    rows = []
    for entry in filed:
        for kind, raw in (("document", base64.b64decode(entry.document)),
                          ("audit", entries._render_audit_trail(entry.request_id,
                                                                entry.audit_head))):
            rows.append({"name": f"{kind}-{entry.id}",
                         "raw": raw + f"\n%baseline {run} {entry.id}\n".encode(),
                         "res_model": "res.partner", "res_id": entries.env.user.partner_id.id})
    return rows


def attachments_alone(env, entry_ids, files):
    """Create, as plain attachments, the bytes each entry keeps in ``files``."""
    attachments = env["ir.attachment"]
    runs = itertools.count(time.time_ns())

    def work(rows):
        attachments.create(rows)

    def prepare(batch):
        stored = attachments.search([("res_model", "=", "esign.archive.entry"),
                                     ("res_field", "in", files), ("res_id", "in", batch)])
        run = next(runs)
        # The filestore keeps one file per content: the very same bytes would
        # only point at the file filing wrote, never write one. A short trailer
        # (a PDF comment) makes each a new file to write, as it was for filing.
        return [{"name": f"{a.res_field}-{a.res_id}",
                 "raw": a.raw + f"\n%baseline {run} {a.id}\n".encode(),
                 "res_model": "res.partner", "res_id": env.user.partner_id.id} for a in stored]

    work.prepare = prepare
    return timed_batches(env, entry_ids, work)


def index_all(env):
    """Run the indexing job until nothing is left; return (seconds, entries indexed)."""
    entries = env["esign.archive.entry"]
    began, indexed = time.perf_counter(), 0
    while done := entries._cron_index():
        indexed += done
    env.cr.commit()
    return time.perf_counter() - began, indexed


def pad_entries(env, target):
    """Add SQL copies up to ``target`` entries, with their own partners and words."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM esign_archive_entry")
    missing = target - cr.fetchone()[0]
    if missing <= 0:
        return
    partners = env["res.partner"].create([{"name": f"Padding {i:04d}", "is_company": True}
                                          for i in range(1000)])
    cr.execute("SELECT array_agg(DISTINCT directory_id), min(template_id), min(company_id) "
               "FROM esign_archive_entry")
    directories, template_id, company_id = cr.fetchone()
    cr.execute("""
        INSERT INTO esign_archive_entry
            (name, directory_id, company_id, partner_id, template_id, fingerprint, sha256,
             date_signed, text_content, legal_hold, create_uid, write_uid, create_date,
             write_date)
        SELECT 'Padding ' || g || '.pdf', (%(dirs)s::int[])[1 + g %% cardinality(%(dirs)s::int[])],
               %(company)s, (%(partners)s::int[])[1 + g %% 1000], %(template)s,
               upper(substr(md5(g::text), 1, 4) || '-' || substr(md5(g::text), 5, 4) || '-'
                     || substr(md5(g::text), 9, 4)),
               encode(sha256(g::text::bytea), 'hex'),
               (now() at time zone 'UTC') - g * interval '7 minutes',
               'Padding agreement pad' || g || ' between the parties, clause '
               || (g %% 97) || ' lorem ipsum dolor sit amet', false, 1, 1,
               now() at time zone 'UTC', now() at time zone 'UTC'
        FROM generate_series(1, %(missing)s) AS g
    """, {"dirs": directories, "company": company_id, "partners": partners.ids,
          "template": template_id, "missing": missing})
    cr.execute("ANALYZE esign_archive_entry")
    cr.commit()


def median_ms(call):
    times = []
    for _run in range(RUNS):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def searches(env, odoo):
    reader = env["res.users"].create({
        "name": "Bench Reader", "login": "bench_reader",
        "groups_id": [(6, 0, [env.ref("esign_archive.group_archive_reader").id])]})
    env.cr.commit()
    entries = odoo.api.Environment(env.cr, reader.id, {})["esign.archive.entry"]
    env.cr.execute("SELECT partner_id, fingerprint, name FROM esign_archive_entry "
                   "WHERE name LIKE 'Padding %%' ORDER BY id LIMIT 1 OFFSET %s",
                   [(entries.sudo().search_count([]) - 1) // 2])
    partner_id, fingerprint, name = env.cr.fetchone()
    word = "pad" + name.split()[1].removesuffix(".pdf")
    domains = {
        "partner": [("partner_id", "=", partner_id)],
        "fingerprint": [("fingerprint", "=", fingerprint)],
        "word of the text": [("text_search", "ilike", word)],
    }
    total = entries.search_count([])
    print(f"\nsearches as an archive reader over {total:,} visible entries (median of {RUNS})")
    print(f"{'by':>18} {'search, first 80 (ms)':>22} {'count (ms)':>11} {'found':>7}")
    for label, domain in domains.items():
        def search(domain=domain):
            entries.env.invalidate_all()
            return entries.search(domain, limit=80).ids

        def count(domain=domain):
            return entries.search_count(domain)

        found = count()
        print(f"{label:>18} {median_ms(search):>22.1f} {median_ms(count):>11.1f} {found:>7}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 documents instead of 10,000")
    parser.add_argument("--documents", type=int)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--db", default="archive_bench")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    count = args.documents or (300 if args.quick else 10_000)
    data_dir = tempfile.mkdtemp(prefix="archive_bench_")
    odoo = start_odoo(args.db, data_dir)
    registry = create_database(odoo, args.db)
    try:
        run(odoo, registry, count, args.entries)
    finally:
        if not args.keep:
            odoo.sql_db.close_all()
            odoo.service.db.exp_drop(args.db)
            shutil.rmtree(data_dir, ignore_errors=True)


def run(odoo, registry, count, target):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        print(f"preparing {count:,} sealed requests...")
        request_ids = make_sealed_requests(env, count)
        filing, alone = file_interleaved(env, request_ids)
        cr.execute("SELECT id FROM esign_archive_entry ORDER BY id")
        entry_ids = [row[0] for row in cr.fetchall()]
        per_doc = filing * 1000 / max(1, len(entry_ids))
        print(f"\nfiling {len(entry_ids):,} documents: {filing:.2f} s, {per_doc:.1f} ms each "
              "(copy, hash, directory, name; text, thumbnail and audit trail PDF drawn by the "
              "indexing job)")
        print(f"the attachments an entry keeps (document and audit trail PDF) created alone, "
              f"batch by batch between the filings: {alone:.2f} s")
        print(f"filing / attachments alone: {filing / alone:.1f}")
        indexing, indexed = index_all(env)
        print("\nindexing job (pdftotext + pdftoppm + audit trail PDF, committed per batch)")
        print(f"{'indexed':>10} {'indexing (s)':>13} {'documents/s':>12} {'per doc (ms)':>13}")
        print(f"{indexed:>10,} {indexing:>13.2f} {indexed / indexing:>12.1f} "
              f"{indexing * 1000 / max(1, indexed):>13.1f}")
        print("\nfor comparison, after indexing (not interleaved with filing)")
        print(f"{'attachments created alone':>40} {'alone (s)':>10} {'filing / alone':>15}")
        for label, files in (("+ thumbnail (all an indexed entry holds)",
                              ["document", "audit_document", "thumbnail"]),
                             ("document alone (what filing writes)", ["document"])):
            alone_after = attachments_alone(env, entry_ids, files)
            print(f"{label:>40} {alone_after:>10.2f} {filing / alone_after:>15.1f}")
        pad_entries(env, target)
        searches(env, odoo)


if __name__ == "__main__":
    main()
