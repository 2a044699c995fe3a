#!/usr/bin/env bash
# The FuseSoC core (mmukit.core; docs/integration.md "FuseSoC"):
# 1. every rtl/profiles/*.profile has its pre-generated header
#    fusesoc/profiles/NAME/mmu_profile.vh, byte for byte what
#    `mmu-ref profile --verilog` writes now, and a profile_NAME fileset;
# 2. `fusesoc run --target=lint` and `--target=lint_axi` (Verilator -Wall) pass;
# 3. `--target=sim` runs tb/bus/tb_bus.v under Icarus (Wishbone) and under
#    Verilator (--BUS=1, AXI) with every bench check passing;
# 4. a profile flag selects that profile's header; the board targets
#    (icebreaker, ulx3s, tangnano9k) set up: the right top, profile, pins file
#    and tool commands in the generated Makefile (the builds themselves need
#    the FPGA tools: not run here).
# Needs the venv of `make deps` ($BUILD/fusesoc/venv) and $BUILD/bin/mmu-ref.
set -u
BUILD=${BUILD:-build}
FUSESOC=${FUSESOC:-$BUILD/fusesoc/venv/bin/fusesoc}
MMU_REF=${MMU_REF:-$BUILD/bin/mmu-ref}
WORK=$BUILD/fusesoc/runs
OUT=$BUILD/fusesoc/check
CORE=mmukit:mmukit:mmu
mkdir -p "$OUT"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

# ---- 1. profile headers
profiles=$(ls rtl/profiles/*.profile | sed 's|.*/||; s|\.profile$||')
for p in $profiles; do
  hdr=fusesoc/profiles/$p/mmu_profile.vh
  id=profile_$(echo "$p" | tr -- '-.' '__')
  if [ ! -f "$hdr" ]; then
    fail "fusesoc_profile_$p" "$hdr missing (run: make fusesoc-profiles)"
  elif ! "$MMU_REF" profile --verilog "rtl/profiles/$p.profile" | cmp -s - "$hdr"; then
    fail "fusesoc_profile_$p" "$hdr differs from rtl/profiles/$p.profile (run: make fusesoc-profiles)"
  elif ! grep -q "^  $id:" mmukit.core || ! grep -q "fusesoc/profiles/$p/mmu_profile.vh" mmukit.core; then
    fail "fusesoc_profile_$p" "mmukit.core has no fileset $id with $hdr"
  else
    pass "fusesoc_profile_$p"
  fi
done
for d in fusesoc/profiles/*/; do
  p=$(basename "$d")
  [ -f "rtl/profiles/$p.profile" ] || fail "fusesoc_profile_$p" "$d has no rtl/profiles/$p.profile (remove it)"
done

if [ ! -x "$FUSESOC" ]; then
  fail fusesoc_installed "$FUSESOC missing (run: make deps)"; exit 1
fi
fsoc() {   # log, then fusesoc run arguments
  local log=$1; shift
  "$FUSESOC" --cores-root . run --build-root "$WORK" "$@" >"$log" 2>&1
}

# ---- 2. lint
for t in lint lint_axi; do
  log=$OUT/$t.log
  if fsoc "$log" --target=$t $CORE && grep -q 'Running' "$log" && ! grep -q '^%' "$log"; then
    pass "fusesoc_$t"
  else
    fail "fusesoc_$t" "$(grep -m1 -E '^%|ERROR' "$log") (log $log)"
  fi
done

# ---- 3. sim: Icarus on the Wishbone top, Verilator on the AXI top
for run in "icarus 0 proto_wb" "verilator 1 proto_axi"; do
  read -r tool bus _ <<<"$run"
  log=$OUT/sim_$tool.log
  fsoc "$log" --target=sim --tool=$tool $CORE --BUS=$bus --NOPS=300
  rc=$?
  summary=$(grep -m1 '^# [0-9]* passed, [0-9]* failed' "$log")
  if [ $rc -eq 0 ] && [ -n "$summary" ] && [ "$(grep -c '^PASS ' "$log")" -ge 9 ] && ! grep -q '^FAIL\|MMU_ASSERT' "$log"; then
    pass "fusesoc_sim_${tool}_bus$bus ($summary)"
  else
    fail "fusesoc_sim_${tool}_bus$bus" "$(grep -m1 -E '^FAIL|MMU_ASSERT|ERROR|rror' "$log") ${summary:-no summary line} (log $log)"
  fi
done

# ---- 4. profile flag, board targets (setup only)
log=$OUT/flag.log
vc=$WORK/mmukit_mmukit_mmu_0.1/lint-verilator/mmukit_mmukit_mmu_0.1.vc
if fsoc "$log" --target=lint --flag profile_sv32 --setup $CORE && grep -q 'fusesoc/profiles/sv32$' "$vc" &&
   [ "$(grep -c '^+incdir+.*fusesoc/profiles/' "$vc")" = 1 ]; then
  pass fusesoc_profile_flag_selects_one_header
else
  fail fusesoc_profile_flag_selects_one_header "--flag profile_sv32: $(grep '+incdir+.*profiles' "$vc" 2>/dev/null | tr '\n' ' ') (log $log)"
fi
for b in "icebreaker sv32-fpga icebreaker.pcf nextpnr-ice40" "ulx3s sv39-fpga ulx3s.lpf nextpnr-ecp5" \
         "tangnano9k sv32-fpga tangnano9k.cst nextpnr-himbaechel"; do
  read -r board prof pins pnr <<<"$b"
  log=$OUT/$board.log
  mk=$WORK/mmukit_mmukit_mmu_0.1/$board/Makefile
  rm -f "$mk"
  if fsoc "$log" --target=$board --setup $CORE && [ -f "$mk" ] && grep -q "fusesoc/profiles/$prof/mmu_profile.vh" "$mk" &&
     grep -q "$pnr .*$pins" "$mk" && grep -q "${board}_top.v" "$mk"; then
    pass "fusesoc_board_${board}_setup"
  else
    fail "fusesoc_board_${board}_setup" "no Makefile with ${board}_top, profile $prof, $pnr and $pins (log $log)"
  fi
done
[ $fails -eq 0 ]
