# RISC-V Sv39 with both fast-miss options: the 8-entry page-walk cache of
# sv39-pwc (docs/rtl.md "Page-walk cache") and hit-under-miss with 2-bit
# request IDs (docs/rtl.md "Hit under miss"): while a walk is in flight, later
# requests that hit are answered, ahead of the walking one.
description  = RISC-V Sv39, 8-entry page-walk cache, hit-under-miss (2-bit request IDs)
va_bits      = 39
va_port_bits = 64
va_sign_extend = 1    # bits 63:39 must equal bit 38 (canonical)
pa_bits      = 56
page_shift   = 12
levels       = 3
vpn_bits     = 9
pte_format   = riscv
pte_bytes    = 8
ppn_bits     = 44
asid_bits    = 16
superpages   = 1
seg_sel_bits = 2      # segmentation modes: VA[38:37] picks one of 4 segments
seg_count    = 4
tlb_sets     = 8
tlb_ways     = 4
tlb_repl     = plru
pwc_entries  = 8
id_bits      = 2      # req_id_i / rsp_id_o: responses may leave out of order
