/* mmu_axi.c — cycle model of rtl/bus/mmu_axi.v: the mmu_top cycle model with
 * the AXI4 walker master (mmu_axi_walker) and the AXI4-Lite register slave
 * (mmu_axil_regs) around it, written from docs/integration.md "Cycle
 * behaviour". State names as in the RTL bridges. mmu_bus_cycle.h is the
 * interface.
 */
#include "mmu_bus_cycle.h"

#include <stdlib.h>
#include <string.h>

static uint64_t bits(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

struct mmu_axi_model {
    mmu_cycle *core;
    unsigned bugs;
    uint64_t pa_mask, pte_mask;
    unsigned strb_all, size;
    mmu_cycle_out co;
    /* mmu_axi_walker */
    unsigned state_q;
    uint64_t addr_q, wdata_q, cmp_q, rdata_q;
    bool aw_done_q, w_done_q, xerr_q;
    /* mmu_axil_regs */
    bool bvalid_q, bslverr_q, rvalid_q, rfirst_q;
    uint64_t rdata_q_regs;
};

mmu_axi_model *mmu_axi_model_new(const mmu_profile *p, unsigned bugs, mmu_error *err)
{
    mmu_axi_model *m = calloc(1, sizeof *m);
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
    m->strb_all = (unsigned)bits(p->pte_bytes);
    m->size = (unsigned)__builtin_ctz(p->pte_bytes);   /* AxSIZE: log2 of the PTE's bytes */
    return m;
}

void mmu_axi_model_free(mmu_axi_model *m)
{
    if (!m) return;
    mmu_cycle_free(m->core);
    free(m);
}

const mmu_cycle_out *mmu_axi_model_core(const mmu_axi_model *m) { return &m->co; }
unsigned mmu_axi_model_state(const mmu_axi_model *m) { return m->state_q; }
uint64_t mmu_axi_model_violations(const mmu_axi_model *m, const char **first)
{
    return mmu_cycle_violations(m->core, first);
}

static bool cas_miss(const mmu_axi_model *m)
{
    return m->state_q == MMU_AXI_X_CMP && (m->xerr_q || m->rdata_q != m->cmp_q);
}

typedef struct {
    bool ready, rsp_valid, rsp_err;
    uint64_t rsp_data;
} axi_walker_port;

static void walker_port(const mmu_axi_model *m, const mmu_axi_in *in, axi_walker_port *w)
{
    unsigned s = m->state_q;
    bool r_err = (in->rresp & 2) != 0, b_err = (in->bresp & 2) != 0, miss = cas_miss(m);
    bool b_end = s == MMU_AXI_XW_WAIT && in->bvalid && (in->bresp & 3) != MMU_AXI_OKAY;   /* OKAY: retry */
    w->ready = s == MMU_AXI_IDLE && (in->arready || (m->bugs & MMU_BUS_BUG_READ_STALL));
    w->rsp_valid = (s == MMU_AXI_RD_WAIT && in->rvalid) || (s == MMU_AXI_XR_WAIT && in->rvalid && r_err) || miss ||
                   b_end;
    w->rsp_err = (s == MMU_AXI_RD_WAIT && in->rvalid && r_err) || (s == MMU_AXI_XR_WAIT && in->rvalid && r_err) ||
                 (miss && m->xerr_q) || (b_end && b_err);
    w->rsp_data = 0;
    if (s == MMU_AXI_RD_WAIT && in->rvalid && !r_err) w->rsp_data = in->rdata & m->pte_mask;
    else if ((miss && !m->xerr_q) || (b_end && (in->bresp & 3) == MMU_AXI_EXOKAY)) w->rsp_data = m->rdata_q;
}

static bool wr_go(const mmu_axi_model *m, const mmu_axi_in *in)
{
    return in->s_awvalid && in->s_wvalid && !m->bvalid_q;
}

void mmu_axi_model_eval(mmu_axi_model *m, const mmu_axi_in *in, mmu_axi_out *o)
{
    mmu_cycle_in none;
    memset(&none, 0, sizeof none);
    mmu_cycle_eval(m->core, &none, &m->co);
    const mmu_cycle_out *c = &m->co;
    unsigned s = m->state_q;
    bool idle = s == MMU_AXI_IDLE;

    memset(o, 0, sizeof *o);
    o->req_ready = c->req_ready;
    o->rsp_valid = c->rsp_valid;
    o->rsp_pa = c->rsp_pa;
    o->rsp_fault = c->rsp_fault;
    o->rsp_cause = c->rsp_cause;
    o->rsp_level = c->rsp_level;
    o->rsp_hit = c->rsp_hit;
    o->rsp_id = c->rsp_id;

    /* AR: the walker's request in IDLE (exclusive for a CAS), the retry in XR_REQ */
    o->arvalid = (idle && c->mem_req_valid) || s == MMU_AXI_XR_REQ;
    if (o->arvalid) {
        o->araddr = (idle ? c->mem_req_addr : m->addr_q) & m->pa_mask;
        o->arlock = idle ? c->mem_req_we : true;
        o->arid = 0;
        o->arlen = 0;
        o->arsize = m->size;
        o->arburst = 1;          /* INCR */
        o->arcache = 2;          /* normal, non-cacheable, non-bufferable */
        o->arprot = 1;           /* privileged, secure, data */
    }
    o->rready = true;
    /* AW and W of the exclusive write, each offered until taken */
    o->awvalid = s == MMU_AXI_XW_REQ && !m->aw_done_q;
    o->wvalid = s == MMU_AXI_XW_REQ && !m->w_done_q;
    if (o->awvalid) {
        o->awaddr = m->addr_q;
        o->awlock = true;
        o->awid = 0;
        o->awlen = 0;
        o->awsize = m->size;
        o->awburst = 1;
        o->awcache = 2;
        o->awprot = 1;
    }
    if (o->wvalid) {
        o->wdata = m->wdata_q;
        o->wstrb = m->strb_all;
        o->wlast = true;
    }
    o->bready = s == MMU_AXI_XW_WAIT;

    /* register slave */
    bool wg = wr_go(m, in);
    o->s_awready = o->s_wready = wg;
    o->s_arready = in->s_arvalid && !m->rvalid_q && !wg;
    o->s_bvalid = m->bvalid_q;
    o->s_bresp = o->s_bvalid ? (m->bslverr_q ? MMU_AXI_SLVERR : MMU_AXI_OKAY) : 0;
    o->s_rvalid = m->rvalid_q;
    o->s_rresp = 0;
    if (o->s_rvalid) o->s_rdata = m->rfirst_q ? c->reg_rdata : m->rdata_q_regs;   /* first R cycle: the MMU's registered read */
}

void mmu_axi_model_tick(mmu_axi_model *m, const mmu_axi_in *in)
{
    const mmu_cycle_out *c = &m->co;
    axi_walker_port w;
    walker_port(m, in, &w);
    bool wg = wr_go(m, in);
    bool rg = in->s_arvalid && !m->rvalid_q && !wg;
    bool partial = (in->s_wstrb & 0xffu) != 0xffu;

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
    ci.reg_we = wg && !partial;
    ci.reg_addr = ((wg ? in->s_awaddr : in->s_araddr) >> 3) & 0xffu;
    ci.reg_wdata = in->s_wdata;
    mmu_cycle_tick(m->core, &ci);

    /* registers with no reset: loaded in every cycle, reset or not */
    unsigned s = m->state_q;
    bool aw_now = s == MMU_AXI_XW_REQ && !m->aw_done_q && in->awready;
    bool w_now = s == MMU_AXI_XW_REQ && !m->w_done_q && in->wready;
    if (s == MMU_AXI_IDLE) {
        m->addr_q = c->mem_req_addr & m->pa_mask;
        m->wdata_q = c->mem_req_wdata & m->pte_mask;
        m->cmp_q = c->mem_req_cmp & m->pte_mask;
    }
    bool x_data = s == MMU_AXI_XR_WAIT && in->rvalid;
    uint64_t x_rdata = in->rdata & m->pte_mask;
    bool x_err = (in->rresp & 3) != MMU_AXI_EXOKAY;
    if (m->rfirst_q) m->rdata_q_regs = c->reg_rdata;
    bool aw_d = s == MMU_AXI_XW_REQ && (m->aw_done_q || aw_now) && !(m->w_done_q || w_now);
    bool w_d = s == MMU_AXI_XW_REQ && (m->w_done_q || w_now) && !(m->aw_done_q || aw_now);

    if (in->rst) {
        m->state_q = MMU_AXI_IDLE;
        m->bvalid_q = m->bslverr_q = m->rvalid_q = m->rfirst_q = false;
    } else {
        unsigned n = s;
        switch (s) {
        case MMU_AXI_IDLE:
            if (c->mem_req_valid && w.ready) n = c->mem_req_we ? MMU_AXI_XR_WAIT : MMU_AXI_RD_WAIT;
            break;
        case MMU_AXI_RD_WAIT:
            if (in->rvalid) n = MMU_AXI_IDLE;
            break;
        case MMU_AXI_XR_REQ:
            if (in->arready) n = MMU_AXI_XR_WAIT;
            break;
        case MMU_AXI_XR_WAIT:
            if (in->rvalid) {
                n = (in->rresp & 2) ? MMU_AXI_IDLE : MMU_AXI_X_CMP;
                if ((m->bugs & MMU_BUS_BUG_NO_CMP_CYCLE) && n == MMU_AXI_X_CMP && !x_err && x_rdata == m->cmp_q)
                    n = MMU_AXI_XW_REQ;
            }
            break;
        case MMU_AXI_X_CMP:
            n = cas_miss(m) ? MMU_AXI_IDLE : MMU_AXI_XW_REQ;
            break;
        case MMU_AXI_XW_REQ:
            if (((m->aw_done_q || aw_now) && (m->w_done_q || w_now)) || (m->bugs & MMU_BUS_BUG_WRITE_STALL))
                n = MMU_AXI_XW_WAIT;
            break;
        case MMU_AXI_XW_WAIT:
            if (in->bvalid) n = (in->bresp & 3) == MMU_AXI_OKAY ? MMU_AXI_XR_REQ : MMU_AXI_IDLE;
            break;
        default:
            n = MMU_AXI_IDLE;
            break;
        }
        m->state_q = n;
        if (wg) {
            m->bvalid_q = true;
            m->bslverr_q = partial;
        } else if (in->s_bready) {
            m->bvalid_q = false;
        }
        if (rg) m->rvalid_q = true;
        else if (in->s_rready) m->rvalid_q = false;
        m->rfirst_q = rg;
    }
    if (x_data) {
        m->rdata_q = x_rdata;
        m->xerr_q = x_err;          /* OKAY: no exclusive monitor there */
    }
    m->aw_done_q = aw_d;
    m->w_done_q = w_d;
}

/* ---- signals ---------------------------------------------------------------- */
#define G(f) static uint64_t g_##f(const mmu_axi_out *o) { return (uint64_t)o->f; }
G(req_ready) G(rsp_valid) G(rsp_pa) G(rsp_fault) G(rsp_cause) G(rsp_level) G(rsp_hit) G(rsp_id)
G(arvalid) G(arlock) G(rready) G(awvalid) G(awlock) G(wvalid) G(wlast) G(bready)
G(araddr) G(awaddr) G(wdata) G(arid) G(arlen) G(arsize) G(arburst) G(arcache) G(arprot)
G(awid) G(awlen) G(awsize) G(awburst) G(awcache) G(awprot) G(wstrb)
G(s_awready) G(s_wready) G(s_bvalid) G(s_arready) G(s_rvalid) G(s_bresp) G(s_rresp) G(s_rdata)
#undef G
static bool w_ar(const mmu_axi_out *o) { return o->arvalid; }
static bool w_aw(const mmu_axi_out *o) { return o->awvalid; }
static bool w_w(const mmu_axi_out *o) { return o->wvalid; }
static bool w_sb(const mmu_axi_out *o) { return o->s_bvalid; }
static bool w_sr(const mmu_axi_out *o) { return o->s_rvalid; }

static const mmu_axi_signal axi_sigs[] = {
    {"req_ready_o", g_req_ready, NULL},     {"rsp_valid_o", g_rsp_valid, NULL},
    {"rsp_pa_o", g_rsp_pa, NULL},           {"rsp_fault_o", g_rsp_fault, NULL},
    {"rsp_cause_o", g_rsp_cause, NULL},     {"rsp_level_o", g_rsp_level, NULL},
    {"rsp_hit_o", g_rsp_hit, NULL},
    {"rsp_id_o", g_rsp_id, NULL},
    {"m_axi_arvalid", g_arvalid, NULL},     {"m_axi_araddr", g_araddr, w_ar},
    {"m_axi_arlock", g_arlock, w_ar},       {"m_axi_arid", g_arid, w_ar},
    {"m_axi_arlen", g_arlen, w_ar},         {"m_axi_arsize", g_arsize, w_ar},
    {"m_axi_arburst", g_arburst, w_ar},     {"m_axi_arcache", g_arcache, w_ar},
    {"m_axi_arprot", g_arprot, w_ar},       {"m_axi_rready", g_rready, NULL},
    {"m_axi_awvalid", g_awvalid, NULL},     {"m_axi_awaddr", g_awaddr, w_aw},
    {"m_axi_awlock", g_awlock, w_aw},       {"m_axi_awid", g_awid, w_aw},
    {"m_axi_awlen", g_awlen, w_aw},         {"m_axi_awsize", g_awsize, w_aw},
    {"m_axi_awburst", g_awburst, w_aw},     {"m_axi_awcache", g_awcache, w_aw},
    {"m_axi_awprot", g_awprot, w_aw},       {"m_axi_wvalid", g_wvalid, NULL},
    {"m_axi_wdata", g_wdata, w_w},          {"m_axi_wstrb", g_wstrb, w_w},
    {"m_axi_wlast", g_wlast, w_w},          {"m_axi_bready", g_bready, NULL},
    {"s_axil_awready", g_s_awready, NULL},  {"s_axil_wready", g_s_wready, NULL},
    {"s_axil_arready", g_s_arready, NULL},  {"s_axil_bvalid", g_s_bvalid, NULL},
    {"s_axil_bresp", g_s_bresp, w_sb},      {"s_axil_rvalid", g_s_rvalid, NULL},
    {"s_axil_rresp", g_s_rresp, w_sr},      {"s_axil_rdata", g_s_rdata, w_sr},
};

const mmu_axi_signal *mmu_axi_signals(unsigned *count)
{
    *count = sizeof axi_sigs / sizeof axi_sigs[0];
    return axi_sigs;
}
