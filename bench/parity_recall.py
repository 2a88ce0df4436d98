#!/usr/bin/env python3
"""Recall and precision of confgate's parity findings on the shared corpus (bench/environments.sh).

usage: parity_recall.py CORPUS_DIR REPORT.json [--summary OUT.json] [--examples N]

REPORT.json is confgate's JSON report (docs/report-json.md) of
`confgate lint --format json --fail-on never services` run in CORPUS_DIR, so its
`file` fields are relative to CORPUS_DIR like the manifest's.

What is counted: the manifest items of category `parity`. Those without
`incidental` are the problems the generator injected on purpose (a key set in
development and staging but not production; an integer turned into a string in
production): every one must be found. Those with `incidental: true` are
differences that an injected schema violation or secret in one overlay brings
with it (a misspelt key exists in one environment only): a finding on them is
allowed, not required.

A finding is one of category `parity`. It matches an item when it is in the
item's service (the folder under services/) and has the item's `pointer`
(findings carry the pointer in their own file, which for these corpus files is
the resolved path). Every parity finding that matches no item is a *false
finding*.

Exit status: 0 every problem found and no false finding, 1 otherwise, 2 bad input.
"""
import argparse
import collections
import json
import sys


def service_of(path):
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "services" else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("report")
    ap.add_argument("--summary")
    ap.add_argument("--examples", type=int, default=10)
    args = ap.parse_args()
    try:
        manifest = json.load(open(f"{args.corpus}/MANIFEST.json"))
        report = json.load(open(args.report))
    except (OSError, ValueError) as e:
        print(f"parity_recall.py: {e}", file=sys.stderr)
        return 2
    items = [it for it in manifest["items"] if it["category"] == "parity"]
    problems = [it for it in items if not it.get("incidental")]
    by_key = collections.defaultdict(list)
    for it in items:
        by_key[(it["service"], it["pointer"])].append(it)

    findings = [f for f in report.get("findings", []) if f.get("category") == "parity"]
    matched_items = set()
    false = []
    by_rule = collections.Counter()
    for f in findings:
        by_rule[f["rule"]] += 1
        key = (service_of(f["file"]), f.get("pointer"))
        if key in by_key:
            for it in by_key[key]:
                matched_items.add(id(it))
        else:
            false.append(f)
    found = [it for it in problems if id(it) in matched_items]
    missed = [it for it in problems if id(it) not in matched_items]
    incidental_hit = sum(1 for it in items if it.get("incidental") and id(it) in matched_items)
    per_kind = collections.defaultdict(lambda: {"found": 0, "total": 0})
    for it in problems:
        per_kind[it["kind"]]["total"] += 1
        per_kind[it["kind"]]["found"] += id(it) in matched_items

    print(f"parity problems found: {len(found)}/{len(problems)}")
    for kind, v in sorted(per_kind.items()):
        print(f"  {kind}: {v['found']}/{v['total']}")
    print(f"incidental differences reported: {incidental_hit}/{len(items) - len(problems)} (allowed, not required)")
    print(f"parity findings: {len(findings)} ({', '.join(f'{r} {n}' for r, n in sorted(by_rule.items()))})")
    print(f"false parity findings: {len(false)}")
    for it in missed[: args.examples]:
        print(f"  missed: {it['service']} {it['kind']} {it['pointer']}")
    for f in false[: args.examples]:
        line = f.get("line", "?")
        print(f"  false: {f['file']}:{line} {f['rule']} {f.get('pointer')}")
    summary = {
        "found": len(found), "total": len(problems), "false_findings": len(false),
        "incidental_reported": incidental_hit, "incidental_total": len(items) - len(problems),
        "parity_findings": len(findings), "by_rule": dict(by_rule), "per_kind": dict(per_kind),
    }
    if args.summary:
        json.dump(summary, open(args.summary, "w"), indent=2)
    return 0 if not missed and not false else 1


if __name__ == "__main__":
    sys.exit(main())
