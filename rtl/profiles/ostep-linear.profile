# OSTEP linear page table (paging-linear-translate.py): 16 KB address space,
# 1 KB pages, 64 KB physical memory (OSTEP figure 16.2), one 32-bit PTE per page with the valid
# bit in bit 31 and the PFN in the low bits. The segment selector (2 bits,
# four 4 KB segments) matches the segmentation chapter's example.
description  = OSTEP linear page table (16 KB VA, 1 KB pages, 64 KB PA)
va_bits      = 14
va_port_bits = 16
va_sign_extend = 0
pa_bits      = 16
page_shift   = 10
levels       = 1
vpn_bits     = 4
pte_format   = ostep-linear
pte_bytes    = 4
ppn_bits     = 6
asid_bits    = 4
superpages   = 0
seg_sel_bits = 2
seg_count    = 4
tlb_sets     = 4
tlb_ways     = 2
tlb_repl     = lru
