# fpga/boards/boards.mk -- one block per board: FPGA, clocks, pins file, and the
# MMU profile it runs (included by fpga/fpga.mk; docs/fpga.md "Boards").
#   <B>_FAMILY   ice40 | ecp5 | gowin      toolchain
#   <B>_OSC_HZ   the board's oscillator (the PLL's input)
#   <B>_CLK_HZ   the design's clock, made by the board's PLL (fpga/boards/<B>/<B>_pll.v
#                finds the dividers at elaboration and refuses a frequency it cannot
#                make exactly); the UART divisor and nextpnr's --freq follow it.
#                `make fpga BOARD=b b_CLK_HZ=...` tries another.
#   <B>_PROFILE  rtl/profiles/<name>.profile: translation geometry, TLB, features
#                and counter width (the board passes no MMU overrides)
#   <B>_PARAMS   board-top parameters: memory size
#   <B>_SIM_PARAMS  mmu_board parameters the board top fixes in its source, which
#                the simulated board (make fpga-sim, fpga_pty) must copy
#   <B>_SEED, <B>_PNR_OPTS  nextpnr's seed and extra options (SEED=, PNR_OPTS= override)
BOARDS := icebreaker ulx3s tangnano9k

# iCEBreaker: iCE40 UP5K-SG48, 12 MHz oscillator -> SB_PLL40_PAD -> 36 MHz,
# FTDI channel B UART (RX 6, TX 9). Sv32 lean (sv32-fpga: 8x2 TLB, no
# segmentation, no counters); 64 KiB of memory in two SPRAM blocks.
icebreaker_FAMILY  := ice40
icebreaker_DEVICE  := up5k
icebreaker_PACKAGE := sg48
icebreaker_OSC_HZ  := 12000000
icebreaker_CLK_HZ  ?= 36000000
icebreaker_PROFILE ?= sv32-fpga
icebreaker_PARAMS  := -set MEM_LOG2 16
icebreaker_SIM_PARAMS := -set CAS_WRITE_CYCLE 1
icebreaker_TOP     := icebreaker_top
icebreaker_PINS    := fpga/boards/icebreaker/icebreaker.pcf
# nextpnr's timing-driven placer weighted up: at 71677cb, seeds 1-8 gave 30.8-35.5 MHz with
# the defaults, seeds 1-6 34.8-35.8 with these (docs/fpga.md); 36 is not met
icebreaker_PNR_OPTS ?= --placer-heap-timingweight 80 --placer-heap-critexp 8

# ULX3S: ECP5 LFE5U-85F (or 12F/25F/45F: ULX3S_DEVICE=25k), CABGA381, 25 MHz
# oscillator -> EHXPLLL -> 100 MHz, FTDI UART (ftdi_rxd L4 = FPGA TX,
# ftdi_txd M1 = FPGA RX). Sv39 lean (sv39-fpga: 16x4 TLB), 64 KiB.
ULX3S_DEVICE       ?= 85k
ulx3s_FAMILY       := ecp5
ulx3s_DEVICE       := $(ULX3S_DEVICE)
ulx3s_PACKAGE      := CABGA381
ulx3s_OSC_HZ       := 25000000
ulx3s_CLK_HZ       ?= 100000000
ulx3s_PROFILE      ?= sv39-fpga
ulx3s_PARAMS       := -set MEM_LOG2 16
ulx3s_SIM_PARAMS   := -set CAS_WRITE_CYCLE 1
ulx3s_TOP          := ulx3s_top
ulx3s_PINS         := fpga/boards/ulx3s/ulx3s.lpf
# nextpnr's timing-driven placer weighted up (measured at 3a2722a, 100 MHz, seed 1:
# 92.97 MHz with the defaults, 97.67 with these; docs/fpga.md)
ulx3s_PNR_OPTS     ?= --placer-heap-timingweight 40 --placer-heap-critexp 4

# Tang Nano 9K: Gowin GW1NR-LV9QN88PC6/I5, 27 MHz oscillator -> rPLL -> 72 MHz,
# BL702 USB-UART (FPGA RX 18, TX 17). Sv32 lean (sv32-fpga: 8x2 TLB), 32 KiB
# of memory in block SRAM.
tangnano9k_FAMILY  := gowin
tangnano9k_DEVICE  := GW1NR-LV9QN88PC6/I5
tangnano9k_FAMILYNAME := GW1N-9C
tangnano9k_OSC_HZ  := 27000000
tangnano9k_CLK_HZ  ?= 72000000
tangnano9k_PROFILE ?= sv32-fpga
# nextpnr seed (SEED=N on the make line overrides): seeds 1, 2, 3 gave 73.7,
# 68.0 (not met), 80.2 MHz at 72 MHz at aa26df5 (docs/fpga.md); 3 has the most
# margin (at 3a6d694: 77.8, 73.2, 72.6; at 366ffd7: 69.6, 67.6, 73.8)
tangnano9k_SEED    ?= 3
tangnano9k_PARAMS  := -set MEM_LOG2 15
tangnano9k_SIM_PARAMS := -set CAS_WRITE_CYCLE 1
tangnano9k_TOP     := tangnano9k_top
tangnano9k_PINS    := fpga/boards/tangnano9k/tangnano9k.cst

# Simulation only (make fpga-sim BOARD=ostepsim; fpga_pty.sh): the OSTEP
# linear-table profile, every mode (bare, base-and-bounds, segmentation,
# paging, hybrid), behind the same bridge, so the segmentation modes keep
# their check over the UART path now that no board runs them.
SIM_BOARDS := ostepsim
ostepsim_CLK_HZ    := 12000000
ostepsim_PROFILE   := ostep-linear
ostepsim_PARAMS    := -set MEM_LOG2 16
