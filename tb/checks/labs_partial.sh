#!/usr/bin/env bash
# Course labs, monotone partial credit (issue 12 item 2): each lab's regions,
# filled in from the reference one at a time in the handout's order (labs.json
# "order"), never lower the score and each one earns points. One line per
# region: PASS labs_partial_labN_K_<region>. Only the Icarus and unit-test
# groups run here (labqa.py partial --fast): each step of a lockstep group would
# rebuild a Verilator model, of a `run` group mmu-ref; `make lab-partial` runs
# every group (docs/labs/instructors.md). The two ends are not graded again
# (--ends): labs_all.sh checks that the skeleton scores 0 and the reference
# full marks. LABS="1 3" narrows the set.
set -u
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
JOBS=${JOBS:-2}
LABS=${LABS:-$(python3 -c 'import json; print(" ".join(str(l["lab"]) for l in json.load(open("tb/labs/labs.json"))["labs"]))')}
fails=0
for n in $LABS; do
    log=$BUILD/labs-partial-lab$n.log
    mkdir -p "$BUILD"
    BUILD=$BUILD JOBS=$JOBS nice -n 10 python3 tb/labs/labqa.py partial --lab "$n" --fast --ends --verbose >"$log" 2>&1
    rc=$?
    if [ "$rc" -eq 2 ] || ! grep -q "^lab$n fill 0/" "$log"; then
        echo "FAIL labs_partial_lab${n}_setup: labqa.py partial exited $rc: $(tail -2 "$log" | tr '\n' ' ')"
        fails=$((fails + 1)); continue
    fi
    prev=
    while read -r _ _ step score _ what; do
        k=${step%/*}
        now=${score%/*}
        if [ -n "$prev" ]; then
            slug=$(echo "$what" | sed 's/^+ //; s/[^A-Za-z0-9]\{1,\}/_/g; s/^_//' | cut -c1-40)
            if python3 -c 'import sys; sys.exit(0 if float(sys.argv[2]) > float(sys.argv[1]) else 1)' "$prev" "$now"; then
                echo "PASS labs_partial_lab${n}_${k}_$slug ($prev -> $now)"
            else
                echo "FAIL labs_partial_lab${n}_${k}_$slug: filling this region moves the score $prev -> $now (want more; $log)"
                fails=$((fails + 1))
            fi
        fi
        prev=$now
    done < <(grep -E "^lab$n fill [0-9]+/[0-9]+ " "$log")
done
[ "$fails" -eq 0 ]
