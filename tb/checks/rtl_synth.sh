#!/usr/bin/env bash
# RTL synthesis: Yosys `synth -top mmu_top` for every profile, then
# `check -assert` (no multiple drivers, no combinational loops, no undriven
# nets) and no latch cells. RTL_SYNTH_REPORT=1 (make synth) also maps to
# iCE40 (`synth_ice40`) and prints cells / flip-flops / LUT4s per profile.
# Needs $BUILD/gen/<profile>/mmu_profile.vh. Prints PASS/FAIL lines.
set -u
BUILD=${BUILD:-build}
RTL=$(echo rtl/mmu_top.v rtl/mmu_regs.v rtl/mmu_perf.v rtl/mmu_seg.v rtl/mmu_pte_decode.v \
     rtl/mmu_perm_check.v rtl/mmu_tlb.v rtl/mmu_tlb_repl.v rtl/mmu_ptw.v rtl/mmu_param_check.v)
OUT=$BUILD/rtl/synth
JOBS=${RTL_SYNTH_JOBS:-2}
mkdir -p "$OUT"
fails=0
profiles=$(ls rtl/profiles/*.profile | sed 's|.*/||; s|\.profile$||')

run_one() {   # profile -> writes $OUT/<p>.{log,rc,ice40.log,ice40.rc}
  local p=$1 gen=$BUILD/gen/$1
  cat >"$OUT/$p.ys" <<YS
read_verilog -DSYNTHESIS -Irtl -I$gen $RTL
synth -top mmu_top
check -assert
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$_DLATCH_* t:\$_DLATCHSR_*
tee -o $OUT/$p.stat stat
YS
  local t0=$SECONDS
  yosys -q -l "$OUT/$p.log" -s "$OUT/$p.ys" >/dev/null 2>&1
  echo "$? $((SECONDS - t0))" >"$OUT/$p.rc"
  if [ "${RTL_SYNTH_REPORT:-0}" = 1 ]; then
    t0=$SECONDS
    yosys -q -l "$OUT/$p.ice40.log" \
      -p "read_verilog -DSYNTHESIS -Irtl -I$gen $RTL; synth_ice40 -top mmu_top; tee -o $OUT/$p.ice40.stat stat" \
      >/dev/null 2>&1
    echo "$? $((SECONDS - t0))" >"$OUT/$p.ice40.rc"
  fi
}

running=0
for p in $profiles; do
  rm -f "$OUT/$p.rc" "$OUT/$p.ice40.rc"
  if [ ! -f "$BUILD/gen/$p/mmu_profile.vh" ]; then continue; fi
  run_one "$p" &
  running=$((running + 1))
  if [ $running -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait

for p in $profiles; do
  if [ ! -f "$BUILD/gen/$p/mmu_profile.vh" ]; then
    echo "FAIL rtl_synth_$p: missing $BUILD/gen/$p/mmu_profile.vh (run: make synth)"; fails=$((fails + 1)); continue
  fi
  read -r rc secs <"$OUT/$p.rc"
  if [ "$rc" = 0 ]; then
    # totals: the section after "design hierarchy" (the whole design)
    cells=$(awk '/design hierarchy/ {h=1} h && /Number of cells:/ {n=$4} END {print n}' "$OUT/$p.stat")
    ffs=$(awk '/design hierarchy/ {h=1} h && $1 ~ /^\$_(S|A)?DFF/ {s+=$2} END {print s+0}' "$OUT/$p.stat")
    echo "PASS rtl_synth_${p}_no_latch_no_multidriver"
    echo "# $p: yosys generic: $cells cells, $ffs flip-flops (${secs}s)"
  else
    echo "FAIL rtl_synth_${p}_no_latch_no_multidriver: yosys failed: $(grep -m1 -E 'ERROR|Assert' "$OUT/$p.log") (log $OUT/$p.log)"
    fails=$((fails + 1))
  fi
  if [ -f "$OUT/$p.ice40.rc" ]; then
    read -r rc secs <"$OUT/$p.ice40.rc"
    if [ "$rc" = 0 ]; then
      luts=$(awk '/SB_LUT4/ {print $2}' "$OUT/$p.ice40.stat" | tail -1)
      dffs=$(grep -E 'SB_DFF' "$OUT/$p.ice40.stat" | awk '{s+=$2} END {print s+0}')
      rams=$(awk '/SB_RAM40_4K/ {print $2}' "$OUT/$p.ice40.stat" | tail -1)
      echo "PASS rtl_synth_ice40_$p"
      echo "# $p: iCE40: ${luts:-0} LUT4, $dffs DFF, ${rams:-0} SB_RAM40_4K (${secs}s)"
    else
      echo "FAIL rtl_synth_ice40_$p: synth_ice40 failed (log $OUT/$p.ice40.log)"; fails=$((fails + 1))
    fi
  fi
done
[ $fails -eq 0 ]
