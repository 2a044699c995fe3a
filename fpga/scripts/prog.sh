#!/usr/bin/env bash
# prog.sh BOARD OUTDIR -- load the bitstream `make fpga BOARD=...` built into
# an attached board (SRAM, lost at power-off; docs/fpga.md says how to write
# the flash instead).
set -u
board=$1 out=$2
case $board in
icebreaker) bit=$out/icebreaker.bin; cmds=("iceprog -S $bit" "openFPGALoader -b icebreaker $bit") ;;
ulx3s)      bit=$out/ulx3s.bit;      cmds=("openFPGALoader -b ulx3s $bit") ;;
tangnano9k) bit=$out/tangnano9k.fs;  cmds=("openFPGALoader -b tangnano9k $bit") ;;
*) echo "make prog: unknown BOARD '$board'" >&2; exit 2 ;;
esac
if [ ! -f "$bit" ]; then
    echo "make prog: no bitstream $bit yet: run make fpga BOARD=$board first" >&2
    exit 1
fi
for c in "${cmds[@]}"; do
    tool=${c%% *}
    command -v "$tool" >/dev/null 2>&1 || continue
    echo "make prog: $c"
    if $c; then
        echo "make prog: $board programmed. Check it with: build/bin/mmu-hil --port /dev/ttyUSB<N> --info"
        exit 0
    fi
    echo "make prog: $tool failed: is the $board attached over USB (lsusb), and do you have access to it" \
         "(udev rules, or run as root)?" >&2
    exit 1
done
echo "make prog: no programmer found (${cmds[*]%% *}); install one: apt-get install fpga-icestorm openfpgaloader" >&2
exit 1
