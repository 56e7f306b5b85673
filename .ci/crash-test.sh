#!/usr/bin/env bash
# Crash test of the flow engine (issues 6 and 7): a batch of N invoice flows and the status flows of
# their recipients (make-flows.sh ... statuses) under a fixed clock, the process
# killed with SIGKILL at K random moments and restarted each time; the final outbox, archive and
# state must equal those of an uninterrupted run, and no temporary file may remain.
#   .ci/crash-test.sh [N=500] [K=20]      (after a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}; kills=${2:-20}
facteur=$PWD/.build/release/facteur
clock=2026-09-20T09:00:00Z
work=$(mktemp -d "${TMPDIR:-/tmp}/facteur-crash-XXXXXX")
trap 'rm -rf "$work"' EXIT

prepare() {
    Benchmarks/make-flows.sh "$n" "$1" statuses
    "$facteur" directory import Fixtures/directory --root "$1" > /dev/null
}
run() { "$facteur" run --once --root "$1" --clock "$clock" --interval 0 2>> "$work/log"; }

# The state as rows: every table, rows sorted (the database file's pages depend on its history).
dump() {
    python3 - "$1/state/facteur.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
    print("==", table)
    for row in sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr):
        print(repr(row))
PY
}

prepare "$work/straight"
start=$(date +%s%N)
run "$work/straight"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
echo "uninterrupted run: $n flows in $elapsed_ms ms"

prepare "$work/crashed"
killed=0
for ((k = 1; k <= kills; k++)); do
    # A random moment early in a run: twenty of them must land while there is work left.
    delay_ms=$((RANDOM % (elapsed_ms / 10 + 10) + 5))
    "$facteur" run --once --root "$work/crashed" --clock "$clock" --interval 0 2>> "$work/log" & pid=$!
    sleep "$(printf '0.%03d' "$delay_ms")" 2>/dev/null || sleep "$((delay_ms / 1000))"
    if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null || true
done
run "$work/crashed"
echo "killed $killed times out of $kills (a run not killed had finished)"

status=0
diff -r "$work/straight/outbox" "$work/crashed/outbox" > "$work/diff" || { echo "FAIL: outboxes differ"; head -20 "$work/diff"; status=1; }
diff -r "$work/straight/state/archive" "$work/crashed/state/archive" > /dev/null || { echo "FAIL: archives differ"; status=1; }
diff <(dump "$work/straight") <(dump "$work/crashed") > "$work/dumpdiff" || { echo "FAIL: states differ"; head -20 "$work/dumpdiff"; status=1; }
leftovers=$(find "$work/crashed" -name '.*.tmp' | wc -l)
[ "$leftovers" -eq 0 ] || { echo "FAIL: $leftovers temporary files remain"; status=1; }
[ -z "$(ls -A "$work/crashed/state/work")" ] || { echo "FAIL: state/work is not empty"; status=1; }
[ -z "$(find "$work/crashed/inbox" -type f)" ] || { echo "FAIL: files left in the inbox"; status=1; }
[ "$killed" -ge "$kills" ] || { echo "FAIL: only $killed kills landed during work"; status=1; }
files=$(find "$work/crashed/outbox" -type f | wc -l)
# The status flows were applied, not refused wholesale.
applied=$(grep -c '"verdict": "accepted"' $(find "$work/crashed/outbox/receiver" -name 'FLX-*.report.json') | awk -F: '{ s += $2 } END { print s + 0 }')
[ "$applied" -gt 0 ] || { echo "FAIL: no status line was applied"; status=1; }
[ "$status" -eq 0 ] && echo "crash test passed: $files output files ($applied status lines applied), archive and state identical after $killed kills"
exit "$status"
