#!/usr/bin/env bash
# verilator_build.sh PROFILE OUTDIR — the same tb_replay.v + mmu_cover.v built
# with Verilator 5 (--binary --timing, FST tracing, MMU_COVERAGE), so one
# vector file replays in both simulators. Prints the binary's path.
set -eu
p=$1 d=$2
BUILD=${BUILD:-build}
MMU_REF=${MMU_REF:-$BUILD/bin/mmu-ref}
mkdir -p "$d"
arg=$p; [ -f "rtl/profiles/$p.profile" ] || arg=$BUILD/icarus/profiles/$p.profile
"$MMU_REF" profile --verilog "$arg" -o "$d/mmu_profile.vh"
verilator --binary -j "$(nproc 2>/dev/null || echo 2)" --timescale 1ns/1ns -Wno-fatal -Wno-lint -Wno-style \
    --trace-fst -DMMU_COVERAGE -Irtl -I"$d" --top-module tb_replay -Mdir "$d/obj" \
    tb/icarus/tb_replay.v tb/icarus/mmu_cover.v rtl/*.v -o tb_replay >"$d/build.log" 2>&1 ||
    { tail -20 "$d/build.log" >&2; exit 1; }
echo "$d/obj/tb_replay"
