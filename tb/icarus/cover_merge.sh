#!/usr/bin/env bash
# cover_merge.sh FILE.cov... — merge mmu_cover reports ("COVER point count|n/a")
# into one table: point, total hits, hits per run. A point is "n/a" only when
# every run reports it n/a (no profile can reach it); "UNHIT" when some run
# could reach it and none did. Exit status 1 if any point is UNHIT.
set -u
[ $# -gt 0 ] || { echo "cover_merge: no .cov files" >&2; exit 2; }
awk '
FNR == 1 { nrun++; run[nrun] = FILENAME; sub(/.*\//, "", run[nrun]); sub(/\.cov$/, "", run[nrun]) }
$1 == "COVER" {
    p = $2
    if (!(p in seen)) { seen[p] = 1; order[++np] = p; app[p] = 0; tot[p] = 0 }
    val[p, nrun] = $3
    if ($3 != "n/a") { app[p] = 1; tot[p] += $3 }
}
END {
    printf "%-34s %8s   %s\n", "point", "total", "per run (" nrun " runs)"
    unhit = 0
    for (i = 1; i <= np; i++) {
        p = order[i]; line = ""
        for (r = 1; r <= nrun; r++) if ((p, r) in val && val[p, r] != "n/a" && val[p, r] > 0) line = line " " run[r] "=" val[p, r]
        if (!app[p])          st = "n/a"
        else if (tot[p] == 0) { st = "UNHIT"; unhit++ }
        else                  st = tot[p]
        printf "%-34s %8s  %s\n", p, st, line
    }
    printf "%d points, %d unhit\n", np, unhit
    exit unhit > 0
}' "$@"
