/* mmu_bus_cycle.h — cycle models of the bus tops rtl/bus/mmu_wb.v and
 * rtl/bus/mmu_axi.v: the mmu_top cycle model (mmu_cycle.h) composed with a model of
 * each bridge, written from docs/integration.md "Cycle behaviour" (the same
 * state names as the RTL bridges).
 *
 * One clock cycle, as for mmu_cycle.h:
 *     mmu_wb_model_eval(m, &in, &out);   outputs of this cycle
 *     mmu_wb_model_tick(m, &in);         the rising edge
 * The structs carry every port of mmu_wb with the port name minus _i/_o. Some
 * outputs are combinational functions of this cycle's bus inputs (the
 * register slave's ACK follows CYC, the AXI4-Lite slave's AWREADY follows
 * AWVALID and WVALID), so eval takes the inputs.
 *
 * Signals a bus leaves undefined (ADR, WE, DAT, SEL while STB is low; the
 * register slave's DAT without ACK; an AXI channel's payload without VALID)
 * are given as 0 by the model and compared by mmu-cosim only where the bus
 * defines them (the signal lists' `when`).
 */
#ifndef MMU_BUS_CYCLE_H
#define MMU_BUS_CYCLE_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_cycle.h"
#include "mmu_error.h"
#include "mmu_profile.h"

typedef struct {
    bool rst;
    bool req_valid;
    uint64_t req_va;
    unsigned req_acc, req_priv;
    unsigned req_id;       /* ID_BITS wide (hit under miss); ignored with ID_BITS = 0 */
    /* walker: Wishbone B4 pipelined master, inputs */
    bool wbm_stall, wbm_ack, wbm_err;
    uint64_t wbm_dat;
    /* registers: Wishbone B4 pipelined slave, inputs */
    bool wbs_cyc, wbs_stb, wbs_we;
    unsigned wbs_adr;      /* 11 bits, byte address */
    uint64_t wbs_dat;
    unsigned wbs_sel;      /* 8 bits */
} mmu_wb_in;

typedef struct {
    bool req_ready, rsp_valid;
    uint64_t rsp_pa;
    bool rsp_fault;
    unsigned rsp_cause, rsp_level;
    bool rsp_hit;
    unsigned rsp_id;       /* the answered request's req_id (0 with ID_BITS = 0) */
    bool wbm_cyc, wbm_stb, wbm_we, wbm_lock;
    uint64_t wbm_adr, wbm_dat;
    unsigned wbm_sel;
    bool wbs_stall, wbs_ack, wbs_err;
    uint64_t wbs_dat;
} mmu_wb_out;

/* Walker bridge states (rtl/bus/mmu_wb_walker.v, docs/integration.md). */
enum { MMU_WB_IDLE, MMU_WB_RD_WAIT, MMU_WB_CR_WAIT, MMU_WB_CR_CMP, MMU_WB_CW_REQ, MMU_WB_CW_WAIT };

/* Deliberate model bugs, for the check that the bus lockstep can fail
 * (tb/checks/cosim_bus.sh): each drops one documented latency rule. */
enum {
    MMU_BUS_BUG_NONE = 0,
    MMU_BUS_BUG_NO_CMP_CYCLE = 1,   /* CAS: the write follows the read's ACK directly (no compare cycle) */
    MMU_BUS_BUG_WRITE_STALL = 2,    /* CAS: the locked write ignores STALL */
    MMU_BUS_BUG_READ_STALL = 4,     /* reads: STALL not passed to the walker (taken at once) */
};
/* "none", "no-cmp-cycle", "write-stall", "read-stall" -> the bit; -1 unknown. */
int mmu_bus_bug_parse(const char *name);

typedef struct mmu_wb_model mmu_wb_model;
mmu_wb_model *mmu_wb_model_new(const mmu_profile *p, unsigned bugs, mmu_error *err);
void mmu_wb_model_free(mmu_wb_model *m);
void mmu_wb_model_eval(mmu_wb_model *m, const mmu_wb_in *in, mmu_wb_out *out);
void mmu_wb_model_tick(mmu_wb_model *m, const mmu_wb_in *in);
/* After eval: mmu_top's own port outputs this cycle (its walker and register
 * ports are inside the wrapper), e.g. the compare value of a CAS. */
const mmu_cycle_out *mmu_wb_model_core(const mmu_wb_model *m);
unsigned mmu_wb_model_state(const mmu_wb_model *m);
/* mmu_top's docs/rtl.md assertions (mmu_cycle_violations). */
uint64_t mmu_wb_model_violations(const mmu_wb_model *m, const char **first);

typedef struct {
    const char *name;      /* RTL port name, e.g. "wbm_adr_o" */
    uint64_t (*get)(const mmu_wb_out *o);
    bool (*when)(const mmu_wb_out *o);   /* NULL: always defined; else compared only where true (RTL's view) */
} mmu_wb_signal;
const mmu_wb_signal *mmu_wb_signals(unsigned *count);

/* ---- mmu_axi: AXI4 walker master (mmu_axi_walker), AXI4-Lite register slave
 * (mmu_axil_regs). AXI_ID_BITS = 1 (the top's default). */
typedef struct {
    bool rst;
    bool req_valid;
    uint64_t req_va;
    unsigned req_acc, req_priv;
    unsigned req_id;       /* ID_BITS wide (hit under miss); ignored with ID_BITS = 0 */
    /* walker master inputs */
    bool arready, rvalid, rlast, awready, wready, bvalid;
    unsigned rid, rresp, bid, bresp;
    uint64_t rdata;
    /* register slave inputs */
    bool s_awvalid, s_wvalid, s_bready, s_arvalid, s_rready;
    unsigned s_awaddr, s_awprot, s_wstrb, s_araddr, s_arprot;
    uint64_t s_wdata;
} mmu_axi_in;

typedef struct {
    bool req_ready, rsp_valid;
    uint64_t rsp_pa;
    bool rsp_fault;
    unsigned rsp_cause, rsp_level;
    bool rsp_hit;
    unsigned rsp_id;       /* the answered request's req_id (0 with ID_BITS = 0) */
    bool arvalid, arlock, rready, awvalid, awlock, wvalid, wlast, bready;
    uint64_t araddr, awaddr, wdata;
    unsigned arid, arlen, arsize, arburst, arcache, arprot;
    unsigned awid, awlen, awsize, awburst, awcache, awprot, wstrb;
    bool s_awready, s_wready, s_bvalid, s_arready, s_rvalid;
    unsigned s_bresp, s_rresp;
    uint64_t s_rdata;
} mmu_axi_out;

/* Walker bridge states (rtl/bus/mmu_axi_walker.v, docs/integration.md). */
enum { MMU_AXI_IDLE, MMU_AXI_RD_WAIT, MMU_AXI_XR_REQ, MMU_AXI_XR_WAIT, MMU_AXI_X_CMP, MMU_AXI_XW_REQ, MMU_AXI_XW_WAIT };
/* AXI responses */
enum { MMU_AXI_OKAY = 0, MMU_AXI_EXOKAY = 1, MMU_AXI_SLVERR = 2, MMU_AXI_DECERR = 3 };

typedef struct mmu_axi_model mmu_axi_model;
mmu_axi_model *mmu_axi_model_new(const mmu_profile *p, unsigned bugs, mmu_error *err);
void mmu_axi_model_free(mmu_axi_model *m);
void mmu_axi_model_eval(mmu_axi_model *m, const mmu_axi_in *in, mmu_axi_out *out);
void mmu_axi_model_tick(mmu_axi_model *m, const mmu_axi_in *in);
const mmu_cycle_out *mmu_axi_model_core(const mmu_axi_model *m);
unsigned mmu_axi_model_state(const mmu_axi_model *m);
uint64_t mmu_axi_model_violations(const mmu_axi_model *m, const char **first);

typedef struct {
    const char *name;
    uint64_t (*get)(const mmu_axi_out *o);
    bool (*when)(const mmu_axi_out *o);
} mmu_axi_signal;
const mmu_axi_signal *mmu_axi_signals(unsigned *count);

#endif
