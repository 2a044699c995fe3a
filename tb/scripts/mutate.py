#!/usr/bin/env python3
"""Mutation score of the RTL checks: make mutate.

Generates operator-based mutants of rtl/*.v (comparison swaps, constants +-1,
& <-> |, dropped terms of & / | chains, bit indices +-1, inverted if
conditions and dropped ~), picks --count of them deterministically from
--seed, writes each into $BUILD/mutate/mNNNN/rtl (never into rtl/), and runs
the directed Icarus benches (tb/checks/rtl_tb.sh, stopping at the first
failing configuration) on each, --jobs at a time. A mutant is
  killed     a bench printed FAIL, an MMU_ASSERT fired, a bench did not
             finish, or a simulation hung (timeout)
  survived   every selected bench passed
  stillborn  the mutant does not compile (not counted in the score)
The report gives the kill rate per module and every survivor (file:line, the
mutation); survivors listed in tb/scripts/mutate_equivalent.txt are reported
as triaged equivalent mutants and left out of the non-equivalent score.

Scoring another bench (an instructor scoring a student's testbench):
  --tb GLOB          only the rtl_tb.sh configurations whose tag matches GLOB
                     (e.g. 'tb_tlb.sv32*')
  --tb FILE.v        a testbench file of its own: compiled with the mutant RTL
                     and tb/rtl/tb_mem.v for --profile; it kills a mutant when
                     vvp exits non-zero, prints a line starting with FAIL or
                     MMU_ASSERT, or runs past the timeout. It must pass on the
                     unmutated RTL first.
--smoke runs the fixed mutants of tb/checks/mutate_smoke.sh instead.
"""
import argparse
import fnmatch
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

RTL_FILES = ["rtl/mmu_top.v", "rtl/mmu_regs.v", "rtl/mmu_perf.v", "rtl/mmu_seg.v",
             "rtl/mmu_pte_decode.v", "rtl/mmu_perm_check.v", "rtl/mmu_tlb.v",
             "rtl/mmu_tlb_repl.v", "rtl/mmu_ptw.v", "rtl/mmu_pwc.v", "rtl/mmu_param_check.v"]
RTL_HEADERS = ["rtl/mmu_defs.vh", "rtl/mmu_clog2.vh", "rtl/mmu_inject.vh"]
MUTATED = [f for f in RTL_FILES if f != "rtl/mmu_param_check.v"]   # no logic in param_check
EQUIV_FILE = "tb/scripts/mutate_equivalent.txt"

# lines never mutated: declarations, simulation-only blocks, unused-signal sinks
SKIP_LINE = re.compile(r"^\s*(`|input\b|output\b|inout\b|parameter\b|localparam\b|module\b|endmodule\b|"
                       r"integer\b|genvar\b|function\b|endfunction\b|\$display|\$finish|\)\s*;)")
UNUSED = re.compile(r"\bwire\s+unused\w*\s*=")
IDENT_TERM = r"~?[A-Za-z_][\w]*(?:\[[^\]\[]*\])?"


def code_part(line):
    i = line.find("//")
    return line if i < 0 else line[:i]


def mask_width(width, value):
    return value & ((1 << width) - 1)


def sites(path):
    """Every mutation candidate of one file: (line, col, kind, old, new)."""
    out = []
    with open(path) as f:
        lines = f.read().split("\n")
    depth_sim = 0   # inside `ifdef MMU_ASSERTS / MMU_INJECT_* (simulation-only code)
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if re.match(r"`ifdef\s+(MMU_ASSERTS|MMU_INJECT_\w+)", s):
            depth_sim += 1
            continue
        if depth_sim and s.startswith("`endif"):
            depth_sim -= 1
            continue
        if depth_sim or SKIP_LINE.match(line) or UNUSED.search(line):
            continue
        code = code_part(line)
        # reg/wire declarations without an assignment carry no logic
        if re.match(r"^\s*(reg|wire)\b", code) and "=" not in code:
            continue

        def add(col, kind, old, new):
            if old != new:
                out.append((n, col, kind, old, new))

        for m in re.finditer(r"==|!=", code):
            add(m.start(), "cmp", m.group(0), "!=" if m.group(0) == "==" else "==")
        for m in re.finditer(r"(?<=\s)(<|>|>=)(?=\s)", code):
            old = m.group(1)
            add(m.start(), "cmp", old, {"<": "<=", ">": ">=", ">=": ">"}[old])
        for m in re.finditer(r"(\d+)'([bdh])([0-9a-fA-F_]+)", code):
            w, base, digits = int(m.group(1)), m.group(2), m.group(3).replace("_", "")
            v = int(digits, {"b": 2, "d": 10, "h": 16}[base])
            for nv in (mask_width(w, v + 1), mask_width(w, v - 1)):
                if nv != v:
                    txt = f"{w}'{base}" + (format(nv, "b").zfill(len(digits)) if base == "b" else
                                           format(nv, "x") if base == "h" else str(nv))
                    add(m.start(), "const", m.group(0), txt)
        for m in re.finditer(r"(?<=\s)(&&|\|\||&|\|)(?=\s)", code):
            old = m.group(1)
            add(m.start(), "logic", old, {"&&": "||", "||": "&&", "&": "|", "|": "&"}[old])
        for m in re.finditer(r"\s(&|\|)\s+(" + IDENT_TERM + r")", code):
            add(m.start(), "drop", m.group(0), "")
        for m in re.finditer(r"\[(\d+)\]", code):
            k = int(m.group(1))
            add(m.start(), "index", m.group(0), f"[{k + 1}]")
            if k > 0:
                add(m.start(), "index", m.group(0), f"[{k - 1}]")
        for m in re.finditer(r"\bif\s*\(", code):
            start = m.end() - 1
            d, j = 0, start
            while j < len(code):
                d += code[j] == "("
                d -= code[j] == ")"
                if d == 0:
                    break
                j += 1
            if j < len(code):
                cond = code[start:j + 1]
                add(start, "invert", cond, "(!" + cond + ")")
        for m in re.finditer(r"~(?=[A-Za-z_(])", code):
            add(m.start(), "invert", "~", "")
    return out


def all_candidates():
    cands = []
    for f in MUTATED:
        with open(f) as fh:
            text = fh.read().split("\n")
        for (n, col, kind, old, new) in sites(f):
            cands.append(dict(file=f, line=n, col=col, kind=kind, old=old, new=new, code=text[n - 1].strip()))
    return cands


def stage(mdir, mut):
    """Copy the RTL into mdir/rtl with one mutation applied."""
    rdir = os.path.join(mdir, "rtl")
    os.makedirs(rdir, exist_ok=True)
    for f in RTL_FILES + RTL_HEADERS:
        shutil.copy(f, rdir)
    if mut is None:
        return rdir
    dst = os.path.join(rdir, os.path.basename(mut["file"]))
    with open(mut["file"]) as f:
        text = f.read()
    if "text" in mut:                                  # a fixed mutant: exact text, once
        n = text.count(mut["text"])
        if n != 1:
            raise RuntimeError(f"{mut['file']}: mutant {mut['name']} expects '{mut['text']}' exactly once, found {n}")
        text = text.replace(mut["text"], mut["new_text"])
    else:
        lines = text.split("\n")
        l = lines[mut["line"] - 1]
        if l[mut["col"]:mut["col"] + len(mut["old"])] != mut["old"]:
            raise RuntimeError(f"{mut['file']}:{mut['line']}: '{mut['old']}' not at column {mut['col']}")
        lines[mut["line"] - 1] = l[:mut["col"]] + mut["new"] + l[mut["col"] + len(mut["old"]):]
        text = "\n".join(lines)
    with open(dst, "w") as f:
        f.write(text)
    return rdir


def compiles(rdir, build, mdir):
    """Stillborn check: mmu_top elaborates with the mutant (sv32 and sv39)."""
    for prof in ("sv32", "sv39"):
        r = subprocess.run(["iverilog", "-g2005", "-DMMU_ASSERTS", "-I" + rdir, "-I" + os.path.join(build, "gen", prof),
                            "-s", "mmu_top", "-o", os.path.join(mdir, "elab.vvp")] +
                           [os.path.join(rdir, os.path.basename(f)) for f in RTL_FILES],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            return False, (r.stdout.strip().splitlines() or ["iverilog failed"])[0]
    return True, ""


def run_benches(rdir, mdir, build, tb, profile, timeout):
    """(killed, reason) for the mutant RTL in rdir."""
    if tb and tb.endswith(".v"):
        top = os.path.splitext(os.path.basename(tb))[0]
        vvp = os.path.join(mdir, "tb.vvp")
        extra = ["tb/rtl/tb_mem.v"] if os.path.abspath(tb) != os.path.abspath("tb/rtl/tb_mem.v") else []
        r = subprocess.run(["iverilog", "-g2005", "-DMMU_ASSERTS", "-I" + rdir, "-Itb/rtl",
                            "-I" + os.path.join(build, "gen", profile), "-s", top, "-o", vvp, tb] + extra +
                           [os.path.join(rdir, os.path.basename(f)) for f in RTL_FILES],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            return None, "does not compile with " + tb
        try:
            r = subprocess.run(["vvp", "-n", vvp], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return True, f"timeout ({timeout} s)"
        bad = [l for l in r.stdout.splitlines() if l.startswith(("FAIL", "MMU_ASSERT"))]
        if bad:
            return True, bad[0][:160]
        if r.returncode != 0:
            return True, f"vvp exit {r.returncode}"
        return False, ""
    env = dict(os.environ, BUILD=build, RTL_DIR=rdir, RTL_TB_OUT=os.path.join(mdir, "tb"),
               RTL_TB_FIRST_FAIL="1", RTL_TB_WALL="", RTL_TB_VVP_TIMEOUT=str(timeout))
    if tb:
        env["TB_FILTER"] = tb
    r = subprocess.run(["bash", "tb/checks/rtl_tb.sh"], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    fails = [l for l in r.stdout.splitlines() if l.startswith("FAIL")]
    if r.returncode != 0:
        return True, (fails[0] if fails else f"rtl_tb.sh exit {r.returncode}")[:160]
    return False, ""


def evaluate(idx, mut, build, tb, profile, timeout, keep):
    mdir = os.path.join(build, "mutate", f"m{idx:04d}")
    shutil.rmtree(mdir, ignore_errors=True)
    os.makedirs(mdir)
    t0 = time.time()
    try:
        rdir = stage(mdir, mut)
    except RuntimeError as e:
        return dict(mut, status="error", reason=str(e), secs=0.0)
    ok, why = compiles(rdir, build, mdir)
    if not ok:
        res = dict(mut, status="stillborn", reason=why)
    else:
        killed, why = run_benches(rdir, mdir, build, tb, profile, timeout)
        res = dict(mut, status="error" if killed is None else "killed" if killed else "survived", reason=why)
    res["secs"] = round(time.time() - t0, 1)
    if not keep and res["status"] != "survived":
        shutil.rmtree(mdir, ignore_errors=True)
    return res


def describe(m):
    if "text" in m:
        return f"{m['file']}: '{m['text']}' -> '{m['new_text']}'"
    return f"{m['file']}:{m['line']}:{m['col'] + 1}: {m['kind']} '{m['old']}' -> '{m['new']}'"


def load_equivalent():
    """Triaged equivalent mutants: 'file:line-text|old|new' lines (the line's code, stripped)."""
    eq = {}
    if os.path.exists(EQUIV_FILE):
        with open(EQUIV_FILE) as f:
            for n, l in enumerate(f, 1):
                l = l.rstrip("\n")
                if not l.strip() or l.startswith("#"):
                    continue
                parts = l.split("\t")
                if len(parts) != 5:
                    raise SystemExit(f"{EQUIV_FILE}:{n}: expected 5 tab-separated fields "
                                     "(file, code line, old, new, why), got {len(parts)}")
                eq[tuple(parts[:4])] = parts[4]
    return eq


def equiv_key(m):
    """The mutated line as it was when the mutant was made (the RTL may have moved since)."""
    code = m.get("code")
    if code is None:
        with open(m["file"]) as f:
            code = f.read().split("\n")[m["line"] - 1].strip()
    return (m["file"], code, m["old"], m["new"])


def report(results, build, secs, args):
    eq = load_equivalent()
    per = {}
    for r in results:
        p = per.setdefault(os.path.basename(r["file"]), dict(total=0, killed=0, survived=0, stillborn=0,
                                                           equivalent=0, error=0))
        p["total"] += 1
        p[r["status"]] += 1
        if r["status"] == "survived" and "line" in r and equiv_key(r) in eq:
            r["equivalent"] = eq[equiv_key(r)]
            p["equivalent"] += 1
    lines = [f"# make mutate: seed {args.seed}, {len(results)} mutants, {args.jobs} jobs, "
             f"bench {'rtl_tb.sh' if not args.tb else args.tb}, {secs:.0f} s",
             f"{'module':22s} {'mutants':>7s} {'stillborn':>9s} {'killed':>6s} {'survived':>8s} "
             f"{'equiv.':>6s} {'kill rate':>9s} {'non-equiv.':>10s}"]
    tot = dict(total=0, killed=0, survived=0, stillborn=0, equivalent=0, error=0)
    for mod in sorted(per):
        p = per[mod]
        for k in tot:
            tot[k] += p[k]
        lines.append(row(mod, p))
    lines.append(row("TOTAL", tot))
    surv = [r for r in results if r["status"] == "survived"]
    lines.append(f"# survivors ({len(surv)}):")
    for r in sorted(surv, key=lambda r: (r["file"], r.get("line", 0))):
        tag = f"  [equivalent: {r['equivalent']}]" if r.get("equivalent") else ""
        lines.append(f"SURVIVED {describe(r)}{tag}")
    for r in results:
        if r["status"] == "error":
            lines.append(f"ERROR {describe(r)}: {r['reason']}")
    text = "\n".join(lines)
    os.makedirs(os.path.join(build, "mutate"), exist_ok=True)
    with open(os.path.join(build, "mutate", "report.txt"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(build, "mutate", "report.json"), "w") as f:
        json.dump(dict(seed=args.seed, count=len(results), seconds=round(secs), per_module=per, total=tot,
                       mutants=results), f, indent=1)
    print(text)
    print(f"# written: {build}/mutate/report.txt, report.json")
    return tot


def row(name, p):
    scored = p["killed"] + p["survived"]
    rate = f"{100.0 * p['killed'] / scored:.1f} %" if scored else "-"
    ne = scored - p["equivalent"]
    nrate = f"{100.0 * p['killed'] / ne:.1f} %" if ne else "-"
    return (f"{name:22s} {p['total']:7d} {p['stillborn']:9d} {p['killed']:6d} {p['survived']:8d} "
            f"{p['equivalent']:6d} {rate:>9s} {nrate:>10s}")


# ---- the fixed mutants of make test (tb/checks/mutate_smoke.sh) ------------------------------
# name, file, exact text, replacement, the one bench configuration that must kill it
SMOKE = [
    ("perm_sum_ignored", "rtl/mmu_perm_check.v", "(fetch | ~sum_i)", "(fetch)", "tb_walk.sv32"),
    ("perm_mxr_ignored", "rtl/mmu_perm_check.v", "(r_i | (x_i & mxr_i))", "(r_i)", "tb_walk.sv32"),
    ("tlb_asid_ignored", "rtl/mmu_tlb.v", "asid_eq = (t_asid == op_asid_q);", "asid_eq = 1'b1;",
     "tb_tlb.sv32.tlb_sets_2.tlb_ways_2.repl_0"),
    ("tlb_flush_ignores_global", "rtl/mmu_tlb.v", "(~fl_use_asid_q | (~t_g & asid_eq))",
     "(~fl_use_asid_q | asid_eq)", "tb_tlb.sv32.tlb_sets_2.tlb_ways_2.repl_0"),
    ("tlb_no_overlap_replace", "rtl/mmu_tlb.v", "way_ov = rd_valid_q[gw] &", "way_ov = 1'b0 &",
     "tb_walk.sv32"),
    ("lru_victim_youngest", "rtl/mmu_tlb_repl.v", "== {WAY_BITS{1'b1}})", "== {WAY_BITS{1'b0}})",
     "tb_tlb.sv32.repl_0"),
    ("ptw_stale_ignored", "rtl/mmu_ptw.v", "& ~stale_q & ~event_i;", "& ~event_i;", "tb_walk.sv32"),
    ("ptw_cas_no_dirty", "rtl/mmu_pte_decode.v", "assign pte_ad_o = pte_i | set_a | set_d;",
     "assign pte_ad_o = pte_i | set_a;", "tb_ad.sv32"),
    ("top_hit_pa_level", "rtl/mmu_top.v", "2'd1:    lo = ~({PA_BITS{1'b1}} << (PAGE_SHIFT + VPN_BITS));",
     "2'd1:    lo = ~({PA_BITS{1'b1}} << (PAGE_SHIFT));", "tb_walk.sv32"),
    ("regs_flush_not_event", "rtl/mmu_regs.v", "(a == `MMU_REG_STATUS) | (a == `MMU_REG_FLUSH) | seg_reg)",
     "(a == `MMU_REG_STATUS) | seg_reg)", "tb_walk.sv32"),
    ("pwc_fill_when_stale", "rtl/mmu_ptw.v", "& ptr_q & ~stale_q & ~event_i & ~restarted_q;",
     "& ptr_q & ~event_i & ~restarted_q;", "tb_pwc.sv39-pwc"),
    ("pwc_shallowest_wins", "rtl/mmu_pwc.v", "wire [ENTRIES-1:0] sel  = any1 ? m1 : any2 ? m2 : m3;",
     "wire [ENTRIES-1:0] sel  = any2 ? m2 : any1 ? m1 : m3;", "tb_pwc.sv39-pwc"),
    # hit under miss: a miss parked under a walk is dropped from s1 (never answered);
    # a hit's touch applied a cycle late, after the fill that follows it chose its victim
    ("hum_park_not_held", "rtl/mmu_top.v", "s1_hold = s1_valid_q & (~s1_go | park);",
     "s1_hold = s1_valid_q & (~s1_go);", "tb_hum.sv39-hum.lat_10"),
    ("hum_touch_registered", "rtl/mmu_tlb.v", ".TOUCH_REG((LATE_FILL != 0) ? 0 : 1)", ".TOUCH_REG(1)",
     "tb_hum.sv39-hum.lat_10"),
]
# a mutant that cannot change behaviour (an unused-signal sink): it must SURVIVE
SMOKE_NOOP = ("noop_unused_sink", "rtl/mmu_tlb.v", "wire unused_tlb = ^fill_asid_i;",
              "wire unused_tlb = ~^fill_asid_i;", "tb_tlb.sv32.tlb_sets_2.tlb_ways_2.repl_0")


def smoke(args, build):
    t0 = time.time()
    muts = []
    for (name, f, old, new, cfg) in SMOKE + [SMOKE_NOOP]:
        if old is None:
            continue
        muts.append(dict(name=name, file=f, text=old, new_text=new, cfg=cfg))
    with ThreadPoolExecutor(max_workers=args.jobs) as ex:
        res = list(ex.map(lambda im: evaluate(9000 + im[0], im[1], build, im[1]["cfg"], "sv32", args.timeout, False),
                          enumerate(muts)))
    fails = 0
    for r in res:
        want = "survived" if r["name"] == SMOKE_NOOP[0] else "killed"
        if r["status"] == want:
            why = f" by {r['reason']}" if want == "killed" else " (no behaviour change, reported as a survivor)"
            print(f"PASS mutate_{r['name']}: {want}{why} [{r['cfg']}, {r['secs']} s]")
        else:
            fails += 1
            print(f"FAIL mutate_{r['name']}: expected {want}, got {r['status']} {r['reason']} "
                  f"({describe(r)}, bench {r['cfg']})")
    print(f"# mutate smoke: {len(res)} mutants, {time.time() - t0:.1f} s")
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description="mutation score of the RTL checks")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=160)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tb", default="", help="rtl_tb.sh config glob, or a testbench .v file")
    ap.add_argument("--profile", default="sv32", help="profile of a --tb FILE.v bench")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per simulation")
    ap.add_argument("--only", default="*", help="glob over rtl file names to mutate")
    ap.add_argument("--list", action="store_true", help="print the selected mutants, run nothing")
    ap.add_argument("--keep", action="store_true", help="keep every mutant's directory")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--report-only", action="store_true",
                    help="re-print the last run's report with the current triage file")
    args = ap.parse_args()
    build = os.environ.get("BUILD", "build")
    if args.count < 1 or args.jobs < 1:
        print("mutate: --count and --jobs must be at least 1", file=sys.stderr)
        return 2
    if args.tb.endswith(".v") and not os.path.exists(args.tb):
        print(f"mutate: MUTATE_TB={args.tb}: no such testbench file", file=sys.stderr)
        return 2
    if args.smoke:
        return smoke(args, build)
    if args.report_only:
        path = os.path.join(build, "mutate", "report.json")
        if not os.path.exists(path):
            print(f"mutate: no {path}: run make mutate first", file=sys.stderr)
            return 1
        with open(path) as f:
            last = json.load(f)
        args.seed = last["seed"]
        for r in last["mutants"]:
            r.pop("equivalent", None)
        report(last["mutants"], build, last["seconds"], args)
        return 0
    cands = [c for c in all_candidates() if fnmatch.fnmatch(os.path.basename(c["file"]), args.only)]
    cands.sort(key=lambda c: (c["file"], c["line"], c["col"], c["kind"], c["new"]))
    rng = random.Random(args.seed)
    rng.shuffle(cands)
    chosen = cands[:args.count]
    if args.list:
        for c in chosen:
            print(describe(c))
        print(f"# {len(chosen)} of {len(cands)} candidates (seed {args.seed})")
        return 0
    # the benches must pass on the unmutated RTL, or every mutant would look killed
    base, why = run_benches(stage(os.path.join(build, "mutate", "base"), None),
                            os.path.join(build, "mutate", "base"), build, args.tb, args.profile, args.timeout)
    if base is not False:
        print(f"mutate: the bench fails on the unmutated RTL ({why or 'does not compile'}); fix it first",
              file=sys.stderr)
        return 1
    print(f"# {len(chosen)} of {len(cands)} candidate mutants (seed {args.seed}), {args.jobs} jobs", flush=True)
    t0 = time.time()
    done = [0]

    def one(ic):
        r = evaluate(ic[0], ic[1], build, args.tb, args.profile, args.timeout, args.keep)
        done[0] += 1
        print(f"  [{done[0]}/{len(chosen)}] {r['status']:9s} {describe(r)}", flush=True)
        return r
    with ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(one, enumerate(chosen)))
    tot = report(results, build, time.time() - t0, args)
    return 1 if tot["error"] else 0


if __name__ == "__main__":
    sys.exit(main())
