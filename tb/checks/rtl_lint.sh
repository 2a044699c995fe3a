#!/usr/bin/env bash
# RTL lint: for every profile, verilator --lint-only -Wall on mmu_top (with
# and without MMU_ASSERTS) and Icarus -g2005 -Wall must report nothing; and
# parameter combinations the RTL does not implement must fail elaboration in
# Verilator, Icarus and Yosys. Needs $BUILD/gen/<profile>/mmu_profile.vh
# (make lint / make test build them). Prints PASS/FAIL lines.
set -u
BUILD=${BUILD:-build}
RTL=$(echo rtl/mmu_top.v rtl/mmu_regs.v rtl/mmu_perf.v rtl/mmu_seg.v rtl/mmu_pte_decode.v \
     rtl/mmu_perm_check.v rtl/mmu_tlb.v rtl/mmu_tlb_repl.v rtl/mmu_ptw.v rtl/mmu_pwc.v rtl/mmu_param_check.v)
OUT=$BUILD/rtl/lint
mkdir -p "$OUT"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
profiles=$(ls rtl/profiles/*.profile | sed 's|.*/||; s|\.profile$||')

for p in $profiles; do
  gen=$BUILD/gen/$p
  if [ ! -f "$gen/mmu_profile.vh" ]; then
    fail "rtl_lint_$p" "missing $gen/mmu_profile.vh (run: make lint)"; continue
  fi
  for mode in plain asserts; do
    def=; [ $mode = asserts ] && def=-DMMU_ASSERTS
    log=$OUT/verilator_${p}_$mode.log
    # shellcheck disable=SC2086
    if verilator --lint-only -Wall $def -Irtl -I"$gen" --top-module mmu_top $RTL >"$log" 2>&1 \
       && ! grep -q '^%' "$log"; then
      pass "rtl_verilator_lint_${p}_$mode"
    else
      fail "rtl_verilator_lint_${p}_$mode" "$(grep -m1 '^%' "$log") (log $log)"
    fi
  done
  log=$OUT/iverilog_$p.log
  # shellcheck disable=SC2086
  if iverilog -g2005 -Wall -Irtl -I"$gen" -s mmu_top -o "$OUT/mmu_top_$p.vvp" $RTL >"$log" 2>&1 \
     && [ ! -s "$log" ]; then
    pass "rtl_iverilog_compile_$p"
  else
    fail "rtl_iverilog_compile_$p" "$(head -1 "$log") (log $log)"
  fi
done

# Unsupported combinations are rejected at elaboration, by name, in all tools.
# "P=V[,P=V...]:WORD": the parameters set together, WORD in the error's module name.
gen=$BUILD/gen/sv32
if [ -f "$gen/mmu_profile.vh" ]; then
  for bad in "TLB_SETS=6:TLB_SETS" "TLB_WAYS=3:TLB_WAYS" "TLB_REPL=4:TLB_REPL" "LEVELS=5:" "ISOLATE=2:ISOLATE" "PWC_ENTRIES=6:PWC_ENTRIES" \
             "ID_BITS=9:ID_BITS_not_0_to_8" "ID_BITS=1,HIT_STAGES=2:ID_BITS_needs_HIT_STAGES_1"; do
    params=${bad%%:*} word=${bad#*:}
    name=$(echo "$params" | tr '=,' '__' | tr 'A-Z' 'a-z')
    vflags=() iflags=() ychp=""
    IFS=, read -r -a plist <<<"$params"
    for param in "${plist[@]}"; do
      vflags+=("-G$param"); iflags+=("-Pmmu_top.$param"); ychp="$ychp chparam -set ${param%%=*} ${param#*=} mmu_top;"
    done
    log=$OUT/reject_${name}_verilator.log
    # shellcheck disable=SC2086
    verilator --lint-only -Wall "${vflags[@]}" -Irtl -I"$gen" --top-module mmu_top $RTL >"$log" 2>&1
    if [ $? -ne 0 ] && grep -q "unsupported_parameter_$word" "$log"; then pass "rtl_rejects_${name}_verilator"
    else fail "rtl_rejects_${name}_verilator" "no elaboration error naming $word (log $log)"; fi
    log=$OUT/reject_${name}_iverilog.log
    # shellcheck disable=SC2086
    iverilog -g2005 -Wall "${iflags[@]}" -Irtl -I"$gen" -s mmu_top -o /dev/null $RTL >"$log" 2>&1
    if [ $? -ne 0 ] && grep -q "unsupported_parameter_$word" "$log"; then pass "rtl_rejects_${name}_iverilog"
    else fail "rtl_rejects_${name}_iverilog" "no elaboration error naming $word (log $log)"; fi
    log=$OUT/reject_${name}_yosys.log
    yosys -q -p "read_verilog -Irtl -I$gen $RTL;$ychp hierarchy -check -top mmu_top" >"$log" 2>&1
    if [ $? -ne 0 ] && grep -q "unsupported_parameter_$word" "$log"; then pass "rtl_rejects_${name}_yosys"
    else fail "rtl_rejects_${name}_yosys" "no elaboration error naming $word (log $log)"; fi
  done
fi
[ $fails -eq 0 ]
