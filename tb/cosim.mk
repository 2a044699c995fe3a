# tb/cosim.mk -- mmu-cosim, the Verilator lockstep harness (included by the top Makefile).
#
#   $(BUILD)/cosim/fast/<profile>/  verilator --prefix Vfast_<id> of tb/cosim/mmu_cosim_top.v
#                                 (mmu_top, inputs registered, untraced): the lockstep runs
#   $(BUILD)/cosim/<profile>/     verilator --prefix Vmmu_<id> of mmu_top with that
#                                 profile's header ($(BUILD)/gen/<profile>/mmu_profile.vh,
#                                 from tb/rtl.mk), -DMMU_ASSERTS, FST tracing compiled in
#   $(BUILD)/cosim/{wb,axi}/<profile>/  verilator --prefix Vmmu_{wb,axi}_<id> of the bus
#                                 tops rtl/bus/mmu_wb.v and mmu_axi.v, for COSIM_BUS_PROFILES
#                                 only (default sv39 sv32): `mmu-cosim --bus wb|axi` (bus_run.cpp)
#   $(BUILD)/cosim/rt/            the Verilator runtime, compiled once
#   $(BUILD)/bin/mmu-cosim        every profile linked into one binary (--profile NAME)
#   $(BUILD)/bin/mmu-cosim-inject sv39-hum (bus tops too), RTL with every injected bug of
#                                 rtl/mmu_inject.vh, chosen at run time (MMU_INJECT=N)
#   $(BUILD)/bin/mmu-cosim-sv39   sv39 only (COSIM_RUN_PROFILE): what `make run` builds,
#                                 the same objects as mmu-cosim's sv39 part
# The cycle model (cmodel/cycle) is linked when it exists; without it the
# harness runs the arch check only and says so. docs/cosim.md.

COSIM_BIN        := $(BUILD)/bin/mmu-cosim
COSIM_INJECT_BIN := $(BUILD)/bin/mmu-cosim-inject
COSIM_DIR        := $(BUILD)/cosim
COSIM_PROFILES   ?= $(PROFILES)
# sv39-hum: sv39 plus the page-walk cache and hit-under-miss, so their own
# bugs (16, 17) are in the library too (the bus tops' bugs run on it as well)
COSIM_INJECT_PROFILE ?= sv39-hum
# Every injected bug of rtl/mmu_inject.vh in one model, each off until
# selected at run time (MMU_INJECT=N): one Verilator build for the library.
COSIM_INJECT_DEFINES ?= MMU_INJECT_RUNTIME $(sort $(patsubst ifdef%,%,$(shell grep -ho 'ifdef MMU_INJECT_[A-Z0-9_]*' rtl/*.v 2>/dev/null | tr -d ' ')))
VERILATOR        ?= verilator
CXX              ?= g++
COSIM_VROOT      := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)
COSIM_HAVE_CYCLE := $(if $(wildcard cmodel/cycle/*.c),1,0)
COSIM_VFLAGS     := --cc -O3 --x-assign fast --x-initial unique --trace-fst --noassert \
                    -Wno-fatal -Wno-lint -Wno-style -DMMU_ASSERTS
COSIM_VDEFS      := -DVM_COVERAGE=0 -DVM_SC=0 -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_TRACE_VCD=0 -DVL_TIME_CONTEXT
COSIM_CXXFLAGS   := -std=c++17 -O3 -fno-plt -faligned-new -Wall -Wno-unused-parameter \
                    -I$(COSIM_VROOT)/include -I$(COSIM_VROOT)/include/vltstd -Icmodel/include -Itb/cosim \
                    $(COSIM_VDEFS) -DCOSIM_HAVE_CYCLE=$(COSIM_HAVE_CYCLE)
COSIM_BUS_PROFILES ?= sv39 sv32
COSIM_BUS_RTL_wb := rtl/bus/mmu_wb.v rtl/bus/mmu_wb_walker.v rtl/bus/mmu_wb_regs.v
COSIM_BUS_RTL_axi := rtl/bus/mmu_axi.v rtl/bus/mmu_axi_walker.v rtl/bus/mmu_axil_regs.v
COSIM_SRCS       := tb/cosim/main.cpp tb/cosim/dut.h tb/cosim/rtl_thread.h tb/cosim/dut_profile.cpp tb/cosim/trace_drive.cpp \
                    tb/cosim/trace_drive.h tb/cosim/port_metrics.h
COSIM_RUN_PROFILE ?= sv39
COSIM_RUN_BIN    := $(BUILD)/bin/mmu-cosim-$(COSIM_RUN_PROFILE)
cosim_id = $(subst -,_,$(subst .,_,$(1)))

# Verilator runtime, once for every model.
COSIM_RT := $(COSIM_DIR)/rt/verilated.o $(COSIM_DIR)/rt/verilated_fst_c.o $(COSIM_DIR)/rt/verilated_threads.o
$(COSIM_DIR)/rt/%.o: $(COSIM_VROOT)/include/%.cpp
	@mkdir -p $(dir $@)
	$(call say,CXX,$<)
	$(Q)$(CXX) $(COSIM_CXXFLAGS) -O2 -w -c $< -o $@

# Two models per profile (docs/cosim.md "Two models"): traced, mmu_top with FST compiled in
# ($(2)/<profile>/, Vmmu_<id>, factory cosim_new_<id>), and fast, mmu_top behind
# tb/cosim/mmu_cosim_top.v's input registers without tracing, one Verilator evaluation per
# cycle ($(2)/fast/<profile>/, Vfast_<id>, factory cosim_fast_<id>). dut.o gets the width of
# req_id_i/rsp_id_o (COSIM_ID_W) from the profile's header, to drive the port masked.
# $(1) profile, $(2) output directory, $(3) extra verilator defines, $(4) "fast" or empty
# cosim_mdir: profile, directory, kind; cosim_pfx: profile, kind
cosim_mdir = $(2)/$(if $(3),fast/)$(1)
cosim_pfx  = $(if $(2),Vfast,Vmmu)_$(call cosim_id,$(1))
define COSIM_MODEL
$(call cosim_mdir,$(1),$(2),$(4))/$(call cosim_pfx,$(1),$(4))__ALL.a: $(RTL_SRCS) $(RTL_GEN)/$(1)/mmu_profile.vh tb/cosim.mk $(if $(4),tb/cosim/mmu_cosim_top.v)
	@rm -rf $(call cosim_mdir,$(1),$(2),$(4)); mkdir -p $(call cosim_mdir,$(1),$(2),$(4))
	$(call say,VERILATE,$(call cosim_mdir,$(1),$(2),$(4)) ($(if $(4),the fast model: registered inputs and no tracing,rtl/*.v with profile $(1); its C++ takes a minute)))
	$(Q)$(VERILATOR) $(if $(4),$(filter-out --trace-fst,$(COSIM_VFLAGS)),$(COSIM_VFLAGS)) $(3) \
	  --prefix $(call cosim_pfx,$(1),$(4)) -Mdir $(call cosim_mdir,$(1),$(2),$(4)) -Irtl -I$(RTL_GEN)/$(1) \
	  $(if $(4),--top-module mmu_cosim_top tb/cosim/mmu_cosim_top.v) rtl/mmu_top.v
	+$(Q)$(MAKE) -s -C $(call cosim_mdir,$(1),$(2),$(4)) -f $(call cosim_pfx,$(1),$(4)).mk \
	  $(call cosim_pfx,$(1),$(4))__ALL.a OPT_FAST=-O3 OPT_SLOW=-O1 OPT_GLOBAL=-O2 CXX=$(CXX) >/dev/null
$(call cosim_mdir,$(1),$(2),$(4))/dut.o: tb/cosim/dut_profile.cpp tb/cosim/dut.h $(call cosim_mdir,$(1),$(2),$(4))/$(call cosim_pfx,$(1),$(4))__ALL.a
	$(call say,CXX,$$@)
	$(Q)$(CXX) $(COSIM_CXXFLAGS) -I$(call cosim_mdir,$(1),$(2),$(4)) $(if $(4),-DCOSIM_FAST=1) \
	  -DCOSIM_VCLASS=$(call cosim_pfx,$(1),$(4)) -DCOSIM_VHDR='"$(call cosim_pfx,$(1),$(4)).h"' \
	  -DCOSIM_FACTORY=cosim_$(if $(4),fast,new)_$(call cosim_id,$(1)) \
	  -DCOSIM_ID_W=$$$$(awk '$$$$2 == "MMU_P_ID_BITS" { w = $$$$3 > 0 ? $$$$3 : 1 } END { print w + 0 }' $(RTL_GEN)/$(1)/mmu_profile.vh) \
	  -c $$< -o $$@
endef
$(foreach p,$(COSIM_PROFILES),$(foreach k,traced fast,$(eval $(call COSIM_MODEL,$(p),$(COSIM_DIR),,$(filter fast,$(k))))))

# The bus tops, per bus profile: $(1) profile, $(2) wb or axi, $(3) output directory, $(4) verilator defines
define COSIM_BUS_MODEL
$(3)/$(2)/$(1)/Vmmu_$(2)_$(call cosim_id,$(1))__ALL.a: $(RTL_SRCS) $(COSIM_BUS_RTL_$(2)) $(RTL_GEN)/$(1)/mmu_profile.vh tb/cosim.mk
	@rm -rf $(3)/$(2)/$(1); mkdir -p $(3)/$(2)/$(1)
	$(call say,VERILATE,$(3)/$(2)/$(1) (rtl/bus/mmu_$(2).v with profile $(1)$(if $(4), $(4))))
	$(Q)$(VERILATOR) $(filter-out --trace-fst,$(COSIM_VFLAGS)) $(4) --prefix Vmmu_$(2)_$(call cosim_id,$(1)) \
	  -Mdir $(3)/$(2)/$(1) -Irtl -I$(RTL_GEN)/$(1) --top-module mmu_$(2) $(COSIM_BUS_RTL_$(2)) rtl/mmu_top.v
	+$(Q)$(MAKE) -s -C $(3)/$(2)/$(1) -f Vmmu_$(2)_$(call cosim_id,$(1)).mk Vmmu_$(2)_$(call cosim_id,$(1))__ALL.a \
	  OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O1 CXX=$(CXX) >/dev/null
$(3)/$(2)/$(1)/dut.o: tb/cosim/dut_$(2).cpp tb/cosim/dut_bus.h tb/cosim/dut_bus_top.h cmodel/include/mmu_bus_cycle.h $(3)/$(2)/$(1)/Vmmu_$(2)_$(call cosim_id,$(1))__ALL.a
	$(call say,CXX,$$@)
	$(Q)$(CXX) $(COSIM_CXXFLAGS) -I$(3)/$(2)/$(1) -DCOSIM_VCLASS=Vmmu_$(2)_$(call cosim_id,$(1)) \
	  -DCOSIM_VHDR='"Vmmu_$(2)_$(call cosim_id,$(1)).h"' -DCOSIM_FACTORY=cosim_$(2)_new_$(call cosim_id,$(1)) \
	  -DCOSIM_ID_W=$$$$(awk '$$$$2 == "MMU_P_ID_BITS" { w = $$$$3 > 0 ? $$$$3 : 1 } END { print w + 0 }' $(RTL_GEN)/$(1)/mmu_profile.vh) \
	  -c $$< -o $$@
endef
bus_objs = $(foreach p,$(1),$(foreach b,wb axi,$(2)/$(b)/$(p)/dut.o $(2)/$(b)/$(p)/Vmmu_$(b)_$(call cosim_id,$(p))__ALL.a))
$(foreach p,$(COSIM_BUS_PROFILES),$(foreach b,wb axi,$(eval $(call COSIM_BUS_MODEL,$(p),$(b),$(COSIM_DIR),))))
COSIM_BUS_OBJS := $(call bus_objs,$(COSIM_BUS_PROFILES),$(COSIM_DIR))
# mmu-cosim-inject: the bus tops with their protocol-bug hooks (rtl/bus/*.v, also used by
# tb/checks/rtl_bus.sh): the Wishbone LOCK dropped during the compare; the AXI
# W offered again after it was taken and the AXI4-Lite RDATA not held.
COSIM_BUS_INJECT_DEFINES_wb  := -DMMU_BUS_INJECT_WB_UNLOCK
COSIM_BUS_INJECT_DEFINES_axi := -DMMU_BUS_INJECT_AXI_EARLY_W -DMMU_BUS_INJECT_AXIL_RDATA
$(foreach b,wb axi,$(eval $(call COSIM_BUS_MODEL,$(COSIM_INJECT_PROFILE),$(b),$(COSIM_DIR)/inject,$(COSIM_BUS_INJECT_DEFINES_$(b)))))
COSIM_BUS_INJECT_OBJS := $(call bus_objs,$(COSIM_INJECT_PROFILE),$(COSIM_DIR)/inject)
$(foreach k,traced fast,$(eval $(call COSIM_MODEL,$(COSIM_INJECT_PROFILE),$(COSIM_DIR)/inject,$(addprefix -D,$(COSIM_INJECT_DEFINES)),$(filter fast,$(k)))))

# $(1) profiles, $(2) directory: both models of each
cosim_objs = $(foreach p,$(1),$(foreach k,traced fast,$(call cosim_mdir,$(p),$(2),$(filter fast,$(k)))/dut.o \
  $(call cosim_mdir,$(p),$(2),$(filter fast,$(k)))/$(call cosim_pfx,$(p),$(filter fast,$(k)))__ALL.a))
COSIM_OBJS := $(call cosim_objs,$(COSIM_PROFILES),$(COSIM_DIR))
COSIM_INJECT_OBJS := $(call cosim_objs,$(COSIM_INJECT_PROFILE),$(COSIM_DIR)/inject)

# The profile table: which factories the binary has.
# $(1) file, $(2) profiles, $(3) defines string, $(4) profiles with a Verilated mmu_wb,
# $(5) "fast" when the binary links the fast models (else the traced one does both)
define COSIM_REGISTRY
	@mkdir -p $(dir $(1))
	@{ echo '#include "dut.h"'; \
	   for p in $(2); do id=$$(echo $$p | tr -- '-.' '__'); echo "CosimDut *cosim_new_$${id}(uint64_t);"; \
	     $(if $(5),echo "CosimDut *cosim_fast_$${id}(uint64_t);";) done; \
	   echo 'const CosimProfileEntry cosim_profiles[] = {'; \
	   for p in $(2); do id=$$(echo $$p | tr -- '-.' '__'); \
	     echo "  {\"$$p\", cosim_$(if $(5),fast,new)_$${id}, cosim_new_$${id}},"; done; \
	   echo '};'; echo 'const unsigned cosim_profile_count = sizeof cosim_profiles / sizeof cosim_profiles[0];'; \
	   echo 'const char *const cosim_build_defines = "$(3)";'; \
	   echo '#include "dut_bus.h"'; \
	   for p in $(4); do id=$$(echo $$p | tr -- '-.' '__'); echo "CosimWbDut *cosim_wb_new_$${id}(uint64_t);"; done; \
	   echo 'const CosimWbEntry cosim_wb_profiles[] = {'; \
	   for p in $(4); do id=$$(echo $$p | tr -- '-.' '__'); echo "  {\"$$p\", cosim_wb_new_$${id}},"; done; \
	   echo '  {nullptr, nullptr}};'; \
	   for p in $(4); do id=$$(echo $$p | tr -- '-.' '__'); echo "CosimAxiDut *cosim_axi_new_$${id}(uint64_t);"; done; \
	   echo 'const CosimAxiEntry cosim_axi_profiles[] = {'; \
	   for p in $(4); do id=$$(echo $$p | tr -- '-.' '__'); echo "  {\"$$p\", cosim_axi_new_$${id}},"; done; \
	   echo '  {nullptr, nullptr}};'; } > $(1).tmp && mv $(1).tmp $(1)
endef

# Regenerated every time, replaced only when the profile list changed.
$(COSIM_DIR)/registry.cpp: cosim-force
	$(call COSIM_REGISTRY,$@.new,$(COSIM_PROFILES),,$(COSIM_BUS_PROFILES),fast)
	@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@
$(COSIM_DIR)/inject/registry.cpp: cosim-force
	$(call COSIM_REGISTRY,$@.new,$(COSIM_INJECT_PROFILE),-DMMU_INJECT_RUNTIME and every MMU_INJECT_* of rtl/mmu_inject.vh; bus tops: $(COSIM_BUS_INJECT_DEFINES_wb) $(COSIM_BUS_INJECT_DEFINES_axi),$(COSIM_INJECT_PROFILE),fast)
	@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@
.PHONY: cosim-force
cosim-force:
$(COSIM_DIR)/registry.o $(COSIM_DIR)/inject/registry.o: %.o: %.cpp tb/cosim/dut.h tb/cosim/dut_bus.h
	$(call say,CXX,$<)
	$(Q)$(CXX) $(COSIM_CXXFLAGS) -c $< -o $@
$(COSIM_DIR)/main-$(COSIM_HAVE_CYCLE).o: tb/cosim/main.cpp tb/cosim/dut.h tb/cosim/trace_drive.h tb/cosim/port_metrics.h tb/cosim/bus_run.h $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,CXX,$<)
	$(Q)$(CXX) $(COSIM_CXXFLAGS) -c $< -o $@
$(COSIM_DIR)/trace_drive.o: tb/cosim/trace_drive.cpp tb/cosim/trace_drive.h tb/cosim/port_metrics.h $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,CXX,$<)
	$(Q)$(CXX) $(COSIM_CXXFLAGS) -c $< -o $@
$(COSIM_DIR)/bus_run.o: tb/cosim/bus_run.cpp tb/cosim/bus_run.h tb/cosim/dut_bus.h $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,CXX,$<)
	$(Q)$(CXX) $(COSIM_CXXFLAGS) -c $< -o $@
$(COSIM_DIR)/run-$(COSIM_RUN_PROFILE)/registry.cpp: cosim-force
	$(call COSIM_REGISTRY,$@.new,$(COSIM_RUN_PROFILE),)
	@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@
$(COSIM_DIR)/run-$(COSIM_RUN_PROFILE)/registry.o: %.o: %.cpp tb/cosim/dut.h tb/cosim/dut_bus.h
	$(call say,CXX,$<)
	$(Q)$(CXX) $(COSIM_CXXFLAGS) -c $< -o $@

$(COSIM_BIN): $(COSIM_DIR)/main-$(COSIM_HAVE_CYCLE).o $(COSIM_DIR)/trace_drive.o $(COSIM_DIR)/bus_run.o $(COSIM_DIR)/registry.o $(COSIM_OBJS) $(COSIM_BUS_OBJS) $(COSIM_RT) $(LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) -o $@ $(filter %.o %.a,$^) -lz -lpthread
$(COSIM_INJECT_BIN): $(COSIM_DIR)/main-$(COSIM_HAVE_CYCLE).o $(COSIM_DIR)/trace_drive.o $(COSIM_DIR)/bus_run.o $(COSIM_DIR)/inject/registry.o $(COSIM_INJECT_OBJS) $(COSIM_BUS_INJECT_OBJS) $(COSIM_RT) $(LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) -o $@ $(filter %.o %.a,$^) -lz -lpthread
$(COSIM_RUN_BIN): $(COSIM_DIR)/main-$(COSIM_HAVE_CYCLE).o $(COSIM_DIR)/trace_drive.o $(COSIM_DIR)/bus_run.o \
  $(COSIM_DIR)/run-$(COSIM_RUN_PROFILE)/registry.o $(COSIM_DIR)/$(COSIM_RUN_PROFILE)/dut.o \
  $(COSIM_DIR)/$(COSIM_RUN_PROFILE)/Vmmu_$(call cosim_id,$(COSIM_RUN_PROFILE))__ALL.a $(COSIM_RT) $(LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) -o $@ $(filter %.o %.a,$^) -lz -lpthread

RTL_TEST_DEPS += $(COSIM_BIN) $(COSIM_INJECT_BIN)

.PHONY: cosim cosim-inject cosim-run regress regress-merge bench
cosim: $(COSIM_BIN) ## build build/bin/mmu-cosim (Verilator lockstep harness, every profile)
cosim-inject: $(COSIM_INJECT_BIN) ## build the harness on RTL with every injected bug, selected at run time by MMU_INJECT=N
cosim-run: $(COSIM_RUN_BIN) ## build build/bin/mmu-cosim-sv39 only (COSIM_RUN_PROFILE; what make run needs)

SEEDS ?= 20
REGRESS_OUT ?= $(BUILD)/cosim/regress
regress: $(COSIM_BIN) ## long lockstep campaign: profiles x SEEDS x latency models (SHARD=i/N: every N-th run); summary.json + junit.xml
	@BUILD=$(BUILD) SEEDS=$(SEEDS) SHARD=$(or $(SHARD),1/1) REGRESS_OUT=$(REGRESS_OUT) bash tb/cosim/regress.sh
regress-merge: ## join the shard summaries in build/cosim/regress/shard-*/ (REGRESS_OUT) into merged.json: totals, every divergence's reproduce command
	@python3 tb/cosim/regress_report.py merge $$(ls $(REGRESS_OUT)/shard-*/summary.json 2>/dev/null)

bench: $(COSIM_BIN) $(MMU_REF) ## speed: lockstep (RTL alone, unchecked, checked 1/2 threads), RTL instructions/cycle (callgrind), arch model
	@BUILD=$(BUILD) bash tb/cosim/bench.sh
	@echo "== arch model on a hit-heavy real trace (target >= 50 M translations/s; best of 3)"
	@for i in 1 2 3; do $(MMU_REF) run --profile sv39 --bench 100 traces/array_sum.lackey.gz | grep '^bench' || exit 1; done | \
	  awk '{ r = $$0; sub(/.* wall, /, "", r); sub(/ M\/s CPU.*/, "", r); if (r + 0 > b) { b = r + 0; l = $$0 } } END { print l }'
