#!/usr/bin/env bash
# report.sh BOARD... -- the resource/Fmax table of the last `make fpga` per
# board (from $BUILD/fpga/<board>/summary.txt, written by flow.sh), in the
# Markdown form docs/fpga.md carries.
set -u
BUILD=${BUILD:-build}
tlb_of() {   # profile params -> "SETSxWAYS POLICY"
    local prof=rtl/profiles/$1.profile params=$2
    local sets ways repl
    sets=$(awk -F= '/^tlb_sets/ {gsub(/[ \t]|#.*/, "", $2); print $2}' "$prof")
    ways=$(awk -F= '/^tlb_ways/ {gsub(/[ \t]|#.*/, "", $2); print $2}' "$prof")
    repl=$(awk -F= '/^tlb_repl/ {gsub(/[ \t]|#.*/, "", $2); print $2}' "$prof")
    [[ $params =~ TLB_SETS\ ([0-9]+) ]] && sets=${BASH_REMATCH[1]}
    [[ $params =~ TLB_WAYS\ ([0-9]+) ]] && ways=${BASH_REMATCH[1]}
    echo "${sets}x${ways} $repl"
}
printf '| board | FPGA | profile | TLB | memory | LUTs | FFs | RAM blocks | Fmax (MHz) | clock (MHz) | timing met |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
missing=0
for b in "$@"; do
    f=$BUILD/fpga/$b/summary.txt
    if [ ! -f "$f" ]; then
        printf '| %s | (not built: make fpga BOARD=%s) | | | | | | | | | |\n' "$b" "$b"
        missing=1
        continue
    fi
    get() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$f"; }
    params=$(get params)
    mem=""
    [[ $params =~ MEM_LOG2\ ([0-9]+) ]] && mem="$(( (1 << BASH_REMATCH[1]) / 1024 )) KiB"
    ctr=""
    [[ $params =~ CTR_BITS\ ([0-9]+) ]] && ctr=", ${BASH_REMATCH[1]}-bit counters"
    printf '| %s | %s %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$b" "$(get family)" "$(get device)" \
        "$(get profile)" "$(tlb_of "$(get profile)" "$params")$ctr" "$mem" "$(get luts)" "$(get ffs)" "$(get rams)" \
        "$(get fmax)" "$(get target)" "$(get met)"
done
exit 0
