#!/usr/bin/env bash
# Directed bug-class sequences (shared/MMU-BUG-CLASSES.md; cmodel/env/directed.c)
# on every profile: each family alone with fixed:2 latency, then all of them
# under random latency and back-pressure bursts. Zero divergences, every
# explicit expectation met.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim
OUT=$BUILD/cosim/checks
mkdir -p "$OUT"
if [ ! -x "$BIN" ]; then echo "FAIL cosim_directed: $BIN not built (make cosim)"; exit 1; fi
PROFILES=$("$BIN" --list-profiles | tr '\n' ' ')
FAMILIES=$("$BIN" --help | sed -n '/^directed sequences:/,/^cycle model/p' | sed '1d;$d')
fails=0
one() {   # tag args...
    local tag=$1; shift
    "$BIN" "$@" --quiet --report-json "$OUT/$tag.json" >"$OUT/$tag.log" 2>&1
    local rc=$?
    if [ $rc -eq 0 ]; then
        echo "PASS cosim_directed_$tag ($(sed -n 's/.*"translations": \([0-9]*\).*/\1/p' "$OUT/$tag.json") translations, $(sed -n 's/.*"expectations": \([0-9]*\).*/\1/p' "$OUT/$tag.json") expectations)"
    else
        echo "FAIL cosim_directed_$tag: exit $rc: $(grep -m1 -E 'DIVERGENCE|mmu-cosim:' "$OUT/$tag.log")"
        grep -m1 'reproduce:' "$OUT/$tag.log"
        fails=$((fails + 1))
    fi
}
for p in $PROFILES; do
    for f in $FAMILIES; do one "${p}_$f" --profile "$p" --stimulus "directed:$f" --mem-latency fixed:2; done
    one "${p}_all_random" --profile "$p" --stimulus directed:all --mem-latency random:1-5 --seed 7
    one "${p}_all_burst" --profile "$p" --stimulus directed:all --mem-latency burst --seed 8
done
[ "$fails" -eq 0 ]
