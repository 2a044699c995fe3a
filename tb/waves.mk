# tb/waves.mk — Icarus replay, functional coverage and waveforms.
# docs/icarus.md (vector format, replay, coverage), docs/waves.md (GTKWave).
.PHONY: icarus coverage wave
icarus: $(MMU_REF) ## replay C-model vectors in Icarus: smoke + every profile x 2 seeds
	@BUILD=$(BUILD) bash tb/checks/icarus_replay.sh

coverage: $(MMU_REF) ## coverage points with hit counts (Icarus runs; COVER_VERILATOR=1 adds Verilator)
	@BUILD=$(BUILD) bash tb/icarus/coverage.sh

wave: $(MMU_REF) ## short scenario -> FST -> GTKWave (WAVE_SIM=icarus|verilator)
	@BUILD=$(BUILD) PROFILE=$(PROFILE) bash sim/wave.sh

# `mmu-ref vectors` needs the cycle model; until cmodel/cycle/ has sources the
# command is compiled as a stub that says so (cmodel/tools/cmd_vectors.c).
$(MMU_REF) $(MMU_REF_SAN): ALL_CFLAGS += $(if $(wildcard cmodel/cycle/*.c),,-DMMU_VECTORS_NO_CYCLE)
