"""The suite runner behind scripts/test.

Stages, in order:

- ``lint``: ``ruff check addons tests bench`` and pylint with pylint-odoo over
  the four addons (each tool counts as one test);
- ``unit``: ``pytest tests/unit``, the framework-free suite;
- ``odoo``: the four addons installed on a fresh database with
  ``--test-enable``, counted from Odoo's own result line;
- ``e2e``: ``pytest tests/e2e`` against a real Odoo server on that database.

No stage may run zero tests, skip a test, or leave ERROR lines in the Odoo
log. The database and its filestore are dropped at the end, also on failure
or interruption. The last line printed is "N passed, N failed".

Environment: ODOO_PATH (Odoo's source), ESIGN_ODOO_TIMEOUT and
ESIGN_E2E_TIMEOUT (seconds per stage), ESIGN_KEEP_DB=1 (keep the database
for a look afterwards). Logs and reports go to var/runs/<database>/.
"""

import argparse
import os
import re
import shutil
import signal
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
STAGES = ["lint", "unit", "odoo", "e2e"]
# Odoo's own suites run beside ours, to show that installing our addons
# breaks nothing in the modules they extend (see the README for the choice).
ODOO_OWN_SUITES = os.environ.get(
    "ESIGN_ODOO_OWN_SUITES",
    "/crm,/portal,/mail,-/mail:TestBusPresence,-/mail:TestMailPublicPage").split(",")
RUNS = ROOT / "var" / "runs"
KEEP_RUNS = 5

RESULT_LINE = re.compile(
    r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests")
RAN_LINE = re.compile(r"odoo\.addons\.(\w+)\.tests\.\S+: Starting ")
SKIPPED_LINE = re.compile(r"odoo\.addons\.(\w+)\.tests\.\S+: skipped (.*)")
LEVEL = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
FAILED_TEST = re.compile(r" ERROR \S+ (odoo\.addons\.\S+: (?:FAIL|ERROR): .*)$")


class Interrupted(Exception):
    pass


def _interrupt(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


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


def banner(text):
    print(f"\n===== {text} =====", flush=True)


def run(command, log=None, env=None, timeout=None):
    """Run a command in its own process group; kill the group on timeout or
    interruption. Returns the exit code (124 on timeout)."""
    print("$", " ".join(str(c) for c in command), flush=True)
    handle = open(log, "w") if log else None
    try:
        process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True,
                                   stdout=handle, stderr=subprocess.STDOUT if handle else None)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            print(f"!! timed out after {timeout}s: {command[:3]}", flush=True)
            _kill_group(process)
            return 124
        except BaseException:
            _kill_group(process)
            raise
    finally:
        if handle:
            handle.close()


def _kill_group(process):
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
            process.wait(wait)
            return
        except (ProcessLookupError, subprocess.TimeoutExpired):
            continue


def lint(_ctx):
    stage = Stage("lint")
    banner("lint: ruff")
    if run([PY, "-m", "ruff", "check", "addons", "tests", "bench"]) == 0:
        stage.passed += 1
    else:
        stage.fail("ruff reported problems (above)")
    banner("lint: pylint-odoo")
    pylint = [PY, "-m", "pylint", "--rcfile", str(ROOT / ".pylintrc"),
              *[str(ROOT / "addons" / addon) for addon in ADDONS]]
    if run(pylint) == 0:
        stage.passed += 1
    else:
        stage.fail("pylint-odoo reported problems (above)")
    return stage


def pytest_stage(name, path, ctx, env=None, timeout=None):
    stage = Stage(name)
    banner(f"{name}: pytest {path.relative_to(ROOT)}")
    report = ctx.dir / f"{name}.xml"
    code = run([PY, "-m", "pytest", str(path), "-q", "-rfEs", "-p", "no:cacheprovider",
                f"--junitxml={report}"], env=env, timeout=timeout)
    if code == 5:
        stage.fail("no test was collected (pytest exit 5)")
        return stage
    if not report.exists():
        stage.fail(f"pytest wrote no report (exit {code})")
        return stage
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in ET.parse(report).getroot().iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    bad = totals["failures"] + totals["errors"]
    stage.passed += totals["tests"] - bad - totals["skipped"]
    if bad:
        stage.fail(f"{bad} test(s) failed (above)", bad)
    if totals["skipped"]:
        stage.fail(f"{totals['skipped']} test(s) skipped: nothing may be skipped",
                   totals["skipped"])
    if totals["tests"] == 0:
        stage.fail("no test ran")
    elif code != 0 and not stage.failed:
        stage.fail(f"pytest exited {code}")
    return stage


def addons_with_tests():
    """esign_base always; any other addon once it has a tests package."""
    return [addon for addon in ADDONS if addon == "esign_base"
            or (ROOT / "addons" / addon / "tests" / "__init__.py").exists()]


def odoo_suites(ctx):
    stage = Stage("odoo")
    banner(f"odoo: install the four addons with their tests on a fresh database {ctx.db}")
    log = ctx.dir / "odoo-tests.log"
    # As an integrator runs it: a stock odoo-bin command line, no project
    # configuration file, Odoo's own suites of the modules we extend beside
    # ours. Demo data is left out: it only slows the install, and the tests
    # make their own records. Odoo creates the missing database itself.
    command = [PY, str(ODOO_PATH / "odoo-bin"),
               f"--addons-path={ODOO_PATH / 'odoo' / 'addons'},{ROOT / 'addons'}",
               f"--data-dir={ctx.data_dir}", "-d", ctx.db, "-i", ",".join(ADDONS),
               "--without-demo=all", "--test-enable",
               "--test-tags", ",".join([f"/{addon}" for addon in ADDONS] + ODOO_OWN_SUITES),
               "--stop-after-init", "--log-level=test", "--max-cron-threads=0",
               f"--http-port={free_port()}"]
    started = time.time()
    code = run(command, log=log, timeout=int(os.environ.get("ESIGN_ODOO_TIMEOUT", 2700)))
    print(f"(odoo-bin exited {code} after {time.time() - started:.0f}s; log: {log})")
    text = log.read_text(errors="replace")
    lines = text.splitlines()

    results = RESULT_LINE.findall(text)
    all_skipped = SKIPPED_LINE.findall(text)
    # Ours may never skip; Odoo's own suites skip what needs demo data or
    # other modules: those are neither counted as passed nor as failed.
    skipped = [why for addon, why in all_skipped if addon in ADDONS]
    theirs_skipped = len(all_skipped) - len(skipped)
    failed = sum(int(f) + int(e) for f, e, _t in results)
    total = sum(int(t) for _f, _e, t in results)
    stage.passed += total - failed - len(all_skipped)
    if theirs_skipped:
        stage.notes.append(f"{theirs_skipped} test(s) of Odoo's own suites skipped themselves "
                           "(not counted)")
    if not results:
        stage.fail("Odoo printed no test result line (odoo.tests.result): it stopped early")
    if failed:
        names = [m.group(1) for line in lines if (m := FAILED_TEST.search(line))]
        stage.fail(f"{failed} Odoo test(s) failed or errored:\n    " + "\n    ".join(names[:20]),
                   failed)
    if skipped:
        stage.fail("skipped (nothing may be skipped):\n    " + "\n    ".join(skipped),
                   len(skipped))
    ran = set(RAN_LINE.findall(text))
    for addon in addons_with_tests():
        if addon not in ran:
            stage.fail(f"{addon}: no Odoo test ran (0 tests executed)")
    problems = [line for line in lines if LEVEL.match(line) and "odoo.tests.result" not in line]
    if problems and not failed:
        stage.fail("ERROR/CRITICAL lines in the Odoo log:\n    " + "\n    ".join(problems[:15]))
    for marker in ("Some modules are not loaded", "Failed to load registry",
                   "Some modules have inconsistent states"):
        if marker in text:
            stage.fail(f"the Odoo log says: {marker}")
    installed = subprocess.run(
        ["psql", "-d", ctx.db, "-Atqc",
         "select name from ir_module_module where state = 'installed' and name like 'esign%'"],
        capture_output=True, text=True, check=False).stdout.split()
    for addon in ADDONS:
        if addon not in installed:
            stage.fail(f"{addon} did not reach the state installed")
    if code != 0 and not stage.failed:
        stage.fail(f"odoo-bin exited {code}")
    if stage.failed:
        print("\n--- last lines of the Odoo log ---\n" + "\n".join(lines[-40:]), flush=True)
    ctx.db_ready = all(addon in installed for addon in ADDONS)
    return stage


def e2e(ctx):
    if not ctx.db_ready:
        stage = Stage("e2e")
        stage.fail("not run: the database with the four addons is not there")
        return stage
    env = dict(os.environ, ESIGN_E2E_DB=ctx.db, ESIGN_E2E_PORT=str(free_port()),
               ESIGN_E2E_DATA_DIR=str(ctx.data_dir), ESIGN_E2E_LOG=str(ctx.dir / "e2e-server.log"),
               ODOO_PATH=str(ODOO_PATH))
    return pytest_stage("e2e", ROOT / "tests" / "e2e", ctx, env=env,
                        timeout=int(os.environ.get("ESIGN_E2E_TIMEOUT", 1200)))


class Context:
    def __init__(self):
        self.db = f"esign_test_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}"
        self.dir = RUNS / self.db
        self.data_dir = self.dir / "data"
        self.db_ready = False


def drop(ctx):
    if os.environ.get("ESIGN_KEEP_DB"):
        print(f"(kept database {ctx.db}: ESIGN_KEEP_DB is set)")
        return
    subprocess.run(["dropdb", "--if-exists", "--force", ctx.db], check=False)
    shutil.rmtree(ctx.data_dir, ignore_errors=True)


def prune_old_runs():
    runs = sorted(path for path in RUNS.glob("esign_test_*") if path.is_dir())
    for path in runs[:-KEEP_RUNS]:
        shutil.rmtree(path, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stages", default=",".join(STAGES),
                        help="comma-separated subset of " + ",".join(STAGES))
    wanted = parser.parse_args().stages.split(",")
    unknown = set(wanted) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    if "e2e" in wanted and "odoo" not in wanted:
        parser.error("e2e runs on the database the odoo stage builds: ask for both")

    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    ctx = Context()
    ctx.dir.mkdir(parents=True, exist_ok=True)
    prune_old_runs()
    started = time.time()
    steps = {"lint": lint, "unit": lambda c: pytest_stage("unit", ROOT / "tests" / "unit", c),
             "odoo": odoo_suites, "e2e": e2e}
    stages = []
    try:
        for name in STAGES:
            if name in wanted:
                begun = time.time()
                stages.append(steps[name](ctx))
                stages[-1].seconds = time.time() - begun
    except (KeyboardInterrupt, Interrupted) as why:
        stage = Stage("interrupted")
        stage.fail(f"the run was interrupted ({why or 'SIGINT'})")
        stage.seconds = 0
        stages.append(stage)
    finally:
        if "odoo" in wanted:
            drop(ctx)

    print(f"\n===== Summary ({time.time() - started:.0f}s, logs in {ctx.dir}) =====")
    for stage in stages:
        status = "FAILED" if stage.failed else "ok"
        print(f"  {stage.name:<6} {stage.passed:>4} passed, {stage.failed:>3} failed"
              f"  ({stage.seconds:.0f}s)  {status}")
        for note in stage.notes:
            print(f"         ! {note}")
    passed = sum(stage.passed for stage in stages)
    failed = sum(stage.failed for stage in stages)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
