#!/usr/bin/env bash
# RTL synthesis: Yosys `synth -top mmu_top` for every profile, then
# `check -assert` (no multiple drivers, no combinational loops, no undriven
# nets) and no latch cells. Prints PASS/FAIL lines (make test).
#
# RTL_SYNTH_REPORT=1 (make synth) also maps every profile to iCE40
# (`synth_ice40`) and ECP5 (`synth_ecp5`), each twice: flattened (the totals
# to compare) and with -noflatten (cells per module), then prints one table
# per profile and the longest combinational path in LUT levels
# (tb/scripts/synth_report.py), and writes $BUILD/rtl/synth/summary.{tsv,json};
# and the four bus bridges of rtl/bus, each alone, to both families (their
# rows under each profile's table). Seven Yosys runs per profile instead of
# one: minutes, not seconds.
#
# Needs $BUILD/gen/<profile>/mmu_profile.vh.
# SYNTH_PROFILES="sv32 sv39" limits the profiles; RTL_SYNTH_JOBS (default 2)
# Yosys runs at a time.
set -u
BUILD=${BUILD:-build}
RTL=$(echo rtl/*.v)   # every module; Yosys keeps what mmu_top instantiates
OUT=$BUILD/rtl/synth
JOBS=${RTL_SYNTH_JOBS:-2}
REPORT=${RTL_SYNTH_REPORT:-0}
mkdir -p "$OUT"
fails=0
profiles=${SYNTH_PROFILES:-$(ls rtl/profiles/*.profile | sed 's|.*/||; s|\.profile$||')}
kinds=generic
[ "$REPORT" = 1 ] && kinds="generic ice40 ice40h ecp5 ecp5h bus_ice40 bus_ecp5"
# The bus bridges (rtl/bus, docs/integration.md), each synthesized alone with the
# profile's address and PTE widths: their own cost, next to the MMU's.
BRIDGES="mmu_wb_walker mmu_wb_regs mmu_axi_walker mmu_axil_regs"

# yosys script for one run: generic (the checks), ice40/ecp5 (flattened:
# stat and netlist), ice40h/ecp5h (hierarchy kept: stat per module)
script() {   # profile kind
  local p=$1 k=$2
  echo "read_verilog -DSYNTHESIS -Irtl -I$BUILD/gen/$p $RTL"
  case $k in
    generic)
      echo "synth -top mmu_top"
      echo "check -assert"
      echo "select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$_DLATCH_* t:\$_DLATCHSR_*"
      echo "tee -o $OUT/$p.stat stat" ;;
    ice40|ecp5)
      echo "synth_$k -top mmu_top"
      echo "tee -q -o $OUT/$p.$k.stat stat"
      echo "tee -q -o $OUT/$p.$k.json stat -json"
      echo "write_json $OUT/$p.$k.net.json" ;;
    ice40h|ecp5h)
      echo "synth_${k%h} -top mmu_top -noflatten"
      echo "tee -q -o $OUT/$p.$k.json stat -json" ;;
    bus_*)
      local fam=${k#bus_} pa pte
      pa=$(sed -n 's/^`define MMU_P_PA_BITS //p' "$BUILD/gen/$p/mmu_profile.vh")
      pte=$(( 8 * $(sed -n 's/^`define MMU_P_PTE_BYTES //p' "$BUILD/gen/$p/mmu_profile.vh") ))
      echo "design -reset"
      echo "read_verilog -DSYNTHESIS rtl/bus/mmu_wb_walker.v rtl/bus/mmu_wb_regs.v rtl/bus/mmu_axi_walker.v rtl/bus/mmu_axil_regs.v"
      echo "design -save bridges"
      for m in $BRIDGES; do
        echo "design -load bridges"
        case $m in *walker) echo "chparam -set PA_BITS $pa -set PTE_BITS $pte $m" ;; esac
        echo "synth_$fam -top $m"
        echo "tee -q -o $OUT/$p.$fam.$m.json stat -json"
        echo "write_json $OUT/$p.$fam.$m.net.json"
      done ;;
  esac
}

run_one() {   # profile kind -> $OUT/<p>.<kind>.{ys,log,rc}
  local p=$1 k=$2 t0=$SECONDS
  script "$p" "$k" >"$OUT/$p.$k.ys"
  yosys -q -l "$OUT/$p.$k.log" -s "$OUT/$p.$k.ys" >/dev/null 2>&1
  echo "$? $((SECONDS - t0))" >"$OUT/$p.$k.rc"
}

running=0
for p in $profiles; do
  for k in $kinds; do
    rm -f "$OUT/$p.$k.rc" "$OUT/$p.$k.json" "$OUT/$p.$k.net.json"
    [ -f "$BUILD/gen/$p/mmu_profile.vh" ] || continue
    run_one "$p" "$k" &
    running=$((running + 1))
    if [ $running -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
  done
done
wait

report_ok=()
for p in $profiles; do
  if [ ! -f "$BUILD/gen/$p/mmu_profile.vh" ]; then
    echo "FAIL rtl_synth_$p: missing $BUILD/gen/$p/mmu_profile.vh (run: make synth)"; fails=$((fails + 1)); continue
  fi
  read -r rc secs <"$OUT/$p.generic.rc"
  if [ "$rc" = 0 ]; then
    # totals: the section after "design hierarchy" (the whole design)
    cells=$(awk '/design hierarchy/ {h=1} h && /Number of cells:/ {n=$4} END {print n}' "$OUT/$p.stat")
    ffs=$(awk '/design hierarchy/ {h=1} h && $1 ~ /^\$_(S|A)?DFF/ {s+=$2} END {print s+0}' "$OUT/$p.stat")
    echo "PASS rtl_synth_${p}_no_latch_no_multidriver"
    echo "# $p: yosys generic: $cells cells, $ffs flip-flops (${secs}s)"
  else
    echo "FAIL rtl_synth_${p}_no_latch_no_multidriver: yosys failed: $(grep -m1 -E 'ERROR|Assert' "$OUT/$p.generic.log") (log $OUT/$p.generic.log)"
    fails=$((fails + 1))
  fi
  [ "$REPORT" = 1 ] || continue
  ok=1
  for k in ice40 ice40h ecp5 ecp5h bus_ice40 bus_ecp5; do
    read -r rc secs <"$OUT/$p.$k.rc"
    if [ "$rc" = 0 ]; then
      echo "PASS rtl_synth_${k}_$p (${secs}s)"
    else
      echo "FAIL rtl_synth_${k}_$p: synth_${k%h} failed: $(grep -m1 -E 'ERROR' "$OUT/$p.$k.log") (log $OUT/$p.$k.log)"
      fails=$((fails + 1)); ok=0
    fi
  done
  [ $ok = 1 ] && report_ok+=("$p")
done
if [ "$REPORT" = 1 ] && [ ${#report_ok[@]} -gt 0 ]; then
  echo
  if python3 tb/scripts/synth_report.py "$OUT" "${report_ok[@]}"; then
    echo "PASS rtl_synth_report"
  else
    echo "FAIL rtl_synth_report: tb/scripts/synth_report.py failed"; fails=$((fails + 1))
  fi
fi
[ $fails -eq 0 ]
