/* test_arch_paging.c — paging (MODE 3): OSTEP linear and small tables,
 * Sv32 and Sv39 walks, superpages, reserved encodings, U/SUM/MXR, canonical
 * addresses, G accumulation, bus errors on PTE reads.
 *
 * Bug classes of shared/MMU-BUG-CLASSES.md that apply at the arch level and
 * where they are tested:
 *   3 misaligned superpages      sv39_/sv32_misaligned_* (every level, every low
 *                                PPN field, every access, no PTE write)
 *   4 reserved encodings/bits    sv39_reserved_*, sv32_*, pointer_at_level_0_*
 *   5 wrong fault class/cause    pte_read_bus_error_* (access fault 1/5/7 of the
 *                                original access at every level, pre-empting the
 *                                page-fault checks of that PTE)
 *   6 SUM/MXR staleness          sum_mxr_changes_take_effect_on_the_next_access
 *   7 A/D                        test_arch_ad.c
 *   8 superpage PPN substitution sv39_pages_of_every_size_translate (first, middle,
 *                                last byte), high-half VAs in sv39_canonical_*
 *   9 invalid->valid, 4K->super  pte_changes_are_seen_by_the_next_walk
 *  10 store to PTE then access   pte_changes_are_seen_by_the_next_walk
 * Not applicable here: 1 and 2 (SFENCE timing and ASID/global flush semantics:
 * the arch model has no TLB; G accumulation, which they rely on, is tested in
 * global_bit_accumulates_from_pointers), the TLB-lookup half of 8 and 9, the
 * PMP half of 5 (no PMP in this MMU: a bus error is the only access fault),
 * and the timing/concurrency half of 10 (one translation of one address). */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "testmem.h"
#include "testprof.h"

#define S MMU_PRIV_SUPERVISOR
#define U MMU_PRIV_USER
#define FE MMU_ACC_FETCH
#define LD MMU_ACC_LOAD
#define ST MMU_ACC_STORE
#define ROOT 0x100u          /* root table frame of the RISC-V tests */

static testmem *mem;
static uint64_t next_ppn;

static void fresh(void)
{
    tm_free(mem);
    mem = tm_new((uint64_t)1 << 56);
    next_ppn = 0x200;
}

static mmu_result T(const mmu_profile *p, const mmu_regs *r, uint64_t va, mmu_access a, mmu_priv pv)
{
    mmu_mem m = tm_mem(mem);
    return mmu_translate(p, r, &m, va, a, pv, NULL);
}

#define EXPECT_PA(res, want) do { mmu_result r_ = (res); EXPECT_EQ(r_.cause, MMU_CAUSE_NONE); \
    EXPECT(!r_.fault); EXPECT_EQ(r_.pa, (want)); } while (0)
#define EXPECT_FAULT(res, c, lvl) do { mmu_result r_ = (res); EXPECT(r_.fault); \
    EXPECT_EQ(r_.cause, (c)); EXPECT_EQ(r_.level, (uint64_t)(int64_t)(lvl)); } while (0)

static uint64_t rv(uint64_t ppn, const char *f) { return tm_rv_pte(ppn, f); }
static uint64_t map_at(const mmu_profile *p, uint64_t va, int level, uint64_t pte)
{
    return tm_map(mem, p, ROOT, va, level, pte, &next_ppn);
}
static uint64_t pte_addr_of(const mmu_profile *p, uint64_t va, int level)
{
    return tm_pte_addr(mem, p, ROOT, va, level);
}

static mmu_regs paging_regs(void)
{
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = ROOT;
    return r;
}

/* ---- OSTEP linear page table (ostep-linear) -------------------------------- */

#define OL_V (1u << 31)
#define OL_RO (1u << 30)
#define OL_NX (1u << 29)
#define OL_SUP (1u << 28)
#define OL_A (1u << 27)
#define OL_D (1u << 26)
#define OL_PT_FRAME 31u      /* the table lives in the last 1 KB frame */

static void ol_put(unsigned vpn_, uint32_t pte) { tm_put(mem, OL_PT_FRAME * 1024 + vpn_ * 4, 4, pte); }

static mmu_regs ol_regs(void)
{
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = OL_PT_FRAME;
    return r;
}

TEST(ostep_linear_matches_simulator_answers)
{
    /* paging-linear-translate.py -a 16k -p 32k -P 1k -v -s 9 -c */
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    static const uint32_t pt[16] = {0, 0, 0, 0x80000000, 0x8000001c, 0, 0x80000013, 0, 0,
                                    0x8000000e, 0x80000005, 0, 0, 0x8000001d, 0x80000018, 0};
    for (unsigned i = 0; i < 16; i++) ol_put(i, pt[i]);
    mmu_regs r = ol_regs();
    static const struct { uint64_t va; int64_t pa; } t[] = {
        {0x2fc0, -1}, {0x0681, -1}, {0x12a2, 0x72a2}, {0x2b26, 0x1726}, {0x2e71, -1},
        {0x1afe, 0x4efe}, {0x059d, -1}, {0x1112, 0x7112}, {0x0d6e, 0x016e}, {0x11fe, 0x71fe}};
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
        mmu_result res = T(p, &r, t[i].va, LD, U);
        if (t[i].pa < 0) {
            EXPECT_FAULT(res, MMU_CAUSE_PTE_INVALID, 0);
        } else {
            EXPECT_PA(res, (uint64_t)t[i].pa);
            EXPECT_EQ(res.map_shift, 10);
            EXPECT_EQ(res.pte_reads, 1);
        }
    }
}

TEST(ostep_linear_ro_nx_sup_protect_the_page)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    mmu_regs r = ol_regs();
    ol_put(1, OL_V | OL_A | OL_D | OL_RO | 3);
    ol_put(2, OL_V | OL_A | OL_D | OL_NX | 4);
    ol_put(3, OL_V | OL_A | OL_D | OL_SUP | 5);
    EXPECT_PA(T(p, &r, 0x0404, LD, U), 3 * 1024 + 4);
    EXPECT_PA(T(p, &r, 0x0404, FE, U), 3 * 1024 + 4);
    EXPECT_FAULT(T(p, &r, 0x0404, ST, U), MMU_CAUSE_PROT, 0);       /* RO */
    EXPECT_PA(T(p, &r, 0x0804, ST, U), 4 * 1024 + 4);
    EXPECT_FAULT(T(p, &r, 0x0804, FE, U), MMU_CAUSE_PROT, 0);       /* NX */
    EXPECT_FAULT(T(p, &r, 0x0c04, LD, U), MMU_CAUSE_PRIV, 0);       /* SUP */
    EXPECT_PA(T(p, &r, 0x0c04, ST, S), 5 * 1024 + 4);
    EXPECT_PA(T(p, &r, 0x0c04, FE, S), 5 * 1024 + 4);
}

/* U = !SUP, so OSTEP's plain entries are user pages: by the leaf rules a
 * supervisor load/store needs SUM and a supervisor fetch never succeeds. */
TEST(ostep_linear_user_pages_follow_the_sum_rule_for_supervisor)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    mmu_regs r = ol_regs();
    ol_put(1, OL_V | OL_A | OL_D | 3);
    EXPECT_FAULT(T(p, &r, 0x0404, LD, S), MMU_CAUSE_PRIV, 0);
    EXPECT_FAULT(T(p, &r, 0x0404, FE, S), MMU_CAUSE_PRIV, 0);
    r.sum = true;
    EXPECT_PA(T(p, &r, 0x0404, LD, S), 3 * 1024 + 4);
    EXPECT_FAULT(T(p, &r, 0x0404, FE, S), MMU_CAUSE_PRIV, 0);
}

TEST(ostep_linear_reserved_bits_fault)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");   /* ppn_bits 5: bits 25:5 reserved */
    mmu_regs r = ol_regs();
    for (unsigned b = p->ppn_bits; b <= 25; b++) {
        ol_put(1, OL_V | OL_A | OL_D | (1u << b) | 3);
        EXPECT_FAULT(T(p, &r, 0x0404, LD, U), MMU_CAUSE_PTE_RESERVED, 0);
    }
    ol_put(1, OL_V | OL_A | OL_D | 0x1f);
    EXPECT_PA(T(p, &r, 0x0404, LD, U), 0x1f * 1024 + 4);
    ol_put(1, OL_RO | OL_NX | 0x3ffffff);                             /* V=0: invalid first */
    EXPECT_FAULT(T(p, &r, 0x0404, LD, U), MMU_CAUSE_PTE_INVALID, 0);
}

TEST(ostep_linear_a_d_bits)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    mmu_regs r = ol_regs();
    r.adue = false;
    ol_put(1, OL_V | 3);
    EXPECT_FAULT(T(p, &r, 0x0404, LD, U), MMU_CAUSE_AD, 0);
    ol_put(1, OL_V | OL_A | 3);
    EXPECT_PA(T(p, &r, 0x0404, LD, U), 3 * 1024 + 4);
    EXPECT_FAULT(T(p, &r, 0x0404, ST, U), MMU_CAUSE_AD, 0);
    r.adue = true;
    mmu_result res = T(p, &r, 0x0404, ST, U);
    EXPECT_PA(res, 3 * 1024 + 4);
    EXPECT_EQ(tm_get(mem, OL_PT_FRAME * 1024 + 4, 4), OL_V | OL_A | OL_D | 3);
    EXPECT_EQ(res.leaf_pte, OL_V | OL_A | OL_D | 3);
}

/* ---- OSTEP two-level small tables (ostep-multilevel) ---------------------- */

/* paging-multilevel-translate.py -s 39 -a 32 -n 20 -c
 * (shared/samples/ostep/paging-multilevel/alloc32-n20-seed39.solved.txt). */
static const char *const ml_pages[128] = {
    "100807001b071b141e1218110216191b0b111a03130110180b0207191e101612",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0c161415020b05130718001a0b01170e041810180d0918091511010e05041717",
    "1e06141e1715180a110205051b0a061a1d190f091b0c040f051a1308090a130f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "1c13040f0514040a18141016010b04100b1e101b0e0519020318120f01171b0b",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "1b171b07060b0c1a18011316190d04091b15050210151b0516091b001a110e06",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0b05111613030e0b0b180b010811160a1b1e0d010f0b0b1e111b111911150013",
    "051c170715150319160e1d020116140012120b03191b110610141018071b1604",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0a04061a060a1d0b1d190e0e000c101e02191d1b10150a000c17020e01041a01",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "1601190b0b080d0f0b1b081e17081401051b171b021507080309090913050618",
    "1114070b0519091b02000d0d171a0f09160e07090015010513131313181d1e0c",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7fabaa7fad7f7f7ffb7f9fb7b2f67ffad37f7ffca3f8e4cce5bfae9e7fa1eab8",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7fa47f7f7f7f7f7f7f7f7f7f7f7f7f",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7fc77f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7fd17f7f7f7f7f7f7f",
    "1d0d111b14040919090309080e041a1e061007130800000009160e0b041a1c04",
    "a27f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "1d0a020704161c1a0e08100a06131c10090d0216141b16050c0a09180b120614",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7fe37f7f7f7f",
    "7f7f7f7f7f7f7f7fd67f7f7f7f7f7fb37f7f7f7f7f7f7f7f7fe97f7f837f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f907f7f7f7f7f7f7f7f",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7fd07f7f7f7f7f7f",
    "0f02190709180703060e0b1b101d16070b02111d1e000c0f0f04080909161314",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7f7f7f7f7f7f7f7f987f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "17071e031c0515080b021518000303061a050f0a1b150d1c0e130100010d1203",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7f7f7f7f7f917f7f7f7f7fb97f7f7f8e7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "7f7f7f7f7f7f807f7f7f7f7f827f7f7f7f7f7ff27f7f7f7f7f7f7f7f7f7f7f7f",
    "0a0217110000150d0b1a001e1b0f0d0414110a14020b1d051e0a171a031c0508",
    "140c16140e100613101418031405121e171a02110f0a100419191612060f0700",
    "0412020206130a1b0e19030b171e0310161a170c18140a090209051b10181a16",
    "160307000f1b14111602180919070f0b0207021c00001a10101b131b0c0c0b1b",
    "010b101c010d1b190009070708061419060405171a101602161e0e0003080e13",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7fff7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f937f7f7f7f7f7f7f7f7f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "1b091d050a1d1b151c0114170a0c040d180306050204071d140b03120c0f1604",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "1d171108041c05150b16181c1d09080a150803141d1c000313181e10031a1709",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "1202131b0911101e06060f1505000d1a051809030f04080b190e031a09191e08",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7fc97f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "10080d1e0d1d01131302021e0904090b0d1e0c07120b160b09090e0a0f1c1a0a",
    "01131605071719090b161a081312041c12190c0301031a020e0b0b0b03091611",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7fec7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0709011c03071d1c0f071b0110001a1609000309091a18051e120a0f00010f18",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "031b0810060810171517120d060807100613151c031c050f17031b0a100e010c",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "1b1c0816060f0518041c0b08010601061e1403030e1b0e0b14030510190e0810",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f897f7f7f7f7fba7f7f7f7f7f7f7f7f7f",
    "7f7f7f7f977f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "1b000d1303190c190e181b01141d14001c13141213101d130e03031311091c04",
    "7fde7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0017040b0d17090d0815061e0c111000040314070c000f070c1a1b0111011e17",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "071d0c00080c001119090d0116131108130e17130400001a0401010b050b1e1d",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0310050e0015161a091e0f1c101c1c0c0f050a03160717050c120e0311111007",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7fbc7f7f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "c57f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7f7f7fbb7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "bd7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7fee7f7f7f7f7f7f7f7f7f7f7faf7f7f7f7f7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0f181c000d100a1d0b1a011a0011131813180f1b19070807101710170b190f0a",
};
#define ML_PDBR 26
/* pa >= 0: translates, the byte there is value; pa = -1: PDE not valid
 * (level 1); pa = -2: PTE not valid (level 0). */
static const struct { uint64_t va; int64_t pa; unsigned value; } ml_expect[] = {
    {0x315e, 0x31e, 0x1e},
    {0x2cfe, 0x23e, 0x16},
    {0x74c4, -2, 0},
    {0x6685, 0x265, 0x0a},
    {0x1e4c, -1, 0},
    {0x194d, -1, 0},
    {0x3c7a, 0x77a, 0x05},
    {0x051a, 0xada, 0x0a},
    {0x7cd2, 0x012, 0x1a},
    {0x7835, 0xbd5, 0x1c},
    {0x6a7e, -2, 0},
    {0x7d9a, 0x05a, 0x01},
    {0x6e49, 0x489, 0x08},
    {0x6b36, 0xa16, 0x16},
    {0x43da, 0xd9a, 0x1b},
    {0x5671, -2, 0},
    {0x50cc, -2, 0},
    {0x70b4, -1, 0},
    {0x4f43, 0x5e3, 0x07},
    {0x2e2d, 0x1cd, 0x0d},
};

TEST(ostep_multilevel_matches_simulator_answers)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-multilevel");
    for (unsigned pg = 0; pg < 128; pg++)
        for (unsigned b = 0; b < 32; b++) {
            char hex[3] = {ml_pages[pg][2 * b], ml_pages[pg][2 * b + 1], 0};
            tm_put(mem, pg * 32 + b, 1, strtoul(hex, NULL, 16));
        }
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = ML_PDBR;
    for (unsigned i = 0; i < sizeof ml_expect / sizeof ml_expect[0]; i++) {
        for (int a = 0; a < MMU_ACC_COUNT; a++) {        /* no protection: every access alike */
            mmu_result res = T(p, &r, ml_expect[i].va, (mmu_access)a, (mmu_priv)(a & 1));
            if (ml_expect[i].pa == -1) {
                EXPECT_FAULT(res, MMU_CAUSE_PTE_INVALID, 1);
                EXPECT_EQ(res.pte_reads, 1);
            } else if (ml_expect[i].pa == -2) {
                EXPECT_FAULT(res, MMU_CAUSE_PTE_INVALID, 0);
                EXPECT_EQ(res.pte_reads, 2);
            } else {
                EXPECT_PA(res, (uint64_t)ml_expect[i].pa);
                EXPECT_EQ(tm_get(mem, res.pa, 1), ml_expect[i].value);
                EXPECT_EQ(res.level, 0);
            }
        }
    }
    EXPECT_EQ(tm_cas_calls(mem), 0);                     /* no A/D in this format */
}

/* ---- Sv39 / Sv32 walks ---------------------------------------------------- */

TEST(sv39_pages_of_every_size_translate)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = paging_regs();
    /* 4 KiB at 0x1000 -> frame 0x12345; 2 MiB at 0x40200000 -> 0x80200000;
     * 1 GiB at 0x80000000 -> 0x1_4000_0000 (PPN 0x140000, low 18 bits zero). */
    uint64_t a4k = map_at(p, 0x1000, 0, rv(0x12345, "vrwxad"));
    uint64_t a2m = map_at(p, 0x40200000, 1, rv(0x80200000 >> 12, "vrwad"));
    uint64_t a1g = map_at(p, 0x80000000, 2, rv(0x140000000ull >> 12, "vrad"));
    static const uint64_t offs4k[] = {0, 0x800, 0xfff};
    for (unsigned i = 0; i < 3; i++) {
        mmu_result res = T(p, &r, 0x1000 + offs4k[i], LD, S);
        EXPECT_PA(res, 0x12345000 + offs4k[i]);
        EXPECT_EQ(res.level, 0); EXPECT_EQ(res.map_shift, 12); EXPECT_EQ(res.pte_reads, 3);
        EXPECT(res.has_leaf); EXPECT_EQ(res.leaf_pte_addr, a4k);
    }
    static const uint64_t offs2m[] = {0, 0x12345, 0x1fffff};
    for (unsigned i = 0; i < 3; i++) {
        mmu_result res = T(p, &r, 0x40200000 + offs2m[i], ST, S);
        EXPECT_PA(res, 0x80200000 + offs2m[i]);
        EXPECT_EQ(res.level, 1); EXPECT_EQ(res.map_shift, 21); EXPECT_EQ(res.pte_reads, 2);
        EXPECT_EQ(res.leaf_pte_addr, a2m);
    }
    static const uint64_t offs1g[] = {0, 0x2345678, 0x3fffffff};
    for (unsigned i = 0; i < 3; i++) {
        mmu_result res = T(p, &r, 0x80000000 + offs1g[i], LD, S);
        EXPECT_PA(res, 0x140000000ull + offs1g[i]);
        EXPECT_EQ(res.level, 2); EXPECT_EQ(res.map_shift, 30); EXPECT_EQ(res.pte_reads, 1);
        EXPECT_EQ(res.leaf_pte_addr, a1g);
    }
    /* The top of the 56-bit PA space. */
    map_at(p, 0x3000, 0, rv(((uint64_t)1 << 44) - 1, "vrad"));
    EXPECT_PA(T(p, &r, 0x3fff, LD, S), ((uint64_t)1 << 56) - 1);
    /* Neighbours of the superpages are not mapped. */
    EXPECT_FAULT(T(p, &r, 0x40200000 - 1, LD, S), MMU_CAUSE_PTE_INVALID, 1);
    EXPECT_FAULT(T(p, &r, 0x40400000, LD, S), MMU_CAUSE_PTE_INVALID, 1);
    EXPECT_FAULT(T(p, &r, 0xc0000000, LD, S), MMU_CAUSE_PTE_INVALID, 2);
}

TEST(sv32_4k_and_4m_pages_translate)
{
    fresh();
    const mmu_profile *p = tp_profile("sv32");
    mmu_regs r = paging_regs();
    map_at(p, 0x00401000, 0, rv(0x2abcd, "vrwad"));
    map_at(p, 0x80000000, 1, rv(0x300000, "vrwad"));       /* 4 MiB at PA 0x3_0000_0000 */
    EXPECT_PA(T(p, &r, 0x00401abc, ST, S), 0x2abcdabc);
    mmu_result res = T(p, &r, 0x803fffff, LD, S);
    EXPECT_PA(res, 0x3003fffffull);                          /* 34-bit PA */
    EXPECT_EQ(res.level, 1); EXPECT_EQ(res.map_shift, 22); EXPECT_EQ(res.pte_reads, 1);
    EXPECT_PA(T(p, &r, 0x80000000, LD, S), 0x300000000ull);
    /* Sv32 PTE bits 31:10 are all PPN: nothing is reserved up there. */
    map_at(p, 0x00402000, 0, rv(0x3fffff, "vrad"));
    EXPECT_PA(T(p, &r, 0x00402fff, LD, S), 0x3ffffffffull);
}

/* Class 3: a superpage leaf whose low PPN fields are not zero faults, at each
 * level above 0, for each low field, for every access — and the Svadu walker
 * writes nothing (cvw PR#1892). */
TEST(sv39_misaligned_superpages_fault_without_ad_write)
{
    const mmu_profile *p = tp_profile("sv39");
    static const struct { int level; uint64_t ppn; } c[] = {
        {1, 0x80200 | 0x001},           /* 2 MiB, PPN[0] = 1     */
        {1, 0x80200 | 0x100},           /* 2 MiB, PPN[0] top bit */
        {2, 0x140000 | 0x001},          /* 1 GiB, PPN[0] != 0    */
        {2, 0x140000 | 0x200},          /* 1 GiB, PPN[1] = 1     */
        {2, 0x140000 | 0x3fe00},        /* 1 GiB, PPN[1] all set */
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++)
        for (int a = 0; a < MMU_ACC_COUNT; a++)
            for (int pv = 0; pv < 2; pv++) {
                fresh();
                mmu_regs r = paging_regs();
                uint64_t va = c[i].level == 1 ? 0x40200000 : 0x80000000;
                uint64_t pte = rv(c[i].ppn, pv == U ? "vrwxu" : "vrwx");   /* A=D=0 */
                uint64_t at = map_at(p, va, c[i].level, pte);
                mmu_result res = T(p, &r, va + 0x1234, (mmu_access)a, (mmu_priv)pv);
                EXPECT_FAULT(res, MMU_CAUSE_MISALIGNED, c[i].level);
                EXPECT_EQ(tm_cas_calls(mem), 0);
                EXPECT_EQ(tm_get(mem, at, 8), pte);
                EXPECT_EQ(res.ad_writes, 0);
                EXPECT_EQ(mmu_cause_riscv_code(res.cause, (mmu_access)a), 12 + a + (a == ST));
            }
}

TEST(sv32_misaligned_megapage_faults_without_ad_write)
{
    const mmu_profile *p = tp_profile("sv32");
    static const uint64_t low[] = {1, 0x200, 0x3ff};
    for (unsigned i = 0; i < 3; i++)
        for (int a = 0; a < MMU_ACC_COUNT; a++) {
            fresh();
            mmu_regs r = paging_regs();
            uint64_t pte = rv(0x300000 | low[i], "vrwx");
            uint64_t at = map_at(p, 0x80000000, 1, pte);
            EXPECT_FAULT(T(p, &r, 0x80000010, (mmu_access)a, S), MMU_CAUSE_MISALIGNED, 1);
            EXPECT_EQ(tm_cas_calls(mem), 0);
            EXPECT_EQ(tm_get(mem, at, 4), pte);
        }
}

/* Walk order: the superpage alignment check (spec step 5) comes before the
 * U/R/W/X checks (6-8). */
TEST(misaligned_is_reported_before_priv_and_prot)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = paging_regs();
    map_at(p, 0x40200000, 1, rv(0x80201, "vx"));     /* user load of a supervisor X-only page */
    EXPECT_FAULT(T(p, &r, 0x40200000, LD, U), MMU_CAUSE_MISALIGNED, 1);
}

/* Class 4: W=1 R=0 (also with X), Sv39 bits 63:54, and D/A/U on a pointer
 * are page faults (PTE_RESERVED) at the level where they are found. */
TEST(sv39_reserved_encodings_fault_at_each_level)
{
    const mmu_profile *p = tp_profile("sv39");
    static const char *const bad_leaf[] = {"vw", "vwx", "vwad", "vwxuad"};
    for (int lvl = 0; lvl < 3; lvl++)
        for (unsigned i = 0; i < 4; i++) {
            fresh();
            mmu_regs r = paging_regs();
            uint64_t pte = rv(0, bad_leaf[i]);
            uint64_t at = map_at(p, 0, lvl, pte);
            EXPECT_FAULT(T(p, &r, 0x10, LD, S), MMU_CAUSE_PTE_RESERVED, lvl);
            EXPECT_FAULT(T(p, &r, 0x10, ST, U), MMU_CAUSE_PTE_RESERVED, lvl);
            EXPECT_EQ(tm_get(mem, at, 8), pte);
        }
    /* Bits 63:54 (N, PBMT, reserved): on a leaf and on a pointer, each bit. */
    for (unsigned b = 54; b < 64; b++) {
        fresh();
        mmu_regs r = paging_regs();
        map_at(p, 0x1000, 0, rv(0x55, "vrwad") | ((uint64_t)1 << b));
        EXPECT_FAULT(T(p, &r, 0x1000, LD, S), MMU_CAUSE_PTE_RESERVED, 0);
        tm_put(mem, pte_addr_of(p, 0x1000, 0), 8, rv(0x55, "vrwad"));
        EXPECT_PA(T(p, &r, 0x1000, LD, S), 0x55000);
        uint64_t ptr = tm_get(mem, pte_addr_of(p, 0x1000, 1), 8);
        tm_put(mem, pte_addr_of(p, 0x1000, 1), 8, ptr | ((uint64_t)1 << b));
        EXPECT_FAULT(T(p, &r, 0x1000, LD, S), MMU_CAUSE_PTE_RESERVED, 1);
    }
    /* D, A, U on a pointer are reserved at every pointer level; G is not. */
    static const char *const bad_ptr[] = {"vd", "va", "vu", "vgu"};
    for (int lvl = 1; lvl < 3; lvl++)
        for (unsigned i = 0; i < 4; i++) {
            fresh();
            mmu_regs r = paging_regs();
            map_at(p, 0x1000, 0, rv(0x55, "vrwad"));
            uint64_t at = pte_addr_of(p, 0x1000, lvl);
            uint64_t ptr = tm_get(mem, at, 8) >> 10;
            tm_put(mem, at, 8, rv(ptr, bad_ptr[i]));
            EXPECT_FAULT(T(p, &r, 0x1000, LD, S), MMU_CAUSE_PTE_RESERVED, lvl);
            tm_put(mem, at, 8, rv(ptr, "vg"));
            EXPECT_PA(T(p, &r, 0x1000, LD, S), 0x55000);
        }
    /* RSW (bits 9:8) is ignored on leaves and pointers. */
    fresh();
    mmu_regs r = paging_regs();
    map_at(p, 0x1000, 0, rv(0x55, "vrwad") | 0x300);
    uint64_t at = pte_addr_of(p, 0x1000, 2);
    tm_put(mem, at, 8, tm_get(mem, at, 8) | 0x300);
    EXPECT_PA(T(p, &r, 0x1000, LD, S), 0x55000);
}

TEST(sv32_reserved_encodings_fault)
{
    fresh();
    const mmu_profile *p = tp_profile("sv32");
    mmu_regs r = paging_regs();
    map_at(p, 0x1000, 0, rv(0x55, "vwx"));
    EXPECT_FAULT(T(p, &r, 0x1000, FE, S), MMU_CAUSE_PTE_RESERVED, 0);
    map_at(p, 0x1000, 0, rv(0x55, "vrad"));
    uint64_t at = pte_addr_of(p, 0x1000, 1);
    uint64_t ptr = tm_get(mem, at, 4) >> 10;
    tm_put(mem, at, 4, rv(ptr, "va"));
    EXPECT_FAULT(T(p, &r, 0x1000, LD, S), MMU_CAUSE_PTE_RESERVED, 1);
}

TEST(pointer_at_level_0_is_no_leaf)
{
    static const char *const prof[] = {"sv39", "sv32"};
    for (unsigned i = 0; i < 2; i++) {
        fresh();
        const mmu_profile *p = tp_profile(prof[i]);
        mmu_regs r = paging_regs();
        map_at(p, 0x5000, 0, rv(0x77, "v"));
        EXPECT_FAULT(T(p, &r, 0x5000, LD, S), MMU_CAUSE_NO_LEAF, 0);
        map_at(p, 0x5000, 0, rv(0x77, "vg"));
        EXPECT_FAULT(T(p, &r, 0x5000, FE, U), MMU_CAUSE_NO_LEAF, 0);
    }
}

TEST(superpage_leaf_without_superpages_is_reserved)
{
    fresh();
    mmu_profile p = *tp_profile("sv39");
    p.superpages = 0;
    mmu_regs r = paging_regs();
    map_at(&p, 0x40200000, 1, rv(0x80200, "vrwad"));
    EXPECT_FAULT(T(&p, &r, 0x40200000, LD, S), MMU_CAUSE_PTE_RESERVED, 1);
    map_at(&p, 0x80000000, 2, rv(0x140000, "vrwad"));
    EXPECT_FAULT(T(&p, &r, 0x80000000, LD, S), MMU_CAUSE_PTE_RESERVED, 2);
}

TEST(invalid_pte_at_each_level_is_pte_invalid)
{
    const mmu_profile *p = tp_profile("sv39");
    for (int lvl = 0; lvl < 3; lvl++) {
        fresh();
        mmu_regs r = paging_regs();
        map_at(p, 0x7000, lvl, rv(0x1234, "rwxugad"));      /* everything but V */
        mmu_result res = T(p, &r, 0x7000, ST, U);
        EXPECT_FAULT(res, MMU_CAUSE_PTE_INVALID, lvl);
        EXPECT_EQ(res.pte_reads, 3 - lvl);
        EXPECT(!res.has_leaf);
    }
}

/* ---- U / SUM / MXR -------------------------------------------------------- */

/* Expected cause for one leaf, written from the spec's prose (step 6, 8). */
static mmu_cause expect_leaf(bool pu, bool pr, bool pw, bool px, mmu_access a, mmu_priv pv, bool sum, bool mxr)
{
    if (pv == U && !pu) return MMU_CAUSE_PRIV;
    if (pv == S && pu && a == FE) return MMU_CAUSE_PRIV;
    if (pv == S && pu && !sum) return MMU_CAUSE_PRIV;
    if (a == FE && !px) return MMU_CAUSE_PROT;
    if (a == LD && !pr && !(mxr && px)) return MMU_CAUSE_PROT;
    if (a == ST && !pw) return MMU_CAUSE_PROT;
    return MMU_CAUSE_NONE;
}

TEST(u_sum_mxr_matrix_for_every_valid_leaf)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    static const char *const rwx[] = {"r", "rw", "x", "rx", "rwx"};   /* the valid leaf kinds */
    unsigned n = 0;
    for (unsigned k = 0; k < 5; k++)
        for (int pu = 0; pu < 2; pu++) {
            char f[16];
            snprintf(f, sizeof f, "v%sad%s", rwx[k], pu ? "u" : "");
            map_at(p, 0x10000, 0, rv(0x99, f));
            for (int sum = 0; sum < 2; sum++)
                for (int mxr = 0; mxr < 2; mxr++)
                    for (int a = 0; a < MMU_ACC_COUNT; a++)
                        for (int pv = 0; pv < 2; pv++) {
                            mmu_regs r = paging_regs();
                            r.sum = sum; r.mxr = mxr;
                            mmu_cause want = expect_leaf(pu, strchr(rwx[k], 'r'), strchr(rwx[k], 'w'),
                                                         strchr(rwx[k], 'x'), (mmu_access)a, (mmu_priv)pv,
                                                         sum, mxr);
                            mmu_result res = T(p, &r, 0x10008, (mmu_access)a, (mmu_priv)pv);
                            EXPECT_EQ(res.cause, want);
                            if (want == MMU_CAUSE_NONE) EXPECT_EQ(res.pa, 0x99008);
                            else EXPECT_EQ(res.level, 0);
                            /* The TLB models' entry point agrees with the walk. */
                            EXPECT_EQ(mmu_leaf_check(p, &r, rv(0x99, f), (mmu_access)a, (mmu_priv)pv), want);
                            n++;
                        }
        }
    EXPECT_EQ(n, 5 * 2 * 2 * 2 * 3 * 2);
}

TEST(supervisor_fetch_of_user_page_faults_even_with_sum)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = paging_regs();
    r.sum = true;
    r.mxr = true;
    map_at(p, 0x10000, 0, rv(0x99, "vrwxuad"));
    EXPECT_FAULT(T(p, &r, 0x10000, FE, S), MMU_CAUSE_PRIV, 0);
    EXPECT_PA(T(p, &r, 0x10000, LD, S), 0x99000);
    EXPECT_PA(T(p, &r, 0x10000, ST, S), 0x99000);
    EXPECT_PA(T(p, &r, 0x10000, FE, U), 0x99000);
}

TEST(mxr_makes_execute_only_pages_readable_for_loads_only)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = paging_regs();
    map_at(p, 0x10000, 0, rv(0x99, "vxad"));
    EXPECT_FAULT(T(p, &r, 0x10000, LD, S), MMU_CAUSE_PROT, 0);
    r.mxr = true;
    EXPECT_PA(T(p, &r, 0x10000, LD, S), 0x99000);
    EXPECT_FAULT(T(p, &r, 0x10000, ST, S), MMU_CAUSE_PROT, 0);      /* never writable */
    EXPECT_PA(T(p, &r, 0x10000, FE, S), 0x99000);
    map_at(p, 0x10000, 0, rv(0x99, "vrad"));                         /* MXR grants no X */
    EXPECT_FAULT(T(p, &r, 0x10000, FE, S), MMU_CAUSE_PROT, 0);
}

TEST(sum_has_no_effect_in_user_mode)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = paging_regs();
    r.sum = true;
    map_at(p, 0x10000, 0, rv(0x99, "vrwxad"));                      /* supervisor page */
    for (int a = 0; a < MMU_ACC_COUNT; a++) {
        EXPECT_FAULT(T(p, &r, 0x10000, (mmu_access)a, U), MMU_CAUSE_PRIV, 0);
        EXPECT_PA(T(p, &r, 0x10000, (mmu_access)a, S), 0x99000);
    }
}

/* Class 6: SUM and MXR take effect at once (nothing is cached). */
TEST(sum_mxr_changes_take_effect_on_the_next_access)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = paging_regs();
    map_at(p, 0x10000, 0, rv(0x99, "vxuad"));
    EXPECT_FAULT(T(p, &r, 0x10000, LD, S), MMU_CAUSE_PRIV, 0);
    r.sum = true;
    EXPECT_FAULT(T(p, &r, 0x10000, LD, S), MMU_CAUSE_PROT, 0);
    r.mxr = true;
    EXPECT_PA(T(p, &r, 0x10000, LD, S), 0x99000);
    r.sum = false;
    EXPECT_FAULT(T(p, &r, 0x10000, LD, S), MMU_CAUSE_PRIV, 0);
    r.sum = true; r.mxr = false;
    EXPECT_FAULT(T(p, &r, 0x10000, LD, S), MMU_CAUSE_PROT, 0);
    EXPECT_FAULT(T(p, &r, 0x10000, LD, U), MMU_CAUSE_PROT, 0);
    EXPECT_PA(T(p, &r, 0x10000, FE, U), 0x99000);
}

/* ---- address space, G, bus errors ---------------------------------------- */

TEST(sv39_canonical_high_half_translates_and_noncanonical_faults_without_reading)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = paging_regs();
    uint64_t hi = 0xffffffffc0201000ull;                 /* VPN[2] = 0x1ff, VPN[1] = 1, VPN[0] = 1 */
    map_at(p, hi, 0, rv(0xabc, "vrwad"));
    map_at(p, 0xffffffc000000000ull, 2, rv(0x40000, "vrwad"));   /* lowest negative GiB */
    EXPECT_PA(T(p, &r, hi + 0x123, LD, S), 0xabc123);
    EXPECT_PA(T(p, &r, 0xffffffc000000000ull + 0x3fffffff, LD, S), 0x40000000ull + 0x3fffffff);
    unsigned before = tm_reads(mem);
    static const uint64_t bad[] = {0x0000004000000000ull, 0x8000000000000000ull, 0xffffff8000000000ull,
                                   0x7fffffc0201000ull, 0xfffffeffc0201000ull};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mmu_result res = T(p, &r, bad[i], LD, S);
        EXPECT_FAULT(res, MMU_CAUSE_NONCANONICAL, -1);
        EXPECT_EQ(res.pte_reads, 0);
        EXPECT_EQ(mmu_cause_riscv_code(res.cause, LD), 13);
    }
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_NONCANONICAL, FE), 12);
    EXPECT_EQ(tm_reads(mem), before);
    EXPECT(mmu_va_in_range(p, 0x0000003fffffffffull));
    EXPECT(mmu_va_in_range(p, 0xffffffc000000000ull));
    EXPECT(!mmu_va_in_range(p, 0x0000004000000000ull));
    EXPECT_EQ(mmu_va_mask(p), 0x7fffffffffull);
    EXPECT_EQ(mmu_va_vpn(p, hi, 2), 0x1ff);
    EXPECT_EQ(mmu_va_vpn(p, hi, 1), 1);
    EXPECT_EQ(mmu_va_vpn(p, hi, 0), 1);
}

TEST(global_bit_accumulates_from_pointers)
{
    const mmu_profile *p = tp_profile("sv39");
    for (int glvl = -1; glvl < 3; glvl++) {              /* -1: no G anywhere */
        fresh();
        mmu_regs r = paging_regs();
        map_at(p, 0x1000, 0, rv(0x55, glvl == 0 ? "vrgad" : "vrad"));
        if (glvl > 0) {
            uint64_t at = pte_addr_of(p, 0x1000, glvl);
            tm_put(mem, at, 8, tm_get(mem, at, 8) | (1u << MMU_RV_G));
        }
        mmu_result res = T(p, &r, 0x1000, LD, S);
        EXPECT_PA(res, 0x55000);
        EXPECT_EQ(res.global, glvl >= 0);
    }
    /* G on a superpage leaf. */
    fresh();
    mmu_regs r = paging_regs();
    map_at(p, 0x80000000, 2, rv(0x140000, "vrgad"));
    EXPECT(T(p, &r, 0x80000000, LD, S).global);
}

/* Class 5: a bus error reading a PTE is an access fault of the original
 * access type at that level, whatever the PTE would have said. */
TEST(pte_read_bus_error_at_each_level_is_access_fault)
{
    const mmu_profile *p = tp_profile("sv39");
    for (int lvl = 0; lvl < 3; lvl++)
        for (int a = 0; a < MMU_ACC_COUNT; a++) {
            fresh();
            mmu_regs r = paging_regs();
            map_at(p, 0x1000, 0, rv(0x55, "vwx"));           /* reserved if it were read */
            tm_fail_read_at(mem, pte_addr_of(p, 0x1000, lvl));
            mmu_result res = T(p, &r, 0x1000, (mmu_access)a, U);
            EXPECT_FAULT(res, MMU_CAUSE_ACCESS, lvl);
            EXPECT_EQ(mmu_cause_riscv_code(res.cause, (mmu_access)a), a == FE ? 1 : a == LD ? 5 : 7);
            EXPECT_EQ(res.pte_reads, 2 - lvl);               /* successful reads before it */
            EXPECT(!res.has_leaf);
        }
    /* A root beyond physical memory. */
    fresh();
    mmu_regs r = paging_regs();
    r.ptbase = (uint64_t)1 << 44;
    EXPECT_FAULT(T(p, &r, 0x1000, LD, S), MMU_CAUSE_ACCESS, 2);
}

/* Classes 9 and 10 at the arch level: a PTE store is seen by the very next
 * translation (invalid -> valid, 4K -> superpage, remap). */
TEST(pte_changes_are_seen_by_the_next_walk)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = paging_regs();
    map_at(p, 0x40201000, 0, rv(0x55, "rwad"));                       /* V=0 */
    EXPECT_FAULT(T(p, &r, 0x40201000, LD, S), MMU_CAUSE_PTE_INVALID, 0);
    map_at(p, 0x40201000, 0, rv(0x55, "vrwad"));
    EXPECT_PA(T(p, &r, 0x40201000, LD, S), 0x55000);
    map_at(p, 0x40201000, 1, rv(0x80200, "vrwad"));                   /* now a 2 MiB page */
    mmu_result res = T(p, &r, 0x40201000, LD, S);
    EXPECT_PA(res, 0x80201000);
    EXPECT_EQ(res.map_shift, 21);
}

int main(void)
{
    RUN(ostep_linear_matches_simulator_answers);
    RUN(ostep_linear_ro_nx_sup_protect_the_page);
    RUN(ostep_linear_user_pages_follow_the_sum_rule_for_supervisor);
    RUN(ostep_linear_reserved_bits_fault);
    RUN(ostep_linear_a_d_bits);
    RUN(ostep_multilevel_matches_simulator_answers);
    RUN(sv39_pages_of_every_size_translate);
    RUN(sv32_4k_and_4m_pages_translate);
    RUN(sv39_misaligned_superpages_fault_without_ad_write);
    RUN(sv32_misaligned_megapage_faults_without_ad_write);
    RUN(misaligned_is_reported_before_priv_and_prot);
    RUN(sv39_reserved_encodings_fault_at_each_level);
    RUN(sv32_reserved_encodings_fault);
    RUN(pointer_at_level_0_is_no_leaf);
    RUN(superpage_leaf_without_superpages_is_reserved);
    RUN(invalid_pte_at_each_level_is_pte_invalid);
    RUN(u_sum_mxr_matrix_for_every_valid_leaf);
    RUN(supervisor_fetch_of_user_page_faults_even_with_sum);
    RUN(mxr_makes_execute_only_pages_readable_for_loads_only);
    RUN(sum_has_no_effect_in_user_mode);
    RUN(sum_mxr_changes_take_effect_on_the_next_access);
    RUN(sv39_canonical_high_half_translates_and_noncanonical_faults_without_reading);
    RUN(global_bit_accumulates_from_pointers);
    RUN(pte_read_bus_error_at_each_level_is_access_fault);
    RUN(pte_changes_are_seen_by_the_next_walk);
    tm_free(mem);
    return check_summary();
}
