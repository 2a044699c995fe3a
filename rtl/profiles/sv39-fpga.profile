# RISC-V Sv39 for the boards: the translation of the sv39 profile (3 levels,
# 4 KiB / 2 MiB / 1 GiB pages, Svadu, 16-bit ASIDs, every SFENCE.VMA variant)
# with no segmentation/hybrid modes and no counters. 64 TLB entries (16 x 4).
description  = RISC-V Sv39, lean board build (no segmentation, no counters)
va_bits      = 39
va_port_bits = 64
va_sign_extend = 1
pa_bits      = 56
page_shift   = 12
levels       = 3
vpn_bits     = 9
pte_format   = riscv
pte_bytes    = 8
ppn_bits     = 44
asid_bits    = 16
superpages   = 1
seg_sel_bits = 2
seg_count    = 1
tlb_sets     = 16
tlb_ways     = 4
tlb_repl     = plru
segmentation = 0
counters     = 0
hit_stages   = 2
isolate      = 0
