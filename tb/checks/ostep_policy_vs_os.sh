#!/usr/bin/env bash
# The OSTEP paging-policy answers follow from the OS layer's policy code
# (mmu_policy.h): for every FIFO/LRU/OPT run of paging-policy.py we have (our
# fixtures and the shared samples), the same reference string through
# `mmu-ref run` with as many frames as the simulator's cache must give as many
# page faults as the simulator has misses.
source tb/scripts/check_lib.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
n=0
for f in cmodel/tests/ostep/paging-policy/*.solved.txt ../shared/samples/ostep/paging-policy/*.solved.txt; do
    [ -f "$f" ] || continue
    pol=$(sed -n 's/^ARG policy //p' "$f"); cache=$(sed -n 's/^ARG cachesize //p' "$f")
    case "$pol" in FIFO|LRU|OPT) ;; *) continue ;; esac
    [[ "$cache" =~ ^[1-9][0-9]*$ ]] || continue
    pages=$(sed -n 's/^Access: \(-\{0,1\}[0-9]*\) .*/\1/p' "$f")
    [ -n "$pages" ] && ! grep -q -- '-' <<<"$pages" || continue     # negative pages: no VA for them
    misses=$(sed -n 's/^FINALSTATS hits [0-9]* *misses \([0-9]*\).*/\1/p' "$f")
    max=$(sort -n <<<"$pages" | tail -1)
    name=ostep_$(basename "$f" .solved.txt)_$(echo "$pol" | tr A-Z a-z)_page_faults_equal_misses
    {
        echo "create 1 heap=0x10000000+$(( (max + 1) * 4096 )):rw"
        echo "switch 1"
        for p in $pages; do printf 'L 0x%x 8\n' $(( 0x10000000 + p * 4096 )); done
    } >"$T/t.trc"
    if ! $MMU_REF run --trace "$T/t.trc" --profile sv39 --frames "$cache" --swap-policy "$(echo "$pol" | tr A-Z a-z)" \
            --quiet --stats-json "$T/s.json" >"$T/log" 2>&1; then
        fail "$name" "mmu-ref run failed: $(head -1 "$T/log")"; continue
    fi
    got=$(sed -n 's/^ *"page_faults": \([0-9]*\).*/\1/p' "$T/s.json")
    [ "$got" == "$misses" ] && pass "$name" || fail "$name" "OS layer $got page faults, paging-policy.py $misses misses"
    n=$((n + 1))
done
[ "$n" -ge 5 ] && pass ostep_policy_runs_compared || fail ostep_policy_runs_compared "only $n runs found"
check_done
