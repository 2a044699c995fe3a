#!/usr/bin/env bash
# record.sh — compile the programs in traces/programs/ and record what they
# touch with valgrind lackey, as gzip'd lackey logs (docs/traces.md).
#
#   traces/record.sh [--set small|more] [--lines N] OUTDIR
#
#   --set small   the three traces checked in under traces/ (default)
#   --set more    bigger inputs, all four programs, both matmuls (make traces)
#   --lines N     keep at most N lines from main on (default: 250000 for
#                 small, 2000000 for more)
#
# Each program is linked statically and without PIE, so main has a fixed
# address: the loader and libc start-up (some 40000 accesses that say
# nothing about the program) are dropped by starting the trace at the first
# fetch of main. valgrind's own "==PID==" header lines are kept, plus one
# such line saying what was cut. Programs run under `env -i` so that the
# environment's size does not move the stack between recordings.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
set_name=small
lines=
while [ $# -gt 0 ]; do
    case $1 in
    --set) set_name=${2:?--set needs small or more}; shift 2 ;;
    --lines) lines=${2:?--lines needs a number}; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "record.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) break ;;
    esac
done
out=${1:?usage: record.sh [--set small|more] [--lines N] OUTDIR}
case $set_name in
small) lines=${lines:-250000}
       recordings=("array_sum:array_sum 8192 2" "matmul_naive:matmul naive 24" "list_walk:list_walk 2048 3") ;;
more)  lines=${lines:-2000000}
       recordings=("array_sum_1m:array_sum 262144 4" "matmul_naive_64:matmul naive 64"
                   "matmul_tiled_64:matmul tiled 64" "list_walk_64k:list_walk 65536 2" "sort_64k:sort 65536") ;;
*) echo "record.sh: --set: expected small or more, got '$set_name'" >&2; exit 2 ;;
esac
case $lines in ''|*[!0-9]*) echo "record.sh: --lines: expected a number, got '$lines'" >&2; exit 2 ;; esac

command -v valgrind >/dev/null || { echo "record.sh: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
CC=${CC:-cc}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() {   # build NAME: static if libc.a is there, non-PIE either way
    local src=$here/programs/$1.c
    "$CC" -O1 -g -static -no-pie -o "$work/$1" "$src" 2>/dev/null ||
        "$CC" -O1 -g -no-pie -o "$work/$1" "$src"
}

record() {  # record NAME PROGRAM ARGS...
    local name=$1 prog=$2; shift 2
    build "$prog"
    local main
    main=$(nm "$work/$prog" | awk '$2 == "T" && $3 == "main" { print $1 }')
    [ -n "$main" ] || { echo "record.sh: no main in $prog" >&2; exit 1; }
    main=$(printf '%08x' "$((16#$main))")        # lackey prints %08lx
    (cd "$work" && env -i PATH=/usr/bin:/bin valgrind --tool=lackey --trace-mem=yes \
        --log-file="$work/$name.raw" "./$prog" "$@" >/dev/null)
    local tmp="$out/.$name.lackey.gz.tmp"
    awk -v main="I  $main," -v max="$lines" -v what="$prog $*" '
        !started && /^==[0-9]+==/ { print; pid = $1; next }
        !started && index($0, main) == 1 {
            started = 1
            printf "%s mmukit traces/record.sh: `%s`; accesses before main dropped, at most %d lines kept\n", pid, what, max
        }
        started && kept < max { print; kept++ }
        END { if (!started) exit 3 }' "$work/$name.raw" | gzip -9n >"$tmp"
    mv "$tmp" "$out/$name.lackey.gz"
    printf '  %-28s %8d bytes\n' "$out/$name.lackey.gz" "$(stat -c %s "$out/$name.lackey.gz")"
}

for r in "${recordings[@]}"; do
    name=${r%%:*}
    read -r -a cmd <<<"${r#*:}"
    record "$name" "${cmd[@]}"
done
