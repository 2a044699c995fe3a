#!/usr/bin/env bash
# mmu-ref on the command line: the textbook answers, --help for every
# command, and clear errors (file:line, non-zero exit, nothing half-written).
source tb/scripts/check_lib.sh
S=tb/scenarios
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# OSTEP chapter 16: code at 32 KB, heap at 34 KB, stack at 28 KB growing down.
expect_run textbook_code_va100_is_32868      0 "PA 0x8064 (32868)" $MMU_REF translate $S/ostep-segmentation.scn fetch:100
expect_run textbook_heap_va4200_is_34920     0 "PA 0x8868 (34920)" $MMU_REF translate $S/ostep-segmentation.scn 4200
expect_run textbook_stack_va15k_is_27k       0 "PA 0x6c00 (27648)" $MMU_REF translate $S/ostep-segmentation.scn 15K
expect_run textbook_heap_bound_violation     0 "FAULT SEG_BOUND" $MMU_REF translate $S/ostep-segmentation.scn 7K
expect_run textbook_code_not_writable        0 "FAULT SEG_PROT" $MMU_REF translate $S/ostep-segmentation.scn store:100
out=$($MMU_REF explain $S/ostep-segmentation.scn 2>&1)
for want in 32868 34920 27648; do
    grep -q "$want" <<<"$out" && pass "explain_shows_$want" || fail "explain_shows_$want" "not in explain output"
done
[ "$(grep -c '^    ' <<<"$out")" -ge 15 ] && pass explain_prints_steps || fail explain_prints_steps "fewer than 15 step lines"
expect_run base_bounds_relocates             0 "PA 0x8080 (32896)" $MMU_REF translate $S/ostep-base-bounds.scn 128
expect_run sv39_4k_page                      0 "PA 0x00000080005123" $MMU_REF translate $S/sv39-superpage.scn 0x3123@supervisor
expect_run sv39_superpage                    0 "PA 0x000000802abcde" $MMU_REF translate $S/sv39-superpage.scn 0x2abcde@supervisor
expect_run sv39_misaligned_superpage         0 "FAULT MISALIGNED" $MMU_REF translate $S/sv39-superpage.scn 0x400000@supervisor
expect_run sv39_noncanonical                 0 "FAULT NONCANONICAL" $MMU_REF translate $S/sv39-superpage.scn 0x8000000000@supervisor
expect_run ostep_multilevel_scenario         0 "PA 0x120 (288)" $MMU_REF translate $S/ostep-multilevel.scn 0x60

for c in translate explain ostep profile; do
    expect_run "help_$c" 0 "usage: mmu-ref $c" $MMU_REF $c --help
done
expect_run help_lists_commands 0 "commands:" $MMU_REF --help
expect_run unknown_command_fails 2 "unknown command 'frob'" $MMU_REF frob
expect_run unknown_option_fails 2 "unknown option '--bogus'" $MMU_REF translate --bogus $S/ostep-base-bounds.scn
expect_run missing_scenario_named 1 "nosuch.scn: cannot open" $MMU_REF translate nosuch.scn 1
printf 'profile sv39\nmode paging\nseg 0 base=12Q\n' >"$T/bad.scn"
expect_run bad_scenario_names_file_line 1 "bad.scn:3: seg base: expected a number" $MMU_REF translate "$T/bad.scn" 1
expect_run bad_access_argument 2 "expected [fetch:|load:|store:]VA" $MMU_REF translate $S/ostep-base-bounds.scn load:zz
expect_run va_wider_than_port 2 "below 2^16" $MMU_REF translate $S/ostep-base-bounds.scn 0x10000
expect_run profile_list 0 "sv39" $MMU_REF profile --list
expect_run profile_show 0 "3 level(s) of 9 VPN bits" $MMU_REF profile sv39
expect_run profile_unknown 1 "unknown profile 'sv57'" $MMU_REF profile sv57
# -o writes the whole header or nothing.
$MMU_REF profile --verilog sv32 -o "$T/p.vh" && grep -q 'MMU_P_LEVELS 2' "$T/p.vh" && pass verilog_header_written || fail verilog_header_written "no header"
$MMU_REF profile --verilog nosuch -o "$T/q.vh" 2>/dev/null
[ ! -e "$T/q.vh" ] && pass failed_header_leaves_no_file || fail failed_header_leaves_no_file "partial file left"
printf 'this is not an OSTEP run\n' >"$T/junk.txt"
expect_run ostep_unrecognised_names_line 1 "junk.txt:1:" $MMU_REF ostep "$T/junk.txt"
check_done
