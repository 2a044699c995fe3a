#!/usr/bin/env bash
# Runs every check and prints one summary line: "N passed, N failed".
#
# Protocol: a check is a program that prints one line per assertion group,
# "PASS <name>" or "FAIL <name>: <why>", and exits non-zero if anything failed.
# A program that exits non-zero without a FAIL line, or prints no PASS/FAIL at
# all, counts as one failure: a check that asserts nothing is a defect.
#   C unit tests:   $BUILD/san/tests/test_*   (ASan + UBSan)
#   script checks:  tb/checks/*.sh            (run from the repository root)
# CHECKS="glob" narrows the set, e.g. CHECKS='*ostep*'.
set -u
BUILD=${BUILD:-build}
LOG=$BUILD/checks
mkdir -p "$LOG"
pass=0 fail=0
failed_names=()
filter=${CHECKS:-*}

run_one() {
    local name=$1; shift
    local log="$LOG/$name.log"
    local start=$SECONDS
    "$@" >"$log" 2>&1
    local rc=$?
    local p f
    p=$(grep -c '^PASS ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $name: exited with status $rc (see $log)" >>"$log"; f=1
    fi
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $name: printed no PASS/FAIL lines (asserts nothing)" >>"$log"; f=1
    fi
    pass=$((pass + p)); fail=$((fail + f))
    printf '  %-40s %5d passed %3d failed  (%ds)\n' "$name" "$p" "$f" $((SECONDS - start))
    if [ "$f" -gt 0 ]; then
        grep '^FAIL ' "$log" | head -20 | sed 's/^/      /'
        failed_names+=("$name")
    fi
}

echo "== C unit tests (ASan/UBSan)"
for t in "$BUILD"/san/tests/test_*; do
    [ -x "$t" ] || continue
    n=$(basename "$t")
    [[ $n == $filter ]] || continue
    run_one "$n" env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$t"
done
echo "== script checks"
for s in tb/checks/*.sh; do
    [ -f "$s" ] || continue
    n=$(basename "$s" .sh)
    [[ $n == $filter ]] || continue
    run_one "$n" env BUILD="$BUILD" bash "$s"
done
[ ${#failed_names[@]} -eq 0 ] || echo "failing: ${failed_names[*]} (logs in $LOG/)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
