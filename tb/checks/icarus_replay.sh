#!/usr/bin/env bash
# Icarus replay: the RTL driven from vector files written by the C model
# (`mmu-ref vectors`), every output compared every cycle (tb/icarus/tb_replay.v).
#   - hand-written smoke vectors (sv32) replay clean;
#   - the testbench catches a wrong expected value (rsp_pa_o, and rsp_id_o: the
#     request-ID port is compared like every other), refuses vectors of another
#     profile, port widths or format version (1: before request IDs), and names
#     a malformed line;
#   - regression: every profile (plus sv32-random) x SEEDS x CYCLES generated
#     vectors replay clean (tb/icarus/regress.sh; shared with coverage_points).
source tb/scripts/check_lib.sh
OUT=${OUT:-$BUILD/icarus}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
command -v iverilog >/dev/null || { fail icarus_available "iverilog not installed (make deps)"; check_done; exit; }

bash tb/icarus/regress.sh all
while read -r run verdict line; do
    echo "$line"
    [ "$verdict" = PASS ] || _fails=$((_fails + 1))
done <"$OUT/results.txt"

TB=$OUT/sv32/tb_replay.vvp
SMOKE=tb/icarus/vectors/sv32-smoke.vec
if [ -f "$TB" ]; then
    # A wrong expected PA on cycle 16 must be reported as that cycle and signal.
    sed 's/^00000010 \(.*\) 02abcdabc /00000010 \1 02abcdabd /' $SMOKE >"$T/bad_pa.vec"
    expect_run replay_reports_first_mismatch 0 "FAIL bad: cycle 16: rsp_pa_o expected 0x000000002abcdabd got 0x000000002abcdabc" \
        vvp -n "$TB" +vectors="$T/bad_pa.vec" +name=bad
    # rsp_id_o is compared: an expected ID of 1 on cycle 16 (ID_BITS = 0: the port is 0).
    sed 's/^\(00000010 .* 02abcdabc 0 0 0 1\) 0 /\1 1 /' $SMOKE >"$T/bad_id.vec"
    expect_run replay_compares_rsp_id 0 "FAIL bad_id: cycle 16: rsp_id_o expected 0x0000000000000001 got 0x0000000000000000" \
        vvp -n "$TB" +vectors="$T/bad_id.vec" +name=bad_id
    sed '1s/mmukit-vectors 2/mmukit-vectors 1/' $SMOKE >"$T/v1.vec"
    expect_run replay_refuses_format_1 0 "vector format 1 (no request-ID fields req_id/rsp_id); this testbench reads format 2: regenerate the file with mmu-ref vectors" \
        vvp -n "$TB" +vectors="$T/v1.vec" +name=v1
    sed '1s/profile=sv32/profile=sv39/' $SMOKE >"$T/other.vec"
    expect_run replay_refuses_other_profile 0 "vectors are for profile sv39 but this build is profile sv32" \
        vvp -n "$TB" +vectors="$T/other.vec" +name=other
    sed 's/^\/\/ widths va=32 pa=34/\/\/ widths va=32 pa=56/' $SMOKE >"$T/widths.vec"
    expect_run replay_refuses_other_widths 0 "port widths va=32 pa=56 pte=32 id=1 differ from the RTL's va=32 pa=34 pte=32 id=1" \
        vvp -n "$TB" +vectors="$T/widths.vec" +name=widths
    sed '25s/^\(.*\) [0-9a-f]*$/\1/' $SMOKE >"$T/short.vec"
    expect_run replay_names_malformed_line 0 "short.vec:25: expected 29 hex fields" \
        vvp -n "$TB" +vectors="$T/short.vec" +name=short
    sed 's/^00000004 1 0 0 00000000/00000004 1 0 0 100000000/' $SMOKE >"$T/wide.vec"
    expect_run replay_rejects_too_wide_input 0 "field req_va = 0x0000000100000000 is wider than 32 bits" \
        vvp -n "$TB" +vectors="$T/wide.vec" +name=wide
    expect_run replay_missing_file 0 "cannot open vector file $T/nosuch.vec" \
        vvp -n "$TB" +vectors="$T/nosuch.vec" +name=missing
    # The bad runs must not also print PASS.
    out=$(vvp -n "$TB" +vectors="$T/bad_pa.vec" +name=bad 2>&1)
    [ "$(grep -c '^PASS\|^FAIL' <<<"$out")" = 1 ] && pass replay_prints_one_verdict ||
        fail replay_prints_one_verdict "$(grep -c '^PASS\|^FAIL' <<<"$out") verdict lines"
fi

# Generated vectors: the regression proper.
status=$(cat "$OUT/vectors.status" 2>/dev/null || echo "regress.sh did not run")
if [ "$status" != ok ]; then
    fail icarus_regression "no generated vectors: $status"
else
    expect_run vectors_cli_unknown_option 2 "unknown option '--frob'" $MMU_REF vectors --frob
    expect_run vectors_cli_needs_cycles 2 "--cycles N is required" $MMU_REF vectors --profile sv32 --seed 1 -o "$T/x.vec"
    $MMU_REF vectors --profile nosuch --seed 1 --cycles 10 -o "$T/n.vec" 2>/dev/null
    [ ! -e "$T/n.vec" ] && pass vectors_failure_leaves_no_file || fail vectors_failure_leaves_no_file "partial file left"
    a=$($MMU_REF vectors --profile sv32 --seed 7 --cycles 200 -o "$T/a.vec" && md5sum <"$T/a.vec")
    b=$($MMU_REF vectors --profile sv32 --seed 7 --cycles 200 -o "$T/b.vec" && md5sum <"$T/b.vec")
    [ -n "$a" ] && [ "$(tail -n +4 "$T/a.vec" | md5sum)" = "$(tail -n +4 "$T/b.vec" | md5sum)" ] &&
        pass vectors_same_seed_same_file || fail vectors_same_seed_same_file "two runs with seed 7 differ"
fi
check_done
