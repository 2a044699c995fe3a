# fusesoc/fusesoc.mk -- the FuseSoC core mmukit.core (included by the top Makefile).
# docs/integration.md "FuseSoC" is the guide.
#   $(BUILD)/fusesoc/venv/        FuseSoC + Edalize from PyPI (make deps / make fusesoc-deps)
#   $(BUILD)/fusesoc/runs/        FuseSoC work directories of tb/checks/fusesoc.sh
#   fusesoc/profiles/<p>/         pre-generated profile headers the core uses (committed)

FUSESOC_VENV := $(BUILD)/fusesoc/venv
FUSESOC      := $(FUSESOC_VENV)/bin/fusesoc
FUSESOC_HDRS := $(foreach p,$(PROFILES),fusesoc/profiles/$(p)/mmu_profile.vh)

.PHONY: fusesoc-deps fusesoc-profiles fusesoc-check
fusesoc-deps: ## FuseSoC 2.4 + Edalize in build/fusesoc/venv (make deps does it too)
	@BUILD=$(BUILD) FUSESOC_VENV=$(FUSESOC_VENV) bash fusesoc/deps.sh

# Written from the profile by its path, so the header names no absolute path.
fusesoc-profiles: $(MMU_REF) ## regenerate fusesoc/profiles/<p>/mmu_profile.vh (commit them) after a profile changes
	@for p in $(PROFILES); do mkdir -p fusesoc/profiles/$$p; \
	  $(MMU_REF) profile --verilog rtl/profiles/$$p.profile -o fusesoc/profiles/$$p/mmu_profile.vh.tmp && \
	  mv fusesoc/profiles/$$p/mmu_profile.vh.tmp fusesoc/profiles/$$p/mmu_profile.vh || exit 1; \
	  printf '  %-9s %s\n' GEN fusesoc/profiles/$$p/mmu_profile.vh; done

fusesoc-check: fusesoc-deps $(MMU_REF) ## FuseSoC lint + sim (Icarus, Verilator) targets and board setups (tb/checks/fusesoc.sh)
	@BUILD=$(BUILD) bash tb/checks/fusesoc.sh
