"""The suite runner behind scripts/test.

Stages, in order: lint (ruff, pylint-odoo), the framework-free suite
(pytest tests/unit), the Odoo suites of the four addons on a fresh database,
and the end-to-end flow (pytest tests/e2e) against a real Odoo server on the
same database. Every stage must run tests; none may be skipped. The last
line is "N passed, N failed".
"""

import os
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ODOO_PATH = Path(os.environ.get("ODOO_PATH", "/opt/odoo"))
PY = sys.executable
ADDONS = ["esign_base", "esign_crm", "esign_archive", "esign_forms"]
# Addons whose Odoo suite must run at least one test (the others are shells
# until their own issues add models).
ADDONS_WITH_TESTS = ["esign_base"]
VAR = ROOT / "var"
RESULT_LINE = re.compile(r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests")
MODULE_LINE = re.compile(r"Module (\w+): (\d+) failures?, (\d+) errors? of (\d+) tests")
RAN_LINE = re.compile(r"odoo\.addons\.(\w+)\.tests\.\S+: Starting ")
SKIPPED_LINE = re.compile(r"odoo\.addons\.\w+\.tests\.\S+: skipped (.*)")


class Stage:
    def __init__(self, name):
        self.name, self.passed, self.failed, self.notes = name, 0, 0, []

    def fail(self, note, count=1):
        self.failed += count
        self.notes.append(note)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, log=None, env=None):
    print("$", " ".join(str(c) for c in command), flush=True)
    if log:
        with open(log, "w") as handle:
            return subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, env=env,
                                  cwd=ROOT, check=False).returncode
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode


def lint():
    stage = Stage("lint")
    if run([PY, "-m", "ruff", "check", "addons", "tests", "bench"]) == 0:
        stage.passed += 1
    else:
        stage.fail("ruff reported errors")
    pylint = [PY, "-m", "pylint", "--rcfile", str(ROOT / ".pylintrc"),
              *[str(ROOT / "addons" / addon) for addon in ADDONS]]
    if run(pylint) == 0:
        stage.passed += 1
    else:
        stage.fail("pylint-odoo reported errors")
    return stage


def pytest_stage(name, path, env=None):
    stage = Stage(name)
    VAR.mkdir(exist_ok=True)
    report = VAR / f"{name}.xml"
    report.unlink(missing_ok=True)
    code = run([PY, "-m", "pytest", str(path), "-q", "-p", "no:cacheprovider",
                f"--junitxml={report}"], env=env)
    if not report.exists():
        stage.fail(f"pytest wrote no report (exit {code})")
        return stage
    suites = ET.parse(report).getroot()
    totals = {key: 0 for key in ("tests", "failures", "errors", "skipped")}
    for suite in suites.iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    stage.failed += totals["failures"] + totals["errors"]
    stage.passed += totals["tests"] - totals["failures"] - totals["errors"] - totals["skipped"]
    if totals["skipped"]:
        stage.fail(f"{totals['skipped']} test(s) skipped: nothing may be skipped",
                   totals["skipped"])
    if totals["tests"] == 0 or code == 5:
        stage.fail("no test ran")
    elif code != 0 and not stage.failed:
        stage.fail(f"pytest exited {code}")
    return stage


def odoo_suites(db):
    stage = Stage("odoo")
    log = VAR / "odoo-tests.log"
    command = [PY, str(ODOO_PATH / "odoo-bin"), "-c", str(ROOT / "odoo.conf"),
               f"--addons-path={ODOO_PATH / 'odoo' / 'addons'},{ROOT / 'addons'}",
               "-d", db, "-i", ",".join(ADDONS), "--without-demo=all", "--test-enable",
               "--test-tags", ",".join(f"/{addon}" for addon in ADDONS),
               "--stop-after-init", "--log-level=test", "--max-cron-threads=0",
               f"--http-port={free_port()}"]
    code = run(command, log=log)
    text = log.read_text(errors="replace")
    results = RESULT_LINE.findall(text)
    if results:
        failed = sum(int(f) + int(e) for f, e, _t in results)
        total = sum(int(t) for _f, _e, t in results)
        stage.failed += failed
        stage.passed += total - failed
    skipped = SKIPPED_LINE.findall(text)
    if skipped:
        stage.fail("skipped (nothing may be skipped):\n    " + "\n    ".join(skipped),
                   len(skipped))
    for addon in ADDONS_WITH_TESTS:
        if addon not in set(RAN_LINE.findall(text)):
            stage.fail(f"{addon}: no Odoo test ran")
    problems = [line for line in text.splitlines()
                if re.search(r" (ERROR|CRITICAL) ", line) and "odoo.tests.result" not in line]
    if problems and not stage.failed:
        stage.fail("errors in the Odoo log:\n    " + "\n    ".join(problems[:10]))
    if "Some modules are not loaded" in text or "Failed to load registry" in text:
        stage.fail("modules failed to load")
    installed = subprocess.run(
        ["psql", "-d", db, "-Atqc",
         "select name from ir_module_module where state = 'installed' and name like 'esign_%'"],
        capture_output=True, text=True, check=False).stdout.split()
    for addon in ADDONS:
        if addon not in installed:
            stage.fail(f"{addon} is not installed")
    if code != 0 and not stage.failed:
        stage.fail(f"odoo-bin exited {code}")
    print(f"(Odoo log: {log})")
    return stage


def main():
    VAR.mkdir(exist_ok=True)
    db = f"esign_test_{os.getpid()}_{int(time.time())}"
    stages = [lint(), pytest_stage("unit", ROOT / "tests" / "unit")]
    try:
        stages.append(odoo_suites(db))
        env = dict(os.environ, ESIGN_E2E_DB=db, ODOO_PATH=str(ODOO_PATH),
                   ESIGN_E2E_PORT=str(free_port()))
        stages.append(pytest_stage("e2e", ROOT / "tests" / "e2e", env=env))
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)
    print("\n== Summary")
    for stage in stages:
        print(f"  {stage.name:<6} {stage.passed} passed, {stage.failed} failed")
        for note in stage.notes:
            print(f"         ! {note}")
    passed = sum(stage.passed for stage in stages)
    failed = sum(stage.failed for stage in stages)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
