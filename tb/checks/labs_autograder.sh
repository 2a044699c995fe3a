#!/usr/bin/env bash
# Course labs, Gradescope (issue 12 item 5): `make autograder LAB=n` writes a
# zip; unpacked into a scratch directory laid out like /autograder (source/,
# submission/, results/), its setup.sh and run_autograder grade the reference
# (full marks) and the skeleton (0), and results.json keeps every hidden group
# hidden until the due date: after_due_date on each hidden entry, no top-level
# score (Gradescope sums the tests), stdout_visibility hidden, and neither the
# top-level output nor the printed output names a hidden group.
# LABS="6" by default (C only: the cheapest); LABS="1 6" adds lab 1's lockstep
# model build. The tree's build directory is seeded with the reference's objects.
set -u
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
LABS=${LABS_AUTOGRADER:-6}
fails=0
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
for n in $LABS; do
    work=$BUILD/labs-ag/lab$n
    rm -rf "$work"; mkdir -p "$work"
    zip=$work/autograder.zip
    if ! BUILD=$BUILD python3 tb/labs/labtool.py autograder --lab "$n" --out "$zip" >"$work/zip.log" 2>&1; then
        fail "labs_autograder_lab${n}_zip" "$(tail -1 "$work/zip.log")"; continue
    fi
    if python3 - "$zip" <<'EOF2'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
need = {"setup.sh", "run_autograder"}
bad = [n for n in need if n not in names or not (z.getinfo(n).external_attr >> 16) & 0o100]
hidden = [n for n in names if n.startswith("tree/tb/labs/hidden/")]
sys.exit(1 if bad or not hidden or "tree/tb/labs/dist.json" not in names else 0)
EOF2
    then echo "PASS labs_autograder_lab${n}_zip (setup.sh, run_autograder executable, tree with hidden tests)"
    else fail "labs_autograder_lab${n}_zip" "setup.sh/run_autograder missing or not executable, or no hidden tests in $zip"; continue
    fi
    # One image, as Gradescope builds it: unpack, seed the build directory, setup.sh.
    prep=$work/image/autograder
    mkdir -p "$prep/source"
    (cd "$prep/source" && python3 -c 'import sys, zipfile, os, time
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist():
    p = z.extract(i)
    os.chmod(p, (i.external_attr >> 16) & 0o777 or 0o644)
    t = time.mktime(i.date_time + (0, 0, -1)); os.utime(p, (t, t))' "$zip")
    mkdir -p "$prep/source/tree/build"
    for d in obj lib bin san gen cosim labs; do
        [ -d "$BUILD/$d" ] && cp -a "$BUILD/$d" "$prep/source/tree/build/"
    done
    rm -rf "$prep/source/tree/build/labs/lab"*
    if ! env -u BUILD -u JOBS AUTOGRADER_ROOT=$prep bash "$prep/source/setup.sh" >"$work/setup.log" 2>&1; then
        fail "labs_autograder_lab${n}_setup" "setup.sh failed: $(tail -2 "$work/setup.log" | tr '\n' ' ')"; continue
    fi
    echo "PASS labs_autograder_lab${n}_setup"
    # Each submission in a fresh copy of the image (Gradescope: a new container).
    for who in reference skeleton; do
        ag=$work/$who/autograder
        mkdir -p "$work/$who"
        cp -a "$prep" "$ag"
        mkdir -p "$ag/submission" "$ag/results"
        if [ "$who" = reference ]; then    # the reference's files, by file name (as students upload them)
            for f in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["student_files"]))' "$ag/source/tree/tb/labs/dist.json"); do
                cp "$f" "$ag/submission/"
            done
        fi
        env -u BUILD -u JOBS AUTOGRADER_ROOT=$ag bash "$ag/source/run_autograder" >"$work/$who-stdout.log" 2>&1
        python3 - "$ag/results/results.json" "$work/$who-stdout.log" "$who" "$n" <<'EOF2'
import json, sys
res, stdout, who, n = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3], sys.argv[4]
tag = "labs_autograder_lab%s_%s" % (n, who)
try:
    d = json.load(open(res))
except (OSError, ValueError) as e:
    print("FAIL %s_results: no results.json (%s)" % (tag, e)); sys.exit(1)
hidden = json.load(open("tb/labs/hidden/lab%s.json" % n))["tests"]
hnames = {t["name"] for t in hidden}
tests = {t["name"]: t for t in d.get("tests", [])}
bad = 0
def check(name, ok, why):
    global bad
    print(("PASS %s_%s" % (tag, name)) if ok else ("FAIL %s_%s: %s" % (tag, name, why)))
    bad += not ok
total = sum(t["score"] for t in tests.values())
want = 100 if who == "reference" else 0
check("score", abs(total - want) < 1e-6 and d.get("max_score") == 100,
      "the tests sum to %s of %s, want %s of 100" % (total, d.get("max_score"), want))
check("hidden_entries_after_due_date", hnames <= set(tests) and all(tests[h]["visibility"] == "after_due_date" for h in hnames)
      and all(t["visibility"] == "visible" for k, t in tests.items() if k not in hnames),
      "hidden groups %s: visibility %s" % (sorted(hnames), {k: t["visibility"] for k, t in tests.items()}))
check("no_top_level_score", "score" not in d, "a top-level score (%s) would include hidden points" % d.get("score"))
check("stdout_hidden", d.get("stdout_visibility") == "hidden", "stdout_visibility is %s" % d.get("stdout_visibility"))
leak = [h for h in hnames if h in d.get("output", "") or h in stdout]
check("no_hidden_names_in_visible_text", not leak, "hidden group names in the top-level output or stdout: %s" % leak)
sys.exit(1 if bad else 0)
EOF2
        [ $? -eq 0 ] || fails=$((fails + 1))
    done
done
[ "$fails" -eq 0 ]
