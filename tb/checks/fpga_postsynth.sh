#!/usr/bin/env bash
# Post-synthesis check: the Yosys netlist of mmu_top (generic `synth`, written
# with `write_verilog -noattr`) replays the same vector files as the RTL
# (tb/icarus/tb_replay.v, vectors from `mmu-ref vectors`), in Icarus with
# Yosys' simulation models of its cells (simcells.v, simlib.v). Zero
# mismatches means synthesis kept the cycle behaviour of every output.
# The default profiles include the boards' (sv32-fpga, sv39-fpga:
# fpga/boards/boards.mk), so what runs on a board is what is replayed here.
#   FPGA_POSTSYNTH_PROFILES (default "sv39-fpga sv32 sv32-fpga ostep-multilevel": the
#   longest replay first, two at a time), CYCLES (3000)
# Results are cached on a hash of every input (RTL, profile, testbench,
# mmu-ref, this script), like tb/icarus/regress.sh.
source tb/scripts/check_lib.sh
OUT=$BUILD/fpga/postsynth
PROFILES=${FPGA_POSTSYNTH_PROFILES:-sv39-fpga sv32 sv32-fpga ostep-multilevel}
CYCLES=${CYCLES:-3000}
mkdir -p "$OUT"
for t in yosys iverilog vvp; do
    command -v $t >/dev/null || { fail postsynth_tools "$t not installed (make deps)"; check_done; exit; }
done
# yosys-config comes with yosys-dev; without it the cell models sit next to the binary
DATDIR=$(yosys-config --datdir 2>/dev/null) || DATDIR=$(dirname "$(dirname "$(command -v yosys)")")/share/yosys
[ -f "$DATDIR/simcells.v" ] && [ -f "$DATDIR/simlib.v" ] ||
    { fail postsynth_tools "no simcells.v/simlib.v in $DATDIR"; check_done; exit; }
RTL=(rtl/mmu_top.v rtl/mmu_regs.v rtl/mmu_perf.v rtl/mmu_seg.v rtl/mmu_pte_decode.v rtl/mmu_perm_check.v
     rtl/mmu_tlb.v rtl/mmu_tlb_repl.v rtl/mmu_ptw.v rtl/mmu_pwc.v rtl/mmu_param_check.v)

run_profile() {   # profile -> PASS/FAIL lines
    local p=$1 d=$OUT/$1
    mkdir -p "$d"
    local key
    key=$( { cat "${RTL[@]}" rtl/*.vh "rtl/profiles/$p.profile" tb/icarus/tb_replay.v "$MMU_REF" "$0";
             echo "$CYCLES"; } | md5sum | cut -d' ' -f1)
    if [ -f "$d/stamp" ] && [ "$(cat "$d/stamp")" = "$key" ] && [ -f "$d/results.txt" ]; then
        cat "$d/results.txt"; return
    fi
    rm -f "$d/stamp" "$d/results.txt"
    local res=$d/results.txt.new
    : >"$res"
    if ! "$MMU_REF" profile --verilog "$p" -o "$d/mmu_profile.vh" 2>"$d/gen.log"; then
        echo "FAIL postsynth_$p: mmu-ref profile --verilog failed: $(head -1 "$d/gen.log")" >>"$res"
    elif ! yosys -q -l "$d/yosys.log" -p "read_verilog -Irtl -I$d ${RTL[*]}; synth -top mmu_top; check -assert; \
              tee -q -o $d/stat.txt stat -top mmu_top; write_verilog -noattr $d/netlist.v" >/dev/null 2>&1; then
        echo "FAIL postsynth_${p}_synth: yosys failed: $(grep -m1 -i error "$d/yosys.log")" >>"$res"
    elif ! iverilog -g2005 -Wno-timescale -Irtl -I"$d" -s tb_replay -o "$d/tb.vvp" tb/icarus/tb_replay.v \
              "$d/netlist.v" "$DATDIR/simcells.v" "$DATDIR/simlib.v" >"$d/iverilog.log" 2>&1; then
        echo "FAIL postsynth_${p}_build: iverilog failed: $(head -3 "$d/iverilog.log" | tr '\n' ' ')" >>"$res"
    else
        local cells latches
        cells=$(grep 'Number of cells:' "$d/stat.txt" | tail -1 | awk '{print $NF}')
        latches=$(grep -c 'DLATCH' "$d/netlist.v")
        if [ "$latches" = 0 ]; then
            echo "PASS postsynth_${p}_synth: generic netlist of $cells cells, check -assert clean, no latches" >>"$res"
        else
            echo "FAIL postsynth_${p}_synth: $latches latch cells in the netlist" >>"$res"
        fi
        local runs=("s1 --seed 1 --cycles $CYCLES"
                    "s2 --seed 2 --cycles $CYCLES --mem-latency burst --knob mode_switch=40 --knob flush=30 --knob superpage=400"
                    "directed --seed 1 --stimulus directed:all --cycles 40000")
        local r
        for r in "${runs[@]}"; do
            local name=${r%% *} args=${r#* }
            # shellcheck disable=SC2086
            if ! "$MMU_REF" vectors --profile "$p" $args -o "$d/$name.vec" 2>"$d/$name.vgen.log"; then
                echo "FAIL postsynth_${p}_$name: mmu-ref vectors failed: $(head -1 "$d/$name.vgen.log")" >>"$res"
                continue
            fi
            vvp -n "$d/tb.vvp" +vectors="$d/$name.vec" +name="postsynth_${p}_$name" >"$d/$name.log" 2>&1
            local line
            line=$(grep -E '^(PASS|FAIL) ' "$d/$name.log" | head -1)
            [ -n "$line" ] || line="FAIL postsynth_${p}_$name: no verdict from vvp (see $d/$name.log)"
            echo "$line" >>"$res"
        done
    fi
    mv "$res" "$d/results.txt"
    grep -q '^FAIL' "$d/results.txt" || echo "$key" >"$d/stamp"
    cat "$d/results.txt"
}

# Two profiles at a time (the gate-level replays are single-threaded and take
# minutes; the machine has two cores), reported in order.
pids=()
for p in $PROFILES; do
    run_profile "$p" >"$OUT/$p.lines" 2>&1 &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
wait
for p in $PROFILES; do
    while read -r line; do
        echo "$line"
        [[ $line == FAIL* ]] && _fails=$((_fails + 1))
    done <"$OUT/$p.lines"
done
check_done
