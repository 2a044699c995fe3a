# RISC-V Sv32 for the boards: the translation of the sv32 profile (2 levels,
# 4 KiB pages, 4 MiB megapages, Svadu, ASIDs, every SFENCE.VMA variant) with
# none of the teaching extras -- no segmentation/hybrid modes, no counters.
# 16 TLB entries (8 sets x 2 ways).
description  = RISC-V Sv32, lean board build (no segmentation, no counters)
va_bits      = 32
va_port_bits = 32
va_sign_extend = 0
pa_bits      = 34
page_shift   = 12
levels       = 2
vpn_bits     = 10
pte_format   = riscv
pte_bytes    = 4
ppn_bits     = 22
asid_bits    = 9
superpages   = 1
seg_sel_bits = 2
seg_count    = 1
tlb_sets     = 8
tlb_ways     = 2
tlb_repl     = lru
segmentation = 0
counters     = 0
hit_stages   = 2
isolate      = 0
