# check_lib.sh — helpers for tb/checks/*.sh (protocol: PASS/FAIL lines).
# Source it; then call the helpers; end with `check_done`.
BUILD=${BUILD:-build}
MMU_REF=${MMU_REF:-$BUILD/bin/mmu-ref}
_fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; _fails=$((_fails + 1)); }
# expect_run NAME WANT_STATUS WANT_SUBSTRING CMD... : status and combined output
expect_run() {
    local name=$1 want_rc=$2 want=$3; shift 3
    local out rc
    out=$("$@" 2>&1); rc=$?
    if [ "$rc" != "$want_rc" ]; then fail "$name" "exit $rc, want $want_rc: $(echo "$out" | head -3)"; return; fi
    if [ -n "$want" ] && ! grep -qF -- "$want" <<<"$out"; then fail "$name" "output lacks '$want': $(echo "$out" | head -3)"; return; fi
    pass "$name"
}
check_done() { [ "$_fails" -eq 0 ]; }
