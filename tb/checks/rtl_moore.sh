#!/usr/bin/env bash
# Every output port of mmu_top is a function of the state only: no path of
# combinational cells from an input port to an output port (docs/rtl.md
# "Ports"). The cycle model is written that way, and mmu-cosim --threads 2
# reads the RTL's outputs before it applies the cycle's inputs, so it relies
# on it. Yosys, per profile: flatten, map memories to flip-flops, then select
# the outputs in the combinational output cone of the inputs (%coe*); it must
# be empty. A copy of the RTL with one injected input->output path must be
# caught, so the check is known to be able to fail.
set -u
. tb/scripts/check_lib.sh
OUT=$BUILD/rtl/moore
rm -rf "$OUT"; mkdir -p "$OUT"
MODS="mmu_top mmu_regs mmu_perf mmu_seg mmu_pte_decode mmu_perm_check mmu_tlb mmu_tlb_repl mmu_ptw mmu_param_check"

# comb_outputs RTL_DIR PROFILE NAME: the offending outputs, one per line, in $OUT/NAME.txt
comb_outputs() {
    local dir=$1 gen=$BUILD/gen/$2 name=$3 srcs=""
    for m in $MODS; do srcs="$srcs $dir/$m.v"; done
    cat >"$OUT/$name.ys" <<YS
read_verilog -DSYNTHESIS -I$dir -I$gen $srcs
hierarchy -top mmu_top
proc
flatten
memory
opt_clean
tee -q -o $OUT/$name.txt select -list i:* %coe* o:* %i
YS
    yosys -q -l "$OUT/$name.log" -s "$OUT/$name.ys" >/dev/null 2>&1
}

for f in rtl/profiles/*.profile; do
    p=$(basename "$f" .profile)
    if [ ! -f "$BUILD/gen/$p/mmu_profile.vh" ]; then
        fail "rtl_moore_$p" "missing $BUILD/gen/$p/mmu_profile.vh (make build)"; continue
    fi
    if ! comb_outputs rtl "$p" "$p"; then
        fail "rtl_moore_$p" "yosys failed: $(grep -m1 ERROR "$OUT/$p.log") (log $OUT/$p.log)"
    elif [ -s "$OUT/$p.txt" ]; then
        fail "rtl_moore_$p" "outputs with a combinational path from an input: $(sed 's|.*/||' "$OUT/$p.txt" | tr '\n' ' ')"
    else
        pass "rtl_moore_$p"
    fi
done

# the check must see an injected path: req_ready_o made to depend on mem_rsp_err_i
mkdir -p "$OUT/mutant"
cp rtl/*.v rtl/*.vh "$OUT/mutant/"
sed -i 's/^\(  assign req_ready_o = .*\);/\1 \& ~mem_rsp_err_i;/' "$OUT/mutant/mmu_top.v"
if ! grep -q 'assign req_ready_o = .*mem_rsp_err_i' "$OUT/mutant/mmu_top.v"; then
    fail rtl_moore_catches_injected_path "could not inject the path (req_ready_o assignment changed?)"
elif comb_outputs "$OUT/mutant" sv32 mutant && grep -q 'req_ready_o' "$OUT/mutant.txt"; then
    pass rtl_moore_catches_injected_path
else
    fail rtl_moore_catches_injected_path "an injected mem_rsp_err_i -> req_ready_o path was not reported (log $OUT/mutant.log)"
fi
check_done
