#!/usr/bin/env bash
# Edge values for every command-line option and input reader of mmu-ref,
# mmu-cosim and mmu-hil, and bad variables of the make targets: 0, negative,
# huge, empty, wrong type, a directory, an unwritable output, endless input.
# Each case must end with a clear message (naming the file, and the line where
# there is one), the expected non-zero exit status, and no output file left
# behind (neither the file nor a temporary beside it). One PASS/FAIL line per
# case; the table is the list of what was tried.
#
# Also the fixes of issue 13 that are not a refusal: the --wave file is
# written whole, --quiet keeps the summary, every --help ends with a newline,
# the make run summary labels its figures, builds are quiet unless V=1, make
# deps knows GTKWave and gnuplot, explain names the A/D bits it sets.
set -u
source tb/scripts/check_lib.sh
R=$MMU_REF
C=${MMU_COSIM:-$BUILD/bin/mmu-cosim}
H=${MMU_HIL:-$BUILD/bin/mmu-hil}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
S=tb/scenarios/ostep-base-bounds.scn
TR=traces/list_walk.lackey.gz
LIMIT_KB=${CLI_EDGES_MEM_KB:-1500000}   # every case runs under this memory limit (endless input)

# ---- fixtures ---------------------------------------------------------------------
mkdir -p "$T/dir" "$T/out"
: >"$T/empty"
printf 'abc\0def\n' >"$T/nul"
head -c 9000 /dev/zero | tr '\0' x >"$T/longline"
head -c 500 /dev/zero | tr '\0' x >"$T/garbage"
printf '\x1f\x8b\x08\x00garbage' >"$T/bad.gz"
printf 'L 0x1000 4\r\n' >"$T/crlf.trace"
printf '# only a comment\n' >"$T/comment.trace"
printf 'create 1 heap=0x10000+4K:rw\nswitch 1\nL 0x10000 4\nQ 0x10000 4\n' >"$T/badop.trace"
printf 'create 1 heap=0x10000+4K:rw\nswitch 1\nL 0x900000 4\n' >"$T/segv.trace"
printf 'L 0x8000000000000 4\n' >"$T/wide.trace"
printf 'create 1 heap=0x10000+4K:rw\nswitch 1\nL 0x8000000000000 4\n' >"$T/wide2.trace"
printf 'profile sv39\nmode paging\npte 0x80000000 nope\n' >"$T/badpte.scn"
printf 'profile sv39\n' >"$T/noacc.scn"
printf 'va_bits = 39\nfoo = 3\n' >"$T/bad.profile"
printf 'va_bits = 39\n' >"$T/short.profile"
OQ=cmodel/tests/ostep/segmentation/a128-p512-b0-l20-B512-L20-seed0.question.txt   # a simulator question (fixture)
head -13 "$OQ" >"$T/cut.txt"                      # what `-A all` leaves: the trace never printed
{ cat "$T/cut.txt"; printf 'Traceback (most recent call last):\n  File "segmentation.py", line 160, in <module>\n    vaddr = int(vStr)\nValueError: invalid literal for int() with base 10: '"'"'all'"'"'\n'; } >"$T/traceback.txt"
printf 'ARG seed 1\r\nARG address space size 1k\r\n' >"$T/crlf.txt"

# run_case NAME WANT_RC WANT_TEXT OUT CMD... : OUT ("-" for none) must not exist afterwards,
# nor OUT.tmp.*; WANT_RC "nz" = any non-zero status.
run_case() {
    local name=$1 want_rc=$2 want=$3 out=$4; shift 4
    local log=$T/log rc
    [ "$out" != - ] && rm -f "$out" "$out".tmp.*
    ( ulimit -v "$LIMIT_KB" 2>/dev/null; exec timeout 60 "$@" ) >"$log" 2>&1 </dev/null
    rc=$?
    local msg
    msg=$(grep -v '^ *$' "$log" | grep -v -e '--help shows the usage' | head -2 | tr '\n' ' ' | cut -c1-200)
    if [ "$rc" = 124 ]; then fail "$name" "timed out (endless input not bounded?)"; return; fi
    if [ "$want_rc" = nz ]; then
        [ "$rc" != 0 ] || { fail "$name" "exit 0, want non-zero: $msg"; return; }
    elif [ "$rc" != "$want_rc" ]; then
        fail "$name" "exit $rc, want $want_rc: $msg"; return
    fi
    if [ -n "$want" ] && ! grep -qF -- "$want" "$log"; then fail "$name" "message lacks '$want': $msg"; return; fi
    if [ "$out" != - ] && { [ -e "$out" ] && [ ! -d "$out" ] || ls "$out".tmp.* >/dev/null 2>&1; }; then
        fail "$name" "output $(ls -d "$out" "$out".tmp.* 2>/dev/null | head -1) left behind"; return
    fi
    pass "$name"
}
e() { local n=$1 r=$2 w=$3; shift 3; run_case "$n" "$r" "$w" - "$@"; }
eo() { run_case "$@"; }                               # with an output file to watch

# ======================================================================================
# mmu-ref
# ======================================================================================
e ref_no_command                 2 "usage: mmu-ref COMMAND"           $R
e ref_unknown_command            2 "unknown command 'frob'"          $R frob
e ref_empty_command              2 "unknown command ''"              $R ""
# ---- translate / explain: the scenario reader and the ACCESS arguments
for c in translate explain; do
e ${c}_missing_scenario          2 "missing SCENARIO"                $R $c
e ${c}_scenario_nonexistent      1 "$T/nosuch.scn: cannot open"      $R $c "$T/nosuch.scn"
e ${c}_scenario_directory        1 "$T/dir: cannot read scenario: Is a directory" $R $c "$T/dir"
e ${c}_scenario_empty            1 "$T/empty: no profile"            $R $c "$T/empty"
e ${c}_scenario_dev_zero         1 "/dev/zero:1: line longer"        $R $c /dev/zero
e ${c}_scenario_binary           1 "/dev/urandom:"                   $R $c /dev/urandom
e ${c}_scenario_long_line        1 "$T/longline:1: line longer"      $R $c "$T/longline"
e ${c}_scenario_garbage_line     1 "$T/garbage:1: unknown directive" $R $c "$T/garbage"
e ${c}_scenario_bad_line         1 "$T/badpte.scn:3:"                $R $c "$T/badpte.scn"
e ${c}_scenario_no_accesses      2 "no accesses"                     $R $c "$T/noacc.scn"
done
e translate_access_not_number    2 "expected [fetch:|load:|store:]VA" $R translate $S zz
e translate_access_negative      2 "expected [fetch:|load:|store:]VA" $R translate $S -5
e translate_access_huge          2 "expected [fetch:|load:|store:]VA" $R translate $S 0x1ffffffffffffffff
e translate_access_past_port     2 "below 2^16"                      $R translate $S 0x10000
e translate_access_empty         2 "expected [fetch:|load:|store:]VA" $R translate $S ""
e translate_access_bad_priv      2 "expected [fetch:|load:|store:]VA" $R translate $S 0x10@root
e translate_bad_access_option    2 "--access: expected fetch"        $R translate --access exec $S 1
e translate_bad_priv_option      2 "--priv: expected user"           $R translate --priv root $S 1
e translate_option_no_value      2 "--profile needs a value"         $R translate $S --profile
e translate_profile_unknown      1 "unknown profile 'sv57'"          $R translate --profile sv57 $S 1
e translate_profile_empty        1 "profile ''"                      $R translate --profile "" $S 1
e translate_profile_directory    1 "$T/dir/: cannot read profile: Is a directory" $R translate --profile "$T/dir/" $S 1
e translate_profile_bad_file     1 "$T/bad.profile:2: unknown key"   $R translate --profile "$T/bad.profile" $S 1
e translate_unknown_option       2 "unknown option '--bogus'"        $R translate --bogus $S
# ---- ostep: the whole-file reader
e ostep_missing_file             2 "missing FILE"                    $R ostep
e ostep_two_files                2 "one FILE at a time"              $R ostep "$T/empty" "$T/empty"
e ostep_unknown_option           2 "unknown option '--frob'"         $R ostep --frob x
e ostep_nonexistent              1 "$T/nosuch: cannot open"          $R ostep "$T/nosuch"
e ostep_directory                1 "$T/dir: is a directory"          $R ostep "$T/dir"
e ostep_empty                    1 "$T/empty: empty input"           $R ostep "$T/empty"
e ostep_nul_byte                 1 "$T/nul:1: NUL byte"              $R ostep "$T/nul"
e ostep_crlf                     1 "$T/crlf.txt:1: expected Unix line endings" $R ostep "$T/crlf.txt"
e ostep_dev_zero_bounded         1 "/dev/zero: more than 64 MiB"     $R ostep /dev/zero
e ostep_urandom_bounded          1 "/dev/urandom:"                   $R ostep /dev/urandom
e ostep_endless_stdin_bounded    1 "<stdin>: more than 64 MiB"       bash -c "yes 'ARG seed 1' | $R ostep -"
e ostep_cut_short_says_so        1 "cut short"                       $R ostep "$T/cut.txt"
e ostep_cut_short_names_line     1 "$T/cut.txt:14:"                  $R ostep "$T/cut.txt"
e ostep_traceback_says_crashed   1 "$T/traceback.txt:14: the simulator crashed" $R ostep "$T/traceback.txt"
e ostep_traceback_names_error    1 "ValueError: invalid literal"     $R ostep "$T/traceback.txt"
e ostep_junk                     1 "$T/garbage:1: not the output"    $R ostep "$T/garbage"
# ---- profile
e profile_unknown                1 "unknown profile 'sv57'"          $R profile sv57
e profile_bad_name               1 "invalid profile name"            $R profile 'sv39;x'
e profile_bad_file               1 "$T/bad.profile:2: unknown key 'foo'" $R profile "$T/bad.profile"
e profile_missing_key            1 "$T/short.profile:2: missing key" $R profile "$T/short.profile"
e profile_empty_file             1 "$T/empty.profile"                bash -c ": >$T/empty.profile; $R profile $T/empty.profile"
eo profile_verilog_unknown       1 "unknown profile"   "$T/out/p.vh" $R profile --verilog nosuch -o "$T/out/p.vh"
eo profile_verilog_no_dir        1 "cannot write"      /nonexistent/p.vh $R profile --verilog sv32 -o /nonexistent/p.vh
eo profile_verilog_proc          1 "cannot write"      /proc/p.vh    $R profile --verilog sv32 -o /proc/p.vh
e profile_verilog_directory      1 "cannot write"                    $R profile --verilog sv32 -o "$T/dir"
e profile_verilog_no_name        2 "mmu-ref profile"                 $R profile --verilog
e profile_unknown_option         2 "unknown option"                  $R profile --frob
# ---- run: the trace reader
e run_missing_trace              2 "missing --trace FILE"            $R run
e run_trace_empty_name           2 "--trace: empty file name"        $R run --trace ""
e run_trace_nonexistent          1 "$T/nosuch"                       $R run --trace "$T/nosuch"
e run_trace_directory            1 "$T/dir"                          $R run --trace "$T/dir"
e run_trace_empty                1 "$T/empty: no memory accesses"    $R run --trace "$T/empty"
e run_trace_only_comment         1 "$T/comment.trace: no memory accesses" $R run --trace "$T/comment.trace"
e run_trace_dev_zero             1 "/dev/zero:1:"                    $R run --trace /dev/zero
e run_trace_urandom              1 "/dev/urandom:"                   $R run --trace /dev/urandom
e run_trace_nul                  1 "$T/nul:1:"                       $R run --trace "$T/nul"
e run_trace_bad_gzip             1 "$T/bad.gz"                       $R run --trace "$T/bad.gz"
e run_trace_bad_op               1 "$T/badop.trace:4:"               $R run --trace "$T/badop.trace"
e run_trace_crlf                 1 "$T/crlf.trace:1:"                $R run --trace "$T/crlf.trace" --format native
e run_trace_no_process           1 "$T/wide.trace:1:"                $R run --trace "$T/wide.trace"
e run_trace_va_too_wide          1 "$T/wide2.trace:3: VA 0x8000000000000 is outside" $R run --trace "$T/wide2.trace"
e run_trace_segv_strict          1 "$T/segv.trace:3: segmentation fault" $R run --trace "$T/segv.trace" --strict
e run_two_traces                 2 "one trace only"                  $R run "$TR" "$TR"
e run_stdin_populate             2 "give a file, not stdin"          $R run --trace - --populate
# ---- run: every option at its edges
for v in 0 3 -1 abc 99999999999999999999 0x200000; do
e "run_tlb_sets_${v}"            2 "--tlb-sets"                      $R run --trace $TR --tlb-sets $v
done
for v in 0 1025 -2 x; do
e "run_tlb_ways_${v}"            2 "--tlb-ways"                      $R run --trace $TR --tlb-ways $v
done
e run_tlb_repl_bogus             2 "--tlb-repl: expected"            $R run --trace $TR --tlb-repl mru
e run_tlb_plru_3_ways            2 "power-of-two number of ways"     $R run --trace $TR --tlb-repl plru --tlb-ways 3
for v in 0 0x10000 -1 z; do
e "run_tlb_seed_${v}"            2 "--tlb-seed"                      $R run --trace $TR --tlb-seed $v
done
for v in 0 11 41 -3 q; do
e "run_page_shift_${v}"          2 "--page-shift"                    $R run --trace $TR --page-shift $v
done
for v in 0 -1 abc; do
e "run_frames_${v}"              2 "--frames"                        $R run --trace $TR --frames $v
done
for v in 0 1T -1 abc; do
e "run_memsize_${v}"             2 "--memsize"                       $R run --trace $TR --memsize $v
done
for v in 1K 4K 12345 0x200000000000000; do
e "run_memsize_${v}"             2 "memory size $(printf %d $(sed 's/1K/1024/; s/4K/4096/' <<<$v))" $R run --trace $TR --memsize $v
done
for v in 0 -1 abc; do
e "run_swap_slots_${v}"          2 "--swap-slots"                    $R run --trace $TR --frames 12 --swap-slots $v
done
e run_swap_slots_1_out_of_swap   1 "$TR:"                            $R run --trace $TR --frames 12 --swap-slots 1
e run_swap_policy_bogus          2 "--swap-policy: expected"         $R run --trace $TR --swap-policy lfu
e run_fit_bogus                  2 "--fit: expected"                 $R run --trace $TR --fit good
for v in -1 abc; do
e "run_seed_${v}"                2 "--seed"                          $R run --trace $TR --seed $v
done
for v in 0 -1 abc 99999999; do
e "run_bench_${v}"               2 "--bench"                         $R run --trace $TR --bench $v
done
e run_format_bogus               2 "--format: expected"              $R run --trace $TR --format csv
e run_format_auto_refused        2 "--format: expected"              $R run --trace $TR --format auto
e run_mode_bogus                 2 "--mode: expected"                $R run --trace $TR --mode flat
e run_mode_bare                  2 "--mode: expected"                $R run --trace $TR --mode bare
e run_profile_unknown            1 "unknown profile 'sv57'"          $R run --trace $TR --profile sv57
e run_option_no_value            2 "--frames needs a value"          $R run --trace $TR --frames
e run_unknown_option             2 "unknown option '--frob'"         $R run --trace $TR --frob
eo run_json_no_dir               2 "cannot write"  /nonexistent/s.json $R run --trace $TR --stats-json /nonexistent/s.json
eo run_json_proc                 2 "cannot write"  /proc/s.json      $R run --trace $TR --stats-json /proc/s.json
e run_json_directory             2 "is a directory"                  $R run --trace $TR --stats-json "$T/dir"
e run_json_empty_name            2 "--stats-json"                    $R run --trace $TR --stats-json ""
eo run_json_bad_trace_no_json    1 "$T/badop.trace:4:" "$T/out/s.json" $R run --trace "$T/badop.trace" --stats-json "$T/out/s.json"
cp "$TR" "$T/self.gz"
e run_json_is_the_trace          2 "that is the trace"               $R run --trace "$T/self.gz" --stats-json "$T/self.gz"
# ---- gen
e gen_no_kind                    2 "expected a KIND"                 $R gen
e gen_bad_kind                   2 "unknown KIND 'zipf'"             $R gen zipf
for o in "--count abc" "--count -1" "--count 99999999999999" "--va-bits 0" "--va-bits 100" "--page 0" "--page 3" \
         "--seed x" "--span 0"; do
e "gen_seq_${o// /_}"            2 "mmu-ref gen"                     $R gen random $o
done
e gen_option_not_for_kind        2 "does not apply"                  $R gen seq --procs 3
e gen_option_no_value            2 "needs a value"                   $R gen seq --count
for o in "--procs 0" "--procs 65"; do
e "gen_multi_${o// /_}"          2 "mmu-ref gen"                     $R gen multi $o
done
for o in "--store 101" "--size 3" "--size 0"; do
e "gen_stride_${o// /_}"         2 "mmu-ref gen"                     $R gen stride $o
done
eo gen_out_no_dir                1 "cannot write"  /nonexistent/g.trace $R gen seq -o /nonexistent/g.trace
eo gen_out_proc                  1 "cannot write"  /proc/g.trace.gz  $R gen seq -o /proc/g.trace.gz
e gen_out_directory              1 "cannot write"                    $R gen seq -o "$T/dir"
# ---- vectors
e vectors_no_profile             2 "mmu-ref vectors"                 $R vectors --seed 1 --cycles 10 -o "$T/out/v"
for o in "--cycles 0" "--cycles -1" "--cycles abc" "--cycles 1000000000" "--seed x" "--mem-latency slow" \
         "--mode flat" "--knob nope=1" "--stimulus directed:nope"; do
w=${o%% *}; [ "$w" = --knob ] && w=knob
eo "vectors_${o// /_}"           nz "$w"             "$T/out/v"     $R vectors --profile sv39 --seed 1 --cycles 10 $o -o "$T/out/v"
done
eo vectors_out_no_dir            nz "/nonexistent/v" /nonexistent/v  $R vectors --profile sv39 --seed 1 --cycles 10 -o /nonexistent/v

# ---- help texts: every one ends with exactly one newline (item 8)
for c in translate explain ostep profile run vectors gen; do
    last=$($R $c --help | tail -c 1 | od -An -c | tr -d ' ')
    [ "$last" = '\n' ] && pass "help_${c}_ends_with_newline" || fail "help_${c}_ends_with_newline" "last byte '$last'"
done
# ---- explain names the A/D bits it sets (item 8): the store after the load sets only D
out=$($R explain tb/scenarios/sv39-superpage.scn 2>&1)
if grep -q '0x20001447 -> 0x200014c7 (set D)' <<<"$out" && grep -q '0x20001407 -> 0x20001447 (set A)' <<<"$out"; then
    pass explain_ad_names_the_bits_set
else
    fail explain_ad_names_the_bits_set "$(grep Svadu <<<"$out" | head -2 | tr '\n' ' ')"
fi
out=$($R explain --access store tb/scenarios/sv39-superpage.scn 0x3123@supervisor 2>&1)
grep -q '0x20001407 -> 0x200014c7 (set A and D)' <<<"$out" && pass explain_ad_store_on_clean_pte_sets_both \
    || fail explain_ad_store_on_clean_pte_sets_both "$(grep Svadu <<<"$out")"

# ---- the README's OSTEP example is a run the simulator completes (item 2): its
# options name a fixture (a run of the unmodified simulator) that the model solves
ex=$(grep -E '^python3 [a-z-]+\.py ' README.md | head -1)
sim=$(sed -E 's/^python3 ([a-z-]+)\.py .*/\1/' <<<"$ex")
args=$(sed -E 's/^python3 [a-z-]+\.py ([^>]*)>.*/\1/' <<<"$ex")
seed=$(sed -nE 's/.*-s ([0-9]+).*/\1/p' <<<"$args")
name=$(sed -E 's/-s [0-9]+//; s/-([a-zA-Z]) +([^ ]+)/\1\2/g; s/^ +//; s/ +$//; s/ +/-/g' <<<"$args")-seed$seed
q=cmodel/tests/ostep/$sim/$name.question.txt
if [ -z "$ex" ]; then fail readme_ostep_example_valid "no 'python3 SIM.py ...' line in README.md"
elif grep -qE -- '-A +[^-0-9]' <<<"$ex"; then fail readme_ostep_example_valid "'$ex': -A takes a comma list of numbers"
elif [ -f "$q" ] && $R ostep "$q" | cmp -s - "${q%.question.txt}.solved.txt"; then pass readme_ostep_example_valid
else fail readme_ostep_example_valid "'$ex': no fixture $q of that run that the model solves"; fi

# ======================================================================================
# mmu-cosim
# ======================================================================================
if [ ! -x "$C" ]; then
    fail cosim_built "$C missing (make cosim)"
else
e cosim_unknown_option           2 "unknown option '--frob'"         $C --frob
e cosim_option_no_value          2 "--cycles needs a value"          $C --cycles
for v in 0 -1 abc 1e5 100000000001 18446744073709551616; do
e "cosim_cycles_${v}"            2 "--cycles"                        $C --cycles $v
done
for v in -4 abc 18446744073709551616; do
e "cosim_seed_${v}"              2 "--seed"                          $C --seed $v
done
for v in 0 3 x; do e "cosim_threads_${v}" 2 "--threads" $C --threads $v; done
for v in 0 100001; do e "cosim_history_${v}" 2 "--history" $C --history $v; done
for v in 0 10000001; do e "cosim_wave_window_${v}" 2 "--wave-window" $C --wave "$T/out/w.fst" --wave-window $v; done
e cosim_max_mismatches_0         2 "--max-mismatches"                $C --max-mismatches 0
for v in slow fixed: fixed:-1 fixed:abc random:5-2 random:1 burst:x; do
e "cosim_mem_latency_${v}"       2 "mem-latency"                     $C --mem-latency $v --cycles 10
done
e cosim_mode_bogus               2 "--mode 'flat'"                   $C --mode flat
e cosim_stimulus_bogus           2 "no such directed sequence"       $C --stimulus directed:nope
e cosim_knob_unknown             2 "unknown knob 'nope'"             $C --knob nope=3
e cosim_knob_too_big             2 "0..1000"                         $C --knob flush=2000
e cosim_knob_no_value            2 "--knob"                          $C --knob flush
e cosim_profile_unknown          2 "--profile nosuch"                $C --profile nosuch
e cosim_profile_empty            2 "--profile: empty value"          $C --profile ""
e cosim_profile_directory        2 "--profile $T/dir/"               $C --profile "$T/dir/"
# --wave: an unwritable path is refused before the run; a window past the end is an error (item 1)
eo cosim_wave_no_dir             2 "cannot write" /nonexistent/x.fst $C --wave /nonexistent/x.fst --wave-at 10 --cycles 100
eo cosim_wave_proc               2 "cannot write" /proc/x.fst        $C --wave /proc/x.fst --wave-at 10 --cycles 100
e cosim_wave_directory           2 "is a directory"                  $C --wave "$T/dir" --wave-at 10 --cycles 100
e cosim_wave_no_dir_no_wave_at   2 "cannot write"                    $C --wave /nonexistent/x.fst --cycles 100
e cosim_wave_empty_name          2 "--wave: empty value"             $C --wave "" --cycles 100
eo cosim_wave_at_past_end        2 "--wave-at 1000" "$T/out/w.fst"   $C --wave "$T/out/w.fst" --wave-at 1000 --cycles 100
e cosim_wave_at_without_wave     2 "--wave-at needs --wave"          $C --wave-at 10 --cycles 100
e cosim_wave_window_without_wave 2 "--wave-window needs --wave"      $C --wave-window 10 --cycles 100
rm -f "$T/out/w.fst"
"$C" --wave "$T/out/w.fst" --wave-at 10 --wave-window 20 --cycles 100 --quiet >"$T/w.log" 2>&1
if [ $? = 0 ] && [ -s "$T/out/w.fst" ] && ! ls "$T/out/"*.tmp.* >/dev/null 2>&1; then pass cosim_wave_written_whole
else fail cosim_wave_written_whole "$(head -2 "$T/w.log")"; fi
eo cosim_report_no_dir           2 "cannot write" /nonexistent/r.json $C --cycles 100 --report-json /nonexistent/r.json
eo cosim_report_proc             2 "cannot write" /proc/r.json       $C --cycles 100 --report-json /proc/r.json
e cosim_report_directory         2 "is a directory"                  $C --cycles 100 --report-json "$T/dir"
# --trace: the trace reader and the trace options
e cosim_trace_empty_name         2 "--trace: empty value"            $C --trace ""
e cosim_trace_nonexistent        2 "$T/nosuch"                       $C --trace "$T/nosuch"
e cosim_trace_directory          2 "$T/dir"                          $C --trace "$T/dir"
e cosim_trace_empty              2 "$T/empty: no memory accesses"    $C --trace "$T/empty"
e cosim_trace_only_comment       2 "$T/comment.trace: no memory accesses" $C --trace "$T/comment.trace"
e cosim_trace_dev_zero           2 "/dev/zero:1:"                    $C --trace /dev/zero
e cosim_trace_urandom            2 "/dev/urandom:"                   $C --trace /dev/urandom
e cosim_trace_bad_gzip           2 "$T/bad.gz"                       $C --trace "$T/bad.gz"
e cosim_trace_bad_op             2 "$T/badop.trace:4:"               $C --trace "$T/badop.trace"
e cosim_trace_va_too_wide        2 "$T/wide2.trace:3: VA 0x8000000000000 is outside" $C --trace "$T/wide2.trace"
e cosim_trace_segv_strict        2 "$T/segv.trace:3:"                $C --trace "$T/segv.trace" --strict
eo cosim_trace_bad_no_wave       2 "$T/badop.trace:4:" "$T/out/t.fst" $C --trace "$T/badop.trace" --wave "$T/out/t.fst" --wave-at 5
eo cosim_trace_bad_no_json       2 "$T/badop.trace:4:" "$T/out/t.json" $C --trace "$T/badop.trace" --stats-json "$T/out/t.json"
for v in 0 -1 abc; do e "cosim_frames_${v}" 2 "--frames" $C --trace $TR --frames $v; done
e cosim_swap_policy_bogus        2 "--swap-policy: expected"         $C --trace $TR --swap-policy lfu
e cosim_format_bogus             2 "--format: expected"              $C --trace $TR --format csv
e cosim_trace_mode_bare          2 "--mode with --trace"             $C --trace $TR --mode bare
e cosim_stats_json_no_dir        2 "cannot write"                    $C --trace $TR --stats-json /nonexistent/s.json
e cosim_stats_json_is_trace      2 "that is the trace"               $C --trace "$T/self.gz" --stats-json "$T/self.gz"
e cosim_populate_without_trace   2 "--populate needs --trace"        $C --populate
e cosim_frames_without_trace     2 "--frames needs --trace"          $C --frames 4
e cosim_trace_and_directed       2 "not with --trace"                $C --trace $TR --stimulus directed:all
e cosim_bench_rtl_and_trace      2 "not with --trace"                $C --trace $TR --bench-rtl
e cosim_check_data_no_check      2 "--check-data needs the checks"   $C --trace $TR --check-data --no-check
e cosim_stdin_populate           2 "not stdin"                       $C --trace - --populate
# --quiet hides progress lines only, not the summary (item 8)
out=$("$C" --profile sv32 --cycles 2000 --quiet 2>&1)
grep -q 'no divergence' <<<"$out" && pass cosim_quiet_keeps_summary || fail cosim_quiet_keeps_summary "no summary: '$out'"
out=$("$C" --profile sv39 --trace traces/array_sum.lackey.gz --quiet 2>&1)
grep -q '^divergences 0' <<<"$out" && pass cosim_trace_quiet_keeps_summary || fail cosim_trace_quiet_keeps_summary "no summary"
# the make run summary: every figure says what it is (item 7)
ok=1; why=""
grep -qE '^counters .*LOOKUPS [0-9]+ \([0-9]+ accesses \+ [0-9]+ retries\)' <<<"$out" || { ok=0; why="$why LOOKUPS unexplained;"; }
grep -qE 'MISSES [0-9]+ \([0-9]+ \+ [0-9]+ of retries\)' <<<"$out" || { ok=0; why="$why MISSES unexplained;"; }
grep -qE '^retries +[0-9]+ lookups again after the OS fixed a fault' <<<"$out" || { ok=0; why="$why retries unexplained;"; }
grep -qE 'M per CPU-second' <<<"$out" || { ok=0; why="$why CPU-second rate without unit;"; }
grep -qE '^latency +fixed:2: every walker memory read answered 2 cycles' <<<"$out" || { ok=0; why="$why fixed:2 unexplained;"; }
[ $ok = 1 ] && pass cosim_trace_summary_labels_every_figure || fail cosim_trace_summary_labels_every_figure "$why"
fi

# ======================================================================================
# mmu-hil (no board needed: everything here is refused before the port is used)
# ======================================================================================
if [ ! -x "$H" ]; then
    fail hil_built "$H missing (make mmu-hil)"
else
e hil_no_args                    2 "missing --port DEV"              $H
e hil_unknown_option             2 "unknown option '--frob'"         $H --frob
e hil_option_no_value            2 "--port needs a value"            $H --port
e hil_no_mode                    2 "give exactly one of"             $H --port /dev/null
e hil_two_modes                  2 "give exactly one of"             $H --port /dev/null --info --link-test
e hil_port_nonexistent           3 "cannot open serial port $T/nosuch" $H --port "$T/nosuch" --info
e hil_port_not_tty               3 "/dev/null is not a serial port"  $H --port /dev/null --info
e hil_port_directory             3 "$T/dir"                          $H --port "$T/dir" --info
e hil_port_empty                 2 "--port: empty"                   $H --port "" --info
for v in 0 -1 abc 99999999; do e "hil_baud_${v}" 2 "--baud" $H --port /dev/null --info --baud $v; done
for v in 0 3600001 x; do e "hil_timeout_${v}" 2 "--timeout" $H --port /dev/null --info --timeout $v; done
for v in 0 4294967296 -1; do e "hil_signature_${v}" 2 "--signature" $H --port /dev/null --info --signature $v; done
for v in 0 -1; do e "hil_frames_${v}" 2 "--frames" $H --port /dev/null --trace $TR --frames $v; done
e hil_limit_0                    2 "--limit"                         $H --port /dev/null --trace $TR --limit 0
e hil_max_report_huge            2 "--max-report"                    $H --port /dev/null --info --max-report 99999999999
e hil_random_huge                2 "--random"                        $H --port /dev/null --scenario $S --random 99999999999
e hil_mode_bogus                 2 "--mode: expected"                $H --port /dev/null --trace $TR --mode flat
e hil_swap_policy_opt            2 "--swap-policy: expected"         $H --port /dev/null --trace $TR --swap-policy opt
e hil_sig_acc_bogus              2 "--sig-acc: expected"             $H --port /dev/null --info --sig-acc exec
e hil_sig_priv_bogus             2 "--sig-priv: expected"            $H --port /dev/null --info --sig-priv root
e hil_random_without_scenario    2 "--random needs --scenario"       $H --port /dev/null --info --random 3
e hil_mem_base_without_scenario  2 "--mem-base needs --scenario"     $H --port /dev/null --info --mem-base 0
e hil_trace_options_with_scenario 2 "needs --trace"                  $H --port /dev/null --scenario $S --frames 3
e hil_scenario_nonexistent       3 "$T/nosuch.scn: cannot open"      $H --port /dev/null --scenario "$T/nosuch.scn"
e hil_scenario_directory         3 "$T/dir: is a directory"          $H --port /dev/null --scenario "$T/dir"
e hil_scenario_bad_line          3 "$T/badpte.scn:3:"                $H --port /dev/null --profile sv39 --scenario "$T/badpte.scn"
e hil_trace_nonexistent          3 "$T/nosuch"                       $H --port /dev/null --trace "$T/nosuch"
e hil_trace_directory            3 "$T/dir: is a directory"          $H --port /dev/null --trace "$T/dir"
e hil_trace_empty                3 "$T/empty: no memory accesses"    $H --port /dev/null --trace "$T/empty"
e hil_profile_unknown            3 "unknown profile 'sv57'"          $H --port /dev/null --info --profile sv57
for c in ""; do :; done
last=$($H --help | tail -c 1 | od -An -c | tr -d ' ')
[ "$last" = '\n' ] && pass help_hil_ends_with_newline || fail help_hil_ends_with_newline "last byte '$last'"
fi
[ -x "$C" ] && { last=$($C --help | tail -c 1 | od -An -c | tr -d ' ')
[ "$last" = '\n' ] && pass help_cosim_ends_with_newline || fail help_cosim_ends_with_newline "last byte '$last'"; }

# ======================================================================================
# make targets with bad variables: refused at once, before anything is built
# ======================================================================================
M=(make --no-print-directory -s BUILD="$T/mk")
e make_fpga_board_foo            2 "BOARD=foo is not a board"        "${M[@]}" fpga BOARD=foo
e make_prog_board_foo            2 "BOARD=foo is not a board"        "${M[@]}" prog BOARD=foo
e make_fpga_sim_board_foo        2 "BOARD=foo is not a board"        "${M[@]}" fpga-sim BOARD=foo
e make_fpga_board_empty          2 "is not a board"                  "${M[@]}" fpga BOARD=
e make_grade_lab_9               2 "no lab 9"                        "${M[@]}" grade LAB=9
e make_grade_lab_0               2 "LAB=0 is not a lab number"                        "${M[@]}" grade LAB=0
e make_grade_lab_abc             2 "abc"                             "${M[@]}" grade LAB=abc
e make_lab_dist_lab_9            2 "no lab 9"                        "${M[@]}" lab-dist LAB=9 OUT="$T/ld"
e make_lab_dist_no_out           2 "usage: make lab-dist"            "${M[@]}" lab-dist LAB=1
e make_wave_profile_bar          2 "PROFILE=bar is not a profile"    "${M[@]}" wave PROFILE=bar
e make_plot_profile_bar          2 "PROFILE=bar is not a profile"    "${M[@]}" plot PROFILE=bar
e make_all_profile_empty         2 "is not a profile"                "${M[@]}" all PROFILE=
e make_wave_sim_foo              2 "WAVE_SIM=foo"                    "${M[@]}" wave WAVE_SIM=foo
for v in 0 -1 abc; do
e "make_regress_seeds_${v}"      2 "SEEDS=$v"                        "${M[@]}" regress SEEDS=$v
done
e make_run_trace_missing         2 "RUN_TRACE=$T/nosuch"             "${M[@]}" run RUN_TRACE="$T/nosuch"
e make_run_wave_cycles_abc       2 "RUN_WAVE_CYCLES=abc"             "${M[@]}" run RUN_WAVE_CYCLES=abc
e make_cosim_profiles_bar        2 "COSIM_PROFILES"                  "${M[@]}" cosim COSIM_PROFILES=bar
e make_unknown_target            2 "No rule to make target"          "${M[@]}" frobnicate
[ -d "$T/mk" ] && fail make_bad_variables_build_nothing "$(find "$T/mk" -type f | head -3 | tr '\n' ' ')" \
               || pass make_bad_variables_build_nothing

# ---- make deps knows every package the documented targets need (item 5)
list=$(bash tb/scripts/deps.sh --list 2>&1)
for t in gtkwave gnuplot verilator iverilog; do
    grep -qw "$t" <<<"$list" && pass "deps_lists_$t" || fail "deps_lists_$t" "tb/scripts/deps.sh --list: $(head -2 <<<"$list" | tr '\n' ' ')"
done
# ---- quiet builds: one short line per artefact, V=1 for the commands (item 6)
q=$(make --no-print-directory BUILD="$T/qb" "$T/qb/obj/cmodel/common/error.o" 2>&1)
if [ "$(wc -l <<<"$q")" = 1 ] && [ ${#q} -lt 80 ] && grep -q 'error.c' <<<"$q"; then pass build_quiet_one_line
else fail build_quiet_one_line "$(wc -l <<<"$q") line(s), ${#q} chars: $(head -c 120 <<<"$q")"; fi
rm -rf "$T/qb"
q=$(make --no-print-directory BUILD="$T/qb" V=1 "$T/qb/obj/cmodel/common/error.o" 2>&1)
grep -q -- '-Wall' <<<"$q" && pass build_v1_prints_commands || fail build_v1_prints_commands "$(head -c 120 <<<"$q")"
check_done
