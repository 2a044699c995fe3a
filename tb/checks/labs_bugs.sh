#!/usr/bin/env bash
# Course labs, student-bug suite (issue 12 items 3 and 4): every bug of
# tb/labs/bugs/labN/*.bug, applied to a copy of the reference, must lose points
# in the test group about its topic, and that group's first message must say
# what was expected and what came. One PASS/FAIL line per bug, and per lab
# "lab N: caught/total" on stderr. Each bug runs only its own group: Icarus
# benches on a copy of rtl/, C unit tests in a copy whose build directory is
# seeded with the reference's objects. LABS="1 3" narrows the set.
# Needs what `make test-build` makes (build/gen headers, build/san objects).
set -u
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
JOBS=${JOBS:-2}
LABS=${LABS:-$(python3 -c 'import json; print(" ".join(str(l["lab"]) for l in json.load(open("tb/labs/labs.json"))["labs"]))')}
out=$BUILD/labs-bugs.log
mkdir -p "$BUILD"
fails=0
for n in $LABS; do
    BUILD=$BUILD JOBS=$JOBS nice -n 10 python3 tb/labs/labqa.py bugs --lab "$n" --json "$BUILD/labs-bugs-lab$n.json" >"$out.$n" 2>&1
    rc=$?
    if [ "$rc" -eq 2 ] || [ ! -s "$BUILD/labs-bugs-lab$n.json" ]; then
        echo "FAIL labs_bugs_lab${n}_setup: labqa.py bugs exited $rc: $(tail -2 "$out.$n" | tr '\n' ' ')"
        fails=$((fails + 1)); continue
    fi
    while IFS=$'\t' read -r verdict name why; do
        if [ "$verdict" = PASS ]; then echo "PASS labs_bug_lab${n}_$name"
        else echo "FAIL labs_bug_lab${n}_$name: $why"; fails=$((fails + 1)); fi
    done < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    why = "" if r["caught"] else ("the group %s keeps %s/%s points" % (r["group"], r["score"], r["max"]) if not r["lost"]
                                  else "first message of %s lacks expected vs got: %s" % (r["group"], r["first"][:200]))
    print("PASS" if r["caught"] else "FAIL", r["bug"], why, sep="\t")' "$BUILD/labs-bugs-lab$n.json")
    grep -E '^lab [0-9]+: [0-9]+ of [0-9]+ student bugs caught' "$out.$n" >&2
done
[ "$fails" -eq 0 ]
