/* cmd_profile.c — `mmu-ref profile`: list, show, or emit the Verilog header. */
#include "cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
        "usage: mmu-ref profile --list\n"
        "       mmu-ref profile NAME                      show the profile's geometry\n"
        "       mmu-ref profile --verilog NAME [-o FILE]  Verilog `defines for the RTL build\n\n"
        "Profiles are rtl/profiles/NAME.profile (docs/profiles.md); NAME may also be a path.\n"
        "Searched in %s (set MMU_PROFILE_DIR to change).\n", mmu_profile_dir());
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int list(void)
{
    DIR *d = opendir(mmu_profile_dir());
    if (!d) {
        mmu_error err;
        mmu_fail(&err, mmu_profile_dir(), 0, "cannot open the profile directory");
        return cli_report(&err);
    }
    char *names[256];
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) && n < 256;) {
        size_t len = strlen(e->d_name);
        if (len > 8 && !strcmp(e->d_name + len - 8, ".profile")) names[n++] = strndup(e->d_name, len - 8);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        mmu_profile p;
        mmu_error err;
        if (mmu_profile_find(names[i], &p, &err)) printf("%-18s (invalid: %s)\n", names[i], err.msg);
        else printf("%-18s %s\n", p.name, p.description);
        free(names[i]);
    }
    return CLI_OK;
}

static void show(const mmu_profile *p)
{
    printf("profile      %s (%s)\n", p->name, p->path);
    printf("description  %s\n", p->description);
    printf("virtual      %u bits (port %u bits, %s above)\n", p->va_bits, p->va_port_bits,
           p->va_sign_extend ? "sign-extended" : "zero");
    printf("physical     %u bits\n", p->pa_bits);
    printf("pages        %llu bytes (shift %u), %u level(s) of %u VPN bits, superpages %s\n",
           (unsigned long long)mmu_profile_page_size(p), p->page_shift, p->levels, p->vpn_bits,
           p->superpages ? "yes" : "no");
    printf("pte          %s, %u byte(s), %u-bit PPN\n", mmu_pte_format_name(p->pte_format), p->pte_bytes, p->ppn_bits);
    printf("asid         %u bits\n", p->asid_bits);
    if (p->segmentation) printf("segments     %u (selected by the top %u VA bits)\n", p->seg_count, p->seg_sel_bits);
    else printf("segments     none (segmentation = 0)\n");
    printf("tlb          %u sets x %u ways, %s\n", p->tlb_sets, p->tlb_ways, mmu_repl_name(p->tlb_repl));
    printf("segmentation %s\n", p->segmentation ? "yes (modes bare, base-bounds, segmentation, paging, hybrid)"
                                                : "no (modes bare and paging only; segment registers unmapped)");
    printf("svadu        %s\n", p->svadu ? "yes (STATUS.ADUE, reset 1: the walker sets A/D)"
                                         : "no (STATUS.ADUE reads 0: A/D faults, Svade)");
    printf("flush        %s\n", p->flush_exact ? "exact (SFENCE.VMA by VA/ASID walks the sets)"
                                               : "whole TLB (every SFENCE.VMA empties the TLB)");
    printf("hit stages   %u (%s)\n", p->hit_stages, p->hit_stages == 2 ? "hits answered 2 cycles after acceptance, through s2"
                                                                         : "hits answered the cycle after acceptance");
    printf("isolate      %s\n", p->isolate ? "yes (compare, fill way and checks only in the cycles that use them)"
                                           : "no (compare, fill way and checks every cycle: no enable on the hit path)");
    if (p->pwc_entries) printf("walk cache   %u entries (pointer PTEs by VA: a hit skips the levels above)\n", p->pwc_entries);
    else printf("walk cache   none (every walk starts at the root)\n");
    if (p->id_bits) printf("request ids  %u bits (hits answered while a walk is in flight; responses may overtake it)\n", p->id_bits);
    else printf("request ids  none (in order: nothing is accepted while a walk is in flight)\n");
    if (p->counters) printf("counters     %u bits\n", p->counters);
    else printf("counters     none (counter registers read 0)\n");
}

int cmd_profile(int argc, char **argv)
{
    const char *name = NULL, *out = NULL;
    int verilog = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { help(stdout); return 0; }
        if (!strcmp(a, "--list")) return list();
        if (!strcmp(a, "--verilog")) { verilog = 1; continue; }
        if (!strcmp(a, "-o")) {
            if (i + 1 >= argc) return cli_usage_error("profile", "-o needs a FILE");
            out = argv[++i];
            continue;
        }
        if (a[0] == '-') return cli_usage_error("profile", "unknown option '%s'", a);
        if (name) return cli_usage_error("profile", "one NAME at a time");
        name = a;
    }
    if (!name) return cli_usage_error("profile", "missing NAME (or --list)");
    mmu_profile p;
    mmu_error err;
    if (mmu_profile_find(name, &p, &err)) return cli_report(&err);
    if (!verilog) {
        show(&p);
        return CLI_OK;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem || mmu_profile_write_verilog(&p, mem)) {
        if (mem) fclose(mem);
        free(buf);
        return cli_report(&(mmu_error){"", 0, "out of memory"});
    }
    fclose(mem);
    int rc = CLI_OK;
    if (out) {
        if (cli_write_file_atomic(out, buf, len, &err)) rc = cli_report(&err);
    } else {
        fwrite(buf, 1, len, stdout);
    }
    free(buf);
    return rc;
}
