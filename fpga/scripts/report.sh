#!/usr/bin/env bash
# report.sh BOARD... -- the table of the last `make fpga` per board (from
# $BUILD/fpga/<board>/summary.txt, written by flow.sh), in the Markdown form
# docs/fpga.md carries: profile, TLB geometry, LUTs, FFs, RAMs, Fmax, the
# clock the board runs at (its PLL's output, nextpnr's --freq), timing met,
# and the critical path's start and end registers (nextpnr's report.json).
# Exit status 1 when a built board missed its clock (a board not built is
# listed as such).
set -u
BUILD=${BUILD:-build}
key_of() {   # profile key default -> value
    local v
    v=$(awk -F= -v k="$2" '{gsub(/[ \t]|#.*/, "")} $1 == k {print $2}' "rtl/profiles/$1.profile")
    echo "${v:-$3}"
}
tlb_of() {   # profile params -> "SETSxWAYS POLICY"
    local p=$1 params=$2 sets ways
    sets=$(key_of "$p" tlb_sets "?"); ways=$(key_of "$p" tlb_ways "?")
    [[ $params =~ TLB_SETS\ ([0-9]+) ]] && sets=${BASH_REMATCH[1]}
    [[ $params =~ TLB_WAYS\ ([0-9]+) ]] && ways=${BASH_REMATCH[1]}
    echo "${sets}x${ways} $(key_of "$p" tlb_repl "?")"
}
features_of() {   # profile -> what it compiles in beyond paging (docs/profiles.md)
    local p=$1 f="" c
    [ "$(key_of "$p" segmentation 1)" = 1 ] && f="segmentation"
    c=$(key_of "$p" counters 32)
    if [ "$c" = 0 ]; then f="$f${f:+, }no counters"; else f="$f${f:+, }$c-bit counters"; fi
    [ "$(key_of "$p" hit_stages 1)" = 2 ] && f="$f${f:+, }hits through s2"
    echo "$f"
}
printf '| board | FPGA | profile | TLB | memory | LUTs | FFs | RAM blocks | Fmax (MHz) | clock (MHz) | timing met | critical path (start → end) |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
bad=0
for b in "$@"; do
    f=$BUILD/fpga/$b/summary.txt
    if [ ! -f "$f" ]; then
        printf '| %s | (not built: make fpga BOARD=%s) | | | | | | | | | | |\n' "$b" "$b"
        continue
    fi
    get() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$f"; }
    params=$(get params) prof=$(get profile) met=$(get met)
    mem=""
    [[ $params =~ MEM_LOG2\ ([0-9]+) ]] && mem="$(( (1 << BASH_REMATCH[1]) / 1024 )) KiB"
    [ "$met" = yes ] || { met="**NOT MET**"; bad=1; }
    perr=$(get pnr_error)
    [ -z "$perr" ] || met="**NOT MET**: place and route failed (${perr#ERROR: })"
    clk="$(get target)"
    osc=$(get osc)
    [ -n "$osc" ] && [ "$osc" != "0.00" ] && clk="$clk (PLL from $osc)"
    printf '| %s | %s %s | %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s | `%s` → `%s` |\n' "$b" "$(get family)" \
        "$(get device)" "$prof" "$(features_of "$prof")" "$(tlb_of "$prof" "$params")" "$mem" "$(get luts)" \
        "$(get ffs)" "$(get rams)" "$(get fmax)" "$clk" "$met" "$(get crit_from)" "$(get crit_to)"
done
# the place-and-route settings each board was built with (boards.mk <board>_SEED, _PNR_OPTS)
for b in "$@"; do
    f=$BUILD/fpga/$b/summary.txt
    [ -f "$f" ] || continue
    o=$(awk '$1 == "pnr" { $1 = ""; sub(/^ /, ""); print }' "$f")
    [ -n "$o" ] && printf '%s: nextpnr %s\n' "$b" "$o"
done
exit $bad
