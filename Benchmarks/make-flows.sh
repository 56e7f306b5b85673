#!/usr/bin/env bash
# Writes N flows into ROOT/inbox/emitter/ for the crash test and the throughput benchmark, from the
# fixture batches: mostly accepted invoices (UBL and CII, to portal and EDI recipients), and every
# 10th rejected (unknown recipient), every 25th a duplicate number, every 50th unreadable, over two
# connections. Deterministic: the same N gives the same files. With `statuses`, also status flows
# from the recipients' connections for the invoices they receive (a CPPStatut from the Armées:
# service done, then mandated; a CDAR from Paris: taken in charge, refused, and a status it may not
# send), which a run takes after the invoices.
#   Benchmarks/make-flows.sh N ROOT [statuses]
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
if [ "${3:-}" = statuses ]; then
    python3 - "$n" "$root" "$here/Fixtures/batches" <<'PY'
import os, sys
n, root = int(sys.argv[1]), sys.argv[2]
sys.path.insert(0, sys.argv[3])
import generate
for i in range(1, n + 1):
    if i % 10 == 0 or i % 25 == 0 or i % 50 == 0:
        continue
    number = f"F-BENCH-{i:06d}"
    if i % 6 == 2:
        path, data = f"CNX-CHORUS-ARMEES/st-{i:06d}.xml", generate.cpp_statut(
            [(number, "07", {}), (number, "08", {"after": f"        <IdMandatDP>M-{i:06d}</IdMandatDP>\n"})])
    elif i % 6 == 3:
        path, data = f"CNX-PARIS/st-{i:06d}.cdar.xml", generate.cdar(
            [(number, 204, ""), (number, 210, generate.status_block("DOUBLE_FACT")), (number, 209, "")])
    else:
        continue
    target = os.path.join(root, "inbox", "receiver", path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(data)
PY
fi
