#!/usr/bin/env bash
# make deps: install the Debian packages mmukit needs that are missing.
# As root it runs apt-get; otherwise it prints the one line to run.
#   --list   print every tool, its package and what needs it; install nothing
# Two groups: the tools `make test` and `make run` cannot do without, and the
# viewers of `make wave` (GTKWave) and `make plot` (gnuplot). The viewers are
# installed with the rest; when they cannot be, make deps says so and goes on
# (make wave then prints the gtkwave command, make plot says what is missing).
set -eu
# tool:package:what needs it
need=(
  "gcc:gcc:the C model and tools" "make:make:everything" "iverilog:iverilog:Icarus replay, RTL benches"
  "verilator:verilator:mmu-cosim, make run" "yosys:yosys:make synth, checks" "valgrind:valgrind:make traces"
  "gzip:gzip:traces" "python3:python3:labs, OSTEP checks"
  "rsvg-convert:librsvg2-bin:explain_svg renders a figure to PNG"
  "yosys-smtbmc:yosys:make formal, the formal check" "z3:z3:make formal, the formal check (SMT solver)"
)
optional=(
  "gtkwave:gtkwave:make wave (the waveform viewer)" "gnuplot:gnuplot-nox:make plot"
)
if [ "${1:-}" = --list ]; then
  for pair in "${need[@]}"; do IFS=: read -r t p w <<<"$pair"; printf '  %-12s %-13s required: %s\n' "$t" "$p" "$w"; done
  printf '  %-12s %-13s required: %s\n' zlib.h zlib1g-dev "gzip traces"
  printf '  %-12s %-13s required: %s\n' venv python3-venv "FuseSoC's venv (fusesoc/deps.sh)"
  for pair in "${optional[@]}"; do IFS=: read -r t p w <<<"$pair"; printf '  %-12s %-13s optional: %s\n' "$t" "$p" "$w"; done
  exit 0
fi
[ $# -eq 0 ] || { echo "usage: tb/scripts/deps.sh [--list]" >&2; exit 2; }
missing=() opt_missing=()
for pair in "${need[@]}"; do
  IFS=: read -r tool pkg _ <<<"$pair"
  command -v "$tool" >/dev/null 2>&1 || missing+=("$pkg")
done
# zlib headers (gzip traces)
[ -f /usr/include/zlib.h ] || missing+=("zlib1g-dev")
# venv with pip (FuseSoC's venv: fusesoc/deps.sh)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=("python3-venv")
for pair in "${optional[@]}"; do
  IFS=: read -r tool pkg _ <<<"$pair"
  command -v "$tool" >/dev/null 2>&1 || opt_missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ] && [ ${#opt_missing[@]} -eq 0 ]; then
  echo "deps: all present"
  exit 0
fi
all=("${missing[@]}" "${opt_missing[@]}")
line="apt-get update && apt-get install -y --no-install-recommends ${all[*]}"
log=${TMPDIR:-/tmp}/mmukit-deps.log
if [ "$(id -u)" = 0 ]; then
  echo "deps: installing ${all[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${all[@]}") >"$log" 2>&1; then
    echo "deps: done"; exit 0
  fi
  # the viewers are optional: retry without them
  if [ ${#missing[@]} -gt 0 ] &&
     ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    echo "deps: apt-get failed (log: $log); run as root: $line" >&2; exit 1
  fi
  echo "deps: could not install the optional ${opt_missing[*]} (log: $log): make wave prints the gtkwave command instead, make plot needs gnuplot"
else
  if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: optional ${opt_missing[*]} missing (make wave / make plot). As root: apt-get install -y ${opt_missing[*]}"
    exit 0
  fi
  echo "deps: missing ${all[*]}. Run as root:" >&2
  echo "  $line" >&2
  exit 1
fi
