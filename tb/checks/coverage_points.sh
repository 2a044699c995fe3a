#!/usr/bin/env bash
# Functional coverage: every point of tb/icarus/mmu_cover.v that some profile
# can reach must be hit by the Icarus replay runs of `make test` (the same
# cached regression as icarus_replay.sh). One PASS/FAIL line per point.
source tb/scripts/check_lib.sh
OUT=${OUT:-$BUILD/icarus}
command -v iverilog >/dev/null || { fail coverage_available "iverilog not installed (make deps)"; check_done; exit; }
bash tb/icarus/regress.sh all
status=$(cat "$OUT/vectors.status" 2>/dev/null || echo "regress.sh did not run")
covs=$(ls "$OUT"/runs/*.cov 2>/dev/null)
[ -n "$covs" ] || { fail coverage_reports "no coverage reports in $OUT/runs"; check_done; exit; }
table=$(bash tb/icarus/cover_merge.sh $covs)
if [ "$status" != ok ]; then
    # Only the hand-written smoke vectors ran: per-point lines would only
    # restate that the generated regression is missing.
    fail coverage_points "no generated vectors ($status); smoke vectors alone: $(tail -1 <<<"$table")"
else
    while read -r point total rest; do
        case $total in
            n/a) ;;
            UNHIT) fail "cover_$point" "never hit by the replay runs" ;;
            *) pass "cover_$point ($total)" ;;
        esac
    done < <(sed '1d;$d' <<<"$table")
fi
check_done
