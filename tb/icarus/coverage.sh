#!/usr/bin/env bash
# coverage.sh — `make coverage`: every coverage point of tb/icarus/mmu_cover.v
# with its hit count over the Icarus replay runs (tb/icarus/regress.sh).
# COVER_VERILATOR=1 also replays every vector file in a Verilator build of the
# same testbench and checks its counters equal Icarus' run by run.
# Exit status 1 if a reachable point is unhit (or the simulators disagree).
set -u
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/icarus}
bash tb/icarus/regress.sh all
status=$(cat "$OUT/vectors.status" 2>/dev/null || echo "regress.sh did not run")
[ "$status" = ok ] || echo "coverage: generated vectors unavailable ($status); counting the smoke vectors only"
rc=0
if [ "${COVER_VERILATOR:-0}" = 1 ]; then
    vl=$OUT/verilator
    mkdir -p "$vl/runs"
    for vec in "$OUT"/runs/*.vec tb/icarus/vectors/sv32-smoke.vec; do
        [ -f "$vec" ] || continue
        run=$(basename "$vec" .vec); [ "$run" = sv32-smoke ] && run=smoke-sv32
        p=$(sed -n '1s/.*profile=//p' "$vec")
        bin=$vl/$p/obj/tb_replay
        [ -x "$bin" ] || bin=$(bash tb/icarus/verilator_build.sh "$p" "$vl/$p") || { echo "coverage: Verilator build failed for $p"; rc=1; continue; }
        "$bin" +vectors="$vec" +name="vl-$run" +cover_out="$vl/runs/$run.cov" | grep -E '^(PASS|FAIL) '
        if cmp -s "$vl/runs/$run.cov" "$OUT/runs/$run.cov"; then
            echo "coverage: $run: Verilator counters equal Icarus counters"
        else
            echo "coverage: $run: Verilator and Icarus counters differ:"; diff "$OUT/runs/$run.cov" "$vl/runs/$run.cov" | head; rc=1
        fi
    done
fi
echo "== functional coverage (tb/icarus/mmu_cover.v), Icarus replay runs"
bash tb/icarus/cover_merge.sh "$OUT"/runs/*.cov || rc=1
exit $rc
