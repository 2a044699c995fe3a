#!/usr/bin/env bash
# make bench (cosim part): lockstep speed per profile, checked (cycle model +
# arch check) vs the same RTL and environment with checking off (--no-check).
# Prints wall-clock and CPU-time rates: on a shared machine the CPU-time rate
# is the one to compare. BENCH_CYCLES (default 2000000), BENCH_PROFILES.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim
N=${BENCH_CYCLES:-2000000}
PROFILES=${BENCH_PROFILES:-$("$BIN" --help | sed -n 's/.*built in: \(.*\))/\1/p' | tr -d ',')}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
rate() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print('%.2f %.2f %s' % (j['cycles_per_second']/1e6, j['cycles_per_cpu_second']/1e6, 'lockstep' if j['lockstep'] else ('unchecked' if not j['arch_check'] else 'arch-only')))" "$1"; }
printf '%-18s %-28s %-28s %s\n' profile "checked Mcyc/s (wall, cpu)" "unchecked Mcyc/s (wall, cpu)" "checked/unchecked (cpu)"
for p in $PROFILES; do
    "$BIN" --profile "$p" --seed 1 --cycles "$N" --mode paging --quiet --report-json "$T/c.json" >/dev/null 2>&1
    "$BIN" --profile "$p" --seed 1 --cycles "$N" --mode paging --quiet --no-check --report-json "$T/u.json" >/dev/null 2>&1
    read -r cw cc ck < <(rate "$T/c.json")
    read -r uw uc _ < <(rate "$T/u.json")
    printf '%-18s %6s %6s %-14s %6s %6s %-14s %.2f\n' "$p" "$cw" "$cc" "($ck)" "$uw" "$uc" "" "$(python3 -c "print($cc/$uc if $uc else 0)")"
done
echo "targets (BRIEF 4): >= 10 Mcycles/s checked on a 2-core machine, >= 0.5 x unchecked"
echo "command: $BIN --profile P --seed 1 --cycles $N --mode paging [--no-check]"
