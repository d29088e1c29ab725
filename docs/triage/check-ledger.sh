#!/usr/bin/env bash
# Re-lint the triaged trees and compare with the ledger.
#
#   docs/triage/check-ledger.sh CORPORA_DIR [RACELINT]
#
# CORPORA_DIR holds one directory per repository, named as in the ledger (`tikv`, `deno`, ...),
# with that repository's `*.rs` and `Cargo.toml` files at the commit the ledger names. Prints
# every finding that has no verdict in `docs/triage/<repo>.tsv` (NEW) and every verdict whose
# finding is gone (GONE); exits 1 when there is a NEW finding.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpora="${1:?usage: check-ledger.sh CORPORA_DIR [RACELINT]}"
racelint="${2:-$here/../../target/release/racelint}"
status=0
for ledger in "$here"/*.tsv; do
  repo="$(basename "$ledger" .tsv)"
  case "$repo" in *-*[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) continue ;; esac
  tree="$corpora/$repo"
  [ -d "$tree" ] || { echo "skip $repo: no $tree"; continue; }
  out="$(mktemp)"
  "$racelint" check "$tree" --format json --no-timing --no-cache --exit-zero >"$out" || true
  python3 - "$ledger" "$out" "$tree" "$repo" <<'PY' || status=1
import json, sys
ledger, out, tree, repo = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(ledger)][1:]
have = {(r[2], r[3], r[4]) for r in rows if len(r) > 4}
found = set()
for d in json.load(open(out))["diagnostics"]:
    f = d["file"]
    f = f[len(tree) + 1:] if f.startswith(tree + "/") else f
    found.add((f, str(d["line"]), d["rule"]))
new = sorted(found - have)
gone = sorted(have - found)
for f, l, r in new:
    print(f"NEW  {repo} {f}:{l} {r}")
for f, l, r in gone:
    print(f"GONE {repo} {f}:{l} {r}")
print(f"{repo}: {len(found)} findings, {len(new)} without a verdict, {len(gone)} verdicts gone")
sys.exit(1 if new else 0)
PY
  rm -f "$out"
done
exit $status
