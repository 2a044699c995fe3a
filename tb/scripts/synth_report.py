#!/usr/bin/env python3
"""make synth: the per-module area table and the longest combinational path.

Reads what tb/checks/rtl_synth.sh (RTL_SYNTH_REPORT=1) left in OUT for each
profile P:
  P.ice40.json  P.ecp5.json    `stat -json` of the flattened synth_ice40 / synth_ecp5
  P.ice40h.json P.ecp5h.json   `stat -json` of the same with -noflatten (per module)
  P.ice40.net.json P.ecp5.net.json   `write_json` of the flattened netlists
prints one table per profile and writes OUT/summary.json and OUT/summary.tsv.

Per-module rows count each module's own cells (its submodules have their own
rows) times its number of instances. Hierarchy kept means no optimisation
across module boundaries, so the rows do not add up to the flattened total:
the flattened total is the number to compare with other designs.

Longest path: a static count on the flattened mapped netlist, not a timing
analysis. Sources are flip-flop and block-RAM outputs and input ports; sinks
are flip-flop and block-RAM inputs and output ports. Each LUT4 (ECP5 also
TRELLIS_DPR16X4's read) is one level; the LUT5/6 muxes (PFUMX, L6MUX21) add
none (they complete the LUT in the same slice); carry cells (SB_CARRY, CCU2C)
and multipliers (MULT18X18D) add no LUT level and are counted beside it. The
path is the one with the most LUT levels (ties: more multipliers, then more
carries).
"""
import json
import os
import sys

# family -> how its cells count. comb: {type: (lut, carry, dsp)}; seq: prefixes
# of cell types whose outputs start and whose inputs end a path; comb_arcs:
# cells that are partly sequential: (inputs that reach outputs, outputs).
FAMILIES = {
    "ice40": {
        "comb": {"SB_LUT4": (1, 0, 0), "SB_CARRY": (0, 1, 0)},
        "seq": ("SB_DFF", "SB_RAM40_4K", "SB_SPRAM256KA"),
        "lut": ("SB_LUT4",),
        "ff": ("SB_DFF",),
        "ram": ("SB_RAM40_4K",),
        "carry": ("SB_CARRY",),
        "dsp": ("SB_MAC16",),
    },
    "ecp5": {
        "comb": {"LUT4": (1, 0, 0), "PFUMX": (0, 0, 0), "L6MUX21": (0, 0, 0),
                 "CCU2C": (0, 1, 0), "MULT18X18D": (0, 0, 1), "ALU54B": (0, 0, 1),
                 "TRELLIS_DPR16X4": (1, 0, 0)},
        "seq": ("TRELLIS_FF", "DP16KD"),
        "comb_arcs": {"TRELLIS_DPR16X4": (("RAD",), ("DO",))},
        "lut": ("LUT4",),
        "ff": ("TRELLIS_FF",),
        "ram": ("TRELLIS_DPR16X4", "DP16KD"),
        "carry": ("CCU2C",),
        "dsp": ("MULT18X18D",),
    },
}


def load(path):
    with open(path) as f:
        text = f.read()
    # Yosys 0.23's `stat -json` on a design with hierarchy also prints the
    # hierarchy as plain text lines inside the JSON: keep only JSON lines
    text = "\n".join(l for l in text.splitlines() if '"' in l or l.strip(" {}[],") == "")
    return json.loads(text)


def count(by_type, prefixes):
    return sum(n for t, n in by_type.items() if t.lstrip("\\").startswith(prefixes))


def summarize(by_type, fam):
    f = FAMILIES[fam]
    return {k: count(by_type, f[k]) for k in ("lut", "ff", "ram", "carry", "dsp")}


def base_name(mod):
    """'$paramod$<hash>\\mmu_tlb', '$paramod\\mmu_perf\\CTR_BITS=..', '\\mmu_top' -> module name."""
    mod = mod.lstrip("\\")
    return mod.split("\\")[1] if mod.startswith("$paramod") else mod


def per_module(stat, fam, top="mmu_top"):
    """stat -json of a -noflatten run -> [(module, instances, own counts)] in hierarchy order."""
    mods = {m.lstrip("\\"): v["num_cells_by_type"] for m, v in stat["modules"].items()}
    inst, order, depth = {}, [], {}

    def walk(m, n, d=0):
        if m not in inst:
            order.append(m)
            depth[m] = d
        inst[m] = inst.get(m, 0) + n
        for t, k in mods[m].items():
            t = t.lstrip("\\")
            if t in mods:
                walk(t, n * k, d + 1)

    walk(top, 1)
    rows = {}
    for m in order:
        own = {t: n for t, n in mods[m].items() if t.lstrip("\\") not in mods}
        c = summarize(own, fam)
        b = base_name(m)
        if b in rows:
            rows[b]["inst"] += inst[m]
            for k in c:
                rows[b][k] += c[k] * inst[m]
        else:
            rows[b] = dict(module=b, depth=depth[m], inst=inst[m], **{k: v * inst[m] for k, v in c.items()})
    return list(rows.values())


AUTO = ("_SB_", "_LUT4_", "_TRELLIS_", "_CCU2C_", "_PFUMX_", "_L6MUX21_", "_MULT18X18D_", "$")


def longest_path(net, fam, top="mmu_top"):
    f = FAMILIES[fam]
    mod = net["modules"][top]
    # a readable name per bit: original names before the ones autoname made up
    names = {}
    for n, v in mod["netnames"].items():
        auto = v.get("hide_name", 0) or any(a in n for a in AUTO)
        for i, b in enumerate(v["bits"]):
            if isinstance(b, str):
                continue
            label = n if len(v["bits"]) == 1 else "%s[%d]" % (n, i)
            key = (auto, len(label))
            if b not in names or key < names[b][0]:
                names[b] = (key, label)

    def name(b):
        return names[b][1] if b in names else "net%d" % b

    comb, driver = {}, {}
    sinks = []  # (bit, endpoint label)
    for cn, c in mod["cells"].items():
        t = c["type"].lstrip("\\")
        dirs, conns = c["port_directions"], c["connections"]
        if t in f["comb"]:
            arcs = f.get("comb_arcs", {}).get(t)
            ins, outs = [], []
            for p, bits in conns.items():
                if dirs[p] == "output":
                    if arcs is None or p.startswith(arcs[1]):
                        outs += [b for b in bits if not isinstance(b, str)]
                elif arcs is None or p.startswith(arcs[0]):
                    ins += [b for b in bits if not isinstance(b, str)]
                else:
                    sinks += [(b, cn) for b in bits if not isinstance(b, str)]
            comb[cn] = (t, ins, outs)
            for b in outs:
                driver[b] = cn
        elif t.startswith(f["seq"]):
            q = [b for p, bits in conns.items() if dirs[p] == "output" for b in bits if not isinstance(b, str)]
            label = name(q[0]) if q and t.startswith(f["ff"]) else cn
            for p, bits in conns.items():
                if dirs[p] == "input":
                    sinks += [(b, label) for b in bits if not isinstance(b, str)]
        else:
            print("synth_report: %s: cell type %s not classified; treated as a path end" % (fam, t),
                  file=sys.stderr)
            for p, bits in conns.items():
                if dirs[p] == "input":
                    sinks += [(b, cn) for b in bits if not isinstance(b, str)]
    for p, v in mod["ports"].items():
        if v["direction"] == "output":
            sinks += [(b, p if len(v["bits"]) == 1 else "%s[%d]" % (p, i))
                      for i, b in enumerate(v["bits"]) if not isinstance(b, str)]

    # arrival per comb cell, in topological order (Kahn): (luts, dsps, carries), best input bit
    users = {}
    indeg = {}
    for cn, (t, ins, outs) in comb.items():
        preds = {driver[b] for b in ins if b in driver}
        indeg[cn] = len(preds)
        for pcn in preds:
            users.setdefault(pcn, []).append(cn)
    ready = [cn for cn, d in indeg.items() if d == 0]
    arr, via = {}, {}
    zero = (0, 0, 0)

    def bit_arr(b):   # None: a constant (driven by a cell with only constant inputs)
        return arr[driver[b]] if b in driver else zero

    done = 0
    while ready:
        cn = ready.pop()
        done += 1
        t, ins, outs = comb[cn]
        best, bb = None, None
        for b in ins:
            a = bit_arr(b)
            if a is not None and (best is None or a > best):
                best, bb = a, b
        w = f["comb"][t]
        arr[cn] = None if best is None else (best[0] + w[0], best[1] + w[2], best[2] + w[1])
        via[cn] = bb
        for u in users.get(cn, ()):
            indeg[u] -= 1
            if indeg[u] == 0:
                ready.append(u)
    if done != len(comb):
        return {"error": "combinational loop (%d cells not ordered)" % (len(comb) - done)}

    end_b, end_l, end_a = None, None, zero
    for b, label in sinks:
        a = bit_arr(b)
        if a is not None and (end_b is None or a > end_a):
            end_b, end_l, end_a = b, label, a
    # walk back to the source, keeping the readable names along the way
    trail, b = [], end_b
    while b is not None and b in driver:
        trail.append(name(b))
        b = via[driver[b]]
    start = name(b) if b is not None else "nothing"
    trail = [n for n in reversed(trail) if not any(a in n for a in AUTO)]
    return {"lut_levels": end_a[0], "dsps": end_a[1], "carries": end_a[2],
            "from": start, "to": end_l, "through": trail}


BRIDGES = ("mmu_wb_walker", "mmu_wb_regs", "mmu_axi_walker", "mmu_axil_regs")


def bridges(out, p):
    """The bus bridges (rtl/bus), each synthesized alone with profile p's widths:
    {module: {fam: {"total": counts, "path": longest path}}}; missing files: skipped."""
    res = {}
    for m in BRIDGES:
        for fam in ("ice40", "ecp5"):
            base = os.path.join(out, "%s.%s.%s" % (p, fam, m))
            try:
                flat = load(base + ".json")
                net = load(base + ".net.json")
            except (OSError, ValueError):
                continue
            res.setdefault(m, {})[fam] = {"total": summarize(flat["design"]["num_cells_by_type"], fam),
                                          "path": longest_path(net, fam, top=m)}
    return res


def profile_info(p):
    keys = {}
    path = os.path.join("rtl", "profiles", p + ".profile")
    if os.path.exists(path):
        for line in open(path):
            line = line.split("#")[0]
            if "=" in line:
                k, v = line.split("=", 1)
                keys[k.strip()] = v.strip()
    return keys


def main():
    out, profiles = sys.argv[1], sys.argv[2:]
    summary = {"tool": "", "profiles": {}}
    tsv = ["\t".join(["profile", "module", "inst", "ice40_lut4", "ice40_ff", "ice40_ram40",
                      "ice40_carry", "ecp5_lut4", "ecp5_ff", "ecp5_ram", "ecp5_ccu2c",
                      "ecp5_mult18", "ice40_lut_levels", "ice40_path_carries",
                      "ecp5_lut_levels", "ecp5_path_mult18"])]
    ok = True
    for p in profiles:
        info = profile_info(p)
        rec = {"tlb": "%sx%s %s" % (info.get("tlb_sets", "?"), info.get("tlb_ways", "?"),
                                    info.get("tlb_repl", "?"))}
        for fam in ("ice40", "ecp5"):
            base = os.path.join(out, "%s.%s" % (p, fam))
            try:
                flat = load(base + ".json")
                hier = load(base + "h.json")
                net = load(base + ".net.json")
            except (OSError, ValueError) as e:
                print("# %s: %s report missing (%s)" % (p, fam, e))
                ok = False
                continue
            summary["tool"] = flat.get("creator", "")
            rec[fam] = {"total": summarize(flat["design"]["num_cells_by_type"], fam),
                        "cells": flat["design"]["num_cells_by_type"],
                        "modules": per_module(hier, fam),
                        "path": longest_path(net, fam)}
        summary["profiles"][p] = rec
        if "ice40" not in rec or "ecp5" not in rec:
            continue
        ice, ecp = rec["ice40"], rec["ecp5"]
        emods = {m["module"]: m for m in ecp["modules"]}
        print("== %s (TLB %s): cells per module, hierarchy kept (own cells x instances)" % (p, rec["tlb"]))
        hdr = "%-18s %4s | %6s %5s %5s %5s | %6s %5s %5s %5s %6s"
        print(hdr % ("", "", "iCE40", "", "", "", "ECP5", "", "", "", ""))
        print(hdr % ("module", "inst", "LUT4", "FF", "RAM", "carry", "LUT4", "FF", "RAM", "CCU2C", "MULT18"))
        row = "%-18s %4s | %6d %5d %5d %5d | %6d %5d %5d %5d %6d"
        sums = [0] * 9
        for m in ice["modules"]:
            e = emods.get(m["module"], dict(lut=0, ff=0, ram=0, carry=0, dsp=0))
            vals = [m["lut"], m["ff"], m["ram"], m["carry"], e["lut"], e["ff"], e["ram"], e["carry"], e["dsp"]]
            sums = [a + b for a, b in zip(sums, vals)]
            print(row % (("  " * m["depth"] + m["module"], m["inst"]) + tuple(vals)))
            tsv.append("\t".join(map(str, [p, m["module"], m["inst"]] + vals + ["", "", "", ""])))
        print(row % (("sum of modules", "") + tuple(sums)))
        it, et = ice["total"], ecp["total"]
        vals = [it["lut"], it["ff"], it["ram"], it["carry"], et["lut"], et["ff"], et["ram"], et["carry"], et["dsp"]]
        print(row % (("flattened total", "") + tuple(vals)))
        ip, ep = ice["path"], ecp["path"]
        tsv.append("\t".join(map(str, [p, "TOTAL (flattened)", ""] + vals +
                                 [ip.get("lut_levels", ""), ip.get("carries", ""),
                                  ep.get("lut_levels", ""), ep.get("dsps", "")])))
        for fam, pth in (("iCE40", ip), ("ECP5", ep)):
            if "error" in pth:
                print("longest path, %s: %s" % (fam, pth["error"]))
                ok = False
                continue
            extra = "%d carries" % pth["carries"]
            if pth["dsps"]:
                extra += ", %d MULT18X18D" % pth["dsps"]
            print("longest path, %s: %d LUT levels (+ %s): %s -> %s" %
                  (fam, pth["lut_levels"], extra, pth["from"], pth["to"]))
        br = bridges(out, p)
        rec["bridges"] = br
        if br:
            print("bus bridges (rtl/bus), each synthesized alone with this profile's widths; levels = longest path"
                  " in LUT levels, bus/MMU ports included")
            print(hdr % ("bridge", "lvl", "LUT4", "FF", "RAM", "carry", "LUT4", "FF", "RAM", "CCU2C", "lvl"))
            for m in BRIDGES:
                if "ice40" not in br.get(m, {}) or "ecp5" not in br[m]:
                    print("%-18s missing (yosys run failed?)" % m)
                    ok = False
                    continue
                bi, be = br[m]["ice40"], br[m]["ecp5"]
                bit, bet = bi["total"], be["total"]
                vals = [bit["lut"], bit["ff"], bit["ram"], bit["carry"], bet["lut"], bet["ff"], bet["ram"], bet["carry"],
                        be["path"].get("lut_levels", -1)]
                print(row % ((m, bi["path"].get("lut_levels", "?")) + tuple(vals)))
                tsv.append("\t".join(map(str, [p, "bridge:" + m, 1] + vals[:8] + [0] +
                                         [bi["path"].get("lut_levels", ""), bi["path"].get("carries", ""),
                                          be["path"].get("lut_levels", ""), be["path"].get("dsps", "")])))
        print()
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, "summary.tsv"), "w") as f:
        f.write("\n".join(tsv) + "\n")
    print("written: %s/summary.tsv, %s/summary.json" % (out, out))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
