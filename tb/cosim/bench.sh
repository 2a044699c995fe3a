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
#   RTL instr/cycle   machine instructions per simulated cycle of the RTL alone,
#                 counted by valgrind (callgrind, collecting inside the replay's
#                 Dut::step only) on --bench-rtl runs of N1 = N2/5 and N2 cycles:
#                 (Ir(N2) - Ir(N1)) / (cycles(N2) - cycles(N1)). Exact and
#                 repeatable whatever the load; n/a without valgrind.
# BENCH_CYCLES (default 1000000), BENCH_REPEAT (default 3), BENCH_PROFILES,
# BENCH_IR_CYCLES (N2, default 100000; 0 skips the count).
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim
N=${BENCH_CYCLES:-1000000}
R=${BENCH_REPEAT:-3}
PROFILES=${BENCH_PROFILES:-$("$BIN" --list-profiles | tr '\n' ' ')}
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
NIR=${BENCH_IR_CYCLES:-100000}
IR_TOGGLE='*Dut::step*'   # tb/cosim/dut_profile.cpp: the replay's one call per cycle
if ! command -v valgrind >/dev/null 2>&1; then
    IR_NOTE="n/a (valgrind not installed)"
elif [ "$NIR" -le 0 ]; then
    IR_NOTE="n/a (BENCH_IR_CYCLES=0)"
else
    IR_NOTE=""
fi
# ir_count PROFILE CYCLES: "<instructions inside Dut::step> <cycles replayed>"
ir_count() {
    local out=$T/cg.$1.$2
    if ! valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
        --toggle-collect="$IR_TOGGLE" "$BIN" --profile "$1" --seed 1 --cycles "$2" --mode paging --quiet \
        --bench-rtl --report-json "$T/ir.json" >"$T/log" 2>&1; then
        echo "bench: valgrind mmu-cosim --profile $1 --cycles $2 --bench-rtl failed:" >&2; tail -5 "$T/log" >&2
        return 1
    fi
    echo "$(awk '/^totals:/ {print $2}' "$out") $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cycles'])" "$T/ir.json")"
}
# ir_per_cycle PROFILE: instructions per simulated cycle of the RTL alone, start-up subtracted
ir_per_cycle() {
    local a b
    a=$(ir_count "$1" $((NIR / 5))) && b=$(ir_count "$1" "$NIR") || { echo failed; return 0; }
    set -- $a $b
    if [ $# -ne 4 ] || [ "$3" -le "$1" ] || [ "$4" -le "$2" ]; then
        echo n/a; return 0   # nothing counted: no Dut::step symbol in the binary
    fi
    echo $(( ($3 - $1 + ($4 - $2) / 2) / ($4 - $2) ))
}
fmt='%-18s %10s %10s %11s %11s %13s %10s\n'
printf "$fmt" profile "RTL alone" unchecked "checked 1T" "checked 2T" "2T/unchecked" "RTL instr"
printf "$fmt" "" "(cpu)" "(cpu)" "(cpu)" "(wall)" "" "per cycle"
for p in $PROFILES; do
    r=$(best cycles_per_cpu_second --profile "$p" --bench-rtl) || exit 1
    u=$(best cycles_per_cpu_second --profile "$p" --no-check) || exit 1
    c1=$(best cycles_per_cpu_second --profile "$p") || exit 1
    c2=$(best cycles_per_second --profile "$p" --threads 2) || exit 1
    if [ -n "$IR_NOTE" ]; then ir=n/a; else ir=$(ir_per_cycle "$p"); fi
    printf "$fmt" "$p" "$r" "$u" "$c1" "$c2" "$(python3 -c "print('%.2f' % ($c2 / $u))")" "$ir"
done
if [ -n "$IR_NOTE" ]; then
    echo "RTL instructions per cycle: $IR_NOTE"
else
    echo "RTL instructions per cycle: valgrind --tool=callgrind --collect-atstart=no --toggle-collect='$IR_TOGGLE'" \
         "$BIN --profile P --seed 1 --mode paging --quiet --bench-rtl --cycles N, N = $((NIR / 5)) and $NIR;" \
         "(Ir difference) / (cycles difference)"
fi
echo "targets (BRIEF 4): >= 10 M checked cycles/s on a 2-core machine, checked >= 0.5 x unchecked"
echo "the RTL-alone column bounds any lockstep harness: every checked cycle evaluates the Verilated RTL once"
echo "commands (best of $R each): $BIN --profile P --seed 1 --cycles $N --mode paging [--bench-rtl | --no-check | --threads 2]"
