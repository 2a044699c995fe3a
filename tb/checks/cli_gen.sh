#!/usr/bin/env bash
# mmu-ref gen on the command line: deterministic output, .gz output, help,
# and bad options refused with exit 2 and no file left behind.
source tb/scripts/check_lib.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

expect_run gen_help_lists_kinds 0 "wset" $MMU_REF gen --help
expect_run gen_help_after_kind 0 "usage: mmu-ref gen" $MMU_REF gen seq --help
expect_run gen_writes_native_trace 0 "switch 1" $MMU_REF gen random --count 10
a=$($MMU_REF gen multi --seed 3 --count 500 --procs 3 | md5sum)
b=$($MMU_REF gen multi --seed 3 --count 500 --procs 3 | md5sum)
c=$($MMU_REF gen multi --seed 4 --count 500 --procs 3 | md5sum)
[ "$a" = "$b" ] && pass gen_same_seed_same_trace || fail gen_same_seed_same_trace "outputs differ"
[ "$a" != "$c" ] && pass gen_other_seed_other_trace || fail gen_other_seed_other_trace "outputs equal"
lines=$($MMU_REF gen seq --count 100 | grep -c '^[ILS] ')
[ "$lines" = 100 ] && pass gen_count_is_exact || fail gen_count_is_exact "$lines accesses, want 100"

$MMU_REF gen cow --count 1K -o "$T/cow.trace.gz"
if gzip -t "$T/cow.trace.gz" 2>/dev/null && zcat "$T/cow.trace.gz" | grep -q '^fork 1 2$'; then
    pass gen_gz_output_is_gzip
else
    fail gen_gz_output_is_gzip "not a gzip trace with a fork"
fi
$MMU_REF gen heap --count 1K -o "$T/heap.trace" && [ "$(ls "$T")" = "cow.trace.gz
heap.trace" ] && pass gen_leaves_no_temp_files || fail gen_leaves_no_temp_files "$(ls "$T" | tr '\n' ' ')"

expect_run gen_unknown_kind 2 "unknown KIND 'zipf'" $MMU_REF gen zipf
expect_run gen_missing_kind 2 "expected a KIND" $MMU_REF gen
expect_run gen_unknown_option 2 "unknown option '--bogus'" $MMU_REF gen seq --bogus 1
expect_run gen_option_of_other_kind 2 "--procs does not apply to the seq generator" $MMU_REF gen seq --procs 2
expect_run gen_bad_number 2 "--count: expected a number" $MMU_REF gen seq --count 12Q
expect_run gen_missing_value 2 "--seed needs a value" $MMU_REF gen seq --seed
expect_run gen_bad_config 2 "--span" $MMU_REF gen seq --va-bits 14 --span 1M
$MMU_REF gen seq --span 1G --va-bits 14 -o "$T/bad.trace" 2>/dev/null
[ ! -e "$T/bad.trace" ] && pass gen_failure_leaves_no_file || fail gen_failure_leaves_no_file "bad.trace exists"
expect_run gen_unwritable_output 1 "cannot write" $MMU_REF gen seq --count 5 -o /nonexistent/dir/x.trace
check_done
