#!/usr/bin/env bash
# Directed RTL testbenches (tb/rtl/tb_*.v) under Icarus Verilog 11, with the
# RTL assertions on (MMU_ASSERTS). Each configuration is "bench profile
# [param=value ...]"; its PASS/FAIL lines are prefixed with a config tag.
# sv39-hum (request IDs): the benches keep one request in flight (no bursts),
# so its answers are those of sv39-pwc, and every response must carry its
# request's ID (tb_util.vh port_rsp_id_rules_every_cycle) -- except tb_hum,
# which drives hits and misses under walks (hit under miss, docs/rtl.md) with a
# slow memory (LAT=10), and on sv39-pwc (ID_BITS = 0) checks that the same
# streams are answered in order.
# A compile warning, a missing summary line or an MMU_ASSERT is a FAIL.
# Needs $BUILD/gen/<profile>/mmu_profile.vh. TB_FILTER=glob narrows the set.
# For make mutate (tb/scripts/mutate.py): RTL_DIR reads the RTL from another
# directory, RTL_TB_OUT puts the logs elsewhere, RTL_TB_FIRST_FAIL=1 stops at
# the first failing configuration, RTL_TB_WALL= compiles without -Wall (a
# mutant that only adds a warning is not killed by the warning),
# RTL_TB_VVP_TIMEOUT=s bounds each simulation.
set -u
BUILD=${BUILD:-build}
OUT=${RTL_TB_OUT:-$BUILD/rtl/tb}
R=${RTL_DIR:-rtl}
mkdir -p "$OUT"
RTL=$(echo $R/mmu_top.v $R/mmu_regs.v $R/mmu_perf.v $R/mmu_seg.v $R/mmu_pte_decode.v \
     $R/mmu_perm_check.v $R/mmu_tlb.v $R/mmu_tlb_repl.v $R/mmu_ptw.v $R/mmu_pwc.v $R/mmu_param_check.v)
CONFIGS=(
  "tb_seg ostep-linear"
  "tb_segcount ostep-linear SEG_COUNT=3"
  "tb_tlb sv32-fpga"
  "tb_small ostep-multilevel"
  "tb_walk sv32"
  "tb_walk sv32 LAT=3"
  "tb_walk sv32 BP=1"
  "tb_walk sv32 LAT=4 BP=1"
  "tb_ad sv32"
  "tb_ad sv32 LAT=2 BP=1"
  "tb_sv39 sv39"
  "tb_sv39 sv39 LAT=2 BP=1"
  "tb_tlb sv32 REPL=0" "tb_tlb sv32 REPL=1" "tb_tlb sv32 REPL=2" "tb_tlb sv32 REPL=3"
  "tb_tlb sv39 REPL=0" "tb_tlb sv39 REPL=1" "tb_tlb sv39 REPL=2" "tb_tlb sv39 REPL=3"
  "tb_tlb sv39 TLB_WAYS=8 REPL=0" "tb_tlb sv39 TLB_WAYS=8 REPL=1"
  "tb_tlb sv39 TLB_SETS=16 TLB_WAYS=8 REPL=3" "tb_tlb sv39 TLB_SETS=2 TLB_WAYS=16 REPL=2"
  "tb_tlb sv32 TLB_SETS=2 TLB_WAYS=2 REPL=0"
  "tb_ad sv32 TLB_SETS=2 TLB_WAYS=16"
  "tb_seg ostep-linear HIT_STAGES=2" "tb_walk sv32 HIT_STAGES=2" "tb_ad sv32 LAT=2 BP=1 HIT_STAGES=2"
  "tb_sv39 sv39 HIT_STAGES=2" "tb_tlb sv32 REPL=0 HIT_STAGES=2" "tb_tlb sv39 REPL=1 HIT_STAGES=2"
  "tb_tlb sv39 REPL=1 ISOLATE=0" "tb_walk sv32 ISOLATE=0" "tb_tlb sv32-fpga ISOLATE=1"
  "tb_pwc sv39-pwc" "tb_pwc sv39-pwc PWC_ENTRIES=2" "tb_pwc sv39-pwc ISOLATE=0" "tb_pwc sv39-pwc PWC_ENTRIES=16 LAT=3 BP=1"
  "tb_sv39 sv39-pwc LAT=2 BP=1"
  "tb_sv39 sv39-hum LAT=2 BP=1" "tb_pwc sv39-hum"
  "tb_hum sv39-hum LAT=10" "tb_hum sv39-hum LAT=10 BP=1" "tb_hum sv39-hum" "tb_hum sv39-hum LAT=10 ID_BITS=1"
  "tb_hum sv39-pwc LAT=10"
)
fails=0
# Messages (issue 12 item 8): every bench check says what it expected and what it got,
# so none calls the bare check(name, cond) of tb_util.vh, whose message is only
# "condition false"; names are held in TB_NAME_CHARS-wide registers, never 8*48.
bare=$(grep -nE '(^|[^_a-z])check\(|8\*48' tb/rtl/*.v | head -3 | tr '\n' ' ')
if [ -n "$bare" ]; then
  echo "FAIL rtl_tb_messages: a check without expected/got or a narrow name register: $bare"; fails=$((fails + 1))
else
  echo "PASS rtl_tb_messages"
fi
for cfg in "${CONFIGS[@]}"; do
  read -r -a f <<<"$cfg"
  tb=${f[0]} prof=${f[1]} params=("${f[@]:2}")
  tag="$tb.$prof"; pflags=()
  for pv in "${params[@]}"; do tag="$tag.$(echo "$pv" | tr 'A-Z' 'a-z' | tr '=' '_')"; pflags+=("-P$tb.$pv"); done
  [[ $tag == ${TB_FILTER:-*} ]] || continue
  gen=$BUILD/gen/$prof
  if [ ! -f "$gen/mmu_profile.vh" ]; then
    echo "FAIL $tag: missing $gen/mmu_profile.vh (run: make rtl-tb)"; fails=$((fails + 1)); continue
  fi
  clog=$OUT/$tag.compile.log rlog=$OUT/$tag.log
  # shellcheck disable=SC2086
  if ! iverilog -g2005 ${RTL_TB_WALL--Wall} -DMMU_ASSERTS "${pflags[@]}" -I"$R" -Itb/rtl -I"$gen" -s "$tb" \
         -o "$OUT/$tag.vvp" "tb/rtl/$tb.v" tb/rtl/tb_mem.v $RTL >"$clog" 2>&1 || [ -s "$clog" ]; then
    echo "FAIL $tag: iverilog: $(head -1 "$clog") (log $clog)"; fails=$((fails + 1))
    [ "${RTL_TB_FIRST_FAIL:-0}" = 1 ] && break
    continue
  fi
  f0=$fails
  ${RTL_TB_VVP_TIMEOUT:+timeout $RTL_TB_VVP_TIMEOUT} vvp -n "$OUT/$tag.vvp" >"$rlog" 2>&1
  sed -n "s/^PASS /PASS $tag:/p; s/^FAIL /FAIL $tag:/p" "$rlog"
  grep -q '^FAIL ' "$rlog" && fails=$((fails + 1))
  if grep -q 'MMU_ASSERT' "$rlog"; then
    echo "FAIL $tag: $(grep -m1 MMU_ASSERT "$rlog")"; fails=$((fails + 1))
  elif ! grep -q '^# [0-9]* passed, [0-9]* failed' "$rlog"; then
    echo "FAIL $tag: bench did not finish (log $rlog)"; fails=$((fails + 1))
  fi
  [ "${RTL_TB_FIRST_FAIL:-0}" = 1 ] && [ $fails -gt $f0 ] && break
done
[ $fails -eq 0 ]
