#!/usr/bin/env bash
# Writes N flows into ROOT/inbox/emitter/ for the crash test and the throughput benchmark, from the
# fixture batches: mostly accepted invoices (UBL and CII, to portal and EDI recipients), and every
# 10th rejected (unknown recipient), every 25th a duplicate number, every 50th unreadable, over two
# connections. Deterministic: the same N gives the same files.
#   Benchmarks/make-flows.sh N ROOT
set -euo pipefail
n=${1:?N}; root=${2:?ROOT}
here=$(cd "$(dirname "$0")/.." && pwd)
accepted="$here/Fixtures/batches/all-accepted/inbox/emitter/SUP1"
rejected="$here/Fixtures/batches/mixed-rejections/inbox/emitter/SUP1/06-dest-inc.cii.xml"
mkdir -p "$root/inbox/emitter/SUP1" "$root/inbox/emitter/SUP2"
templates=("$accepted"/*.xml)
for ((i = 1; i <= n; i++)); do
    connection=SUP$((i % 2 + 1))
    name=$(printf 'flow-%06d.xml' "$i")
    number=$(printf 'F-BENCH-%06d' "$i")
    if ((i % 50 == 0)); then
        printf '<Invoice>truncated' > "$root/inbox/emitter/$connection/$name"
        continue
    elif ((i % 25 == 0)); then
        number=$(printf 'F-BENCH-%06d' $((i - 1)))
        template=${templates[0]}
    elif ((i % 10 == 0)); then
        template=$rejected
    else
        template=${templates[$((i % ${#templates[@]}))]}
    fi
    sed -E "s/>F-(ACC|MIX)-[0-9]+</>$number</" "$template" > "$root/inbox/emitter/$connection/$name"
done
