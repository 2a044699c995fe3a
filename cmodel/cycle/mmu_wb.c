/* mmu_wb.c — cycle model of rtl/bus/mmu_wb.v: the mmu_top cycle model with
 * the Wishbone walker master (mmu_wb_walker) and register slave (mmu_wb_regs)
 * around it, written from docs/integration.md "Cycle behaviour". State names
 * as in the RTL bridges. mmu_bus_cycle.h is the interface.
 */
#include "mmu_bus_cycle.h"

#include <stdlib.h>
#include <string.h>

static uint64_t bits(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

int mmu_bus_bug_parse(const char *name)
{
    if (!strcmp(name, "none")) return MMU_BUS_BUG_NONE;
    if (!strcmp(name, "no-cmp-cycle")) return MMU_BUS_BUG_NO_CMP_CYCLE;
    if (!strcmp(name, "write-stall")) return MMU_BUS_BUG_WRITE_STALL;
    if (!strcmp(name, "read-stall")) return MMU_BUS_BUG_READ_STALL;
    return -1;
}

struct mmu_wb_model {
    mmu_cycle *core;
    unsigned bugs;
    uint64_t pa_mask, pte_mask;
    unsigned sel_all;
    mmu_cycle_out co;          /* mmu_top's outputs of this cycle (eval) */
    /* mmu_wb_walker */
    unsigned state_q;
    uint64_t addr_q, wdata_q, cmp_q, rdata_q;
    /* mmu_wb_regs */
    bool ack_q, err_q;
};

mmu_wb_model *mmu_wb_model_new(const mmu_profile *p, unsigned bugs, mmu_error *err)
{
    mmu_wb_model *m = calloc(1, sizeof *m);
    if (!m) {
        mmu_fail(err, "", 0, "out of memory");
        return NULL;
    }
    m->core = mmu_cycle_new(p, err);
    if (!m->core) {
        free(m);
        return NULL;
    }
    m->bugs = bugs;
    m->pa_mask = bits(p->pa_bits);
    m->pte_mask = bits(8 * p->pte_bytes);
    m->sel_all = (unsigned)bits(p->pte_bytes);
    return m;
}

void mmu_wb_model_free(mmu_wb_model *m)
{
    if (!m) return;
    mmu_cycle_free(m->core);
    free(m);
}

const mmu_cycle_out *mmu_wb_model_core(const mmu_wb_model *m) { return &m->co; }
unsigned mmu_wb_model_state(const mmu_wb_model *m) { return m->state_q; }
uint64_t mmu_wb_model_violations(const mmu_wb_model *m, const char **first)
{
    return mmu_cycle_violations(m->core, first);
}

/* The bridge's side of mmu_top's walker port this cycle. */
typedef struct {
    bool ready, rsp_valid, rsp_err;
    uint64_t rsp_data;
} wb_walker_port;

static bool cas_miss(const mmu_wb_model *m)
{
    return m->state_q == MMU_WB_CR_CMP && m->rdata_q != m->cmp_q;
}

static void walker_port(const mmu_wb_model *m, const mmu_wb_in *in, wb_walker_port *w)
{
    unsigned s = m->state_q;
    bool ack = in->wbm_ack, err = in->wbm_err, resp = ack | err, miss = cas_miss(m);
    /* STALL is the walker's ready, in IDLE only (one request outstanding) */
    w->ready = s == MMU_WB_IDLE && (!in->wbm_stall || (m->bugs & MMU_BUS_BUG_READ_STALL));
    /* a read answers with the bus; a CAS after its compare (mismatch) or its write */
    w->rsp_valid = (s == MMU_WB_RD_WAIT && resp) || (s == MMU_WB_CR_WAIT && err) || miss ||
                   (s == MMU_WB_CW_WAIT && resp);
    w->rsp_err = w->rsp_valid && !miss && err;
    w->rsp_data = 0;
    if (s == MMU_WB_RD_WAIT && ack) w->rsp_data = in->wbm_dat & m->pte_mask;
    else if (miss || (s == MMU_WB_CW_WAIT && ack)) w->rsp_data = m->rdata_q;   /* the value found */
}

void mmu_wb_model_eval(mmu_wb_model *m, const mmu_wb_in *in, mmu_wb_out *o)
{
    mmu_cycle_in none;
    memset(&none, 0, sizeof none);
    mmu_cycle_eval(m->core, &none, &m->co);     /* mmu_top's outputs depend on its state only */
    const mmu_cycle_out *c = &m->co;
    unsigned s = m->state_q;
    bool idle = s == MMU_WB_IDLE;
    bool in_cas = s == MMU_WB_CR_WAIT || s == MMU_WB_CR_CMP || s == MMU_WB_CW_REQ || s == MMU_WB_CW_WAIT;

    memset(o, 0, sizeof *o);
    o->req_ready = c->req_ready;
    o->rsp_valid = c->rsp_valid;
    o->rsp_pa = c->rsp_pa;
    o->rsp_fault = c->rsp_fault;
    o->rsp_cause = c->rsp_cause;
    o->rsp_level = c->rsp_level;
    o->rsp_hit = c->rsp_hit;
    o->rsp_id = c->rsp_id;

    /* walker master: a read or the CAS's locked read straight from the walker
     * port in IDLE; the CAS's locked write in CW_REQ */
    o->wbm_stb = (idle && c->mem_req_valid) || s == MMU_WB_CW_REQ;
    o->wbm_we = s == MMU_WB_CW_REQ;
    o->wbm_cyc = o->wbm_stb || !idle;
    o->wbm_lock = (idle && c->mem_req_valid && c->mem_req_we) || in_cas;
    if (o->wbm_stb) {
        o->wbm_adr = (s == MMU_WB_CW_REQ ? m->addr_q : c->mem_req_addr) & m->pa_mask;
        o->wbm_dat = s == MMU_WB_CW_REQ ? m->wdata_q : 0;
        o->wbm_sel = m->sel_all;
    }

    /* register slave: never stalls; ACK/ERR the cycle after the request, while CYC is high */
    o->wbs_stall = false;
    o->wbs_ack = m->ack_q && in->wbs_cyc;
    o->wbs_err = m->err_q && in->wbs_cyc;
    o->wbs_dat = o->wbs_ack ? c->reg_rdata : 0;
}

void mmu_wb_model_tick(mmu_wb_model *m, const mmu_wb_in *in)
{
    const mmu_cycle_out *c = &m->co;
    wb_walker_port w;
    walker_port(m, in, &w);
    bool req = in->wbs_cyc && in->wbs_stb;
    bool partial = in->wbs_we && (in->wbs_sel & 0xffu) != 0xffu;

    mmu_cycle_in ci;
    memset(&ci, 0, sizeof ci);
    ci.rst = in->rst;
    ci.req_valid = in->req_valid;
    ci.req_va = in->req_va;
    ci.req_acc = in->req_acc;
    ci.req_priv = in->req_priv;
    ci.req_id = in->req_id;
    ci.mem_req_ready = w.ready;
    ci.mem_rsp_valid = w.rsp_valid;
    ci.mem_rsp_data = w.rsp_data;
    ci.mem_rsp_err = w.rsp_err;
    ci.reg_we = req && in->wbs_we && !partial;   /* a write reaches the MMU in its request cycle */
    ci.reg_addr = (in->wbs_adr >> 3) & 0xffu;    /* the read address too, STB or not */
    ci.reg_wdata = in->wbs_dat;
    mmu_cycle_tick(m->core, &ci);

    if (in->rst) {
        m->state_q = MMU_WB_IDLE;
        m->ack_q = m->err_q = false;
        return;
    }
    unsigned s = m->state_q, n = s;
    bool ack = in->wbm_ack, err = in->wbm_err;
    switch (s) {
    case MMU_WB_IDLE:
        if (c->mem_req_valid && w.ready) n = c->mem_req_we ? MMU_WB_CR_WAIT : MMU_WB_RD_WAIT;
        m->addr_q = c->mem_req_addr & m->pa_mask;
        m->wdata_q = c->mem_req_wdata & m->pte_mask;
        m->cmp_q = c->mem_req_cmp & m->pte_mask;
        break;
    case MMU_WB_RD_WAIT:
        if (ack || err) n = MMU_WB_IDLE;
        break;
    case MMU_WB_CR_WAIT:
        if (err) {
            n = MMU_WB_IDLE;
        } else if (ack) {
            m->rdata_q = in->wbm_dat & m->pte_mask;
            n = MMU_WB_CR_CMP;
            if ((m->bugs & MMU_BUS_BUG_NO_CMP_CYCLE) && m->rdata_q == m->cmp_q) n = MMU_WB_CW_REQ;
        }
        break;
    case MMU_WB_CR_CMP:
        n = cas_miss(m) ? MMU_WB_IDLE : MMU_WB_CW_REQ;
        break;
    case MMU_WB_CW_REQ:
        if (!in->wbm_stall || (m->bugs & MMU_BUS_BUG_WRITE_STALL)) n = MMU_WB_CW_WAIT;
        break;
    case MMU_WB_CW_WAIT:
        if (ack || err) n = MMU_WB_IDLE;
        break;
    default:
        n = MMU_WB_IDLE;
        break;
    }
    m->state_q = n;
    m->ack_q = req && !partial;
    m->err_q = req && partial;
}

/* ---- signals ---------------------------------------------------------------- */
#define G(f) static uint64_t g_##f(const mmu_wb_out *o) { return (uint64_t)o->f; }
G(req_ready) G(rsp_valid) G(rsp_pa) G(rsp_fault) G(rsp_cause) G(rsp_level) G(rsp_hit) G(rsp_id)
G(wbm_cyc) G(wbm_stb) G(wbm_we) G(wbm_lock) G(wbm_adr) G(wbm_dat) G(wbm_sel)
G(wbs_stall) G(wbs_ack) G(wbs_err) G(wbs_dat)
#undef G
static bool w_stb(const mmu_wb_out *o) { return o->wbm_stb; }
static bool w_stb_we(const mmu_wb_out *o) { return o->wbm_stb && o->wbm_we; }
static bool w_ack(const mmu_wb_out *o) { return o->wbs_ack; }

static const mmu_wb_signal wb_sigs[] = {
    {"req_ready_o", g_req_ready, NULL},
    {"rsp_valid_o", g_rsp_valid, NULL},
    {"rsp_pa_o", g_rsp_pa, NULL},
    {"rsp_fault_o", g_rsp_fault, NULL},
    {"rsp_cause_o", g_rsp_cause, NULL},
    {"rsp_level_o", g_rsp_level, NULL},
    {"rsp_hit_o", g_rsp_hit, NULL},
    {"rsp_id_o", g_rsp_id, NULL},
    {"wbm_cyc_o", g_wbm_cyc, NULL},
    {"wbm_stb_o", g_wbm_stb, NULL},
    {"wbm_lock_o", g_wbm_lock, NULL},
    {"wbm_we_o", g_wbm_we, w_stb},
    {"wbm_adr_o", g_wbm_adr, w_stb},
    {"wbm_sel_o", g_wbm_sel, w_stb},
    {"wbm_dat_o", g_wbm_dat, w_stb_we},
    {"wbs_stall_o", g_wbs_stall, NULL},
    {"wbs_ack_o", g_wbs_ack, NULL},
    {"wbs_err_o", g_wbs_err, NULL},
    {"wbs_dat_o", g_wbs_dat, w_ack},
};

const mmu_wb_signal *mmu_wb_signals(unsigned *count)
{
    *count = sizeof wb_sigs / sizeof wb_sigs[0];
    return wb_sigs;
}
