#!/usr/bin/env bash
# make deps: install the Debian packages mmukit needs that are missing.
# As root it runs apt-get; otherwise it prints the one line to run.
set -eu
# tool -> package. Tools the machine must have to build and test.
need=(
  "gcc:gcc" "make:make" "iverilog:iverilog" "verilator:verilator"
  "yosys:yosys" "valgrind:valgrind" "gzip:gzip" "python3:python3"
)
missing=()
for pair in "${need[@]}"; do
  tool=${pair%%:*} pkg=${pair#*:}
  command -v "$tool" >/dev/null 2>&1 || missing+=("$pkg")
done
# zlib headers (gzip traces)
[ -f /usr/include/zlib.h ] || missing+=("zlib1g-dev")
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all present"
  exit 0
fi
line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}") >/tmp/mmukit-deps.log 2>&1 || {
    echo "deps: apt-get failed (log: /tmp/mmukit-deps.log); run as root: $line" >&2; exit 1; }
  echo "deps: done"
else
  echo "deps: missing ${missing[*]}. Run as root:" >&2
  echo "  $line" >&2
  exit 1
fi
