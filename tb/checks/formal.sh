#!/usr/bin/env bash
# Bounded formal check (make test): the quick subset of the properties in
# formal/ (tb/scripts/formal.py --quick): each is proven (k-induction) or
# checked to its stated BMC depth with yosys-smtbmc and z3, and each one's
# deliberately broken variant must be rejected. make formal runs them all.
set -u
BUILD=${BUILD:-build}
if [ ! -f "$BUILD/gen/sv32-fpga/mmu_profile.vh" ]; then
  echo "FAIL formal: missing $BUILD/gen/sv32-fpga/mmu_profile.vh (run: make rtl-headers)"; exit 1
fi
BUILD=$BUILD python3 tb/scripts/formal.py --quick --jobs 2
