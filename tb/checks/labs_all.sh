#!/usr/bin/env bash
# Course labs (docs/labs/): for every lab, the student tree `make lab-dist`
# generates builds, loses points on the lab's tests with a message (not a crash),
# scores exactly 0 in every group, public and hidden (one line per group), offers
# waveforms whose GTKWave save file lists only signals the FST holds, and the
# reference gets full marks. Also: the markers in rtl/ and cmodel/ and the
# stubs of tb/labs/stubs/ agree, a student tree holds no hidden tests, and no
# line of the lab's solution (labqa.py crib: C model files ship as objects).
#
# Speed: a student tree is a copy with the reference's time stamps, so its build
# directory is seeded with the reference's objects (C library, mmu-ref, Verilator
# runtime, harness objects) and only what the lab cut is rebuilt: the lab's one
# Verilator model (labs 1-5) or the OS objects (lab 6).
# LABS="1 3" narrows the set. Needs the objects `make test-build` makes.
set -u
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
WORK=$BUILD/labs-check
LABS=${LABS:-$(python3 -c 'import json; print(" ".join(str(l["lab"]) for l in json.load(open("tb/labs/labs.json"))["labs"]))')}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
mkdir -p "$WORK"
fails=0
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

if python3 tb/labs/labtool.py check >"$WORK/markers.log" 2>&1; then
    echo "PASS labs_markers_match_stubs"
else
    fail labs_markers_match_stubs "$(head -3 "$WORK/markers.log" | tr '\n' ' ')"
fi

# Copy the reference objects a student tree can reuse, time stamps kept.
seed_build() {
    local dst=$1
    mkdir -p "$dst/cosim"
    for d in obj lib bin gen san; do
        [ -d "$BUILD/$d" ] && cp -a "$BUILD/$d" "$dst/"
    done
    [ -d "$BUILD/cosim/rt" ] && cp -a "$BUILD/cosim/rt" "$dst/cosim/"
    cp -a "$BUILD"/cosim/*.o "$dst/cosim/" 2>/dev/null   # harness main and helpers
    return 0
}

# results.json -> "score max failing-groups-without-output build-failed"
summarise() {
    python3 - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
tests = d["tests"]
silent = [t["name"] for t in tests if t["score"] < t["max_score"] and not t["output"].strip()]
build = any("the build failed" in t["output"] or "the build timed out" in t["output"] for t in tests)
print(d["score"], d["max_score"], ",".join(silent) or "-", int(build))
EOF
}

for n in $LABS; do
    t0=$SECONDS
    dir=$WORK/lab$n
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! python3 tb/labs/labtool.py dist --lab "$n" --out "$dir/tree" >"$dir/dist.log" 2>&1; then
        fail "labs_lab${n}_dist" "make lab-dist failed: $(tail -1 "$dir/dist.log")"
        continue
    fi
    tree=$dir/tree
    leaks=$( { [ -e "$tree/tb/labs/hidden" ] && echo tb/labs/hidden; \
               [ -e "$tree/docs/labs/instructors.md" ] && echo instructors.md; \
               grep -rlE 'LAB[0-9]+ (BEGIN|END)' "$tree/rtl" "$tree/cmodel" 2>/dev/null; } | tr '\n' ' ')
    todo=$(grep -rl "TODO(lab$n)" "$tree/rtl" "$tree/cmodel" 2>/dev/null | wc -l)
    if [ -n "$leaks" ]; then
        fail "labs_lab${n}_dist" "the student tree holds $leaks"
    elif [ "$todo" -eq 0 ]; then
        fail "labs_lab${n}_dist" "no TODO(lab$n) stub in the student tree"
    else
        echo "PASS labs_lab${n}_dist"
    fi

    # No crib (issue 12 item 6): no distinctive line of the lab's solution (its marked
    # regions, and the model files lab-dist ships as objects only) in the tree, and
    # those files really left as source.
    if python3 tb/labs/labqa.py crib --lab "$n" --tree "$tree" >"$dir/crib.log" 2>&1; then
        echo "PASS labs_lab${n}_no_crib ($(tail -1 "$dir/crib.log" | sed 's/ found in .*//'))"
    else
        fail "labs_lab${n}_no_crib" "$(head -3 "$dir/crib.log" | tr '\n' ' ')"
    fi
    # The skeleton: builds, grades, loses points with a message on every failing group,
    # and scores exactly 0 in every group, public and hidden (issue 12 "zero for
    # nothing"): the hidden tests are copied in as the autograder does.
    seed_build "$tree/build"
    [ -d tb/labs/hidden ] && cp -a tb/labs/hidden "$tree/tb/labs/"
    (cd "$tree" && BUILD=build JOBS=$JOBS python3 tb/labs/labtool.py grade --lab "$n" \
        --results "$dir/skeleton.json") >"$dir/skeleton.log" 2>&1
    rc=$?
    if [ "$rc" -ne 1 ] || [ ! -f "$dir/skeleton.json" ]; then
        fail "labs_lab${n}_skeleton_fails_cleanly" "grade exited $rc (want 1: points lost), log $dir/skeleton.log"
    else
        read -r score max silent built <<<"$(summarise "$dir/skeleton.json")"
        if [ "$built" = 1 ]; then
            fail "labs_lab${n}_skeleton_fails_cleanly" "the student tree does not build (log $dir/skeleton.log)"
        elif [ "$silent" != "-" ]; then
            fail "labs_lab${n}_skeleton_fails_cleanly" "groups lost points without a message: $silent"
        else
            echo "PASS labs_lab${n}_skeleton_fails_cleanly"
        fi
        # one line per group: the untouched skeleton must score 0 in it
        while read -r verdict name pts what; do
            if [ "$verdict" = PASS ]; then
                echo "PASS labs_lab${n}_skeleton_zero_$name"
            else
                fail "labs_lab${n}_skeleton_zero_$name" "the untouched skeleton scores $pts in this $what group (want 0; $dir/skeleton.json)"
            fi
        done < <(python3 -c '
import json, sys
for t in json.load(open(sys.argv[1]))["tests"]:
    print("PASS" if t["score"] == 0 else "FAIL", t["name"], "%s/%s" % (t["score"], t["max_score"]),
          "public" if t["visibility"] == "visible" else "hidden")' "$dir/skeleton.json")
        echo "  lab $n skeleton: $score/$max" >&2
        # Waveforms (issue 12 item 7): every "open: gtkwave FST SAVEFILE" the grade offers
        # names a save file all of whose signals are in that FST (read with fst2vcd).
        pairs=$(python3 -c '
import json, re, sys
seen = set()
for t in json.load(open(sys.argv[1]))["tests"]:
    for m in re.finditer(r"open: gtkwave (\S+) (\S+)\)", t["output"]):
        if m.group(2) not in seen:
            seen.add(m.group(2)); print(m.group(1), m.group(2))' "$dir/skeleton.json")
        cosim=$(python3 -c '
import json, sys
lab = [l for l in json.load(open("tb/labs/labs.json"))["labs"] if l["lab"] == int(sys.argv[1])][0]
print(sum(t["kind"] == "cosim" for t in lab["tests"]))' "$n")
        if [ -z "$pairs" ] && [ "$cosim" -gt 0 ]; then
            fail "labs_lab${n}_wave_save_file_matches" "no failing lockstep group offered a waveform (log $dir/skeleton.log)"
        fi
        while read -r fst save; do
            [ -n "$fst" ] || continue
            if (cd "$tree" && python3 sim/gtkw.py --check "$save" --dump "$fst") >"$dir/wave-check.log" 2>&1; then
                echo "PASS labs_lab${n}_wave_save_file_matches ($save)"
            else
                fail "labs_lab${n}_wave_save_file_matches" "$save against $fst: $(grep -c '^missing' "$dir/wave-check.log") signals missing: $(grep -m3 '^missing' "$dir/wave-check.log" | sed 's/missing: //' | tr '\n' ' ')$(tail -1 "$dir/wave-check.log")"
            fi
        done <<<"$pairs"
    fi
    rm -rf "$tree/build"

    # The reference: full marks, hidden groups included. A tree whose RTL differs from the
    # reference's with every region of the lab filled in (later labs' regions cut to stubs
    # or givens: labs.json "needs_later") is graded itself, so the cut cannot cost points.
    rm -rf "$dir/filled"
    if ! python3 tb/labs/labtool.py dist --lab "$n" --fill 999 --out "$dir/filled" >"$dir/filled.log" 2>&1; then
        fail "labs_lab${n}_reference_full_marks" "lab-dist --fill (every region filled) failed: $(tail -1 "$dir/filled.log")"
        continue
    fi
    where="the reference"
    if python3 - "$dir/filled" <<'PYEOF'
import os, sys
sys.path.insert(0, "tb/labs")
import labtool
# the filled tree's RTL is the reference's without its marker lines: grade the reference
tree = sys.argv[1]
def files(top):
    return {os.path.relpath(os.path.join(d, f), top) for d, _, fs in os.walk(top) for f in fs}
names = files("rtl")
if names != files(os.path.join(tree, "rtl")):
    sys.exit(1)
for fn in sorted(names):
    ref = open(os.path.join("rtl", fn), "rb").read().decode(errors="replace").split("\n")
    got = open(os.path.join(tree, "rtl", fn), "rb").read().decode(errors="replace")
    if "\n".join(l for l in ref if not labtool.MARKER_RE.match(l)) != got:
        sys.exit(1)
PYEOF
    then
        BUILD=$BUILD JOBS=$JOBS python3 tb/labs/labtool.py grade --lab "$n" \
            --results "$dir/reference.json" >"$dir/reference.log" 2>&1
        rc=$?
    else
        where="the student tree with every lab-$n region filled in"
        seed_build "$dir/filled/build"
        [ -d tb/labs/hidden ] && cp -a tb/labs/hidden "$dir/filled/tb/labs/"
        (cd "$dir/filled" && BUILD=build JOBS=$JOBS python3 tb/labs/labtool.py grade --lab "$n" \
            --results "$dir/reference.json") >"$dir/reference.log" 2>&1
        rc=$?
    fi
    rm -rf "$dir/filled"
    if [ "$rc" -eq 0 ] && [ -f "$dir/reference.json" ]; then
        read -r score max _ _ <<<"$(summarise "$dir/reference.json")"
        echo "PASS labs_lab${n}_reference_full_marks ($where)"
    else
        fail "labs_lab${n}_reference_full_marks" "grade exited $rc: $(grep -E '^ +[a-z0-9_]+ +(public|hidden) .*(FAIL|PART)' "$dir/reference.log" | head -3 | tr -s ' ' | tr '\n' ';') (log $dir/reference.log)"
    fi
    echo "  lab $n: $((SECONDS - t0)) s" >&2
done
# A lab's one-profile lockstep binary runs its own profile when --profile is left out
# (students run it by hand: it used to default to sv39 and refuse).
for bin in "$BUILD"/labs/bin/mmu-cosim-*; do
    [ -x "$bin" ] || continue
    prof=${bin##*/mmu-cosim-}
    if out=$("$bin" --cycles 2000 2>&1) && grep -q "^mmu-cosim: $prof seed" <<<"$out"; then
        echo "PASS labs_cosim_default_profile_$prof"
    else
        fail "labs_cosim_default_profile_$prof" "$bin without --profile: got $(tail -1 <<<"$out"), expected a run of profile $prof"
    fi
done
[ "$fails" -eq 0 ]
