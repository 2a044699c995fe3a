/* explain_svg.c — mmu_explain_svg / mmu_explain_html (mmu_explain_svg.h).
 *
 * One panel per translation, laid out like a textbook figure:
 *
 *   title                                       access, profile, mode
 *   [ VPN[2] | VPN[1] | VPN[0] | offset ]       [ TLB set s: w0 w1 ... ]
 *        \         \        \
 *   [level 2 table]->[level 1 table]->[level 0 table]   PTE read, bits, fault
 *   [ frame | offset ]  PA 0x...                (or the fault, no PA)
 *
 * Segment modes draw the segment register and its checks instead of tables.
 * Only what the arch model recorded is drawn (mmu_explain's lines and reads,
 * mmu_result): the figure has no rule of its own. Every value sits in a
 * group with a class and data-* attributes (field, tlb, pte, segment,
 * result) so that tests can find it; see tb/checks/explain_svg.sh. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch_internal.h"
#include "mmu_explain_svg.h"

enum {
    MARGIN = 20,
    VA_W = 520,          /* width of the VA bar                             */
    FIELD_MIN = 64,      /* narrowest field box                             */
    BAR_H = 40,
    TLB_X = 580,
    WAY_W = 30,
    TABLE_W = 270,
    TABLE_GAP = 46,
    TABLE_H = 232,       /* table, bits, notes and room for a fault box     */
    SEG_LINE = 17,
    MIN_W = 900,
};

static const char *const LEVEL_FILL[MMU_MAX_LEVELS] = {"#dcfce7", "#dbeafe", "#fef3c7", "#f3e8ff"};
#define OFFSET_FILL "#e5e7eb"
#define SEG_FILL "#fce7f3"

static const char STYLE[] =
    "text{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;font-size:12px;fill:#111}"
    ".mono{font-family:DejaVu Sans Mono,Menlo,Consolas,monospace}"
    ".title{font-size:15px;font-weight:bold}.lbl{font-size:11px;fill:#555}"
    ".box{fill:#fff;stroke:#333;stroke-width:1.2}.faint{fill:#999}"
    ".hl{stroke:#111;stroke-width:1.5}.bit.on rect{fill:#1f2937}.bit.on text{fill:#fff}"
    ".bit.off rect{fill:#fff;stroke:#bbb}.bit.off text{fill:#bbb}.bit rect{stroke:#1f2937}"
    ".way rect{fill:#fff;stroke:#333}.way.hit rect{fill:#86efac}.way.fill rect{fill:#93c5fd}"
    ".fault rect{fill:#fee2e2;stroke:#b91c1c;stroke-width:1.5}.fault text{fill:#991b1b}"
    ".faulted{stroke:#b91c1c;stroke-width:2.5}.result{font-size:14px;font-weight:bold}"
    ".result.bad{fill:#b91c1c}.arrow{stroke:#444;stroke-width:1.3;fill:none;marker-end:url(#arrowhead)}"
    ".skipped{opacity:0.45}";

/* ---- small SVG writers ------------------------------------------------- */

static void put_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f); break;
        }
    }
}

/* <text> at x,y; anchor "start" | "middle" | "end". */
static void text(FILE *f, int x, int y, const char *cls, const char *anchor, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void text(FILE *f, int x, int y, const char *cls, const char *anchor, const char *fmt, ...)
{
    char buf[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(f, "<text x=\"%d\" y=\"%d\"", x, y);
    if (cls && *cls) fprintf(f, " class=\"%s\"", cls);
    if (anchor && strcmp(anchor, "start")) fprintf(f, " text-anchor=\"%s\"", anchor);
    fputc('>', f);
    put_escaped(f, buf);
    fputs("</text>\n", f);
}

static void rect(FILE *f, int x, int y, int w, int h, const char *cls, const char *fill)
{
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"", x, y, w, h);
    if (cls && *cls) fprintf(f, " class=\"%s\"", cls);
    if (fill) fprintf(f, " style=\"fill:%s\"", fill);
    fputs("/>\n", f);
}

static void arrow(FILE *f, int x1, int y1, int x2, int y2)
{
    fprintf(f, "<path class=\"arrow\" d=\"M%d %d L%d %d\"/>\n", x1, y1, x2, y2);
}

/* Rough width of s in px at 12px (the figure only needs boxes that fit). */
static int text_w(const char *s, int px_per_char) { return (int)strlen(s) * px_per_char; }

static void hex(char *buf, size_t n, uint64_t v) { snprintf(buf, n, "0x%" PRIx64, v); }

/* ---- the VA split ------------------------------------------------------ */

typedef struct {
    char name[24];       /* "VPN[1]", "offset", "segment" ...             */
    unsigned msb, lsb;
    uint64_t value;
    const char *fill;
    int level;           /* walk level a VPN field indexes, -1 otherwise    */
    int x, w;            /* laid out by layout_fields                       */
} va_field;

static unsigned split_va(const mmu_profile *p, const mmu_regs *regs, uint64_t va, va_field *out)
{
    unsigned n = 0, top = p->va_bits - 1;
    uint64_t v = va & mmu_va_mask(p);
#define FIELD(nm, hi, lo, fl, lvl) do { \
        va_field *fd = &out[n++]; snprintf(fd->name, sizeof fd->name, "%s", nm); \
        fd->msb = (hi); fd->lsb = (lo); fd->value = (v >> (lo)) & arch_mask((hi) - (lo) + 1); \
        fd->fill = (fl); fd->level = (lvl); } while (0)
    switch (regs->mode) {
    case MMU_MODE_PAGING: {
        unsigned covered = p->page_shift + p->levels * p->vpn_bits;
        if (p->va_bits > covered) FIELD("unused", top, covered, "#fff", -1);
        for (int i = (int)p->levels - 1; i >= 0; i--) {
            char nm[24];
            if (p->levels == 1) snprintf(nm, sizeof nm, "VPN");
            else snprintf(nm, sizeof nm, "VPN[%d]", i);
            unsigned lo = p->page_shift + (unsigned)i * p->vpn_bits;
            FIELD(nm, lo + p->vpn_bits - 1, lo, LEVEL_FILL[i], i);
        }
        FIELD("offset", p->page_shift - 1, 0, OFFSET_FILL, -1);
        break;
    }
    case MMU_MODE_HYBRID: {
        unsigned off = mmu_profile_seg_offset_bits(p);
        FIELD("segment", top, off, SEG_FILL, -1);
        FIELD("VPN", off - 1, p->page_shift, LEVEL_FILL[0], 0);
        FIELD("offset", p->page_shift - 1, 0, OFFSET_FILL, -1);
        break;
    }
    case MMU_MODE_SEGMENTATION: {
        unsigned off = mmu_profile_seg_offset_bits(p);
        FIELD("segment", top, off, SEG_FILL, -1);
        FIELD("offset", off - 1, 0, OFFSET_FILL, -1);
        break;
    }
    case MMU_MODE_BASE_BOUNDS: FIELD("offset", top, 0, OFFSET_FILL, -1); break;
    default: FIELD("VA", top, 0, OFFSET_FILL, -1); break;
    }
#undef FIELD
    return n;
}

/* Widths in proportion to the bits, none narrower than FIELD_MIN. */
static void layout_fields(va_field *fd, unsigned n, unsigned va_bits)
{
    int x = MARGIN;
    for (unsigned i = 0; i < n; i++) {
        int w = (int)((fd[i].msb - fd[i].lsb + 1) * VA_W / va_bits);
        fd[i].w = w < FIELD_MIN ? FIELD_MIN : w;
        fd[i].x = x;
        x += fd[i].w;
    }
}

static void field_value(const mmu_profile *p, const va_field *fd, char *buf, size_t n)
{
    if (!strcmp(fd->name, "segment")) {
        char bits[65];
        snprintf(buf, n, "%s (%" PRIu64 ")", arch_sel_bits(p, fd->value, bits), fd->value);
        return;
    }
    snprintf(buf, n, "0x%" PRIx64 " (%" PRIu64 ")", fd->value, fd->value);
    if (text_w(buf, 7) > fd->w - 6) hex(buf, n, fd->value);
}

static void draw_field(FILE *f, const mmu_profile *p, const va_field *fd, int y)
{
    char val[64];
    field_value(p, fd, val, sizeof val);
    fprintf(f, "<g class=\"field\" data-name=\"%s\" data-value=\"0x%" PRIx64 "\">\n", fd->name, fd->value);
    text(f, fd->x + fd->w / 2, y - 5, "lbl", "middle", "%s", fd->name);
    rect(f, fd->x, y, fd->w, BAR_H, "box", fd->fill);
    text(f, fd->x + fd->w / 2, y + 25, "mono", "middle", "%s", val);
    if (fd->msb == fd->lsb) text(f, fd->x + fd->w / 2, y + BAR_H + 13, "lbl", "middle", "%u", fd->msb);
    else text(f, fd->x + fd->w / 2, y + BAR_H + 13, "lbl", "middle", "%u:%u", fd->msb, fd->lsb);
    fputs("</g>\n", f);
}

/* ---- pieces of a panel ------------------------------------------------- */

static void draw_fault(FILE *f, int x, int y, const mmu_result *r)
{
    const char *name = mmu_cause_name(r->cause), *why = mmu_cause_text(r->cause);
    char head[96];
    if (r->level >= 0) snprintf(head, sizeof head, "fault %s at level %d", name, r->level);
    else snprintf(head, sizeof head, "fault %s", name);
    int w = text_w(why, 6) + 16;
    if (text_w(head, 8) + 16 > w) w = text_w(head, 8) + 16;
    fprintf(f, "<g class=\"fault\" data-cause=\"%s\">\n", name);
    rect(f, x, y, w, 40, NULL, NULL);
    text(f, x + 8, y + 16, "mono", "start", "%s", head);
    text(f, x + 8, y + 32, "lbl", "start", "%s", why);
    fputs("</g>\n", f);
}

static void draw_tlb(FILE *f, const mmu_figure_step *s, int y)
{
    int x = TLB_X;
    fprintf(f, "<g class=\"tlb\" data-set=\"%u\" data-hit-way=\"%d\" data-fill-way=\"%d\">\n",
            s->tlb_set, s->tlb_hit_way, s->tlb_fill_way);
    text(f, x, y - 5, "lbl", "start", "TLB: %u sets x %u ways", s->tlb_sets, s->tlb_ways);
    text(f, x, y + 25, "mono", "start", "set %u", s->tlb_set);
    int wx = x + 62;
    for (unsigned w = 0; w < s->tlb_ways && w < 16; w++) {
        const char *st = (int)w == s->tlb_hit_way ? "way hit" : (int)w == s->tlb_fill_way ? "way fill" : "way";
        fprintf(f, "<g class=\"%s\" data-way=\"%u\">", st, w);
        rect(f, wx + (int)w * WAY_W, y + 8, WAY_W - 4, 24, NULL, NULL);
        text(f, wx + (int)w * WAY_W + (WAY_W - 4) / 2, y + 25, "lbl", "middle", "w%u", w);
        fputs("</g>\n", f);
    }
    if (s->tlb_hit_way >= 0)
        text(f, x, y + BAR_H + 13, "", "start", "hit in way %d: no walk needed", s->tlb_hit_way);
    else if (s->tlb_fill_way >= 0)
        text(f, x, y + BAR_H + 13, "", "start", "miss: walk, then fill way %d", s->tlb_fill_way);
    else
        text(f, x, y + BAR_H + 13, "", "start", "miss: walk (a fault fills nothing)");
    fputs("</g>\n", f);
}

static const char *const PTE_KIND[] = {
    [ARCH_PTE_INVALID] = "not valid", [ARCH_PTE_RESERVED] = "reserved encoding",
    [ARCH_PTE_POINTER] = "pointer to the next table", [ARCH_PTE_LEAF] = "leaf",
};

/* Bits V R W X U G A D of a PTE (only V for a format without protection). */
static void draw_bits(FILE *f, const mmu_profile *p, uint64_t pte, int x, int y)
{
    arch_pte_flags fl = arch_pte_flags_of(p, pte);
    const char *names = fl.has_prot ? "VRWXUGAD" : "V";
    bool on[8] = {fl.v, fl.r, fl.w, fl.x, fl.u, fl.g, fl.a, fl.d};
    for (unsigned i = 0; names[i]; i++) {
        fprintf(f, "<g class=\"bit %s\" data-bit=\"%c\">", on[i] ? "on" : "off", names[i]);
        rect(f, x + (int)i * 28, y, 24, 20, NULL, NULL);
        text(f, x + (int)i * 28 + 12, y + 15, "mono", "middle", "%c", names[i]);
        fputs("</g>\n", f);
    }
}

/* One table of the walk with the PTE read from it. */
static void draw_table(FILE *f, const mmu_profile *p, const mmu_figure_step *s, unsigned k, int x, int y,
                       bool faulted_here)
{
    const mmu_explain_read *rd = &s->ex->read[k];
    const mmu_result *r = &s->result;
    char addr[32], val[32];
    hex(addr, sizeof addr, rd->pte_addr);
    hex(val, sizeof val, rd->pte);
    const char *fill = rd->level >= 0 && rd->level < MMU_MAX_LEVELS ? LEVEL_FILL[rd->level] : "#fff";
    fprintf(f, "<g class=\"pte\" data-level=\"%d\" data-addr=\"%s\" data-pte=\"%s\">\n", rd->level, addr,
            rd->ok ? val : "none");
    if (s->ex->reads == 1 && s->result.segment >= 0)
        text(f, x, y - 6, "lbl", "start", "segment %d's page table @ 0x%" PRIx64, s->result.segment, rd->table);
    else
        text(f, x, y - 6, "lbl", "start", "level %d table @ 0x%" PRIx64, rd->level, rd->table);
    rect(f, x, y, TABLE_W, 90, faulted_here ? "box faulted" : "box", NULL);
    text(f, x + TABLE_W / 2, y + 16, "faint", "middle", "...");
    rect(f, x, y + 24, TABLE_W, 28, "hl", fill);
    text(f, x + 6, y + 43, "mono", "start", "[0x%" PRIx64 "]", rd->index);
    if (rd->ok) text(f, x + TABLE_W - 6, y + 43, "mono", "end", "PTE %s", val);
    else text(f, x + TABLE_W - 6, y + 43, "mono", "end", "bus error");
    text(f, x + TABLE_W / 2, y + 74, "faint", "middle", "...");
    int ty = y + 90;
    text(f, x, ty + 16, "lbl", "start", "PTE @ %s = 0x%" PRIx64 " + 0x%" PRIx64 " x %u", addr, rd->table,
         rd->index, p->pte_bytes);
    if (rd->ok) {
        draw_bits(f, p, rd->pte, x, ty + 24);
        uint64_t ppn = mmu_pte_ppn(p, rd->pte);
        const char *kind = rd->kind >= 0 && rd->kind <= ARCH_PTE_LEAF ? PTE_KIND[rd->kind] : "?";
        if (rd->kind == ARCH_PTE_POINTER || rd->kind == ARCH_PTE_LEAF)
            text(f, x, ty + 60, "", "start", "%s, PPN 0x%" PRIx64, kind, ppn);
        else
            text(f, x, ty + 60, "", "start", "%s", kind);
    }
    int ny = ty + 78;
    if (k + 1 == s->ex->reads && s->ex->ad_write) {
        text(f, x, ny, "lbl", "start", "Svadu: PTE written 0x%" PRIx64 " -> 0x%" PRIx64, s->ex->ad_old,
             s->ex->ad_new);
        ny += 14;
    }
    if (faulted_here) draw_fault(f, x, ny - 6, r);
    fputs("</g>\n", f);
}

/* Segment register used, and the checks the arch model wrote for it. */
static int draw_segment(FILE *f, const mmu_profile *p, const mmu_regs *regs, const mmu_figure_step *s,
                        int y)
{
    const mmu_result *r = &s->result;
    int seg = regs->mode == MMU_MODE_BASE_BOUNDS ? 0 : r->segment;
    const mmu_segment *sg = seg >= 0 && seg < MMU_MAX_SEGMENTS && (unsigned)seg < p->seg_count ? &regs->seg[seg] : NULL;
    /* Lines between the VA split and the final "->" line are the checks. */
    unsigned first = 2, last = s->ex->count > 0 ? s->ex->count - 1 : 0;
    int h = 30 + (int)(last > first ? last - first : 0) * SEG_LINE;
    fprintf(f, "<g class=\"segment\" data-segment=\"%d\">\n", seg);
    if (regs->mode == MMU_MODE_BASE_BOUNDS) text(f, MARGIN, y - 6, "lbl", "start", "base and bounds register");
    else text(f, MARGIN, y - 6, "lbl", "start", "segment register %d%s", seg, arch_seg_label(p, sg, (unsigned)seg));
    rect(f, MARGIN, y, VA_W + 200, h, r->fault ? "box faulted" : "box", SEG_FILL);
    if (sg && sg->valid && regs->mode == MMU_MODE_HYBRID)
        text(f, MARGIN + 8, y + 18, "mono", "start", "page table @ 0x%" PRIx64 ", bound %" PRIu64 " pages",
             sg->base, sg->bound);
    else if (sg && sg->valid)
        text(f, MARGIN + 8, y + 18, "mono", "start", "base %" PRIu64 " (0x%" PRIx64 ")  bound %" PRIu64
             "  %c%c%c  %s%s", sg->base, sg->base, sg->bound, sg->r ? 'r' : '-', sg->w ? 'w' : '-',
             sg->x ? 'x' : '-', sg->user ? "user" : "supervisor only", sg->grows_negative ? "  grows down" : "");
    else
        text(f, MARGIN + 8, y + 18, "mono", "start", "%s", sg ? "not valid" : "no such segment register");
    for (unsigned i = first; i < last; i++)
        text(f, MARGIN + 8, y + 18 + (int)(i - first + 1) * SEG_LINE, "", "start", "%s", s->ex->line[i]);
    if (r->fault) draw_fault(f, MARGIN, y + h + 8, r);
    fputs("</g>\n", f);
    return h + (r->fault ? 56 : 14);
}

/* PA bar: frame and offset (paging), or one box; then the result text. */
static void draw_pa(FILE *f, const mmu_profile *p, const mmu_regs *regs, const mmu_figure_step *s,
                    const va_field *off, int y)
{
    const mmu_result *r = &s->result;
    fputs("<g class=\"pa\">\n", f);
    int right;
    bool paged = (regs->mode == MMU_MODE_PAGING || regs->mode == MMU_MODE_HYBRID) && r->has_leaf;
    if (paged && off) {
        unsigned shift = r->map_shift;
        uint64_t frame = r->pa >> shift, low = r->pa & arch_mask(shift);
        int ow = off->w, fx = MARGIN, fw = VA_W - ow;
        text(f, fx + fw / 2, y - 5, "lbl", "middle", "%s", shift > p->page_shift ? "superpage frame" : "frame (PPN)");
        rect(f, fx, y, fw, BAR_H, "box", "#fff7ed");
        text(f, fx + fw / 2, y + 25, "mono", "middle", "0x%" PRIx64, frame);
        text(f, fx + fw / 2, y + BAR_H + 13, "lbl", "middle", "%u:%u", p->pa_bits - 1, shift);
        text(f, off->x + ow / 2, y - 5, "lbl", "middle", "offset (from the VA)");
        rect(f, off->x, y, ow, BAR_H, "box", OFFSET_FILL);
        text(f, off->x + ow / 2, y + 25, "mono", "middle", "0x%" PRIx64, low);
        text(f, off->x + ow / 2, y + BAR_H + 13, "lbl", "middle", "%u:0", shift - 1);
        right = off->x + ow;
    } else {
        text(f, MARGIN + VA_W / 2, y - 5, "lbl", "middle", "physical address");
        rect(f, MARGIN, y, VA_W, BAR_H, "box", "#fff7ed");
        text(f, MARGIN + VA_W / 2, y + 25, "mono", "middle", "0x%" PRIx64 " (%" PRIu64 ")", r->pa, r->pa);
        right = MARGIN + VA_W;
    }
    fputs("</g>\n", f);
    fprintf(f, "<g class=\"result\" data-pa=\"0x%" PRIx64 "\">", r->pa);
    text(f, right + 16, y + 25, "result mono", "start", "PA 0x%" PRIx64 " (%" PRIu64 ")", r->pa, r->pa);
    fputs("</g>\n", f);
}

/* ---- a panel ------------------------------------------------------------ */

static int panel_width(const mmu_profile *p)
{
    int w = 2 * MARGIN + (int)p->levels * TABLE_W + ((int)p->levels - 1) * TABLE_GAP;
    return w < MIN_W ? MIN_W : w;
}

/* Height of the panel (drawn at y 0). */
static int draw_panel(FILE *f, const mmu_profile *p, const mmu_regs *regs, const mmu_figure_step *s,
                      unsigned number)
{
    const mmu_result *r = &s->result;
    va_field fd[MMU_MAX_LEVELS + 3];
    unsigned nf = split_va(p, regs, s->va, fd);
    layout_fields(fd, nf, p->va_bits);
    const va_field *off = NULL;
    for (unsigned i = 0; i < nf; i++)
        if (!strcmp(fd[i].name, "offset")) off = &fd[i];

    text(f, MARGIN, 22, "title", "start", "%u. %s %s VA 0x%" PRIx64 " (%" PRIu64 ")  -  profile %s, mode %s", number,
         s->priv == MMU_PRIV_USER ? "user" : "supervisor", mmu_access_name(s->acc), s->va, s->va, p->name,
         mmu_mode_name(regs->mode));
    int y = 66;
    fputs("<g class=\"va\">\n", f);
    text(f, MARGIN, y - 22, "lbl", "start", "virtual address, %u bits%s", p->va_bits,
         p->va_sign_extend ? " (bits above: copies of the top bit)" : "");
    for (unsigned i = 0; i < nf; i++) draw_field(f, p, &fd[i], y);
    bool step0 = r->fault && r->cause == MMU_CAUSE_NONCANONICAL;
    if (step0) draw_fault(f, MARGIN, y + BAR_H + 22, r);
    fputs("</g>\n", f);
    bool walks = regs->mode == MMU_MODE_PAGING || regs->mode == MMU_MODE_HYBRID;
    if (walks && s->tlb_sets) draw_tlb(f, s, y);
    y += BAR_H + (step0 ? 80 : 44);
    if (step0) {
        fprintf(f, "<g class=\"result\" data-fault=\"%s\">", mmu_cause_name(r->cause));
        text(f, MARGIN, y, "result bad", "start", "no physical address: fault %s", mmu_cause_name(r->cause));
        fputs("</g>\n", f);
        return y + 16;
    }

    int walk_ty = -1;
    if (walks) {
        unsigned n = s->ex->reads;
        if (regs->mode == MMU_MODE_HYBRID && r->segment >= 0 && n == 0) {
            /* Hybrid faults before its only read: the segment checks. */
            y += draw_segment(f, p, regs, s, y + 14) + 24;
        }
        if (n) {
            int ty = walk_ty = y + 34;
            fprintf(f, "<g class=\"walk%s\">\n", s->tlb_hit_way >= 0 ? " skipped" : "");
            if (s->tlb_hit_way >= 0)
                text(f, MARGIN, y + 8, "lbl", "start", "the walk a miss would do (not done: TLB hit)");
            for (unsigned k = 0; k < n; k++) {
                int tx = MARGIN + (int)k * (TABLE_W + TABLE_GAP);
                const mmu_explain_read *rd = &s->ex->read[k];
                bool here = r->fault && k + 1 == n && (r->level == rd->level || r->level < 0);
                /* VPN field -> the index row of its table. */
                for (unsigned i = 0; i < nf; i++)
                    if (fd[i].level == rd->level && fd[i].level >= 0)
                        arrow(f, fd[i].x + fd[i].w / 2, 66 + BAR_H + 16, tx + 28, ty + 22);
                draw_table(f, p, s, k, tx, ty, here);
                if (k + 1 < n) arrow(f, tx + TABLE_W, ty + 38, tx + TABLE_W + TABLE_GAP - 2, ty + 10);
            }
            fputs("</g>\n", f);
            y = ty + TABLE_H;
        }
    } else if (regs->mode == MMU_MODE_SEGMENTATION || regs->mode == MMU_MODE_BASE_BOUNDS) {
        y += draw_segment(f, p, regs, s, y + 14) + 22;
    }

    if (r->fault) {
        fprintf(f, "<g class=\"result\" data-fault=\"%s\">", mmu_cause_name(r->cause));
        text(f, MARGIN, y, "result bad", "start", "no physical address: fault %s%s", mmu_cause_name(r->cause),
             r->level >= 0 ? " (at the step marked red)" : "");
        fputs("</g>\n", f);
        return y + 16;
    }
    if (walk_ty >= 0) {
        /* leaf PTE's PPN -> frame */
        int lx = MARGIN + (int)(s->ex->reads - 1) * (TABLE_W + TABLE_GAP);
        arrow(f, lx + 40, walk_ty + 90 + 84 + (s->ex->ad_write ? 14 : 0), MARGIN + (VA_W - (off ? off->w : 0)) / 2,
              y + 8);
    }
    draw_pa(f, p, regs, s, off, y + 26);
    return y + 26 + BAR_H + 24;
}

/* ---- documents ----------------------------------------------------------- */

static int write_svg(FILE *f, const mmu_profile *p, const mmu_regs *regs, const char *title,
                     const mmu_figure_step *steps, unsigned n, bool standalone)
{
    /* Panels first into a buffer: the height is known only at the end. */
    char *body = NULL;
    size_t body_len = 0;
    FILE *b = open_memstream(&body, &body_len);
    if (!b) return -1;
    int y = 34, w = panel_width(p);
    for (unsigned i = 0; i < n; i++) {
        fprintf(b, "<g class=\"panel\" data-va=\"0x%" PRIx64 "\" data-access=\"%s\" transform=\"translate(0,%d)\">\n",
                steps[i].va, mmu_access_name(steps[i].acc), y);
        y += draw_panel(b, p, regs, &steps[i], i + 1) + 18;
        fputs("</g>\n", b);
        if (i + 1 < n) fprintf(b, "<path d=\"M%d %d H%d\" style=\"stroke:#ccc\"/>\n", MARGIN, y - 9, w - MARGIN);
    }
    if (fclose(b) != 0) { free(body); return -1; }
    if (standalone) fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            w, y, w, y);
    fputs("<title>", f);
    put_escaped(f, title);
    fputs("</title>\n", f);
    fprintf(f, "<style>%s</style>\n", STYLE);
    fputs("<defs><marker id=\"arrowhead\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
          "markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" style=\"fill:#444\"/></marker></defs>\n", f);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" style=\"fill:#fff\"/>\n", w, y);
    text(f, MARGIN, 20, "lbl", "start", "%s", title);
    fwrite(body, 1, body_len, f);
    fputs("</svg>\n", f);
    free(body);
    return 0;
}

static char *finish(FILE *f, char **buf, size_t *len, int rc)
{
    if (fclose(f) != 0 || rc != 0) { free(*buf); return NULL; }
    return *buf;
}

char *mmu_explain_svg(const mmu_profile *p, const mmu_regs *regs, const char *title,
                      const mmu_figure_step *steps, unsigned n, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f) return NULL;
    int rc = write_svg(f, p, regs, title, steps, n, true);
    return finish(f, &buf, len, rc);
}

char *mmu_explain_html(const mmu_profile *p, const mmu_regs *regs, const char *title,
                       const mmu_figure_step *steps, unsigned n, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f) return NULL;
    fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head><meta charset=\"utf-8\"/>"
          "<title>", f);
    put_escaped(f, title);
    fputs("</title>\n<style>body{font-family:sans-serif;max-width:1300px;margin:1em auto}"
          "pre{background:#f6f6f6;padding:.5em}</style></head>\n<body>\n<h1>", f);
    put_escaped(f, title);
    fputs("</h1>\n<figure>\n", f);
    int rc = write_svg(f, p, regs, title, steps, n, false);
    fputs("</figure>\n", f);
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        fprintf(f, "<h2>%u. %s VA 0x%" PRIx64 "</h2>\n<pre>", i + 1, mmu_access_name(steps[i].acc), steps[i].va);
        for (unsigned l = 0; l < steps[i].ex->count; l++) {
            put_escaped(f, steps[i].ex->line[l]);
            fputc('\n', f);
        }
        fputs("</pre>\n", f);
    }
    fputs("</body>\n</html>\n", f);
    return finish(f, &buf, len, rc);
}
