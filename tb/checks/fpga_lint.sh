#!/usr/bin/env bash
# The board RTL (fpga/rtl, fpga/boards) is held to the rules of rtl/:
# `verilator --lint-only -Wall` and `iverilog -g2005 -Wall` with zero
# warnings, for mmu_board with every board's profile and for each board top.
# The PLL wrappers (fpga/boards/<board>/<board>_pll.v) find their dividers at
# elaboration: Yosys, with SYNTHESIS defined as in the board flow, must give
# the primitive the values the vendor calculators print (icepll, ecppll,
# gowin_pll; recorded below) and must refuse a frequency the PLL cannot make.
source tb/scripts/check_lib.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
MMU=(rtl/mmu_top.v rtl/mmu_regs.v rtl/mmu_perf.v rtl/mmu_seg.v rtl/mmu_pte_decode.v rtl/mmu_perm_check.v
     rtl/mmu_tlb.v rtl/mmu_tlb_repl.v rtl/mmu_ptw.v rtl/mmu_pwc.v rtl/mmu_param_check.v)
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
for p in ostep-linear ostep-multilevel sv32 sv39 sv32-fpga sv39-fpga; do
    lint "fpga_lint_mmu_board_$p" "$p" mmu_board
done
# a profile with request IDs (hit-under-miss: sv39-hum) is refused by name: the host
# protocol carries no request ID (docs/fpga.md "Profiles")
reject_board() {   # name profile word
    local name=$1 p=$2 word=$3 inc=$BUILD/gen/$2 out
    if [ ! -f "$inc/mmu_profile.vh" ]; then
        mkdir -p "$T/$p" && "$MMU_REF" profile --verilog "$p" -o "$T/$p/mmu_profile.vh" 2>/dev/null || {
            fail "$name" "cannot generate the header of profile $p"; return; }
        inc=$T/$p
    fi
    out=$(verilator --lint-only -Wall -Irtl -Ifpga/rtl -I"$inc" --top-module mmu_board "${BRIDGE[@]}" "${MMU[@]}" 2>&1)
    grep -q "unsupported_parameter_$word" <<<"$out" || { fail "${name}_verilator" "no elaboration error naming $word"; return; }
    out=$(iverilog -g2005 -Wall -Irtl -Ifpga/rtl -I"$inc" -s mmu_board -o "$T/r.vvp" "${BRIDGE[@]}" "${MMU[@]}" 2>&1)
    grep -q "unsupported_parameter_$word" <<<"$out" || { fail "${name}_iverilog" "no elaboration error naming $word"; return; }
    pass "$name: verilator and iverilog refuse mmu_board with $p (unsupported_parameter_$word)"
}
reject_board fpga_rejects_request_ids sv39-hum ID_BITS_board_needs_0
# each board top with its PLL (a wire without SYNTHESIS) and its profile (fpga/boards/boards.mk)
board_profile() { make -s --no-print-directory -f fpga/boards/boards.mk -f - <<<"x: ; @echo \$(${1}_PROFILE)" x; }
for b in icebreaker ulx3s tangnano9k; do
    lint "fpga_lint_${b}_top" "$(board_profile $b)" "${b}_top" fpga/boards/board_por.v fpga/boards/$b/*.v
done

# pll NAME module lib primitive CLK_HZ "PARAM=value ..."  (values as `dump` prints them)
pll() {
    local name=$1 mod=$2 lib=$3 prim=$4 hz=$5 want=$6 b=${2%_pll} out got=""
    out=$(yosys -p "read_verilog -lib +/$lib; read_verilog -DSYNTHESIS fpga/boards/$b/$mod.v;
                    hierarchy -check -top $mod -chparam CLK_HZ $hz; dump t:$prim" 2>&1)
    if [ -z "$want" ]; then   # must be refused
        if grep -q "pll_cannot_make_CLK_HZ_exactly' referenced" <<<"$out"; then
            pass "$name: $mod refuses CLK_HZ $hz (no exact divider setting)"
        else
            fail "$name" "$mod accepted CLK_HZ $hz"
        fi
        return
    fi
    local kv
    for kv in $want; do
        grep -qE "parameter (signed )?.${kv%%=*} ${kv#*=}\$" <<<"$out" || got="$got ${kv%%=*}"
    done
    if [ -z "$got" ]; then pass "$name: $prim at $hz Hz: $want"
    else fail "$name" "$prim at $hz Hz: wrong or missing$got: $(grep -m3 -E 'parameter|ERROR' <<<"$out" | tr '\n' ' ')"; fi
}
if command -v yosys >/dev/null; then
    pll fpga_pll_ice40_48mhz icebreaker_pll ice40/cells_sim.v SB_PLL40_PAD 48000000 \
        "DIVR=4'0000 DIVF=7'0111111 DIVQ=3'100 FILTER_RANGE=3'001"            # icepll -i 12 -o 48
    pll fpga_pll_ice40_60mhz icebreaker_pll ice40/cells_sim.v SB_PLL40_PAD 60000000 \
        "DIVR=4'0000 DIVF=7'1001111 DIVQ=3'100 FILTER_RANGE=3'001"            # icepll -i 12 -o 60
    pll fpga_pll_ice40_refuses icebreaker_pll ice40/cells_sim.v SB_PLL40_PAD 47000000 ""
    pll fpga_pll_ecp5_125mhz ulx3s_pll ecp5/cells_bb.v EHXPLLL 125000000 \
        "CLKI_DIV=1 CLKFB_DIV=5 CLKOP_DIV=5 CLKOP_CPHASE=2"                   # ecppll -i 25 -o 125
    pll fpga_pll_ecp5_100mhz ulx3s_pll ecp5/cells_bb.v EHXPLLL 100000000 \
        "CLKI_DIV=1 CLKFB_DIV=4 CLKOP_DIV=6"                                  # ecppll -i 25 -o 100
    pll fpga_pll_ecp5_refuses ulx3s_pll ecp5/cells_bb.v EHXPLLL 123456789 ""
    pll fpga_pll_gowin_90mhz tangnano9k_pll gowin/cells_sim.v rPLL 90000000 \
        "IDIV_SEL=2 FBDIV_SEL=9 ODIV_SEL=8 FCLKIN=\"27\""                     # gowin_pll -i 27 -o 90
    pll fpga_pll_gowin_81mhz tangnano9k_pll gowin/cells_sim.v rPLL 81000000 \
        "IDIV_SEL=0 FBDIV_SEL=2 ODIV_SEL=8"                                   # gowin_pll -i 27 -o 81
    pll fpga_pll_gowin_refuses tangnano9k_pll gowin/cells_sim.v rPLL 70000000 ""
else
    fail fpga_pll_tools "yosys not installed (make deps)"
fi
check_done
