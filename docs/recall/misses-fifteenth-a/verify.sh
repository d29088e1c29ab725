#!/usr/bin/env bash
# verify.sh PATH... : check each reproduction or variant and print "name -> rule:line ..." (NONE if no finding).
#   a *.rs file is checked alone in an empty directory with --all-files;
#   a directory (a small crate: Cargo.toml + src/) is checked as it is, as a crate.
# guard-across-await and async-sleep-poll notes are ignored. BIN defaults to racelint-s15.
BIN=${BIN:-/work/bin/racelint-s15}
for f in "$@"; do
  f=${f%/}
  d=$(mktemp -d /tmp/v15a.XXXX)
  if [ -d "$f" ]; then cp -r "$f"/. $d/; extra=(); else cp "$f" $d/; extra=(--all-files); fi
  r=$($BIN check $d "${extra[@]}" --format json --no-timing --no-cache --exit-zero -j 1 2>/dev/null | python3 -c "
import json,sys; j=json.load(sys.stdin)
print(' '.join(f\"{d['rule']}:{d['file'].rsplit('/',1)[-1]}:{d['line']}\" for d in j['diagnostics'] if d['rule'] not in ('guard-across-await','async-sleep-poll')) or 'NONE')")
  echo "$(basename "$f") -> $r"; rm -rf $d
done
