#!/usr/bin/env bash
# Why Facteur's instructions cost more time than libxml2's: per-document counts from cachegrind
# (instructions, mispredicted branches, instruction- and data-cache misses) for `facteur validate`
# and `xmllint --noout` on the official examples but the 3 MB one (its time is libxml2's), and a
# cycle estimate weighing them (0.3 cycle per instruction, 15 per misprediction, 10 per
# instruction-cache miss, 8 per data-cache miss). Per document: the difference between runs over
# the examples three times and once, so that start-up cancels out. Not a test: figures for the
# notes, steadier than timings on a shared machine. Takes a few minutes (valgrind).
# Usage: Benchmarks/cycle-estimate.sh [rules, default en16931,fr]
set -euo pipefail
cd "$(dirname "$0")/.."
rules="${1:-en16931,fr}"
command -v valgrind >/dev/null && command -v xmllint >/dev/null || {
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get install -y -qq valgrind libxml2-utils >/dev/null
}
swift build -c release --product facteur >/dev/null
facteur=.build/release/facteur

mapfile -d '' examples < <(find ../shared/conformance/en16931/examples -iname '*.xml' ! -size +1M -print0 | sort -z)
thrice=("${examples[@]}" "${examples[@]}" "${examples[@]}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SWIFT_DETERMINISTIC_HASHING=1

profile() {  # name, then the command; writes $work/name.1 and $work/name.3
    local name=$1; shift
    valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes --cachegrind-out-file="$work/$name.1" \
        "$@" "${examples[@]}" >/dev/null 2>&1 || true
    valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes --cachegrind-out-file="$work/$name.3" \
        "$@" "${thrice[@]}" >/dev/null 2>&1 || true
}
profile xmllint xmllint --noout
profile facteur "$facteur" validate --format json --rules "$rules"

python3 - "$work" "${#examples[@]}" <<'PY'
import sys
work, count = sys.argv[1], int(sys.argv[2])
def totals(path):
    events = None
    for line in open(path):
        if line.startswith('events:'): events = line.split()[1:]
        if line.startswith('summary:'): return dict(zip(events, map(int, line.split()[1:])))
def per_document(name):
    once, thrice = totals(f'{work}/{name}.1'), totals(f'{work}/{name}.3')
    return {event: (thrice[event] - once[event]) / (2 * count) for event in once}
def cycles(d):
    return d['Ir'] * 0.3 + (d['Bcm'] + d['Bim']) * 15 + d['I1mr'] * 10 + (d['D1mr'] + d['D1mw']) * 8
print(f"{count} examples, per document")
print(f"{'':18}{'instructions':>14}{'mispredicted':>14}{'I-cache miss':>14}{'D-cache miss':>14}{'cycles (est.)':>15}")
rows = {name: per_document(name) for name in ('xmllint', 'facteur')}
for name, d in rows.items():
    print(f"{name:18}{d['Ir']:14,.0f}{d['Bcm'] + d['Bim']:14,.0f}{d['I1mr']:14,.0f}{d['D1mr'] + d['D1mw']:14,.0f}{cycles(d):15,.0f}")
print(f"ratio by instructions {rows['xmllint']['Ir'] / rows['facteur']['Ir']:.2f}, by estimated cycles {cycles(rows['xmllint']) / cycles(rows['facteur']):.2f}")
PY
