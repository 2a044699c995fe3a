// board_sim -- the whole board top (mmu_board: UART, framing, engine, MMU,
// block-RAM memory) in Verilator, its UART bridged bit by bit to a
// pseudo-terminal, so the host program talks to it as to a real board:
//
//   mmu-hil --port /dev/pts/N  <->  pty master  <->  bit-level UART  <->  Vmmu_board
//
// The simulated clock runs as fast as the simulation does; one UART bit is
// CLKS_PER_BIT cycles (a Verilator parameter of this build, small so the link
// is fast). Baud rates the host sets on the pty are ignored.
//
//   board_sim [--link PATH] [--max-seconds N] [--quiet]
// prints "PTY /dev/pts/N" on stdout (and makes PATH a symlink to it), then
// runs until SIGTERM/SIGINT or --max-seconds. The simulator keeps the slave
// side open in raw mode, so clients may come and go.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <deque>

#include "Vmmu_board.h"
#include "verilated.h"

#ifndef SIM_CLKS_PER_BIT
#error "build with -DSIM_CLKS_PER_BIT=N (the CLKS_PER_BIT parameter of the model)"
#endif

static volatile sig_atomic_t g_stop = 0;
static void on_signal(int) { g_stop = 1; }

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Host -> board: one byte at a time, start bit, 8 data bits LSB first, stop bit.
struct UartDriver {
    std::deque<uint8_t> q;
    int bit = -1;          // -1 idle; 0 start; 1..8 data; 9 stop
    unsigned cnt = 0;
    uint8_t cur = 0;
    int line() const {
        if (bit < 0) return 1;
        if (bit == 0) return 0;
        if (bit <= 8) return (cur >> (bit - 1)) & 1;
        return 1;
    }
    void tick() {          // after each clock
        if (bit < 0) {
            if (q.empty()) return;
            cur = q.front(); q.pop_front();
            bit = 0; cnt = 0;
            return;
        }
        if (++cnt < SIM_CLKS_PER_BIT) return;
        cnt = 0;
        if (++bit > 9) bit = -1;
    }
    bool idle() const { return bit < 0 && q.empty(); }
};

// Board -> host: sample the TX line in the middle of each bit.
struct UartMonitor {
    int state = 0;         // 0 idle, 1 receiving
    unsigned cnt = 0, nbit = 0;
    uint8_t sh = 0;
    unsigned idle_cycles = 0;
    unsigned framing_errors = 0;
    // returns a byte (0..255) when one completes, else -1
    int sample(int tx) {
        if (state == 0) {
            if (tx) { if (idle_cycles < 0x7fffffff) idle_cycles++; return -1; }
            idle_cycles = 0;
            state = 1; cnt = 0; nbit = 0; sh = 0;
            return -1;
        }
        cnt++;
        // bit k (start = 0) has its middle at k*CPB + CPB/2 cycles after the falling edge
        if (cnt != nbit * SIM_CLKS_PER_BIT + SIM_CLKS_PER_BIT / 2) return -1;
        if (nbit >= 1 && nbit <= 8) sh |= (uint8_t)(tx << (nbit - 1));
        if (nbit == 9) {
            state = 0;
            if (!tx) { framing_errors++; return -1; }
            return sh;
        }
        nbit++;
        return -1;
    }
};

int main(int argc, char **argv)
{
    const char *link = NULL;
    double max_s = 0;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--link") && i + 1 < argc) link = argv[++i];
        else if (!strcmp(argv[i], "--max-seconds") && i + 1 < argc) max_s = atof(argv[++i]);
        else if (!strcmp(argv[i], "--quiet")) quiet = true;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: %s [--link PATH] [--max-seconds N] [--quiet]\n"
                   "Simulates the board top behind a pseudo-terminal; prints \"PTY <path>\".\n", argv[0]);
            return 0;
        } else if (argv[i][0] == '+') {
            continue;      // Verilator plusargs
        } else {
            fprintf(stderr, "board_sim: unknown option '%s' (try --help)\n", argv[i]);
            return 2;
        }
    }

    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) || unlockpt(m)) { perror("board_sim: posix_openpt"); return 1; }
    const char *sname = ptsname(m);
    if (!sname) { perror("board_sim: ptsname"); return 1; }
    char slave[256];
    snprintf(slave, sizeof slave, "%s", sname);
    // Keep the slave open (raw, no echo) so the master never sees a hang-up
    // between clients and nothing the board sends is echoed back to it.
    int s = open(slave, O_RDWR | O_NOCTTY);
    if (s < 0) { perror("board_sim: open slave"); return 1; }
    struct termios t;
    tcgetattr(s, &t);
    cfmakeraw(&t);
    tcsetattr(s, TCSANOW, &t);
    fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
    if (link) {
        unlink(link);
        if (symlink(slave, link)) { perror("board_sim: symlink"); return 1; }
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    printf("PTY %s\n", slave);
    fflush(stdout);

    Verilated::commandArgs(argc, argv);
    Vmmu_board *top = new Vmmu_board;
    UartDriver drv;
    UartMonitor mon;
    uint64_t cycles = 0, bytes_in = 0, bytes_out = 0;
    const double t0 = now_s();

    top->clk_i = 0;
    top->rst_i = 1;
    top->uart_rx_i = 1;
    top->eval();

    uint8_t buf[4096];
    std::deque<uint8_t> outq;
    while (!g_stop) {
        // a batch of cycles
        for (int k = 0; k < 256; k++) {
            top->rst_i = cycles < 4;
            top->uart_rx_i = drv.line();
            top->clk_i = 1;
            top->eval();
            top->clk_i = 0;
            top->eval();
            cycles++;
            drv.tick();
            int b = mon.sample(top->uart_tx_o);
            if (b >= 0) { outq.push_back((uint8_t)b); bytes_out++; }
        }
        while (!outq.empty()) {
            size_t n = 0;
            while (n < outq.size() && n < sizeof buf) { buf[n] = outq[n]; n++; }
            ssize_t w = write(m, buf, n);
            if (w <= 0) break;
            outq.erase(outq.begin(), outq.begin() + w);
        }
        // Idle: nothing to send, the engine idle (led 1), the TX line quiet
        // for a few bytes -> block until the host writes (or 50 ms pass).
        bool idle = drv.idle() && !((top->led_o >> 1) & 1) && mon.state == 0 &&
                    mon.idle_cycles > 40u * SIM_CLKS_PER_BIT && outq.empty();
        struct pollfd p = { m, POLLIN, 0 };
        int pr = poll(&p, 1, idle ? 50 : 0);
        if (pr > 0 && (p.revents & POLLIN)) {
            ssize_t r = read(m, buf, sizeof buf);
            for (ssize_t i = 0; i < r; i++) drv.q.push_back(buf[i]);
            if (r > 0) bytes_in += (uint64_t)r;
        }
        if (max_s > 0 && now_s() - t0 > max_s) {
            fprintf(stderr, "board_sim: --max-seconds %.0f reached\n", max_s);
            break;
        }
    }
    if (!quiet)
        fprintf(stderr, "board_sim: %llu cycles, %llu bytes in, %llu bytes out, %u framing errors, %.1f s\n",
                (unsigned long long)cycles, (unsigned long long)bytes_in, (unsigned long long)bytes_out,
                mon.framing_errors, now_s() - t0);
    top->final();
    delete top;
    if (link) unlink(link);
    close(s);
    close(m);
    return 0;
}
