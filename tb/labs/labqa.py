#!/usr/bin/env python3
"""labqa.py -- instructors' quality checks of the lab grading (docs/labs/instructors.md).

  labqa.py bugs    [--lab N] [--only GLOB]   the student-bug suite: each bug of
                   tb/labs/bugs/labN/*.bug applied to a copy of the reference must
                   lose points in its topic group, first message with expected vs got
  labqa.py partial --lab N [--fast]          monotone partial credit: the lab's regions
                   filled in from the reference one at a time (labs.json "order")
                   never lower the score, and each one earns points (--fast: Icarus
                   and unit-test groups only)
  labqa.py show    FILE.bug                  the bug as a unified diff against the reference

A bug file (tb/labs/bugs/labN/NAME.bug):

    # what the student got wrong (the first comment line is the bug's title)
    group: bb_directed                 the test group about this topic
    file: rtl/mmu_seg.v                the file the following hunks edit
    <<<
    exact lines of the reference (inside one of lab N's marked regions, once in the file)
    ===
    the student's lines
    >>>

Several `file:` lines and hunks may follow. A snippet that no longer matches
the reference exactly once, or lies outside lab N's regions, is an error
(exit 2) naming the bug file and line: after a change of the reference, edit
the bug, do not drop it.

Python 3 standard library only. Exit status: 0 every bug caught / monotone,
1 not, 2 set-up error.
"""
import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtool  # noqa: E402
from labtool import LabError  # noqa: E402

ROOT = labtool.ROOT
BUGS_DIR = "tb/labs/bugs"
# "what was expected and what came" in a failure message
EXPECTED_GOT_RE = re.compile(r"(\bgot\b.*\b(want|expected)\b|\bexpected\b.*\bgot\b|your RTL .*reference model)",
                             re.I)


# ---------------------------------------------------------------------------------------
# bug files
def parse_bug(path, rel_root):
    rel = os.path.relpath(path, rel_root)
    with open(path) as f:
        lines = f.read().split("\n")
    bug = {"path": rel, "name": os.path.splitext(os.path.basename(path))[0], "title": "", "group": None,
           "hunks": []}
    cur_file, i = None, 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            if not bug["title"]:
                bug["title"] = line.lstrip("#").strip()
        elif line.startswith("group:"):
            bug["group"] = line.split(":", 1)[1].strip()
        elif line.startswith("file:"):
            cur_file = line.split(":", 1)[1].strip()
        elif line.strip() == "<<<":
            if not cur_file:
                raise LabError("%s:%d: a hunk before any 'file:' line" % (rel, i + 1))
            start, old, new, part = i + 1, [], [], None
            i += 1
            part = old
            while i < len(lines) and lines[i].strip() != ">>>":
                if lines[i].strip() == "===" and part is old:
                    part = new
                else:
                    part.append(lines[i])
                i += 1
            if i >= len(lines):
                raise LabError("%s:%d: hunk without its closing '>>>'" % (rel, start))
            if part is old:
                raise LabError("%s:%d: hunk without '===' between the reference and the student's lines"
                               % (rel, start))
            if not old:
                raise LabError("%s:%d: empty reference snippet" % (rel, start))
            bug["hunks"].append({"file": cur_file, "old": "\n".join(old), "new": "\n".join(new), "line": start})
        elif line.strip():
            raise LabError("%s:%d: expected '# title', 'group:', 'file:' or '<<<', got: %s" % (rel, i + 1, line))
        i += 1
    if not bug["group"]:
        raise LabError("%s: no 'group:' line (the test group about the bug's topic)" % rel)
    if not bug["hunks"]:
        raise LabError("%s: no hunk (<<< reference === student >>>)" % rel)
    if not bug["title"]:
        raise LabError("%s: no '# title' comment line" % rel)
    return bug


def apply_bug(root, n, bug):
    """{file: new text} of the reference with the bug's hunks applied; LabError when a
    snippet does not match exactly once or lies outside lab n's marked regions."""
    texts = {}
    for h in bug["hunks"]:
        f = h["file"]
        if f not in texts:
            try:
                with open(os.path.join(root, f)) as fh:
                    texts[f] = fh.read()
            except OSError as e:
                raise LabError("%s:%d: %s: %s" % (bug["path"], h["line"], f, e.strerror))
        text = texts[f]
        k = text.count(h["old"])
        if k != 1:
            raise LabError("%s:%d: the reference snippet occurs %d times in %s (want exactly once): "
                           "the reference changed, update the bug; first line: %s"
                           % (bug["path"], h["line"], k, f, h["old"].split("\n")[0].strip()))
        at = text.index(h["old"])
        first = text.count("\n", 0, at)
        last = first + h["old"].count("\n")
        regions = [r for r in labtool.parse_regions(f, text.split("\n")) if r[0] == n]
        if not any(r[2] < first and last < r[3] for r in regions):
            raise LabError("%s:%d: the snippet (%s lines %d-%d) is not inside a LAB%d region: a bug must "
                           "change only code the student writes" % (bug["path"], h["line"], f, first + 1,
                                                                    last + 1, n))
        texts[f] = text[:at] + h["new"] + text[at + len(h["old"]):]
    return texts


def load_bugs(root, n, only=None):
    d = os.path.join(root, BUGS_DIR, "lab%d" % n)
    if not os.path.isdir(d):
        return []
    bugs = [parse_bug(os.path.join(d, f), root) for f in sorted(os.listdir(d)) if f.endswith(".bug")]
    if only:
        bugs = [b for b in bugs if fnmatch.fnmatch(b["name"], only)]
    return bugs


# ---------------------------------------------------------------------------------------
# running one bug
def copy_tree(src, dst, dirs):
    for d in dirs:
        s = os.path.join(src, d)
        if os.path.isdir(s):
            shutil.copytree(s, os.path.join(dst, d), symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif os.path.exists(s):
            os.makedirs(os.path.dirname(os.path.join(dst, d)), exist_ok=True)
            shutil.copy2(s, os.path.join(dst, d))


def first_message(text):
    """The first failure line of a group's output (FAIL/MISSING line or divergence)."""
    for l in text.split("\n"):
        s = l.strip()
        if s.startswith(("FAIL ", "MISSING ", "lockstep divergence", "counters differ", "the build",
                         "iverilog could not", "mmu-ref run failed")):
            if s.startswith("counters differ"):
                rest = text.split(s, 1)[1].strip().split("\n")
                return s + " " + (rest[0].strip() if rest else "")
            return s
    return text.strip().split("\n")[0] if text.strip() else "(no output)"


def seed_build(src, dst, kinds):
    """Copy into the build directory dst the parts of the reference build src that
    the test kinds need (time stamps kept, so make rebuilds only what changed)."""
    parts = set()
    if "unit" in kinds:
        parts |= {"san/obj", "san/lib"}
    if "run" in kinds:
        parts |= {"obj", "lib", "bin"}
    if "cosim" in kinds:
        parts |= {"obj", "lib", "bin", "gen", "cosim", "labs/cosim", "labs/bin"}
    for d in sorted(parts):
        if os.path.isdir(os.path.join(src, d)):
            shutil.copytree(os.path.join(src, d), os.path.join(dst, d), symlinks=True)


class BugRunner:
    """Runs bugs of one lab: iverilog groups on a copy of rtl/ and tb/rtl/ with the
    shared build's headers; unit/run groups in a copy of the C sources whose build
    directory is seeded with the reference's objects (only the changed file rebuilds);
    cosim groups in a copy whose Verilator model is rebuilt (slow: avoid)."""

    def __init__(self, root, n, build, work):
        self.root, self.n = root, n
        self.lab = labtool.get_lab(root, n)
        self.build = build if os.path.isabs(build) else os.path.join(root, build)
        self.work = work
        self.tests = {t["name"]: t for t in labtool.lab_tests(root, self.lab)[0]}

    def run(self, bug):
        t0 = time.time()
        if bug["group"] not in self.tests:
            raise LabError("%s: group '%s' is not a test group of lab %d (groups: %s)"
                           % (bug["path"], bug["group"], self.n, ", ".join(sorted(self.tests))))
        t = self.tests[bug["group"]]
        texts = apply_bug(self.root, self.n, bug)
        scratch = os.path.join(self.work, bug["name"])
        shutil.rmtree(scratch, ignore_errors=True)
        os.makedirs(scratch)
        kind = t["kind"]
        if kind == "iverilog":
            copy_tree(self.root, scratch, ["rtl", "tb/rtl"])
            build = self.build
        else:
            copy_tree(self.root, scratch, ["Makefile", "cmodel", "rtl", "tb", "sim"] +
                      (["traces"] if kind in ("run", "cosim") else []))
            build = os.path.join(scratch, "build")
            os.makedirs(build)
            seed_build(self.build, build, {kind})
        for f, text in texts.items():
            with open(os.path.join(scratch, f), "w") as fh:
                fh.write(text)
            st = os.stat(os.path.join(scratch, f))
            os.utime(os.path.join(scratch, f), (st.st_atime + 2, st.st_mtime + 2))
        g = labtool.Grader(scratch, self.lab, build, 1, False)
        g.out = os.path.join(scratch, "out")
        os.makedirs(g.out, exist_ok=True)
        if kind != "iverilog":
            log = os.path.join(g.out, "build.log")
            rc, out = g.run(["make", "--no-print-directory", "BUILD=" + build] + g.targets([t]), 1200, log)
            if rc != 0:
                errs = [l for l in out.split("\n") if labtool.BUILD_ERR_RE.search(l)][:5]
                return self.verdict(bug, t, 0.0, "the build failed (%s):\n%s" % (log, "\n".join(errs)), t0)
        frac, text = getattr(g, "t_" + kind)(t)
        return self.verdict(bug, t, frac, text, t0)

    def verdict(self, bug, t, frac, text, t0):
        msg = first_message(text)
        lost = frac < 1.0
        named = bool(EXPECTED_GOT_RE.search(msg))
        return {"bug": bug["name"], "title": bug["title"], "group": t["name"], "score": round(t["points"] * frac, 2),
                "max": t["points"], "lost": lost, "named": named, "caught": lost and named, "first": msg,
                "secs": round(time.time() - t0, 1)}


def cmd_bugs(root, labs, only, build, jobs, keep):
    work_root = os.path.join(build if os.path.isabs(build) else os.path.join(root, build), "labs-bugs")
    bad_total, rows = 0, []
    for n in labs:
        bugs = load_bugs(root, n, only)
        if not bugs:
            print("lab %d: no bugs in %s/lab%d" % (n, BUGS_DIR, n))
            continue
        runner = BugRunner(root, n, build, os.path.join(work_root, "lab%d" % n))
        for b in bugs:                       # every snippet must apply before anything runs
            apply_bug(root, n, b)
        results, lock, queue = {}, threading.Lock(), list(bugs)
        errors = []

        def worker():
            while True:
                with lock:
                    if not queue:
                        return
                    b = queue.pop(0)
                try:
                    r = runner.run(b)
                except LabError as e:
                    errors.append(str(e))
                    continue
                with lock:
                    results[b["name"]] = r
        ths = [threading.Thread(target=worker) for _ in range(max(1, jobs))]
        for th in ths:
            th.start()
        for th in ths:
            th.join()
        if errors:
            raise LabError("; ".join(errors))
        caught = 0
        for b in bugs:
            r = results[b["name"]]
            caught += r["caught"]
            why = "caught" if r["caught"] else ("NOT CAUGHT: group keeps full marks" if not r["lost"] else
                                                 "NOT CAUGHT: first message lacks expected vs got")
            print("lab%d %-34s %-22s %6s/%-3s %-8s %s" % (n, b["name"], r["group"], labtool.fmt(r["score"]),
                                                          r["max"], "caught" if r["caught"] else "MISSED",
                                                          "(%.0f s)" % r["secs"]))
            print("      %s" % b["title"])
            print("      first message: %s" % r["first"][:300])
            if not r["caught"]:
                print("      %s" % why)
            rows.append(dict(r, lab=n))
        print("lab %d: %d of %d student bugs caught" % (n, caught, len(bugs)))
        bad_total += len(bugs) - caught
        if not keep:
            shutil.rmtree(os.path.join(work_root, "lab%d" % n), ignore_errors=True)
    return rows, bad_total


def cmd_show(root, path):
    import difflib
    bug = parse_bug(path, root)
    n = int(re.search(r"lab(\d+)", os.path.dirname(os.path.abspath(path))).group(1))
    texts = apply_bug(root, n, bug)
    for f, new in texts.items():
        with open(os.path.join(root, f)) as fh:
            old = fh.read()
        sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                   "a/" + f, "b/" + f, n=2))
    return 0


# ---------------------------------------------------------------------------------------
# monotone partial credit
def cmd_partial(root, n, build, jobs, fast, work, verbose=False, ends=False):
    """Grade the lab's skeleton with 0, 1, ... all regions filled (handout order);
    the states run in parallel (jobs threads), each in its own tree."""
    lab = labtool.get_lab(root, n)
    order = labtool.region_order(root, n)
    tests = labtool.lab_tests(root, lab)[0]
    kinds = ("iverilog", "unit") if fast else ("iverilog", "unit", "run", "cosim")
    sel = [t for t in tests if t["kind"] in kinds]
    build = build if os.path.isabs(build) else os.path.join(root, build)
    os.makedirs(work, exist_ok=True)

    def state(k):
        if ends and k in (0, len(order)):   # labs_all.sh checks both: skeleton 0, reference full marks
            per = {t["name"]: (0.0 if k == 0 else float(t["points"])) for t in sel}
            return (k, round(sum(per.values()), 2), per, None, {g: "(not run: --ends)" for g in per})
        tree = os.path.join(work, "fill%d" % k)
        shutil.rmtree(tree, ignore_errors=True)
        if k == len(order):
            tree = root                       # every region filled: the reference itself
        else:
            labtool.dist(root, n, tree, fill=k, quiet=True)
            shutil.copytree(os.path.join(root, labtool.HIDDEN_DIR), os.path.join(tree, labtool.HIDDEN_DIR))
        need = [t for t in sel if t["kind"] != "iverilog"]
        if tree != root and need:
            tb = os.path.join(tree, "build")
            seed_build(build, tb, {t["kind"] for t in need})
            g = labtool.Grader(tree, lab, tb, 1, False)
        else:
            g = labtool.Grader(tree, lab, build, 1, False)
        g.out = os.path.join(work, "out%d" % k)
        os.makedirs(g.out, exist_ok=True)
        err = None
        if need:
            rc, out = g.run(["make", "--no-print-directory", "BUILD=" + g.build] + g.targets(need), 1200,
                            os.path.join(g.out, "build.log"))
            if rc != 0:
                err = "the build failed (%s)" % os.path.join(g.out, "build.log")
        per, texts = {}, {}
        for t in sel:
            if err:
                per[t["name"]], texts[t["name"]] = 0.0, err
                continue
            frac, texts[t["name"]] = getattr(g, "t_" + t["kind"])(t)
            for r in t.get("requires", []):
                rt = next(x for x in tests if x["name"] == r)
                if rt in sel and getattr(g, "t_" + rt["kind"])(rt)[0] < 1.0:
                    frac = 0.0
            per[t["name"]] = round(t["points"] * frac, 2)
        if tree != root:
            shutil.rmtree(tree, ignore_errors=True)
        return (k, round(sum(per.values()), 2), per, err, texts)

    results, lock, queue = {}, threading.Lock(), list(range(len(order) + 1))
    errors = []

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                k = queue.pop(0)
            try:
                r = state(k)
            except LabError as e:
                errors.append(str(e))
                continue
            with lock:
                results[k] = r
    ths = [threading.Thread(target=worker) for _ in range(max(1, jobs))]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    if errors:
        raise LabError("; ".join(errors))
    scores = [results[k][:4] for k in sorted(results)]
    for k, total, per, err, texts in (results[k] for k in sorted(results)):
        what = "skeleton" if k == 0 else "+ %s" % order[k - 1][1]
        print("lab%d fill %d/%d %7s/%-3d %s%s" % (n, k, len(order), labtool.fmt(total),
                                                 sum(t["points"] for t in sel), what,
                                                 "  (%s)" % err if err else ""))
        print("      %s" % (" ".join("%s=%s" % (g, labtool.fmt(v)) for g, v in per.items() if v) or "-"))
        for g, v in per.items():
            if verbose and v < next(t["points"] for t in sel if t["name"] == g):
                print("      %s: %s" % (g, texts[g].split("\n")[1][:200] if "\n" in texts[g] else texts[g][:200]))
    bad = []
    for (k0, s0, p0, _), (k1, s1, p1, _) in zip(scores, scores[1:]):
        if s1 < s0:
            lower = ["%s %s->%s" % (g, labtool.fmt(p0[g]), labtool.fmt(p1[g])) for g in p0 if p1[g] < p0[g]]
            bad.append("filling '%s' lowers the score %s -> %s (%s)" % (order[k1 - 1][1], labtool.fmt(s0),
                                                                         labtool.fmt(s1), ", ".join(lower)))
        elif s1 == s0:
            bad.append("filling '%s' earns no points (%s)" % (order[k1 - 1][1], labtool.fmt(s1)))
    return scores, bad


# ---------------------------------------------------------------------------------------
# no crib
def solution_lines(root, n, min_len=28):
    """{normalised line: where} of the solutions lab n's tree must not hold: the lines
    of lab n's marked regions and of the files it ships as objects (its "prebuilt", and
    every later lab's models and C files: labtool.prebuilt_files), and of every later
    lab's regions its tree cuts (labtool.later_cut) -- those long enough to be
    distinctive and occurring nowhere else in the reference's rtl/ and cmodel/ (so a
    student tree holding one of them holds a solution)."""
    labs = labtool.load_labs(root)
    norm = lambda l: re.sub(r"\s+", " ", l.strip())
    pre = set(labtool.prebuilt_files(root, n))
    cut_labs = {n} | set(labtool.later_cut(root, n))
    later = [m for m in sorted(labs) if m > n]
    sol, inside = {}, {}
    for m in [n] + later:
        for rel in labs[m].get("files", []):
            if m not in cut_labs and rel not in pre:
                continue                      # a later lab's code lab n's groups run: kept
            with open(os.path.join(root, rel)) as f:
                lines = f.read().split("\n")
            for r in labtool.parse_regions(rel, lines):
                if r[0] != m:
                    continue
                inside.setdefault(rel, set()).update(range(r[2], r[3] + 1))
                for i in range(r[2] + 1, r[3]):
                    sol.setdefault(norm(lines[i]), "%s:%d" % (rel, i + 1))
    for rel in sorted(pre):
        with open(os.path.join(root, rel)) as f:
            for i, l in enumerate(f.read().split("\n")):
                sol.setdefault(norm(l), "%s:%d" % (rel, i + 1))
    sol = {k: v for k, v in sol.items() if len(k) >= min_len and not k.startswith(("//", "/*", "*", "#"))
           and not re.fullmatch(r"[A-Za-z_ ]*LAB\d+ (BEGIN|END).*", k)}
    # drop what the student tree legitimately holds: lines outside those regions
    # (other files, or the same file around the regions), the stubs' and givens' lines
    for d in labtool.MARKER_DIRS:
        for dp, dns, fns in os.walk(os.path.join(root, d)):
            for fn in fns:
                rel = os.path.relpath(os.path.join(dp, fn), root)
                if rel in pre or not fn.endswith(labtool.MARKER_EXTS):
                    continue
                with open(os.path.join(dp, fn), errors="replace") as f:
                    for i, l in enumerate(f.read().split("\n")):
                        if i not in inside.get(rel, ()):
                            sol.pop(norm(l), None)
    for m in [n] + later:
        stubs, given = labtool.parse_stub_file(root, m)
        for lines in list(stubs.values()) + list(given.values()):
            for l in lines:
                sol.pop(norm(l), None)
    return sol


def cmd_crib(root, n, tree):
    """Lines of lab n's solution found in the student tree: [(file:line, where)]."""
    sol = solution_lines(root, n)
    norm = lambda l: re.sub(r"\s+", " ", l.strip())
    hits = []
    for dp, dns, fns in os.walk(tree):
        dns[:] = [d for d in dns if d not in ("build", ".git")]
        for fn in fns:
            p = os.path.join(dp, fn)
            try:
                with open(p, errors="strict") as f:
                    text = f.read()
            except (UnicodeDecodeError, OSError):
                continue                      # binary (the prebuilt objects): not readable source
            for i, l in enumerate(text.split("\n")):
                k = norm(l)
                if k in sol:
                    hits.append(("%s:%d" % (os.path.relpath(p, tree), i + 1), sol[k]))
    return len(sol), hits


def main(argv):
    ap = argparse.ArgumentParser(prog="labqa.py", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd")
    b = sub.add_parser("bugs", help="run the student-bug suite")
    b.add_argument("--lab", help="lab number (default: every lab)")
    b.add_argument("--only", help="bugs whose name matches this glob")
    b.add_argument("--keep", action="store_true", help="keep the scratch trees")
    b.add_argument("--json", help="write the per-bug results here")
    p = sub.add_parser("partial", help="monotone partial credit of one lab")
    p.add_argument("--lab", required=True)
    p.add_argument("--fast", action="store_true", help="Icarus and unit-test groups only (no lockstep, no mmu-ref runs)")
    p.add_argument("--verbose", action="store_true", help="each group's first failure")
    p.add_argument("--ends", action="store_true",
                   help="take the skeleton as 0 and the reference as full marks without running them "
                        "(tb/checks/labs_all.sh checks both)")
    k = sub.add_parser("crib", help="lines of the lab's solution in a student tree")
    k.add_argument("--lab", required=True)
    k.add_argument("--tree", required=True)
    s = sub.add_parser("show", help="a bug as a diff")
    s.add_argument("file")
    a = ap.parse_args(argv)
    build = os.environ.get("BUILD", "build")
    jobs = int(os.environ.get("JOBS", "0") or 0) or (os.cpu_count() or 2)
    try:
        if a.cmd == "bugs":
            labs = [labtool.parse_lab(a.lab)] if a.lab else sorted(labtool.load_labs(ROOT))
            rows, bad = cmd_bugs(ROOT, labs, a.only, build, jobs, a.keep)
            if a.json:
                with open(a.json, "w") as f:
                    json.dump(rows, f, indent=2)
            return 1 if bad else 0
        if a.cmd == "partial":
            n = labtool.parse_lab(a.lab)
            bdir = build if os.path.isabs(build) else os.path.join(ROOT, build)
            scores, bad = cmd_partial(ROOT, n, build, jobs, a.fast, os.path.join(bdir, "labs-partial", "lab%d" % n),
                                      a.verbose, a.ends)
            for m in bad:
                print("lab%d: %s" % (n, m))
            print("lab %d: %s" % (n, "monotone, every region earns points" if not bad else "%d problems" % len(bad)))
            return 1 if bad else 0
        if a.cmd == "crib":
            n = labtool.parse_lab(a.lab)
            total, hits = cmd_crib(ROOT, n, a.tree)
            for where, src in hits[:20]:
                print("%s: a line of the solution (%s)" % (where, src))
            print("lab %d: %d of %d distinctive solution lines found in %s" % (n, len(hits), total, a.tree))
            return 1 if hits or total == 0 else 0
        if a.cmd == "show":
            return cmd_show(ROOT, a.file)
        ap.print_help()
        return 2
    except LabError as e:
        print("labqa: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
