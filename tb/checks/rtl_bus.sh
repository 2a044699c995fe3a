#!/usr/bin/env bash
# The bus bridges (rtl/bus: Wishbone B4 and AXI4 / AXI4-Lite around mmu_top):
# 1. lint: verilator --lint-only -Wall and iverilog -g2005 -Wall on mmu_wb and
#    mmu_axi report nothing, for every profile;
# 2. tb/bus/tb_bus.v under Icarus (MMU_ASSERTS): the same random operations
#    through the bare mmu_top and through a bus top with random stalls and wait
#    states (and failing AXI exclusive writes) must give the same translations,
#    register reads and final memory, with no protocol violation (monitors in
#    tb/bus); several configurations;
# 3. the monitors are not blind: a bridge built with an injected protocol bug
#    (MMU_BUS_INJECT_*) must make its protocol check fail.
# Needs $BUILD/gen/<profile>/mmu_profile.vh. BUS_FILTER=glob narrows part 2/3.
set -u
BUILD=${BUILD:-build}
OUT=$BUILD/rtl/bus
mkdir -p "$OUT"
RTL=$(echo rtl/mmu_top.v rtl/mmu_regs.v rtl/mmu_perf.v rtl/mmu_seg.v rtl/mmu_pte_decode.v \
     rtl/mmu_perm_check.v rtl/mmu_tlb.v rtl/mmu_tlb_repl.v rtl/mmu_ptw.v rtl/mmu_pwc.v rtl/mmu_param_check.v)
BUSRTL=$(echo rtl/bus/*.v)
TB=$(echo tb/bus/*.v)
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

for p in $(ls rtl/profiles/*.profile | sed 's|.*/||; s|\.profile$||'); do
  gen=$BUILD/gen/$p
  [ -f "$gen/mmu_profile.vh" ] || { fail "bus_lint_$p" "missing $gen/mmu_profile.vh (run: make rtl-headers)"; continue; }
  for top in mmu_wb mmu_axi; do
    log=$OUT/lint_${top}_$p.log
    # shellcheck disable=SC2086
    if verilator --lint-only -Wall -Irtl -I"$gen" --top-module $top $BUSRTL $RTL >"$log" 2>&1 && ! grep -q '^%' "$log" &&
       iverilog -g2005 -Wall -Irtl -I"$gen" -s $top -o /dev/null $BUSRTL $RTL >>"$log" 2>&1 && ! grep -qv '^$' "$log"; then
      pass "bus_lint_${top}_$p"
    else
      fail "bus_lint_${top}_$p" "$(grep -m1 . "$log") (log $log)"
    fi
  done
done

# "tag profile [define] [param=value ...]": define "-" for none.
# expect: pass, or the name of the check that must FAIL (an injected bug).
CONFIGS=(
  "wb.sv32 sv32 - BUS=0:pass"
  "wb.sv39.seed2 sv39 - BUS=0 SEED=2:pass"
  "wb.sv39.fast sv39 - BUS=0 BP=0 LAT=1:pass"
  "wb.sv39.slow sv39 - BUS=0 BP=60 LAT=6 SEED=3:pass"
  "axi.sv32 sv32 - BUS=1:pass"
  "axi.sv39.seed2 sv39 - BUS=1 SEED=2:pass"
  "axi.sv39.fast sv39 - BUS=1 BP=0 LAT=1 XFAIL=0:pass"
  "axi.sv39.slow sv39 - BUS=1 BP=60 LAT=6 XFAIL=50 SEED=3:pass"
  "axi.sv39.noexcl sv39 - BUS=1 NOEXCL=1:pass"
  "inject.wb_unlock sv39 MMU_BUS_INJECT_WB_UNLOCK BUS=0:protocol_wb_master"
  "inject.axi_early_w sv39 MMU_BUS_INJECT_AXI_EARLY_W BUS=1:protocol_axi_master"
  "inject.axil_rdata sv39 MMU_BUS_INJECT_AXIL_RDATA BUS=1:protocol_axil_slave"
)
for cfg in "${CONFIGS[@]}"; do
  expect=${cfg##*:}; cfg=${cfg%:*}
  read -r -a f <<<"$cfg"
  tag=${f[0]} prof=${f[1]} def=${f[2]} params=("${f[@]:3}")
  [[ $tag == ${BUS_FILTER:-*} ]] || continue
  gen=$BUILD/gen/$prof
  [ -f "$gen/mmu_profile.vh" ] || { fail "bus_$tag" "missing $gen/mmu_profile.vh (run: make rtl-headers)"; continue; }
  flags=(-DMMU_ASSERTS); [ "$def" = - ] || flags+=("-D$def")
  for pv in "${params[@]}"; do flags+=("-Ptb_bus.$pv"); done
  clog=$OUT/$tag.compile.log rlog=$OUT/$tag.log
  # shellcheck disable=SC2086
  if ! iverilog -g2005 -Wall "${flags[@]}" -Irtl -Itb/bus -I"$gen" -s tb_bus -o "$OUT/$tag.vvp" \
         $TB $BUSRTL $RTL >"$clog" 2>&1 || [ -s "$clog" ]; then
    fail "bus_$tag" "iverilog: $(head -1 "$clog") (log $clog)"; continue
  fi
  vvp -n "$OUT/$tag.vvp" >"$rlog" 2>&1
  if ! grep -q '^# [0-9]* passed, [0-9]* failed' "$rlog"; then
    fail "bus_$tag" "bench did not finish: $(grep -m1 -E 'MMU_ASSERT|FAIL|rror' "$rlog") (log $rlog)"; continue
  fi
  if grep -q MMU_ASSERT "$rlog"; then fail "bus_$tag" "$(grep -m1 MMU_ASSERT "$rlog") (log $rlog)"; continue; fi
  if [ "$expect" = pass ]; then
    sed -n "s/^PASS /PASS bus_$tag:/p; s/^FAIL /FAIL bus_$tag:/p" "$rlog"
    grep -q '^FAIL ' "$rlog" && fails=$((fails + 1))
  elif grep -q "^FAIL $expect:" "$rlog"; then
    pass "bus_${tag}_caught ($(grep -m1 "^FAIL proto" "$rlog" | sed 's/^FAIL //'))"
  else
    fail "bus_${tag}_caught" "the injected bug did not make $expect fail (log $rlog)"
  fi
done
[ $fails -eq 0 ]
