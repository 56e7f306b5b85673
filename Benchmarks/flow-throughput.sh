#!/usr/bin/env bash
# End-to-end throughput of the flow engine (issue 6): N flows dropped in the inbox (see
# make-flows.sh: 88 % accepted), one `facteur run --once`, durable outputs. Prints wall time,
# invoices per second and peak RSS.   Benchmarks/flow-throughput.sh [N=10000] [N2 ...]
#
# The roots are removed at the end, after every measure: ext4 skips inodes freed in the last minutes
# when it allocates new ones, so a run that follows the removal of a previous run's hundred thousand
# files creates its files two to three times slower. Leave five minutes after removing many files
# (an earlier benchmark, the tests) before measuring.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release > /dev/null
facteur=$PWD/.build/release/facteur
roots=()
trap 'rm -rf "${roots[@]}"' EXIT
for n in "${@:-10000}"; do
    root=$(mktemp -d "${TMPDIR:-/tmp}/facteur-bench-XXXXXX")
    roots+=("$root")
    Benchmarks/make-flows.sh "$n" "$root"
    "$facteur" directory import Fixtures/directory --root "$root" > /dev/null
    sync
    /usr/bin/time -f '%e %M' -o "$root/time" "$facteur" run --once --root "$root" --clock 2026-09-20T09:00:00Z --interval 0 2> "$root/log"
    read -r seconds rss < "$root/time"
    outputs=$(find "$root/outbox" -type f | wc -l)
    summary=$(tail -1 "$root/log")
    echo "$summary"
    # Invoices: the accepted and rejected ones (the unreadable flows hold none).
    invoices=$(echo "$summary" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(accepted|rejected)=/) { split($i, kv, "="); n += kv[2] } } END { print n }')
    awk -v n="$n" -v i="$invoices" -v s="$seconds" -v rss="$rss" -v o="$outputs" 'BEGIN {
        printf "flows %d (%d invoices): %.2f s wall, %.0f flows/s, %.0f invoices/s, peak RSS %.1f MB, %d output files\n", n, i, s, n / s, i / s, rss / 1024, o }'
done
