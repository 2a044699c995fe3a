#!/usr/bin/env bash
# make plot: TLB hit rate vs TLB size and associativity for the bundled real
# traces (traces/*.lackey.gz), like the TLB chapter of OSTEP: `mmu-ref run
# --populate` (no page faults: the TLB sees the trace's page stream) swept over
# 1..256 entries, direct-mapped / 2-way / 4-way / fully associative, LRU, 4 KiB
# pages (sv39). Data: $OUT_DIR/tlb-hit-rate.dat; figure: $OUT_DIR/tlb-hit-rate.png.
set -eu
BUILD=${BUILD:-build}
MMU_REF=${MMU_REF:-$BUILD/bin/mmu-ref}
OUT_DIR=${OUT_DIR:-$BUILD/plots}
mkdir -p "$OUT_DIR"
if ! command -v gnuplot >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "plot: installing gnuplot-nox"
        (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends gnuplot-nox) \
            >/tmp/mmukit-plot-deps.log 2>&1 || { echo "plot: apt-get failed (log: /tmp/mmukit-plot-deps.log)" >&2; exit 1; }
    else
        echo "plot: gnuplot is missing. Run as root: apt-get install -y --no-install-recommends gnuplot-nox" >&2
        exit 1
    fi
fi
traces=(traces/*.lackey.gz)
sizes="1 2 4 8 16 32 64 128 256"
assocs="1 2 4 full"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# one job per (trace, associativity, size): "trace assoc entries sets ways"
jobs=$tmp/jobs
for tr in "${traces[@]}"; do
    for a in $assocs; do
        for e in $sizes; do
            w=$a; [ "$a" = full ] && w=$e
            [ "$w" -le "$e" ] && [ "$w" -le 255 ] || continue   # the model holds up to 255 ways
            echo "$tr $a $e $((e / w)) $w"
        done
    done
done >"$jobs"
echo "plot: $(wc -l <"$jobs") runs of mmu-ref run --populate over ${#traces[@]} traces"
run_one() {   # trace assoc entries sets ways
    local out=$tmp/$(basename "$1" .lackey.gz)-$2-$3.json
    "$MMU_REF" run --trace "$1" --profile sv39 --populate --tlb-sets "$4" --tlb-ways "$5" --tlb-repl lru \
        --quiet --stats-json "$out"
}
export -f run_one; export MMU_REF tmp
xargs -P "$(nproc 2>/dev/null || echo 2)" -L 1 bash -c 'run_one "$@"' _ <"$jobs"
key() { sed -n "s/^  \"$2\": \([0-9]*\),\{0,1\}$/\1/p" "$1"; }
dat=$OUT_DIR/tlb-hit-rate.dat
{
    echo "# trace assoc entries hit_rate_percent accesses misses   (mmu-ref run --populate, sv39, LRU)"
    i=0
    for tr in "${traces[@]}"; do
        n=$(basename "$tr" .lackey.gz)
        for a in $assocs; do
            for e in $sizes; do
                f=$tmp/$n-$a-$e.json
                [ -f "$f" ] || continue
                acc=$(key "$f" accesses); hit=$(key "$f" tlb_hits)
                awk -v n="$n" -v a="$a" -v e="$e" -v acc="$acc" -v hit="$hit" \
                    'BEGIN { printf "%s %s %d %.4f %d %d\n", n, a, e, 100.0 * hit / acc, acc, acc - hit }'
            done
            echo; echo         # gnuplot: next data set
        done
        i=$((i + 1))
    done
} >"$dat"
png=$OUT_DIR/tlb-hit-rate.png
ntr=${#traces[@]}
{
    echo "set terminal pngcairo noenhanced size $((420 * ntr)),420 font 'Sans,10'"
    echo "set output '$png'"
    echo "set multiplot layout 1,$ntr title 'TLB hit rate vs TLB size (real programs, valgrind lackey traces; 4 KiB pages, LRU, pages pre-mapped)'"
    echo "set logscale x 2; set xrange [0.8:320]; set xtics ('1' 1, '2' 2, '4' 4, '8' 8, '16' 16, '32' 32, '64' 64, '128' 128, '256' 256)"
    echo "set xlabel 'TLB entries'; set ylabel 'hit rate (%)'; set yrange [50:100.5]; set grid"
    echo "set key right center"
    echo "set arrow 1 from 32,50 to 32,100.5 nohead dt 2 lc rgb 'gray40'"
    echo "set label 1 'sv39 RTL: 32 (8 x 4)' at 36,52 tc rgb 'gray40'"
    i=0
    for tr in "${traces[@]}"; do
        n=$(basename "$tr" .lackey.gz)
        acc=$(awk -v n="$n" '$1 == n { print $5; exit }' "$dat")
        echo "set title '$n ($acc accesses)'"
        b=$((i * 4))
        echo "plot '$dat' index $b using 3:4 with linespoints lw 2 pt 7 title 'direct-mapped', \\"
        echo "     '' index $((b + 1)) using 3:4 with linespoints lw 2 pt 5 title '2-way', \\"
        echo "     '' index $((b + 2)) using 3:4 with linespoints lw 2 pt 9 title '4-way', \\"
        echo "     '' index $((b + 3)) using 3:4 with linespoints lw 2 pt 13 title 'fully associative'"
        i=$((i + 1))
    done
    echo "unset multiplot"
} >"$tmp/plot.gp"
gnuplot "$tmp/plot.gp"
echo "plot: $png (data: $dat)"
