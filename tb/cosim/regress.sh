#!/usr/bin/env bash
# make regress SEEDS=N [SHARD=i/N]: long lockstep campaign, every profile x
# SEEDS seeds x latency models x stimulus (random mixed modes, random paging,
# directed:all).
#
# The campaign's run list depends only on SEEDS, REGRESS_CYCLES and the
# profiles, so it is the same on every machine; SHARD=i/N (1 <= i <= N) runs
# the runs whose index k (from 0) has k mod N = i-1, so N jobs of a CI matrix
# or a Slurm array split one campaign with no overlap and no gap.
# Output: $REGRESS_OUT/shard-i-of-N/ (default $BUILD/cosim/regress): each
# failure's JSON report, log and FST window, summary.json and junit.xml;
# `make regress-merge` joins the shards' summaries (docs/cosim.md "Campaigns").
# Exit 1 if anything diverged, 2 for bad settings.
#   REGRESS_CYCLES   cycles per random run (default 2000000)
#   REGRESS_PROFILES profiles (default: every profile in the binary)
#   REGRESS_JOBS     runs at a time (default 2)
#   REGRESS_BIN      the harness (default $BUILD/bin/mmu-cosim)
#   REGRESS_LIST=1   print the shard's run list (one tab-separated line per
#                    run: index, profile, seed, latency, options) and stop
set -u
BUILD=${BUILD:-build}
BIN=${REGRESS_BIN:-$BUILD/bin/mmu-cosim}
SEEDS=${SEEDS:-20}
CYC=${REGRESS_CYCLES:-2000000}
JOBS=${REGRESS_JOBS:-2}
SHARD=${SHARD:-1/1}
ROOT=${REGRESS_OUT:-$BUILD/cosim/regress}
die() { echo "regress: $*" >&2; exit 2; }

if [[ ! $SHARD =~ ^([0-9]+)/([0-9]+)$ ]] || [ "${BASH_REMATCH[1]}" -lt 1 ] ||
   [ "${BASH_REMATCH[1]}" -gt "${BASH_REMATCH[2]}" ]; then
    die "SHARD=$SHARD: expected i/N with 1 <= i <= N (e.g. SHARD=2/4: the second of four shards)"
fi
I=$((10#${BASH_REMATCH[1]})) N=$((10#${BASH_REMATCH[2]}))
[[ $SEEDS =~ ^[1-9][0-9]{0,8}$ ]] || die "SEEDS=$SEEDS: expected a number of seeds (1 or more)"
[[ $CYC =~ ^[1-9][0-9]{0,11}$ ]] || die "REGRESS_CYCLES=$CYC: expected a number of cycles (1 or more)"
[[ $JOBS =~ ^[1-9][0-9]{0,3}$ ]] || die "REGRESS_JOBS=$JOBS: expected a number of parallel runs (1 or more)"
[ -x "$BIN" ] || die "$BIN not built (make cosim)"
PROFILES=${REGRESS_PROFILES:-$("$BIN" --list-profiles | tr '\n' ' ')}
[ -n "${PROFILES// /}" ] || die "no profiles (REGRESS_PROFILES is empty and $BIN lists none)"

# The whole campaign, in a fixed order: profile, seed, stimulus.
LATS=("fixed:1" "fixed:3" "random:1-12" "burst" "burst:40,30,10,500")
list=()
for p in $PROFILES; do
  for ((s = 1; s <= SEEDS; s++)); do
    lat=${LATS[$(( (s - 1) % ${#LATS[@]} ))]}
    list+=("$p|$s|$lat|--mode mixed --cycles $CYC")
    list+=("$p|$((s + 1000))|$lat|--mode paging --cycles $CYC")
    [ $((s % 5)) -eq 1 ] && list+=("$p|$s|$lat|--stimulus directed:all")
  done
done
mine=()
for ((k = 0; k < ${#list[@]}; k++)); do
  [ $((k % N)) -eq $((I - 1)) ] && mine+=("$k|${list[$k]}")
done
if [ "${REGRESS_LIST:-0}" = 1 ]; then
  for item in "${mine[@]}"; do IFS='|' read -r k p s lat extra <<<"$item"; printf '%s\t%s\t%s\t%s\t%s\n' "$k" "$p" "$s" "$lat" "$extra"; done
  exit 0
fi

OUT=$ROOT/shard-$I-of-$N
rm -rf "$OUT"; mkdir -p "$OUT" || die "cannot create $OUT"
: >"$OUT/results"
# Every shard records the whole campaign: the merge checks that the shards
# belong to one campaign and that together they cover it.
for ((k = 0; k < ${#list[@]}; k++)); do
  IFS='|' read -r p s lat extra <<<"${list[$k]}"; printf '%s\t%s\t%s\t%s\t%s\n' "$k" "$p" "$s" "$lat" "$extra"
done >"$OUT/campaign.tsv.tmp" && mv "$OUT/campaign.tsv.tmp" "$OUT/campaign.tsv"   # whole or absent
# Shards left by another campaign or another split would spoil the merge;
# this campaign's other shards (same N, same list) are kept.
for d in "$ROOT"/shard-*-of-*; do
  [ -d "$d" ] && [ "$d" != "$OUT" ] || continue
  if [ "${d##*-of-}" != "$N" ] || { [ -f "$d/campaign.tsv" ] && ! cmp -s "$d/campaign.tsv" "$OUT/campaign.tsv"; }; then
    echo "regress: removing $d (another campaign)" >&2
    rm -rf "$d"
  fi
done
start=$SECONDS
run() {
  IFS='|' read -r k p s lat extra <<<"$1"
  local tag="${p}_s${s}_${lat//[:\/,]/-}_$(echo "$extra" | tr -dc 'a-z' | cut -c1-12)"
  local t0=$SECONDS
  # shellcheck disable=SC2086
  "$BIN" --profile "$p" --seed "$s" --mem-latency "$lat" $extra --quiet \
      --report-json "$OUT/$tag.json" --wave "$OUT/$tag.fst" >"$OUT/$tag.log" 2>&1
  local rc=$?
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$rc" "$tag" "$p" "$s" "$lat" "$extra" $((SECONDS - t0)) >>"$OUT/results"
  [ -s "$OUT/$tag.fst" ] || rm -f "$OUT/$tag.fst"
}
echo "regress: shard $I/$N: ${#mine[@]} of ${#list[@]} runs, $JOBS at a time, into $OUT" >&2
n=0
for item in "${mine[@]}"; do
  run "$item" &
  n=$((n + 1))
  if [ $((n % JOBS)) -eq 0 ]; then wait; echo "regress: $n / ${#mine[@]} runs, $((SECONDS - start)) s" >&2; fi
done
wait
python3 tb/cosim/regress_report.py shard --dir "$OUT" --shard "$I/$N" --seeds "$SEEDS" \
    --cycles-per-run "$CYC" --seconds $((SECONDS - start))
