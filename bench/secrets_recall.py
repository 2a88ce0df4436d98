#!/usr/bin/env python3
"""Recall and precision of confgate's secret findings on the shared corpus (bench/secrets.sh).

usage: secrets_recall.py CORPUS_DIR REPORT.json [--summary OUT.json] [--examples N]

REPORT.json is confgate's JSON report (docs/report-json.md) of
`confgate lint --format json --fail-on never services` run in CORPUS_DIR, so that
its `file` fields are relative to CORPUS_DIR like the manifest's.

What is counted: the manifest items of category `secret` (one per file, 5 kinds:
aws_access_key, private_key, password_literal, db_url_password, api_token).
Only findings whose rule starts with `secret-` are scored; findings of other
rules are listed for information (the corpus is valid YAML/JSON, so a plain
lint should have none).

An item is *found* when a `secret-*` finding in its file

  - has the item's `pointer` (matched "at the pointer"), or
  - starts at the item's `line`, or, for a `private_key` (a PEM block, which
    in YAML is a `|` block scalar starting on the next line), at `line + 1`
    (matched "at the line").

Every `secret-*` finding that matches no item is a *false finding*: the
corpus's other secret-bearing fields hold `${VAR}` references or SOPS
`ENC[...]` values, and its image references carry `@sha256:` digests, all
deliberate decoys; the line each false finding sits on is classified the way
../shared/bench/peers/score.py classifies the peers' (`ENC[...] marker`,
`${VAR} reference`, `image digest`, `other`). A second finding on a found
item is not false (counted as "more than one finding on an item").

For a like-for-like comparison with the peers, the report is also scored the
way score.py scores them: by line only (a finding in the item's file at its
line or the next), every other finding unmatched.

Examples show file:line rule pointer, never a value (the message is not shown
either, although confgate's messages never contain the value).

Exit status: 0 recall 100% and no false finding, 1 otherwise, 2 bad input.
"""
import argparse
import json
import os
import sys
from collections import Counter, defaultdict

SECRET_CATEGORY = "secret"
KINDS = ["aws_access_key", "private_key", "password_literal", "db_url_password", "api_token"]


def norm(path):
    p = os.path.normpath(path)
    return p[2:] if p.startswith("./") else p


def classify_line(text):
    # As ../shared/bench/peers/score.py's classify_fp, so that the tools' decoys compare.
    if "ENC[" in text:
        return "ENC[...] marker"
    if "${" in text:
        return "${VAR} reference"
    if "sha256:" in text:
        return "image digest"
    return "other"


def at_line(item, line):
    if line == item["line"]:
        return True
    return item["kind"] == "private_key" and line == item["line"] + 1


def where(f):
    return f"{f['file']}:{f.get('line')} {f['rule']} {json.dumps(f.get('pointer'))}"


def score(report, items, corpus, n_examples):
    findings = report.get("findings", [])
    for f in findings:
        f["file"] = norm(f.get("file") or "")
        f.setdefault("pointer", None)
        f["rule"] = str(f.get("rule") or "")
    secret = [f for f in findings if f["rule"].startswith("secret-")]
    other = [f for f in findings if not f["rule"].startswith("secret-")]
    by_file = defaultdict(list)
    for f in secret:
        by_file[f["file"]].append(f)

    kinds = Counter(it["kind"] for it in items)
    found, by_pointer = Counter(), Counter()
    matched = set()
    misses, line_only, multi = [], [], []
    for it in items:
        in_file = by_file.get(it["file"], [])
        ptr = [f for f in in_file if f["pointer"] == it["pointer"]]
        line = [f for f in in_file if isinstance(f.get("line"), int) and at_line(it, f["line"])]
        hits = ptr + [f for f in line if f not in ptr]
        if not hits:
            misses.append((it, in_file))
            continue
        found[it["kind"]] += 1
        matched.update(id(f) for f in hits)
        if ptr:
            by_pointer[it["kind"]] += 1
        else:
            line_only.append((it, hits[0]))
        if len(hits) > 1:
            multi.append((it, hits))
    false = [f for f in secret if id(f) not in matched]

    # Which decoy each false finding sits on (the text of its line).
    cache = {}

    def line_text(f):
        if f["file"] not in cache:
            try:
                with open(os.path.join(corpus, f["file"]), errors="replace") as fh:
                    cache[f["file"]] = fh.read().split("\n")
            except OSError:
                cache[f["file"]] = []
        lines, ln = cache[f["file"]], f.get("line")
        return lines[ln - 1] if isinstance(ln, int) and 0 < ln <= len(lines) else ""

    false_by_decoy = Counter(classify_line(line_text(f)) for f in false)

    # score.py's matching (by line, line or next), as the peers are scored.
    peer_found, peer_kind, peer_matched = 0, Counter(), set()
    for it in items:
        hits = [f for f in by_file.get(it["file"], [])
                if isinstance(f.get("line"), int) and it["line"] <= f["line"] <= it["line"] + 1]
        if hits:
            peer_found += 1
            peer_kind[it["kind"]] += 1
            peer_matched.update((f["file"], f["line"]) for f in hits)
    peer_unmatched = sum(1 for f in secret if (f["file"], f.get("line")) not in peer_matched)

    n, n_found = len(items), sum(found.values())
    all_kinds = KINDS + sorted(k for k in kinds if k not in KINDS)
    summary = {
        "total": n, "found": n_found, "at_pointer": sum(by_pointer.values()),
        "recall_pct": round(100.0 * n_found / n, 2) if n else 100.0,
        "secret_findings": len(secret), "matched_findings": len(matched),
        "false_findings": len(false), "false_files": len({f["file"] for f in false}),
        "false_by_decoy": dict(false_by_decoy.most_common()),
        "items_with_more_than_one_finding": len(multi),
        "other_findings": len(other),
        "report_files": report.get("summary", {}).get("files"),
        "per_kind": {k: {"total": kinds[k], "found": found[k], "at_pointer": by_pointer[k]}
                     for k in all_kinds if kinds[k]},
        "secret_rules": dict(Counter(f["rule"] for f in secret).most_common()),
        "other_rules": dict(Counter(f["rule"] for f in other).most_common()),
        "peer_matching": {"found": peer_found, "unmatched_findings": peer_unmatched,
                          "per_kind": {k: f"{peer_kind[k]}/{kinds[k]}" for k in all_kinds if kinds[k]}},
    }

    out = []
    p = out.append
    p(f"confgate lint: {n_found}/{n} plaintext secrets found ({summary['recall_pct']}%), "
      f"{summary['at_pointer']} at the manifest's pointer; "
      f"{len(false)} false secret-* findings on {summary['false_files']} files")
    p(f"  secret-* findings: {len(secret)} in all, {len(matched)} on an injected secret"
      + (f" ({len(multi)} items with more than one)" if multi else "")
      + f"; files in the report: {summary['report_files']}")
    if false:
        p("  false findings by what their line holds: "
          + ", ".join(f"{k} {c}" for k, c in false_by_decoy.most_common()))
    p("")
    p(f"  {'kind':<18} {'total':>6} {'found':>6} {'at pointer':>11}  manifest pointer")
    for k in all_kinds:
        if not kinds[k]:
            continue
        ptr = next(it["pointer"] for it in items if it["kind"] == k)
        p(f"  {k:<18} {kinds[k]:>6} {found[k]:>6} {by_pointer[k]:>11}  {ptr}")
    p("  secret rules reported: " + (", ".join(f"{r} {c}" for r, c in summary["secret_rules"].items())
                                     or "none"))
    if other:
        p("  other rules reported (not scored): "
          + ", ".join(f"{r} {c}" for r, c in summary["other_rules"].items()))
    p(f"  scored like the peers (score.py: by line, line or next): {peer_found}/{n} found, "
      f"{peer_unmatched} unmatched findings")

    def section(title, rows):
        if rows:
            p("")
            p(f"  {title} ({len(rows)}; first {min(n_examples, len(rows))}):")
            for r in rows[:n_examples]:
                p("    " + r)

    section("MISSED", [f"{it['file']}:{it['line']} {it['kind']} {it['pointer']}"
                       + (f"; secret-* findings in the file: {', '.join(where(f) for f in fs[:3])}"
                          if fs else "; no secret-* finding in the file")
                       for it, fs in misses])
    section("FALSE secret-* findings (not on an injected secret)",
            [f"{where(f)} [{classify_line(line_text(f))}]" for f in false])
    section("found at the line but not at the manifest's pointer",
            [f"{it['kind']} {it['file']}:{it['line']} {it['pointer']}: got {where(f)}"
             for it, f in line_only])
    section("more than one finding on an item",
            [f"{it['kind']} {it['file']}:{it['line']}: " + ", ".join(where(f) for f in fs)
             for it, fs in multi])
    section("other findings (not secret-*, not scored)", [where(f) for f in other])
    return summary, out


def main():
    ap = argparse.ArgumentParser(description="recall/precision of confgate's secret findings on the corpus")
    ap.add_argument("corpus")
    ap.add_argument("report")
    ap.add_argument("--summary", help="write the numbers as JSON here")
    ap.add_argument("--examples", type=int, default=10, help="examples per section (default 10)")
    a = ap.parse_args()
    path = os.path.join(a.corpus, "MANIFEST.json")
    try:
        with open(path) as fh:
            m = json.load(fh)
    except (OSError, ValueError) as exc:
        print(f"secrets_recall.py: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    items = [it for it in m["items"] if it["category"] == SECRET_CATEGORY]
    try:
        with open(a.report) as fh:
            report = json.load(fh)
        assert isinstance(report, dict) and isinstance(report.get("findings"), list)
    except (OSError, ValueError, AssertionError) as exc:
        print(f"secrets_recall.py: {a.report} is not a confgate JSON report ({exc!r})", file=sys.stderr)
        return 2
    summary, lines = score(report, items, a.corpus, a.examples)
    print(f"counted: {len(items)} manifest items of category {SECRET_CATEGORY} "
          f"({len(summary['per_kind'])} kinds, one per file, none in a file with a schema violation)")
    print("\n".join(lines))
    if a.summary:
        with open(a.summary, "w") as fh:
            json.dump(summary, fh, indent=1)
    ok = summary["found"] == summary["total"] and summary["false_findings"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
