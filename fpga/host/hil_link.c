/* hil_link.c — serial port, frames and commands of the board protocol
 * (docs/fpga.md "Protocol"). */
#include "hil_link.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

struct hil_link {
    int fd;
    char path[256];
    unsigned timeout_ms;
    hil_link_stats st;
};

const char *hil_status_name(unsigned s)
{
    switch (s) {
    case HIL_OK: return "OK";
    case HIL_BAD_CRC: return "BAD_CRC (the board saw a frame with a wrong CRC)";
    case HIL_BAD_CMD: return "BAD_CMD (unknown command)";
    case HIL_BAD_LEN: return "BAD_LEN (wrong payload length for the command)";
    case HIL_BAD_ADDR: return "BAD_ADDR (memory address beyond the board's memory)";
    case HIL_BAD_ARG: return "BAD_ARG (argument out of range)";
    default: return "unknown status";
    }
}

uint8_t hil_crc8(uint8_t crc, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (uint8_t)((crc & 0x80) ? (crc << 1) ^ 0x07 : crc << 1);
    }
    return crc;
}

uint32_t hil_lfsr_next(uint32_t s) { return (s >> 1) ^ ((s & 1u) ? 0x80200003u : 0u); }

uint32_t hil_crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ ((crc & 1u) ? 0xEDB88320u : 0u);
    }
    return crc;
}

static speed_t baud_const(unsigned b)
{
    static const struct { unsigned b; speed_t s; } t[] = {
        {9600, B9600}, {19200, B19200}, {38400, B38400}, {57600, B57600}, {115200, B115200},
        {230400, B230400}, {460800, B460800}, {500000, B500000}, {921600, B921600},
        {1000000, B1000000}, {2000000, B2000000}, {3000000, B3000000}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].b == b) return t[i].s;
    return 0;
}

hil_link *hil_open(const char *path, unsigned baud, unsigned timeout_ms, mmu_error *err)
{
    speed_t sp = baud_const(baud);
    if (!sp) {
        mmu_fail(err, NULL, 0, "--baud %u: expected one of 9600 19200 38400 57600 115200 230400 460800 "
                 "500000 921600 1000000 2000000 3000000", baud);
        return NULL;
    }
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        mmu_fail(err, NULL, 0, "cannot open serial port %s: %s%s", path, strerror(errno),
                 errno == ENOENT ? " (is the board plugged in, or the simulator running?)" : "");
        return NULL;
    }
    struct termios t;
    if (tcgetattr(fd, &t)) {
        mmu_fail(err, NULL, 0, "%s is not a serial port: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, sp);
    cfsetospeed(&t, sp);
    if (tcsetattr(fd, TCSANOW, &t)) {
        mmu_fail(err, NULL, 0, "cannot configure %s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    tcflush(fd, TCIOFLUSH);
    hil_link *l = calloc(1, sizeof *l);
    if (!l) { close(fd); mmu_fail(err, NULL, 0, "out of memory"); return NULL; }
    l->fd = fd;
    snprintf(l->path, sizeof l->path, "%s", path);
    l->timeout_ms = timeout_ms;
    return l;
}

void hil_close(hil_link *l)
{
    if (!l) return;
    close(l->fd);
    free(l);
}

void hil_set_timeout(hil_link *l, unsigned timeout_ms) { l->timeout_ms = timeout_ms; }
const hil_link_stats *hil_stats(const hil_link *l) { return &l->st; }

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

int hil_send_raw(hil_link *l, const uint8_t *buf, size_t n, mmu_error *err)
{
    size_t off = 0;
    double t0 = now_ms();
    while (off < n) {
        ssize_t w = write(l->fd, buf + off, n - off);
        if (w > 0) { off += (size_t)w; continue; }
        if (w < 0 && errno != EAGAIN && errno != EINTR)
            return mmu_fail(err, NULL, 0, "write to %s: %s", l->path, strerror(errno));
        if (now_ms() - t0 > l->timeout_ms)
            return mmu_fail(err, NULL, 0, "write to %s: no progress for %u ms", l->path, l->timeout_ms);
        struct pollfd p = {l->fd, POLLOUT, 0};
        poll(&p, 1, 10);
    }
    l->st.bytes_out += n;
    return 0;
}

/* One byte within the deadline: 1, or 0 on timeout, -1 on error. */
static int get_byte(hil_link *l, double deadline, uint8_t *b, mmu_error *err)
{
    for (;;) {
        ssize_t r = read(l->fd, b, 1);
        if (r == 1) { l->st.bytes_in++; return 1; }
        if (r < 0 && errno != EAGAIN && errno != EINTR)
            return mmu_fail(err, NULL, 0, "read from %s: %s", l->path, strerror(errno));
        double left = deadline - now_ms();
        if (left <= 0) return 0;
        struct pollfd p = {l->fd, POLLIN, 0};
        poll(&p, 1, left > 100 ? 100 : (int)left + 1);
    }
}

int hil_receive(hil_link *l, unsigned *cmd, unsigned *status, uint8_t *rsp, unsigned *rlen, mmu_error *err)
{
    double deadline = now_ms() + l->timeout_ms;
    uint8_t b, hdr[3];
    int r;
    unsigned skipped = 0;
    for (;;) {   /* hunt for the sync byte */
        r = get_byte(l, deadline, &b, err);
        if (r <= 0) goto timeout;
        if (b == HIL_SYNC_RSP) break;
        skipped++;
    }
    for (int i = 0; i < 3; i++) {
        r = get_byte(l, deadline, &hdr[i], err);
        if (r <= 0) goto timeout;
    }
    for (unsigned i = 0; i < hdr[2]; i++) {
        r = get_byte(l, deadline, &rsp[i], err);
        if (r <= 0) goto timeout;
    }
    r = get_byte(l, deadline, &b, err);
    if (r <= 0) goto timeout;
    uint8_t crc = hil_crc8(hil_crc8(0, hdr, 3), rsp, hdr[2]);
    if (crc != b)
        return mmu_fail(err, NULL, 0, "response from %s has a bad CRC (0x%02x, computed 0x%02x)%s",
                        l->path, b, crc, skipped ? " after skipping noise" : "");
    *cmd = hdr[0];
    *status = hdr[1];
    *rlen = hdr[2];
    return 0;
timeout:
    if (r < 0) return -1;
    return mmu_fail(err, NULL, 0, "no response from %s within %u ms (board not programmed, wrong port "
                    "or baud rate, or the simulator stopped?)", l->path, l->timeout_ms);
}

int hil_command(hil_link *l, unsigned cmd, const uint8_t *arg, unsigned len, unsigned *status,
                uint8_t *rsp, unsigned *rlen, mmu_error *err)
{
    uint8_t f[HIL_MAX_PAYLOAD + 4];
    f[0] = HIL_SYNC_REQ;
    f[1] = (uint8_t)cmd;
    f[2] = (uint8_t)len;
    if (len) memcpy(f + 3, arg, len);
    f[3 + len] = hil_crc8(0, f + 1, len + 2);
    if (hil_send_raw(l, f, len + 4, err)) return -1;
    unsigned rcmd;
    if (hil_receive(l, &rcmd, status, rsp, rlen, err)) return -1;
    l->st.frames++;
    if (rcmd != cmd)
        return mmu_fail(err, NULL, 0, "response to command 0x%02x answers command 0x%02x", cmd, rcmd);
    return 0;
}

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}
static uint64_t get_be(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) v = (v << 8) | p[i];
    return v;
}

static const char *cmd_name(unsigned c)
{
    static const char *const n[] = {"?", "INFO", "RESET", "REG_WRITE", "REG_READ", "MEM_WRITE",
                                    "MEM_READ", "TRANSLATE", "SIGNATURE"};
    return c < sizeof n / sizeof n[0] ? n[c] : "?";
}

/* A command that must answer OK with exactly want bytes. */
static int run(hil_link *l, unsigned cmd, const uint8_t *arg, unsigned len, uint8_t *rsp, unsigned want,
               mmu_error *err)
{
    uint8_t buf[HIL_MAX_PAYLOAD];
    unsigned status, rlen;
    if (hil_command(l, cmd, arg, len, &status, buf, &rlen, err)) return -1;
    if (status != HIL_OK)
        return mmu_fail(err, NULL, 0, "board refused %s: %s", cmd_name(cmd), hil_status_name(status));
    if (rlen != want)
        return mmu_fail(err, NULL, 0, "board answered %s with %u bytes, expected %u", cmd_name(cmd), rlen, want);
    if (want) memcpy(rsp, buf, want);
    return 0;
}

int hil_get_info(hil_link *l, hil_info *o, mmu_error *err)
{
    uint8_t r[28];
    if (run(l, HIL_INFO, NULL, 0, r, 28, err)) return -1;
    memset(o, 0, sizeof *o);
    o->version = r[0];
    o->flags = r[1];
    o->mem_log2 = r[2];
    o->pte_bytes = r[3];
    o->clk_hz = (uint32_t)get_be(r + 4, 4);
    o->clks_per_bit = (unsigned)get_be(r + 8, 2);
    unsigned k = 0;
    for (unsigned i = 12; i < 28; i++)      /* right-aligned, NUL padded */
        if (r[i]) o->profile[k++] = (char)r[i];
    o->profile[k] = 0;
    if (o->version != 1)
        return mmu_fail(err, NULL, 0, "board speaks protocol version %u, this mmu-hil version 1", o->version);
    return 0;
}

int hil_reset(hil_link *l, uint64_t base, uint32_t limit, mmu_error *err)
{
    uint8_t a[12];
    put_be(a, base, 8);
    put_be(a + 8, limit, 4);
    return run(l, HIL_RESET, a, 12, NULL, 0, err);
}

int hil_reg_write(hil_link *l, unsigned addr, uint64_t val, mmu_error *err)
{
    uint8_t a[9];
    a[0] = (uint8_t)addr;
    put_be(a + 1, val, 8);
    return run(l, HIL_REG_WRITE, a, 9, NULL, 0, err);
}

int hil_reg_read(hil_link *l, unsigned addr, uint64_t *val, mmu_error *err)
{
    uint8_t a[1] = {(uint8_t)addr}, r[8];
    if (run(l, HIL_REG_READ, a, 1, r, 8, err)) return -1;
    *val = get_be(r, 8);
    return 0;
}

int hil_mem_write(hil_link *l, uint32_t addr, const uint8_t *buf, unsigned n, mmu_error *err)
{
    uint8_t a[13] = {0};
    if (n > 8) return mmu_fail(err, NULL, 0, "hil_mem_write: %u bytes, at most 8", n);
    put_be(a, addr, 4);
    a[4] = (uint8_t)n;
    memcpy(a + 5, buf, n);
    return run(l, HIL_MEM_WRITE, a, 13, NULL, 0, err);
}

int hil_mem_read(hil_link *l, uint32_t addr, uint8_t *buf, unsigned n, mmu_error *err)
{
    uint8_t a[5], r[8];
    if (n > 8) return mmu_fail(err, NULL, 0, "hil_mem_read: %u bytes, at most 8", n);
    put_be(a, addr, 4);
    a[4] = (uint8_t)n;
    if (run(l, HIL_MEM_READ, a, 5, r, 8, err)) return -1;
    memcpy(buf, r, n);
    return 0;
}

int hil_translate(hil_link *l, uint64_t va, unsigned acc, unsigned priv, hil_rsp *o, mmu_error *err)
{
    uint8_t a[10], r[13];
    put_be(a, va, 8);
    a[8] = (uint8_t)acc;
    a[9] = (uint8_t)priv;
    if (run(l, HIL_TRANSLATE, a, 10, r, 13, err)) return -1;
    o->pa = get_be(r, 8);
    o->cause = r[8];
    o->level = r[9];
    o->hit = r[10] != 0;
    o->cycles = (unsigned)get_be(r + 11, 2);
    return 0;
}

int hil_signature(hil_link *l, const hil_sig_args *s, hil_sig_result *o, mmu_error *err)
{
    uint8_t a[26], r[16];
    put_be(a, s->seed, 4);
    put_be(a + 4, s->count, 4);
    put_be(a + 8, s->va_and, 8);
    put_be(a + 16, s->va_or, 8);
    a[24] = (uint8_t)s->accsel;
    a[25] = (uint8_t)s->privsel;
    if (run(l, HIL_SIGNATURE, a, 26, r, 16, err)) return -1;
    o->crc = (uint32_t)get_be(r, 4);
    o->done = (uint32_t)get_be(r + 4, 4);
    o->hits = (uint32_t)get_be(r + 8, 4);
    o->cycles = (uint32_t)get_be(r + 12, 4);
    return 0;
}
