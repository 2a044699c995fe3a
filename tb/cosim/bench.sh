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
# two-thread rate is wall-clock (it uses both cores by design). Each figure is
# the best of BENCH_REPEAT runs: on a shared VM single runs vary by +-30 %.
# BENCH_CYCLES (default 1000000), BENCH_REPEAT (default 3), BENCH_PROFILES.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim
N=${BENCH_CYCLES:-1000000}
R=${BENCH_REPEAT:-3}
PROFILES=${BENCH_PROFILES:-$("$BIN" --help | sed -n 's/.*built in: \(.*\))/\1/p' | tr -d ',')}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# best KEY ARGS...: the highest KEY (a rate in the JSON report) of R runs of mmu-cosim ARGS, in M/s
best() {
    local key=$1; shift
    local i
    for ((i = 0; i < R; i++)); do
        if ! "$BIN" --seed 1 --cycles "$N" --mode paging --quiet --report-json "$T/r$i.json" "$@" >"$T/log" 2>&1; then
            echo "bench: mmu-cosim $* failed:" >&2; cat "$T/log" >&2; exit 1
        fi
    done
    python3 -c "import json,sys; print('%.2f' % (max(json.load(open(f))[sys.argv[1]] for f in sys.argv[2:]) / 1e6))" \
        "$key" "$T"/r*.json
    rm -f "$T"/r*.json
}
printf '%-18s %10s %10s %11s %11s %13s\n' profile "RTL alone" unchecked "checked 1T" "checked 2T" "2T/unchecked"
printf '%-18s %10s %10s %11s %11s %13s\n' "" "(cpu)" "(cpu)" "(cpu)" "(wall)" ""
for p in $PROFILES; do
    r=$(best cycles_per_cpu_second --profile "$p" --bench-rtl) || exit 1
    u=$(best cycles_per_cpu_second --profile "$p" --no-check) || exit 1
    c1=$(best cycles_per_cpu_second --profile "$p") || exit 1
    c2=$(best cycles_per_second --profile "$p" --threads 2) || exit 1
    printf '%-18s %10s %10s %11s %11s %13s\n' "$p" "$r" "$u" "$c1" "$c2" "$(python3 -c "print('%.2f' % ($c2 / $u))")"
done
echo "targets (BRIEF 4): >= 10 M checked cycles/s on a 2-core machine, checked >= 0.5 x unchecked"
echo "the RTL-alone column bounds any lockstep harness: every checked cycle evaluates the Verilated RTL once"
echo "commands (best of $R each): $BIN --profile P --seed 1 --cycles $N --mode paging [--bench-rtl | --no-check | --threads 2]"
