#!/usr/bin/env bash
# The injected-bug library (rtl/mmu_inject.vh): the random lockstep must catch
# every bug. mmu-cosim-inject is the harness on sv39-hum RTL (sv39 plus the page-walk
# cache and hit-under-miss) with every
# MMU_INJECT_* hunk compiled in and selected at run time (MMU_INJECT=N), so
# one Verilator build covers the library (tb/cosim.mk). Per bug: random
# stimulus (not a directed sequence), exit 1, and the first divergence cycle
# printed. MMU_INJECT=0 (no bug) must pass the same runs. Bug 1 also checks
# the FST window and the two-thread screening run.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim-inject
TABLE=rtl/mmu_inject.vh
CYC=${INJECT_CYCLES:-300000}
PROF=${COSIM_INJECT_PROFILE:-sv39-hum}
# the random stimulus's seed: 3 reaches every bug on sv39-hum within CYC (seed 5,
# used before hit-under-miss, meets no walk bus error in 300 000 cycles there)
SEED=${INJECT_SEED:-3}
OUT=$BUILD/cosim/checks
mkdir -p "$OUT"
fails=0
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
if [ ! -x "$BIN" ]; then echo "FAIL cosim_inject_built: $BIN not built (make cosim-inject)"; exit 1; fi
# the table: "//  N  MMU_INJECT_NAME  class... module"
mapfile -t bugs < <(sed -n 's|^// *\([0-9][0-9]*\)  *\(MMU_INJECT_[A-Z0-9_]*\) .*|\1 \2|p' "$TABLE")
if [ "${#bugs[@]}" -lt 12 ]; then fail cosim_inject_library "$TABLE lists ${#bugs[@]} bugs, want at least 12"; fi
run() {   # $1 id, $2 seed, $3 tag: exit status of one random paging run
    MMU_INJECT=$1 "$BIN" --profile "$PROF" --seed "$2" --cycles "$CYC" --mode paging --quiet \
        --report-json "$OUT/inject-$3.json" >"$OUT/inject-$3.log" 2>&1
}
first_cycle() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['first_divergence']['cycle'])" "$1" 2>/dev/null; }
if run 0 "$SEED" none; then echo "PASS cosim_inject_off (MMU_INJECT=0: no divergence in $CYC cycles)"
else fail cosim_inject_off "MMU_INJECT=0 diverged: a hunk leaks into the correct RTL ($(grep -m1 DIVERGENCE "$OUT/inject-none.log"))"; fi
for b in "${bugs[@]}"; do
    id=${b%% *}; name=${b#* }
    if ! grep -qsE "ifdef $name( |$)" rtl/*.v; then fail "inject_$name" "no \`ifdef $name in rtl/*.v"; continue; fi
    run "$id" "$SEED" "$id"
    rc=$?
    c=$(first_cycle "$OUT/inject-$id.json")
    if [ $rc -eq 1 ] && [ -n "$c" ]; then
        echo "PASS inject_$name (first divergence cycle $c: $(grep -m1 -o 'DIVERGENCE at cycle [0-9]* (env cycle [0-9]*): [^:]*' "$OUT/inject-$id.log" | sed 's/.*): //'))"
    else
        fail "inject_$name" "random lockstep did not catch bug $id in $CYC cycles (exit $rc)"
    fi
done
# caught without the cycle model (--no-model): $1 bug, $2 check name, $3 grep -E pattern
# for the first divergence's signal, $4 who must catch it
caught_without_model() {
    MMU_INJECT=$1 "$BIN" --profile "$PROF" --seed "$SEED" --cycles "$CYC" --mode paging --quiet --no-model \
        --report-json "$OUT/inject-$1-arch.json" >"$OUT/inject-$1-arch.log" 2>&1
    local rc=$?
    if [ $rc -eq 1 ] && grep -qE "DIVERGENCE.*: ($3)\." "$OUT/inject-$1-arch.log"; then
        echo "PASS $2 ($(grep -m1 -o 'DIVERGENCE at cycle [0-9]*.*' "$OUT/inject-$1-arch.log"))"
    else fail "$2" "exit $rc: $4 alone did not catch bug $1 in $CYC cycles"; fi
}
# the walk-cache bug (16, kept over SFENCE): the arch check, from the random
# stimulus's pointer rewrites + flushes
caught_without_model 16 inject_pwc_caught_by_arch_check 'arch' "the arch check"
# the hit-under-miss bug (17, a hit under a walk answers with the walker's ID):
# the environment matches the response to the wrong request (arch check or ordering rules)
caught_without_model 17 inject_hum_id_caught_by_env 'arch|proto' "the environment"
# bug 1 again with a waveform, and screened by the two-thread run: the same first divergence
MMU_INJECT=1 "$BIN" --profile "$PROF" --seed "$SEED" --cycles 200000 --mode paging --quiet --report-json "$OUT/inject.json" \
    --wave "$OUT/inject.fst" >"$OUT/inject.log" 2>&1
if [ -s "$OUT/inject.fst" ]; then echo "PASS cosim_inject_wave"; else fail cosim_inject_wave "no FST window written"; fi
MMU_INJECT=1 "$BIN" --profile "$PROF" --seed "$SEED" --cycles 200000 --mode paging --quiet --threads 2 --report-json "$OUT/inject2.json" \
    >"$OUT/inject2.log" 2>&1
rc=$?
c1=$(first_cycle "$OUT/inject.json"); c2=$(first_cycle "$OUT/inject2.json")
if [ $rc -eq 1 ] && [ -n "$c1" ] && [ "$c1" = "$c2" ]; then echo "PASS cosim_inject_caught_threads2 (cycle $c2)"
else fail cosim_inject_caught_threads2 "exit $rc, first divergence '$c2', one thread '$c1'"; fi
[ $fails -eq 0 ]
