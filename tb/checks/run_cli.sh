#!/usr/bin/env bash
# mmu-ref run: flags, JSON keys and values, the counting rules, TLB counts
# equal to the independent reference (test_tlb_reference), swap policies,
# process events, and errors (file:line, exit status, no JSON left behind).
source tb/scripts/check_lib.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
REF=${REF:-$BUILD/san/tests/test_tlb_reference}
TR=traces/array_sum.lackey.gz
LW=traces/list_walk.lackey.gz

# json FILE KEY -> value (numbers and strings)
json() { sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1"; }
check_eq() { if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi; }

expect_run run_help 0 "usage: mmu-ref run" $MMU_REF run --help
help=$($MMU_REF run --help)
missing=""
for f in --trace --format --profile --mode --tlb-sets --tlb-ways --tlb-repl --tlb-seed --page-shift \
         --populate --frames --memsize --swap-policy --swap-slots --fit --seed --svade --strict \
         --pwc --pwc-org --stats-json --quiet --bench --help; do
    grep -q -- "$f" <<<"$help" || missing="$missing $f"
done
[ -z "$missing" ] && pass help_documents_every_flag || fail help_documents_every_flag "missing:$missing"
expect_run run_listed_in_commands 0 "run" $MMU_REF --help

# A real trace, default geometry (sv39: 8 x 4 plru), demand paging.
$MMU_REF run --trace $TR --stats-json "$T/a.json" >"$T/a.out" 2>&1
check_eq run_exit_status "$?" 0
keys_missing=""
for k in accesses tlb_hits tlb_misses fetch_misses load_misses store_misses page_faults swap_ins swap_outs \
         dirty_writebacks cow_copies walks tlb_sets tlb_ways tlb_repl page_shift retries; do
    grep -q "^  \"$k\": " "$T/a.json" || keys_missing="$keys_missing $k"
done
[ -z "$keys_missing" ] && pass json_has_every_key || fail json_has_every_key "missing:$keys_missing"
check_eq json_defaults_from_profile "$(json "$T/a.json" tlb_sets) $(json "$T/a.json" tlb_ways) $(json "$T/a.json" tlb_repl) $(json "$T/a.json" page_shift)" "8 4 plru 12"
a=$(json "$T/a.json" accesses); h=$(json "$T/a.json" tlb_hits); m=$(json "$T/a.json" tlb_misses); r=$(json "$T/a.json" retries)
check_eq hits_plus_misses_is_accesses "$((h + m))" "$a"
rh=$(json "$T/a.json" retry_hits); rm_=$(json "$T/a.json" retry_misses)
check_eq retry_lookups_are_retries "$((rh + rm_))" "$r"
fm=$(json "$T/a.json" fetch_misses); lm=$(json "$T/a.json" load_misses); sm=$(json "$T/a.json" store_misses)
check_eq misses_split_by_access_type "$((fm + lm + sm))" "$m"
pf=$(json "$T/a.json" page_faults)
[ "$pf" -gt 0 ] && [ "$pf" == "$r" ] && pass demand_paging_faults_retry_once || fail demand_paging_faults_retry_once "faults $pf retries $r"
grep -q "hit rate" "$T/a.out" && grep -q "page faults" "$T/a.out" && pass summary_on_stdout || fail summary_on_stdout "$(head -3 "$T/a.out")"
$MMU_REF run --trace $TR --quiet >"$T/q.out" 2>&1
[ ! -s "$T/q.out" ] && pass quiet_is_quiet || fail quiet_is_quiet "$(head -2 "$T/q.out")"
# A page-crossing access counts once per page.
printf 'create 1 heap=0x10000+16K:rw\nswitch 1\nL 0x10ffc 8\nL 0x11000 4\n' >"$T/cross.trace"
$MMU_REF run --trace "$T/cross.trace" --quiet --stats-json "$T/c.json"
check_eq page_crossing_counts_per_page "$(json "$T/c.json" accesses)" 3

# --populate: no faults, and misses equal the textbook reference (LRU, FIFO).
for geo in "8 4 lru" "16 2 fifo" "64 4 lru" "1 16 fifo" "4 1 lru"; do
    set -- $geo
    for tr in $TR $LW; do
        $MMU_REF run --trace $tr --populate --tlb-sets $1 --tlb-ways $2 --tlb-repl $3 --quiet --stats-json "$T/p.json"
        want=$($REF $tr $1 $2 $3 | sed 's/.*misses //')
        got=$(json "$T/p.json" tlb_misses)
        [ -n "$want" ] && [ "$got" == "$want" ] && [ "$(json "$T/p.json" page_faults)" == 0 ] \
            && pass "populate_equals_reference_$(basename $tr .lackey.gz)_${1}x${2}_$3" \
            || fail "populate_equals_reference_$(basename $tr .lackey.gz)_${1}x${2}_$3" "model $got, reference $want"
    done
done
# --page-shift above the profile's page: groups, equal to the reference at that page size.
$MMU_REF run --trace $LW --populate --page-shift 14 --tlb-sets 4 --tlb-ways 4 --tlb-repl lru --quiet --stats-json "$T/g.json"
check_eq page_shift_14_equals_reference "$(json "$T/g.json" tlb_misses)" "$($REF $LW 4 4 lru 14 | sed 's/.*misses //')"
check_eq page_shift_in_json "$(json "$T/g.json" page_shift)" 14
expect_run page_shift_needs_populate 2 "needs --populate" $MMU_REF run --trace $LW --page-shift 14
expect_run page_shift_below_profile 2 "below the profile's page" $MMU_REF run --trace $LW --page-shift 11

# Swap: a small frame budget, every policy; OPT is never worse.
declare -A faults
for p in fifo lru opt clock rand; do
    $MMU_REF run --trace $LW --frames 12 --swap-policy $p --quiet --stats-json "$T/s.json"
    faults[$p]=$(json "$T/s.json" page_faults)
    so=$(json "$T/s.json" swap_outs); wb=$(json "$T/s.json" dirty_writebacks)
    [ "$so" -gt 0 ] && [ "$wb" -le "$so" ] && [ "$(json "$T/s.json" swap_policy)" == $p ] \
        && pass "swap_$p" || fail "swap_$p" "swap_outs $so writebacks $wb"
done
ok=1; for p in fifo lru clock rand; do [ "${faults[opt]}" -le "${faults[$p]}" ] || ok=0; done
[ $ok == 1 ] && pass opt_fewest_faults || fail opt_fewest_faults "opt ${faults[opt]} vs fifo ${faults[fifo]} lru ${faults[lru]} clock ${faults[clock]} rand ${faults[rand]}"
$MMU_REF run --trace $LW --frames 12 --swap-policy rand --seed 5 --quiet --stats-json "$T/r1.json"
$MMU_REF run --trace $LW --frames 12 --swap-policy rand --seed 5 --quiet --stats-json "$T/r2.json"
cmp -s "$T/r1.json" "$T/r2.json" && pass rand_is_seeded || fail rand_is_seeded "two runs differ"

# Processes: fork/COW, switches, brk, in every mode that pages, and segmentation.
cat >"$T/procs.trace" <<'TRACE'
create 1 code=0x0+8K:rx heap=0x40000000+8K:rw stack=0xC0000000-8K:rw:down
switch 1
I 0x100 4
S 0x40000010 8
S 0x40001010 8
fork 1 2
switch 2
L 0x40000010 8
S 0x40000010 8
switch 1
S 0x40001010 8
brk 1 +8K
S 0x40003000 4
S 0xBFFFFFF0 8
exit 2
switch 1
flush
L 0x40000010 8
TRACE
for m in paging hybrid segmentation; do
    $MMU_REF run --trace "$T/procs.trace" --profile sv32 --mode $m --quiet --stats-json "$T/m.json"
    check_eq "procs_${m}_accesses" "$(json "$T/m.json" accesses)" 9
    check_eq "procs_${m}_no_segfault" "$(json "$T/m.json" segv)" 0
done
$MMU_REF run --trace "$T/procs.trace" --profile sv32 --quiet --stats-json "$T/m.json"
check_eq cow_copies_counted "$(json "$T/m.json" cow_copies)" 2
check_eq context_switches_counted "$(json "$T/m.json" context_switches)" 3   # create 1 makes 1 current
# A stray access: counted (and skipped), or an error with --strict.
printf 'create 1 heap=0x10000+4K:rw\nswitch 1\nL 0x10000\nL 0x90000\n' >"$T/stray.trace"
$MMU_REF run --trace "$T/stray.trace" --quiet --stats-json "$T/v.json"
check_eq segfault_counted "$(json "$T/v.json" segv)" 1
expect_run strict_segfault_names_line 1 "stray.trace:4: segmentation fault" $MMU_REF run --trace "$T/stray.trace" --strict

# Errors: usage (2), bad input (1) with file:line, and never a JSON file.
expect_run missing_trace 2 "missing --trace" $MMU_REF run
expect_run unknown_option 2 "unknown option '--bogus'" $MMU_REF run --trace $TR --bogus
expect_run bad_sets 2 "--tlb-sets: expected a power of two" $MMU_REF run --trace $TR --tlb-sets 3
expect_run bad_repl 2 "--tlb-repl: expected" $MMU_REF run --trace $TR --tlb-repl mru
expect_run bad_policy 2 "--swap-policy: expected" $MMU_REF run --trace $TR --swap-policy belady
expect_run bad_mode 2 "--mode: expected" $MMU_REF run --trace $TR --mode bare
expect_run bad_number 2 "--frames: expected a number" $MMU_REF run --trace $TR --frames lots
expect_run plru_needs_pow2_ways 2 "power-of-two number of ways" $MMU_REF run --trace $TR --tlb-repl plru --tlb-ways 3
expect_run unknown_profile 1 "unknown profile" $MMU_REF run --trace $TR --profile sv57
expect_run missing_file 1 "nosuch.trace: cannot open" $MMU_REF run --trace "$T/nosuch.trace" --stats-json "$T/e1.json"
printf 'create 1 heap=0x10000+4K:rw\nswitch 1\nL 0x10000\nQ 0x10\n' >"$T/bad.trace"
expect_run malformed_names_file_line 1 "bad.trace:4:" $MMU_REF run --trace "$T/bad.trace" --stats-json "$T/e2.json"
expect_run wrong_format_forced 1 "array_sum.lackey.gz:1" $MMU_REF run --trace $TR --format din --stats-json "$T/e3.json"
expect_run va_outside_profile 1 "outside profile sv32's 32-bit address space" $MMU_REF run --trace $TR --profile sv32 --stats-json "$T/e4.json"
expect_run segmentation_needs_segments 1 "segmentation mode needs" $MMU_REF run --trace $TR --mode segmentation --stats-json "$T/e5.json"
printf 'create 1 heap=0x10000+16K:rw\nswitch 1\nL 0x10000\n' >"$T/tiny.trace"
expect_run out_of_memory_names_line 1 "tiny.trace:1: out of physical memory" $MMU_REF run --trace "$T/tiny.trace" --profile sv32 --mode segmentation --memsize 8K --stats-json "$T/e6.json"
expect_run memsize_too_small 2 "at least two pages" $MMU_REF run --trace "$T/tiny.trace" --profile ostep-linear --memsize 1K
left=$(ls "$T"/e*.json 2>/dev/null | wc -l)
check_eq no_json_after_errors "$left" 0
expect_run stdin_twice_refused 2 "not stdin" $MMU_REF run --trace - --populate
expect_run bench_reports_rate 0 "M translations/s" $MMU_REF run --trace $TR --populate --bench 2 --quiet
check_done
