#!/usr/bin/env python3
"""Recall and precision of `confgate validate` on the shared corpus (bench/validate.sh).

usage: recall.py CORPUS_DIR REPORT.json [--summary OUT.json] [--examples N]
                 [--validate-out NAME=FILE]... [--check-jsonschema NAME=FILE]...

REPORT.json is confgate's JSON report (docs/report-json.md) of
`confgate validate --schema CORPUS_DIR/schemas/service.schema.json --format json services`
run in CORPUS_DIR, so that its `file` fields are relative to CORPUS_DIR like the
manifest's. The peers' outputs (validate_py.py lines, check-jsonschema -o json)
are scored the same way, as a check of the manifest and of the matching.

What is counted: the manifest items of category `schema_violation` (one per
file, 9 kinds). Secrets and parity items are not schema violations (their files
are valid against the schema) and are not counted; their files fall under "other
files", which must have no finding.

An injected violation is *found* when the report has a `schema-*` finding in its
file whose pointer is the item's `instance_pointer`, its `pointer` (the
offending key of an `additionalProperties` item), or below `instance_pointer`
(the best-matching `oneOf` branch's errors). It is *exact* when, beyond that, the
finding has the rule and pointer the issue asks for:

    kind                  rule                           pointer
    additionalProperties  schema-additional-properties   the offending key (`pointer`)
    required              schema-required                the mapping (`instance_pointer`)
    oneOf                 any schema-* rule              at or below `instance_pointer`
    others (type, ...)    schema-<kind> (kebab case)     `instance_pointer`

and its line is checked against the manifest's `line` (line of the key; for a
missing key, the line of its parent's key); a YAML block mapping reported on
the next line, where its first entry starts, is counted apart. Every other finding is a *false finding*
(file without injected violation) or an *extra finding* (a second finding on a
file with one injected violation).

Exit status: 0 recall 100% and no false finding, 1 otherwise, 2 bad input.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

SCHEMA_CATEGORY = "schema_violation"


def norm(path):
    p = os.path.normpath(path)
    return p[2:] if p.startswith("./") else p


def kebab(name):
    return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), name)


def under(ptr, base):
    return ptr == base or ptr.startswith(base + "/")


def expected(item):
    """(rule or None for any schema-* rule, pointer, below allowed)"""
    k = item["kind"]
    if k == "additionalProperties":
        return "schema-additional-properties", item["pointer"], False
    if k == "oneOf":
        return None, item["instance_pointer"], True
    return "schema-" + kebab(k), item["instance_pointer"], False


def located(item, ptr):
    return ptr in (item["instance_pointer"], item["pointer"]) or under(ptr, item["instance_pointer"])


def is_exact(item, f):
    rule, ptr, below = expected(item)
    if rule is not None and f["rule"] != rule:
        return False
    return under(f["pointer"], ptr) if below else f["pointer"] == ptr


def load_manifest(corpus):
    path = os.path.join(corpus, "MANIFEST.json")
    try:
        m = json.load(open(path))
    except (OSError, ValueError) as exc:
        sys.exit(f"recall.py: cannot read {path}: {exc}")
    return m


def fmt_finding(f):
    loc = f"{f['file']}:{f.get('line')}:{f.get('column')}"
    return f"{loc} {f['rule']} {json.dumps(f.get('pointer'))}: {f.get('message')}"


def score_confgate(report, items, all_files, n_examples):
    findings = report.get("findings", [])
    for f in findings:
        f["file"] = norm(f.get("file") or "")
        f.setdefault("pointer", None)
    by_file = defaultdict(list)
    for f in findings:
        by_file[f["file"]].append(f)
    kinds = Counter(it["kind"] for it in items)
    inj = {it["file"]: it for it in items}
    found, exact, line_ok, judged = Counter(), Counter(), Counter(), Counter()
    matched_ids = set()
    misses, inexact, line_bad, line_next, samples = [], [], [], [], {}
    for it in items:
        cands = [f for f in by_file.get(it["file"], [])
                 if f["rule"].startswith("schema-") and isinstance(f["pointer"], str)
                 and located(it, f["pointer"])]
        if not cands:
            misses.append((it, by_file.get(it["file"], [])))
            continue
        found[it["kind"]] += 1
        ex = [f for f in cands if is_exact(it, f)]
        best = (ex or cands)[0]
        matched_ids.update(id(f) for f in cands)
        samples.setdefault(it["kind"], (it, best))
        if ex:
            exact[it["kind"]] += 1
        else:
            inexact.append((it, cands))
        # The line is judged on a finding at the manifest's own node (deeper
        # findings, a oneOf branch's errors, are not judged). A YAML block
        # mapping reported where its first entry starts, the line after its
        # key, is counted apart.
        at = [f for f in ex or cands if f["pointer"] in (it["instance_pointer"], it["pointer"])]
        if at:
            judged[it["kind"]] += 1
            got = at[0].get("line")
            if got == it["line"]:
                line_ok[it["kind"]] += 1
            elif got == it["line"] + 1 and it["kind"] in ("required", "oneOf") \
                    and not it["file"].endswith(".json"):
                line_next.append((it, at[0]))
            else:
                line_bad.append((it, at[0]))
    false = [f for f in findings if f["file"] not in inj]
    extra = [f for f in findings if f["file"] in inj and id(f) not in matched_ids]
    n = len(items)
    n_found = sum(found.values())
    summary = {
        "injected": n, "found": n_found, "exact": sum(exact.values()),
        "line_match": sum(line_ok.values()), "line_judged": sum(judged.values()),
        "line_next": len(line_next),
        "recall_pct": round(100.0 * n_found / n, 2) if n else 100.0,
        "findings": len(findings), "matched_findings": len(matched_ids),
        "precision_pct": round(100.0 * len(matched_ids) / len(findings), 2) if findings else 100.0,
        "false_findings": len(false), "false_files": len({f["file"] for f in false}),
        "extra_findings": len(extra),
        "report_files": report.get("summary", {}).get("files"),
        "corpus_files": all_files,
        "per_kind": {k: {"injected": kinds[k], "found": found[k], "exact": exact[k],
                         "line_match": line_ok[k], "line_judged": judged[k]} for k in sorted(kinds)},
        "rules": dict(Counter(f["rule"] for f in findings).most_common()),
    }

    out = []
    p = out.append
    p(f"confgate validate: {n_found}/{n} injected schema violations found "
      f"({summary['recall_pct']}%), {summary['exact']} with the expected rule and pointer, "
      f"{summary['line_match']} of {summary['line_judged']} judged at the manifest's line"
      + (f" ({len(line_next)} one line below)" if line_next else ""))
    p(f"  findings: {len(findings)} in all; {len(matched_ids)} on an injected violation "
      f"(precision {summary['precision_pct']}%), {len(extra)} extra on injected files, "
      f"{len(false)} on {summary['false_files']} other files")
    p(f"  files in the report: {summary['report_files']} (corpus: {all_files})")
    p("")
    p(f"  {'kind':<22} {'injected':>8} {'found':>6} {'exact':>6} {'line ok':>9}  expected rule @ pointer")
    for k in sorted(kinds):
        it0 = next(it for it in items if it["kind"] == k)
        rule, ptr, below = expected(it0)
        where = {"additionalProperties": "the key", "oneOf": "at/below the value"}.get(k, "the value")
        if k == "required":
            where = "the mapping"
        p(f"  {k:<22} {kinds[k]:>8} {found[k]:>6} {exact[k]:>6} {str(line_ok[k]) + '/' + str(judged[k]):>9}  "
          f"{rule or 'schema-* (best branch)'} @ {where}")
    p(f"  rules reported: " + ", ".join(f"{r} {c}" for r, c in summary["rules"].items()))

    def section(title, rows):
        if rows:
            p("")
            p(f"  {title} ({len(rows)}; first {min(n_examples, len(rows))}):")
            for r in rows[:n_examples]:
                p("    " + r)

    section("MISSED", [f"{it['file']} {it['kind']} {it['pointer']} (line {it['line']}; {it['detail']})"
                       + (f"; confgate said: {fmt_finding(fs[0])}" if fs else "; no finding in the file")
                       for it, fs in misses])
    section("FALSE findings on files without an injected violation", [fmt_finding(f) for f in false])
    section("EXTRA findings on injected files", [fmt_finding(f) for f in extra])
    section("found but not with the expected rule/pointer",
            [f"{it['kind']} {it['pointer']}: got {fmt_finding(fs[0])}" for it, fs in inexact])
    section("found at another line than the manifest's",
            [f"{it['kind']} {it['file']} manifest line {it['line']}: got {fmt_finding(f)}"
             for it, f in line_bad])
    section("one line below the manifest's: a YAML block mapping reported at its first entry, "
            "not at its key", [f"{it['kind']} {it['file']} manifest line {it['line']}: got {fmt_finding(f)}"
                               for it, f in line_next])
    p("")
    p("  one message per kind:")
    for k in sorted(samples):
        it, f = samples[k]
        p(f"    {k:<21} {fmt_finding(f)}")
    return summary, out


def score_peer(name, errors, items):
    """errors: list of (file, pointer) from a peer tool."""
    by_file = defaultdict(set)
    for f, ptr in errors:
        by_file[norm(f)].add(ptr)
    inj = {it["file"] for it in items}
    found = sum(1 for it in items if any(located(it, ptr) for ptr in by_file.get(it["file"], ())))
    false_files = sorted(set(by_file) - inj)
    return {"tool": name, "injected": len(items), "found": found, "errors": len(errors),
            "false_files": len(false_files), "false_examples": false_files[:3]}


def jsonpath_to_pointer(path):
    # check-jsonschema's "$.a.b[3].c" / "$['a.b']" -> "/a/b/3/c"
    if path in ("$", ""):
        return ""
    parts = re.finditer(r"\.([^.\[]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]", path[1:])
    return "".join("/" + (m.group(1) or m.group(2) or m.group(3)).replace("~", "~0").replace("/", "~1")
                   for m in parts)


def read_validate_out(path):
    errs = []
    for line in open(path, errors="replace"):
        if "::" in line:
            f, rest = line.split("::", 1)
            errs.append((f, rest.split(": ", 1)[0]))
    return errs


def read_cjs(path):
    d = json.load(open(path))
    errs = [(e["filename"], jsonpath_to_pointer(e["path"])) for e in d.get("errors", [])]
    errs += [(e["filename"], "<parse error>") for e in d.get("parse_errors", [])]
    return errs


def main():
    ap = argparse.ArgumentParser(description="recall/precision of confgate validate on the corpus")
    ap.add_argument("corpus")
    ap.add_argument("report")
    ap.add_argument("--summary", help="write the numbers as JSON here")
    ap.add_argument("--examples", type=int, default=5, help="examples per section (default 5)")
    ap.add_argument("--validate-out", action="append", default=[], metavar="NAME=FILE")
    ap.add_argument("--check-jsonschema", action="append", default=[], metavar="NAME=FILE")
    a = ap.parse_args()
    m = load_manifest(a.corpus)
    items = [it for it in m["items"] if it["category"] == SCHEMA_CATEGORY]
    other = Counter(it["category"] for it in m["items"] if it["category"] != SCHEMA_CATEGORY)
    try:
        report = json.load(open(a.report))
        assert isinstance(report.get("findings"), list)
    except (OSError, ValueError, AssertionError) as exc:
        print(f"recall.py: {a.report} is not a confgate JSON report ({exc!r})", file=sys.stderr)
        return 2
    summary, lines = score_confgate(report, items, m["totals"]["files"], a.examples)
    summary["not_counted"] = dict(other)
    print(f"counted: {len(items)} manifest items of category {SCHEMA_CATEGORY} "
          f"({len(Counter(it['kind'] for it in items))} kinds, one per file); not counted: "
          + ", ".join(f"{c} {k}" for k, c in sorted(other.items()))
          + " (not schema violations: their files must have no finding)")
    print("\n".join(lines))
    peers = []
    for spec, reader in [(s, read_validate_out) for s in a.validate_out] + \
                        [(s, read_cjs) for s in a.check_jsonschema]:
        name, _, path = spec.partition("=")
        try:
            peers.append(score_peer(name, reader(path), items))
        except (OSError, ValueError, KeyError) as exc:
            peers.append({"tool": name, "error": repr(exc)})
    if peers:
        print("")
        print("  peers, same matching (a check of the manifest and of this script):")
        for r in peers:
            if "error" in r:
                print(f"    {r['tool']:<24} cannot read its output: {r['error']}")
            else:
                print(f"    {r['tool']:<24} {r['found']}/{r['injected']} found, {r['errors']} errors, "
                      f"{r['false_files']} other files flagged"
                      + (f" (e.g. {', '.join(r['false_examples'])})" if r["false_files"] else ""))
    summary["peers"] = peers
    if a.summary:
        with open(a.summary, "w") as fh:
            json.dump(summary, fh, indent=1)
    ok = summary["found"] == summary["injected"] and summary["false_findings"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
