/* mem.c — physical memory behind the walker port.
 *
 * Handshake (docs/rtl.md "Walker memory port"): a request is accepted in a
 * cycle with mem_req_valid_o & mem_req_ready_i; its response (mem_rsp_valid_i,
 * data, err) comes `latency` >= 1 cycles later, one request outstanding at a
 * time (mem_req_ready_i is 0 while a response is pending). The operation is
 * performed in the response cycle: a read returns the PTE-sized little-endian
 * value; we=1 is a compare-and-swap: the value found is returned and, when it
 * equals mem_req_cmp_o, mem_req_wdata_o is stored. Errors: an address beyond
 * the memory size (reads and CAS) or in the write-protected window (CAS only).
 * While no response is due, mem_rsp_data_i/mem_rsp_err_i carry random junk:
 * the DUT must ignore them.
 */
#include "env_internal.h"

#include <string.h>

static uint64_t bits_mask(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

int env_mem_init(mmu_env *e, mmu_error *err)
{
    const mmu_profile *p = &e->p;
    if (p->pa_bits > 32) e->mem_size = (uint64_t)1 << 32;
    else e->mem_size = ((uint64_t)1 << p->pa_bits) / 8 * 7;
    e->mem = mmu_sparse_mem_new(e->mem_size);
    e->pte_shift = (unsigned)__builtin_ctz(p->pte_bytes);
    if (!e->mem) return mmu_fail(err, "", 0, "out of memory");
    return 0;
}

static env_memc *memc_slot(mmu_env *e, uint64_t addr)
{
    return &e->memc[(addr >> e->pte_shift) & (ENV_MEMC_SIZE - 1)];
}

void env_mem_cache_clear(mmu_env *e) { memset(e->memc, 0, sizeof e->memc); }

int env_mem_read(mmu_env *e, uint64_t addr, uint64_t *v)
{
    unsigned b = e->p.pte_bytes;
    if ((addr & (b - 1)) || addr + b > e->mem_size) return -1;
    env_memc *c = memc_slot(e, addr);
    if (c->addr_plus1 != addr + 1) {
        uint64_t x;
        if (mmu_sparse_mem_read(e->mem, addr, b, &x)) return -1;
        c->addr_plus1 = addr + 1;
        c->val = x;
    }
    *v = c->val;
    return 0;
}

int mmu_env_mem_peek(mmu_env *e, uint64_t addr, uint64_t *v)
{
    if (env_mem_read(e, addr, v)) return -1;
    *v &= e->pte_mask;
    return 0;
}

uint64_t env_mem_rd(mmu_env *e, uint64_t addr)
{
    uint64_t v = 0;
    if (env_mem_read(e, addr, &v)) return 0;
    return v & e->pte_mask;
}

void env_mem_wr(mmu_env *e, uint64_t addr, uint64_t val)
{
    unsigned b = e->p.pte_bytes;
    if ((addr & (b - 1)) || addr + b > e->mem_size) return;
    env_memc *c = memc_slot(e, addr);
    if (mmu_sparse_mem_write(e->mem, addr, b, val & e->pte_mask)) {
        c->addr_plus1 = 0;
    } else {
        c->addr_plus1 = addr + 1;
        c->val = val & e->pte_mask;
    }
}

unsigned mmu_lat_delay(const mmu_lat_model *m, mmu_rng *rng)
{
    switch (m->kind) {
    case MMU_LAT_FIXED: return m->a;
    case MMU_LAT_RANDOM: return m->a + (unsigned)env_below(rng, m->b - m->a + 1);
    case MMU_LAT_BURST:
        if (env_below(rng, 100) < m->stall_pct)
            return 5 + (unsigned)env_below(rng, m->stall_max - 4);
        return 1 + (unsigned)env_below(rng, 4);
    }
    return 1;
}

bool mmu_lat_ready(const mmu_lat_model *m, mmu_rng *rng, unsigned *bp_left)
{
    if (m->kind != MMU_LAT_BURST) return true;
    if (*bp_left) { (*bp_left)--; return false; }
    if (env_below(rng, 100) < m->bp_pct) {
        *bp_left = (unsigned)env_below(rng, m->bp_len);
        return false;
    }
    return true;
}

/* The walker always walks the oldest outstanding request (in order; and with
 * hit under miss the walking request is the oldest: docs/rtl.md "Hit under
 * miss" rule 2; order.c checks it), so its memory traffic is out[0]'s. */
static env_req *walking(mmu_env *e) { return e->out_count ? &e->out[0] : NULL; }

/* The environment's own PTE change just before a CAS lands (another agent
 * writing the PTE between the walker's read and its compare-and-swap). */
static void race(mmu_env *e, uint64_t addr, uint64_t val)
{
    uint64_t old = env_mem_rd(e, addr);
    env_overlay_record(e, addr, old);
    env_mem_wr(e, addr, val);
    e->st.cas_races++;
    env_hist_add(e, H_RACE, addr, old, val, 0, 0, 0, 0, NULL);
}

void env_mem_drive(mmu_env *e, mmu_cycle_in *in)
{
    bool due = e->mp_busy & (e->cycle >= e->mp_due);
    in->mem_rsp_valid = due;
    in->mem_rsp_err = false;
    in->mem_rsp_data = mmu_rng_next(&e->junk_rng) & e->pte_mask;
    if (!due) {
        in->mem_rsp_err = mmu_rng_next(&e->junk_rng) & 1;
    } else {
        env_req *w = walking(e);
        uint64_t v = 0;
        int bad;
        e->mp_busy = false;
        e->memrsp_since_accept++;
        if (!e->mp_we) {
            bad = env_mem_read(e, e->mp_addr, &v);
            v &= e->pte_mask;
            e->st.mem_reads++;
            if (w && !bad) { w->last_read_addr = e->mp_addr; w->last_read_val = v; w->have_read = true; }
            env_hist_add(e, H_MEMRD, e->mp_addr, v, (uint64_t)bad, 0, 0, 0, 0, NULL);
        } else {
            if (e->race_armed && e->race_addr == e->mp_addr) {
                e->race_armed = false;
                race(e, e->mp_addr, e->race_val);
            }
            bad = env_mem_read(e, e->mp_addr, &v) ||
                  (e->mp_addr + e->p.pte_bytes > e->wp_lo && e->mp_addr < e->wp_hi);
            v &= e->pte_mask;
            e->st.mem_cas++;
            bool ok = false;
            if (!bad && v == (e->mp_cmp & e->pte_mask)) {
                env_mem_wr(e, e->mp_addr, e->mp_wdata);
                ok = true;
                if (w) w->cas_ok++;
            } else if (!bad) {
                e->st.mem_cas_fail++;
            }
            env_hist_add(e, H_MEMCAS, e->mp_addr, e->mp_cmp, e->mp_wdata, v, 0, 0,
                         (unsigned)(bad ? 2 : ok ? 1 : 0), NULL);
        }
        if (bad) { e->st.mem_errors++; v = 0; }
        in->mem_rsp_err = bad != 0;
        in->mem_rsp_data = v;
    }
    in->mem_req_ready = mmu_lat_ready(&e->cfg.lat, &e->lat_rng, &e->bp_left) && !e->mp_busy;
}

int env_mem_observe(mmu_env *e, const mmu_cycle_in *in, const mmu_cycle_out *out)
{
    int rc = 0;
    /* valid/ready: once valid, the request holds (and stays the same) until accepted */
    if (e->prev_mreq_valid & !e->prev_mreq_ready) {
        if (!out->mem_req_valid)
            rc |= env_failf(e, "proto.mem_req_valid_o", 0, 1,
                            "mem_req_valid_o dropped before the request was accepted (mem_req_ready_i was 0)");
        else if (out->mem_req_addr != e->prev_maddr || out->mem_req_we != e->prev_mwe ||
                 (out->mem_req_we && (out->mem_req_wdata != e->prev_mwdata || out->mem_req_cmp != e->prev_mcmp)))
            rc |= env_failf(e, "proto.mem_req_addr_o", out->mem_req_addr, e->prev_maddr,
                            "memory request changed while waiting for mem_req_ready_i");
    }
    e->prev_mreq_valid = out->mem_req_valid;
    e->prev_mreq_ready = in->mem_req_ready;
    e->prev_maddr = out->mem_req_addr;
    e->prev_mwe = out->mem_req_we;
    e->prev_mwdata = out->mem_req_wdata;
    e->prev_mcmp = out->mem_req_cmp;

    if (!(out->mem_req_valid & in->mem_req_ready)) return rc;
    /* accepted */
    env_req *w = walking(e);
    if (!w)
        rc |= env_failf(e, "proto.mem_req_valid_o", 1, 0, "memory request with no translation outstanding");
    if (out->mem_req_addr & (e->p.pte_bytes - 1))
        rc |= env_failf(e, "proto.mem_req_addr_o", out->mem_req_addr, out->mem_req_addr & ~(uint64_t)(e->p.pte_bytes - 1),
                        "PTE access not aligned to %u bytes", e->p.pte_bytes);
    e->mp_busy = true;
    e->mp_addr = out->mem_req_addr;
    e->mp_we = out->mem_req_we;
    e->mp_wdata = out->mem_req_wdata & e->pte_mask;
    e->mp_cmp = out->mem_req_cmp & e->pte_mask;
    e->mp_due = e->cycle + mmu_lat_delay(&e->cfg.lat, &e->lat_rng) + e->mem_slow;
    if (e->mp_we && w) {
        const mmu_regs *r = &e->ver[w->regs_ver % ENV_VERSIONS];
        uint64_t want = mmu_pte_with_ad(&e->p, e->mp_cmp, (mmu_access)w->acc) & e->pte_mask;
        w->cas_seen++;
        if (!r->adue)
            rc |= env_failf(e, "proto.mem_req_we_o", 1, 0,
                            "A/D compare-and-swap with ADUE=0 (Svade must fault, never write)");
        else if (!w->have_read || w->last_read_addr != e->mp_addr)
            rc |= env_failf(e, "proto.mem_req_addr_o", e->mp_addr, w->last_read_addr,
                            "compare-and-swap to an address the walk did not just read");
        else if (e->mp_cmp != w->last_read_val)
            rc |= env_failf(e, "proto.mem_req_cmp_o", e->mp_cmp, w->last_read_val,
                            "compare value is not the PTE the walk read");
        else if (e->mp_wdata != want)
            rc |= env_failf(e, "proto.mem_req_wdata_o", e->mp_wdata, want,
                            "CAS new value must be the PTE with A%s set (and nothing else changed)",
                            w->acc == MMU_ACC_STORE ? " and D" : "");
        /* inject a race: the PTE changes before this CAS is performed */
        if (!e->race_armed && !e->directed && e->cfg.knobs.cas_race && env_permille(&e->rng, e->cfg.knobs.cas_race) &&
            env_overlay_room(e, 1)) {
            uint64_t v = e->mp_cmp;
            switch (env_below(&e->rng, 4)) {
            case 0: v = mmu_pte_with_ad(&e->p, v, MMU_ACC_LOAD); break;  /* someone set A */
            case 1: v ^= (e->p.pte_format == MMU_PTE_RISCV) ? 0x4 : (uint64_t)1 << MMU_OL_RO; break;
            case 2: v ^= (e->p.pte_format == MMU_PTE_RISCV) ? 1 : (e->p.pte_format == MMU_PTE_OSTEP_LINEAR)
                               ? (uint64_t)1 << MMU_OL_V : (uint64_t)1 << MMU_OS_V; break;
            default: v = mmu_pte_with_ad(&e->p, v, MMU_ACC_STORE); break;
            }
            if (v != e->mp_cmp) {
                e->race_armed = true;
                e->race_addr = e->mp_addr;
                e->race_val = v;
            }
        }
    }
    (void)bits_mask;
    return rc;
}
