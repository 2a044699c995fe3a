#!/usr/bin/env bash
# The board RTL (fpga/rtl, fpga/boards) is held to the rules of rtl/:
# `verilator --lint-only -Wall` and `iverilog -g2005 -Wall` with zero
# warnings, for mmu_board with every board's profile and for each board top.
source tb/scripts/check_lib.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
MMU=(rtl/mmu_top.v rtl/mmu_regs.v rtl/mmu_perf.v rtl/mmu_seg.v rtl/mmu_pte_decode.v rtl/mmu_perm_check.v
     rtl/mmu_tlb.v rtl/mmu_tlb_repl.v rtl/mmu_ptw.v rtl/mmu_param_check.v)
BRIDGE=(fpga/rtl/*.v)
lint() {   # name profile top extra-files...
    local name=$1 p=$2 top=$3; shift 3
    local inc=$BUILD/gen/$p
    if [ ! -f "$inc/mmu_profile.vh" ]; then
        mkdir -p "$T/$p" && "$MMU_REF" profile --verilog "$p" -o "$T/$p/mmu_profile.vh" 2>/dev/null || {
            fail "$name" "cannot generate the header of profile $p"; return; }
        inc=$T/$p
    fi
    local out
    out=$(verilator --lint-only -Wall -Irtl -Ifpga/rtl -I"$inc" --top-module "$top" "${BRIDGE[@]}" "$@" "${MMU[@]}" 2>&1)
    [ -z "$out" ] || { fail "${name}_verilator" "$(head -4 <<<"$out" | tr '\n' ' ')"; return; }
    out=$(iverilog -g2005 -Wall -Irtl -Ifpga/rtl -I"$inc" -s "$top" -o "$T/a.vvp" "${BRIDGE[@]}" "$@" "${MMU[@]}" 2>&1 |
          grep -v 'timescale' )
    [ -z "$out" ] || { fail "${name}_iverilog" "$(head -4 <<<"$out" | tr '\n' ' ')"; return; }
    pass "$name: verilator -Wall and iverilog -Wall clean ($top, $p)"
}
for p in ostep-linear ostep-multilevel sv32 sv39; do
    lint "fpga_lint_mmu_board_$p" "$p" mmu_board
done
lint fpga_lint_icebreaker_top ostep-linear icebreaker_top fpga/boards/board_por.v fpga/boards/icebreaker/icebreaker_top.v
lint fpga_lint_ulx3s_top sv39 ulx3s_top fpga/boards/board_por.v fpga/boards/ulx3s/ulx3s_top.v
lint fpga_lint_tangnano9k_top sv32 tangnano9k_top fpga/boards/board_por.v fpga/boards/tangnano9k/tangnano9k_top.v
check_done
