#!/usr/bin/env bash
# Bounded mutation check (make test): fourteen fixed mutants of rtl/*.v, one per
# bug class the directed benches are meant to catch, must each be KILLED by
# the named Icarus bench configuration, and one mutant that cannot change
# behaviour (an unused-signal sink) must be reported as SURVIVED -- so the
# tool reports both outcomes correctly. Mutants live under $BUILD/mutate.
# The full campaign is make mutate (tb/scripts/mutate.py, docs/mutation.md).
set -u
BUILD=${BUILD:-build}
for p in sv32 sv39 sv39-pwc sv39-hum; do
  if [ ! -f "$BUILD/gen/$p/mmu_profile.vh" ]; then
    echo "FAIL mutate_smoke: missing $BUILD/gen/$p/mmu_profile.vh (run: make rtl-headers)"; exit 1
  fi
done
BUILD=$BUILD python3 tb/scripts/mutate.py --smoke --jobs 2 --timeout 60
