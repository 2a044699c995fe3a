#!/usr/bin/env python3
"""labtool.py -- course labs: student trees cut from the reference, and the grader.

  labtool.py dist  --lab N --out DIR     student tree for lab N (make lab-dist); --fill K keeps
                                         the first K regions of labs.json "order" (partial trees)
  labtool.py grade --lab N               build, run the lab's test groups, points (make grade);
                                         --autograder: nothing about hidden groups in the visible text
  labtool.py autograder --lab N --out Z  the Gradescope zip (make autograder)
  labtool.py collect --submission DIR    copy a submission's student files into this tree
  labtool.py check                       markers and stubs agree, every lab (tb/checks/labs_all.sh)
  labtool.py record --lab N              fill in "expect" values of `run` tests from this tree
  labtool.py list                        the labs and their test groups

Markers (comment lines only) in the reference sources, rtl/*.v and cmodel/*/*.c:
    // LAB1 BEGIN: title            /* LAB6 BEGIN: title */
    ...                             ...
    // LAB1 END                     /* LAB6 END */
Regions may nest (a lab-1 region inside a lab-2 region). For lab N, `dist` replaces
every lab-N region (with whatever it contains) by a TODO(labN) line and the stub
text of tb/labs/stubs/labN.stub for that (file, title); the regions of every later
lab M that lab N's groups do not run (labs.json "needs_later" lists those they do)
by lab M's "given" text for that region, or else its stub; every other marker line
is dropped; the model files of labs.json "prebuilt", and every later lab's C files,
ship as objects only.
docs/labs/instructors.md describes the files and how to add a test; the
instructors' checks (bug suite, partial credit, crib) are in labqa.py.

Python 3 standard library only. Exit status: 0 ok (grade: full marks), 1 points lost
or a check failed, 2 usage or set-up error (one message).
"""
import argparse
import fnmatch
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LABS_JSON = "tb/labs/labs.json"
HIDDEN_DIR = "tb/labs/hidden"
STUB_DIR = "tb/labs/stubs"
DIST_JSON = "tb/labs/dist.json"          # written into student trees only
MARKER_DIRS = ("rtl", "cmodel")
MARKER_EXTS = (".v", ".vh", ".c", ".h")
# Never copied into a student tree (paths relative to the root; directories prune).
DIST_EXCLUDE = (".git", "build", "obj_dir", HIDDEN_DIR, "docs/labs/instructors.md",
                "tb/labs/bugs")          # the student-bug suite quotes the solution
# and every top-level build* directory (per-engineer build trees: build-fpga, ...)

BUILD_ERR_RE = re.compile(r"(error:|%Error|%Warning|\*\*\*|undefined reference|cannot find|syntax error|Unknown module)")
BUILD_CMD_RE = re.compile(r"^\s*(cc|gcc|clang|g\+\+|c\+\+|verilator|ar|make)\s")
MARKER_RE = re.compile(r"^(\s*)(?://|/\*)\s*LAB(\d+)\s+(BEGIN|END)\b:?\s*(.*?)\s*(?:\*/)?\s*$")


class LabError(Exception):
    """A set-up problem: one message, exit status 2."""


# ---------------------------------------------------------------------------------------
# lab definitions
def load_labs(root):
    path = os.path.join(root, LABS_JSON)
    try:
        with open(path) as f:
            labs = json.load(f)["labs"]
    except (OSError, ValueError, KeyError) as e:
        raise LabError("%s: cannot read the lab list: %s" % (LABS_JSON, e))
    return {int(l["lab"]): l for l in labs}


def get_lab(root, n):
    labs = load_labs(root)
    if n not in labs:
        raise LabError("no lab %s (labs: %s)" % (n, ", ".join(str(k) for k in sorted(labs))))
    return labs[n]


def lab_tests(root, lab):
    """Public tests from labs.json, hidden ones from tb/labs/hidden/labN.json if present."""
    tests = [dict(t, visibility="visible", hidden=False) for t in lab["tests"]]
    hpath = os.path.join(root, HIDDEN_DIR, "lab%d.json" % lab["lab"])
    have_hidden = os.path.exists(hpath)
    if have_hidden:
        try:
            with open(hpath) as f:
                hidden = json.load(f)["tests"]
        except (OSError, ValueError, KeyError) as e:
            raise LabError("%s: %s" % (os.path.relpath(hpath, root), e))
        tests += [dict(t, visibility="after_due_date", hidden=True) for t in hidden]
    names = [t["name"] for t in tests]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise LabError("lab %d: test names used twice: %s" % (lab["lab"], ", ".join(sorted(dup))))
    return tests, have_hidden


# ---------------------------------------------------------------------------------------
# markers and stubs
def marker_files(root):
    out = []
    for d in MARKER_DIRS:
        for dp, dns, fns in os.walk(os.path.join(root, d)):
            dns.sort()
            for fn in sorted(fns):
                if fn.endswith(MARKER_EXTS):
                    out.append(os.path.relpath(os.path.join(dp, fn), root))
    return out


def parse_regions(rel, lines):
    """[(lab, title, begin_idx, end_idx, indent, is_c)] of one file; LabError on bad nesting."""
    regions, stack = [], []
    for i, line in enumerate(lines):
        m = MARKER_RE.match(line)
        if not m:
            if re.search(r"\bLAB\d+\s+(BEGIN|END)\b", line):
                raise LabError("%s:%d: a lab marker must be a comment line of its own: %s"
                               % (rel, i + 1, line.strip()))
            continue
        indent, lab, kind, title = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        is_c = line.lstrip().startswith("/*")
        if kind == "BEGIN":
            if not title:
                raise LabError("%s:%d: LAB%d BEGIN needs a title (LAB%d BEGIN: what to write)"
                               % (rel, i + 1, lab, lab))
            if any(s[0] == lab for s in stack):
                raise LabError("%s:%d: LAB%d region inside another LAB%d region" % (rel, i + 1, lab, lab))
            stack.append((lab, title, i, indent, is_c))
        else:
            if not stack:
                raise LabError("%s:%d: LAB%d END without a BEGIN" % (rel, i + 1, lab))
            top = stack.pop()
            if top[0] != lab:
                raise LabError("%s:%d: LAB%d END closes the LAB%d region opened at line %d"
                               % (rel, i + 1, lab, top[0], top[2] + 1))
            regions.append((lab, top[1], top[2], i, top[3], top[4]))
    if stack:
        lab, title, i = stack[-1][0], stack[-1][1], stack[-1][2]
        raise LabError("%s:%d: LAB%d BEGIN (%s) has no END" % (rel, i + 1, lab, title))
    return regions


def parse_stub_file(root, n):
    """({(file, title): [lines]}, {(file, title): [lines]}) from tb/labs/stubs/labN.stub:
    the stubs (lab N's tree) and the givens (trees of earlier labs).

    Format: text before the first section is a comment. A section starts with
    '=== FILE: TITLE' (a stub) or '=== given: FILE: TITLE' (what the trees of the
    labs before N hold instead of that region, when their tests need part of it)
    and runs to the next '===' line; its lines are copied verbatim (trailing blank
    lines dropped). In a given, a line '@LABk: TITLE' stands for the lab-k region of
    that title nested in the region (cut to lab k's stub in lab k's own tree)."""
    path = os.path.join(root, STUB_DIR, "lab%d.stub" % n)
    stubs, given, cur = {}, {}, None
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise LabError("%s: %s" % (os.path.relpath(path, root), e.strerror))
    for i, line in enumerate(lines):
        if line.startswith("==="):
            head = line[3:].strip()
            if not head:
                cur = None
                continue
            into = stubs
            if head.startswith("given:"):
                into, head = given, head[len("given:"):].strip()
            if ":" not in head:
                raise LabError("%s:%d: expected '=== FILE: TITLE' or '=== given: FILE: TITLE'"
                               % (os.path.relpath(path, root), i + 1))
            fn, title = head.split(":", 1)
            key = (fn.strip(), title.strip())
            if key in into:
                raise LabError("%s:%d: second %s for %s: %s" % (os.path.relpath(path, root), i + 1,
                                                                "given" if into is given else "stub", *key))
            into[key] = cur = []
        elif cur is not None:
            cur.append(line)
    for d in (stubs, given):
        for k in d:
            while d[k] and not d[k][-1].strip():
                d[k].pop()
    return stubs, given


def load_stubs(root, n):
    """{(file, title): [lines]}: the stubs of tb/labs/stubs/labN.stub (parse_stub_file)."""
    return parse_stub_file(root, n)[0]


GIVEN_REF_RE = re.compile(r"^\s*@LAB(\d+):\s*(.*?)\s*$")


def later_cut(root, n):
    """The labs after n whose RTL/C regions lab n's tree holds as stubs (or givens):
    every later lab except those of labs.json "needs_later" (their code runs in lab
    n's graded groups). docs/labs/instructors.md "No crib"."""
    labs = load_labs(root)
    needs = set(labs[n].get("needs_later", []))
    return [m for m in sorted(labs) if m > n and m not in needs]


def cut_file(rel, text, n, stubs, handout, used, keep=(), later=None):
    """The file with lab n's regions replaced by stubs and every marker line dropped;
    regions whose (file, title) is in keep stay as in the reference (partial trees).
    later: {lab m: (stubs, givens, handout)} of the later labs whose regions are cut
    too (later_cut): by lab m's given for that region if it has one, else its stub;
    `used` collects (m, file, title, kind). Returns (text, number of lab-n regions cut)."""
    later = later or {}
    lines = text.split("\n")
    regions = parse_regions(rel, lines)
    mine = [r for r in regions if r[0] == n]
    seen = set()
    for r in mine:
        if r[1] in seen:
            raise LabError("%s: two LAB%d regions titled '%s'" % (rel, n, r[1]))
        seen.add(r[1])
        if (rel, r[1]) not in stubs:
            raise LabError("%s: LAB%d region '%s' (line %d) has no stub in %s/lab%d.stub"
                           % (rel, n, r[1], r[2] + 1, STUB_DIR, n))
    for r in regions:
        if r[0] in later and (rel, r[1]) not in later[r[0]][0]:
            raise LabError("%s: LAB%d region '%s' (line %d) has no stub in %s/lab%d.stub"
                           % (rel, r[0], r[1], r[2] + 1, STUB_DIR, r[0]))
    marker_lines = {r[2] for r in regions} | {r[3] for r in regions}
    starts = {}
    for r in regions:
        starts.setdefault(r[2], r)
    count = [0]

    def render(lo, hi):
        out, i = [], lo
        while i < hi:
            r = starts.get(i)
            if r and r[0] == n and (rel, r[1]) in keep:
                used.add((n, rel, r[1], "stub"))
            elif r and r[0] == n:
                note = "TODO(lab%d): %s -- see %s" % (n, r[1], handout)
                out.append(r[4] + ("/* %s */" % note if r[5] else "// " + note))
                out.extend(stubs[(rel, r[1])])
                used.add((n, rel, r[1], "stub"))
                count[0] += 1
                i = r[3] + 1
                continue
            elif r and r[0] in later:
                m = r[0]
                mstubs, mgiven, _ = later[m]
                if (rel, r[1]) in mgiven:
                    used.add((m, rel, r[1], "given"))
                    note = "later, lab %d: %s -- given here as far as lab %d's tests need it" % (m, r[1], n)
                    out.append(r[4] + ("/* %s */" % note if r[5] else "// " + note))
                    for gl in mgiven[(rel, r[1])]:
                        g = GIVEN_REF_RE.match(gl)
                        if not g:
                            out.append(gl)
                            continue
                        sub = [s for s in regions if s[0] == int(g.group(1)) and s[1] == g.group(2)
                               and r[2] < s[2] and s[3] < r[3]]
                        if not sub:
                            raise LabError("%s/lab%d.stub: given '%s: %s' names %s, not a region nested in it"
                                           % (STUB_DIR, m, rel, r[1], gl.strip()))
                        out.extend(render(sub[0][2], sub[0][3] + 1))
                else:
                    used.add((m, rel, r[1], "stub"))
                    note = "later, lab %d: %s -- a stub, lab %d's tests do not use it" % (m, r[1], n)
                    out.append(r[4] + ("/* %s */" % note if r[5] else "// " + note))
                    out.extend(mstubs[(rel, r[1])])
                i = r[3] + 1
                continue
            if i not in marker_lines:
                out.append(lines[i])
            i += 1
        return out

    return "\n".join(render(0, len(lines))), count[0]


def later_stubs(root, n):
    """{m: (stubs, givens, handout)} for later_cut(root, n)."""
    labs = load_labs(root)
    return {m: parse_stub_file(root, m) + (labs[m]["handout"],) for m in later_cut(root, n)}


def check_markers(root):
    """Every lab's regions have stubs, every stub a region. [(lab, message)] of problems."""
    problems, labs = [], load_labs(root)
    files = marker_files(root)
    texts = {}
    for rel in files:
        with open(os.path.join(root, rel)) as f:
            texts[rel] = f.read()
    all_used = set()
    for n, lab in sorted(labs.items()):
        try:
            bad = [m for m in lab.get("needs_later", []) if m not in labs or m <= n]
            if bad:
                problems.append((n, "%s: lab %d \"needs_later\" names %s: want later labs only"
                                 % (LABS_JSON, n, bad)))
            stubs = load_stubs(root, n)
            used, count = set(), 0
            later = later_stubs(root, n)
            for rel in files:
                _, k = cut_file(rel, texts[rel], n, stubs, lab["handout"], used, later=later)
                count += k
            all_used |= used
            if count == 0 and lab.get("files"):
                problems.append((n, "no LAB%d regions in the sources" % n))
            for k in sorted(set(stubs) - {(u[1], u[2]) for u in used if u[0] == n}):
                problems.append((n, "%s/lab%d.stub: stub '%s: %s' matches no region" % (STUB_DIR, n, k[0], k[1])))
            region_order(root, n)
            where = sorted({rel for rel in files if re.search(r"LAB%d\s+BEGIN" % n, texts[rel])})
            if sorted(lab.get("files", [])) != where:
                problems.append((n, "labs.json files %s, markers in %s" % (lab.get("files", []), where)))
        except LabError as e:
            problems.append((n, str(e)))
    for n in sorted(labs):
        try:
            given = parse_stub_file(root, n)[1]
        except LabError as e:
            problems.append((n, str(e)))
            continue
        for k in sorted(set(given) - {(u[1], u[2]) for u in all_used if u[0] == n and u[3] == "given"}):
            problems.append((n, "%s/lab%d.stub: given '%s: %s' is used by no earlier lab's tree (no such "
                                "region, or every earlier lab lists lab %d in \"needs_later\")"
                             % (STUB_DIR, n, k[0], k[1], n)))
    return problems


# ---------------------------------------------------------------------------------------
# dist
def region_order(root, n):
    """Lab n's regions [(file, title)] in the handout's order: labs.json "order"
    (entries "FILE: TITLE"), checked against the markers."""
    lab = get_lab(root, n)
    order = []
    for e in lab.get("order", []):
        if ":" not in e:
            raise LabError("%s: lab %d order entry '%s': want 'FILE: TITLE'" % (LABS_JSON, n, e))
        f, t = e.split(":", 1)
        order.append((f.strip(), t.strip()))
    have = set()
    for rel in lab.get("files", []):
        with open(os.path.join(root, rel)) as f:
            have |= {(rel, r[1]) for r in parse_regions(rel, f.read().split("\n")) if r[0] == n}
    if sorted(order) != sorted(have):
        raise LabError("%s: lab %d \"order\" must list every LAB%d region once as 'FILE: TITLE'; "
                       "missing: %s; unknown: %s" % (LABS_JSON, n, n,
                                                    "; ".join("%s: %s" % k for k in sorted(have - set(order))) or "-",
                                                    "; ".join("%s: %s" % k for k in sorted(set(order) - have)) or "-"))
    return order


def dist(root, n, out, fill=0, quiet=False):
    """Student tree for lab n; fill > 0 keeps the first `fill` regions (handout
    order) as in the reference: the partial trees of the monotone-credit check."""
    lab = get_lab(root, n)
    filled = set(region_order(root, n)[:fill]) if fill else set()
    out = os.path.abspath(out)
    if out == root or root.startswith(out + os.sep):
        raise LabError("OUT=%s would overwrite the reference tree" % out)
    if os.path.exists(out) and (not os.path.isdir(out) or os.listdir(out)):
        raise LabError("OUT=%s exists and is not empty (remove it, or pick another directory)" % out)
    stubs = load_stubs(root, n)
    later = later_stubs(root, n)
    build = os.path.abspath(os.environ.get("BUILD", "build") if os.path.isabs(os.environ.get("BUILD", "build"))
                            else os.path.join(root, os.environ.get("BUILD", "build")))
    tmp = "%s.tmp.%d" % (out.rstrip(os.sep), os.getpid())
    try:
        os.makedirs(tmp)
        used, cuts = set(), {}
        for dp, dns, fns in os.walk(root):
            rel_dir = os.path.relpath(dp, root)
            keep = []
            for d in sorted(dns):
                rd = os.path.normpath(os.path.join(rel_dir, d))
                full = os.path.join(dp, d)
                if rd in DIST_EXCLUDE or d == "__pycache__" or full in (out, tmp, build) \
                        or (rel_dir == "." and d.startswith("build")) \
                        or full.endswith(".tmp.%d" % os.getpid()):
                    continue
                keep.append(d)
            dns[:] = keep
            os.makedirs(os.path.join(tmp, rel_dir), exist_ok=True)
            for fn in sorted(fns):
                rel = os.path.normpath(os.path.join(rel_dir, fn))
                if rel in DIST_EXCLUDE or fn.endswith(".pyc"):
                    continue
                src, dst = os.path.join(root, rel), os.path.join(tmp, rel)
                if os.path.islink(src):
                    os.symlink(os.readlink(src), dst)
                    continue
                if rel.startswith(MARKER_DIRS) and rel.endswith(MARKER_EXTS):
                    with open(src) as f:
                        text = f.read()
                    if re.search(r"LAB\d+\s+(BEGIN|END)", text):
                        new, k = cut_file(rel, text, n, stubs, lab["handout"], used, filled, later)
                        with open(dst, "w") as f:
                            f.write(new)
                        shutil.copymode(src, dst)
                        if k:
                            cuts[rel] = k
                        else:          # markers of other labs only: keep the reference's time stamp
                            st = os.stat(src)
                            os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))
                        continue
                shutil.copy2(src, dst)  # time stamps kept: builds can reuse objects
        prebuild(root, lab, tmp, build)
        missing = set(stubs) - {(u[1], u[2]) for u in used if u[0] == n}
        if missing:
            raise LabError("%s/lab%d.stub: stubs that match no region: %s"
                           % (STUB_DIR, n, "; ".join("%s: %s" % k for k in sorted(missing))))
        if not cuts and not filled:
            raise LabError("lab %d: no LAB%d regions found in %s" % (n, n, " ".join(MARKER_DIRS)))
        with open(os.path.join(tmp, DIST_JSON), "w") as f:
            json.dump({"lab": n, "title": lab["title"], "handout": lab["handout"],
                       "student_files": sorted(cuts), "generated_from": git_describe(root)}, f, indent=2)
            f.write("\n")
        if os.path.isdir(out):
            os.rmdir(out)
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if quiet:
        return 0
    print("lab %d (%s): student tree in %s" % (n, lab["title"], out))
    for rel, k in sorted(cuts.items()):
        print("  %-28s %d region%s replaced by TODO(lab%d) stubs" % (rel, k, "" if k == 1 else "s", n))
    print("  left out: .git, build/, %s/, tb/labs/bugs/, docs/labs/instructors.md" % HIDDEN_DIR)
    print("next: cd %s && make grade LAB=%d      (handout: %s)" % (out, n, lab["handout"]))
    return 0


PREBUILT_DIR = "cmodel/prebuilt"


def prebuilt_files(root, n):
    """The C files lab n's tree ships as objects only: its own labs.json "prebuilt",
    and of every later lab the "prebuilt" models and the C files its students write
    (lab 6's OS): objects run in lab n's groups as the source would, and are no crib."""
    labs = load_labs(root)
    files = list(labs[n].get("prebuilt", []))
    for m in sorted(labs):
        if m > n:
            files += labs[m].get("prebuilt", []) + [f for f in labs[m].get("files", []) if f.endswith(".c")]
    return list(dict.fromkeys(files))


def prebuild(root, lab, tree, build):
    """No crib (docs/labs/instructors.md): the C model files of labs.json "prebuilt"
    (the cycle and reference models of what the student writes) leave the tree as
    source and come as objects compiled from the reference with the Makefile's
    flags (plain and sanitizer builds), debug information stripped. The Makefile
    adds cmodel/prebuilt/{obj,san}/*.o to the libraries. The objects are made in
    BUILD/labs/prebuilt (kept: the next tree reuses what is up to date), one make
    at a time (a lock: the partial-credit check cuts trees in parallel)."""
    import fcntl
    files = prebuilt_files(root, lab["lab"])
    if not files:
        return
    bdir = os.path.join(build, "labs", "prebuilt")
    os.makedirs(bdir, exist_ok=True)
    with open(os.path.join(bdir, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        prebuild_locked(root, lab, tree, files, bdir)


def prebuild_locked(root, lab, tree, files, bdir):
    objs = []
    for f in files:
        if not os.path.isfile(os.path.join(root, f)):
            raise LabError("%s: lab %d prebuilt file %s does not exist" % (LABS_JSON, lab["lab"], f))
        o = os.path.splitext(f)[0] + ".o"
        objs += [os.path.join(bdir, "obj", o), os.path.join(bdir, "san", "obj", o)]
    r = subprocess.run(["make", "--no-print-directory", "-s", "BUILD=" + bdir] + objs, cwd=root,
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise LabError("compiling the prebuilt objects failed:\n%s" % (r.stdout + r.stderr)[-2000:])
    for f in files:
        base = os.path.splitext(f)[0]
        name = base.replace("/", "__") + ".o"           # cmodel__cycle__mmu_seg.o
        for kind, src in (("obj", os.path.join(bdir, "obj", base + ".o")),
                          ("san", os.path.join(bdir, "san", "obj", base + ".o"))):
            dst = os.path.join(tree, PREBUILT_DIR, kind, name)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            r = subprocess.run(["objcopy", "--strip-debug", "--discard-locals", src, dst],
                               capture_output=True, text=True)
            if r.returncode != 0:
                raise LabError("objcopy %s: %s" % (src, r.stderr.strip()))
        os.unlink(os.path.join(tree, f))
    with open(os.path.join(tree, PREBUILT_DIR, "README.md"), "w") as fh:
        fh.write("# Prebuilt model objects (lab %d)\n\n"
                 "These C model files are part of the grader's reference and are not given as source\n"
                 "in this lab (they model the hardware you write, or belong to a later lab's solution).\n"
                 "The Makefile links the objects here into the C library: `obj/` for the tools and the\n"
                 "lockstep harness, `san/` for the sanitizer builds of the tests. They are built for\n"
                 "x86-64 Linux.\n\n" % lab["lab"]
                 + "".join("- `%s`\n" % f for f in files))


def git_describe(root):
    try:
        r = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True,
                           text=True, timeout=10)
        return r.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# ---------------------------------------------------------------------------------------
# Gradescope autograder (docs/labs/instructors.md "Gradescope")
SETUP_SH = """#!/usr/bin/env bash
# Gradescope setup (runs once, as root, when the image is built): the tools,
# then one grade of the untouched skeleton so the C model, the Verilator
# runtime and the lab's model are built into the image (it scores 0).
set -eu
AG=${AUTOGRADER_ROOT:-/autograder}
cd "$AG/source/tree"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then apt-get update -qq; fi
bash tb/scripts/deps.sh          # the Debian packages (make deps would add FuseSoC's venv: not needed)
make --no-print-directory grade BUILD=build LAB=%(lab)d AUTOGRADER=1 RESULTS="$AG/source/setup-results.json" >"$AG/source/setup.log" 2>&1 || true
echo "setup: lab %(lab)d built (log $AG/source/setup.log)"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope run_autograder: the student's files (only those the lab names, from
# /autograder/submission) into the prepared tree, then the grade; results.json
# hides the hidden groups until the due date (docs/labs/instructors.md).
set -u
AG=${AUTOGRADER_ROOT:-/autograder}
tree=$AG/source/tree
mkdir -p "$AG/results"
cd "$tree" || exit 1
python3 tb/labs/labtool.py collect --submission "$AG/submission"
make --no-print-directory grade BUILD=build LAB=%(lab)d AUTOGRADER=1 RESULTS="$AG/results/results.json"
rc=$?
if [ ! -s "$AG/results/results.json" ]; then   # the grader itself failed: say so, score 0
    python3 - "$AG/results/results.json" "$rc" <<'PY'
import json, sys
json.dump({"score": 0, "stdout_visibility": "hidden",
           "output": "the grader stopped (status %%s) before writing results: contact the course staff" %% sys.argv[2],
           "tests": []}, open(sys.argv[1], "w"))
PY
fi
exit 0
"""


def autograder_zip(root, n, out):
    """The zip Gradescope accepts: setup.sh, run_autograder, tree/ (the student
    tree of lab n with the hidden tests)."""
    import zipfile
    import tempfile
    lab = get_lab(root, n)
    out = os.path.abspath(out)
    tmp = tempfile.mkdtemp(prefix="mmukit-ag-")
    try:
        tree = os.path.join(tmp, "tree")
        dist(root, n, tree, quiet=True)
        shutil.copytree(os.path.join(root, HIDDEN_DIR), os.path.join(tree, HIDDEN_DIR))
        part = out + ".tmp.%d" % os.getpid()
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
                zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                zi.external_attr = (0o100755 << 16)
                z.writestr(zi, text % {"lab": n})
            for dp, dns, fns in os.walk(tree):
                dns.sort()
                for fn in sorted(fns):
                    full = os.path.join(dp, fn)
                    rel = os.path.relpath(full, tmp)
                    if os.path.islink(full):
                        continue
                    zi = zipfile.ZipInfo.from_file(full, rel)
                    with open(full, "rb") as f:
                        z.writestr(zi, f.read(), zipfile.ZIP_DEFLATED)
        os.replace(part, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("lab %d (%s): Gradescope autograder %s" % (n, lab["title"], out))
    print("  setup.sh, run_autograder, tree/ (student tree + %s/lab%d.json)" % (HIDDEN_DIR, n))
    print("  hidden groups: after_due_date; stdout hidden (docs/labs/instructors.md)")
    return 0


def collect(root, submission):
    """Copy the student's files (tb/labs/dist.json student_files) from a Gradescope
    submission directory into this tree: by their path, or by their file name
    anywhere in the submission. Files not submitted keep the stub."""
    with open(os.path.join(root, DIST_JSON)) as f:
        files = json.load(f)["student_files"]
    found = {}
    for dp, dns, fns in os.walk(submission):
        for fn in fns:
            found.setdefault(fn, []).append(os.path.join(dp, fn))
    for rel in files:
        direct = os.path.join(submission, rel)
        cands = [direct] if os.path.isfile(direct) else found.get(os.path.basename(rel), [])
        if not cands:
            print("submission: %s not found: graded with the stub" % rel)
            continue
        if len(cands) > 1:
            print("submission: %d files named %s, using %s" % (len(cands), os.path.basename(rel),
                                                               os.path.relpath(cands[0], submission)))
        shutil.copyfile(cands[0], os.path.join(root, rel))
        print("submission: %s <- %s" % (rel, os.path.relpath(cands[0], submission)))
    return 0


# ---------------------------------------------------------------------------------------
# grade
class Grader:
    def __init__(self, root, lab, build, jobs, verbose):
        self.root, self.lab, self.n = root, lab, int(lab["lab"])
        self.build = build if os.path.isabs(build) else os.path.join(root, build)
        self.jobs, self.verbose = jobs, verbose
        self.out = os.path.join(self.build, "labs", "lab%d" % self.n)
        self.env = dict(os.environ, MMU_PROFILE_DIR=os.path.join(root, "rtl", "profiles"))
        self.ivl_cache = {}
        self.saves = {}

    def rel(self, p):
        return os.path.relpath(p, self.root) if p.startswith(self.root + os.sep) else p

    def run(self, cmd, timeout, log=None):
        """(returncode or None on timeout, output)."""
        try:
            p = subprocess.Popen(cmd, cwd=self.root, env=self.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, errors="replace",
                                 start_new_session=True)
            try:
                out, err = p.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                out, err = p.communicate()
                rc = None
            else:
                rc = p.returncode
            out = out + err           # stdout (reports, PASS/FAIL lines) first, then stderr
        except OSError as e:
            return 127, "cannot run %s: %s" % (cmd[0], e.strerror)
        if log:
            with open(log, "w") as f:
                f.write(out)
        return rc, out

    # -- build ------------------------------------------------------------------------
    def targets(self, tests):
        b = self.build
        t = set()
        for x in tests:
            k = x["kind"]
            if k == "cosim":
                t.add(os.path.join(b, "labs", "bin", "mmu-cosim-" + x.get("profile", self.lab["profile"])))
            elif k == "iverilog":
                t.add(os.path.join(b, "gen", x.get("profile", self.lab["profile"]), "mmu_profile.vh"))
            elif k == "unit":
                t.add(os.path.join(b, "san", "tests", x["test"]))
            elif k == "run":
                t.add(os.path.join(b, "bin", "mmu-ref"))
            else:
                raise LabError("lab %d: test %s: unknown kind '%s'" % (self.n, x["name"], k))
        return sorted(t)

    def build_all(self, tests):
        targets = self.targets(tests)
        log = os.path.join(self.out, "build.log")
        cmd = ["make", "--no-print-directory", "-j%d" % self.jobs, "BUILD=" + self.build] + targets
        print("building: %s" % " ".join(self.rel(t) for t in targets), flush=True)
        t0 = time.time()
        rc, out = self.run(cmd, 1200, log)
        if rc == 0:
            print("built in %.0f s (log %s)" % (time.time() - t0, self.rel(log)), flush=True)
            return None
        errs = [l for l in out.split("\n") if BUILD_ERR_RE.search(l) and not BUILD_CMD_RE.match(l)]
        why = "timed out" if rc is None else "failed"
        text = "the build %s (log %s). First errors:\n  %s" % (why, self.rel(log), "\n  ".join(errs[:25] or out.split("\n")[-25:]))
        return text

    # -- test kinds -------------------------------------------------------------------
    def t_cosim(self, t):
        prof = t.get("profile", self.lab["profile"])
        exe = os.path.join(self.build, "labs", "bin", "mmu-cosim-" + prof)
        rj = os.path.join(self.out, t["name"] + ".json")
        wave = os.path.join(self.out, "waves", t["name"] + ".fst")
        os.makedirs(os.path.dirname(wave), exist_ok=True)
        for f in (rj, wave):
            if os.path.exists(f):
                os.unlink(f)
        cmd = [exe, "--profile", prof, "--quiet"] + t["args"] + ["--report-json", rj, "--wave", wave]
        if self.lab.get("explain"):
            cmd += ["--history", "100000"]   # every register write: the explain scenario needs them
        rc, out = self.run(cmd, t.get("timeout", 120), os.path.join(self.out, t["name"] + ".log"))
        if rc == 0:
            return 1.0, "no divergence: %s" % summary_line(out)
        if rc is None:
            return 0.0, "the lockstep run timed out after %d s (%s)" % (t.get("timeout", 120), " ".join(cmd))
        if rc == 1 and os.path.exists(rj):
            with open(rj) as f:
                rep = json.load(f)
            d = rep.get("first_divergence") or {}
            lines = ["lockstep divergence at cycle %s: %s: your RTL %s, reference model %s"
                     % (d.get("cycle"), d.get("signal"), d.get("rtl"), d.get("model"))]
            lines += explain_signal(d.get("signal", ""))
            if self.lab.get("explain"):
                lines += self.explain_request(t, prof, rep)
            if os.path.exists(wave):
                save = self.save_file(prof)
                lines.append("waveform: %s   (open: gtkwave %s %s)"
                             % (self.rel(wave), self.rel(wave), self.rel(save) if save else "sim/mmukit-verilator.gtkw"))
            lines.append("harness report:")
            lines += ["  " + l for l in trim_report(out)]
            return 0.0, "\n".join(lines)
        if rc < 0:
            return 0.0, "the harness died with signal %d (%s); output:\n%s" % (-rc, " ".join(cmd), tail(out, 20))
        return 0.0, "the harness stopped with status %d:\n%s" % (rc, tail(out, 20))

    def save_file(self, prof):
        """The GTKWave save file for the lockstep harness's FST of this profile (its bus
        widths: sim/mmukit-verilator.gtkw is laid out for Sv39), written once per grade
        next to results.json; None if sim/gtkw.py fails."""
        path = os.path.join(self.out, "mmukit-%s.gtkw" % prof)
        if path not in self.saves:
            vh = os.path.join(self.build, "gen", prof, "mmu_profile.vh")
            rc, _ = self.run([sys.executable, "sim/gtkw.py", "--sim", "verilator", "--profile-vh", vh,
                              "-o", path], 30)
            self.saves[path] = path if rc == 0 and os.path.exists(path) else None
        return self.saves[path]

    def explain_request(self, t, prof, rep):
        """The request the divergence is about, as a scenario, through `mmu-ref explain`."""
        d = rep.get("first_divergence") or {}
        scn = segment_scenario(self.root, prof, rep.get("history", []), int(d.get("cycle", 0)) - 8)
        if not scn:
            return []
        path = os.path.join(self.out, t["name"] + ".scn")
        with open(path, "w") as f:
            f.write(scn)
        rc, out = self.run([os.path.join(self.build, "bin", "mmu-ref"), "explain", path], 30)
        if rc != 0:
            return []
        return ["what the request should give (build/bin/mmu-ref explain %s):" % self.rel(path)] + \
               ["  " + l for l in out.rstrip().split("\n")]

    def ivl_build(self, bench, prof, params):
        key = (bench, prof, tuple(params))
        if key in self.ivl_cache:
            return self.ivl_cache[key]
        tag = ".".join([bench, prof] + [p.lower().replace("=", "_") for p in params])
        vvp = os.path.join(self.out, "ivl", tag + ".vvp")
        os.makedirs(os.path.dirname(vvp), exist_ok=True)
        rtl = sorted(os.path.join("rtl", f) for f in os.listdir(os.path.join(self.root, "rtl")) if f.endswith(".v"))
        cmd = ["iverilog", "-g2005", "-DMMU_ASSERTS", "-Irtl", "-Itb/rtl",
               "-I" + os.path.join(self.build, "gen", prof), "-s", bench, "-o", vvp] + \
              ["-P%s.%s" % (bench, p) for p in params] + ["tb/rtl/%s.v" % bench, "tb/rtl/tb_mem.v"] + rtl
        rc, out = self.run(cmd, 300)
        res = (vvp if rc == 0 else None, out)
        self.ivl_cache[key] = res
        return res

    def t_iverilog(self, t):
        prof = t.get("profile", self.lab["profile"])
        vvp, cout = self.ivl_build(t["bench"], prof, t.get("params", []))
        if not vvp:
            return 0.0, "iverilog could not compile tb/rtl/%s.v with your RTL:\n%s" % (t["bench"], tail(cout, 25))
        rc, out = self.run(["vvp", "-n", vvp] + t.get("plusargs", []), t.get("timeout", 120),
                           os.path.join(self.out, t["name"] + ".log"))
        return score_checks(t, out, "tb/rtl/%s.v" % t["bench"], rc)

    def t_unit(self, t):
        exe = os.path.join(self.build, "san", "tests", t["test"])
        env = dict(ASAN_OPTIONS="detect_leaks=0", UBSAN_OPTIONS="print_stacktrace=1")
        saved = self.env
        self.env = dict(self.env, **env)
        try:
            rc, out = self.run([exe], t.get("timeout", 120), os.path.join(self.out, t["name"] + ".log"))
        finally:
            self.env = saved
        return score_checks(t, out, "cmodel/tests/%s.c" % t["test"], rc)

    def t_run(self, t):
        exe = os.path.join(self.build, "bin", "mmu-ref")
        sj = os.path.join(self.out, t["name"] + ".stats.json")
        if os.path.exists(sj):
            os.unlink(sj)
        cmd = [exe, "run"] + t["args"] + ["--quiet", "--stats-json", sj]
        rc, out = self.run(cmd, t.get("timeout", 120), os.path.join(self.out, t["name"] + ".log"))
        if rc is None:
            return 0.0, "mmu-ref run timed out after %d s" % t.get("timeout", 120)
        if rc != 0 or not os.path.exists(sj):
            return 0.0, "mmu-ref run failed (status %s):\n%s\ncommand: %s" % (rc, tail(out, 15), " ".join(cmd[1:]))
        with open(sj) as f:
            got = json.load(f)
        exp = t.get("expect", {})
        if not exp:
            return 0.0, "test has no expectations (instructors: labtool.py record --lab %d)" % self.n
        bad = ["%s: got %s, expected %s" % (k, got.get(k), v) for k, v in sorted(exp.items()) if got.get(k) != v]
        if bad:
            frac = (len(exp) - len(bad)) / len(exp) if t.get("partial", True) else 0.0
            return frac, "counters differ from the reference OS:\n  " + "\n  ".join(bad) + \
                "\ncommand: mmu-ref run " + " ".join(t["args"])
        return 1.0, "all %d counters as expected (%s)" % (len(exp), ", ".join("%s %s" % kv for kv in sorted(exp.items())))

    # -- the whole lab ----------------------------------------------------------------
    def grade(self, results_path, only=None):
        tests, have_hidden = lab_tests(self.root, self.lab)
        if only:
            tests = [t for t in tests if fnmatch.fnmatch(t["name"], only)]
            if not tests:
                raise LabError("no test of lab %d matches '%s'" % (self.n, only))
        os.makedirs(self.out, exist_ok=True)
        t0 = time.time()
        print("== lab %d: %s (%s)" % (self.n, self.lab["title"], self.lab["handout"]), flush=True)
        every = {x["name"]: x for x in lab_tests(self.root, self.lab)[0]}
        needed = tests + [every[r] for t in tests for r in t.get("requires", [])
                          if r in every and r not in {x["name"] for x in tests}]
        berr = self.build_all(needed)
        results, fracs = [], {}

        def run_test(t):
            if t["name"] not in fracs:
                s0 = time.time()
                fracs[t["name"]] = getattr(self, "t_" + t["kind"])(t)
                if self.verbose:
                    print("  %-34s %.1f s" % (t["name"], time.time() - s0), flush=True)
            return fracs[t["name"]]
        for t in tests:
            if berr:
                frac, text = 0.0, berr
            else:
                frac, text = run_test(t)
                # "requires": the group counts only once each named group passes in full
                # (a group whose checks also pass on a skeleton: docs/labs/instructors.md)
                for r in t.get("requires", []):
                    if r not in every:
                        raise LabError("lab %d: test %s requires unknown test %s" % (self.n, t["name"], r))
                    rf, _ = run_test(every[r])
                    if rf < 1.0 and frac > 0:
                        frac, text = 0.0, ("0 points until the group %s passes: this group's runs also pass "
                                           "on code that does not do it (%s)\n%s" % (
                                               r if not every[r]["hidden"] or t["hidden"] else "(a hidden group)",
                                               t.get("requires_why", "see the group's description"), text))
            pts = t["points"]
            score = round(pts * frac, 2)
            results.append({"name": t["name"], "score": score, "max_score": pts,
                            "output": (t.get("what", "") + "\n" + text).strip(),
                            "visibility": t["visibility"], "hidden": t["hidden"]})
        total = round(sum(r["score"] for r in results), 2)
        maxi = sum(r["max_score"] for r in results)
        ag = getattr(self, "autograder", False)
        pub = [r for r in results if not r["hidden"]]
        if ag:   # Gradescope: nothing about hidden groups before the due date (docs/labs/instructors.md)
            self.report(pub, round(sum(r["score"] for r in pub), 2), sum(r["max_score"] for r in pub),
                        False, time.time() - t0, hidden_note=len(results) - len(pub))
        else:
            self.report(results, total, maxi, have_hidden, time.time() - t0)
        doc = {"score": total, "max_score": maxi, "execution_time": round(time.time() - t0, 1),
               "output": "lab %d: %s -- %s/%s points%s" % (self.n, self.lab["title"], fmt(total), maxi,
                                                         "" if have_hidden else " (public tests only)"),
               "visibility": "visible", "stdout_visibility": "visible",
               "tests": [{k: r[k] for k in ("name", "score", "max_score", "output", "visibility")} for r in results]}
        if ag:
            # No top-level score: Gradescope sums the tests, hidden ones shown after the due date.
            # The top-level output and stdout name public groups only; stdout stays hidden anyway.
            del doc["score"]
            doc["output"] = "lab %d: %s -- public groups %s/%s points; %d more groups are graded and shown " \
                "after the due date" % (self.n, self.lab["title"], fmt(round(sum(r["score"] for r in pub), 2)),
                                        sum(r["max_score"] for r in pub), len(results) - len(pub))
            doc["stdout_visibility"] = "hidden"
        os.makedirs(os.path.dirname(os.path.abspath(results_path)), exist_ok=True)
        tmp = results_path + ".tmp.%d" % os.getpid()
        with open(tmp, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        os.replace(tmp, results_path)
        print("results.json: %s" % self.rel(os.path.abspath(results_path)))
        return 0 if total == maxi else 1

    def report(self, results, total, maxi, have_hidden, secs, hidden_note=0):
        print()
        print("  %-34s %-7s %7s  %s" % ("test group", "", "points", "result"))
        for r in results:
            ok = "PASS" if r["score"] == r["max_score"] else ("PART" if r["score"] > 0 else "FAIL")
            print("  %-34s %-7s %7s  %s" % (r["name"], "hidden" if r["hidden"] else "public",
                                             "%s/%s" % (fmt(r["score"]), r["max_score"]), ok))
        print("  %-34s %-7s %7s" % ("total", "", "%s/%s" % (fmt(total), maxi)))
        if hidden_note:
            print("  (%d more test groups: their results are shown after the due date)" % hidden_note)
        elif not have_hidden:
            print("  (hidden test groups are not in a student tree: the autograder adds them)")
        fails = [r for r in results if r["score"] < r["max_score"]]
        for r in fails[:6]:
            print()
            print("-- %s (%s/%s)" % (r["name"], fmt(r["score"]), r["max_score"]))
            out = r["output"].split("\n")
            print("\n".join("   " + l for l in out[:45]))
            if len(out) > 45:
                print("   ... (%d more lines in results.json)" % (len(out) - 45))
        if len(fails) > 6:
            print("\n(%d more failing groups: see results.json)" % (len(fails) - 6))
        print()
        print("lab %d: %s/%s points in %.0f s" % (self.n, fmt(total), maxi, secs))


def fmt(x):
    return ("%.2f" % x).rstrip("0").rstrip(".")


def tail(text, n):
    lines = [l for l in text.rstrip().split("\n")]
    return "\n".join(lines[-n:])


def summary_line(out):
    for l in out.split("\n"):
        if l.startswith("mmu-cosim:"):
            return l[len("mmu-cosim:"):].strip()
    return "ok"


def trim_report(out):
    """The harness's report: what differs, the last 12 transactions, wave and reproduce."""
    lines = [l for l in out.rstrip().split("\n")
             if l.strip() and (not l.startswith("mmu-cosim:") or l.startswith("mmu-cosim: DIVERGENCE"))]
    head, hist, rest = [], [], []
    part = head
    for l in lines:
        if part is hist and not l.startswith("    "):
            part = rest
        part.append(l)
        if part is head and "last transactions" in l:
            part = hist
    if len(hist) > 12:
        hist = ["    ... (%d earlier lines in the test's .log next to results.json)" % (len(hist) - 12)] + hist[-12:]
    return head + hist + rest


SIGNAL_HINTS = {
    "arch.": "the response disagrees with the architectural model (docs/translation.md): wrong PA, cause or level",
    "expect.": "a directed test's explicit expectation failed (the message says which)",
    "proto.": "a memory-port protocol monitor fired (docs/cosim.md 'What is compared')",
    "hang.": "a request was never answered (the watchdog gave up)",
    "rtl.assert": "an assertion in the RTL fired (MMU_ASSERT)",
}


def explain_signal(sig):
    for k, v in SIGNAL_HINTS.items():
        if sig.startswith(k):
            return ["(" + v + ")"]
    if sig:
        return ["(your RTL's port %s differs from the cycle model in that cycle: docs/rtl.md says what it "
                "must be; the waveform shows the cycles before it)" % sig]
    return []


HIST_REG_RE = re.compile(r"^cycle (\d+): reg write (\w+)\[0x([0-9a-f]+)\] = 0x([0-9a-f]+)")
HIST_ACC_RE = re.compile(r"^cycle (\d+): accept #\d+ ([US]) (fetch|load|store) VA 0x([0-9a-f]+) \(mode ([\w-]+)\)")


def read_profile(root, prof):
    keys = {}
    with open(os.path.join(root, "rtl", "profiles", prof + ".profile")) as f:
        for line in f:
            line = line.split("#", 1)[0]
            if "=" in line:
                k, v = line.split("=", 1)
                keys[k.strip()] = v.strip()
    return keys


def segment_scenario(root, prof, history, env_cycle):
    """A scenario file (docs/scenario.md) with the segment registers and the request
    accepted last before env_cycle, for base-and-bounds and segmentation mode; None
    when the history does not hold every register the request depends on."""
    acc = None
    for h in history:
        m = HIST_ACC_RE.match(h)
        if m and int(m.group(1)) < env_cycle:
            acc = m
    if not acc or acc.group(5) not in ("base-bounds", "segmentation"):
        return None
    try:
        p = read_profile(root, prof)
        pa_mask, bound_mask = (1 << int(p["pa_bits"])) - 1, (1 << (int(p["va_bits"]) + 1)) - 1
        nseg = int(p["seg_count"])
    except (OSError, KeyError, ValueError):
        return None
    base, bound, ctrl, seen = [0] * nseg, [0] * nseg, [0] * nseg, set()
    for h in history:
        m = HIST_REG_RE.match(h)
        if not m or int(m.group(1)) >= int(acc.group(1)):
            continue
        a, v = int(m.group(3), 16), int(m.group(4), 16)
        if 0x40 <= a < 0x40 + 4 * nseg and (a - 0x40) % 4 < 3:
            i, k = (a - 0x40) // 4, (a - 0x40) % 4
            (base, bound, ctrl)[k][i] = v & (pa_mask, bound_mask, 0x3f)[k]
            seen.add((i, k))
    used = [0] if acc.group(5) == "base-bounds" else range(nseg)
    if any((i, k) not in seen for i in used for k in range(3)):
        return None
    out = ["# the request the lockstep run diverged on, with the registers of its acceptance cycle",
           "profile %s" % prof, "mode %s" % acc.group(5)]
    for i in used:
        c = ctrl[i]
        out.append("seg %d base=%#x bound=%#x prot=%s user=%d grows=%s valid=%d" % (
            i, base[i], bound[i], "".join(ch for ch, b in (("r", 2), ("w", 3), ("x", 4)) if c >> b & 1) or "-",
            c >> 5 & 1, "down" if c >> 1 & 1 else "up", c & 1))
    out.append("%s %#x %s" % (acc.group(3), int(acc.group(4), 16), "user" if acc.group(2) == "U" else "supervisor"))
    return "\n".join(out) + "\n"


def score_checks(t, out, src, rc):
    res = {}
    for l in out.split("\n"):
        m = re.match(r"^(PASS|FAIL) (\S+?):?(?: (.*))?$", l)
        if m:
            res.setdefault(m.group(2), (m.group(1), m.group(3) or ""))
    pats = t["checks"]
    sel = [k for k in res if any(fnmatch.fnmatch(k, p) for p in pats)]
    asserts = [l for l in out.split("\n") if "MMU_ASSERT" in l or "runtime error" in l or "AddressSanitizer" in l]
    rtl_asserts = [l for l in asserts if "MMU_ASSERT" in l]
    if rtl_asserts:
        a = rtl_asserts[0].split("MMU_ASSERT", 1)[1].strip()
        asserts = [l for l in asserts if l is not rtl_asserts[0]]
        asserts.insert(0, "FAIL rtl_assertion: %s -- got: this assertion fired, expected: it never fires "
                          "(the RTL stopped the bench there, so its later checks never ran)" % a)
    finished = not src.startswith("tb/rtl/") or re.search(r"^# \d+ passed, \d+ failed", out, re.M) is not None
    if "watchdog" in res:
        asserts.insert(0, "FAIL watchdog: %s (the bench gave up waiting: a request or walk that never "
                          "finished, so the checks after it never ran)" % (res["watchdog"][1] or "timeout"))
    missing = [p for p in pats if not any(fnmatch.fnmatch(k, p) for k in res)]
    total = len(sel) + len(missing)
    passed = sum(1 for k in sel if res[k][0] == "PASS")
    lines = []
    for k in sel:
        if res[k][0] == "FAIL":
            lines.append("FAIL %s: %s" % (k, res[k][1]))
    for p in missing:
        lines.append("MISSING %s: %s printed no result for it%s" % (p, src, " (it stopped early: crashed, "
                     "timed out or an assertion fired)" if rc != 0 else ""))
    # a hang or an assertion first: it explains the rest
    lines = (asserts[:5] + lines) if ("watchdog" in res or rtl_asserts) else (lines + asserts[:5])
    if rc is None:
        lines.append("timed out")
    frac = passed / total if total else 0.0
    if not t.get("partial", True) and passed != total:
        frac = 0.0
    head = "%d of %d checks passed (%s)" % (passed, total, src)
    # A bench that stopped early ran only its first checks: no points for the rest.
    if "watchdog" in res or rc is None or not finished:
        frac = 0.0
        head += "; 0 points: the bench did not finish, so most of its checks never ran"
    # "gate": checks that fail unless the group's topic is written; until they pass the
    # group scores 0 (its other checks, e.g. "this entry is gone after a flush", also
    # pass on code that does nothing).
    gate_bad = []
    for p in t.get("gate", []):
        hits = [k for k in res if fnmatch.fnmatch(k, p)]
        if not hits:
            gate_bad.append("%s (no result)" % p)
        gate_bad += [k for k in hits if res[k][0] != "PASS"]
    if gate_bad and frac > 0:
        frac = 0.0
        head += "; 0 points until %s pass%s: %s" % (", ".join(gate_bad), "es" if len(gate_bad) == 1 else "",
                                                    t.get("gate_why", "the group's other checks also pass on an empty stub"))
    return frac, "\n".join([head] + lines[:40])


# ---------------------------------------------------------------------------------------
# record: expected counters of `run` tests from this (reference) tree
def record(root, n, build, jobs):
    lab = get_lab(root, n)
    g = Grader(root, lab, build, jobs, False)
    os.makedirs(g.out, exist_ok=True)
    err = g.build_all([{"kind": "run", "name": "record"}])
    if err:
        raise LabError(err)
    changed = 0
    for path in (os.path.join(root, LABS_JSON), os.path.join(root, HIDDEN_DIR, "lab%d.json" % n)):
        if not os.path.exists(path):
            continue
        with open(path) as f:
            doc = json.load(f)
        tests = doc["tests"] if "tests" in doc else next(l for l in doc["labs"] if int(l["lab"]) == n)["tests"]
        for t in tests:
            if t["kind"] != "run":
                continue
            sj = os.path.join(g.out, t["name"] + ".stats.json")
            rc, out = g.run([os.path.join(g.build, "bin", "mmu-ref"), "run"] + t["args"] + ["--quiet", "--stats-json", sj], 300)
            if rc != 0:
                raise LabError("%s: mmu-ref run failed:\n%s" % (t["name"], out))
            with open(sj) as f:
                got = json.load(f)
            t["expect"] = {k: got[k] for k in t.get("record", sorted(t.get("expect", {})))}
            changed += 1
            print("%s: %s" % (t["name"], t["expect"]))
        with open(path, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
    print("recorded %d tests" % changed)
    return 0


# ---------------------------------------------------------------------------------------
def main(argv):
    ap = argparse.ArgumentParser(prog="labtool.py", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd")
    d = sub.add_parser("dist", help="generate a student tree")
    d.add_argument("--lab", required=True)
    d.add_argument("--out", required=True)
    d.add_argument("--fill", type=int, default=0,
                   help="keep the first K regions (handout order) as in the reference")
    g = sub.add_parser("grade", help="build and grade a lab")
    g.add_argument("--lab")
    g.add_argument("--results", help="results.json path (default BUILD/labs/labN/results.json)")
    g.add_argument("--only", help="run only the test groups matching this glob")
    g.add_argument("--verbose", action="store_true", help="time per test group")
    g.add_argument("--autograder", action="store_true",
                   help="Gradescope: stdout and the top-level output name public groups only, no top-level score")
    r = sub.add_parser("record", help="fill in expected counters of the lab's `run` tests")
    r.add_argument("--lab", required=True)
    z = sub.add_parser("autograder", help="the Gradescope autograder zip of a lab")
    z.add_argument("--lab", required=True)
    z.add_argument("--out", required=True)
    c = sub.add_parser("collect", help="copy a submission's student files into this tree (run_autograder)")
    c.add_argument("--submission", required=True)
    sub.add_parser("check", help="markers and stubs agree for every lab")
    sub.add_parser("list", help="labs and test groups")
    a = ap.parse_args(argv)
    build = os.environ.get("BUILD", "build")
    jobs = int(os.environ.get("JOBS", "0") or 0) or (os.cpu_count() or 2)
    try:
        if a.cmd == "dist":
            return dist(ROOT, parse_lab(a.lab), a.out, a.fill)
        if a.cmd == "grade":
            lab_arg = a.lab
            if not lab_arg:
                dj = os.path.join(ROOT, DIST_JSON)
                if not os.path.exists(dj):
                    raise LabError("which lab? make grade LAB=n")
                with open(dj) as f:
                    lab_arg = str(json.load(f)["lab"])
            lab = get_lab(ROOT, parse_lab(lab_arg))
            g = Grader(ROOT, lab, build, jobs, a.verbose)
            g.autograder = a.autograder
            res = a.results or os.path.join(g.out, "results.json")
            return g.grade(res, a.only)
        if a.cmd == "autograder":
            return autograder_zip(ROOT, parse_lab(a.lab), a.out)
        if a.cmd == "collect":
            return collect(ROOT, a.submission)
        if a.cmd == "record":
            return record(ROOT, parse_lab(a.lab), build, jobs)
        if a.cmd == "check":
            probs = check_markers(ROOT)
            for n, msg in probs:
                print("lab %d: %s" % (n, msg))
            if not probs:
                print("markers and stubs agree for labs %s" % ", ".join(str(k) for k in sorted(load_labs(ROOT))))
            return 1 if probs else 0
        if a.cmd == "list":
            for n, lab in sorted(load_labs(ROOT).items()):
                tests, hid = lab_tests(ROOT, lab)
                print("lab %d  %-28s %s  (%d public, %d hidden test groups)" % (
                    n, lab["title"], lab["handout"], sum(not t["hidden"] for t in tests),
                    sum(t["hidden"] for t in tests)))
            return 0
        ap.print_help()
        return 2
    except LabError as e:
        print("labtool: %s" % e, file=sys.stderr)
        return 2


def parse_lab(s):
    if s is None or not re.fullmatch(r"\d+", str(s).strip()):
        raise LabError("LAB must be a lab number, got '%s'" % s)
    return int(s)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
