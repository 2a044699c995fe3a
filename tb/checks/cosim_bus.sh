#!/usr/bin/env bash
# The bus tops in the lockstep harness (docs/cosim.md "Bus tops"): mmu_wb and
# mmu_axi, Verilated for sv39 and sv32 (64- and 32-bit PTEs, both with Svadu), against their cycle models (cmodel/cycle/
# mmu_wb.c, mmu_axi.c), the harness driving the bus side with random
# back-pressure and wait states. Every clean run must compare every cycle and
# check translations, locked/exclusive writes and register writes; each
# deliberately wrong model (--bus-model-bug) must be caught; bad use must be
# refused with exit 2.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/bin/mmu-cosim
CYC=${BUS_CYCLES:-300000}
OUT=$BUILD/cosim/checks
mkdir -p "$OUT"
fails=0
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
if [ ! -x "$BIN" ]; then echo "FAIL cosim_bus_built: $BIN not built (make cosim)"; exit 1; fi
if ! "$BIN" --help | grep -q "built for: .*sv39"; then fail cosim_bus_built "$BIN --help lists no bus top for sv39"; fi

# field N of the summary line: "... 123 bus cycles compared ..." -> 123
num() { grep -o "[0-9]* $2" "$1" | head -1 | cut -d' ' -f1; }

# ---- clean runs: seeds x buses x memory latency and bus waits
lats=(fixed:1 random:1-6 burst burst:30,6,40,12 random:1-4)
waits=(25,3 60,8 none 40,5 30,4,50)
modes=(mixed mixed mixed paging mixed)
profs=(sv39 sv39 sv39 sv39 sv32)
retries=0
for bus in wb axi; do
    for i in 0 1 2 3 4; do
        seed=$((i + 1)); lat=${lats[$i]}; w=${waits[$i]}; prof=${profs[$i]}
        if [ "$prof" != sv39 ] && ! "$BIN" --help | grep -q "built for: .*$prof"; then
            echo "note: cosim_bus_${bus}_seed$seed not run: no $prof bus top in $BIN (COSIM_BUS_PROFILES)"; continue
        fi
        tag=$bus-$seed
        "$BIN" --bus "$bus" --profile "$prof" --seed "$seed" --cycles "$CYC" --mem-latency "$lat" --bus-waits "$w" \
            --mode "${modes[$i]}" --knob cas_race=200 --quiet >"$OUT/bus-$tag.log" 2>&1
        rc=$?
        log=$OUT/bus-$tag.log
        cmp=$(num "$log" "bus cycles compared"); tr=$(num "$log" "translations checked")
        lk=$(grep -o "[0-9]* \(locked\|exclusive\) writes" "$log" | head -1 | cut -d' ' -f1)
        rw=$(grep -o "register bus: [0-9]* writes" "$log" | grep -o "[0-9]*")
        rd=$(num "$log" "reads,")
        fl=$(grep -o "([0-9]* failed" "$log" | grep -o "[0-9]*")
        if [ $rc -eq 0 ] && grep -q "no divergence" "$log" && [ "${cmp:-0}" -ge "$CYC" ] && [ "${tr:-0}" -gt 0 ] &&
           [ "${lk:-0}" -gt 0 ] && [ "${rw:-0}" -gt 0 ] && [ "${rd:-0}" -gt 0 ]; then
            echo "PASS cosim_bus_${bus}_seed$seed ($prof, $lat, waits $w: $cmp cycles compared, $tr translations checked, $lk locked/exclusive writes, $rw register writes)"
        else
            fail "cosim_bus_${bus}_seed$seed" "exit $rc, compared '${cmp:-}' (want >= $CYC), translations '${tr:-}', writes '${lk:-}', register writes '${rw:-}': $(head -3 "$log" | tr '\n' ' ')"
        fi
        [ "$bus" = axi ] && retries=$((retries + ${fl:-0}))
    done
done
if [ "$retries" -gt 0 ]; then echo "PASS cosim_bus_axi_retry ($retries failed exclusive writes retried)"
else fail cosim_bus_axi_retry "no failed exclusive write in the AXI runs: the retry path was not exercised"; fi

# ---- directed sequences through each bus
for bus in wb axi; do
    "$BIN" --bus "$bus" --profile sv39 --stimulus directed:all --mem-latency burst --quiet >"$OUT/bus-dir-$bus.log" 2>&1
    rc=$?
    tr=$(num "$OUT/bus-dir-$bus.log" "translations checked")
    if [ $rc -eq 0 ] && [ "${tr:-0}" -gt 0 ]; then echo "PASS cosim_bus_${bus}_directed ($tr translations checked)"
    else fail "cosim_bus_${bus}_directed" "exit $rc: $(head -3 "$OUT/bus-dir-$bus.log" | tr '\n' ' ')"; fi
done

# ---- a deliberately wrong model must be caught (the lockstep can fail)
for bus in wb axi; do
    for bug in no-cmp-cycle write-stall read-stall; do
        "$BIN" --bus "$bus" --profile sv39 --seed 1 --cycles 300000 --mem-latency burst --bus-model-bug "$bug" \
            --quiet >"$OUT/bus-bug-$bus-$bug.log" 2>&1
        rc=$?
        first=$(grep -m1 -o 'DIVERGENCE at cycle [0-9]* (env cycle [0-9]*): [^:]*' "$OUT/bus-bug-$bus-$bug.log")
        if [ $rc -eq 1 ] && [ -n "$first" ] && grep -q "reproduce: .*--bus-model-bug $bug" "$OUT/bus-bug-$bus-$bug.log"; then
            echo "PASS cosim_bus_${bus}_catches_$bug (${first#DIVERGENCE })"
        else
            fail "cosim_bus_${bus}_catches_$bug" "exit $rc (want 1), no divergence report"
        fi
    done
done

# ---- the RTL's own protocol-bug hooks (rtl/bus/*.v, as in tb/checks/rtl_bus.sh), in
# mmu-cosim-inject's bus tops: each caught by the lockstep at the signal it breaks
IBIN=$BUILD/bin/mmu-cosim-inject
if [ ! -x "$IBIN" ]; then fail cosim_bus_inject_built "$IBIN not built (make cosim-inject)"
else
    while read -r name bus w want; do
        "$IBIN" --bus "$bus" --profile sv39-hum --seed 1 --cycles 300000 --mem-latency burst --bus-waits "$w" \
            --quiet >"$OUT/bus-inject-$name.log" 2>&1
        rc=$?
        first=$(grep -m1 -o 'DIVERGENCE at cycle [0-9]* (env cycle [0-9]*): [^:]*' "$OUT/bus-inject-$name.log")
        if [ $rc -eq 1 ] && echo "$first" | grep -qE ": ($want)\$"; then echo "PASS cosim_bus_inject_$name (${first#DIVERGENCE })"
        else fail "cosim_bus_inject_$name" "exit $rc (want 1, first divergence on $want): '${first:-none}'"; fi
    done <<'LIST'
wb_unlock wb 25,3 wbm_cyc_o|wbm_lock_o
axi_early_w axi 50,3,0 m_axi_wvalid
axil_rdata axi 0,1,60 s_axil_rdata
LIST
fi

# ---- refused use: exit 2 and a message that says why
refuse() {   # $1 name, $2 expected message (grep -E), rest: arguments
    local name=$1 want=$2
    shift 2
    "$BIN" "$@" --cycles 10 --quiet >"$OUT/bus-refuse.log" 2>&1
    local rc=$?
    if [ $rc -eq 2 ] && grep -qE -- "$want" "$OUT/bus-refuse.log"; then echo "PASS cosim_bus_refuses_$name"
    else fail "cosim_bus_refuses_$name" "exit $rc (want 2): $(head -2 "$OUT/bus-refuse.log" | tr '\n' ' ')"; fi
}
refuse profile "no Verilated bus top|no RTL for that profile" --bus axi --profile ostep-linear
refuse threads "--bus: not with --threads 2" --bus wb --threads 2
refuse waits "--bus-waits: expected S,W" --bus wb --bus-waits 95,2
refuse bug "--bus-model-bug: expected" --bus axi --bus-model-bug late
refuse no_bus "needs --bus" --bus-waits 10,2
refuse kind "--bus: expected wb or axi" --bus ahb
[ $fails -eq 0 ]
