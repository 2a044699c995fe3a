# RISC-V Sv32: 2-level tables, 4 KiB pages, 4 MiB megapages, 4-byte PTEs,
# 34-bit physical addresses, 9-bit ASIDs.
description  = RISC-V Sv32 (2 levels, 4 KiB / 4 MiB pages)
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
seg_count    = 4
tlb_sets     = 8
tlb_ways     = 2
tlb_repl     = lru
