# OSTEP two-level "small tables" (paging-multilevel-translate.py): 15-bit VA,
# 32-byte pages, 12-bit PA (128 frames), 1-byte PDE/PTE with the valid bit in
# bit 7 and a 7-bit PFN; PTBASE is the page directory's frame number (PDBR).
description  = OSTEP two-level small tables (15-bit VA, 32-byte pages, 4 KB PA)
va_bits      = 15
va_port_bits = 16
va_sign_extend = 0
pa_bits      = 12
page_shift   = 5
levels       = 2
vpn_bits     = 5
pte_format   = ostep-small
pte_bytes    = 1
ppn_bits     = 7
asid_bits    = 4
superpages   = 0
seg_sel_bits = 1
seg_count    = 2
tlb_sets     = 4
tlb_ways     = 4
tlb_repl     = fifo
