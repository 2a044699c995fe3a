/* hil_link.h — the host side of the board protocol (docs/fpga.md "Protocol"):
 * a serial port (a real UART or the simulated board's pseudo-terminal),
 * CRC-checked frames, one call per command. Stop-and-wait: every command
 * waits for its response frame.
 *
 * Also the functions the board computes in hardware, so the host can predict
 * them: CRC-8 of frames, the signature LFSR and the CRC-32 of responses.
 */
#ifndef HIL_LINK_H
#define HIL_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mmu_error.h"

/* Commands and status codes: the same numbers as fpga/rtl/hil_engine.v. */
enum {
    HIL_INFO = 0x01, HIL_RESET = 0x02, HIL_REG_WRITE = 0x03, HIL_REG_READ = 0x04,
    HIL_MEM_WRITE = 0x05, HIL_MEM_READ = 0x06, HIL_TRANSLATE = 0x07, HIL_SIGNATURE = 0x08
};
enum { HIL_OK = 0, HIL_BAD_CRC = 1, HIL_BAD_CMD = 2, HIL_BAD_LEN = 3, HIL_BAD_ADDR = 4, HIL_BAD_ARG = 5 };
#define HIL_SYNC_REQ 0xA5
#define HIL_SYNC_RSP 0x5A
#define HIL_MAX_PAYLOAD 255

typedef struct hil_link hil_link;

typedef struct {
    unsigned version;          /* protocol version (1)                         */
    unsigned flags;            /* bit 0: signature mode                        */
    unsigned mem_log2;         /* physical memory = 2^mem_log2 bytes           */
    unsigned pte_bytes;        /* memory word width                            */
    uint32_t clk_hz;
    unsigned clks_per_bit;
    char profile[17];          /* the profile the bitstream was built with    */
} hil_info;

typedef struct {
    uint64_t pa;
    unsigned cause, level;     /* level: 3-bit two's complement as on the port */
    bool hit;
    unsigned cycles;           /* acceptance to response (a TLB hit: 1)        */
} hil_rsp;

typedef struct {
    uint32_t seed, count;
    uint64_t va_and, va_or;
    unsigned accsel;           /* 0 fetch, 1 load, 2 store, 3 random           */
    unsigned privsel;          /* 0 user, 1 supervisor, 2 random               */
} hil_sig_args;

typedef struct {
    uint32_t crc, done, hits, cycles;
} hil_sig_result;

/* Open and configure (raw 8N1, baud) a serial device. timeout_ms bounds
 * every wait for a response. NULL on error. */
hil_link *hil_open(const char *path, unsigned baud, unsigned timeout_ms, mmu_error *err);
void hil_close(hil_link *l);
void hil_set_timeout(hil_link *l, unsigned timeout_ms);

/* One command: send cmd + payload, wait for the response frame. Returns 0
 * with *status and the response payload (rsp, *rlen), or -1 on a link error
 * (timeout, bad CRC, a response to another command) with err filled. */
int hil_command(hil_link *l, unsigned cmd, const uint8_t *arg, unsigned len, unsigned *status,
                uint8_t *rsp, unsigned *rlen, mmu_error *err);
/* Send raw bytes (tests: corrupted frames). */
int hil_send_raw(hil_link *l, const uint8_t *buf, size_t n, mmu_error *err);
/* Wait for one response frame (after hil_send_raw). */
int hil_receive(hil_link *l, unsigned *cmd, unsigned *status, uint8_t *rsp, unsigned *rlen, mmu_error *err);

/* The commands; each is 0, or -1 with err filled (link error, or a status
 * other than OK, named). */
int hil_get_info(hil_link *l, hil_info *out, mmu_error *err);
/* Reset the MMU (registers, TLB, counters) and zero the memory; the memory
 * then holds PAs base .. base + limit - 1 (base aligned to the memory size;
 * limit 0: the whole memory). */
int hil_reset(hil_link *l, uint64_t base, uint32_t limit, mmu_error *err);
int hil_reg_write(hil_link *l, unsigned addr, uint64_t val, mmu_error *err);
int hil_reg_read(hil_link *l, unsigned addr, uint64_t *val, mmu_error *err);
/* Memory commands address the memory by offset from its base. */
int hil_mem_write(hil_link *l, uint32_t addr, const uint8_t *buf, unsigned n, mmu_error *err);  /* n <= 8 */
int hil_mem_read(hil_link *l, uint32_t addr, uint8_t *buf, unsigned n, mmu_error *err);         /* n <= 8 */
int hil_translate(hil_link *l, uint64_t va, unsigned acc, unsigned priv, hil_rsp *out, mmu_error *err);
int hil_signature(hil_link *l, const hil_sig_args *a, hil_sig_result *out, mmu_error *err);

typedef struct { uint64_t frames, bytes_out, bytes_in; } hil_link_stats;
const hil_link_stats *hil_stats(const hil_link *l);

const char *hil_status_name(unsigned status);

/* What the board computes in hardware. */
uint8_t hil_crc8(uint8_t crc, const uint8_t *p, size_t n);              /* CRC-8/SMBUS      */
uint32_t hil_lfsr_next(uint32_t s);                                     /* x^32+x^22+x^2+x+1 */
uint32_t hil_crc32_update(uint32_t crc, const uint8_t *p, size_t n);   /* zlib crc32 core: init/final xor by caller */

#endif
