# mmukit — one entry point. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

BUILD   ?= build
RUN_TRACE ?= traces/array_sum.lackey.gz
RUN_WAVE_CYCLES ?= 1000
WAVE_SIM ?= icarus
SEEDS ?= 20
CC      ?= cc
PROFILE ?= sv39
PROFILES := $(sort $(basename $(notdir $(wildcard rtl/profiles/*.profile))))

CSTD    := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) -Icmodel/include \
             -DMMU_PROFILE_DIR_DEFAULT='"$(CURDIR)/rtl/profiles"'
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Every .c under a layer directory goes into the library; each layer is a
# directory of cmodel/ with a public header in cmodel/include/.
LIB_DIRS := cmodel/common cmodel/profile cmodel/arch cmodel/scenario cmodel/ostep \
            cmodel/trace cmodel/tlb cmodel/os cmodel/cycle cmodel/env
LIB_SRCS := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
HDRS     := $(wildcard cmodel/include/*.h) $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.h))
TOOL_SRCS := $(wildcard cmodel/tools/*.c)
TEST_SRCS := $(wildcard cmodel/tests/test_*.c)
TEST_SUPPORT := $(wildcard cmodel/tests/support/*.c)

LIB      := $(BUILD)/lib/libmmu.a
LIB_SAN  := $(BUILD)/san/lib/libmmu.a
# Student trees of the labs ship some model files as objects only (no crib:
# docs/labs/instructors.md); the reference tree has none.
PREBUILT_OBJS     := $(wildcard cmodel/prebuilt/obj/*.o)
PREBUILT_OBJS_SAN := $(wildcard cmodel/prebuilt/san/*.o)
LIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS)) $(PREBUILT_OBJS)
LIB_OBJS_SAN := $(patsubst %.c,$(BUILD)/san/obj/%.o,$(LIB_SRCS)) $(PREBUILT_OBJS_SAN)
MMU_REF  := $(BUILD)/bin/mmu-ref
MMU_REF_SAN := $(BUILD)/san/bin/mmu-ref
TESTS_SAN := $(patsubst cmodel/tests/%.c,$(BUILD)/san/tests/%,$(TEST_SRCS))

# Quiet builds: one short line per artefact; V=1 prints the full commands.
V ?= 0
ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = @printf '  %-9s %s\n' '$(1)' '$(2)'
endif

# Variables given on the command line are checked before anything is built.
bad_var = $(error $(1)=$($(1)) $(2))
is_count = $(shell echo '$(1)' | grep -Ex '[1-9][0-9]{0,8}')
ifeq ($(filter $(PROFILE),$(PROFILES)),)
$(call bad_var,PROFILE,is not a profile; one of: $(PROFILES) (rtl/profiles/NAME.profile))
endif
ifneq ($(filter-out $(PROFILES),$(COSIM_PROFILES)),)
$(call bad_var,COSIM_PROFILES,names no profile in rtl/profiles: $(filter-out $(PROFILES),$(COSIM_PROFILES)))
endif
ifneq ($(filter walk-table,$(MAKECMDGOALS)),)
ifneq ($(filter-out $(PROFILES),$(WALK_PROFILES) $(BASE_PROFILE)),)
$(call bad_var,WALK_PROFILES,or BASE_PROFILE=$(BASE_PROFILE) names no profile in rtl/profiles: $(filter-out $(PROFILES),$(WALK_PROFILES) $(BASE_PROFILE)))
endif
endif
ifneq ($(filter wave,$(MAKECMDGOALS)),)
ifeq ($(filter $(WAVE_SIM),icarus verilator),)
$(call bad_var,WAVE_SIM,is not a simulator; one of: icarus verilator)
endif
endif
ifneq ($(filter regress,$(MAKECMDGOALS)),)
ifeq ($(call is_count,$(SEEDS)),)
$(call bad_var,SEEDS,is not a number of seeds (1 or more))
endif
ifneq ($(SHARD),)
ifeq ($(shell echo '$(SHARD)' | awk -F/ 'NF == 2 && $$1 ~ /^[0-9]+$$/ && $$2 ~ /^[0-9]+$$/ && $$1 >= 1 && $$1 <= $$2 { print "ok" }'),)
$(call bad_var,SHARD,is not a shard: expected i/N with 1 <= i <= N (e.g. SHARD=2/4))
endif
endif
endif
ifneq ($(filter run,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(RUN_TRACE)),)
$(call bad_var,RUN_TRACE,: no such trace file)
endif
ifeq ($(call is_count,$(RUN_WAVE_CYCLES)),)
$(call bad_var,RUN_WAVE_CYCLES,is not a number of cycles (1 or more))
endif
endif
ifneq ($(filter grade lab-dist autograder lab-partial,$(MAKECMDGOALS)),)
ifneq ($(LAB),)
ifeq ($(call is_count,$(LAB)),)
$(call bad_var,LAB,is not a lab number (tb/labs/labs.json lists the labs))
endif
endif
endif

# Make fragments of each part (targets listed by `make help`).
-include tb/rtl.mk
-include tb/cosim.mk
-include tb/waves.mk
-include traces/traces.mk
-include tb/labs/labs.mk
-include fpga/fpga.mk
-include fusesoc/fusesoc.mk

NPROC := $(shell nproc 2>/dev/null || echo 2)

.PHONY: help deps all build test lint synth clean distclean run plot walk-table docs-figures
help: ## list every target
	@echo "mmukit — make targets (PROFILE=$(PROFILE); profiles: $(PROFILES))"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort -u | \
	  awk 'BEGIN{FS=":.*## "}{printf "  make %-14s %s\n", $$1, $$2}'

deps: ## install missing Debian packages (as root; otherwise print the apt-get line), FuseSoC's venv
	@tb/scripts/deps.sh
	@BUILD=$(BUILD) FUSESOC_VENV=$(FUSESOC_VENV) bash fusesoc/deps.sh

all: build ## build the C model, mmu-ref and the tests
build: $(MMU_REF) $(MMU_REF_SAN) $(TESTS_SAN)

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@
$(BUILD)/san/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,CC-SAN,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@
$(LIB): $(LIB_OBJS)
	$(call say,AR,$@)
	@mkdir -p $(dir $@); rm -f $@; ar rcs $@ $^
$(LIB_SAN): $(LIB_OBJS_SAN)
	$(call say,AR,$@)
	@mkdir -p $(dir $@); rm -f $@; ar rcs $@ $^
$(MMU_REF): $(TOOL_SRCS) $(LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(TOOL_SRCS) $(LIB) -lz -lm -o $@
$(MMU_REF_SAN): $(TOOL_SRCS) $(LIB_SAN) $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) $(TOOL_SRCS) $(LIB_SAN) -lz -lm -o $@
$(BUILD)/san/tests/%: cmodel/tests/%.c $(TEST_SUPPORT) $(LIB_SAN) $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -Icmodel/tests/support $< $(TEST_SUPPORT) $(LIB_SAN) -lz -lm -o $@

test: deps ## run every check; ends with "N passed, N failed"
	@$(MAKE) --no-print-directory -j$(NPROC) test-build
	@BUILD=$(BUILD) tb/scripts/run_checks.sh

test-build: build $(RTL_TEST_DEPS)

clean: ## remove build outputs
	rm -rf $(BUILD) obj_dir
distclean: clean

run: deps ## the demo: a real program's trace through the RTL in lockstep with the model (sv39, demand paging)
	@echo "building $(COSIM_RUN_BIN) (C model + Verilated sv39 RTL; about a minute the first time, a line per step)"
	@$(MAKE) --no-print-directory -s -j$(NPROC) $(COSIM_RUN_BIN)
	@mkdir -p $(BUILD)/run
	@echo "== $(RUN_TRACE): a valgrind lackey trace of a real program, through mmu_top (RTL, Verilator, sv39)"
	@echo "   in lockstep with the cycle model, every translation checked against the arch model;"
	@echo "   the OS layer (cmodel/os) pages on demand. docs/cosim.md \"Running a trace through the RTL\""
	@$(COSIM_RUN_BIN) --profile sv39 --trace $(RUN_TRACE) --stats-json $(BUILD)/run/stats.json \
	  --wave $(BUILD)/run/run.fst --wave-at $(RUN_WAVE_CYCLES) --wave-window $(RUN_WAVE_CYCLES)
	@echo "counters:  $(BUILD)/run/stats.json (the keys of mmu-ref run --stats-json)"
	@echo "waveform:  $(BUILD)/run/run.fst (cycles 0..$$(( 2 * $(RUN_WAVE_CYCLES) )), FST time = 10 x cycle):"
	@echo "           gtkwave $(BUILD)/run/run.fst sim/mmukit-verilator.gtkw"
	@echo "           make wave   (a short scenario with grouped, named signals; docs/waves.md)"

plot: $(MMU_REF) ## TLB hit rate vs TLB size/associativity for traces/*.lackey.gz -> build/plots/tlb-hit-rate.png (gnuplot)
	@BUILD=$(BUILD) MMU_REF=$(MMU_REF) bash tb/scripts/plot_tlb.sh

# Not part of make test: 18 lockstep runs (WALK_PROFILES x traces x 3 latencies), 2 at a time.
WALK_PROFILES ?= sv39 sv32
walk-table: $(COSIM_BIN) ## walk cost on traces/*.lackey.gz through the RTL: markdown table, build/plots/walk-latency.png (WALK_PROFILES, BASE_PROFILE)
	@BUILD=$(BUILD) COSIM_BIN=$(COSIM_BIN) PROFILES="$(WALK_PROFILES)" BASE_PROFILE="$(BASE_PROFILE)" bash tb/scripts/walk_table.sh

# One figure per scenario, drawn by the arch model (mmu-ref explain --svg);
# committed, since the docs show them. tb/checks/explain_svg.sh fails when
# one is missing or out of date.
DOC_FIG_DIR := docs/img/translation
DOC_FIGS := $(patsubst tb/scenarios/%.scn,$(DOC_FIG_DIR)/%.svg,$(wildcard tb/scenarios/*.scn))
docs-figures: $(DOC_FIGS) ## draw every tb/scenarios/*.scn as an SVG into docs/img/translation/ (mmu-ref explain --svg)
$(DOC_FIG_DIR)/%.svg: tb/scenarios/%.scn $(MMU_REF)
	@mkdir -p $(dir $@)
	$(call say,SVG,$@)
	$(Q)$(MMU_REF) explain --svg $@ $< >/dev/null
