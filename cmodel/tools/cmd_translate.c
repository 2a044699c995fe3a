/* cmd_translate.c — `mmu-ref translate` and `mmu-ref explain`. */
#include "cli.h"
#include "mmu_explain_svg.h"
#include "mmu_scenario.h"
#include "mmu_tlb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(const char *cmd, FILE *f)
{
    fprintf(f,
        "usage: mmu-ref %s [--profile NAME] [--access fetch|load|store] [--priv user|supervisor]\n"
        "                  SCENARIO [ACCESS...]\n\n"
        "%s each ACCESS (or, when none is given, every fetch/load/store line of the\n"
        "scenario) with the registers and physical memory of SCENARIO (format: docs/scenario.md).\n\n"
        "ACCESS is [fetch:|load:|store:]VA[@user|@supervisor], VA in decimal, 0x hex or with\n"
        "a K/M/G suffix: e.g. 4200, 0x1068, 15K, store:0x3c00@supervisor.\n\n"
        "options:\n"
        "  --profile NAME   profile (rtl/profiles/NAME.profile); must agree with the scenario's\n"
        "  --access TYPE    access type of ACCESS arguments without a prefix (default load)\n"
        "  --priv PRIV      privilege of ACCESS arguments without a suffix (default: the\n"
        "                   scenario's 'priv' line, else user)\n"
        "%s"
        "  --help           this text\n"
        "A fault is a result, not an error: the exit status is 0 unless the input is bad.\n",
        cmd, strcmp(cmd, "explain") ? "Translate" : "Translate, printing every textbook step of,",
        strcmp(cmd, "explain") ? "" :
        "  --svg FILE       also draw the translations as a figure (SVG, one panel per\n"
        "                   access): VA fields, each table and PTE read with its bits,\n"
        "                   the TLB set and way (the accesses run in order through the\n"
        "                   profile's TLB, empty at the start), the fault where it\n"
        "                   happens, the PA. Written whole or not at all\n"
        "  --html FILE      the same figure and the text steps as one HTML page\n");
}

/* The figure's TLB column: the accesses of one explain run, in order,
 * through the profile's TLB (paging and hybrid only). */
static mmu_tlb *figure_tlb(const mmu_scenario *s, mmu_error *err)
{
    const mmu_profile *p = &s->profile;
    if (s->regs.mode != MMU_MODE_PAGING && s->regs.mode != MMU_MODE_HYBRID) return NULL;
    mmu_tlb_config tc = {p->tlb_sets, p->tlb_ways, p->tlb_repl, p->page_shift, p->va_bits,
                         p->va_sign_extend != 0, 0, !p->flush_exact};
    return mmu_tlb_new(&tc, err);
}

static int write_figure(const char *path, int html, const mmu_scenario *s, const char *scenario_path,
                        const mmu_figure_step *steps, unsigned n)
{
    const char *base = strrchr(scenario_path, '/');
    char title[512];
    snprintf(title, sizeof title, "mmu-ref explain %s", base ? base + 1 : scenario_path);
    size_t len = 0;
    char *doc = html ? mmu_explain_html(&s->profile, &s->regs, title, steps, n, &len)
                     : mmu_explain_svg(&s->profile, &s->regs, title, steps, n, &len);
    mmu_error err;
    if (!doc) {
        mmu_fail(&err, path, 0, "out of memory drawing the figure");
        return cli_report(&err);
    }
    int rc = cli_write_file_atomic(path, doc, len, &err) ? cli_report(&err) : CLI_OK;
    free(doc);
    return rc;
}

static unsigned hex_digits(unsigned bits) { return (bits + 3) / 4; }

static void print_result(const mmu_profile *p, const mmu_scenario_access *a, const mmu_result *r)
{
    printf("%-5s %-4s VA 0x%0*" PRIx64 " (%" PRIu64 ") -> ", mmu_access_name(a->acc),
           a->priv == MMU_PRIV_USER ? "user" : "sup", (int)hex_digits(p->va_port_bits), a->va, a->va);
    if (r->fault)
        printf("FAULT %s (%s)%s\n", mmu_cause_name(r->cause), mmu_cause_text(r->cause),
               r->level >= 0 ? "" : "");
    else
        printf("PA 0x%0*" PRIx64 " (%" PRIu64 ")\n", (int)hex_digits(p->pa_bits), r->pa, r->pa);
    if (r->fault && r->level >= 0) printf("      at walk level %d\n", r->level);
}

static int run(int argc, char **argv, int explain)
{
    const char *cmd = argv[0], *profile = NULL, *scenario_path = NULL, *svg = NULL, *html = NULL;
    mmu_access acc = MMU_ACC_LOAD;
    int priv_given = 0;
    mmu_priv priv = MMU_PRIV_USER;
    char **addr = calloc((size_t)argc, sizeof *addr);
    int naddr = 0;
    if (!addr) return CLI_BAD_INPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { help(cmd, stdout); free(addr); return 0; }
        int figure = explain && (!strcmp(a, "--svg") || !strcmp(a, "--html"));
        if (figure || !strcmp(a, "--profile") || !strcmp(a, "--access") || !strcmp(a, "--priv")) {
            if (i + 1 >= argc) { free(addr); return cli_usage_error(cmd, "%s needs a value", a); }
            const char *v = argv[++i];
            if (!strcmp(a, "--profile")) profile = v;
            else if (!strcmp(a, "--svg")) svg = v;
            else if (!strcmp(a, "--html")) html = v;
            else if (!strcmp(a, "--access")) {
                if (mmu_access_parse(v, &acc)) { free(addr); return cli_usage_error(cmd, "--access: expected fetch, load or store, got '%s'", v); }
            } else {
                priv_given = 1;
                if (!strcmp(v, "user")) priv = MMU_PRIV_USER;
                else if (!strcmp(v, "supervisor")) priv = MMU_PRIV_SUPERVISOR;
                else { free(addr); return cli_usage_error(cmd, "--priv: expected user or supervisor, got '%s'", v); }
            }
        } else if (a[0] == '-' && a[1] == '-') {
            free(addr);
            return cli_usage_error(cmd, "unknown option '%s'", a);
        } else if (!scenario_path) {
            scenario_path = a;
        } else {
            addr[naddr++] = argv[i];
        }
    }
    if (!scenario_path) { free(addr); return cli_usage_error(cmd, "missing SCENARIO"); }

    mmu_scenario s;
    mmu_error err;
    /* Output files are checked before anything is translated or printed. */
    if ((svg && cli_check_output(svg, &err)) || (html && cli_check_output(html, &err))) {
        free(addr);
        return cli_report(&err);
    }
    if (mmu_scenario_load(scenario_path, profile, &s, &err)) { free(addr); return cli_report(&err); }
    if (!priv_given) priv = s.priv;

    /* Parse every command-line access before printing anything. */
    mmu_scenario_access *list = naddr ? calloc((size_t)naddr, sizeof *list) : s.access;
    unsigned count = naddr ? (unsigned)naddr : s.access_count;
    int rc = CLI_OK;
    for (int i = 0; i < naddr && rc == CLI_OK; i++) {
        if (mmu_parse_access(addr[i], acc, priv, &list[i]) ||
            (s.profile.va_port_bits < 64 && list[i].va >> s.profile.va_port_bits)) {
            rc = cli_usage_error(cmd, "access '%s': expected [fetch:|load:|store:]VA[@user|@supervisor] "
                                 "with VA below 2^%u", addr[i], s.profile.va_port_bits);
        }
    }
    if (rc == CLI_OK && count == 0) rc = cli_usage_error(cmd, "no accesses: give ACCESS arguments or "
                                                        "fetch/load/store lines in the scenario");
    mmu_mem mem = mmu_sparse_mem_ops(s.mem);
    int figure = svg || html;
    mmu_figure_step *steps = figure && rc == CLI_OK ? calloc(count, sizeof *steps) : NULL;
    mmu_tlb *tlb = NULL;
    if (figure && rc == CLI_OK) {
        tlb = figure_tlb(&s, &err);
        if (!steps) rc = cli_usage_error(cmd, "out of memory");
        else if (!tlb && (s.regs.mode == MMU_MODE_PAGING || s.regs.mode == MMU_MODE_HYBRID)) rc = cli_report(&err);
    }
    for (unsigned i = 0; rc == CLI_OK && i < count; i++) {
        mmu_explain *ex = explain ? calloc(1, sizeof *ex) : NULL;
        mmu_figure_step *st = steps ? &steps[i] : NULL;
        mmu_tlb_outcome probe = MMU_TLB_MISS;
        if (st) {
            *st = (mmu_figure_step){.va = list[i].va, .acc = list[i].acc, .priv = list[i].priv, .ex = ex,
                                    .tlb_hit_way = -1, .tlb_fill_way = -1};
            if (tlb) {
                uint64_t pa;
                mmu_cause cause;
                st->tlb_sets = s.profile.tlb_sets;
                st->tlb_ways = s.profile.tlb_ways;
                st->tlb_set = mmu_tlb_set_of(tlb, list[i].va);
                probe = mmu_tlb_lookup(tlb, &s.profile, &s.regs, list[i].va, list[i].acc, list[i].priv, &pa, &cause);
                if (probe != MMU_TLB_MISS) st->tlb_hit_way = mmu_tlb_way_of(tlb, list[i].va, s.regs.asid);
            }
        }
        mmu_result r = mmu_translate(&s.profile, &s.regs, &mem, list[i].va, list[i].acc, list[i].priv, ex);
        print_result(&s.profile, &list[i], &r);
        if (st) {
            st->result = r;
            if (tlb && probe == MMU_TLB_MISS && !r.fault && r.has_leaf) {
                mmu_tlb_fill(tlb, &s.profile, list[i].va, s.regs.asid, &r);
                st->tlb_fill_way = mmu_tlb_way_of(tlb, list[i].va, s.regs.asid);
            }
        }
        if (ex) {
            for (unsigned l = 0; l < ex->count; l++) printf("    %s\n", ex->line[l]);
            if (i + 1 < count) printf("\n");
            if (!st) free(ex);
        }
    }
    if (rc == CLI_OK && svg) rc = write_figure(svg, 0, &s, scenario_path, steps, count);
    if (rc == CLI_OK && html) rc = write_figure(html, 1, &s, scenario_path, steps, count);
    if (steps) {
        for (unsigned i = 0; i < count; i++) free((void *)steps[i].ex);
        free(steps);
    }
    mmu_tlb_free(tlb);
    if (naddr) free(list);
    free(addr);
    mmu_scenario_free(&s);
    return rc;
}

int cmd_translate(int argc, char **argv) { return run(argc, argv, 0); }
int cmd_explain(int argc, char **argv) { return run(argc, argv, 1); }
