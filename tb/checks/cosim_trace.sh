#!/usr/bin/env bash
# mmu-cosim --trace: a memory trace through the RTL (in lockstep with the
# cycle model) with the OS layer servicing the faults the RTL raises.
#  - every count equals mmu-ref run's at the RTL's geometry: the bundled real
#    lackey traces (demand paging, --populate), generated multi-process,
#    copy-on-write and swapping traces, sv39 and (when built) sv32;
#  - OS-visible results: demand-zero fault counts, OSTEP's FIFO/LRU/OPT fault
#    counts with 3 frames, swap-outs and written-back pages per policy,
#    copy-on-write copies and the data each side sees after the copy
#    (--check-data), context switches without flushes (ASIDs);
#  - the RTL's performance counters, read at the end, equal the counts;
#  - translation latency and walk metrics measured on the ports: a known
#    answer for one walk, and bounds on a real trace at two latencies;
#  - bad input: one message, exit 2, no JSON left behind.
set -u
. tb/scripts/check_lib.sh
BIN=${COSIM_TRACE_BIN:-$BUILD/bin/mmu-cosim}
T=$BUILD/cosim/trace
rm -rf "$T"; mkdir -p "$T"
json() { sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1"; }
prof_key() { sed -n "s/^$2 *= *\([^ #]*\).*/\1/p" "rtl/profiles/$1.profile"; }
KEYS="accesses fetches loads stores tlb_hits tlb_misses fetch_misses load_misses store_misses tlb_hit_faults
      tlb_evictions tlb_flushes tlb_flushed_entries retries retry_hits retry_misses walks pte_reads ad_writes
      page_faults demand_zero swap_ins swap_outs dirty_writebacks cow_copies segv populated context_switches
      asid_rollovers peak_resident tlb_sets tlb_ways tlb_repl page_shift"
have_profile() { "$BIN" --list-profiles 2>/dev/null | grep -qx -- "$1"; }

# same NAME PROFILE TRACE [flags]: mmu-ref run (at the profile's TLB geometry)
# and mmu-cosim --trace give the same value for every key; no divergence.
same() {
    local name=$1 prof=$2 tr=$3; shift 3
    local r=$T/$name.ref.json c=$T/$name.rtl.json a ref_args=()
    for a in "$@"; do [ "$a" == --check-data ] || ref_args+=("$a"); done      # cosim only
    $MMU_REF run --trace "$tr" --profile "$prof" --tlb-sets "$(prof_key "$prof" tlb_sets)" \
        --tlb-ways "$(prof_key "$prof" tlb_ways)" --tlb-repl "$(prof_key "$prof" tlb_repl)" "${ref_args[@]}" \
        --quiet --stats-json "$r" >"$T/$name.ref.log" 2>&1 || { fail "$name" "mmu-ref run failed: $(head -2 "$T/$name.ref.log")"; return 1; }
    "$BIN" --profile "$prof" --trace "$tr" "$@" --stats-json "$c" >"$T/$name.log" 2>&1
    local rc=$?
    if [ $rc -ne 0 ] || [ ! -f "$c" ]; then fail "$name" "mmu-cosim exit $rc: $(grep -m3 -i 'diverg\|error\|mmu-cosim:' "$T/$name.log")"; return 1; fi
    local diff=""
    for k in $KEYS; do
        [ "$(json "$r" "$k")" == "$(json "$c" "$k")" ] || diff="$diff $k=$(json "$r" "$k")/$(json "$c" "$k")"
    done
    [ "$(json "$c" divergences)" == 0 ] || diff="$diff divergences=$(json "$c" divergences)"
    # the RTL's HITS counter, when the profile has counters (hw_counters false: counters = 0)
    [ "$(json "$c" hw_counters)" == false ] ||
        [ "$(json "$c" hw_hits)" == "$(( $(json "$c" tlb_hits) + $(json "$c" retry_hits) ))" ] || diff="$diff hw_hits=$(json "$c" hw_hits)"
    if [ -z "$diff" ]; then pass "$name"; return 0; fi
    fail "$name" "mmu-ref/mmu-cosim differ:$diff"; return 1
}
# val NAME KEY WANT: a value of NAME's cosim JSON
val() {
    local got; got=$(json "$T/$1.rtl.json" "$2")
    if [ "$got" == "$3" ]; then pass "$1_$2"; else fail "$1_$2" "got '$got', want '$3'"; fi
}

if [ ! -x "$BIN" ]; then fail cosim_trace_binary "$BIN not built (make cosim)"; check_done; exit; fi

# ---- real programs (valgrind lackey), sv39, demand paging and populated
for tr in traces/*.lackey.gz; do
    n=lackey_$(basename "$tr" .lackey.gz)
    if same "$n" sv39 "$tr"; then
        pf=$(json "$T/$n.rtl.json" page_faults)
        [ "$pf" -gt 0 ] && [ "$pf" == "$(json "$T/$n.rtl.json" demand_zero)" ] && [ "$pf" == "$(json "$T/$n.rtl.json" retries)" ] &&
            pass "${n}_demand_zero_faults" || fail "${n}_demand_zero_faults" "page_faults $pf, demand_zero/retries differ or 0"
    fi
done
same lackey_array_sum_populated sv39 traces/array_sum.lackey.gz --populate && val lackey_array_sum_populated page_faults 0

# ---- translation latency and walk metrics (docs/cosim.md "Translation latency and walk metrics")
# metrics NAME PROFILE TRACE [flags]: mmu-cosim alone (--mem-latency is not an mmu-ref option)
metrics() {
    local name=$1 prof=$2 tr=$3; shift 3
    "$BIN" --profile "$prof" --trace "$tr" "$@" --quiet --stats-json "$T/$name.rtl.json" >"$T/$name.log" 2>&1
    local rc=$?
    [ $rc -eq 0 ] && [ -f "$T/$name.rtl.json" ] && return 0
    fail "$name" "mmu-cosim exit $rc: $(grep -m3 -i 'diverg\|error\|mmu-cosim:' "$T/$name.log")"; return 1
}
# fcmp NAME EXPR A B: an awk comparison of two JSON numbers ("a <= b" ...)
fcmp() {
    if awk -v a="$3" -v b="$4" "BEGIN { exit !(a != \"\" && b != \"\" && ($2)) }"; then pass "$1"
    else fail "$1" "want $2 with a = '$3', b = '$4'"; fi
}
# Known answer: one load of a populated page (A/D already set), nothing in flight:
# one walk of 3 PTE reads; accepted to answered = 3 x (latency + 1) + 3 (s1 lookup,
# RD_REQ, per level RD_WAIT x latency and CHECK, DONE); the walker is busy all of it
# but the lookup cycle (WALK_CYCLES). A change of the walker's timing changes these.
printf 'create 1 heap=0x10000000+4K:rw\nswitch 1\nL 0x10000010 8\n' >"$T/one.trc"
for l in 1 10; do
    n=metrics_one_walk_fixed$l
    if metrics "$n" sv39 "$T/one.trc" --populate --mem-latency fixed:$l; then
        val "$n" translations 1; val "$n" walker_walks 1; val "$n" pte_reads 3; val "$n" pte_reads_per_walk 3.000
        val "$n" accept_to_response_max $((3 * (l + 1) + 3)); val "$n" walk_cycles $((3 * (l + 1) + 3))
        val "$n" hw_walk_cycles $((3 * (l + 1) + 2))
    fi
done
# A real trace (pointer chasing: many walks) at fixed:1 and fixed:10.
mtr=traces/list_walk.lackey.gz
if metrics metrics_fixed1 sv39 "$mtr" --mem-latency fixed:1 && metrics metrics_fixed10 sv39 "$mtr" --mem-latency fixed:10; then
    for n in metrics_fixed1 metrics_fixed10; do
        j=$T/$n.rtl.json
        w=$(json "$j" walker_walks)
        [ -n "$w" ] && [ "$w" -gt 0 ] && [ "$w" == "$(json "$j" walks)" ] && pass "${n}_walks_on_ports" ||
            fail "${n}_walks_on_ports" "walker_walks '$w', walks (responses with hit 0) '$(json "$j" walks)'"
        fcmp "${n}_pte_reads_per_walk_1_to_levels" "a >= 1 && a <= b" "$(json "$j" pte_reads_per_walk)" "$(prof_key sv39 levels)"
        fcmp "${n}_p99_ge_floor_mean" "a >= int(b)" "$(json "$j" cycles_per_translation_p99)" "$(json "$j" cycles_per_translation_mean)"
        fcmp "${n}_max_ge_p99" "a >= b" "$(json "$j" cycles_per_translation_max)" "$(json "$j" cycles_per_translation_p99)"
        # accepted -> answered is never longer than offered -> answered, request by request
        fcmp "${n}_accept_mean_le_offer_mean" "a <= b" "$(json "$j" accept_to_response_mean)" "$(json "$j" cycles_per_translation_mean)"
        fcmp "${n}_accept_p99_le_offer_p99" "a <= b" "$(json "$j" accept_to_response_p99)" "$(json "$j" cycles_per_translation_p99)"
        # ... and shorter on average: req_ready_o is low during a walk, so the request behind it waits
        fcmp "${n}_requests_wait_behind_walks" "a < b" "$(json "$j" accept_to_response_mean)" "$(json "$j" cycles_per_translation_mean)"
        fcmp "${n}_walks_eq_rtl_misses" "a == b" "$w" "$(json "$j" hw_misses)"
        # each walk's lookup cycle is outstanding but not walker-busy: walk_cycles >= WALK_CYCLES + walks
        fcmp "${n}_walk_cycles_vs_counter" "a >= b" "$(json "$j" walk_cycles)" "$(( $(json "$j" hw_walk_cycles) + w ))"
    done
    fcmp metrics_mean_grows_with_latency "a > b" "$(json "$T/metrics_fixed10.rtl.json" cycles_per_translation_mean)" \
        "$(json "$T/metrics_fixed1.rtl.json" cycles_per_translation_mean)"
    fcmp metrics_walk_cycles_grow_with_latency "a > b" "$(json "$T/metrics_fixed10.rtl.json" walk_cycles)" \
        "$(json "$T/metrics_fixed1.rtl.json" walk_cycles)"
fi

# ---- demand paging, known answer: 5 pages, each loaded and stored twice
{
    echo "create 1 code=0x1000+4K:rx heap=0x10000000+64K:rw"
    echo "switch 1"
    for round in 1 2; do for p in 0 1 2 3 4; do echo "L 0x1000${p}010 8"; echo "S 0x1000${p}018 8"; done; done
    echo "exit 1"
} >"$T/dz.trc"
if same demand_zero sv39 "$T/dz.trc" --check-data; then
    val demand_zero page_faults 5; val demand_zero demand_zero 5; val demand_zero retries 5; val demand_zero accesses 20
fi

# ---- swap: OSTEP's reference string 0 1 2 0 1 3 0 3 1 2 1 with 3 frames
# (chapter 22: FIFO 7 misses, LRU 5, OPT 5); pages 0 and 2 are written
{
    echo "create 1 heap=0x20000000+64K:rw"
    echo "switch 1"
    for p in 0 1 2 0 1 3 0 3 1 2 1; do
        if [ $p == 0 ] || [ $p == 2 ]; then echo "S 0x2000${p}000 8"; else echo "L 0x2000${p}000 8"; fi
    done
} >"$T/ostep.trc"
declare -A want_pf=([fifo]=7 [lru]=5 [opt]=5)
for pol in fifo lru opt clock rand; do
    if same "swap_ostep_$pol" sv39 "$T/ostep.trc" --frames 3 --swap-policy "$pol" --check-data; then
        pf=$(json "$T/swap_ostep_$pol.rtl.json" page_faults)
        [ -n "${want_pf[$pol]:-}" ] && val "swap_ostep_$pol" page_faults "${want_pf[$pol]}"
        val "swap_ostep_$pol" swap_outs $((pf - 3))
        # a fault is a demand-zero or a swap-in (a clean page never written goes back to untouched)
        val "swap_ostep_$pol" swap_ins $((pf - $(json "$T/swap_ostep_$pol.rtl.json" demand_zero)))
    fi
done
# only written pages (0 and 2) are ever written back
for pol in fifo lru opt; do
    wb=$(json "$T/swap_ostep_$pol.rtl.json" dirty_writebacks)
    [ -n "$wb" ] && [ "$wb" -ge 1 ] && [ "$wb" -le 2 ] && pass "swap_ostep_${pol}_writebacks" ||
        fail "swap_ostep_${pol}_writebacks" "dirty_writebacks '$wb', want 1..2 (pages 0 and 2 are the written ones)"
done
# a working set larger than memory, every policy (written-back pages, swap-ins)
$MMU_REF gen wset --seed 5 --count 6000 --span 1M --wset 64K --phase 1500 -o "$T/wset.trc"
for pol in fifo lru opt clock rand; do
    same "swap_wset_$pol" sv39 "$T/wset.trc" --frames 12 --swap-policy "$pol" --check-data &&
        { [ "$(json "$T/swap_wset_$pol.rtl.json" swap_ins)" -gt 0 ] && [ "$(json "$T/swap_wset_$pol.rtl.json" dirty_writebacks)" -gt 0 ] &&
          pass "swap_wset_${pol}_pages_in_and_written_back" || fail "swap_wset_${pol}_pages_in_and_written_back" "no swap-in or write-back"; }
done

# ---- copy-on-write: the parent writes, forks; each side then sees its own data
{
    echo "create 1 heap=0x30000000+16K:rw"
    echo "switch 1"
    echo "S 0x30000000 8"          # parent's token in page 0
    echo "S 0x30001000 8"          # and page 1
    echo "fork 1 2"
    echo "switch 2"
    echo "L 0x30000000 8"          # child sees the parent's token (shared frame)
    echo "S 0x30000000 8"          # COW: child's own copy
    echo "L 0x30000000 8"          # child sees its own token
    echo "L 0x30001000 8"          # page 1 still shared: parent's token
    echo "switch 1"
    echo "L 0x30000000 8"          # parent still sees its own token
    echo "S 0x30001000 8"          # COW on the parent's side (page 1)
    echo "L 0x30001000 8"
    echo "switch 2"
    echo "L 0x30001000 8"          # child keeps the old page-1 data
    echo "exit 2"
    echo "exit 1"
} >"$T/cow.trc"
if same cow_data sv39 "$T/cow.trc" --check-data; then
    val cow_data cow_copies 2          # child's page 0, parent's page 1
    val cow_data page_faults 4         # 2 demand-zero + 2 COW
fi
$MMU_REF gen cow --seed 2 --count 4000 -o "$T/cowgen.trc"
same cow_generated sv39 "$T/cowgen.trc" --check-data &&
    { [ "$(json "$T/cow_generated.rtl.json" cow_copies)" -gt 0 ] && pass cow_generated_copies || fail cow_generated_copies "no COW copy"; }

# ---- context switches: 4 processes, round-robin, ASIDs (no flush on a switch)
$MMU_REF gen multi --seed 3 --count 6000 -o "$T/multi.trc"
if same multi_switch sv39 "$T/multi.trc" --check-data; then
    cs=$(json "$T/multi_switch.rtl.json" context_switches)
    [ "$cs" -gt 10 ] && pass multi_switch_switches || fail multi_switch_switches "only $cs context switches"
    # with ASIDs a switch flushes nothing: one flush per demand-zero fault, one per exit
    val multi_switch tlb_flushes $(( $(json "$T/multi_switch.rtl.json" page_faults) + $(grep -c '^exit' "$T/multi.trc") ))
fi
same multi_switch_swap_clock sv39 "$T/multi.trc" --frames 16 --swap-policy clock

# ---- the other OS modes: hybrid (a linear table per segment, grown on a bound
# fault) and segmentation (free-list placement), with fork and brk
{
    echo "create 1 code=0x1000+16K:rx heap=0x2000000000+64K:rw"
    echo "create 2 code=0x1000+16K:rx heap=0x2000000000+32K:rw"
    for r in 1 2 3; do for p in 1 2; do
        echo "switch $p"
        for i in 0 1 2 3 4 5 6 7; do
            echo "I 0x$((1 + i % 3))000 4"; echo "S 0x200000${i}000 8"; echo "L 0x200000$(((i + 3) % 8))010 8"
        done
    done; done
    echo "fork 1 3"; echo "switch 3"; echo "L 0x2000001000 8"; echo "S 0x2000001000 8"
    echo "brk 1 +16K"; echo "switch 1"; echo "S 0x2000010000 8"; echo "L 0x2000010000 8"
} >"$T/modes.trc"
for m in paging hybrid segmentation; do same "mode_$m" sv39 "$T/modes.trc" --mode "$m" --check-data; done
# walks on the ports: every rsp_hit_o = 0 response that had PTE reads, as the RTL's MISSES
# counter; hybrid's bound faults (decided before the TLB) are misses for the counts, not walks
for m in paging hybrid; do
    j=$T/mode_$m.rtl.json
    [ -f "$j" ] && fcmp "mode_${m}_walker_walks_eq_rtl_misses" "a == b" "$(json "$j" walker_walks)" "$(json "$j" hw_misses)"
done
[ -f "$T/mode_hybrid.rtl.json" ] && fcmp mode_hybrid_bound_faults_are_not_walks "a < b" \
    "$(json "$T/mode_hybrid.rtl.json" walker_walks)" "$(json "$T/mode_hybrid.rtl.json" walks)"

# ---- another profile, when the binary has it
if have_profile sv32; then
    $MMU_REF gen multi --seed 4 --count 4000 --va-bits 32 -o "$T/multi32.trc"
    same sv32_multi sv32 "$T/multi32.trc" --check-data
    same sv32_multi_swap_lru sv32 "$T/multi32.trc" --frames 10 --swap-policy lru
fi

# ---- the page-walk cache (sv39-pwc) on the real traces: the RTL's PTE reads at
# its memory port equal the arch-level walk-cache model's (mmu-ref run --pwc 8,
# cmodel/tlb/pwc.c, written from docs/walkcache.md), at most 1.5 per walk, and
# the TLB's hits and misses are sv39's (a walk cache changes walks, never hits)
if have_profile sv39-pwc; then
    for tr in traces/*.lackey.gz; do
        n=pwc_$(basename "$tr" .lackey.gz)
        "$BIN" --profile sv39-pwc --trace "$tr" --mem-latency fixed:1 --quiet --stats-json "$T/$n.json" >"$T/$n.log" 2>&1 ||
            fail "${n}_runs" "exit $?: $(head -2 "$T/$n.log")"
        $MMU_REF run --profile sv39 --trace "$tr" --pwc 8 --quiet --stats-json "$T/$n.ref.json" >/dev/null 2>&1 ||
            fail "${n}_reference_runs" "mmu-ref run --pwc 8 failed"
        r=$(json "$T/$n.json" pte_reads) rr=$(json "$T/$n.ref.json" pte_reads) w=$(json "$T/$n.json" walks)
        [ -n "$r" ] && [ "$r" == "$rr" ] && [ "$w" -gt 0 ] && [ $((2 * r)) -le $((3 * w)) ] &&
            pass "${n}_pte_reads_equal_arch_model (RTL $r, model $rr, $w walks)" ||
            fail "${n}_pte_reads_equal_arch_model" "RTL read $r PTEs in $w walks, the arch model $rr (want equal, <= 1.5 per walk)"
        h=$(json "$T/$n.json" tlb_hits) m=$(json "$T/$n.json" tlb_misses)
        [ -n "$h" ] && [ "$h $m" == "$(json "$T/$n.ref.json" tlb_hits) $(json "$T/$n.ref.json" tlb_misses)" ] &&
            pass "${n}_tlb_hits_misses_unchanged" ||
            fail "${n}_tlb_hits_misses_unchanged" "RTL $h hits / $m misses, reference $(json "$T/$n.ref.json" tlb_hits) / $(json "$T/$n.ref.json" tlb_misses)"
    done
fi

# ---- hit-under-miss (sv39-hum: sv39-pwc plus id_bits 2) on the real traces, the
# walker's memory at latency 10: responses leave out of order, matched by ID;
# the walks are the walk cache's (PTE reads equal the arch model's), the TLB's
# hits and misses equal the sequential reference's (mmu-ref run: these traces
# give the same counts in response order), and the mean cycles per translation
# is below sv39-pwc's (the hits behind a walk are answered during it)
if have_profile sv39-hum && have_profile sv39-pwc; then
    for tr in traces/*.lackey.gz; do
        n=hum_$(basename "$tr" .lackey.gz)
        "$BIN" --profile sv39-hum --trace "$tr" --mem-latency fixed:10 --quiet --stats-json "$T/$n.json" >"$T/$n.log" 2>&1 ||
            fail "${n}_runs" "exit $?: $(head -2 "$T/$n.log")"
        "$BIN" --profile sv39-pwc --trace "$tr" --mem-latency fixed:10 --quiet --stats-json "$T/$n.pwc.json" >"$T/$n.pwc.log" 2>&1 ||
            fail "${n}_pwc_runs" "exit $?: $(head -2 "$T/$n.pwc.log")"
        $MMU_REF run --profile sv39 --trace "$tr" --pwc 8 --quiet --stats-json "$T/$n.ref.json" >/dev/null 2>&1 ||
            fail "${n}_reference_runs" "mmu-ref run --pwc 8 failed"
        got="$(json "$T/$n.json" pte_reads) $(json "$T/$n.json" tlb_hits) $(json "$T/$n.json" tlb_misses)"
        want="$(json "$T/$n.ref.json" pte_reads) $(json "$T/$n.ref.json" tlb_hits) $(json "$T/$n.ref.json" tlb_misses)"
        [ "$got" != "  " ] && [ "$got" == "$want" ] &&
            pass "${n}_reads_hits_misses_equal_reference ($got)" ||
            fail "${n}_reads_hits_misses_equal_reference" "RTL PTE reads / hits / misses '$got', reference '$want'"
        mh=$(json "$T/$n.json" cycles_per_translation_mean) mp=$(json "$T/$n.pwc.json" cycles_per_translation_mean)
        [ -n "$mh" ] && [ -n "$mp" ] && python3 -c "import sys; sys.exit(0 if float('$mh') < float('$mp') else 1)" &&
            pass "${n}_mean_below_sv39_pwc ($mh < $mp cycles per translation)" ||
            fail "${n}_mean_below_sv39_pwc" "sv39-hum $mh, sv39-pwc $mp cycles per translation (hits under a walk must shorten it)"
    done
fi

# ---- the waveform window, and bad input
"$BIN" --profile sv39 --trace "$T/cow.trc" --quiet --wave "$T/w.fst" --wave-at 60 --wave-window 50 >/dev/null 2>&1
[ -s "$T/w.fst" ] && pass trace_wave_window || fail trace_wave_window "no FST written"
printf 'create 1 heap=0x1000+4K:rw\nswitch 1\nL 0x1000 8\nQ 0x1000\n' >"$T/bad.trc"
expect_run trace_bad_line 2 "bad.trc:4" "$BIN" --profile sv39 --trace "$T/bad.trc" --stats-json "$T/bad.json"
[ ! -e "$T/bad.json" ] && ! ls "$T"/bad.json.tmp* >/dev/null 2>&1 && pass trace_bad_no_json || fail trace_bad_no_json "JSON left behind"
expect_run trace_missing_file 2 "nosuch.trc" "$BIN" --profile sv39 --trace "$T/nosuch.trc"
expect_run trace_bad_policy 2 "--swap-policy" "$BIN" --trace "$T/dz.trc" --swap-policy best
expect_run trace_bad_mode 2 "--mode with --trace" "$BIN" --trace "$T/dz.trc" --mode bare
expect_run trace_flag_needs_trace 2 "--frames needs --trace" "$BIN" --frames 4
expect_run trace_stdin_populate 2 "reads the trace twice" "$BIN" --trace - --populate
expect_run trace_help 0 "--swap-policy" "$BIN" --help
check_done
