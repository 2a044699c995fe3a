#!/usr/bin/env bash
# make regress SHARD=i/N and make regress-merge on a tiny campaign (one
# profile, 2 seeds, short runs: 5 runs): the shards' run lists partition the
# unsharded list, the shards really run those runs, their JUnit XML is
# well-formed and counts what ran, the merge's totals equal the runs' own
# reports, an incomplete or duplicated set of shards is refused, a real
# divergence (the injected-bug build) reaches JUnit and the merge with its
# reproduce command, and bad SHARD values are refused with a clear message.
source tb/scripts/check_lib.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export BUILD REGRESS_PROFILES=ostep-linear SEEDS=2 REGRESS_CYCLES=20000 REGRESS_JOBS=2
if [ ! -x "$BUILD/bin/mmu-cosim" ]; then fail regress_binary "$BUILD/bin/mmu-cosim not built (make cosim)"; check_done; exit; fi

# 1. The split: lists only, nothing run.
REGRESS_LIST=1 SHARD=1/1 bash tb/cosim/regress.sh >"$T/all" 2>"$T/err" || fail list_all "$(cat "$T/err")"
REGRESS_LIST=1 SHARD=1/2 bash tb/cosim/regress.sh >"$T/s1" 2>>"$T/err"
REGRESS_LIST=1 SHARD=2/2 bash tb/cosim/regress.sh >"$T/s2" 2>>"$T/err"
n_all=$(wc -l <"$T/all")
if [ "$n_all" -eq 5 ] && [ "$(sort "$T/s1" "$T/s2")" = "$(sort "$T/all")" ] &&
   [ -z "$(sort "$T/s1" "$T/s2" | uniq -d)" ] && [ -s "$T/s1" ] && [ -s "$T/s2" ]; then
    pass "shards_partition_the_run_list ($n_all runs: $(wc -l <"$T/s1") + $(wc -l <"$T/s2"))"
else
    fail shards_partition_the_run_list "all $n_all, shard 1: $(cut -f1 "$T/s1" | tr '\n' ' '), shard 2: $(cut -f1 "$T/s2" | tr '\n' ' ')"
fi
REGRESS_LIST=1 SHARD=2/2 bash tb/cosim/regress.sh | cmp -s - "$T/s2" && pass shard_list_deterministic ||
    fail shard_list_deterministic "two listings of shard 2/2 differ"

# 2. Two shards really run, into one output tree (where a shard of another
#    campaign, left from before, is removed).
mkdir -p "$T/out/shard-1-of-3" "$T/out/shard-2-of-2"
echo "0	sv39	9	fixed:1	--mode mixed" >"$T/out/shard-2-of-2/campaign.tsv"
for i in 1 2; do
    SHARD=$i/2 REGRESS_OUT=$T/out bash tb/cosim/regress.sh >"$T/run$i.log" 2>&1 && pass "shard_${i}_of_2_runs_clean" ||
        fail "shard_${i}_of_2_runs_clean" "exit $?: $(grep -m2 'FAIL\|regress:' "$T/run$i.log")"
done
python3 - "$T" <<'EOF'
import json, sys, xml.etree.ElementTree as ET
t = sys.argv[1]
bad = 0
def check(ok, name, why):
    global bad
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}"); bad += not ok
listed = {}
for i in (1, 2):
    for line in open(f"{t}/s{i}"):
        k, prof, seed, lat, opts = line.rstrip("\n").split("\t")
        listed[int(k)] = (i, prof, int(seed), lat, opts)
ran = {}
for i in (1, 2):
    d = f"{t}/out/shard-{i}-of-2"
    s = json.load(open(f"{d}/summary.json"))
    for r in s["run_list"]:
        ran[r["index"]] = (i, r["profile"], r["seed"], r["mem_latency"], r["options"])
    try:
        root = ET.parse(f"{d}/junit.xml").getroot()
        cases = root.findall("./testsuite/testcase")
        check(root.tag == "testsuites" and len(cases) == s["runs"] == int(root.get("tests"))
              and root.find("./testsuite").get("name") == f"regress shard {i}/2",
              f"junit_well_formed_shard_{i}", f"{len(cases)} testcases, summary {s['runs']} runs")
    except ET.ParseError as e:
        check(False, f"junit_well_formed_shard_{i}", str(e))
check(ran == listed, "shards_ran_their_lists", f"ran {sorted(ran)}, listed {sorted(listed)}")
EOF
[ $? -eq 0 ] || _fails=$((_fails + 1))

[ ! -e "$T/out/shard-1-of-3" ] && [ "$(ls "$T/out")" = "$(printf 'shard-1-of-2\nshard-2-of-2')" ] &&
    pass stale_shards_of_other_campaigns_removed || fail stale_shards_of_other_campaigns_removed "left: $(ls "$T/out")"

# 3. The merge: totals from the runs' own JSON reports.
make -s --no-print-directory regress-merge REGRESS_OUT="$T/out" >"$T/merge.log" 2>&1
rc=$?
want=$(python3 -c '
import glob, json, sys
reps = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/shard-*/*.json") if not f.endswith("summary.json")]
print(len(reps), sum(r["cycles"] for r in reps), " ".join(sorted({r["profile"] for r in reps})), len({r["seed"] for r in reps}))
' "$T/out")
got=$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
print(m["runs"], m["cycles"], " ".join(m["profiles"]), len(m["seeds"]))
' "$T/out/merged.json" 2>&1)
if [ $rc -eq 0 ] && [ "$got" = "$want" ] && grep -q "5 of 5 runs, 5 passed, 0 failed" "$T/merge.log"; then
    pass "merge_totals_match_runs ($got)"
else
    fail merge_totals_match_runs "exit $rc, merged '$got', run reports '$want': $(head -2 "$T/merge.log")"
fi
mkdir -p "$T/half"; cp -r "$T/out/shard-1-of-2" "$T/half/"
expect_run merge_reports_missing_shard 1 "INCOMPLETE: shards 2/2 missing" \
    python3 tb/cosim/regress_report.py merge "$T/half/shard-1-of-2/summary.json"
expect_run merge_refuses_duplicate_shard 2 "shard 1/2 given twice" \
    python3 tb/cosim/regress_report.py merge --out "$T/dup.json" "$T/out/shard-1-of-2/summary.json" "$T/half/shard-1-of-2/summary.json"
expect_run merge_with_no_shards 2 "no shard summaries" make -s --no-print-directory regress-merge REGRESS_OUT="$T/none"

# 4. A real divergence (the PLRU off-by-one build) in JUnit and in the merge.
if [ -x "$BUILD/bin/mmu-cosim-inject" ]; then
    REGRESS_BIN=$BUILD/bin/mmu-cosim-inject REGRESS_PROFILES=sv39-hum SEEDS=1 REGRESS_CYCLES=200000 REGRESS_OUT=$T/inj \
        SHARD=1/3 bash tb/cosim/regress.sh >"$T/inj.log" 2>&1
    rc=$?
    python3 tb/cosim/regress_report.py merge --out "$T/inj.json" "$T"/inj/shard-*/summary.json >"$T/injm.log" 2>&1
    if [ $rc -eq 1 ] && grep -q "<failure" "$T/inj/shard-1-of-3/junit.xml" &&
       grep -q "reproduce: .*mmu-cosim-inject --profile sv39-hum" "$T/injm.log" &&
       python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); sys.exit(not (m["failed"] >= 1 and m["divergences"][0]["first_divergence"]))' "$T/inj.json"; then
        pass "divergence_reaches_junit_and_merge ($(grep -m1 '^FAIL' "$T/injm.log" | cut -c1-100))"
    else
        fail divergence_reaches_junit_and_merge "exit $rc: $(tail -3 "$T/inj.log")"
    fi
else
    fail divergence_reaches_junit_and_merge "$BUILD/bin/mmu-cosim-inject not built (make cosim-inject)"
fi

# 5. Bad SHARD values: refused by the script and by make, before any run.
for bad in 0/2 3/2 x; do
    expect_run "script_refuses_shard_${bad//\//_of_}" 2 "SHARD=$bad: expected i/N with 1 <= i <= N" \
        env SHARD="$bad" REGRESS_OUT="$T/bad" bash tb/cosim/regress.sh
    expect_run "make_refuses_shard_${bad//\//_of_}" 2 "SHARD=$bad is not a shard: expected i/N" \
        make -s --no-print-directory regress SHARD="$bad"
done
[ ! -e "$T/bad" ] && pass bad_shard_writes_nothing || fail bad_shard_writes_nothing "$T/bad was created"
check_done
