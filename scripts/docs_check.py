#!/usr/bin/python3
"""Re-runs every config whose figures README.md and docs/*.md quote, and compares each quoted number with the
fresh output at its printed precision (`make docs-check`; ctest labels `docs` and `long`).

The manifest (docs/figures.json) lists
  runs:    id -> {"config": "configs/...json", "set": ["/runs=10", ...], "long": false, "command": "run"}
           (the command is `arbiter run CONFIG --set ...`, or `arbiter sweep ...` with "command": "sweep";
           "long" runs are left out by --quick; "{out}" in a --set value is the folder of the fresh runs, so a
           run can read an earlier run's output, "/logits={out}/RUN_ID/logits.csv": select both)
  figures: [{"doc": "README.md", "quote": exact text in the doc, "number": the number as printed in the quote,
             "run": run id, how to read the fresh value, optional "compare": "le"}]
How to read the value:
  {"json": "/results/solved_runs"}                        a JSON pointer into summary.json (or "file": other.json)
      "field": "c_err"                                    where it points to a list of objects: their field
                                                          (of those matching "where" / "near", as for csv rows)
  {"csv": "results.csv", "where": {"T": 2.0}, "column": "c"}  the rows matching every "where" (numbers within 1e-9;
                                                          [lo, hi]: a range, ends included)
      "near": {"T": 0.38}                                 of those, the rows whose T is closest to 0.38
  "minus": "COL"                                          (csv or field) the column minus COL, row by row;
                                                          with "relative": true, (column - COL) / COL
  "reduce": "min" | "max" | "max_abs" | "mean" | "mode" | "count" | "argmax:COL" | "argmin:COL" | "count_ge:X" | "count_le:X"
            over the values read (a JSON list, or every matching row); without it exactly one value must be read
  "scale": a factor applied last (100 for a percentage)
A figure passes when the fresh value, rounded to the quoted number's decimals, prints as the quoted number
(a number in e-notation, 2.6e-14, to its mantissa's digits; thousands separators, 10,000, are allowed;
"compare": "le": when the fresh value so rounded is at most the quoted bound; a bound in e-notation, 2e-11, is
compared unrounded). A failure names the doc, the quoted text,
the quoted number, the fresh value and the command. Exit status: 0 all figures hold, 1 some do not, 2 a bad
manifest or a run that failed.
"""
import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ManifestError(Exception):
    pass


def decimals(number):
    m = re.fullmatch(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?(?:[eE][+-]?\d+)?", number)
    if not m:
        raise ManifestError(f"'{number}' is not a number")
    return len(m.group(1) or "")


def parse(number):
    """The quoted number's value (thousands separators dropped)."""
    return float(number.replace(",", ""))


def fmt(value, places, scientific=False):
    if scientific:  # e-notation: the mantissa to the quoted digits
        return f"{value:.{places}e}"
    text = f"{value:.{places}f}"
    if re.fullmatch(r"-0\.?0*", text):
        text = text[1:]  # -0.00 prints as 0.00
    return text


def select(rows, fig, source):
    """The rows (dicts) matching the figure's "where" and "near"."""
    def number(row, key):
        if key not in row:
            raise ManifestError(f"{source} has no column or field '{key}'")
        try:
            return float(row[key])
        except (TypeError, ValueError):
            return None

    def matches(row):
        for key, want in fig.get("where", {}).items():
            if isinstance(want, list):  # [lo, hi]: a range, ends included
                got = number(row, key)
                if got is None or not want[0] <= got <= want[1]:
                    return False
            elif isinstance(want, (int, float)):
                got = number(row, key)
                if got is None or abs(got - want) > 1e-9 * max(1.0, abs(want)):
                    return False
            elif key not in row:
                raise ManifestError(f"{source} has no column or field '{key}'")
            elif str(row[key]) != str(want):
                return False
        return True

    picked = [r for r in rows if matches(r)]
    for key, want in fig.get("near", {}).items():
        if picked:
            best = min(abs(number(r, key) - want) for r in picked)
            picked = [r for r in picked if abs(number(r, key) - want) <= best + 1e-12]
    return picked


def row_values(rows, fig, column, source):
    values = []
    for r in rows:
        if column not in r:
            raise ManifestError(f"{source} has no column or field '{column}'")
        v = float(r[column])
        if "minus" in fig:
            other = float(r[fig["minus"]])
            v = (v - other) / other if fig.get("relative") else v - other
        values.append(v)
    return values


def read_values(fig, out_dir):
    if "json" in fig:
        source = fig.get("file", "summary.json")
        with open(os.path.join(out_dir, source)) as f:
            node = json.load(f)
        for part in fig["json"].lstrip("/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        if "field" in fig:  # a list of objects: their "field", of those matching "where" / "near"
            rows = select(node, fig, source)
            return row_values(rows, fig, fig["field"], source), rows
        values = node if isinstance(node, list) else [node]
        return [float(v) for v in values], None
    if "csv" in fig:
        with open(os.path.join(out_dir, fig["csv"]), newline="") as f:
            rows = list(csv.DictReader(f))
        picked = select(rows, fig, fig["csv"])
        if rows and fig["column"] not in rows[0]:
            raise ManifestError(f"{fig['csv']} has no column '{fig['column']}'")
        return row_values(picked, fig, fig["column"], fig["csv"]), picked
    raise ManifestError("a figure needs \"json\" or \"csv\"")


def reduce_values(fig, values, rows):
    how = fig.get("reduce")
    if how is None:
        if len(values) != 1:
            raise ManifestError(f"{len(values)} values read where one was expected (add \"where\" or \"reduce\")")
        return values[0]
    if not values:
        raise ManifestError("no values read")
    if how == "min":
        return min(values)
    if how == "max":
        return max(values)
    if how == "max_abs":
        return max(abs(v) for v in values)
    if how == "mean":
        return sum(values) / len(values)
    if how == "mode":  # the most frequent value (ties: the smallest)
        counts = {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
        return min(counts, key=lambda v: (-counts[v], v))
    if how == "count":
        return float(len(values))
    if how.startswith("count_ge:"):
        return float(sum(1 for v in values if v >= float(how[9:])))
    if how.startswith("count_le:"):
        return float(sum(1 for v in values if v <= float(how[9:])))
    if how.startswith("argmax:") or how.startswith("argmin:"):
        if rows is None:
            raise ManifestError(f"{how} needs a csv source")
        pick = max if how.startswith("argmax:") else min
        i = pick(range(len(values)), key=lambda k: values[k])
        return float(rows[i][how.split(":", 1)[1]])
    raise ManifestError(f"unknown reduce '{how}'")


def run_config(arbiter, run_id, run, out_root, threads):
    out_dir = os.path.join(out_root, run_id)
    command = run.get("command", "run")
    if command not in ("run", "sweep"):
        raise RuntimeError(f"run '{run_id}': command must be run or sweep, not '{command}'")
    cmd = [arbiter, command, run["config"], "--out", out_dir, "--force", "-q"]
    sets = [s.replace("{out}", os.path.abspath(out_root)) for s in run.get("set", [])]
    for s in sets:
        cmd += ["--set", s]
    if threads:
        cmd += ["--threads", str(threads)]
    start = time.time()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    shown = " ".join(["arbiter", command, run["config"]] + [f"--set {s}" for s in sets])
    if proc.returncode != 0:
        raise RuntimeError(f"{shown} exited {proc.returncode}:\n{proc.stdout[-2000:]}")
    return out_dir, shown, time.time() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arbiter", default=os.path.join(ROOT, "build", "arbiter"), help="the arbiter binary")
    ap.add_argument("--manifest", default=os.path.join(ROOT, "docs", "figures.json"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "docs-check"), help="folder for the fresh runs")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="only the runs not marked long")
    group.add_argument("--long", action="store_true", help="only the runs marked long")
    ap.add_argument("--only", help="only runs whose id matches this regular expression")
    ap.add_argument("--threads", type=int, default=0, help="--threads for arbiter (0: every core)")
    args = ap.parse_args()

    try:
        with open(args.manifest) as f:
            manifest = json.load(f)
        runs, figures = manifest["runs"], manifest["figures"]
        docs = {}
        for fig in figures:
            if fig["run"] not in runs:
                raise ManifestError(f"figure '{fig['quote']}' names unknown run '{fig['run']}'")
            decimals(fig["number"])
            if fig["number"] not in fig["quote"]:
                raise ManifestError(f"number '{fig['number']}' is not in its quote '{fig['quote']}'")
            if fig["doc"] not in docs:
                with open(os.path.join(ROOT, fig["doc"])) as f:
                    docs[fig["doc"]] = f.read()
    except (OSError, KeyError, ValueError, ManifestError) as e:
        print(f"docs_check: bad manifest {args.manifest}: {e}", file=sys.stderr)
        return 2
    if not os.access(args.arbiter, os.X_OK):
        print(f"docs_check: no arbiter binary at {args.arbiter} (build the target `arbiter` first)", file=sys.stderr)
        return 2

    selected = [r for r in runs if (not args.quick or not runs[r].get("long")) and (not args.long or runs[r].get("long"))
                and (not args.only or re.search(args.only, r))]
    failures, checked = [], 0
    # A quote that is gone from its doc fails whether or not its run is selected: the manifest must follow the text.
    for fig in figures:
        if fig["quote"] not in docs[fig["doc"]]:
            failures.append(f"{fig['doc']}: the quoted text '{fig['quote']}' is no longer in the doc "
                            f"(update docs/figures.json)")
    for run_id in selected:
        try:
            out_dir, shown, seconds = run_config(args.arbiter, run_id, runs[run_id], args.out, args.threads)
        except RuntimeError as e:
            print(f"docs_check: {e}", file=sys.stderr)
            return 2
        print(f"{run_id}: {shown} ({seconds:.1f} s)", flush=True)
        for fig in (f for f in figures if f["run"] == run_id):
            try:
                values, rows = read_values(fig, out_dir)
                value = reduce_values(fig, values, rows) * fig.get("scale", 1.0)
            except (OSError, KeyError, IndexError, ValueError, ManifestError) as e:
                failures.append(f"{fig['doc']}: '{fig['quote']}': cannot read the fresh value of {fig['number']} "
                                f"from {out_dir}: {e}")
                continue
            checked += 1
            quoted = fig["number"]
            if fig.get("compare") == "le":  # a bound: the fresh value at the quoted precision is at most it
                if re.search(r"[eE]", quoted):
                    ok = math.isfinite(value) and value <= parse(quoted)
                else:
                    ok = math.isfinite(value) and round(value, decimals(quoted)) <= parse(quoted)
                fresh = f"{value:.3g}"
            else:
                scientific = bool(re.search(r"[eE]", quoted))
                fresh = fmt(value, decimals(quoted), scientific) if math.isfinite(value) else str(value)
                ok = fresh == fmt(parse(quoted), decimals(quoted), scientific)
            if not ok:
                failures.append(f"{fig['doc']}: '{fig['quote']}' quotes {quoted}"
                                f"{' as a bound' if fig.get('compare') == 'le' else ''}, "
                                f"the fresh run gives {fresh} ({shown})")
    for f in failures:
        print(f"STALE {f}", file=sys.stderr)
    print(f"docs_check: {checked} figures from {len(selected)} runs checked, {len(failures)} stale")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
