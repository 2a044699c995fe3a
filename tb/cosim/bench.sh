#!/usr/bin/env bash
# make bench (cosim part): lockstep speed per profile, in M cycles per second.
#   RTL alone     the recorded inputs of an unchecked run replayed into the RTL
#                 with nothing else in the loop (--bench-rtl): the ceiling of any
#                 lockstep harness on one core
#   unchecked     RTL + environment, one thread (--no-check)
#   checked 1T    RTL + cycle model + arch check + environment, one thread
#   checked 2T    the same on two threads (--threads 2): the RTL on one core,
#                 environment, cycle model and arch check on the other
# One-thread rates are per CPU-second (robust on a shared machine); the
# two-thread rate is wall-clock (it uses both cores by design).
# BENCH_CYCLES (default 2000000), BENCH_PROFILES.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim
N=${BENCH_CYCLES:-2000000}
PROFILES=${BENCH_PROFILES:-$("$BIN" --help | sed -n 's/.*built in: \(.*\))/\1/p' | tr -d ',')}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
field() { python3 -c "import json,sys; print('%.2f' % (json.load(open(sys.argv[1]))[sys.argv[2]] / 1e6))" "$1" "$2"; }
run() {   # run NAME ARGS...: one mmu-cosim run; its JSON in $T/NAME.json
    local name=$1; shift
    if ! "$BIN" --seed 1 --cycles "$N" --mode paging --quiet --report-json "$T/$name.json" "$@" >"$T/$name.log" 2>&1; then
        echo "bench: mmu-cosim $* failed:" >&2; cat "$T/$name.log" >&2; exit 1
    fi
}
printf '%-18s %10s %10s %11s %11s %13s\n' profile "RTL alone" unchecked "checked 1T" "checked 2T" "2T/unchecked"
printf '%-18s %10s %10s %11s %11s %13s\n' "" "(cpu)" "(cpu)" "(cpu)" "(wall)" ""
best2=0
for p in $PROFILES; do
    run rtl --profile "$p" --bench-rtl
    run u --profile "$p" --no-check
    run c1 --profile "$p"
    run c2 --profile "$p" --threads 2
    r=$(field "$T/rtl.json" cycles_per_cpu_second)
    u=$(field "$T/u.json" cycles_per_cpu_second)
    c1=$(field "$T/c1.json" cycles_per_cpu_second)
    c2=$(field "$T/c2.json" cycles_per_second)
    printf '%-18s %10s %10s %11s %11s %13s\n' "$p" "$r" "$u" "$c1" "$c2" "$(python3 -c "print('%.2f' % ($c2 / $u))")"
done
echo "targets (BRIEF 4): >= 10 M checked cycles/s on a 2-core machine, checked >= 0.5 x unchecked"
echo "the RTL-alone column bounds any lockstep harness: every checked cycle evaluates the Verilated RTL once"
echo "commands: $BIN --profile P --seed 1 --cycles $N --mode paging [--bench-rtl | --no-check | --threads 2]"
