"""The demo database ``scripts/start`` builds, as a visitor of the demo sees it.

The four addons are installed with their demo data into a database of their
own (as ``scripts/start`` does), then served: the archive holds the demo
deal's sealed quotation, filed by the demo rule and indexed by the
background job; the demo form is published and answers at its public link
with its two demo submissions listed.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


ADDONS = "esign_base,esign_crm,esign_archive,esign_forms"
INDEX_TIMEOUT = 120  # the indexing job runs right after the install's commit


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, odoo_tools):
    # A name of its own: never the database scripts/start serves.
    db = f"esign_e2e_demo_{os.getpid()}"
    data_dir = os.environ.get("ESIGN_E2E_DATA_DIR")
    odoo_paths, running_server = odoo_tools
    odoo_bin, addons_path = odoo_paths()
    log = tmp_path_factory.mktemp("demo") / "server.log"
    install = [sys.executable, str(odoo_bin), "-c", str(ROOT / "odoo.conf"),
               f"--addons-path={addons_path}", "-d", db, "-i", ADDONS, "--stop-after-init",
               "--max-cron-threads=0", "--log-level=warn"]
    if data_dir:
        install.append(f"--data-dir={data_dir}")
    try:
        done = subprocess.run(install, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        with running_server(db, _free_port(), log, data_dir) as server:
            yield server
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)


def _wait_for(check, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = check()
        if found:
            return found
        time.sleep(1)
    pytest.fail(f"{what} within {timeout}s")


def test_the_demo_deal_is_filed_and_indexed_in_the_demo_tree(demo_server):
    names = demo_server.execute("esign.archive.directory", "search_read", [],
                                fields=["complete_name", "legal_hold"])
    paths = {directory["complete_name"] for directory in names}
    assert {"Contracts", "Contracts / Framework agreements", "Human resources"} <= paths, paths
    assert [d["legal_hold"] for d in names if d["complete_name"] == "Human resources"] == [True]
    signed = demo_server.execute("esign.request", "search_read",
                                 [("seal_state", "=", "done")], fields=["name"])
    assert signed, "the CRM demo seals one quotation"
    entries = demo_server.execute("esign.archive.entry", "search_read",
                                  [("request_id", "in", [r["id"] for r in signed])],
                                  fields=["directory_id", "sha256"])
    assert len(entries) == len(signed), "each sealed demo request is filed"
    year = time.strftime("%Y")
    assert entries[0]["directory_id"][1] == f"Contracts / {year} / Northwind Traders", (
        "filed under the customer, not the employee who signed for the company")

    def indexed():
        return demo_server.execute("esign.archive.entry", "search_read",
                                   [("id", "=", entries[0]["id"]),
                                    ("index_state", "=", "indexed")], fields=["thumbnail"])
    [entry] = _wait_for(indexed, INDEX_TIMEOUT, "the indexing job did not index the demo entry")
    assert entry["thumbnail"], "the kanban shows a thumbnail of the first page"
    found = demo_server.execute("esign.archive.entry", "search_count",
                                [("text_search", "ilike", "licences")])
    assert found >= 1, "the text of the demo quotation is searchable"


def test_the_demo_form_answers_at_its_public_link(demo_server):
    [form] = demo_server.execute("esign.form", "search_read",
                                 [("name", "=", "Customer day registration")],
                                 fields=["public_url", "submission_count", "public_state"])
    assert form["public_state"] == "open"
    assert form["submission_count"] == 2
    with urllib.request.urlopen(form["public_url"], timeout=30) as page:
        html = page.read().decode()
    assert page.status == 200
    assert "Customer day registration" in html and "Number of attendees" in html
