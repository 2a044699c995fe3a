/* test_bus_cycle.c — the bus-top cycle models (mmu_bus_cycle.h) against the
 * register-slave rules of docs/integration.md "Cycle behaviour", without the
 * RTL: ACK/ERR one cycle after the request, partial writes refused, the
 * AXI4-Lite slave's write blocked while B waits, RDATA held while RREADY is
 * low. (mmu-cosim --bus compares the same models with the RTL every cycle.) */
#include "check.h"
#include "mmu_bus_cycle.h"
#include "mmu_env.h"

#include <string.h>

static mmu_profile sv39;

/* ---- Wishbone ----------------------------------------------------------------- */
typedef struct {
    mmu_wb_model *m;
    mmu_wb_in in;
    mmu_wb_out out;
} wbt;

static void wb_cycle(wbt *t)
{
    mmu_wb_model_eval(t->m, &t->in, &t->out);
    mmu_wb_model_tick(t->m, &t->in);
}

static void wb_init(wbt *t)
{
    mmu_error err;
    memset(t, 0, sizeof *t);
    t->m = mmu_wb_model_new(&sv39, 0, &err);
    t->in.rst = true;
    wb_cycle(t);
    wb_cycle(t);
    t->in.rst = false;
}

static void wb_req(wbt *t, bool we, unsigned reg, uint64_t data, unsigned sel)
{
    t->in.wbs_cyc = t->in.wbs_stb = true;
    t->in.wbs_we = we;
    t->in.wbs_adr = reg << 3;
    t->in.wbs_dat = data;
    t->in.wbs_sel = sel;
}

static void wb_idle(wbt *t, bool cyc)
{
    t->in.wbs_cyc = cyc;
    t->in.wbs_stb = t->in.wbs_we = false;
}

TEST(wb_regs_ack_next_cycle_and_partial_write_refused)
{
    wbt t;
    wb_init(&t);
    wb_req(&t, true, MMU_ENV_REG_ASID, 0x5, 0xff);      /* write ASID = 5 */
    wb_cycle(&t);
    EXPECT(!t.out.wbs_ack && !t.out.wbs_err && !t.out.wbs_stall);
    wb_req(&t, false, MMU_ENV_REG_ASID, 0, 0xff);       /* read it back, back to back */
    wb_cycle(&t);
    EXPECT(t.out.wbs_ack);                              /* the write's ACK */
    wb_req(&t, true, MMU_ENV_REG_ASID, 0x7, 0x0f);      /* partial write: ERR, not written */
    wb_cycle(&t);
    EXPECT(t.out.wbs_ack && !t.out.wbs_err);            /* the read's ACK */
    EXPECT_EQ(t.out.wbs_dat, 0x5);
    wb_req(&t, false, MMU_ENV_REG_ASID, 0, 0xff);
    wb_cycle(&t);
    EXPECT(t.out.wbs_err && !t.out.wbs_ack);            /* the partial write's ERR */
    wb_idle(&t, true);
    wb_cycle(&t);
    EXPECT(t.out.wbs_ack);
    EXPECT_EQ(t.out.wbs_dat, 0x5);                      /* still 5 */
    wb_cycle(&t);
    EXPECT(!t.out.wbs_ack && !t.out.wbs_err);           /* no request, no answer */
    wb_req(&t, false, MMU_ENV_REG_ASID, 0, 0xff);
    wb_cycle(&t);
    wb_idle(&t, false);                                 /* master dropped CYC: no ACK */
    wb_cycle(&t);
    EXPECT(!t.out.wbs_ack);
    mmu_wb_model_free(t.m);
}

TEST(wb_walker_idle_after_reset_and_quiet_bus)
{
    wbt t;
    wb_init(&t);
    wb_cycle(&t);
    EXPECT(!t.out.wbm_cyc && !t.out.wbm_stb && !t.out.wbm_lock);
    EXPECT_EQ(mmu_wb_model_state(t.m), MMU_WB_IDLE);
    mmu_wb_model_free(t.m);
}

/* ---- AXI4-Lite ------------------------------------------------------------------ */
typedef struct {
    mmu_axi_model *m;
    mmu_axi_in in;
    mmu_axi_out out;
} axt;

static void ax_cycle(axt *t)
{
    mmu_axi_model_eval(t->m, &t->in, &t->out);
    mmu_axi_model_tick(t->m, &t->in);
}

static void ax_init(axt *t)
{
    mmu_error err;
    memset(t, 0, sizeof *t);
    t->m = mmu_axi_model_new(&sv39, 0, &err);
    t->in.rst = true;
    ax_cycle(t);
    ax_cycle(t);
    t->in.rst = false;
    t->in.s_bready = t->in.s_rready = true;
}

static void ax_write(axt *t, bool on, unsigned reg, uint64_t data)
{
    t->in.s_awvalid = t->in.s_wvalid = on;
    t->in.s_awaddr = reg << 3;
    t->in.s_wdata = data;
    t->in.s_wstrb = 0xff;
}

TEST(axil_write_blocked_while_b_pending)
{
    axt t;
    ax_init(&t);
    ax_write(&t, true, MMU_ENV_REG_ASID, 0x3);
    ax_cycle(&t);
    EXPECT(t.out.s_awready && t.out.s_wready && !t.out.s_bvalid);
    ax_write(&t, true, MMU_ENV_REG_ASID, 0x9);          /* back to back: B pending, not taken */
    ax_cycle(&t);
    EXPECT(!t.out.s_awready && t.out.s_bvalid);
    EXPECT_EQ(t.out.s_bresp, MMU_AXI_OKAY);
    ax_cycle(&t);                                       /* B taken last cycle: taken now */
    EXPECT(t.out.s_awready && !t.out.s_bvalid);
    ax_write(&t, false, 0, 0);
    t.in.s_arvalid = true;
    t.in.s_araddr = MMU_ENV_REG_ASID << 3;
    ax_cycle(&t);
    EXPECT(t.out.s_arready && t.out.s_bvalid);          /* a read is taken while a B waits */
    mmu_axi_model_free(t.m);
}

TEST(axil_rdata_held_while_rready_low)
{
    axt t;
    ax_init(&t);
    ax_write(&t, true, MMU_ENV_REG_ASID, 0x6);
    ax_cycle(&t);
    ax_write(&t, false, 0, 0);
    t.in.s_arvalid = true;
    t.in.s_araddr = MMU_ENV_REG_ASID << 3;
    ax_cycle(&t);
    EXPECT(t.out.s_arready);
    t.in.s_araddr = MMU_ENV_REG_CONFIG0 << 3;          /* the next read waits while R is held */
    t.in.s_rready = false;
    ax_cycle(&t);
    EXPECT(t.out.s_rvalid && !t.out.s_arready);
    EXPECT_EQ(t.out.s_rdata, 0x6);
    ax_cycle(&t);
    EXPECT(t.out.s_rvalid);
    EXPECT_EQ(t.out.s_rdata, 0x6);                      /* held, though the register port now reads CONFIG0 */
    t.in.s_rready = true;
    ax_cycle(&t);
    EXPECT(t.out.s_rvalid && !t.out.s_arready);
    ax_cycle(&t);
    EXPECT(!t.out.s_rvalid && t.out.s_arready);         /* R gone: CONFIG0's read taken */
    mmu_axi_model_free(t.m);
}

int main(void)
{
    mmu_error err;
    if (mmu_profile_find("sv39", &sv39, &err)) return 1;
    RUN(wb_regs_ack_next_cycle_and_partial_write_refused);
    RUN(wb_walker_idle_after_reset_and_quiet_bus);
    RUN(axil_write_blocked_while_b_pending);
    RUN(axil_rdata_held_while_rready_low);
    return check_summary();
}
