#!/usr/bin/env bash
# mmu-cosim's command line: bad input gets one clear message and exit 2, no
# partial report; a profile whose geometry is not the RTL's is refused; the
# JSON report is complete; same seed, same run.
set -u
. tb/scripts/check_lib.sh
BIN=$BUILD/bin/mmu-cosim
T=$BUILD/cosim/cli
rm -rf "$T"; mkdir -p "$T"
expect_run cosim_cli_help 0 "--mem-latency MODEL" "$BIN" --help
expect_run cosim_cli_unknown_option 2 "unknown option '--bogus'" "$BIN" --bogus
expect_run cosim_cli_bad_profile 2 "--profile nosuch" "$BIN" --profile nosuch
expect_run cosim_cli_bad_latency 2 "expected fixed:N, random:MIN-MAX or burst" "$BIN" --mem-latency slow
expect_run cosim_cli_bad_random 2 "random:MIN-MAX" "$BIN" --mem-latency random:5-2
expect_run cosim_cli_bad_knob 2 "unknown knob 'nope'" "$BIN" --knob nope=3
expect_run cosim_cli_bad_knob_value 2 "0..1000" "$BIN" --knob flush=2000
expect_run cosim_cli_bad_cycles 2 "--cycles" "$BIN" --cycles 0
expect_run cosim_cli_bad_seed 2 "--seed" "$BIN" --seed -4
expect_run cosim_cli_bad_stimulus 2 "no such directed sequence" "$BIN" --stimulus directed:nope
expect_run cosim_cli_bad_mode 2 "--mode 'flat'" "$BIN" --mode flat
# a profile file named like a built-in one but with another geometry: refused
sed 's/^tlb_ways *=.*/tlb_ways = 2/' rtl/profiles/sv39.profile >"$T/sv39.profile"
expect_run cosim_cli_config_mismatch 2 "refusing to run" "$BIN" --profile "$T/sv39.profile" --cycles 10
# a report for a good run: written whole, no temporary left behind
"$BIN" --profile sv32 --seed 9 --cycles 20000 --quiet --report-json "$T/r1.json" >"$T/r1.log" 2>&1
rc=$?
if [ $rc -eq 0 ] && python3 -c "import json,sys; j=json.load(open('$T/r1.json')); sys.exit(0 if j['first_divergence'] is None and j['cycles']>20000 and j['translations']>0 and 'counters' in j else 1)"; then
    pass cosim_cli_json_report
else
    fail cosim_cli_json_report "exit $rc or incomplete JSON: $(head -2 "$T/r1.log")"
fi
if ls "$T"/*.tmp.* >/dev/null 2>&1; then fail cosim_cli_json_atomic "temporary file left: $(ls "$T"/*.tmp.*)"; else pass cosim_cli_json_atomic; fi
# determinism: same seed, same history
"$BIN" --profile sv32 --seed 9 --cycles 20000 --quiet --report-json "$T/r2.json" >/dev/null 2>&1
if [ "$(grep -v -E 'second' "$T/r1.json")" = "$(grep -v -E 'second' "$T/r2.json")" ]; then
    pass cosim_cli_deterministic
else
    fail cosim_cli_deterministic "two runs with seed 9 differ"
fi
# --threads 2 (RTL on a second core) is the same run: identical report but for the speed lines
expect_run cosim_cli_bad_threads 2 "--threads: expected 1 or 2" "$BIN" --threads 3
for p in ostep-linear sv39; do
    "$BIN" --profile $p --seed 9 --cycles 20000 --quiet --report-json "$T/t1_$p.json" >/dev/null 2>&1
    "$BIN" --profile $p --seed 9 --cycles 20000 --quiet --threads 2 --report-json "$T/t2_$p.json" >/dev/null 2>&1
    if [ -s "$T/t1_$p.json" ] && [ "$(grep -v -E 'second' "$T/t1_$p.json")" = "$(grep -v -E 'second' "$T/t2_$p.json")" ]; then
        pass cosim_cli_threads2_same_run_$p
    else
        fail cosim_cli_threads2_same_run_$p "one- and two-thread runs of seed 9 differ: diff $T/t1_$p.json $T/t2_$p.json"
    fi
done
tr=(--profile sv39 --trace traces/list_walk.lackey.gz --frames 40 --swap-policy lru --check-data --quiet)
"$BIN" "${tr[@]}" --stats-json "$T/tr1.json" >/dev/null 2>&1
"$BIN" "${tr[@]}" --threads 2 --stats-json "$T/tr2.json" >/dev/null 2>&1
if [ -s "$T/tr1.json" ] && [ "$(grep -v second "$T/tr1.json")" = "$(grep -v second "$T/tr2.json")" ]; then
    pass cosim_cli_threads2_same_trace_run
else
    fail cosim_cli_threads2_same_trace_run "one- and two-thread trace runs differ: diff $T/tr1.json $T/tr2.json"
fi
expect_run cosim_cli_bench_rtl 0 "RTL alone (recorded inputs replayed): 20008 cycles" "$BIN" --profile sv32 --cycles 20000 --bench-rtl
expect_run cosim_cli_bench_rtl_not_trace 2 "--bench-rtl: not with --trace" "$BIN" --bench-rtl --trace traces/list_walk.lackey.gz
# an unwritable report path: exit 2, message names it
expect_run cosim_cli_report_unwritable 2 "cannot write" "$BIN" --profile sv32 --cycles 100 --quiet --report-json /nonexistent/dir/r.json
check_done
