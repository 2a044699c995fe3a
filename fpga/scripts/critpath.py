#!/usr/bin/env python3
"""critpath.py REPORT.json NETLIST.json -- the start and end registers of the
design clock's critical path, from nextpnr's --report (REPORT.json) and the
Yosys netlist nextpnr read (NETLIST.json). Prints "START END" (register
names as the RTL spells them, e.g. u_board.u_eng.cmd_q[4]); "? ?" when the
report has no register-to-register path. Called by flow.sh.

nextpnr names its packed cells after the Yosys cells they hold (iCE40:
NAME_LC / NAME_DFFLC; ECP5, Gowin: the cell's own name, or a slice named
after one of them), so a path end is traced back through the netlist:
a flip-flop gives the net on its Q, a LUT the flip-flop its output feeds.
"""
import json
import re
import sys

PACK_SUFFIXES = ("_DFFLC", "_LC", "$lut", "$ff", "_DFF", "_LUT", "_SLICE", "_COMB")
FF_Q = ("Q",)


def load(path):
    with open(path) as f:
        return json.load(f)


def clock_path(report):
    """The register-to-register critical path of the slowest clock."""
    fmax = report.get("fmax", {})
    clocks = sorted(fmax, key=lambda c: fmax[c].get("achieved", 1e9))
    paths = report.get("critical_paths", [])
    for clk in clocks:
        for p in paths:
            if p.get("from", "").endswith(" " + clk) and p.get("to", "").endswith(" " + clk):
                return p
    for p in paths:   # no fmax table: the first clock-to-clock path
        if p.get("from", "").startswith(("posedge", "negedge")) and p.get("to", "").startswith(("posedge", "negedge")):
            return p
    return None


class Netlist:
    def __init__(self, js):
        self.cells, self.bitname, self.drivers, self.sinks = {}, {}, {}, {}
        for mod in js.get("modules", {}).values():
            if not mod.get("attributes", {}).get("top") and len(js.get("modules", {})) > 1:
                continue
            for name, net in mod.get("netnames", {}).items():
                for i, b in enumerate(net["bits"]):
                    if isinstance(b, str):
                        continue
                    label = name if len(net["bits"]) == 1 else "%s[%d]" % (name, i + net.get("offset", 0))
                    old = self.bitname.get(b)
                    if old is None or (old.startswith("$") and not label.startswith("$")) or \
                            (net.get("hide_name") == 0 and len(label) < len(old)):
                        self.bitname[b] = label
            for name, cell in mod.get("cells", {}).items():
                self.cells[name] = cell
                for port, bits in cell.get("connections", {}).items():
                    d = cell.get("port_directions", {}).get(port, "input")
                    for b in bits:
                        if isinstance(b, str):
                            continue
                        (self.drivers if d == "output" else self.sinks).setdefault(b, []).append((name, port))

    def find(self, packed):
        """The netlist cell behind a packed cell name."""
        name = packed
        for _ in range(3):
            if name in self.cells:
                return name
            for s in PACK_SUFFIXES:
                if name.endswith(s):
                    name = name[: -len(s)]
                    break
            else:
                break
        return name if name in self.cells else None

    def is_ff(self, cell):
        t = self.cells[cell]["type"]
        return "DFF" in t or t in ("TRELLIS_FF", "FD1P3AX", "FD1P3IX", "FD1S3AX") or re.match(r"^\$_(S?DFF|DFF)", t)

    def is_ram(self, cell):
        return re.search(r"RAM|DP16KD|PDPW16KD|SP256K|SB_SPRAM|BSRAM|SDPB|DPB|SP$|DSP|MULT", self.cells[cell]["type"])

    def q_name(self, cell):
        conns = self.cells[cell].get("connections", {})
        for port in FF_Q:
            for b in conns.get(port, []):
                if not isinstance(b, str) and b in self.bitname:
                    return self.bitname[b]
        return None

    def sink_register(self, cell):
        """A flip-flop cell, or the flip-flop a LUT cell feeds: its Q net."""
        if self.is_ff(cell):
            return self.q_name(cell)
        cs = self.cells[cell]
        for port, bits in cs.get("connections", {}).items():
            if cs.get("port_directions", {}).get(port) != "output":
                continue
            for b in bits:
                for (c, p) in self.sinks.get(b, []):
                    if self.is_ff(c) and p not in ("C", "CLK"):
                        return self.q_name(c)
        return None


def main():
    if len(sys.argv) != 3:
        print("usage: critpath.py REPORT.json NETLIST.json", file=sys.stderr)
        return 2
    path = clock_path(load(sys.argv[1]))
    if not path or not path.get("path"):
        print("? ?")
        return 0
    steps = path["path"]
    net = Netlist(load(sys.argv[2]))
    # start: the net on the source register's Q (else the first routed net); a
    # block RAM or DSP source is named with its port
    src = steps[0].get("to", {})
    c = net.find(src.get("cell", ""))
    start = None
    if c and net.is_ram(c):
        start = "%s.%s" % (c, src.get("port", "?"))
    elif c and net.is_ff(c):
        start = net.q_name(c)
    if not start:
        start = next((s["net"] for s in steps if s.get("type") == "routing" and s.get("net")), None)
    if not start:
        c = net.find(steps[0]["to"]["cell"])
        start = (c and net.q_name(c)) or steps[0]["to"]["cell"]
    # end: the register behind the setup check
    end_cell = steps[-1]["to"]["cell"]
    c = net.find(end_cell)
    if c and net.is_ram(c):
        end = "%s.%s" % (c, steps[-1]["to"].get("port", "?"))
    else:
        end = (c and net.sink_register(c)) or end_cell
    print("%s %s" % (start.replace(" ", "_"), end.replace(" ", "_")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
