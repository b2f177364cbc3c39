#!/usr/bin/env python3
"""Compare a benchmark JSON with the figures table of docs/design/performance.md (issue 18, ADR-0034).

Usage:
  scripts/bench-compare.py RESULT.json [--table docs/design/performance.md] [--column NAME] [--threshold 10]

RESULT.json is what one of these wrote: `bench floor --out`, `cms bench --out`, or the JMH runner of the benchmarks
module (`java -jar benchmarks/target/evidence-benchmarks.jar --out`). Its figures are named like the rows of the
table "Figures per release" (`jmh:CmsBenchmarks.seal4KiB`, `cms:seal4KiBPerSec`, `floor:BC.signPerSec`, ...) and
compared with one column of it (default: the last one). A figure worse than the table's by more than the threshold
(percent) is named as a regression; exit status 1 when there is one, 0 otherwise. Figures are per second (higher is
better) unless the table's `better` column says `lower`. Rows without a number in that column are skipped.
Not a timed test: run it by hand on an idle machine, next to the machine and load the JSON records.
"""
import argparse
import json
import re
import sys


def flatten(doc):
    """The figures of a result file, by the table's metric names."""
    kind = doc.get("benchmark")
    out = {}
    if kind == "jmh":
        for b in doc.get("jmh", []):
            name = b["benchmark"].rsplit(".", 2)
            metric = "jmh:" + ".".join(name[-2:])
            params = b.get("params") or {}
            if params:
                metric += "[" + ",".join(f"{k}={v}" for k, v in sorted(params.items())) + "]"
            out[metric] = b["primaryMetric"]["score"]
    elif kind == "cms":
        for k, v in doc.get("figures", {}).items():
            out["cms:" + k] = v
    elif kind == "floor":
        for k, v in (doc.get("openssl") or {}).items():
            if isinstance(v, (int, float)):
                out["floor:openssl." + k] = v
        for k, v in (doc.get("fsync") or {}).items():
            out["floor:fsync." + k] = v
        for p in doc.get("jca", []):
            for k, v in p.items():
                if isinstance(v, (int, float)):
                    out["floor:" + p["provider"] + "." + k] = v
    else:
        raise SystemExit(f"unknown result kind {kind!r} (expected jmh, cms or floor)")
    return out


def number(cell):
    cell = cell.strip().replace(",", "").replace("\u202f", "").replace(" ", "")
    m = re.match(r"^[~≈]?(-?\d+(?:\.\d+)?)", cell)
    return float(m.group(1)) if m else None


def read_table(path):
    """The rows of the table whose header starts with `| metric | better |`: {metric: (better, {column: value})}."""
    lines = open(path, encoding="utf-8").read().splitlines()
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] == "metric" and cells[1] == "better":
            columns = cells[2:]
            rows = {}
            for row in lines[i + 2:]:
                if not row.strip().startswith("|"):
                    break
                r = [c.strip() for c in row.strip().strip("|").split("|")]
                metric = r[0].strip("`")
                rows[metric] = (r[1], {columns[j]: number(r[2 + j]) for j in range(min(len(columns), len(r) - 2))})
            return columns, rows
    raise SystemExit(f"no table with a header '| metric | better | ...' in {path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("result")
    ap.add_argument("--table", default="docs/design/performance.md")
    ap.add_argument("--column", help="the table column to compare with (default: the last)")
    ap.add_argument("--threshold", type=float, default=10.0, help="percent worse that counts as a regression")
    a = ap.parse_args()
    doc = json.load(open(a.result, encoding="utf-8"))
    figures = flatten(doc)
    columns, rows = read_table(a.table)
    column = a.column or columns[-1]
    if column not in columns:
        raise SystemExit(f"no column {column!r}; columns: {', '.join(columns)}")
    m = doc.get("machine", {})
    print(f"result: {a.result} ({doc.get('benchmark')}), {m.get('cores')} cores, {m.get('jvm')}, "
          f"load average {m.get('loadAverage1m')} -> {m.get('loadAverage1mAfter', '?')}")
    print(f"compared with column {column!r} of {a.table}, threshold {a.threshold:g} %")
    regressions = []
    compared = 0
    for metric, value in sorted(figures.items()):
        if metric not in rows:
            continue
        better, values = rows[metric]
        base = values.get(column)
        if base is None or base == 0:
            continue
        compared += 1
        change = (value - base) / base * 100
        worse = -change if better != "lower" else change
        flag = "REGRESSED" if worse > a.threshold else "ok"
        fmt = ",.3f" if abs(base) < 10 else ",.1f"
        print(f"  {metric:52s} {value:14{fmt}}  table {base:14{fmt}}  {change:+7.1f} %  {flag}")
        if worse > a.threshold:
            regressions.append(metric)
    if compared == 0:
        print("nothing to compare: no figure of the result has a number in that column")
    if regressions:
        print("regressed by more than %g %%: %s" % (a.threshold, ", ".join(regressions)))
        return 1
    print("no regression beyond the threshold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
