#!/usr/bin/env bash
# make regress SEEDS=N: long lockstep campaign, every profile x N seeds x
# latency models x stimulus (random mixed modes, random paging, directed:all).
# Runs two at a time; failures keep their JSON report, log and FST window in
# $BUILD/cosim/regress/; summary at the end; exit 1 if anything diverged.
# REGRESS_CYCLES (default 2000000 per random run), REGRESS_PROFILES.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim
SEEDS=${SEEDS:-20}
CYC=${REGRESS_CYCLES:-2000000}
OUT=$BUILD/cosim/regress
rm -rf "$OUT"; mkdir -p "$OUT"
PROFILES=${REGRESS_PROFILES:-$("$BIN" --help | sed -n 's/.*built in: \(.*\))/\1/p' | tr -d ',')}
LATS=("fixed:1" "fixed:3" "random:1-12" "burst" "burst:40,30,10,500")
start=$SECONDS
list=()
for p in $PROFILES; do
  for ((s = 1; s <= SEEDS; s++)); do
    lat=${LATS[$(( (s - 1) % ${#LATS[@]} ))]}
    list+=("$p|$s|$lat|--mode mixed --cycles $CYC")
    list+=("$p|$((s + 1000))|$lat|--mode paging --cycles $CYC")
    [ $((s % 5)) -eq 1 ] && list+=("$p|$s|$lat|--stimulus directed:all")
  done
done
run() {
  IFS='|' read -r p s lat extra <<<"$1"
  local tag="${p}_s${s}_${lat//[:\/,]/-}_$(echo "$extra" | tr -dc 'a-z' | cut -c1-12)"
  # shellcheck disable=SC2086
  "$BIN" --profile "$p" --seed "$s" --mem-latency "$lat" $extra --quiet \
      --report-json "$OUT/$tag.json" --wave "$OUT/$tag.fst" >"$OUT/$tag.log" 2>&1
  echo "$? $tag" >>"$OUT/results"
  [ -s "$OUT/$tag.fst" ] || rm -f "$OUT/$tag.fst"
}
n=0
for item in "${list[@]}"; do
  run "$item" &
  n=$((n + 1))
  if [ $((n % 2)) -eq 0 ]; then wait; echo "regress: $n / ${#list[@]} runs, $((SECONDS - start)) s" >&2; fi
done
wait
pass=$(grep -c '^0 ' "$OUT/results")
fail=$(grep -vc '^0 ' "$OUT/results")
cycles=$(cat "$OUT"/*.json 2>/dev/null | sed -n 's/.*"cycles": \([0-9]*\).*/\1/p' | paste -sd+ | bc)
echo "== regress summary: ${#list[@]} runs, $pass passed, $fail failed, ${cycles:-0} cycles, $((SECONDS - start)) s"
grep -v '^0 ' "$OUT/results" | while read -r rc tag; do
  echo "FAIL $tag (exit $rc): $(grep -m1 DIVERGENCE "$OUT/$tag.log")"
  echo "     $(grep -m1 'reproduce:' "$OUT/$tag.log")"
done
[ "$fail" -eq 0 ]
