# traces/traces.mk — recording real traces with valgrind (docs/traces.md).
# Included from the top-level Makefile; paths are relative to the repository root.

TRACES_OUT ?= $(BUILD)/traces

.PHONY: traces traces-small
traces: ## record bigger lackey traces of traces/programs/ into build/traces (needs valgrind)
	@traces/record.sh --set more $(TRACES_OUT)

traces-small: ## re-record the three small traces checked in under traces/
	@traces/record.sh --set small traces
