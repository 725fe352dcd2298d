"""Excel export of form submissions: our writer beside openpyxl's own.

Run: .venv/bin/python bench/forms_export.py [--rows 100000] [--fields 20]

Both writers get the same 100,000 rows of 20 typed values (text, numbers,
dates, booleans, choice labels, a few formula-like strings) in the same run,
each in its own process, so that peak memory (the process's maximum resident
set, from ``resource``) is its own. "openpyxl write_only" appends the plain
values, which is as fast as openpyxl goes but would turn ``=...`` into a
formula; "esign_forms writer" is ``addons/esign_forms/tools/xlsx.py`` (text
guard, header, widths, frozen pane, autofilter). Compare the two columns and
their ratio; absolute times vary between machines and runs.
"""

import argparse
import importlib.util
import io
import json
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

TOOLS = Path(__file__).resolve().parents[1] / "addons" / "esign_forms" / "tools"
POOL = 997  # distinct rows, cycled: generating the data costs both writers the same


def load_tools():
    spec = importlib.util.spec_from_file_location(
        "esign_forms_tools", TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["esign_forms_tools"] = module
    spec.loader.exec_module(module)
    return module


KINDS = ("text", "number", "date", "bool", "text")


def make_pool(fields):
    """Rows of a submission: date, contact, reference, then ``fields`` answers."""
    start = datetime(2025, 1, 1, 8, 0)
    pool = []
    for index in range(POOL):
        row = [start + timedelta(minutes=7 * index), f"Contact {index}", f"FORM-{index:06d}"]
        for column in range(fields):
            kind = KINDS[column % len(KINDS)]
            if kind == "text":
                row.append("=HYPERLINK(\"x\")" if index % 101 == column else
                           f"Answer {index}-{column} with some words")
            elif kind == "number":
                row.append(index * 1.5 + column)
            elif kind == "date":
                row.append(date(2025, 1, 1) + timedelta(days=index % 365))
            else:
                row.append(index % 2 == 0)
        pool.append(tuple(row))
    return pool


def rows(count, pool):
    return (pool[index % POOL] for index in range(count))


def run_openpyxl(count, fields):
    pool = make_pool(fields)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Form")
    sheet.append(["Submitted on", "Contact", "Reference"] + [f"Field {n}" for n in range(fields)])
    for row in rows(count, pool):
        sheet.append(row)
    workbook.save(io.BytesIO())


def run_ours(count, fields):
    load_tools()
    from esign_forms_tools import xlsx  # noqa: PLC0415 - registered by load_tools()

    pool = make_pool(fields)
    columns = (xlsx.Column("Submitted on", "datetime"), xlsx.Column("Contact"),
               xlsx.Column("Reference")) + tuple(
        xlsx.Column(f"Field {n}", KINDS[n % len(KINDS)]) for n in range(fields))
    xlsx.write_workbook(io.BytesIO(), [xlsx.Sheet("Form", columns, rows(count, pool))])


def child(writer, count, fields):
    """Run one writer in this process and print its time and peak memory."""
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    {"openpyxl": run_openpyxl, "ours": run_ours}[writer](count, fields)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_mb": peak / 1024,
                      "added_mb": (peak - baseline) / 1024}))


def measure(writer, count, fields):
    output = subprocess.run(
        [sys.executable, __file__, "--child", writer, "--rows", str(count),
         "--fields", str(fields)], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--fields", type=int, default=20)
    parser.add_argument("--child", choices=("openpyxl", "ours"))
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows, args.fields)
        return
    print(f"{args.rows} submissions x {args.fields} fields (+ date, contact, reference)")
    results = {}
    for writer, label in (("openpyxl", "openpyxl write_only"), ("ours", "esign_forms writer")):
        results[writer] = measure(writer, args.rows, args.fields)
        print(f"{label:22} {results[writer]['seconds']:7.2f} s  "
              f"peak RSS {results[writer]['peak_mb']:6.1f} MB "
              f"(+{results[writer]['added_mb']:.1f} MB while writing)")
    ratio = results["ours"]["seconds"] / results["openpyxl"]["seconds"]
    print(f"time ratio ours/openpyxl: {ratio:.2f} (target <= 1.2); "
          f"peak memory target < 150 MB: {'met' if results['ours']['peak_mb'] < 150 else 'MISSED'}")


if __name__ == "__main__":
    main()
