# tb/rtl.mk -- RTL targets (included by the top Makefile).
#
# The RTL reads its geometry from build/gen/<profile>/mmu_profile.vh, which
# `mmu-ref profile --verilog` writes from rtl/profiles/<profile>.profile, so
# the RTL and the C model always read the same profile file.

RTL_SRCS := rtl/mmu_top.v rtl/mmu_regs.v rtl/mmu_perf.v rtl/mmu_seg.v rtl/mmu_pte_decode.v \
            rtl/mmu_perm_check.v rtl/mmu_tlb.v rtl/mmu_tlb_repl.v rtl/mmu_ptw.v rtl/mmu_pwc.v rtl/mmu_param_check.v rtl/mmu_defs.vh rtl/mmu_clog2.vh rtl/mmu_inject.vh
RTL_GEN  := $(BUILD)/gen
RTL_HDRS := $(foreach p,$(PROFILES),$(RTL_GEN)/$(p)/mmu_profile.vh)

# What `make test` needs built before tb/checks/rtl_*.sh run.
RTL_TEST_DEPS := $(RTL_HDRS)

# Replaced only when the text changes: a rebuilt mmu-ref (any C change) must
# not re-verilate every model.
$(RTL_GEN)/%/mmu_profile.vh: rtl/profiles/%.profile $(MMU_REF)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(MMU_REF) profile --verilog $* -o $@.tmp && { cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }

.PHONY: rtl-headers lint synth rtl-tb bus-tb
rtl-headers: $(RTL_HDRS) ## generate build/gen/<profile>/mmu_profile.vh for every profile

lint: $(RTL_HDRS) ## verilator -Wall and iverilog -Wall on mmu_top for every profile
	@BUILD=$(BUILD) bash tb/checks/rtl_lint.sh

SYNTH_PROFILES ?=
RTL_SYNTH_JOBS ?= 2
synth: $(RTL_HDRS) ## yosys per profile (SYNTH_PROFILES=..): checks, iCE40/ECP5 cells per module, LUT levels
	@BUILD=$(BUILD) RTL_SYNTH_REPORT=1 SYNTH_PROFILES='$(SYNTH_PROFILES)' RTL_SYNTH_JOBS=$(RTL_SYNTH_JOBS) \
	  bash tb/checks/rtl_synth.sh

rtl-tb: $(RTL_HDRS) ## run the directed Icarus testbenches in tb/rtl
	@BUILD=$(BUILD) bash tb/checks/rtl_tb.sh

bus-tb: $(RTL_HDRS) ## the Wishbone/AXI bridges: lint, against the bare mmu_top, protocol monitors (tb/checks/rtl_bus.sh)
	@BUILD=$(BUILD) bash tb/checks/rtl_bus.sh

# Formal properties (formal/*.v, docs/formal.md) and the mutation score
# (docs/mutation.md). Their bounded forms run in make test
# (tb/checks/formal.sh, tb/checks/mutate_smoke.sh).
FORMAL_JOBS ?= 2
FORMAL_ONLY ?= *
.PHONY: formal mutate
formal: $(RTL_HDRS) ## every formal property (yosys-smtbmc + z3): proofs, BMC depths, broken variants (FORMAL_ONLY=glob)
	@BUILD=$(BUILD) python3 tb/scripts/formal.py --jobs $(FORMAL_JOBS) --only '$(FORMAL_ONLY)'

MUTATE_SEED    ?= 1
MUTATE_COUNT   ?= 160
MUTATE_JOBS    ?= 2
MUTATE_TB      ?=
MUTATE_PROFILE ?= sv32
mutate: $(RTL_HDRS) ## mutation score of the RTL benches per module (MUTATE_TB=glob or bench.v, MUTATE_SEED, MUTATE_COUNT, MUTATE_JOBS)
	@BUILD=$(BUILD) python3 tb/scripts/mutate.py --seed '$(MUTATE_SEED)' --count '$(MUTATE_COUNT)' \
	  --jobs '$(MUTATE_JOBS)' --tb '$(MUTATE_TB)' --profile '$(MUTATE_PROFILE)'
