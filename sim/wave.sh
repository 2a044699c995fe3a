#!/usr/bin/env bash
# wave.sh — `make wave`: a short scenario replayed with a waveform dump, then
# GTKWave on it with the save file (grouped signals, translate filters).
#   WAVE_SIM=icarus (default) | verilator     WAVE_CYCLES=300  WAVE_SEED=1
# Vectors: `mmu-ref vectors --profile $PROFILE` when the environment library is
# built, else the hand-written sv32 smoke vectors (hit, miss + walk, fault).
# With no $DISPLAY, prints the exact gtkwave command instead of starting it.
set -eu
BUILD=${BUILD:-build}
MMU_REF=${MMU_REF:-$BUILD/bin/mmu-ref}
PROFILE=${PROFILE:-sv39}
SIM=${WAVE_SIM:-icarus}
W=$BUILD/waves
mkdir -p "$W"
vec=$W/wave.vec
if "$MMU_REF" vectors --profile "$PROFILE" --seed "${WAVE_SEED:-1}" --cycles "${WAVE_CYCLES:-300}" -o "$vec" 2>"$W/vectors.log"; then
    p=$PROFILE
else
    echo "wave: $(head -1 "$W/vectors.log")"
    echo "wave: using the hand-written smoke vectors (tb/icarus/vectors/sv32-smoke.vec)"
    vec=tb/icarus/vectors/sv32-smoke.vec; p=sv32
fi
d=$W/$SIM-$p
mkdir -p "$d"
case $SIM in
icarus)
    "$MMU_REF" profile --verilog "$p" -o "$d/mmu_profile.vh"
    iverilog -g2005 -Wall -Wno-timescale -Irtl -I"$d" -s tb_replay -o "$d/tb_replay.vvp" tb/icarus/tb_replay.v rtl/*.v
    fst=$W/icarus.fst
    vvp -n "$d/tb_replay.vvp" -fst +vectors="$vec" +name=wave +fst="$fst" | grep -E '^(PASS|FAIL) '
    ;;
verilator)
    bin=$(bash tb/icarus/verilator_build.sh "$p" "$d")
    fst=$W/verilator.fst
    "$bin" +vectors="$vec" +name=wave +fst="$fst" | grep -E '^(PASS|FAIL) '
    ;;
*) echo "wave: WAVE_SIM must be icarus or verilator, not '$SIM'" >&2; exit 2 ;;
esac
save=$W/mmukit-$SIM.gtkw
gsim=$SIM; [ "$SIM" = verilator ] && gsim=verilator-replay
python3 sim/gtkw.py --sim "$gsim" --profile-vh "$d/mmu_profile.vh" --dump "$fst" -o "$save"
cmd="gtkwave $fst $save"
if [ -n "${DISPLAY:-}" ] && command -v gtkwave >/dev/null; then
    echo "wave: $cmd"
    $cmd >/dev/null 2>&1 &
else
    command -v gtkwave >/dev/null || echo "wave: gtkwave is not installed (apt-get install gtkwave)"
    echo "wave: no display; open the waveform with:"
    echo "  $cmd"
    echo "(sim/mmukit-icarus.gtkw / sim/mmukit-verilator.gtkw: the same layout for Sv39 widths)"
fi
