/* lackey.c — import valgrind lackey output (--tool=lackey --trace-mem=yes).
 *
 *   ==12345== Lackey, an example Valgrind tool     ignored (also --12345-- lines)
 *   I  04016e90,3                                  fetch 3 bytes
 *    L 04229ce0,8                                  load
 *    S 1ffefffd68,8                                store
 *    M 0422a0a8,4                                  modify: a load, then a store
 *
 * Addresses are hex without 0x, sizes decimal. One process: pid 1. */
#include "trace_internal.h"

#include <string.h>

/* "==123==" or "--123--": valgrind's own messages, not accesses. */
static bool valgrind_message(const char *s)
{
    char mark = s[0];
    if ((mark != '=' && mark != '-') || s[1] != mark) return false;
    size_t digits = strspn(s + 2, "0123456789");
    return digits > 0 && s[2 + digits] == mark && s[3 + digits] == mark;
}

typedef struct {
    char op;
    uint64_t addr;
    uint64_t size;
} lackey_rec;

/* " L 04229ce0,8" -> rec. Returns a description of what is wrong, or NULL. */
static const char *lackey_split(const char *s, lackey_rec *rec)
{
    s += strspn(s, " \t");
    rec->op = *s;
    if (!strchr("ILSM", rec->op) || !rec->op) return "expected I, L, S or M";
    s++;
    size_t blanks = strspn(s, " \t");
    if (!blanks) return "expected blanks after the I/L/S/M letter";
    s += blanks;
    size_t n = trace_hex(s, &rec->addr);
    if (!n) return "expected a hex address (at most 16 digits)";
    s += n;
    if (*s++ != ',') return "expected ',' after the address";
    size_t d = strspn(s, "0123456789");
    if (!d || d > 6) return "expected a decimal size after ','";
    rec->size = 0;
    for (size_t i = 0; i < d; i++) rec->size = rec->size * 10 + (uint64_t)(s[i] - '0');
    s += d;
    s += strspn(s, " \t");
    if (*s && *s != '#') return "expected nothing after the size";
    return NULL;
}

bool trace_lackey_looks(const char *line)
{
    lackey_rec rec;
    return valgrind_message(line) || !lackey_split(line, &rec);
}

int trace_lackey_line(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err)
{
    if (trace_blank(r->line) || valgrind_message(r->line)) return 0;
    lackey_rec rec;
    const char *why = lackey_split(r->line, &rec);
    if (why)
        return trace_fail(r, err, "lackey: %s in '%.60s' (lines are 'I  ADDR,SIZE', ' L|S|M ADDR,SIZE' "
                          "or '==PID== ...')", why, r->line);
    if (rec.size < 1 || rec.size > MMU_TRACE_MAX_SIZE)
        return trace_fail(r, err, "lackey: size %llu: expected 1..%u bytes", (unsigned long long)rec.size,
                          MMU_TRACE_MAX_SIZE);
    if (rec.addr + (rec.size - 1) < rec.addr)
        return trace_fail(r, err, "lackey: the access runs past the top of the 64-bit address space");
    ev->kind = MMU_EV_ACCESS;
    ev->pid = 1;
    ev->va = rec.addr;
    ev->size = (unsigned)rec.size;
    ev->acc = rec.op == 'I' ? MMU_ACC_FETCH : rec.op == 'S' ? MMU_ACC_STORE : MMU_ACC_LOAD;
    if (rec.op == 'M') {                 /* read-modify-write: load first, then store */
        r->pending = *ev;
        r->pending.acc = MMU_ACC_STORE;
        r->has_pending = true;
    }
    return 1;
}
