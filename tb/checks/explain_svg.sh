#!/usr/bin/env bash
# mmu-ref explain --svg / --html: for every scenario in tb/scenarios/ the
# figure is well-formed XML and shows what the text `explain` prints (VPN and
# offset fields, each PTE's address, value and bits, the TLB set, the PA or
# the fault at the step where it happened); the committed docs figures
# (make docs-figures) are the generator's current output and are shown in the
# docs; one figure renders to PNG with rsvg-convert; bad input leaves no file.
source tb/scripts/check_lib.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
FIG_DIR=docs/img/translation

for scn in tb/scenarios/*.scn; do
    n=$(basename "$scn" .scn)
    if "$MMU_REF" explain --svg "$T/$n.svg" --html "$T/$n.html" "$scn" >"$T/$n.txt" 2>"$T/$n.err"; then
        pass "figure_written_$n"
    else
        fail "figure_written_$n" "exit $?: $(head -2 "$T/$n.err")"
    fi
done

# The figure against the text steps, panel by panel (nothing hardcoded: the
# values come from the text output, the TLB geometry from the profile file).
python3 - "$T" tb/scenarios rtl/profiles <<'EOF'
import os, re, sys, xml.etree.ElementTree as ET
tmp, scn_dir, prof_dir = sys.argv[1:4]
NS = "{http://www.w3.org/2000/svg}"
fails = 0
def report(ok, name, why=""):
    global fails
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}")
    fails += not ok
def texts(el):
    return ["".join(t.itertext()) for t in el.iter(NS + "text")]
def groups(el, cls):
    return [g for g in el.iter(NS + "g") if cls in g.get("class", "").split()]
def profile_keys(name):
    keys = {}
    for line in open(os.path.join(prof_dir, name + ".profile")):
        line = line.split("#")[0]
        if "=" in line:
            k, v = (x.strip() for x in line.split("=", 1))
            keys[k] = v
    return keys

for scn in sorted(os.listdir(scn_dir)):
    if not scn.endswith(".scn"): continue
    n = scn[:-4]
    svg_path, html_path = f"{tmp}/{n}.svg", f"{tmp}/{n}.html"
    try:
        root = ET.parse(svg_path).getroot()
        report(root.tag == NS + "svg", f"svg_well_formed_{n}", f"root element {root.tag}")
    except (ET.ParseError, OSError) as e:
        report(False, f"svg_well_formed_{n}", str(e)); continue
    try:
        ET.parse(html_path); report(True, f"html_well_formed_{n}")
    except (ET.ParseError, OSError) as e:
        report(False, f"html_well_formed_{n}", str(e))
    out = open(f"{tmp}/{n}.txt").read()
    blocks = [b for b in out.split("\n\n") if b.strip()]
    panels = groups(root, "panel")
    report(len(panels) == len(blocks), f"one_panel_per_access_{n}", f"{len(panels)} panels, {len(blocks)} accesses")
    head = re.search(r"profile (\S+)", out)
    keys = profile_keys(head.group(1)) if head else {}
    problems = []
    for i, (blk, pan) in enumerate(zip(blocks, panels)):
        where = f"access {i + 1}"
        lines = [l.strip() for l in blk.splitlines()]
        split = next((l for l in lines if l.startswith("VA 0x")), "")
        mode = re.search(r", mode ([\w-]+), profile", blk).group(1)
        va = int(re.search(r"VA 0x([0-9a-f]+)", lines[0]).group(1), 16)
        if int(pan.get("data-va"), 16) != va: problems.append(f"{where}: panel VA {pan.get('data-va')}")
        fields = {g.get("data-name"): g for g in groups(pan, "field")}
        def field_shows(name, value_prefix):
            g = fields.get(name)
            if g is None: problems.append(f"{where}: no field {name}"); return
            t = texts(g)
            if name not in t: problems.append(f"{where}: field {name} lacks its label")
            if not any(x.startswith(value_prefix) for x in t if x != name):
                problems.append(f"{where}: field {name} shows {t}, want {value_prefix}")
        for lvl, v in re.findall(r"VPN(\[\d+\])? 0x([0-9a-f]+) \(", split):
            field_shows("VPN" + lvl, "0x" + v)
        m = re.search(r"^VA 0x[0-9a-f]+[: ].*offset 0x([0-9a-f]+)", split)
        if m: field_shows("offset", "0x" + m.group(1))
        m = re.search(r"top \d+ bits = ([01]+) -> segment (\d+)", blk)
        if m: field_shows("segment", f"{m.group(1)} ({m.group(2)})")
        m = re.search(r"(?:-> segment \d+[^,]*, |base-and-bounds, )offset(?: = VA)? = (\d+)$|-> segment \d+[^,]*, offset (\d+)$", split)
        if m: field_shows("offset", f"0x{int(m.group(1) or m.group(2)):x}")
        ptes = {g.get("data-level"): g for g in groups(pan, "pte")}
        reads = re.findall(r"level (\d+): PTE address = .* = 0x([0-9a-f]+)", blk)
        reads += [("0", a) for a in re.findall(r"PTE address = segment base .* = 0x([0-9a-f]+)", blk)]
        for lvl, addr in reads:
            g = ptes.get(lvl)
            if g is None: problems.append(f"{where}: no table drawn for level {lvl}"); continue
            if not any(f"PTE @ 0x{addr} " in x + " " for x in texts(g)):
                problems.append(f"{where}: level {lvl} does not show PTE @ 0x{addr}")
        for lvl, val, flags in re.findall(r"level (\d+): PTE 0x([0-9a-f]+) \[([^\]]*)\]", blk):
            g = ptes.get(lvl)
            if g is None: continue
            if f"PTE 0x{val}" not in texts(g): problems.append(f"{where}: level {lvl} lacks PTE 0x{val}")
            want = [f for f in flags.split() if f != "-"]
            on = [b.get("data-bit") for b in groups(g, "bit") if "on" in b.get("class").split()]
            if sorted(on) != sorted(want): problems.append(f"{where}: level {lvl} bits on {on}, text says {want}")
        res = groups(pan, "result")
        rtext = " ".join(x for r in res for x in texts(r))
        m = re.search(r"-> PA (0x[0-9a-f]+ \(\d+\))$", blk)   # the last step, not the zero-padded header
        f = re.search(r"-> fault (\w+)(?: at level (\d+))?", blk)
        if m:
            if f"PA {m.group(1)}" not in rtext: problems.append(f"{where}: result '{rtext}', want PA {m.group(1)}")
        elif f:
            cause, lvl = f.group(1), f.group(2)
            if f"fault {cause}" not in rtext: problems.append(f"{where}: result '{rtext}', want fault {cause}")
            if lvl is not None:
                box = [x for x in groups(ptes.get(lvl, ET.Element("g")), "fault") if x.get("data-cause") == cause]
            else:
                box = [x for s in groups(pan, "segment") + groups(pan, "va") for x in groups(s, "fault")
                       if x.get("data-cause") == cause]
            if not box: problems.append(f"{where}: fault {cause} not drawn at its step (level {lvl})")
        else:
            problems.append(f"{where}: text has neither PA nor fault")
        tlb = groups(pan, "tlb")
        if mode in ("paging", "hybrid"):
            if not tlb: problems.append(f"{where}: no TLB drawn"); continue
            want_set = (va >> int(keys["page_shift"])) & (int(keys["tlb_sets"]) - 1)
            if tlb[0].get("data-set") != str(want_set) or f"set {want_set}" not in texts(tlb[0]):
                problems.append(f"{where}: TLB set {tlb[0].get('data-set')}, profile says {want_set}")
            used = [w for w in groups(tlb[0], "way") if {"hit", "fill"} & set(w.get("class").split())]
            if len(groups(tlb[0], "way")) != int(keys["tlb_ways"]):
                problems.append(f"{where}: {len(groups(tlb[0], 'way'))} ways drawn, profile has {keys['tlb_ways']}")
            if m and len(used) != 1: problems.append(f"{where}: a translation must hit or fill one way, {len(used)} marked")
            if f and not f.group(2) is None and any("fill" in w.get("class") for w in used):
                problems.append(f"{where}: a faulting walk marked a fill")
        elif tlb:
            problems.append(f"{where}: TLB drawn in a mode without one")
    report(not problems, f"figure_matches_text_{n}", "; ".join(problems[:4]))
sys.exit(1 if fails else 0)
EOF
[ $? -eq 0 ] || _fails=$((_fails + 1))

# The committed docs figures are what `make docs-figures` writes now, there
# is one per scenario and no other, and the docs show each of them.
for scn in tb/scenarios/*.scn; do
    n=$(basename "$scn" .scn)
    if [ ! -f "$FIG_DIR/$n.svg" ]; then fail "docs_figure_present_$n" "$FIG_DIR/$n.svg missing: make docs-figures"
    elif cmp -s "$T/$n.svg" "$FIG_DIR/$n.svg"; then pass "docs_figure_up_to_date_$n"
    else fail "docs_figure_up_to_date_$n" "$FIG_DIR/$n.svg differs from the generator: make docs-figures"; fi
    if grep -rqF "img/translation/$n.svg" docs; then pass "docs_show_figure_$n"
    else fail "docs_show_figure_$n" "no page under docs/ links img/translation/$n.svg"; fi
done
for fig in "$FIG_DIR"/*.svg; do
    [ -e "$fig" ] || continue
    [ -f "tb/scenarios/$(basename "$fig" .svg).scn" ] || fail docs_figures_have_scenarios "$fig has no scenario"
done

# Render one figure (rsvg-convert from librsvg2-bin, installed by make deps):
# a PNG of the SVG's own size.
if ! command -v rsvg-convert >/dev/null; then
    fail render_png "rsvg-convert not installed (make deps installs librsvg2-bin)"
elif rsvg-convert -o "$T/fig.png" "$T/sv39-superpage.svg" 2>"$T/rsvg.err"; then
    want=$(sed -n 's/.*<svg [^>]*width="\([0-9]*\)" height="\([0-9]*\)".*/\1x\2/p' "$T/sv39-superpage.svg")
    got=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print("%dx%d" % struct.unpack(">II", d[16:24]))' "$T/fig.png" 2>&1)
    [ "$got" = "$want" ] && pass render_png || fail render_png "PNG $got, SVG $want"
else
    fail render_png "rsvg-convert failed: $(head -2 "$T/rsvg.err")"
fi

# Bad input: clear message, non-zero exit, no file (an old one untouched).
S=tb/scenarios/ostep-multilevel.scn
expect_run svg_needs_a_file 2 "--svg needs a value" "$MMU_REF" explain "$S" --svg
expect_run svg_only_for_explain 2 "unknown option '--svg'" "$MMU_REF" translate --svg "$T/x.svg" "$S"
expect_run svg_unwritable_dir 1 "cannot write" "$MMU_REF" explain --svg "$T/nodir/x.svg" "$S"
expect_run svg_into_a_directory 1 "is a directory" "$MMU_REF" explain --svg "$T" "$S"
echo old >"$T/keep.svg"
printf 'profile sv39\nmode paging\nptbase 0x80000\nload 0x1000\npte 0x80000000 zz\n' >"$T/bad.scn"
expect_run svg_bad_scenario_names_line 1 "bad.scn:5" "$MMU_REF" explain --svg "$T/keep.svg" "$T/bad.scn"
expect_run svg_bad_access_refused 2 "expected [fetch:|load:|store:]VA" "$MMU_REF" explain --html "$T/keep.svg" "$S" load:zz
[ "$(cat "$T/keep.svg")" = old ] && pass svg_bad_input_keeps_old_file || fail svg_bad_input_keeps_old_file "overwritten"
left=$(find "$T" -name '*.tmp.*' | head -3)
[ -z "$left" ] && pass svg_no_temp_files_left || fail svg_no_temp_files_left "$left"
check_done
