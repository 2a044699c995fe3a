/* din.c — import DineroIV "din" traces: LABEL ADDRESS [SIZE] per line.
 *
 * Labels (Dinero III/IV traditional din): 0 read, 1 write, 2 instruction
 * fetch, 3 escape (ignored), 4 escape that flushes the cache (here: a TLB
 * flush). Label, address and size are hex, 0x optional. Without a size the
 * record is what Dinero IV's din reader makes of it: the aligned 4-byte word
 * (address & ~3). Unlike Dinero, which ignores whatever follows the
 * address, we accept only a size and/or a `#` comment there, so that a
 * stray column is an error rather than a misread. One process: pid 1. */
#include "trace_internal.h"

#include <string.h>

/* A hex field with optional 0x; returns characters used, 0 if not one. */
static size_t hex_field(const char *s, uint64_t *out)
{
    size_t pre = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 2 : 0;
    size_t n = trace_hex(s + pre, out);
    if (!n) return 0;
    char end = s[pre + n];
    if (end && end != ' ' && end != '\t' && end != '#') return 0;
    return pre + n;
}

bool trace_din_looks(const char *line)
{
    uint64_t label, addr;
    line += strspn(line, " \t");
    size_t n = hex_field(line, &label);
    if (!n || label > 4 || (line[n] != ' ' && line[n] != '\t')) return false;
    line += n;
    line += strspn(line, " \t");
    return hex_field(line, &addr) > 0;
}

static const char *const DIN_LABELS = "0 (read), 1 (write), 2 (fetch), 3 (escape) or 4 (flush)";

int trace_din_line(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err)
{
    const char *s = r->line + strspn(r->line, " \t");
    if (*s == '\0' || *s == '#') return 0;
    uint64_t label, addr, size = 0;
    size_t n = hex_field(s, &label);
    if (!n || label > 4)
        return trace_fail(r, err, "din LABEL: expected %s, got '%.*s'", DIN_LABELS,
                          (int)strcspn(s, " \t"), s);
    s += n;
    s += strspn(s, " \t");
    if (!(n = hex_field(s, &addr)))
        return trace_fail(r, err, "din ADDRESS: expected a hex address (0x optional, at most 16 digits), "
                          "got '%.*s'", (int)strcspn(s, " \t"), s);
    s += n;
    s += strspn(s, " \t");
    bool sized = false;
    if (*s && *s != '#') {
        if (!(n = hex_field(s, &size)) || size < 1 || size > MMU_TRACE_MAX_SIZE)
            return trace_fail(r, err, "din SIZE: expected a hex byte count 1..0x%x or a # comment after the "
                              "address, got '%.*s'", MMU_TRACE_MAX_SIZE, (int)strcspn(s, " \t"), s);
        s += n;
        s += strspn(s, " \t");
        sized = true;
    }
    if (*s && *s != '#')
        return trace_fail(r, err, "din: expected nothing but a # comment after the size, got '%.20s'", s);
    if (label == 3) return 0;                       /* escape record: no access */
    ev->pid = 1;
    if (label == 4) {
        ev->kind = MMU_EV_FLUSH;
        return 1;
    }
    if (!sized) {                                   /* Dinero IV: a word-oriented record */
        addr &= ~(uint64_t)3;
        size = 4;
    }
    if (addr + (size - 1) < addr)
        return trace_fail(r, err, "din: the access runs past the top of the 64-bit address space");
    ev->kind = MMU_EV_ACCESS;
    ev->acc = label == 0 ? MMU_ACC_LOAD : label == 1 ? MMU_ACC_STORE : MMU_ACC_FETCH;
    ev->va = addr;
    ev->size = (unsigned)size;
    return 1;
}
