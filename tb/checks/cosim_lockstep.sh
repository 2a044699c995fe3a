#!/usr/bin/env bash
# Lockstep runs of every profile x several seeds x every memory latency model
# (random stimulus, all modes mixed): zero divergences. Two runs at a time.
# COSIM_CYCLES / COSIM_SEEDS scale it (defaults: 250000 cycles, seeds 1 2 3).
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim
OUT=$BUILD/cosim/checks
mkdir -p "$OUT"
CYCLES=${COSIM_CYCLES:-250000}
SEEDS=${COSIM_SEEDS:-"1 2 3"}
LATS=("fixed:1" "random:1-8" "burst")
if [ ! -x "$BIN" ]; then echo "FAIL cosim_lockstep: $BIN not built (make cosim)"; exit 1; fi
PROFILES=$("$BIN" --list-profiles | tr '\n' ' ')
fails=0 total=0
run() {   # profile lat seed
    local p=$1 lat=$2 s=$3 tag="${1}_${2//[:\/]/-}_seed$3"
    "$BIN" --profile "$p" --seed "$s" --cycles "$CYCLES" --mem-latency "$lat" --quiet \
        --report-json "$OUT/$tag.json" --wave "$OUT/$tag.fst" >"$OUT/$tag.log" 2>&1
    echo $? >"$OUT/$tag.rc"
}
jobs_=()
for p in $PROFILES; do for lat in "${LATS[@]}"; do for s in $SEEDS; do
    run "$p" "$lat" "$s" &
    jobs_+=($!)
    if [ ${#jobs_[@]} -ge 2 ]; then wait "${jobs_[0]}"; jobs_=("${jobs_[@]:1}"); fi
done; done; done
wait
for p in $PROFILES; do for lat in "${LATS[@]}"; do for s in $SEEDS; do
    tag="${p}_${lat//[:\/]/-}_seed$s"
    rc=$(cat "$OUT/$tag.rc" 2>/dev/null || echo 99)
    cyc=$(sed -n 's/.*"cycles": \([0-9]*\).*/\1/p' "$OUT/$tag.json" 2>/dev/null | head -1)
    total=$((total + ${cyc:-0}))
    if [ "$rc" = 0 ]; then
        echo "PASS cosim_lockstep_$tag (${cyc} cycles, $(sed -n 's/.*"translations": \([0-9]*\).*/\1/p' "$OUT/$tag.json") translations)"
    else
        echo "FAIL cosim_lockstep_$tag: exit $rc: $(grep -m1 -E 'DIVERGENCE|mmu-cosim:' "$OUT/$tag.log")"
        grep -m1 'reproduce:' "$OUT/$tag.log"
        fails=$((fails + 1))
    fi
done; done; done
lock=$(grep -l '"lockstep": true' "$OUT"/*.json 2>/dev/null | wc -l)
if [ "$lock" -eq 0 ]; then
    echo "FAIL cosim_lockstep_cycle_model: runs were arch-check only: the cycle model (cmodel/cycle) is not built in"
    fails=$((fails + 1))
fi
echo "cosim_lockstep: $total cycles in total"
[ "$fails" -eq 0 ]

# Storm of flushes, context switches and OS PTE rewrites (found an env bug:
# validating a random invalid PTE could leave a global leaf in one address
# space only; the TLB may then legally use it in another).
for p in $PROFILES; do
    for s in 4101 4103; do
        tag="${p}_storm_seed$s"
        if "$BIN" --profile "$p" --mode paging --seed "$s" --cycles 60000 --knob flush=80 --knob ctx_switch=30 \
            --knob mutate=40 --quiet --report-json "$OUT/$tag.json" >"$OUT/$tag.log" 2>&1; then
            echo "PASS cosim_lockstep_$tag"
        else
            echo "FAIL cosim_lockstep_$tag: $(grep -m1 -E 'DIVERGENCE|mmu-cosim:' "$OUT/$tag.log")"
            fails=$((fails + 1))
        fi
    done
done
[ "$fails" -eq 0 ]
