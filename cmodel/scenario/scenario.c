/* scenario.c — parse the scenario format of docs/scenario.md.
 * Every error names file:line and what was expected; a failed load frees
 * everything it allocated. */
#include "mmu_scenario.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 80
#define MAX_LINE 8192
#define MAX_LINES 10000000       /* a bound for endless input (a scenario is a few hundred lines) */

void mmu_regs_reset(mmu_regs *r)
{
    memset(r, 0, sizeof *r);
    r->mode = MMU_MODE_BARE;
    r->adue = true;
}

int mmu_parse_number(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || isspace((unsigned char)*s)) return -1;
    int base = 10;
    const char *digits = s;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, digits = s + 2;
    else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) base = 2, digits = s + 2;
    /* strtoull would skip blanks and take a sign after the prefix: only digits. */
    if (!*digits || !isxdigit((unsigned char)*digits)) return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(digits, &end, base);
    if (errno || end == digits) return -1;
    unsigned shift = 0;
    if (*end && base == 10) {
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: return -1;
        }
        end++;
    }
    if (*end) return -1;
    if (shift && v > (UINT64_MAX >> shift)) return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static int parse_priv(const char *s, mmu_priv *out)
{
    if (!strcmp(s, "user") || !strcmp(s, "u")) { *out = MMU_PRIV_USER; return 0; }
    if (!strcmp(s, "supervisor") || !strcmp(s, "s")) { *out = MMU_PRIV_SUPERVISOR; return 0; }
    return -1;
}

int mmu_parse_access(const char *s, mmu_access default_acc, mmu_priv default_priv,
                     mmu_scenario_access *out)
{
    char buf[128];
    if (strlen(s) >= sizeof buf) return -1;
    strcpy(buf, s);
    mmu_scenario_access a = {default_acc, default_priv, 0, 0};
    char *va = buf, *colon = strchr(buf, ':');
    if (colon) {
        *colon = '\0';
        if (mmu_access_parse(buf, &a.acc)) return -1;
        va = colon + 1;
    }
    char *at = strchr(va, '@');
    if (at) {
        *at = '\0';
        if (parse_priv(at + 1, &a.priv)) return -1;
    }
    if (mmu_parse_number(va, &a.va)) return -1;
    *out = a;
    return 0;
}

/* ---- parser state ---- */

typedef struct {
    const char *path;
    int line;
    mmu_scenario *s;
    int have_profile;
    mmu_error *err;
    int mode_line, adue_line;  /* checked against the profile at the end (it may come later) */
} parser;

#define FAIL(P, ...) mmu_fail((P)->err, (P)->path, (P)->line, __VA_ARGS__)

static uint64_t ones(unsigned bits) { return bits >= 64 ? UINT64_MAX : (((uint64_t)1 << bits) - 1); }

static int bind_profile(parser *P, const char *name)
{
    mmu_error perr;
    if (mmu_profile_find(name, &P->s->profile, &perr)) {
        char buf[900];
        return FAIL(P, "profile: %s", mmu_error_format(&perr, buf, sizeof buf));
    }
    if (!P->s->mem) {
        uint64_t size = P->s->profile.pa_bits >= 64 ? UINT64_MAX : (uint64_t)1 << P->s->profile.pa_bits;
        P->s->mem = mmu_sparse_mem_new(size);
        if (!P->s->mem) return FAIL(P, "out of memory");
    }
    P->have_profile = 1;
    return 0;
}

static int need_profile(parser *P, const char *what)
{
    if (P->have_profile) return 0;
    return FAIL(P, "'%s' needs the profile: put a 'profile NAME' line first or pass --profile", what);
}

static int number_arg(parser *P, const char *what, const char *tok, uint64_t max, uint64_t *out)
{
    if (!tok) return FAIL(P, "%s: expected a number", what);
    if (mmu_parse_number(tok, out))
        return FAIL(P, "%s: expected a number (decimal, 0x hex, 0b binary, optional K/M/G), got '%s'", what, tok);
    if (*out > max)
        return FAIL(P, "%s: %s is out of range (at most 0x%llx for this profile)", what, tok,
                    (unsigned long long)max);
    return 0;
}

static int bool_arg(parser *P, const char *what, const char *tok, bool *out)
{
    if (tok && (!strcmp(tok, "0") || !strcmp(tok, "1"))) { *out = tok[0] == '1'; return 0; }
    return FAIL(P, "%s: expected 0 or 1, got '%s'", what, tok ? tok : "nothing");
}

static int parse_prot(parser *P, const char *v, mmu_segment *sg)
{
    sg->r = sg->w = sg->x = false;
    if (!strcmp(v, "-") || !strcmp(v, "none")) return 0;
    for (const char *c = v; *c; c++) {
        if (*c == 'r') sg->r = true;
        else if (*c == 'w') sg->w = true;
        else if (*c == 'x') sg->x = true;
        else if (*c != '-') return FAIL(P, "seg prot: expected letters from 'rwx' (or '-'), got '%s'", v);
    }
    return 0;
}

static int do_seg(parser *P, char **tok, int n)
{
    const mmu_profile *p = &P->s->profile;
    uint64_t idx;
    if (need_profile(P, "seg")) return -1;
    if (!p->segmentation)
        return FAIL(P, "seg: profile %s has no segment registers (segmentation = 0)", p->name);
    if (n < 2) return FAIL(P, "seg: expected 'seg INDEX key=value ...'");
    if (number_arg(P, "seg index", tok[1], p->seg_count - 1, &idx)) return -1;
    mmu_segment sg = {0};
    sg.valid = true;
    sg.user = true;
    sg.r = sg.w = sg.x = true;
    for (int i = 2; i < n; i++) {
        char *eq = strchr(tok[i], '=');
        if (!eq) {
            if (!strcmp(tok[i], "down")) { sg.grows_negative = true; continue; }
            if (!strcmp(tok[i], "up")) { sg.grows_negative = false; continue; }
            return FAIL(P, "seg: expected key=value (base, bound, prot, user, grows, valid), got '%s'", tok[i]);
        }
        *eq = '\0';
        const char *k = tok[i], *v = eq + 1;
        uint64_t num;
        if (!strcmp(k, "base")) {
            if (number_arg(P, "seg base", v, ones(p->pa_bits), &num)) return -1;
            sg.base = num;
        } else if (!strcmp(k, "bound") || !strcmp(k, "limit") || !strcmp(k, "size")) {
            if (number_arg(P, "seg bound", v, (uint64_t)1 << (p->va_bits < 63 ? p->va_bits : 63), &num)) return -1;
            sg.bound = num;
        } else if (!strcmp(k, "prot")) {
            if (parse_prot(P, v, &sg)) return -1;
        } else if (!strcmp(k, "user")) {
            if (bool_arg(P, "seg user", v, &sg.user)) return -1;
        } else if (!strcmp(k, "valid")) {
            if (bool_arg(P, "seg valid", v, &sg.valid)) return -1;
        } else if (!strcmp(k, "grows")) {
            if (!strcmp(v, "down") || !strcmp(v, "negative")) sg.grows_negative = true;
            else if (!strcmp(v, "up") || !strcmp(v, "positive")) sg.grows_negative = false;
            else return FAIL(P, "seg grows: expected up or down, got '%s'", v);
        } else {
            return FAIL(P, "seg: unknown key '%s' (expected base, bound, prot, user, grows, valid)", k);
        }
    }
    P->s->regs.seg[idx] = sg;
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Write a run of hex digits (an even number) as bytes from pa on. */
static int write_hex(parser *P, uint64_t pa, const char *hex, uint64_t *written)
{
    size_t len = strlen(hex);
    if (len % 2) return FAIL(P, "memory bytes: expected an even number of hex digits, got '%s'", hex);
    for (size_t i = 0; i < len; i += 2) {
        int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);
        if (hi < 0 || lo < 0) return FAIL(P, "memory bytes: expected hex digits, got '%s'", hex);
        if (mmu_sparse_mem_write(P->s->mem, pa + *written, 1, (uint64_t)(hi * 16 + lo)))
            return FAIL(P, "memory bytes: address 0x%llx is outside physical memory",
                        (unsigned long long)(pa + *written));
        (*written)++;
    }
    return 0;
}

static int do_mem(parser *P, char **tok, int n)
{
    uint64_t pa, written = 0;
    if (need_profile(P, "mem")) return -1;
    if (n < 3) return FAIL(P, "mem: expected 'mem ADDRESS HEXBYTES...'");
    if (number_arg(P, "mem address", tok[1], mmu_sparse_mem_size(P->s->mem) - 1, &pa)) return -1;
    for (int i = 2; i < n; i++)
        if (write_hex(P, pa, tok[i], &written)) return -1;
    return 0;
}

/* OSTEP dump lines: "page  3:1e06..." (the frame's bytes in hex). */
static int do_page(parser *P, char **tok, int n)
{
    if (need_profile(P, "page")) return -1;
    char joined[MAX_LINE];
    joined[0] = '\0';
    for (int i = 1; i < n; i++) strncat(joined, tok[i], sizeof joined - strlen(joined) - 1);
    char *colon = strchr(joined, ':');
    if (!colon) return FAIL(P, "page: expected 'page FRAME:HEXBYTES'");
    *colon = '\0';
    uint64_t frame, written = 0;
    const mmu_profile *p = &P->s->profile;
    if (number_arg(P, "page frame", joined, ones(p->ppn_bits), &frame)) return -1;
    uint64_t page = mmu_profile_page_size(p);
    if (strlen(colon + 1) != 2 * page)
        return FAIL(P, "page: expected %llu hex digits (one %llu-byte page), got %zu",
                    (unsigned long long)(2 * page), (unsigned long long)page, strlen(colon + 1));
    return write_hex(P, frame << p->page_shift, colon + 1, &written);
}

static int do_pte(parser *P, char **tok, int n)
{
    uint64_t pa, val;
    if (need_profile(P, "pte")) return -1;
    const mmu_profile *p = &P->s->profile;
    if (n != 3) return FAIL(P, "pte: expected 'pte ADDRESS VALUE'");
    if (number_arg(P, "pte address", tok[1], mmu_sparse_mem_size(P->s->mem) - 1, &pa)) return -1;
    if (pa % p->pte_bytes) return FAIL(P, "pte: address %s is not aligned to the %u-byte PTE size", tok[1], p->pte_bytes);
    if (number_arg(P, "pte value", tok[2], ones(8 * p->pte_bytes), &val)) return -1;
    if (mmu_sparse_mem_write(P->s->mem, pa, p->pte_bytes, val))
        return FAIL(P, "pte: address %s is outside physical memory", tok[1]);
    return 0;
}

static int add_access(mmu_scenario *s, mmu_scenario_access a)
{
    if (s->access_count == s->access_cap) {
        unsigned cap = s->access_cap ? s->access_cap * 2 : 16;
        mmu_scenario_access *n = realloc(s->access, cap * sizeof *n);
        if (!n) return -1;
        s->access = n;
        s->access_cap = cap;
    }
    s->access[s->access_count++] = a;
    return 0;
}

static int do_access(parser *P, mmu_access acc, char **tok, int n)
{
    if (need_profile(P, tok[0])) return -1;
    const mmu_profile *p = &P->s->profile;
    mmu_scenario_access a = {acc, P->s->priv, 0, P->line};
    if (n < 2 || n > 3) return FAIL(P, "%s: expected '%s VA [user|supervisor]'", tok[0], tok[0]);
    if (number_arg(P, "virtual address", tok[1], ones(p->va_port_bits), &a.va)) return -1;
    if (n == 3 && parse_priv(tok[2], &a.priv))
        return FAIL(P, "%s: expected user or supervisor, got '%s'", tok[0], tok[2]);
    if (add_access(P->s, a)) return FAIL(P, "out of memory");
    return 0;
}

static int do_line(parser *P, char **tok, int n)
{
    mmu_scenario *s = P->s;
    const mmu_profile *p = &s->profile;
    const char *cmd = tok[0];
    uint64_t v;
    mmu_access acc;
    if (!strcmp(cmd, "profile")) {
        if (n != 2) return FAIL(P, "profile: expected 'profile NAME'");
        if (s->profile_name[0]) return FAIL(P, "profile given twice (first on line %d)", s->profile_line);
        snprintf(s->profile_name, sizeof s->profile_name, "%s", tok[1]);
        s->profile_line = P->line;
        if (P->have_profile) {
            if (strcmp(tok[1], p->name))
                return FAIL(P, "profile '%s' disagrees with --profile %s", tok[1], p->name);
            return 0;
        }
        if (s->mem) return FAIL(P, "profile must come before memory contents");
        return bind_profile(P, tok[1]);
    }
    if (!strcmp(cmd, "mode")) {
        mmu_mode m;
        if (n != 2 || mmu_mode_parse(tok[1], &m))
            return FAIL(P, "mode: expected bare, base-bounds, segmentation, paging or hybrid");
        s->regs.mode = m;
        P->mode_line = P->line;
        return 0;
    }
    if (!strcmp(cmd, "ptbase")) {
        if (need_profile(P, cmd) || n != 2) return n != 2 ? FAIL(P, "ptbase: expected 'ptbase FRAME'") : -1;
        if (number_arg(P, "ptbase (a frame number)", tok[1], ones(p->ppn_bits), &v)) return -1;
        s->regs.ptbase = v;
        return 0;
    }
    if (!strcmp(cmd, "asid")) {
        if (need_profile(P, cmd) || n != 2) return n != 2 ? FAIL(P, "asid: expected 'asid N'") : -1;
        if (number_arg(P, "asid", tok[1], ones(p->asid_bits), &v)) return -1;
        s->regs.asid = (uint32_t)v;
        return 0;
    }
    if (!strcmp(cmd, "sum")) return n == 2 ? bool_arg(P, cmd, tok[1], &s->regs.sum) : FAIL(P, "sum: expected 'sum 0|1'");
    if (!strcmp(cmd, "mxr")) return n == 2 ? bool_arg(P, cmd, tok[1], &s->regs.mxr) : FAIL(P, "mxr: expected 'mxr 0|1'");
    if (!strcmp(cmd, "adue")) {
        P->adue_line = P->line;
        return n == 2 ? bool_arg(P, cmd, tok[1], &s->regs.adue) : FAIL(P, "adue: expected 'adue 0|1'");
    }
    if (!strcmp(cmd, "priv")) {
        if (n != 2 || parse_priv(tok[1], &s->priv)) return FAIL(P, "priv: expected user or supervisor");
        return 0;
    }
    if (!strcmp(cmd, "memsize")) {
        if (need_profile(P, cmd)) return -1;
        if (n != 2) return FAIL(P, "memsize: expected 'memsize BYTES'");
        if (number_arg(P, "memsize", tok[1], p->pa_bits >= 64 ? UINT64_MAX : (uint64_t)1 << p->pa_bits, &v)) return -1;
        mmu_sparse_mem *m = mmu_sparse_mem_new(v);
        if (!m) return FAIL(P, "out of memory");
        mmu_sparse_mem_free(s->mem);   /* memsize must precede contents; checked below */
        s->mem = m;
        return 0;
    }
    if (!strcmp(cmd, "seg")) return do_seg(P, tok, n);
    if (!strcmp(cmd, "mem")) return do_mem(P, tok, n);
    if (!strcmp(cmd, "page")) return do_page(P, tok, n);
    if (!strcmp(cmd, "pte")) return do_pte(P, tok, n);
    if (!mmu_access_parse(cmd, &acc)) return do_access(P, acc, tok, n);
    return FAIL(P, "unknown directive '%s' (expected profile, mode, ptbase, asid, sum, mxr, adue, priv, "
                   "memsize, seg, mem, page, pte, fetch, load or store)", cmd);
}

/* The registers the scenario asks for must exist in the profile's MMU
 * (docs/profiles.md "Features"). Without Svadu ADUE is 0 unless asked for. */
static int check_features(parser *P)
{
    mmu_scenario *s = P->s;
    const mmu_profile *p = &s->profile;
    if (P->mode_line && !mmu_profile_mode_supported(p, s->regs.mode)) {
        P->line = P->mode_line;
        return FAIL(P, "mode %s: profile %s has no segmentation (segmentation = 0): expected bare or paging",
                    mmu_mode_name(s->regs.mode), p->name);
    }
    if (!p->svadu && s->regs.adue) {
        if (!P->adue_line) {
            s->regs.adue = false;             /* the reset value without Svadu */
            return 0;
        }
        P->line = P->adue_line;
        return FAIL(P, "adue 1: profile %s has no Svadu (svadu = 0): ADUE is always 0", p->name);
    }
    return 0;
}

static int tokenize(char *line, char **tok)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
        if (n == MAX_TOKENS) return -1;
        tok[n++] = t;
    }
    return n;
}

int mmu_scenario_load(const char *path, const char *profile_override,
                      mmu_scenario *out, mmu_error *err)
{
    mmu_scenario s;
    memset(&s, 0, sizeof s);
    mmu_regs_reset(&s.regs);
    s.priv = MMU_PRIV_USER;
    parser P = {path, 0, &s, 0, err, 0, 0};
    int rc = 0;
    if (profile_override && bind_profile(&P, profile_override)) rc = -1;

    FILE *fp = rc ? NULL : fopen(path, "r");
    if (!rc && !fp) rc = mmu_fail(err, path, 0, "cannot open scenario: %s", strerror(errno));
    char line[MAX_LINE];
    int wrote_memory = 0;
    while (!rc && fgets(line, sizeof line, fp)) {
        P.line++;
        if (!strchr(line, '\n') && !feof(fp)) { rc = FAIL(&P, "line longer than %d characters", MAX_LINE - 2); break; }
        if (P.line > MAX_LINES) { rc = FAIL(&P, "more than %d lines: not a scenario (endless input?)", MAX_LINES); break; }
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *tok[MAX_TOKENS];
        int n = tokenize(line, tok);
        if (n < 0) { rc = FAIL(&P, "too many words on one line (at most %d)", MAX_TOKENS); break; }
        if (n == 0) continue;
        if (!strcmp(tok[0], "memsize") && wrote_memory) { rc = FAIL(&P, "memsize must come before memory contents"); break; }
        rc = do_line(&P, tok, n);
        if (!strcmp(tok[0], "mem") || !strcmp(tok[0], "page") || !strcmp(tok[0], "pte")) wrote_memory = 1;
    }
    if (!rc && fp && ferror(fp)) rc = mmu_fail(err, path, 0, "cannot read scenario: %s", strerror(errno));
    if (fp) fclose(fp);
    if (!rc && !P.have_profile)
        rc = mmu_fail(err, path, 0, "no profile: add a 'profile NAME' line or pass --profile");
    if (!rc) rc = check_features(&P);
    if (rc) {
        mmu_scenario_free(&s);
        return -1;
    }
    *out = s;
    return 0;
}

void mmu_scenario_free(mmu_scenario *s)
{
    mmu_sparse_mem_free(s->mem);
    free(s->access);
    s->mem = NULL;
    s->access = NULL;
    s->access_count = s->access_cap = 0;
}
