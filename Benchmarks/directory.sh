#!/usr/bin/env bash
# Directory benchmark: generates a directory of public recipients the size of Chorus Pro's (default
# 200,000 structures and 500,000 services, valid SIRETs), times `facteur directory import` of it,
# and the routing overhead per invoice with the imported directory (`facteur validate --directory
# ROOT/state/facteur.sqlite` against `facteur validate`, on the French fixture invoices). Not a test: figures for the
# notes. Usage: Benchmarks/directory.sh [structures] [services] [invoices, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
structures="${1:-200000}"
services="${2:-500000}"
invoices="${3:-10000}"
swift build -c release --product facteur >/dev/null
facteur=.build/release/facteur
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/directory"

# The fixture directory (whose structures the fixture invoices name), then generated structures
# (SIREN 29xxxxxx with its Luhn digit, establishment 0001 with the SIRET's) and their services.
awk -v structures="$structures" -v services="$services" -v out="$work/directory" '
function check(payload,   sum, i, d, len) {
    sum = 0; len = length(payload)
    for (i = len; i >= 1; i--) {
        d = substr(payload, i, 1) + 0
        if ((len - i) % 2 == 0) { d *= 2; if (d > 9) d -= 9 }
        sum += d
    }
    return (10 - sum % 10) % 10
}
function siret(k,   siren, value) {
    siren = sprintf("29%06d", k); siren = siren check(siren)
    value = siren "0001"
    return value check(value)
}
BEGIN {
    file = out "/structures.csv"
    print "siret;name;active;successor_siret;service_required;engagement_required;service_or_engagement;payment_status_managed;moa_only;edi_connection" > file
    while ((getline line < "Fixtures/directory/structures.csv") > 0) { if (++row > 1) { sub(/;[^;]*$/, "", line); print line > file } }
    for (i = 0; i < structures; i++) {
        printf "%s;Structure publique %d;%s;;%s;%s;false;true;false;%s\n", siret(i), i, (i % 50 ? "true" : "false"),
               (i % 3 == 0 ? "true" : "false"), (i % 7 == 0 ? "true" : "false"), (i % 10 == 0 ? "CNX-" (i % 40) : "") > file
    }
    file = out "/services.csv"
    while ((getline line < "Fixtures/directory/services.csv") > 0) print line > file
    for (i = 0; i < services; i++) {
        printf "%s;SVC-%d;Service %d;%s;%s;%s;;false\n", siret(i % structures), i, i, (i % 20 ? "true" : "false"),
               (i % 4 == 0 ? "true" : "false"), (i % 5 == 0 ? "2026-01-01" : "") > file
    }
}'
size=$(du -ch "$work/directory"/*.csv | tail -1 | cut -f1)

# Import: wall and CPU time, peak memory.
/usr/bin/time -o "$work/import.time" -f '%e %U %S %M' "$facteur" directory import "$work/directory" --root "$work" >/dev/null
read -r wall user system peak < "$work/import.time"

# Routing overhead: the fixture invoices, N and 2N of them, with and without the imported directory
# (the state database): the difference of the differences is N routings (opening the database, the
# same in both runs with it, cancels out). Reading the directory files instead is timed apart.
mapfile -t fixtures < <(ls Fixtures/invoices/*.xml)
once=()
for _ in $(seq $((invoices / ${#fixtures[@]}))); do once+=("${fixtures[@]}"); done
twice=("${once[@]}" "${once[@]}")
cpu() { /usr/bin/time -o "$work/t" -f '%U %S' taskset -c 0 "$@" >/dev/null 2>&1 || true; tail -1 "$work/t" | awk '{print $1 + $2}'; }
best() { local b=""; for _ in 1 2 3; do t=$(cpu "$@"); if [ -z "$b" ] || (( $(echo "$t < $b" | bc -l) )); then b=$t; fi; done; echo "$b"; }
validate=("$facteur" validate --format json --rules en16931,fr)
plain1=$(best "${validate[@]}" "${once[@]}")
plain2=$(best "${validate[@]}" "${twice[@]}")
routed1=$(best "${validate[@]}" --directory "$work/state/facteur.sqlite" "${once[@]}")
routed2=$(best "${validate[@]}" --directory "$work/state/facteur.sqlite" "${twice[@]}")
single=$(best "${validate[@]}" "${fixtures[0]}")
files=$(best "${validate[@]}" --directory "$work/directory" "${fixtures[0]}")

printf 'directory: %d structures, %d services (%s of CSV)\n' "$(($(wc -l < "$work/directory/structures.csv") - 1))" \
    "$(($(wc -l < "$work/directory/services.csv") - 1))" "$size"
printf 'import: %.2f s wall, %.2f s CPU, peak RSS %d MB\n' "$wall" "$(echo "$user + $system" | bc -l)" "$((peak / 1024))"
printf 'validate --directory DIR: reading the directory files %.2f s CPU\n' "$(echo "$files - $single" | bc -l)"
printf 'validation per invoice %.1f µs, routing per invoice %.1f µs (%d and %d invoices)\n' \
    "$(echo "($plain2 - $plain1) * 1000000 / ${#once[@]}" | bc -l)" \
    "$(echo "(($routed2 - $routed1) - ($plain2 - $plain1)) * 1000000 / ${#once[@]}" | bc -l)" "${#once[@]}" "${#twice[@]}"
