#!/usr/bin/env bash
# pwc_study.sh — the page-walk cache study of docs/walkcache.md "Choosing the
# organisation (measured)": mmu-ref run over every traces/*.lackey.gz, on
# sv39, sv32 and ostep-multilevel, default TLB, with and without --populate,
# --pwc 0/4/8/16 x --pwc-org va/pa. Prints the tables as markdown on stdout
# (deterministic: the same tree gives the same bytes).
#
#   tb/scripts/pwc_study.sh [--bundled-only]      (BUILD, MMU_REF as for make)
#
# A trace a profile cannot run (a VA outside its address space) is named
# with mmu-ref's message; for sv32 the lackey traces' stack (VAs above 4 GiB,
# valgrind puts it at 0x1fff000000) is then folded to its low 32 bits and the
# folded trace runs instead, marked "(folded)". Without --bundled-only, two
# synthetic traces follow (mmu-ref gen wset, seed 1): a working set moving in
# a span far larger than the TLB, where the organisations can differ.
#
# Every configuration of one (trace, profile, populate) is checked against
# the PWC-less run: same accesses, TLB hits, misses and walks, and
# pte_reads + pwc_reads_saved = the PWC-less pte_reads, no stale entry; a
# violation is printed on stderr and the exit status is 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
MMU_REF=${MMU_REF:-$BUILD/bin/mmu-ref}
synthetic=1
case ${1:-} in
"") ;;
--bundled-only) synthetic=0 ;;
-h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) echo "pwc_study.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac
[ -x "$MMU_REF" ] || { echo "pwc_study.sh: no $MMU_REF (make BUILD=$BUILD all)" >&2; exit 2; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
PROFILES="sv39 sv32 ostep-multilevel"
SIZES="4 8 16"
bad=0

json() { sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1"; }

# run TRACE PROFILE POPULATE(0/1) PWC ORG -> $T/out.json; non-zero status
# (message in $T/err) when mmu-ref refuses the trace.
run() {
    local pop=()
    [ "$3" == 1 ] && pop=(--populate)
    "$MMU_REF" run --trace "$1" --profile "$2" "${pop[@]}" --pwc "$4" --pwc-org "$5" --quiet \
        --stats-json "$T/out.json" 2>"$T/err"
}

# Totals over the traces of a section: key "profile populate size org" -> reads, walks.
declare -A tot_reads tot_walks
rows=""

# group NAME FILE PROFILE POPULATE: the rows of one (trace, profile, populate).
group() {
    local name=$1 file=$2 prof=$3 pop=$4 ref inv="" n org k
    run "$file" "$prof" "$pop" 0 va || return 1
    cp "$T/out.json" "$T/ref.json"
    ref=$T/ref.json
    local walks reads0
    walks=$(json "$ref" walks)
    reads0=$(json "$ref" pte_reads)
    local popname=no
    [ "$pop" == 1 ] && popname=yes
    rows+="| $name | $prof | $popname | 0 | $walks | $reads0 | $(json "$ref" pte_reads_per_walk) | – | $reads0 | $(json "$ref" pte_reads_per_walk) | – |"$'\n'
    for org in va pa; do
        k="$prof $pop 0 $org"
        tot_reads[$k]=$(( ${tot_reads[$k]:-0} + reads0 ))
        tot_walks[$k]=$(( ${tot_walks[$k]:-0} + walks ))
    done
    for n in $SIZES; do
        local cells=""
        for org in va pa; do
            run "$file" "$prof" "$pop" "$n" "$org" || { echo "pwc_study.sh: $name $prof --pwc $n: $(cat "$T/err")" >&2; exit 1; }
            local o=$T/out.json reads saved
            reads=$(json "$o" pte_reads)
            saved=$(json "$o" pwc_reads_saved)
            for key in accesses tlb_hits tlb_misses walks retries; do
                [ "$(json "$o" $key)" == "$(json "$ref" $key)" ] ||
                    inv+=" $key $(json "$ref" $key)->$(json "$o" $key) (--pwc $n --pwc-org $org);"
            done
            [ $((reads + saved)) == "$reads0" ] || inv+=" reads $reads + saved $saved != $reads0 (--pwc $n $org);"
            [ "$(json "$o" pwc_stale)" == 0 ] || inv+=" $(json "$o" pwc_stale) stale (--pwc $n $org);"
            cells+=" $reads | $(json "$o" pte_reads_per_walk) | $(json "$o" pwc_hits) |"
            k="$prof $pop $n $org"
            tot_reads[$k]=$(( ${tot_reads[$k]:-0} + reads ))
            tot_walks[$k]=$(( ${tot_walks[$k]:-0} + walks ))
        done
        rows+="| $name | $prof | $popname | $n | $walks |$cells"$'\n'
    done
    if [ -n "$inv" ]; then
        echo "pwc_study.sh: INVARIANT BROKEN for $name $prof populate=$pop:$inv" >&2
        bad=1
    fi
}

header() {
    echo "| trace | profile | populate | PWC entries | walks | va: PTE reads | va: reads/walk | va: hits | pa: PTE reads | pa: reads/walk | pa: hits |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
}

# totals PROFILES...: reads per walk over every trace of the section.
totals() {
    echo "| profile | populate | PWC entries | va: reads/walk | pa: reads/walk | pa / va reads |"
    echo "|---|---|---:|---:|---:|---:|"
    local prof pop n
    for prof in "$@"; do
        for pop in 0 1; do
            [ -n "${tot_walks["$prof $pop 0 va"]:-}" ] || continue
            for n in 0 $SIZES; do
                local w=${tot_walks["$prof $pop $n va"]} rv=${tot_reads["$prof $pop $n va"]} rp=${tot_reads["$prof $pop $n pa"]}
                awk -v p="$prof" -v pop="$([ $pop == 1 ] && echo yes || echo no)" -v n="$n" -v w="$w" -v rv="$rv" -v rp="$rp" \
                    'BEGIN { printf "| %s | %s | %d | %.3f | %.3f | %.3f |\n", p, pop, n, rv / w, rp / w, rv ? rp / rv : 0 }'
            done
        done
    done
}

fold() { zcat -f "$1" | sed -E 's/^( ?[ILSM] +)[0-9a-fA-F]*([0-9a-fA-F]{8}),/\1\2,/' >"$2"; }

echo "<!-- tb/scripts/pwc_study.sh$([ $synthetic == 0 ] && echo ' --bundled-only') ($(basename "$MMU_REF") run, default TLB of each profile) -->"
echo
echo "#### Bundled traces"
echo
notes=""
for tr in traces/*.lackey.gz; do
    name=$(basename "$tr" .lackey.gz)
    for prof in $PROFILES; do
        for pop in 0 1; do
            if group "$name" "$tr" "$prof" "$pop"; then continue; fi
            why=$(sed 's/^mmu-ref: //' "$T/err")
            folded=$T/$name.folded.lackey
            [ -f "$folded" ] || fold "$tr" "$folded"
            if group "$name (folded)" "$folded" "$prof" "$pop"; then
                [ "$pop" == 1 ] || notes+="- $name on $prof: $why; run folded (VAs above 4 GiB keep their low 32 bits)."$'\n'
            else
                [ "$pop" == 1 ] || notes+="- $name on $prof: does not run: $why (folded too)."$'\n'
            fi
        done
    done
done
header
printf '%s' "$rows"
echo
[ -z "$notes" ] || { printf '%s' "$notes"; echo; }
echo "Over the three traces (PTE reads / walks, summed):"
echo
totals $PROFILES

if [ $synthetic == 1 ]; then
    rows=""
    tot_reads=() tot_walks=()
    echo
    echo "#### Synthetic: a working set moving in a large span"
    echo
    "$MMU_REF" gen wset --seed 1 --count 100K --va-bits 38 --span 8G --wset 8M -o "$T/wset39.trc"
    "$MMU_REF" gen wset --seed 1 --count 100K --va-bits 32 --span 1G --wset 8M -o "$T/wset32.trc"
    echo "\`mmu-ref gen wset --seed 1 --count 100K --wset 8M\` with \`--va-bits 38 --span 8G\` (sv39) and"
    echo "\`--va-bits 32 --span 1G\` (sv32): 90 % of accesses in an 8 MiB window that moves every 2000."
    echo
    for pop in 0 1; do
        group "wset 8G" "$T/wset39.trc" sv39 "$pop" || { echo "pwc_study.sh: wset sv39: $(cat "$T/err")" >&2; exit 1; }
        group "wset 1G" "$T/wset32.trc" sv32 "$pop" || { echo "pwc_study.sh: wset sv32: $(cat "$T/err")" >&2; exit 1; }
    done
    header
    printf '%s' "$rows"
fi
exit $bad
