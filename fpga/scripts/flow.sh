#!/usr/bin/env bash
# flow.sh -- one board: synthesis, place and route, bitstream, summary.
# Called by `make fpga BOARD=...` (fpga/fpga.mk) with the board's settings in
# the environment (fpga/boards/boards.mk):
#   BOARD FAMILY DEVICE PACKAGE FAMILYNAME OSC_HZ CLK_HZ PROFILE PARAMS TOP PINS
#   GEN (dir of mmu_profile.vh)  OUT (output dir)  SRCS (Verilog files)
#   YOSYS NEXTPNR PACK (tools; ECP5/Gowin from the yowasp venv)  SEED
#   PNR_OPTS (extra nextpnr options, e.g. the placer's timing weight)
# Writes OUT/: BOARD.{bin,bit,fs}, yosys.log, nextpnr.log, report.json and
# summary.txt (one "key value" per line: what `make fpga-report` tabulates).
# CLK_HZ is the PLL's output (the board top's PLL makes it from OSC_HZ): it
# goes to the top as a parameter and to nextpnr as --freq. nextpnr runs with
# --timing-allow-fail so that a slow design still gets its bitstream and
# report, and this script then ends with "TIMING NOT MET" and exit status 1.
set -euo pipefail
: "${BOARD:?}" "${FAMILY:?}" "${OUT:?}" "${TOP:?}"
mkdir -p "$OUT"
# The tools run inside OUT and every file is named relative to it: YoWASP's
# WebAssembly sandbox sees the working directory and its ancestors, and the
# root's subdirectories only where the host allows it (not /tmp, here).
ROOT=$(pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$ROOT/$1" ;; esac; }
OUT=$(abs "$OUT")
rel() { realpath -m --relative-to="$OUT" "$(abs "$1")"; }
GEN=$(rel "$GEN"); PINS=$(rel "$PINS"); RTL_INC=$(rel rtl); FPGA_INC=$(rel fpga/rtl)
srcs_rel=""
for f in $SRCS; do srcs_rel="$srcs_rel $(rel "$f")"; done
SRCS=$srcs_rel
for t in YOSYS NEXTPNR PACK; do   # tools given by path (the venv) become absolute
    case ${!t} in */*) printf -v "$t" '%s' "$(abs "${!t}")" ;; esac
done
cd "$OUT"
mhz=$(awk -v h="$CLK_HZ" 'BEGIN{printf "%.2f", h/1e6}')
chp="chparam -set CLK_HZ $CLK_HZ ${OSC_HZ:+-set OSC_HZ $OSC_HZ} ${PARAMS:-} $TOP;"
read_v="read_verilog -DSYNTHESIS -I$RTL_INC -I$FPGA_INC -I$GEN $SRCS; $chp"
seed=${SEED:-1}
step() { echo "[$BOARD] $*"; }
# FLOW_SUMMARY_ONLY=1: only re-read the logs of the last build into summary.txt
run() { [ -n "${FLOW_SUMMARY_ONLY:-}" ] || "$@"; }
[ -n "${FLOW_SUMMARY_ONLY:-}" ] || rm -f summary.txt report.json
# nextpnr failing (the design does not fit, or cannot be routed) still gets a
# summary: the utilisation it printed, and "met no"
pnr_err=""
pnr() { run "$@" || pnr_err=$(grep -m1 '^ERROR' nextpnr.log || echo "nextpnr failed"); }

case $FAMILY in
ice40)
    step "yosys synth_ice40 ($PROFILE)"
    run $YOSYS -q -l "yosys.log" -p "$read_v synth_ice40 -spram -top $TOP -json $BOARD.json; tee -q -o stat.txt stat" >/dev/null
    step "nextpnr-ice40 --$DEVICE --package $PACKAGE --freq $mhz"
    pnr $NEXTPNR --"$DEVICE" --package "$PACKAGE" --pcf "$PINS" --json "$BOARD.json" --asc "$BOARD.asc" \
        --freq "$mhz" --timing-allow-fail --seed "$seed" ${PNR_OPTS:-} --report "report.json" -l "nextpnr.log" -q
    step "icepack"
    [ -n "$pnr_err" ] || run $PACK "$BOARD.asc" "$BOARD.bin"
    bitfile=$OUT/$BOARD.bin
    lut_key=ICESTORM_LC; ram_keys="ICESTORM_RAM ICESTORM_SPRAM"
    ffs=$(awk '/SB_DFF/ {s += $2} END {print s+0}' "$OUT/stat.txt")
    ;;
ecp5)
    step "yosys synth_ecp5 ($PROFILE)"
    run $YOSYS -q -l "yosys.log" -p "$read_v synth_ecp5 -top $TOP -json $BOARD.json; tee -q -o stat.txt stat" >/dev/null
    step "nextpnr-ecp5 --$DEVICE --package $PACKAGE --freq $mhz"
    pnr $NEXTPNR --"$DEVICE" --package "$PACKAGE" --lpf "$PINS" --json "$BOARD.json" --textcfg "$BOARD.config" \
        --freq "$mhz" --timing-allow-fail --seed "$seed" ${PNR_OPTS:-} --report "report.json" -l "nextpnr.log" -q
    step "ecppack"
    [ -n "$pnr_err" ] || run $PACK --compress "$BOARD.config" "$BOARD.bit"
    bitfile=$OUT/$BOARD.bit
    lut_key=TRELLIS_COMB; ram_keys="DP16KD"
    ffs=$(grep -E '^Info:[[:space:]]+TRELLIS_FF:' "$OUT/nextpnr.log" | tail -1 | awk '{split($3, a, "/"); print a[1]}')
    ;;
gowin)
    step "yosys synth_gowin ($PROFILE)"
    run $YOSYS -q -l "yosys.log" -p "$read_v synth_gowin -top $TOP -json $BOARD.json; tee -q -o stat.txt stat" >/dev/null
    step "nextpnr-himbaechel --device $DEVICE --freq $mhz"
    pnr $NEXTPNR --device "$DEVICE" --vopt family="$FAMILYNAME" --vopt cst="$PINS" --json "$BOARD.json" \
        --write "$BOARD.pnr.json" --freq "$mhz" --timing-allow-fail --seed "$seed" ${PNR_OPTS:-} --report "report.json" \
        -l "nextpnr.log" -q
    step "gowin_pack"
    [ -n "$pnr_err" ] || run $PACK -d "$FAMILYNAME" -o "$BOARD.fs" "$BOARD.pnr.json"
    bitfile=$OUT/$BOARD.fs
    lut_key=LUT4; ram_keys="BSRAM"
    ffs=$(grep -E '^Info:[[:space:]]+DFF:' "$OUT/nextpnr.log" | tail -1 | awk '{split($3, a, "/"); print a[1]}')
    ;;
*) echo "flow.sh: unknown FAMILY '$FAMILY'" >&2; exit 2 ;;
esac

# ---- summary from the logs ---------------------------------------------------------
util() {   # key -> "used/avail" of the last utilisation table
    grep -E "^Info:[[:space:]]+$1:[[:space:]]+[0-9]+/[[:space:]]*[0-9]+" "$OUT/nextpnr.log" | tail -1 |
        awk '{print $3 $4}' || true
}
luts=$(util "$lut_key")
if [ "$FAMILY" = gowin ]; then   # Gowin carry chains (ALU) take LUT sites too
    alu=$(util ALU); [ -n "$alu" ] && luts="$luts + ${alu%%/*} ALU"
fi
rams=""
for k in $ram_keys; do
    u=$(util "$k")
    [ -n "$u" ] && rams="$rams${rams:+ + }$u $k"
done
# Fmax and timing: nextpnr's last "Max frequency for clock" line per clock
# (after routing); the design's clock is the slowest one, and timing is met
# when every clock passes at its target.
fmax_lines=$(grep -E 'Max frequency for clock' "$OUT/nextpnr.log" |
             awk '{c = $0; sub(/.*clock /, "", c); sub(/:.*/, "", c); last[c] = $0} END {for (c in last) print last[c]}')
fmax=$(sed -E 's/.*: ([0-9.]+) MHz.*/\1/' <<<"$fmax_lines" | sort -g | head -1)
met=yes
[ -n "$fmax_lines" ] || met=no
grep -q 'FAIL at' <<<"$fmax_lines" && met=no
[ -z "$pnr_err" ] || { met=no; fmax=-; bitfile="(none: $pnr_err)"; }
# the critical path's start and end registers (report.json, names from the netlist)
crit="? ?"
[ -f "$OUT/report.json" ] && crit=$(python3 "$ROOT/fpga/scripts/critpath.py" "$OUT/report.json" "$OUT/$BOARD.json" 2>/dev/null)
{
    echo "board $BOARD"
    echo "family $FAMILY"
    echo "device $DEVICE"
    echo "profile $PROFILE"
    echo "params ${PARAMS:-}"
    echo "osc $(awk -v h="${OSC_HZ:-0}" 'BEGIN{printf "%.2f", h/1e6}')"
    echo "luts $luts"
    echo "ffs $ffs"
    echo "rams $rams"
    echo "fmax $fmax"
    echo "target $mhz"
    echo "met $met"
    echo "crit_from ${crit%% *}"
    echo "crit_to ${crit##* }"
    echo "pnr --seed $seed${PNR_OPTS:+ $PNR_OPTS}"
    echo "bitstream $bitfile"
    echo "pnr_error $pnr_err"
} >"$OUT/summary.txt"
step "done: $bitfile (LUTs $luts, FFs $ffs, RAM $rams, Fmax $fmax MHz, clock $mhz MHz, met: $met)"
step "critical path: ${crit%% *} -> ${crit##* }"
if [ -n "$pnr_err" ]; then
    step "PLACE AND ROUTE FAILED: $pnr_err"
    exit 1
fi
if [ "$met" != yes ]; then
    step "TIMING NOT MET: Fmax $fmax MHz < $mhz MHz (nextpnr.log: $(grep -c 'FAIL at' <<<"$fmax_lines") failing clock(s))"
    exit 1
fi
