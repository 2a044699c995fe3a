#!/usr/bin/env python3
"""Formal properties of the MMU RTL with Yosys' SMT flow (yosys-smtbmc, z3).

Each job proves one property file of formal/ (a wrapper module that
instantiates RTL modules; the RTL is never edited) and then checks that a
deliberately broken variant of the same job is REJECTED, so no property is
vacuous. A broken variant is either a define the wrapper reacts to (a fault
at the RTL's inputs or in the environment) or a one-line text change applied
to a copy of one RTL file under $BUILD/formal (the RTL tree is not touched).

Internal state a property needs is named by "// probe p_x = u_dut.path" lines
in the wrapper: the wrapper declares p_x as an undriven (* keep *) wire and
this script connects it after `flatten` (Yosys 0.23 has no hierarchical
references).

Modes:  prove  BMC to `depth` from reset, then k-induction with k = depth:
               a full proof when both pass
        bmc    BMC to `depth` cycles from reset (bounded)
Output: one PASS/FAIL line per proof and per broken variant, with times.

usage: formal.py [--quick] [--jobs N] [--only GLOB] [--list]
"""
import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

RTL_ALL = ["rtl/mmu_top.v", "rtl/mmu_regs.v", "rtl/mmu_perf.v", "rtl/mmu_seg.v",
           "rtl/mmu_pte_decode.v", "rtl/mmu_perm_check.v", "rtl/mmu_tlb.v",
           "rtl/mmu_tlb_repl.v", "rtl/mmu_ptw.v", "rtl/mmu_pwc.v", "rtl/mmu_param_check.v"]
PTW_RTL = ["rtl/mmu_ptw.v", "rtl/mmu_pwc.v", "rtl/mmu_pte_decode.v", "rtl/mmu_perm_check.v"]
# The small TLB configuration of the top-level jobs: sv32-fpga's walker with a
# 2-set x 2-way LRU TLB, 2 ASID bits and an 8-bit PPN (PA 20 bits).
TOP_PARAMS = {"TLB_SETS": 2, "TLB_WAYS": 2, "TLB_REPL": 0, "ASID_BITS": 2,
              "PPN_BITS": 8, "PA_BITS": 20}

# name, wrapper, top, rtl files, params, mode, depth, quick depth (None: not
# in the quick set), break: ("define", NAME) or ("edit", file, old, new)
JOBS = [
    dict(name="perm_check", wrapper="formal/perm_props.v", top="perm_props",
         rtl=["rtl/mmu_perm_check.v"], params={"PROT_EN": 1}, mode="bmc", depth=1, quick=1,
         brk=("define", "FORMAL_BREAK"), what="perm check == spec table, all 2^11 inputs"),
    dict(name="perm_check_noprot", wrapper="formal/perm_props.v", top="perm_props",
         rtl=["rtl/mmu_perm_check.v"], params={"PROT_EN": 0}, mode="bmc", depth=1, quick=1,
         brk=("edit", "rtl/mmu_perm_check.v", "assign need_ad_o = en & ad_missing;",
              "assign need_ad_o = ad_missing;"),
         what="PROT_EN=0 (ostep-small): no check ever fires"),
    dict(name="repl_lru_permutation", wrapper="formal/repl_props.v", top="repl_props",
         rtl=["rtl/mmu_tlb_repl.v"], params={"REPL": 0}, mode="prove", depth=2, quick=2,
         brk=("edit", "rtl/mmu_tlb_repl.v", "WAY_BITS] < upd_age)", "WAY_BITS] > upd_age)"), break_depth=4,
         what="LRU ages of every set a permutation; victim has age WAYS-1 (4 ways, 2 sets)"),
    dict(name="repl_fifo_permutation", wrapper="formal/repl_props.v", top="repl_props",
         rtl=["rtl/mmu_tlb_repl.v"], params={"REPL": 2}, mode="prove", depth=2, quick=None,
         brk=("edit", "rtl/mmu_tlb_repl.v",
              "new_set[v*WAY_BITS +: WAY_BITS] = {WAY_BITS{1'b0}};",
              "new_set[v*WAY_BITS +: WAY_BITS] = {WAY_BITS{1'b1}};"), break_depth=4,
         what="FIFO ages of every set a permutation; victim has age WAYS-1 (4 ways, 2 sets)"),
    # one proof (the wrapper asserts both), two broken variants
    dict(name="ptw_reads_and_return", wrapper="formal/ptw_props.v", top="ptw_props",
         rtl=PTW_RTL, params={}, mode="bmc", depth=30, quick=14,
         brk=[("reads", ("edit", "rtl/mmu_ptw.v", "lvl_d = lvl_q - 2'd1;", "lvl_d = lvl_q;")),
              ("fairness", ("define", "FORMAL_BREAK_FAIRNESS"))],
         break_depth={"reads": 14, "fairness": 32}, quick_breaks=["reads"],
         what="walker: <= LEVELS reads then <= 1 CAS per attempt; returns within BOUND=27 cycles "
              "(memory: ready low <= 1 cycle, answer <= 2 cycles, <= 1 CAS mismatch)"),
    dict(name="tlb_one_hit", wrapper="formal/tlb_props.v", top="tlb_props", rtl=RTL_ALL,
         defines=["PROP_ONE_HIT"], mode="bmc", depth=16, quick=None,
         brk=("edit", "rtl/mmu_tlb.v", "assign ov[gw] = rd_valid_q[gw] &", "assign ov[gw] = 1'b0 &"),
         break_depth=16, what="at most one way matches (2x2 TLB, free inputs)"),
    dict(name="tlb_asid", wrapper="formal/tlb_props.v", top="tlb_props", rtl=RTL_ALL,
         defines=["PROP_ASID"], mode="bmc", depth=16, quick=None,
         brk=("edit", "rtl/mmu_tlb.v", "wire asid_eq = (t_asid == op_asid_q);", "wire asid_eq = 1'b1;"),
         break_depth=14, what="a non-global entry matches only under the ASID it was filled with"),
    dict(name="tlb_stale_fill", wrapper="formal/tlb_props.v", top="tlb_props", rtl=RTL_ALL,
         defines=["PROP_STALE"], mode="bmc", depth=16, quick=None,
         brk=("edit", "rtl/mmu_top.v", "s1_stale_q      <= reg_event;", "s1_stale_q      <= 1'b0;"),
         break_depth=12, what="no fill from a walk that saw a flush or context write"),
    dict(name="tlb_victim_invalid", wrapper="formal/tlb_props.v", top="tlb_props", rtl=RTL_ALL,
         defines=["PROP_VICTIM"], mode="bmc", depth=16, quick=None,
         brk=("edit", "rtl/mmu_tlb.v", "if (!rd_valid_q[w]) fill_way = w[WAY_BITS-1:0];",
              "if (rd_valid_q[w]) fill_way = w[WAY_BITS-1:0];"),
         break_depth=18, what="a fill with an invalid way and no overlap evicts nothing"),
]


DEPTH_OVERRIDE = 0


def log(msg):
    print(msg, flush=True)


def probes_of(wrapper):
    """The '// probe p_x = path' lines of a wrapper, as (wire, path) pairs."""
    out = []
    with open(wrapper) as f:
        text = f.read()
    # an unconnected probe wire would be a free input: every p_* wire needs its probe line
    declared = set(re.findall(r"\(\*\s*keep\s*\*\)\s*wire\s*(?:\[[^\]]*\])?\s*(p_\w+)", text))
    with open(wrapper) as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"\s*//\s*probe\s+(\w+)\s*=\s*(\S+)\s*$", line)
            if m:
                out.append((m.group(1), m.group(2)))
            elif re.match(r"\s*//\s*probe\b", line):
                raise SystemExit(f"{wrapper}:{n}: malformed probe line, expected '// probe p_name = u_dut.path'")
    missing = declared - {w for w, _ in out}
    if missing:
        raise RuntimeError(f"{wrapper}: probe wire(s) {', '.join(sorted(missing))} without a '// probe' line")
    return out


def stage_rtl(job, variant_dir, brk):
    """Copy the job's RTL into variant_dir (applying a broken variant's edit)."""
    rtl_dir = os.path.join(variant_dir, "rtl")
    os.makedirs(rtl_dir, exist_ok=True)
    files = []
    for src in job["rtl"]:
        dst = os.path.join(rtl_dir, os.path.basename(src))
        with open(src) as f:
            text = f.read()
        if brk and brk[0] == "edit" and brk[1] == src:
            n = text.count(brk[2])
            if n != 1:
                raise RuntimeError(f"{src}: the broken variant of {job['name']} expects the text "
                                   f"'{brk[2]}' exactly once, found {n} (update JOBS in tb/scripts/formal.py)")
            text = text.replace(brk[2], brk[3])
        with open(dst, "w") as f:
            f.write(text)
        files.append(dst)
    return files


def build_smt2(job, variant_dir, brk, gen_dir):
    files = stage_rtl(job, variant_dir, brk)
    defines = ["-DFORMAL"] + ["-D" + d for d in job.get("defines", [])]
    if brk and brk[0] == "define":
        defines.append("-D" + brk[1])
    chparams = " ".join(f"-set {k} {v}" for k, v in job.get("params", {}).items())
    probe_cmds = "".join(f"connect -set {w} {p}; " for w, p in probes_of(job["wrapper"]))
    smt2 = os.path.join(variant_dir, "model.smt2")
    script = f"read_verilog -formal {' '.join(defines)} -Irtl -I{gen_dir} {' '.join(files)} {job['wrapper']}; "
    if chparams:
        script += f"chparam {chparams} {job['top']}; "
    script += (f"hierarchy -check -top {job['top']}; proc; flatten; {probe_cmds}"
               f"prep -top {job['top']}; memory_nordff; async2sync; dffunmap; "
               f"write_smt2 -wires {smt2}")
    ylog = os.path.join(variant_dir, "yosys.log")
    with open(ylog, "w") as lf:
        r = subprocess.run(["yosys", "-q", "-p", script], stdout=lf, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        raise RuntimeError(f"yosys failed on {job['wrapper']} (log {ylog}): {last_error(ylog)}")
    return smt2


def last_error(path):
    with open(path) as f:
        lines = [l.strip() for l in f if "ERROR" in l or "rror" in l]
    return lines[-1] if lines else "see log"


def smtbmc(smt2, args, log_path, timeout):
    t0 = time.time()
    cmd = ["yosys-smtbmc", "-s", "z3", "--unroll", "--presat"] + args + [smt2]
    try:
        with open(log_path, "w") as lf:
            subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "TIMEOUT", time.time() - t0, None
    with open(log_path) as f:
        text = f.read()
    step = None
    m = re.search(r"Assert failed in \S+: (\S+)", text)
    where = m.group(1) if m else None
    steps = re.findall(r"Checking assertions in step (\d+)", text)
    if steps:
        step = steps[-1]
    if "Status: PASSED" in text:
        return "PASSED", time.time() - t0, None
    if "Status: FAILED" in text:
        return "FAILED", time.time() - t0, (step, where)
    return "ERROR", time.time() - t0, None


def run_job(job, quick, build, timeout):
    name = job["name"]
    depth = DEPTH_OVERRIDE or (job["quick"] if quick else job["depth"])
    out = os.path.join(build, "formal", "quick" if quick else "full",
                       name + ("_d%d" % DEPTH_OVERRIDE if DEPTH_OVERRIDE else ""))
    shutil.rmtree(out, ignore_errors=True)
    gen_dir = os.path.join(build, "gen", job.get("profile", "sv32-fpga"))
    lines, ok = [], True
    try:
        smt2 = build_smt2(job, os.path.join(out, "proof"), None, gen_dir)
        t_total = 0.0
        st, t, info = smtbmc(smt2, ["-t", str(depth)], os.path.join(out, "proof", "bmc.log"), timeout)
        t_total += t
        kind = f"BMC depth {depth}"
        if st == "PASSED" and job["mode"] == "prove":
            st, t, info = smtbmc(smt2, ["-i", "-t", str(depth)], os.path.join(out, "proof", "induction.log"), timeout)
            t_total += t
            kind = f"k-induction k={depth} (proof)"
        if st == "PASSED":
            lines.append(f"PASS formal_{name}: {kind}, {t_total:.1f} s -- {job['what']}")
        else:
            ok = False
            detail = f" at step {info[0]}, {info[1]}" if info else ""
            lines.append(f"FAIL formal_{name}: {kind}: {st}{detail} (logs {out}/proof)")
        # each broken variant must be rejected by BMC (a counterexample from reset)
        brks = job["brk"] if isinstance(job["brk"], list) else [("", job["brk"])]
        if quick and "quick_breaks" in job:      # make test: the cheap broken variants only
            brks = [b for b in brks if b[0] in job["quick_breaks"]]
        for tag, brk in brks:
            bdepth = job.get("break_depth", depth)
            if isinstance(bdepth, dict):
                bdepth = bdepth[tag]
            vdir = os.path.join(out, "broken" + (f"_{tag}" if tag else ""))
            smt2b = build_smt2(job, vdir, brk, gen_dir)
            st, t, info = smtbmc(smt2b, ["-t", str(bdepth)], os.path.join(vdir, "bmc.log"), timeout)
            how = f"define {brk[1]}" if brk[0] == "define" else f"{brk[1]}: '{brk[2]}' -> '{brk[3]}'"
            bname = f"formal_{name}_broken" + (f"_{tag}" if tag else "") + "_rejected"
            if st == "FAILED":
                lines.append(f"PASS {bname}: counterexample at step {info[0]}, {t:.1f} s ({how})")
            else:
                ok = False
                lines.append(f"FAIL {bname}: the broken variant ({how}) was not rejected "
                             f"within BMC depth {bdepth}: {st} (log {vdir}/bmc.log)")
    except RuntimeError as e:
        ok = False
        lines.append(f"FAIL formal_{name}: {e}")
    return ok, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="the bounded subset of make test")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="*", help="glob over job names")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per solver run")
    ap.add_argument("--depth", type=int, default=0, help="override every job's depth (exploration)")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    build = os.environ.get("BUILD", "build")
    global DEPTH_OVERRIDE
    DEPTH_OVERRIDE = a.depth
    jobs = [j for j in JOBS if fnmatch.fnmatch(j["name"], a.only) and (not a.quick or j["quick"])]
    if a.list:
        for j in JOBS:
            q = f"quick depth {j['quick']}" if j["quick"] else "not in make test"
            log(f"{j['name']:28s} {j['mode']:6s} depth {j['depth']:3d}  {q:18s} {j['what']}")
        return 0
    if not jobs:
        log(f"FAIL formal: no job matches '{a.only}'")
        return 1
    for tool in ("yosys", "yosys-smtbmc", "z3"):
        if not shutil.which(tool):
            log(f"FAIL formal: {tool} not found (make deps installs it)")
            return 1
    t0 = time.time()
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        results = list(ex.map(lambda j: run_job(j, a.quick, build, a.timeout), jobs))
    fails = 0
    for ok, lines in results:
        for l in lines:
            log(l)
        fails += 0 if ok else 1
    log(f"# formal: {len(jobs)} jobs, {fails} failed, {time.time() - t0:.1f} s wall")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
