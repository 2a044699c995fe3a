# tb/labs/labs.mk -- course labs (included by the top Makefile). docs/labs/README.md.
#
#   make lab-dist LAB=n OUT=dir   student tree for lab n: the reference minus .git, build/,
#                                 hidden tests, with the lab's marked regions replaced by stubs
#   make grade LAB=n              build, run the lab's test groups, print points, write
#                                 $(BUILD)/labs/labN/results.json (RESULTS=path elsewhere)
#
# The grader's lockstep binaries have one profile each and are compiled with low
# C++ optimisation (students rebuild them after every change):
#   $(BUILD)/labs/cosim/<profile>/   verilator --prefix Vmmu_<id> of mmu_top
#   $(BUILD)/labs/bin/mmu-cosim-<profile>
# They reuse the harness objects of tb/cosim.mk (runtime, main, registry macro).

LAB_BUILD      := $(BUILD)/labs
LAB_COSIM_DIR  := $(LAB_BUILD)/cosim
LAB_COSIM_OPT  := OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O0
LABTOOL        := python3 tb/labs/labtool.py
# The harness objects besides the models, as tb/cosim.mk builds them: main, and
# $(COSIM_DIR)/NAME.o for every other tb/cosim/NAME.cpp (dut_*.cpp are per model:
# dut_profile.cpp for mmu_top, dut_wb/dut_axi.cpp for the bus tops, which the labs
# do not build -- their registry lists no bus profile).
LAB_COSIM_HOST := $(COSIM_DIR)/main-$(COSIM_HAVE_CYCLE).o \
                  $(patsubst tb/cosim/%.cpp,$(COSIM_DIR)/%.o,$(filter-out tb/cosim/main.cpp tb/cosim/dut_%.cpp,$(wildcard tb/cosim/*.cpp)))

# $(1) profile
define LAB_COSIM
$(LAB_COSIM_DIR)/$(1)/Vmmu_$(call cosim_id,$(1))__ALL.a: $(RTL_SRCS) $(RTL_GEN)/$(1)/mmu_profile.vh
	@rm -rf $(LAB_COSIM_DIR)/$(1); mkdir -p $(LAB_COSIM_DIR)/$(1)
	$(VERILATOR) $(COSIM_VFLAGS) --prefix Vmmu_$(call cosim_id,$(1)) -Mdir $(LAB_COSIM_DIR)/$(1) \
	  -Irtl -I$(RTL_GEN)/$(1) rtl/mmu_top.v
	+$(MAKE) -s -C $(LAB_COSIM_DIR)/$(1) -f Vmmu_$(call cosim_id,$(1)).mk Vmmu_$(call cosim_id,$(1))__ALL.a \
	  $(LAB_COSIM_OPT) CXX=$(CXX) >/dev/null
$(LAB_COSIM_DIR)/$(1)/dut.o: tb/cosim/dut_profile.cpp tb/cosim/dut.h $(LAB_COSIM_DIR)/$(1)/Vmmu_$(call cosim_id,$(1))__ALL.a
	$(CXX) $(COSIM_CXXFLAGS) -O1 -I$(LAB_COSIM_DIR)/$(1) -DCOSIM_VCLASS=Vmmu_$(call cosim_id,$(1)) \
	  -DCOSIM_VHDR='"Vmmu_$(call cosim_id,$(1)).h"' -DCOSIM_FACTORY=cosim_new_$(call cosim_id,$(1)) \
	  -DCOSIM_ID_W=$$$$(awk '$$$$2 == "MMU_P_ID_BITS" { w = $$$$3 > 0 ? $$$$3 : 1 } END { print w + 0 }' $(RTL_GEN)/$(1)/mmu_profile.vh) \
	  -c $$< -o $$@
$(LAB_COSIM_DIR)/reg-$(1)/registry.cpp: tb/labs/labs.mk
	$$(call COSIM_REGISTRY,$$@,$(1),)
$(LAB_COSIM_DIR)/reg-$(1)/registry.o: $(LAB_COSIM_DIR)/reg-$(1)/registry.cpp tb/cosim/dut.h
	$(CXX) $(COSIM_CXXFLAGS) -c $$< -o $$@
$(LAB_BUILD)/bin/mmu-cosim-$(1): $(LAB_COSIM_HOST) $(LAB_COSIM_DIR)/reg-$(1)/registry.o \
    $(LAB_COSIM_DIR)/$(1)/dut.o $(LAB_COSIM_DIR)/$(1)/Vmmu_$(call cosim_id,$(1))__ALL.a $(COSIM_RT) $(LIB)
	@mkdir -p $$(dir $$@)
	$(CXX) -o $$@ $$(filter %.o %.a,$$^) -lz -lpthread
endef
$(foreach p,$(PROFILES),$(eval $(call LAB_COSIM,$(p))))

.PHONY: lab-dist grade autograder lab-partial lab-bugs
lab-dist: ## student tree for lab LAB=n in OUT=dir (reference minus the lab's marked code)
	@test -n "$(LAB)" -a -n "$(OUT)" || { echo "usage: make lab-dist LAB=n OUT=dir" >&2; exit 2; }
	@BUILD=$(BUILD) $(LABTOOL) dist --lab "$(LAB)" --out "$(OUT)"

grade: ## build and grade lab LAB=n: points table and results.json (Gradescope)
	@BUILD=$(BUILD) JOBS=$(NPROC) $(LABTOOL) grade $(if $(LAB),--lab "$(LAB)") \
	  $(if $(RESULTS),--results "$(RESULTS)") $(if $(TESTS),--only "$(TESTS)") $(if $(AUTOGRADER),--autograder)

autograder: ## Gradescope zip for lab LAB=n: setup.sh, run_autograder, hidden tests (OUT=file.zip, default build/labs/labN-autograder.zip)
	@test -n "$(LAB)" || { echo "usage: make autograder LAB=n [OUT=file.zip]" >&2; exit 2; }
	@mkdir -p $(LAB_BUILD)
	@BUILD=$(BUILD) $(LABTOOL) autograder --lab "$(LAB)" --out "$(or $(OUT),$(LAB_BUILD)/lab$(LAB)-autograder.zip)"

lab-bugs: ## instructors: the student-bug suite (LABS="1 3" narrows): each bug must be caught
	@BUILD=$(BUILD) $(if $(LABS),LABS="$(LABS)") bash tb/checks/labs_bugs.sh

lab-partial: ## instructors: partial credit region by region, lockstep groups included (LAB=n, default every lab)
	@for n in $(or $(LAB),$(shell python3 -c 'import json; print(" ".join(str(l["lab"]) for l in json.load(open("tb/labs/labs.json"))["labs"]))')); do \
	  BUILD=$(BUILD) JOBS=$(NPROC) python3 tb/labs/labqa.py partial --lab $$n --verbose || exit 1; done
