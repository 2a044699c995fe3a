/* test_trace.c — the trace reader and writer (docs/traces.md): every native
 * line kind, round trips, gzip input, the lackey and din importers, format
 * detection, page splitting, and errors that name their line. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "check.h"
#include "mmu_trace.h"

#define MAXEV 64

/* Read all of text; returns the event count, or -1 with *err. */
static int read_text(const char *text, mmu_trace_format fmt, mmu_trace_event *ev, int max, mmu_error *err)
{
    mmu_trace_reader *r = mmu_trace_open_buffer("t.trace", text, strlen(text), fmt, err);
    if (!r) return -1;
    int n = 0, got;
    mmu_trace_event tmp;
    while ((got = mmu_trace_next(r, n < max ? &ev[n] : &tmp, err)) == 1) n++;
    mmu_trace_close(r);
    return got < 0 ? -1 : n;
}

/* The error of a text that must fail. */
static mmu_error error_of(const char *text, mmu_trace_format fmt)
{
    mmu_trace_event ev[MAXEV];
    mmu_error err = {{0}, 0, {0}};
    if (read_text(text, fmt, ev, MAXEV, &err) >= 0) snprintf(err.msg, sizeof err.msg, "(no error)");
    return err;
}

static char *temp_path(const char *suffix)
{
    static char path[128];
    snprintf(path, sizeof path, "/tmp/mmukit-test-trace-%ld%s", (long)getpid(), suffix);
    return path;
}

static bool same_event(const mmu_trace_event *a, const mmu_trace_event *b)
{
    if (a->kind != b->kind || a->pid != b->pid) return false;
    switch (a->kind) {
    case MMU_EV_ACCESS: return a->acc == b->acc && a->va == b->va && a->size == b->size;
    case MMU_EV_FORK: return a->child == b->child;
    case MMU_EV_BRK: return a->value == b->value;
    case MMU_EV_CREATE:
        if (a->seg_count != b->seg_count) return false;
        for (unsigned i = 0; i < a->seg_count; i++) {
            const mmu_trace_seg *x = &a->seg[i], *y = &b->seg[i];
            if (strcmp(x->name, y->name) || x->base != y->base || x->size != y->size || x->r != y->r ||
                x->w != y->w || x->x != y->x || x->grows_negative != y->grows_negative)
                return false;
        }
        return true;
    default: return true;
    }
}

static const char *const EVERY_KIND =
    "# every kind of line\n"
    "create 1 code=0x400000+64K:rx heap=0x600000+16K:rw stack=0x80000000-64K:rw:down\n"
    "switch 1\n"
    "I 0x400000 4\n"
    "L 0x600010 8\n"
    "S 0x600018\n"
    "M 0x600020 4   # read-modify-write\n"
    "fork 1 2\n"
    "switch 2\n"
    "brk 2 +8K\n"
    "brk 2 -4K\n"
    "brk 2 32K\n"
    "flush\n"
    "exit 2\n"
    "switch 1\n"
    "load 0x600000\n"
    "exit 1\n";

TEST(native_every_event_kind)
{
    mmu_trace_event ev[MAXEV];
    mmu_error err;
    int n = read_text(EVERY_KIND, MMU_TRACE_NATIVE, ev, MAXEV, &err);
    EXPECT_EQ(n, 17);
    if (n != 17) return;
    EXPECT_EQ(ev[0].kind, MMU_EV_CREATE);
    EXPECT_EQ(ev[0].pid, 1);
    EXPECT_EQ(ev[0].line, 2);
    EXPECT_EQ(ev[0].seg_count, 3);
    EXPECT(!strcmp(ev[0].seg[0].name, "code") && ev[0].seg[0].r && !ev[0].seg[0].w && ev[0].seg[0].x);
    EXPECT_EQ(ev[0].seg[1].base, 0x600000);
    EXPECT_EQ(ev[0].seg[1].size, 16 << 10);
    EXPECT_EQ(ev[0].seg[2].base, 0x80000000 - (64 << 10));   /* TOP-SIZE: base is the low end */
    EXPECT(ev[0].seg[2].grows_negative && !ev[0].seg[1].grows_negative);
    EXPECT_EQ(ev[1].kind, MMU_EV_SWITCH);
    EXPECT(ev[2].kind == MMU_EV_ACCESS && ev[2].acc == MMU_ACC_FETCH && ev[2].va == 0x400000 && ev[2].size == 4);
    EXPECT(ev[3].acc == MMU_ACC_LOAD && ev[3].size == 8 && ev[3].pid == 1);
    EXPECT(ev[4].acc == MMU_ACC_STORE && ev[4].size == 1);
    EXPECT(ev[5].acc == MMU_ACC_LOAD && ev[6].acc == MMU_ACC_STORE);   /* M: load, then store */
    EXPECT(ev[5].va == ev[6].va && ev[6].size == 4 && ev[5].line == 7 && ev[6].line == 7);
    EXPECT(ev[7].kind == MMU_EV_FORK && ev[7].pid == 1 && ev[7].child == 2);
    EXPECT(ev[8].kind == MMU_EV_SWITCH && ev[8].pid == 2);
    EXPECT(ev[9].kind == MMU_EV_BRK && ev[9].pid == 2 && ev[9].value == 24 << 10);  /* 16K inherited + 8K */
    EXPECT_EQ(ev[10].value, 20 << 10);
    EXPECT_EQ(ev[11].value, 32 << 10);
    EXPECT(ev[12].kind == MMU_EV_FLUSH && ev[12].pid == 2);
    EXPECT(ev[13].kind == MMU_EV_EXIT && ev[13].pid == 2);
    EXPECT(ev[15].kind == MMU_EV_ACCESS && ev[15].pid == 1 && ev[15].line == 16);
    EXPECT(ev[16].kind == MMU_EV_EXIT && ev[16].pid == 1);
}

TEST(native_aliases_comments_and_line_ends)
{
    const char *text = "\t# tabs, CRLF, aliases, no final newline\r\n"
                       "create 7 data=4096+0x1000:- empty=0x9000+0:r\r\n"
                       "\r\n"
                       "switch 7   # comment after a line\r\n"
                       "R 16\tX 0x20 2\n";          /* too many fields for R: an error */
    mmu_error err = error_of(text, MMU_TRACE_NATIVE);
    EXPECT_EQ(err.line, 5);
    const char *ok = "create 7 data=4096+0x1000:- empty=0x9000+0:r\r\nswitch 7\r\nR 16\r\nX 0x20 2\r\nW 1K 2\r\n"
                     "fetch 0 1\nstore 1M\nmodify 0x10 2";
    mmu_trace_event ev[MAXEV];
    int n = read_text(ok, MMU_TRACE_NATIVE, ev, MAXEV, &err);
    EXPECT_EQ(n, 9);
    if (n != 9) return;
    EXPECT(!ev[0].seg[0].r && !ev[0].seg[0].w && !ev[0].seg[0].x && ev[0].seg[1].size == 0);
    EXPECT(ev[2].acc == MMU_ACC_LOAD && ev[2].va == 16);              /* decimal without 0x */
    EXPECT(ev[3].acc == MMU_ACC_FETCH && ev[3].va == 0x20 && ev[3].size == 2);
    EXPECT(ev[4].acc == MMU_ACC_STORE && ev[4].va == 1024);
    EXPECT(ev[6].acc == MMU_ACC_STORE && ev[6].va == 1 << 20);
    EXPECT(ev[8].acc == MMU_ACC_STORE && ev[8].line == 8);
}

/* Write events with the writer, read them back: the same events. */
static void round_trip(const mmu_trace_event *ev, int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (int i = 0; i < n; i++) EXPECT_EQ(mmu_trace_write_event(f, &ev[i]), 0);
    fclose(f);
    mmu_trace_event back[MAXEV];
    mmu_error err;
    int m = read_text(buf, MMU_TRACE_NATIVE, back, MAXEV, &err);
    EXPECT_EQ(m, n);
    for (int i = 0; i < n && i < m; i++) EXPECT(same_event(&ev[i], &back[i]));
    free(buf);
}

TEST(native_round_trip_write_then_read)
{
    mmu_trace_event ev[MAXEV];
    mmu_error err;
    /* Without M (which becomes two lines) every line is one event. */
    const char *text = "create 3 a=0x0+1:r b=0x10+0x30:w c=0xfffffffffffff000+4K:x:down d=0x100000+1G:- "
                       "e=0x200000000+3M:rwx f=0xffffffff00000000+0x1234:rw heap=0x1000+0:r h=0x2000+12:x\n"
                       "switch 3\nI 0x1 4096\nL 0xfffffffffffffff8 8\nS 0x0\nfork 3 65535\nswitch 65535\n"
                       "brk 65535 0\nflush\nexit 3\nexit 65535\n";
    int n = read_text(text, MMU_TRACE_NATIVE, ev, MAXEV, &err);
    EXPECT_EQ(n, 11);
    EXPECT_EQ(ev[0].seg_count, 8);
    round_trip(ev, n);
    n = read_text(EVERY_KIND, MMU_TRACE_NATIVE, ev, MAXEV, &err);
    EXPECT_EQ(n, 17);
    round_trip(ev, n);
}

TEST(writer_refuses_unwritable_events_and_writes_nothing)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mmu_trace_event ev = {.kind = MMU_EV_CREATE, .pid = 1, .seg_count = 1};
    strcpy(ev.seg[0].name, "bad name");
    EXPECT_EQ(mmu_trace_write_event(f, &ev), (uint64_t)-1);
    ev.seg_count = MMU_TRACE_MAX_SEGS + 1;
    EXPECT_EQ(mmu_trace_write_event(f, &ev), (uint64_t)-1);
    ev = (mmu_trace_event){.kind = MMU_EV_SWITCH, .pid = 0};
    EXPECT_EQ(mmu_trace_write_event(f, &ev), (uint64_t)-1);
    ev = (mmu_trace_event){.kind = MMU_EV_ACCESS, .acc = MMU_ACC_LOAD, .va = UINT64_MAX, .size = 2};
    EXPECT_EQ(mmu_trace_write_event(f, &ev), (uint64_t)-1);
    ev = (mmu_trace_event){.kind = (mmu_event_kind)42};
    EXPECT_EQ(mmu_trace_write_event(f, &ev), (uint64_t)-1);
    fclose(f);
    EXPECT_EQ(len, 0);
    free(buf);
}

/* Each bad native text fails at the line given, with the words given. */
static const struct {
    const char *text;
    int line;
    const char *words;
} native_errors[] = {
    {"L 0x10\n", 1, "no process is current"},
    {"create 1 c=0+4K:rx\nswitch 1\nexit 1\nL 0\n", 4, "no process is current"},
    {"create 1 c=0+4K:rz\n", 1, "RIGHTS: expected letters of 'rwx'"},
    {"create 1 c=0+4K:rr\n", 1, "each once"},
    {"create 1 c=0+4K\n", 1, "no :RIGHTS"},
    {"create 1 c=0:r\n", 1, "no +SIZE or -SIZE"},
    {"create 1 c=zz+4K:r\n", 1, "BASE: expected a number"},
    {"create 1 c=0+4Q:r\n", 1, "SIZE: expected a number"},
    {"create 1 c=4K-8K:r\n", 1, "larger than the top"},
    {"create 1 c=0xfffffffffffff000+8K:r\n", 1, "past the top"},
    {"create 1 c=0+4K:r:sideways\n", 1, "expected ':down' or ':up'"},
    {"create 1 9c=0+4K:r\n", 1, "segment name '9c'"},
    {"create 1 a_very_long_segment_name=0+4K:r\n", 1, "segment name"},
    {"create 1 c0+4K:r\n", 1, "expected a segment NAME=BASE+SIZE"},
    {"create 1 a=0+4K:r a=8K+4K:r\n", 1, "named twice"},
    {"create 1 a=0+8K:r b=4K+4K:r\n", 1, "overlap"},
    {"create 1 a=0+1:r b=0+1:r c=0+1:r d=0+1:r e=0+1:r f=0+1:r g=0+1:r h=0+1:r i=0+1:r\n", 1, "at most 8 segments"},
    {"create 0\n", 1, "expected a pid 1..65535"},
    {"create 65536\n", 1, "expected a pid 1..65535"},
    {"create\n", 1, "create: expected PID"},
    {"# two\n\ncreate 1\ncreate 1\n", 4, "already exists"},
    {"switch 2\n", 1, "process 2 does not exist"},
    {"switch\n", 1, "switch: expected PID"},
    {"exit 3\n", 1, "process 3 does not exist"},
    {"create 1\nfork 1 1\n", 2, "already exists"},
    {"fork 1 2\n", 1, "fork PARENT: process 1 does not exist"},
    {"create 1\nfork 1\n", 2, "expected PARENT CHILD"},
    {"create 1\nbrk 1 +4K\n", 2, "no segment named 'heap'"},
    {"create 1 heap=0+4K:rw\nbrk 1 -8K\n", 2, "cannot shrink"},
    {"create 1 heap=0+4K:rw\nbrk 1 4X\n", 2, "brk: expected +SIZE"},
    {"create 1 heap=0xfffffffffffff000+4K:rw\nbrk 1 +4K\n", 2, "past the top"},
    {"create 1 heap=0+4K:rw\nbrk 1\n", 2, "brk: expected PID"},
    {"create 1\nswitch 1\nL 0x10 0\n", 3, "SIZE: expected a byte count 1..4096"},
    {"create 1\nswitch 1\nL 0x10 4097\n", 3, "SIZE: expected a byte count"},
    {"create 1\nswitch 1\nL 0x-1\n", 3, "ADDR: expected a number"},
    {"create 1\nswitch 1\nL 0x10000000000000000\n", 3, "ADDR: expected a number"},
    {"create 1\nswitch 1\nL\n", 3, "L: expected ADDR [SIZE]"},
    {"create 1\nswitch 1\nS 0xffffffffffffffff 2\n", 3, "past the top"},
    {"frob 1\n", 1, "unknown line 'frob'"},
    {"flush 3\n", 1, "flush: expected nothing after it"},
};

TEST(native_errors_name_line_and_expectation)
{
    for (size_t i = 0; i < sizeof native_errors / sizeof native_errors[0]; i++) {
        mmu_error err = error_of(native_errors[i].text, MMU_TRACE_NATIVE);
        EXPECT_EQ(err.line, native_errors[i].line);
        EXPECT_STR_CONTAINS(err.msg, native_errors[i].words);
        EXPECT(!strcmp(err.file, "t.trace"));
    }
}

TEST(error_is_sticky_and_reader_closes_cleanly)
{
    const char *text = "create 1\nswitch 1\nL 1\nL zz\nL 2\n";
    mmu_trace_reader *r = mmu_trace_open_buffer("s.trace", text, strlen(text), MMU_TRACE_AUTO, NULL);
    mmu_trace_event ev;
    mmu_error e1, e2;
    for (int i = 0; i < 3; i++) EXPECT_EQ(mmu_trace_next(r, &ev, &e1), 1);
    EXPECT_EQ(mmu_trace_next(r, &ev, &e1), (uint64_t)-1);
    EXPECT_EQ(mmu_trace_next(r, &ev, &e2), (uint64_t)-1);
    EXPECT_EQ(mmu_trace_next(r, &ev, NULL), (uint64_t)-1);
    EXPECT(e1.line == 4 && e2.line == 4 && !strcmp(e1.msg, e2.msg));
    char buf[1024];
    EXPECT_STR_CONTAINS(mmu_error_format(&e1, buf, sizeof buf), "s.trace:4: L ADDR");
    mmu_trace_close(r);
    mmu_trace_close(NULL);
}

TEST(long_lines_and_nul_bytes_are_errors)
{
    char *big = malloc(6000);
    memset(big, ' ', 6000);
    memcpy(big, "create 1\n", 9);
    big[5999] = '\0';
    mmu_error err = error_of(big, MMU_TRACE_NATIVE);
    EXPECT_EQ(err.line, 2);
    EXPECT_STR_CONTAINS(err.msg, "longer than 4095");
    free(big);
    const char nul[] = "create 1\nswitch 1\nL 1\0 2\n";
    mmu_trace_reader *r = mmu_trace_open_buffer("n", nul, sizeof nul - 1, MMU_TRACE_NATIVE, &err);
    mmu_trace_event ev;
    while (mmu_trace_next(r, &ev, &err) == 1) {}
    EXPECT_EQ(err.line, 3);
    EXPECT_STR_CONTAINS(err.msg, "NUL byte");
    mmu_trace_close(r);
}

static int write_gz(const char *path, const char *text, size_t len)
{
    gzFile g = gzopen(path, "wb");
    if (!g) return -1;
    int ok = gzwrite(g, text, (unsigned)len) == (int)len;
    return gzclose(g) == Z_OK && ok ? 0 : -1;
}

static int count_file(const char *path, mmu_trace_format fmt, mmu_error *err, mmu_trace_format *detected)
{
    mmu_trace_reader *r = mmu_trace_open(path, fmt, err);
    if (!r) return -2;
    mmu_trace_event ev;
    int n = 0, got;
    while ((got = mmu_trace_next(r, &ev, err)) == 1) n++;
    if (detected) *detected = mmu_trace_reader_format(r);
    mmu_trace_close(r);
    return got < 0 ? -1 : n;
}

TEST(gzip_and_plain_files_read_the_same)
{
    char *gz = strdup(temp_path(".trace.gz")), *plain = strdup(temp_path(".trace"));
    EXPECT_EQ(write_gz(gz, EVERY_KIND, strlen(EVERY_KIND)), 0);
    FILE *f = fopen(plain, "w");
    fputs(EVERY_KIND, f);
    fclose(f);
    mmu_error err;
    mmu_trace_format fmt;
    EXPECT_EQ(count_file(gz, MMU_TRACE_AUTO, &err, &fmt), 17);
    EXPECT_EQ(fmt, MMU_TRACE_NATIVE);
    EXPECT_EQ(count_file(plain, MMU_TRACE_NATIVE, &err, NULL), 17);
    /* A gzip file cut short is an error, not a silently shorter trace. */
    FILE *in = fopen(gz, "rb");
    char data[4096];
    size_t n = fread(data, 1, sizeof data, in);
    fclose(in);
    f = fopen(gz, "wb");
    fwrite(data, 1, n - 12, f);
    fclose(f);
    EXPECT_EQ(count_file(gz, MMU_TRACE_AUTO, &err, NULL), (uint64_t)-1);
    EXPECT_STR_CONTAINS(err.msg, "corrupt gzip");
    EXPECT(!strcmp(err.file, gz));
    /* Cut in the middle of a long trace: the lines before the cut arrive,
     * then the error names the line the data ran out in. */
    char *big = malloc(400000);
    size_t len = 0;
    len += (size_t)sprintf(big, "create 1\nswitch 1\n");
    for (int i = 0; i < 20000; i++) len += (size_t)sprintf(big + len, "L 0x%x 4\n", i * 977);
    EXPECT_EQ(write_gz(gz, big, len), 0);
    in = fopen(gz, "rb");
    char *zdata = malloc(400000);
    n = fread(zdata, 1, 400000, in);
    fclose(in);
    f = fopen(gz, "wb");
    fwrite(zdata, 1, n / 2, f);
    fclose(f);
    int events = count_file(gz, MMU_TRACE_AUTO, &err, NULL);
    EXPECT_EQ(events, (uint64_t)-1);
    EXPECT(err.line > 1000 && err.line < 20002);
    EXPECT_STR_CONTAINS(err.msg, "corrupt gzip data (unexpected end of file)");
    free(big);
    free(zdata);
    remove(gz);
    remove(plain);
    EXPECT_EQ(count_file("/nonexistent/x.trace", MMU_TRACE_AUTO, &err, NULL), (uint64_t)-2);
    EXPECT(!strcmp(err.file, "/nonexistent/x.trace") && err.line == 0);
    EXPECT_STR_CONTAINS(err.msg, "cannot open");
    free(gz);
    free(plain);
}

static const char *const LACKEY =
    "==4647== Lackey, an example Valgrind tool\n"
    "==4647== Command: ./t\n"
    "==4647== \n"
    "I  004014f0,2\n"
    " L 1fff000780,8\n"
    " S 04229ce0,4\n"
    " M 0422a0a8,16\n"
    "--4647-- a valgrind warning\n"
    "I  ffffffffff600000,3\n"
    "==4647== Exit code:       0\n";

TEST(lackey_rules_fetch_load_store_modify)
{
    mmu_trace_event ev[MAXEV];
    mmu_error err;
    int n = read_text(LACKEY, MMU_TRACE_LACKEY, ev, MAXEV, &err);
    EXPECT_EQ(n, 6);
    if (n != 6) return;
    EXPECT(ev[0].acc == MMU_ACC_FETCH && ev[0].va == 0x4014f0 && ev[0].size == 2 && ev[0].line == 4);
    EXPECT(ev[1].acc == MMU_ACC_LOAD && ev[1].va == 0x1fff000780 && ev[1].size == 8);
    EXPECT(ev[2].acc == MMU_ACC_STORE && ev[2].va == 0x4229ce0 && ev[2].size == 4);
    EXPECT(ev[3].acc == MMU_ACC_LOAD && ev[4].acc == MMU_ACC_STORE);     /* M: load then store */
    EXPECT(ev[3].va == 0x422a0a8 && ev[4].va == 0x422a0a8 && ev[4].size == 16 && ev[4].line == 7);
    EXPECT(ev[5].va == 0xffffffffff600000 && ev[5].line == 9);
    for (int i = 0; i < n; i++) EXPECT(ev[i].kind == MMU_EV_ACCESS && ev[i].pid == 1);
}

static const struct {
    const char *line, *words;
} lackey_errors[] = {
    {"X  0400,4\n", "expected I, L, S or M"},
    {" L 04zz,4\n", "expected ',' after the address"},
    {" L 0400 4\n", "expected ',' after the address"},
    {" L 0400,\n", "expected a decimal size"},
    {" L 0400,0\n", "size 0: expected 1..4096"},
    {" L 0400,4097\n", "size 4097"},
    {" L 0400,4 extra\n", "expected nothing after the size"},
    {" L,4\n", "expected blanks"},
    {" L 11112222333344445,4\n", "expected a hex address"},
    {" L ffffffffffffffff,2\n", "past the top"},
    {"==12 not a valgrind line\n", "expected I, L, S or M"},
};

TEST(lackey_malformed_lines_named)
{
    for (size_t i = 0; i < sizeof lackey_errors / sizeof lackey_errors[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "I  0400,4\n\n%s", lackey_errors[i].line);
        mmu_error err = error_of(text, MMU_TRACE_LACKEY);
        EXPECT_EQ(err.line, 3);
        EXPECT_STR_CONTAINS(err.msg, lackey_errors[i].words);
    }
}

TEST(din_labels_read_write_fetch_escape_flush)
{
    const char *text = "0 1000\n1 0x2002\n2 401000 4\n3 5000\n4 0\n0 7ffc 8   # a comment\n0x2 10\n";
    mmu_trace_event ev[MAXEV];
    mmu_error err;
    int n = read_text(text, MMU_TRACE_DIN, ev, MAXEV, &err);
    EXPECT_EQ(n, 6);                                /* the escape (label 3) yields nothing */
    if (n != 6) return;
    EXPECT(ev[0].acc == MMU_ACC_LOAD && ev[0].va == 0x1000 && ev[0].size == 4);
    EXPECT(ev[1].acc == MMU_ACC_STORE && ev[1].va == 0x2000 && ev[1].size == 4);   /* word-aligned, as Dinero */
    EXPECT(ev[2].acc == MMU_ACC_FETCH && ev[2].va == 0x401000 && ev[2].size == 4);
    EXPECT(ev[3].kind == MMU_EV_FLUSH && ev[3].line == 5);
    EXPECT(ev[4].va == 0x7ffc && ev[4].size == 8);  /* a size: the address stays exact */
    EXPECT(ev[5].acc == MMU_ACC_FETCH && ev[5].va == 0x10);
    for (int i = 0; i < n; i++) EXPECT_EQ(ev[i].pid, 1);
}

static const struct {
    const char *line, *words;
} din_errors[] = {
    {"5 1000\n", "LABEL: expected 0 (read), 1 (write), 2 (fetch), 3 (escape) or 4 (flush), got '5'"},
    {"r 1000\n", "LABEL: expected"},
    {"0\n", "ADDRESS: expected a hex address"},
    {"0 10g0\n", "ADDRESS: expected a hex address"},
    {"0 1000 0\n", "SIZE: expected a hex byte count"},
    {"0 1000 1001\n", "SIZE: expected a hex byte count"},
    {"0 1000 comment\n", "SIZE: expected a hex byte count 1..0x1000 or a # comment"},
    {"0 1000 4 more\n", "expected nothing but a # comment"},
    {"0 ffffffffffffffff 2\n", "past the top"},
};

TEST(din_malformed_lines_named)
{
    for (size_t i = 0; i < sizeof din_errors / sizeof din_errors[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "2 0\n# comment\n%s", din_errors[i].line);
        mmu_error err = error_of(text, MMU_TRACE_DIN);
        EXPECT_EQ(err.line, 3);
        EXPECT_STR_CONTAINS(err.msg, din_errors[i].words);
    }
}

static mmu_trace_format detect(const char *text, int *events)
{
    mmu_trace_reader *r = mmu_trace_open_buffer("d", text, strlen(text), MMU_TRACE_AUTO, NULL);
    mmu_trace_event ev;
    mmu_error err;
    *events = 0;
    int got;
    while ((got = mmu_trace_next(r, &ev, &err)) == 1) ++*events;
    if (got < 0) *events = -1;
    mmu_trace_format f = mmu_trace_reader_format(r);
    mmu_trace_close(r);
    return f;
}

TEST(auto_detection_from_the_first_meaningful_line)
{
    int n;
    EXPECT_EQ(detect(EVERY_KIND, &n), MMU_TRACE_NATIVE);
    EXPECT_EQ(n, 17);
    EXPECT_EQ(detect(LACKEY, &n), MMU_TRACE_LACKEY);
    EXPECT_EQ(n, 6);
    EXPECT_EQ(detect("\n# no valgrind header\n I  0400,4\n L 0500,8\n", &n), MMU_TRACE_LACKEY);
    EXPECT_EQ(n, 2);
    EXPECT_EQ(detect("# din\n2 0\n0 1000\n1 70f60890\n", &n), MMU_TRACE_DIN);
    EXPECT_EQ(n, 3);
    EXPECT_EQ(detect("", &n), MMU_TRACE_NATIVE);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(detect("fork 1 2\n", &n), MMU_TRACE_NATIVE);     /* detected, then an error */
    EXPECT_EQ(n, -1);
    mmu_error err = error_of("\n\nhello world\n", MMU_TRACE_AUTO);
    EXPECT_EQ(err.line, 3);
    EXPECT_STR_CONTAINS(err.msg, "cannot tell the trace format");
    mmu_trace_format f;
    EXPECT(!mmu_trace_format_parse("lackey", &f) && f == MMU_TRACE_LACKEY);
    EXPECT(!mmu_trace_format_parse("din", &f) && f == MMU_TRACE_DIN);
    EXPECT(mmu_trace_format_parse("pin", &f) == -1);
    EXPECT(!strcmp(mmu_trace_format_name(MMU_TRACE_NATIVE), "native"));
    EXPECT(!strcmp(mmu_trace_event_name(MMU_EV_BRK), "brk"));
}

static unsigned split(uint64_t va, unsigned size, unsigned shift, uint64_t out[2])
{
    mmu_trace_event ev = {.kind = MMU_EV_ACCESS, .va = va, .size = size};
    out[0] = out[1] = 0xdead;
    return mmu_trace_split_pages(&ev, shift, out);
}

TEST(page_split_lower_page_first_at_several_page_sizes)
{
    uint64_t o[2];
    EXPECT_EQ(split(0x1000, 8, 12, o), 1);
    EXPECT_EQ(o[0], 0x1000);
    EXPECT_EQ(split(0x1ff8, 8, 12, o), 1);           /* ends on the page's last byte */
    EXPECT_EQ(split(0x1ffc, 8, 12, o), 2);
    EXPECT(o[0] == 0x1ffc && o[1] == 0x2000);
    EXPECT_EQ(split(0x1fff, 1, 12, o), 1);
    EXPECT_EQ(split(0x1fff, 2, 12, o), 2);
    EXPECT_EQ(o[1], 0x2000);
    EXPECT_EQ(split(0x1fff, 0, 12, o), 1);           /* size 0 means 1 */
    EXPECT_EQ(split(0x1001, 4096, 12, o), 2);        /* a page's worth, misaligned */
    EXPECT_EQ(split(0x1000, 4096, 12, o), 1);
    EXPECT_EQ(split(0x1001, 4096, 11, o), 0);        /* three 2K pages: not one access */
    EXPECT_EQ(split(0x3e, 4, 4, o), 2);              /* OSTEP 16-byte pages */
    EXPECT(o[0] == 0x3e && o[1] == 0x40);
    EXPECT_EQ(split(0x1ffffe, 8, 21, o), 2);         /* 2 MiB superpages */
    EXPECT_EQ(o[1], 0x200000);
    EXPECT_EQ(split(0x1ffffe, 8, 30, o), 1);
    EXPECT_EQ(split(UINT64_MAX, 2, 12, o), 0);       /* wraps past 2^64 */
    EXPECT_EQ(split(UINT64_MAX - 1, 2, 12, o), 1);
    EXPECT_EQ(split(0xfff, 2, 64, o), 1);
    mmu_trace_event flush = {.kind = MMU_EV_FLUSH};
    EXPECT_EQ(mmu_trace_split_pages(&flush, 12, o), 0);
}

/* The checked-in real traces: valgrind output from traces/record.sh. */
TEST(checked_in_lackey_traces_read_whole)
{
    const char *names[] = {"traces/array_sum.lackey.gz", "traces/matmul_naive.lackey.gz",
                           "traces/list_walk.lackey.gz"};
    for (size_t i = 0; i < 3; i++) {
        mmu_error err = {{0}, 0, {0}};
        mmu_trace_format fmt = MMU_TRACE_AUTO;
        int n = count_file(names[i], MMU_TRACE_AUTO, &err, &fmt);
        if (n < 0) check_note(__FILE__, __LINE__, "%s: %s (line %d)", names[i], err.msg, err.line);
        EXPECT(n > 100000);
        EXPECT_EQ(fmt, MMU_TRACE_LACKEY);
    }
}

static bool fcntl_ok(int fd) { return fcntl(fd, F_GETFD) != -1; }

TEST(stdin_is_read_and_left_open)
{
    char *path = strdup(temp_path(".stdin"));
    FILE *f = fopen(path, "w");
    fputs("2 0\n0 10\n", f);
    fclose(f);
    int saved = dup(STDIN_FILENO);
    FILE *in = freopen(path, "r", stdin);
    EXPECT(in != NULL);
    mmu_error err;
    mmu_trace_format fmt;
    EXPECT_EQ(count_file("-", MMU_TRACE_AUTO, &err, &fmt), 2);
    EXPECT_EQ(fmt, MMU_TRACE_DIN);
    EXPECT(fcntl_ok(STDIN_FILENO));
    dup2(saved, STDIN_FILENO);
    close(saved);
    remove(path);
    free(path);
}

int main(void)
{
    RUN(native_every_event_kind);
    RUN(native_aliases_comments_and_line_ends);
    RUN(native_round_trip_write_then_read);
    RUN(writer_refuses_unwritable_events_and_writes_nothing);
    RUN(native_errors_name_line_and_expectation);
    RUN(error_is_sticky_and_reader_closes_cleanly);
    RUN(long_lines_and_nul_bytes_are_errors);
    RUN(gzip_and_plain_files_read_the_same);
    RUN(lackey_rules_fetch_load_store_modify);
    RUN(lackey_malformed_lines_named);
    RUN(din_labels_read_write_fetch_escape_flush);
    RUN(din_malformed_lines_named);
    RUN(auto_detection_from_the_first_meaningful_line);
    RUN(page_split_lower_page_first_at_several_page_sizes);
    RUN(checked_in_lackey_traces_read_whole);
    RUN(stdin_is_read_and_left_open);
    return check_summary();
}
