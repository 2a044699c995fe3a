#!/usr/bin/env bash
# regress.sh — build the Icarus replay testbench per profile, write vectors
# with `mmu-ref vectors`, replay them, and collect coverage counters.
#
#   regress.sh [smoke|regress|all]        (default all)
#
# Outputs under $OUT (default $BUILD/icarus):
#   <profile>/mmu_profile.vh  tb_replay.vvp    one testbench build per profile
#   runs/<run>.vec .log .cov                   one replay per profile x seed
#   results.txt                                "<run> PASS|FAIL <line>" per run
#   vectors.status                             "ok" or why vectors are unavailable
# The result is cached: when no input (RTL, profiles, testbench, mmu-ref,
# settings) changed since the last run, nothing is re-run, so the replay check
# and the coverage check share one regression inside `make test`.
#
# Runs per profile: one per seed in SEEDS, each with its own stimulus flavour
# (seed 1: the environment's defaults; seed 2: bursty memory, frequent mode
# switches, bus errors and segment rewrites; later seeds alternate), plus
# "directed" (every directed sequence of mmu_env.h, ends on its own).
# Settings (environment): SEEDS="1 2", CYCLES=3000, DIRECTED=1 (0: skip the
# directed run), MEM_LATENCY (overrides every run's --mem-latency), PROFILES
# (default: every rtl/profiles/*.profile plus sv32-random, a variant that
# exercises the LFSR replacement policy).
set -u
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/icarus}
MMU_REF=${MMU_REF:-$BUILD/bin/mmu-ref}
SEEDS=${SEEDS:-1 2}
CYCLES=${CYCLES:-3000}
MEM_LATENCY=${MEM_LATENCY:-}
DIRECTED=${DIRECTED:-1}
FLAVOUR2="--mem-latency burst --knob mode_switch=40 --knob bus_error=80 --knob seg_write=30 --knob flush=30 --knob status=40 --knob superpage=400"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
what=${1:-all}
mkdir -p "$OUT/runs" "$OUT/profiles"

# sv32-random: Sv32 geometry with the LFSR-random TLB replacement, so every
# replacement policy has a profile that uses it (victim_random coverage).
sed 's/^tlb_repl .*/tlb_repl     = random/' rtl/profiles/sv32.profile >"$OUT/profiles/sv32-random.profile.new"
cmp -s "$OUT/profiles/sv32-random.profile.new" "$OUT/profiles/sv32-random.profile" 2>/dev/null ||
    mv "$OUT/profiles/sv32-random.profile.new" "$OUT/profiles/sv32-random.profile"
rm -f "$OUT/profiles/sv32-random.profile.new"
if [ -z "${PROFILES:-}" ]; then
    PROFILES="$(ls rtl/profiles/*.profile | xargs -n1 basename | sed 's/\.profile$//' | tr '\n' ' ')sv32-random"
fi
profile_arg() {   # name -> what mmu-ref accepts
    if [ -f "rtl/profiles/$1.profile" ]; then echo "$1"; else echo "$OUT/profiles/$1.profile"; fi
}

# ---- cache key ------------------------------------------------------------
key=$( { cat rtl/*.v rtl/*.vh rtl/profiles/*.profile tb/icarus/*.v tb/icarus/vectors/*.vec \
             "$OUT/profiles/"*.profile "$MMU_REF" 2>/dev/null;
         echo "$what|$SEEDS|$CYCLES|$MEM_LATENCY|$DIRECTED|$FLAVOUR2|$PROFILES"; } | md5sum | cut -d' ' -f1)
if [ -f "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$key" ] && [ -f "$OUT/results.txt" ]; then
    exit 0
fi
rm -f "$OUT/stamp" "$OUT/results.txt" "$OUT"/runs/*
: >"$OUT/results.txt"

# ---- testbench builds -------------------------------------------------------
build_tb() {   # profile -> $OUT/<profile>/tb_replay.vvp
    local p=$1 d=$OUT/$1
    mkdir -p "$d"
    "$MMU_REF" profile --verilog "$(profile_arg "$p")" -o "$d/mmu_profile.vh" 2>"$d/build.log" || return 1
    iverilog -g2005 -Wall -Wno-timescale -DMMU_COVERAGE -Irtl -I"$d" -s tb_replay -o "$d/tb_replay.vvp" \
        tb/icarus/tb_replay.v tb/icarus/mmu_cover.v rtl/*.v >>"$d/build.log" 2>&1
}
replay() {     # run-name profile vector-file
    local run=$1 p=$2 vec=$3
    local log=$OUT/runs/$run.log
    vvp -n "$OUT/$p/tb_replay.vvp" +vectors="$vec" +name="$run" +cover_out="$OUT/runs/$run.cov" >"$log" 2>&1
    local line
    line=$(grep -E '^(PASS|FAIL) ' "$log" | head -1)
    [ -n "$line" ] || line="FAIL $run: no PASS/FAIL line from vvp (see $log)"
    echo "$run ${line%% *} $line" >>"$OUT/results.txt"
}

built=""
if [ "$what" != regress ]; then
    if build_tb sv32; then built="sv32"; replay smoke-sv32 sv32 tb/icarus/vectors/sv32-smoke.vec
    else echo "smoke-sv32 FAIL FAIL smoke-sv32: testbench build failed: $(tail -3 "$OUT/sv32/build.log" | tr '\n' ' ')" >>"$OUT/results.txt"; fi
fi

if [ "$what" != smoke ]; then
    # Can this mmu-ref write vectors at all? (needs cmodel/env + cmodel/cycle)
    probe=$("$MMU_REF" vectors --profile sv32 --seed 1 --cycles 1 -o "$OUT/runs/probe.vec" 2>&1)
    if [ $? -ne 0 ]; then
        echo "$probe" | head -1 >"$OUT/vectors.status"
    else
        echo ok >"$OUT/vectors.status"
        rm -f "$OUT/runs/probe.vec"
        jobs_file=$OUT/runs/jobs.txt
        : >"$jobs_file"
        for p in $PROFILES; do
            case " $built " in *" $p "*) ;; *)
                if ! build_tb "$p"; then
                    echo "build-$p FAIL FAIL build-$p: testbench build failed: $(tail -3 "$OUT/$p/build.log" | tr '\n' ' ')" >>"$OUT/results.txt"
                    continue
                fi;;
            esac
            if [ "$p" = sv32-random ]; then     # only the replacement policy differs from sv32
                echo "$p s1 --seed 1" >>"$jobs_file"; continue
            fi
            for s in $SEEDS; do
                if [ $((s % 2)) = 1 ]; then echo "$p s$s --seed $s" >>"$jobs_file"
                else echo "$p s$s --seed $s $FLAVOUR2" >>"$jobs_file"; fi
            done
            [ "$DIRECTED" = 1 ] && echo "$p directed --seed 1 --stimulus directed:all --cycles 40000" >>"$jobs_file"
        done
        export OUT MMU_REF CYCLES MEM_LATENCY
        export -f replay profile_arg
        # vectors + replay, JOBS at a time; a job line is "profile run-suffix args..."
        # (later options win: --cycles of the directed run, MEM_LATENCY)
        xargs -r -P "$JOBS" -L 1 bash -c '
            p=$0 run=$0-$1; shift 1
            lat=(); [ -n "$MEM_LATENCY" ] && lat=(--mem-latency "$MEM_LATENCY")
            if "$MMU_REF" vectors --profile "$(profile_arg "$p")" --cycles "$CYCLES" "$@" "${lat[@]}" \
                   -o "$OUT/runs/$run.vec" 2>"$OUT/runs/$run.vgen.log"; then
                replay "$run" "$p" "$OUT/runs/$run.vec"
            else
                echo "$run FAIL FAIL $run: mmu-ref vectors failed: $(head -1 "$OUT/runs/$run.vgen.log")" >>"$OUT/results.txt"
            fi' <"$jobs_file"
    fi
fi
echo "$key" >"$OUT/stamp"
