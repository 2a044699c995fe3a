#!/usr/bin/env bash
# make walk-table: the cost of page-table walks on the bundled real traces, through
# the RTL (`mmu-cosim --trace`, in lockstep with the cycle model): every profile of
# PROFILES x traces/*.lackey.gz x walker memory latency fixed:1, fixed:10, fixed:50.
# Prints a markdown table (also $OUT_DIR/walk-table.md), writes the numbers to
# $OUT_DIR/walk-latency.dat and draws mean cycles per translation vs memory latency,
# one panel per profile, into $OUT_DIR/walk-latency.png (gnuplot).
# The metrics are measured on the RTL's ports: docs/cosim.md "Translation latency
# and walk metrics".
#
#   PROFILES       profiles to run (default "sv39 sv32"; the binary must have them)
#   BASE_PROFILE   adds "walk cycles saved" and "mean change %" against the row of
#                  this profile with the same trace and latency (run too if not in PROFILES)
#   LATENCIES      default "fixed:1 fixed:10 fixed:50"
#   TRACES         default traces/*.lackey.gz, plus $BUILD/traces/*.lackey.gz (make traces)
#   COSIM_BIN      default $BUILD/bin/mmu-cosim;  OUT_DIR  default $BUILD/plots
#
# A profile with fewer than 39 VA bits (sv32) cannot hold the traces' stack (x86-64,
# at 0x1fff000000): it runs each trace with every VA reduced to its low 32 bits
# (the stack moves to 0xff000000; code and heap are below 2^32 already, nothing
# collides). Profiles with fewer than 32 VA bits (the OSTEP ones) are refused.
set -u
BUILD=${BUILD:-build}
BIN=${COSIM_BIN:-$BUILD/bin/mmu-cosim}
OUT_DIR=${OUT_DIR:-$BUILD/plots}
PROFILES=${PROFILES:-sv39 sv32}
BASE_PROFILE=${BASE_PROFILE:-}
LATENCIES=${LATENCIES:-fixed:1 fixed:10 fixed:50}
JOBS=2                                   # the machine is shared: two runs at a time at most
die() { echo "walk-table: $*" >&2; exit 1; }

[ -x "$BIN" ] || die "$BIN not built (make cosim; COSIM_PROFILES=\"sv39 sv32\" builds only those)"
profiles=()
for p in $PROFILES ${BASE_PROFILE:+$BASE_PROFILE}; do
    [[ " ${profiles[*]} " == *" $p "* ]] || profiles+=("$p")
done
have=$("$BIN" --list-profiles 2>/dev/null)
for p in "${profiles[@]}"; do
    grep -qx -- "$p" <<<"$have" || die "$BIN has no RTL for profile '$p' (it has: $(echo $have); make cosim COSIM_PROFILES=\"...\")"
    va=$(sed -n 's/^va_bits *= *\([0-9]*\).*/\1/p' "rtl/profiles/$p.profile")
    [ -n "$va" ] && [ "$va" -ge 32 ] || die "profile $p has ${va:-?} VA bits: the real traces need at least 32"
done
# the bundled traces, and the recorded ones (`make traces`: $BUILD/traces) when present;
# TRACES="a.lackey.gz b.lackey.gz" chooses
if [ -n "${TRACES:-}" ]; then read -r -a traces <<<"$TRACES"
else traces=(traces/*.lackey.gz); for t in "$BUILD"/traces/*.lackey.gz; do [ -e "$t" ] && traces+=("$t"); done; fi
for t in "${traces[@]}"; do [ -r "$t" ] || die "no trace $t"; done
[ "${#traces[@]}" -gt 0 ] || die "no traces/*.lackey.gz"

mkdir -p "$OUT_DIR"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# the 32-bit copies, once per trace (only when a profile needs them)
folded=0
for p in "${profiles[@]}"; do
    [ "$(sed -n 's/^va_bits *= *\([0-9]*\).*/\1/p' "rtl/profiles/$p.profile")" -lt 39 ] && folded=1
done
if [ $folded = 1 ]; then
    for tr in "${traces[@]}"; do   # lackey: "I  ADDR,SIZE" / " L|S|M ADDR,SIZE", ADDR hex: keep its last 8 digits
        zcat "$tr" | sed -E 's/^( ?[ILSM] +)[0-9a-fA-F]*([0-9a-fA-F]{8}),/\1\2,/' >"$tmp/$(basename "$tr" .gz).va32" ||
            die "cannot read $tr"
    done
fi

# one job per (trace, profile, latency): "trace-file profile latency json"
for tr in "${traces[@]}"; do
    n=$(basename "$tr" .lackey.gz)
    for p in "${profiles[@]}"; do
        f=$tr
        [ "$(sed -n 's/^va_bits *= *\([0-9]*\).*/\1/p' "rtl/profiles/$p.profile")" -lt 39 ] && f=$tmp/$n.lackey.va32
        for l in $LATENCIES; do echo "$f $p $l $tmp/$n-$p-${l/:/}.json"; done
    done
done >"$tmp/jobs"
echo "walk-table: $(wc -l <"$tmp/jobs") runs of mmu-cosim --trace (${#traces[@]} traces x ${#profiles[@]} profiles x" \
     "$(echo $LATENCIES | wc -w) latencies), $JOBS at a time" >&2
run_one() {   # trace profile latency json
    "$BIN" --profile "$2" --trace "$1" --format lackey --mem-latency "$3" --quiet --stats-json "$4" >"$4.log" 2>&1 ||
        echo "walk-table: $2 $3 $1 failed (exit $?): $(grep -m2 -i 'diverg\|error\|mmu-cosim:' "$4.log")" >&2
}
export -f run_one; export BIN
xargs -P "$JOBS" -L 1 bash -c 'run_one "$@"' _ <"$tmp/jobs"

key() { sed -n "s/^  \"$2\": \([0-9.]*\),\{0,1\}$/\1/p" "$1"; }
missing=0
while read -r _ _ _ j; do [ -f "$j" ] || missing=$((missing + 1)); done <"$tmp/jobs"
[ $missing = 0 ] || die "$missing runs failed (above); no table"

# ---- the table
md=$OUT_DIR/walk-table.md
{
    hdr="| trace | profile | latency | translations | walks | PTE reads/walk | cycles/translation mean | p99 | walk cycles |"
    sep="|---|---|---|---|---|---|---|---|---|"
    [ -n "$BASE_PROFILE" ] && hdr="$hdr walk cycles saved vs $BASE_PROFILE | mean change % |" && sep="$sep---|---|"
    echo "$hdr"; echo "$sep"
    for tr in "${traces[@]}"; do
        n=$(basename "$tr" .lackey.gz)
        for p in "${profiles[@]}"; do
            for l in $LATENCIES; do
                j=$tmp/$n-$p-${l/:/}.json
                row=$(printf '| %s | %s | %s | %s | %s | %.3f | %.4f | %s | %s |' "$n" "$p" "$l" "$(key "$j" translations)" \
                      "$(key "$j" walker_walks)" "$(key "$j" pte_reads_per_walk)" "$(key "$j" cycles_per_translation_mean)" \
                      "$(key "$j" cycles_per_translation_p99)" "$(key "$j" walk_cycles)")
                if [ -n "$BASE_PROFILE" ]; then
                    b=$tmp/$n-$BASE_PROFILE-${l/:/}.json
                    row="$row $(awk -v bw="$(key "$b" walk_cycles)" -v w="$(key "$j" walk_cycles)" \
                        -v bm="$(key "$b" cycles_per_translation_mean)" -v m="$(key "$j" cycles_per_translation_mean)" \
                        'BEGIN { printf "%d | %+.2f |", bw - w, (bm > 0 ? 100 * (m - bm) / bm : 0) }')"
                fi
                echo "$row"
            done
        done
    done
    for p in "${profiles[@]}"; do
        [ "$(sed -n 's/^va_bits *= *\([0-9]*\).*/\1/p' "rtl/profiles/$p.profile")" -lt 39 ] &&
            echo "" && echo "$p: each trace VA reduced to its low 32 bits (the stack at 0x1fff000000 moves to 0xff000000)." && break
    done
} >"$md"
cat "$md"

# ---- data and figure
dat=$OUT_DIR/walk-latency.dat
{
    echo "# profile trace latency_cycles translations walks pte_reads_per_walk mean p99 max walk_cycles   (mmu-cosim --trace)"
    for p in "${profiles[@]}"; do
        for tr in "${traces[@]}"; do
            n=$(basename "$tr" .lackey.gz)
            for l in $LATENCIES; do
                j=$tmp/$n-$p-${l/:/}.json
                echo "$p $n ${l#*:} $(key "$j" translations) $(key "$j" walker_walks) $(key "$j" pte_reads_per_walk)" \
                     "$(key "$j" cycles_per_translation_mean) $(key "$j" cycles_per_translation_p99)" \
                     "$(key "$j" cycles_per_translation_max) $(key "$j" walk_cycles)"
            done
            echo; echo         # gnuplot: next data set
        done
    done
} >"$dat"
echo "walk-table: $md, data $dat" >&2
if ! command -v gnuplot >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "walk-table: installing gnuplot-nox" >&2
        (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends gnuplot-nox) \
            >/tmp/mmukit-plot-deps.log 2>&1 || die "apt-get failed (log: /tmp/mmukit-plot-deps.log)"
    else
        die "no figure: gnuplot is missing. Run as root: apt-get install -y --no-install-recommends gnuplot-nox"
    fi
fi
png=$OUT_DIR/walk-latency.png
np=${#profiles[@]} ntr=${#traces[@]}
{
    echo "set terminal pngcairo noenhanced size $((460 * np)),420 font 'Sans,10'"
    echo "set output '$png'"
    echo "set multiplot layout 1,$np title 'cycles per translation vs memory latency (mmu-cosim --trace: RTL ports, real programs, demand paging)'"
    echo "set xrange [0:*]; set offsets 0, graph 0.05, 0, 0; set xtics ($(for l in $LATENCIES; do printf "'%s' %s, " "${l#*:}" "${l#*:}"; done | sed 's/, $//'))"
    echo "set xlabel 'walker memory latency (cycles, fixed)'; set ylabel 'mean cycles per translation (offered to answered)'"
    echo "set yrange [0:*]; set grid; set key left top"
    i=0
    for p in "${profiles[@]}"; do
        va=$(sed -n 's/^va_bits *= *\([0-9]*\).*/\1/p' "rtl/profiles/$p.profile")
        echo "set title '$p$([ "$va" -lt 39 ] && echo ' (trace VAs reduced to 32 bits)')'"
        printf "plot "
        t=0
        for tr in "${traces[@]}"; do
            [ $t -gt 0 ] && printf ", \\\\\n     "
            printf "'%s' index %d using 3:7 with linespoints lw 2 pt %d title '%s'" "$dat" $((i * ntr + t)) $((5 + 2 * t)) \
                "$(basename "$tr" .lackey.gz)"
            t=$((t + 1))
        done
        echo
        i=$((i + 1))
    done
    echo "unset multiplot"
} >"$tmp/plot.gp"
gnuplot "$tmp/plot.gp" || die "gnuplot failed"
echo "walk-table: $png" >&2
