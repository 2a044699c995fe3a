#!/usr/bin/env bash
# fusesoc/deps.sh -- FuseSoC and Edalize (PyPI) in a project-local venv, as
# fpga/scripts/deps.sh does for yowasp: $FUSESOC_VENV (default
# $BUILD/fusesoc/venv). Kept when present with the pinned versions.
# Also marks $BUILD with FUSESOC_IGNORE, so `fusesoc --cores-root .` does not
# scan the build tree (the venv, and the copies of mmukit.core that FuseSoC
# exports into its work directories).
set -eu
BUILD=${BUILD:-build}
FUSESOC_VENV=${FUSESOC_VENV:-$BUILD/fusesoc/venv}
# Versions this core was checked with (docs/integration.md "FuseSoC").
PIP_PKGS="fusesoc==2.4.7 edalize==0.6.8"
mkdir -p "$BUILD"
touch "$BUILD/FUSESOC_IGNORE"
if [ -x "$FUSESOC_VENV/bin/fusesoc" ] && [ -f "$FUSESOC_VENV/.pins" ] && [ "$(cat "$FUSESOC_VENV/.pins")" = "$PIP_PKGS" ]; then
    exit 0
fi
echo "fusesoc-deps: creating $FUSESOC_VENV with $PIP_PKGS (PyPI)"
rm -rf "$FUSESOC_VENV"
python3 -m venv "$FUSESOC_VENV" || {
    echo "fusesoc-deps: python3 -m venv failed; install python3-venv (apt-get install python3-venv)" >&2; exit 1; }
# shellcheck disable=SC2086
"$FUSESOC_VENV/bin/pip" install -q --disable-pip-version-check $PIP_PKGS || {
    echo "fusesoc-deps: pip install into $FUSESOC_VENV failed (needs PyPI)" >&2; rm -rf "$FUSESOC_VENV"; exit 1; }
echo "$PIP_PKGS" > "$FUSESOC_VENV/.pins"
echo "fusesoc-deps: $("$FUSESOC_VENV/bin/fusesoc" --version | head -1) in $FUSESOC_VENV"
