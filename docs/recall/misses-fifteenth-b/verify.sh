#!/usr/bin/env bash
# verify.sh FILE... : check each file alone (empty dir, --all-files) and print the findings
# (ignoring guard-across-await and async-sleep-poll notes). A name containing
# "-in-workspace" is checked with an empty `racelint-workspace` marker next to it.
# BIN defaults to /work/bin/racelint-s15.
BIN=${BIN:-/work/bin/racelint-s15}
for f in "$@"; do
  d=$(mktemp -d /tmp/v15b.XXXX); cp "$f" $d/
  case "$(basename $f)" in *in-workspace*) touch $d/racelint-workspace;; esac
  r=$($BIN check $d --all-files --format json --no-timing --no-cache --exit-zero -j 1 2>/dev/null | python3 -c "
import json,sys; j=json.load(sys.stdin)
print(' '.join(f\"{d['rule']}:{d['line']}\" for d in j['diagnostics'] if d['rule'] not in ('guard-across-await','async-sleep-poll')) or 'NONE')")
  echo "$(basename $f) -> $r"; rm -rf $d
done
