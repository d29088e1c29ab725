#!/usr/bin/env python3
"""Precision of a racelint binary on every triaged tree, from the committed verdicts.

    docs/triage/precision.py RACELINT CORPORA_ROOT... [-v]

Each ledger (`docs/triage/<repo>.tsv`, `docs/triage/unseen-*/<repo>.tsv`; ledgers of an old
commit, `<repo>-<hash>.tsv`, are skipped) is matched with the first `CORPORA_ROOT/<repo>`
directory found, which must hold that repository at the ledger's commit (`*.rs` and
`Cargo.toml`). The binary is run on the tree and each finding is looked up by (file, line,
rule); verdicts of `after-session.tsv` in the same directory count for its repositories. Prints
the findings per rule by verdict (REAL, BENIGN, FP, UNSURE, and NEW for a finding the ledger
has no verdict for); `-v` lists the NEW findings and the FP verdicts still reported.
"""
import collections, glob, json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
args = [a for a in sys.argv[1:] if a != "-v"]
verbose = "-v" in sys.argv
if len(args) < 2:
    sys.exit(__doc__)
binary, roots = args[0], args[1:]
ledgers = sorted(glob.glob(os.path.join(here, "*.tsv")) + glob.glob(os.path.join(here, "unseen-*", "*.tsv")))
table = collections.defaultdict(collections.Counter)
new, fps = [], []
for ledger in ledgers:
    repo = os.path.basename(ledger)[:-4]
    tail = repo.rsplit("-", 1)[-1]
    if repo == "after-session" or (len(tail) == 7 and all(c in "0123456789abcdef" for c in tail)):
        continue
    tree = next((os.path.join(r, repo) for r in roots if os.path.isdir(os.path.join(r, repo))), None)
    if tree is None:
        print(f"skip {os.path.relpath(ledger, here)}: no tree", file=sys.stderr)
        continue
    lines = list(open(ledger))[1:]
    extra = os.path.join(os.path.dirname(ledger), "after-session.tsv")
    if os.path.exists(extra):
        lines += [l for l in list(open(extra))[1:] if l.split("\t")[0].split("/")[-1] == repo]
    verdict = {}
    for l in lines:
        r = l.rstrip("\n").split("\t")
        if len(r) > 5:
            verdict[(r[2], r[3], r[4])] = (r[5], r[6] if len(r) > 6 else "")
    out = subprocess.run([binary, "check", tree, "--format", "json", "--no-timing", "--no-cache", "--exit-zero"],
                         capture_output=True, text=True).stdout
    for d in json.loads(out)["diagnostics"]:
        f = d["file"]
        f = f[len(tree) + 1:] if f.startswith(tree + "/") else f
        v, why = verdict.get((f, str(d["line"]), d["rule"]), ("NEW", ""))
        table[d["rule"]][v] += 1
        if v == "NEW":
            new.append(f"{repo}\t{f}:{d['line']}\t{d['rule']}")
        elif v == "FP":
            fps.append(f"{d['rule']}\t{repo}\t{f}:{d['line']}\t{why[:140]}")
cols = ["REAL", "BENIGN", "FP", "UNSURE", "NEW"]
print(f"{'rule':28} {'n':>4} " + " ".join(f"{c:>6}" for c in cols))
total = collections.Counter()
for rule in sorted(table):
    c = table[rule]
    total.update(c)
    print(f"{rule:28} {sum(c.values()):4} " + " ".join(f"{c[x]:6}" for x in cols))
print(f"{'TOTAL':28} {sum(total.values()):4} " + " ".join(f"{total[x]:6}" for x in cols))
if verbose:
    print("\n# findings without a verdict"); print("\n".join(new))
    print("\n# FP verdicts still reported"); print("\n".join(sorted(fps)))
