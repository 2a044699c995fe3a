# mmukit — one entry point. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

BUILD   ?= build
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
LIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
LIB_OBJS_SAN := $(patsubst %.c,$(BUILD)/san/obj/%.o,$(LIB_SRCS))
MMU_REF  := $(BUILD)/bin/mmu-ref
MMU_REF_SAN := $(BUILD)/san/bin/mmu-ref
TESTS_SAN := $(patsubst cmodel/tests/%.c,$(BUILD)/san/tests/%,$(TEST_SRCS))

# Make fragments of each part (targets listed by `make help`).
-include tb/rtl.mk
-include tb/cosim.mk
-include tb/waves.mk
-include traces/traces.mk
-include tb/labs/labs.mk
-include fpga/fpga.mk

NPROC := $(shell nproc 2>/dev/null || echo 2)
RUN_TRACE ?= traces/array_sum.lackey.gz
RUN_WAVE_CYCLES ?= 1000

.PHONY: help deps all build test lint synth clean distclean run plot
help: ## list every target
	@echo "mmukit — make targets (PROFILE=$(PROFILE); profiles: $(PROFILES))"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort -u | \
	  awk 'BEGIN{FS=":.*## "}{printf "  make %-14s %s\n", $$1, $$2}'

deps: ## install missing Debian packages (as root; otherwise print the apt-get line)
	@tb/scripts/deps.sh

all: build ## build the C model, mmu-ref and the tests
build: $(MMU_REF) $(MMU_REF_SAN) $(TESTS_SAN)

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(BUILD)/san/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@
$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@); rm -f $@; ar rcs $@ $^
$(LIB_SAN): $(LIB_OBJS_SAN)
	@mkdir -p $(dir $@); rm -f $@; ar rcs $@ $^
$(MMU_REF): $(TOOL_SRCS) $(LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TOOL_SRCS) $(LIB) -lz -lm -o $@
$(MMU_REF_SAN): $(TOOL_SRCS) $(LIB_SAN) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) $(TOOL_SRCS) $(LIB_SAN) -lz -lm -o $@
$(BUILD)/san/tests/%: cmodel/tests/%.c $(TEST_SUPPORT) $(LIB_SAN) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -Icmodel/tests/support $< $(TEST_SUPPORT) $(LIB_SAN) -lz -lm -o $@

test: deps ## run every check; ends with "N passed, N failed"
	@$(MAKE) --no-print-directory -j$(NPROC) test-build
	@BUILD=$(BUILD) tb/scripts/run_checks.sh

test-build: build $(RTL_TEST_DEPS)

clean: ## remove build outputs
	rm -rf $(BUILD) obj_dir
distclean: clean

run: deps ## the demo: a real program's trace through the RTL in lockstep with the model (sv39, demand paging)
	@echo "building $(COSIM_RUN_BIN) (C model + Verilated sv39 RTL)..."
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
