# fpga/boards/boards.mk -- one block per board: FPGA, clock, pins file, and the
# MMU configuration that fits it (included by fpga/fpga.mk).
#   <B>_FAMILY   ice40 | ecp5 | gowin      toolchain
#   <B>_PROFILE  rtl/profiles/<name>.profile (translation geometry, TLB default)
#   <B>_PARAMS   mmu_board parameters: memory size, counter width, TLB overrides
BOARDS := icebreaker ulx3s tangnano9k

# iCEBreaker: iCE40 UP5K-SG48, 12 MHz, FTDI channel B UART (RX 6, TX 9).
# 5280 logic cells: Sv32 plus the bridge needs ~5000 even with a 2x2 TLB and
# 8-bit counters, so the UP5K runs the OSTEP linear-table profile (every
# mode: bare, base-and-bounds, segmentation, paging, hybrid) with 16-bit
# counters; its whole 64 KiB physical space is in two SPRAM blocks.
icebreaker_FAMILY  := ice40
icebreaker_DEVICE  := up5k
icebreaker_PACKAGE := sg48
icebreaker_CLK_HZ  := 12000000
icebreaker_PROFILE := ostep-linear
icebreaker_PARAMS  := -set MEM_LOG2 16 -set CTR_BITS 16
icebreaker_TOP     := icebreaker_top
icebreaker_PINS    := fpga/boards/icebreaker/icebreaker.pcf

# ULX3S: ECP5 LFE5U-85F (or 12F/25F/45F: ULX3S_DEVICE=25k), CABGA381, 25 MHz,
# FTDI UART (ftdi_rxd L4 = FPGA TX, ftdi_txd M1 = FPGA RX). Full Sv39, 64 KiB.
ULX3S_DEVICE       ?= 85k
ulx3s_FAMILY       := ecp5
ulx3s_DEVICE       := $(ULX3S_DEVICE)
ulx3s_PACKAGE      := CABGA381
ulx3s_CLK_HZ       := 25000000
ulx3s_PROFILE      := sv39
ulx3s_PARAMS       := -set MEM_LOG2 16
ulx3s_TOP          := ulx3s_top
ulx3s_PINS         := fpga/boards/ulx3s/ulx3s.lpf

# Tang Nano 9K: Gowin GW1NR-LV9QN88PC6/I5, 27 MHz, BL702 USB-UART (FPGA RX 18, TX 17).
# 8640 LUT4s: full Sv32 with the profile's 8x2 TLB and 32-bit counters needs
# 6942 LUT4 + 1528 ALU (98 %) and does not place, so the TLB is halved (4x2)
# and the counters are 16 bits. 32 KiB of memory in block SRAM.
tangnano9k_FAMILY  := gowin
tangnano9k_DEVICE  := GW1NR-LV9QN88PC6/I5
tangnano9k_FAMILYNAME := GW1N-9C
tangnano9k_CLK_HZ  := 27000000
tangnano9k_PROFILE := sv32
tangnano9k_PARAMS  := -set MEM_LOG2 15 -set CTR_BITS 16 -set TLB_SETS 4
tangnano9k_TOP     := tangnano9k_top
tangnano9k_PINS    := fpga/boards/tangnano9k/tangnano9k.cst
