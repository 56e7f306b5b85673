#!/usr/bin/env bash
# End-to-end throughput of the flow engine (issue 6): N flows dropped in the inbox (see
# make-flows.sh: 88 % accepted), one `facteur run --once`, durable outputs. Prints wall time,
# invoices per second and peak RSS.   Benchmarks/flow-throughput.sh [N=10000] [N2 ...]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release > /dev/null
facteur=$PWD/.build/release/facteur
for n in "${@:-10000}"; do
    root=$(mktemp -d "${TMPDIR:-/tmp}/facteur-bench-XXXXXX")
    Benchmarks/make-flows.sh "$n" "$root"
    "$facteur" directory import Fixtures/directory --root "$root" > /dev/null
    sync
    /usr/bin/time -f '%e %M' -o "$root/time" "$facteur" run --once --root "$root" --clock 2026-09-20T09:00:00Z --interval 0 2> "$root/log"
    read -r seconds rss < "$root/time"
    outputs=$(find "$root/outbox" -type f | wc -l)
    tail -1 "$root/log"
    awk -v n="$n" -v s="$seconds" -v rss="$rss" -v o="$outputs" 'BEGIN {
        printf "flows %d: %.2f s wall, %.0f invoices/s, peak RSS %.1f MB, %d output files\n", n, s, n / s, rss / 1024, o }'
    rm -rf "$root"
done
