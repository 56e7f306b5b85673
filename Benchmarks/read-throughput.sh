#!/usr/bin/env bash
# Validation throughput: `facteur validate` (reading and every rule) on the official EN 16931
# examples, against a bare libxml2 parse of the same files (`xmllint --noout`). Single process, single
# core, CPU time (user + system, best of 7 taken in turns: steadier than wall time on a shared machine). Not a test:
# it prints figures for the notes. Usage: Benchmarks/read-throughput.sh [repeats, default 40] [rules, default en16931]
# (rules: a --rules value of facteur validate, such as en16931,fr)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-40}"
rules="${2:-en16931}"

command -v xmllint >/dev/null || {
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get install -y -qq libxml2-utils >/dev/null
}
swift build -c release --product facteur >/dev/null
facteur=.build/release/facteur

mapfile -d '' examples < <(find ../shared/conformance/en16931/examples -iname '*.xml' -print0 | sort -z)
files=()
for _ in $(seq "$repeats"); do files+=("${examples[@]}"); done
count=${#files[@]}
bytes=$(cat "${examples[@]}" | wc -c)

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
once() {  # prints the CPU seconds (user + system) the command takes, on one core
    /usr/bin/time -o "$timing" -f '%U %S' taskset -c 0 "$@" >/dev/null 2>&1 || true
    tail -1 "$timing" | awk '{print $1 + $2}'
}
min() { if [ -z "$1" ] || (( $(echo "$2 < $1" | bc -l) )); then echo "$2"; else echo "$1"; fi; }

# Best of 7, the two commands taking turns: on a shared machine a slow spell then hits both.
parse=""
read=""
for _ in 1 2 3 4 5 6 7; do
    parse=$(min "$parse" "$(once xmllint --noout "${files[@]}")")
    read=$(min "$read" "$(once "$facteur" validate --format json --rules "$rules" "${files[@]}")")
done
rss=$( { /usr/bin/time -f '%M' taskset -c 0 "$facteur" validate --format json --rules "$rules" "${files[@]}" >/dev/null || true; } 2>&1 | tail -1)

printf 'files: %d (%d examples x %d), %.1f MB\n' "$count" "${#examples[@]}" "$repeats" "$(echo "$bytes * $repeats / 1000000" | bc -l)"
printf 'xmllint --noout           %8.0f files/s\n' "$(echo "$count / $parse" | bc -l)"
printf 'facteur validate --json --rules %s   %8.0f files/s   peak RSS %s KiB\n' "$rules" "$(echo "$count / $read" | bc -l)" "$rss"
printf 'ratio facteur / xmllint   %8.2f\n' "$(echo "$parse / $read" | bc -l)"
