#!/usr/bin/env bash
# The whole board path without a board: the Verilator model of each board top
# (UART, framing, command engine, MMU, block-RAM memory; $BUILD/fpga/sim/<board>/
# board_sim) runs behind a real pseudo-terminal, and mmu-hil drives it through
# the pty exactly as it drives a board's serial port:
#   - INFO and the protocol's error handling (bad CRC, unknown command, bad
#     length/address/argument, resync after noise);
#   - a scenario (+ seeded random accesses) checked response by response
#     against the arch model, then signature mode (the board's CRC-32 of N
#     LFSR translations equals the model's), memory read-back, counters;
#   - a trace through the OS layer (page faults, swapping, flushes);
#   - the checker itself: an injected model error is reported as a mismatch,
#     another profile is refused.
# Each board runs fpga/scenarios/<its profile>-hil.scn (the profile the
# board reports in INFO: fpga/boards/boards.mk), so a scenario never uses a
# mode or a counter its board's profile leaves out. ostepsim is a simulated
# board only: the OSTEP linear-table profile with every mode.
# FPGA_SIM_BOARDS (default "icebreaker ulx3s tangnano9k ostepsim") narrows the set.
source tb/scripts/check_lib.sh
HIL=$BUILD/bin/mmu-hil
T=$(mktemp -d)
SIM_PID=""
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
[ -x "$HIL" ] || { fail fpga_hil_built "$HIL missing (make mmu-hil)"; check_done; exit; }

expect_run fpga_hil_unknown_option 2 "unknown option '--frob'" "$HIL" --frob
expect_run fpga_hil_needs_port 2 "missing --port DEV" "$HIL" --info
expect_run fpga_hil_missing_port 3 "cannot open serial port $T/nosuch" "$HIL" --port "$T/nosuch" --info

start_sim() {   # board -> SIM_PID, PTY
    "$BUILD/fpga/sim/$1/board_sim" --max-seconds 240 >"$T/$1.out" 2>"$T/$1.err" &
    SIM_PID=$!
    PTY=""
    for _ in $(seq 100); do
        PTY=$(awk '/^PTY /{print $2}' "$T/$1.out" 2>/dev/null)
        [ -n "$PTY" ] && return 0
        sleep 0.1
    done
    return 1
}
stop_sim() {
    kill "$SIM_PID" 2>/dev/null
    wait "$SIM_PID" 2>/dev/null
    SIM_PID=""
}

# run NAME ARGS... : mmu-hil must exit 0 and report 0 mismatches
hil_run() {
    local name=$1; shift
    local out rc
    out=$("$HIL" --port "$PTY" "$@" 2>&1); rc=$?
    echo "$out" >"$T/$name.log"
    local last
    last=$(grep '^mmu-hil: ' <<<"$out" | tail -1)
    if [ $rc = 0 ] && grep -q ' 0 mismatches' <<<"$last"; then
        pass "$name: ${last#mmu-hil: }"
        grep -E '^PASS (signature|trace|memory|counters)' <<<"$out" | sed "s/^PASS /  /"
    else
        fail "$name" "exit $rc: $(grep -E 'MISMATCH|FAIL|mmu-hil:' <<<"$out" | head -3 | tr '\n' ' ')"
    fi
}

for b in ${FPGA_SIM_BOARDS:-icebreaker ulx3s tangnano9k ostepsim}; do
    if [ ! -x "$BUILD/fpga/sim/$b/board_sim" ]; then
        fail "fpga_${b}_sim_built" "$BUILD/fpga/sim/$b/board_sim missing (make test-build)"
        continue
    fi
    if ! start_sim "$b"; then
        fail "fpga_${b}_sim_starts" "no PTY line from board_sim: $(head -3 "$T/$b.err")"
        stop_sim
        continue
    fi
    pass "fpga_${b}_sim_starts: $PTY"
    expect_run "fpga_${b}_info" 0 "board: profile" "$HIL" --port "$PTY" --info
    prof=$("$HIL" --port "$PTY" --info 2>/dev/null | awk '/^board: profile/ {sub(/,$/, "", $3); print $3}')
    scn=fpga/scenarios/$prof-hil.scn
    if [ ! -f "$scn" ]; then
        fail "fpga_${b}_scenario_exists" "board reports profile '$prof': no $scn"
        stop_sim
        continue
    fi
    out=$("$HIL" --port "$PTY" --link-test 2>&1); rc=$?
    grep '^PASS \|^FAIL ' <<<"$out" | sed "s/^\(PASS\|FAIL\) link_/\1 fpga_${b}_link_/"
    [ $rc = 0 ] || _fails=$((_fails + 1))
    extra=()
    case $prof in
    sv39*)
        trace=traces/array_sum.lackey.gz; trace_args=(--limit 400)
        wrong=sv32 ;;
    ostep-linear)
        "$MMU_REF" gen multi --seed 3 --count 500 --va-bits 14 --page 1024 --span 4096 --wset 2048 --procs 2 \
            --quantum 100 -o "$T/$b.trc" >/dev/null 2>&1
        trace=$T/$b.trc; trace_args=(--mode segmentation)
        extra=(tb/scenarios/ostep-segmentation.scn tb/scenarios/ostep-base-bounds.scn)
        wrong=ostep-multilevel ;;
    *)            # sv32*
        "$MMU_REF" gen multi --seed 3 --count 500 --va-bits 32 --span 65536 --wset 16384 --procs 1 \
            -o "$T/$b.trc" >/dev/null 2>&1
        trace=$T/$b.trc; trace_args=()
        wrong=sv39 ;;
    esac
    for x in "${extra[@]}"; do
        hil_run "fpga_${b}_$(basename "$x" .scn)" --scenario "$x" --random 100
    done
    hil_run "fpga_${b}_scenario" --scenario "$scn" --random 300 --seed 7 --signature 3000
    hil_run "fpga_${b}_trace" --trace "$trace" "${trace_args[@]}" --signature 1000 --sig-priv user
    [ "$prof" = ostep-linear ] && hil_run "fpga_${b}_trace_paging" --trace "$trace" --mode paging --frames 6
    # the checker must see a wrong answer and refuse a board of another profile
    out=$("$HIL" --port "$PTY" --scenario "$scn" --inject-mismatch 3 2>&1); rc=$?
    if [ $rc = 1 ] && grep -q '^MISMATCH ' <<<"$out" && grep -q ' 1 mismatches' <<<"$out"; then
        pass "fpga_${b}_reports_mismatch: $(grep -m1 '^MISMATCH' <<<"$out" | cut -c1-120)"
    else
        fail "fpga_${b}_reports_mismatch" "exit $rc: $(tail -2 <<<"$out" | tr '\n' ' ')"
    fi
    expect_run "fpga_${b}_refuses_other_profile" 3 "is not profile $wrong" "$HIL" --port "$PTY" --profile "$wrong" --info
    stop_sim
    if grep -q ' 0 framing errors' "$T/$b.err"; then
        pass "fpga_${b}_uart_clean: $(grep -m1 '^board_sim:' "$T/$b.err" | cut -d: -f2-)"
    else
        fail "fpga_${b}_uart_clean" "$(tail -2 "$T/$b.err" | tr '\n' ' ')"
    fi
done
check_done
