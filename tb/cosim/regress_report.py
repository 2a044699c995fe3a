#!/usr/bin/env python3
"""Reports of a lockstep campaign (tb/cosim/regress.sh, docs/cosim.md "Campaigns").

  regress_report.py shard --dir D --shard i/N --seeds S --cycles-per-run C --seconds T
      D holds campaign.tsv (the whole run list), results (one line per run of
      this shard: index, exit status, tag, profile, seed, latency, options,
      seconds) and each run's JSON report and log. Writes D/summary.json and
      D/junit.xml, prints the shard's summary; exit 1 if a run failed.
  regress_report.py merge [--out F] SUMMARY.json...
      Joins the shards of one campaign: every shard of 1..N present once, all
      of the same campaign, together covering its run list. Writes F (default
      merged.json beside the first summary), prints totals and every failure
      with its reproduce command; exit 1 on a failure or an incomplete set.
"""
import argparse, hashlib, json, os, sys
import xml.etree.ElementTree as ET


def fail(msg):
    print(f"regress-merge: {msg}", file=sys.stderr)
    sys.exit(2)


def write_atomic(path, text):
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def read_campaign(path):
    runs = []
    with open(path) as f:
        for line in f:
            k, prof, seed, lat, opts = line.rstrip("\n").split("\t")
            runs.append({"index": int(k), "profile": prof, "seed": int(seed), "mem_latency": lat, "options": opts})
    return runs


def campaign_id(runs):
    text = "\n".join(f"{r['index']}\t{r['profile']}\t{r['seed']}\t{r['mem_latency']}\t{r['options']}" for r in runs)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def first_line(path, prefix):
    try:
        with open(path, errors="replace") as f:
            for line in f:
                if prefix in line:
                    return line.strip()
    except OSError:
        pass
    return ""


def shard(args):
    d = args.dir
    campaign = read_campaign(os.path.join(d, "campaign.tsv"))
    i, n = (int(x) for x in args.shard.split("/"))
    runs = []
    with open(os.path.join(d, "results")) as f:
        for line in f:
            k, rc, tag, prof, seed, lat, opts, secs = line.rstrip("\n").split("\t")
            run = {"index": int(k), "tag": tag, "profile": prof, "seed": int(seed), "mem_latency": lat,
                   "options": opts, "exit": int(rc), "seconds": float(secs), "cycles": 0}
            try:
                with open(os.path.join(d, tag + ".json")) as j:
                    rep = json.load(j)
                run["cycles"] = int(rep.get("cycles", 0))
                run["seconds"] = float(rep.get("wall_seconds", run["seconds"]))
                run["result"] = rep.get("result", "?")
                run["reproduce"] = rep.get("reproduce", "")
                fd = rep.get("first_divergence")
                if fd:
                    run["first_divergence"] = fd
            except (OSError, ValueError):
                run["result"] = "no report"
            if run["exit"] != 0:
                log = os.path.join(d, tag + ".log")
                run["log"] = log
                run["message"] = first_line(log, "DIVERGENCE") or first_line(log, "mmu-cosim") or \
                    f"exit {run['exit']} without a report"
                run["reproduce"] = first_line(log, "reproduce:").replace("reproduce: ", "") or run.get("reproduce") or \
                    f"build/bin/mmu-cosim --profile {prof} --seed {seed} --mem-latency {lat} {opts}"
            runs.append(run)
    runs.sort(key=lambda r: r["index"])
    want = [r["index"] for r in campaign if r["index"] % n == i - 1]
    got = [r["index"] for r in runs]
    failed = [r for r in runs if r["exit"] != 0]
    summary = {
        "tool": "mmu-regress", "shard": {"index": i, "count": n},
        "campaign": {"id": campaign_id(campaign), "runs": len(campaign), "seeds": args.seeds,
                     "cycles_per_run": args.cycles_per_run,
                     "profiles": sorted({r["profile"] for r in campaign})},
        "runs": len(runs), "passed": len(runs) - len(failed), "failed": len(failed),
        "missing": sorted(set(want) - set(got)),
        "cycles": sum(r["cycles"] for r in runs), "seconds": args.seconds,
        "run_list": runs,
    }
    write_atomic(os.path.join(d, "summary.json"), json.dumps(summary, indent=1) + "\n")

    suites = ET.Element("testsuites", name="mmu-regress", tests=str(len(runs)), failures=str(len(failed)))
    suite = ET.SubElement(suites, "testsuite", name=f"regress shard {i}/{n}", tests=str(len(runs)),
                          failures=str(len(failed)), errors="0", time=str(args.seconds))
    for r in runs:
        tc = ET.SubElement(suite, "testcase", classname=f"regress.{r['profile']}", name=r["tag"],
                           time=str(r["seconds"]))
        if r["exit"] != 0:
            fe = ET.SubElement(tc, "failure", message=r["message"], type=f"exit {r['exit']}")
            fe.text = f"reproduce: {r['reproduce']}\nlog: {r['log']}\n"
    ET.indent(suites)
    write_atomic(os.path.join(d, "junit.xml"),
                 '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")

    print(f"== regress shard {i}/{n}: {len(runs)} runs of {len(campaign)}, {summary['passed']} passed, "
          f"{len(failed)} failed, {summary['cycles']} cycles, {args.seconds} s")
    for r in failed:
        print(f"FAIL {r['tag']} (exit {r['exit']}): {r['message']}")
        print(f"     reproduce: {r['reproduce']}")
    print(f"   {os.path.join(d, 'summary.json')}, {os.path.join(d, 'junit.xml')}")
    if summary["missing"]:
        print(f"regress: runs {summary['missing']} of this shard have no result", file=sys.stderr)
        return 1
    return 1 if failed else 0


def merge(args):
    if not args.summaries:
        fail("no shard summaries given (looked for shard-*/summary.json; run make regress SHARD=i/N first)")
    shards = []
    for path in args.summaries:
        try:
            with open(path) as f:
                s = json.load(f)
            s["shard"]["index"], s["shard"]["count"], s["campaign"]["id"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            fail(f"{path}: not a regress shard summary ({e})")
        s["path"] = path
        shards.append(s)
    ids = {s["campaign"]["id"] for s in shards}
    if len(ids) != 1:
        fail("the summaries come from different campaigns (SEEDS, REGRESS_CYCLES or profiles differ): " +
             ", ".join(f"{s['path']}: {s['campaign']['id']}" for s in shards))
    counts = {s["shard"]["count"] for s in shards}
    if len(counts) != 1:
        fail(f"the summaries split the campaign in different numbers of shards: {sorted(counts)}")
    n = counts.pop()
    seen = {}
    for s in shards:
        k = s["shard"]["index"]
        if k in seen:
            fail(f"shard {k}/{n} given twice: {seen[k]} and {s['path']}")
        seen[k] = s["path"]
    missing_shards = [k for k in range(1, n + 1) if k not in seen]
    camp = shards[0]["campaign"]
    runs = sorted((r for s in shards for r in s["run_list"]), key=lambda r: r["index"])
    covered = {r["index"] for r in runs}
    missing_runs = sorted(set(range(camp["runs"])) - covered)
    failed = [r for r in runs if r["exit"] != 0]
    merged = {
        "tool": "mmu-regress-merge", "campaign": camp, "shards": n, "shards_merged": sorted(seen),
        "missing_shards": missing_shards, "missing_runs": missing_runs,
        "runs": len(runs), "passed": len(runs) - len(failed), "failed": len(failed),
        "cycles": sum(r["cycles"] for r in runs),
        "profiles": sorted({r["profile"] for r in runs}),
        "seeds": sorted({r["seed"] for r in runs}),
        "seconds_max_shard": max(s["seconds"] for s in shards),
        "seconds_total": sum(s["seconds"] for s in shards),
        "divergences": [{k: r.get(k) for k in ("index", "tag", "profile", "seed", "mem_latency", "options", "exit",
                                               "message", "first_divergence", "reproduce")} for r in failed],
    }
    out = args.out or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(args.summaries[0]))), "merged.json")
    write_atomic(out, json.dumps(merged, indent=1) + "\n")
    seeds = merged["seeds"]
    print(f"== regress merged: {len(seen)} of {n} shards, {merged['runs']} of {camp['runs']} runs, "
          f"{merged['passed']} passed, {merged['failed']} failed")
    print(f"   {merged['cycles']} cycles; profiles ({len(merged['profiles'])}): {' '.join(merged['profiles'])}; "
          f"seeds ({len(seeds)}): {seeds[0] if seeds else '-'}..{seeds[-1] if seeds else '-'}; "
          f"{camp['cycles_per_run']} cycles per random run")
    for r in failed:
        print(f"FAIL {r['tag']} (exit {r['exit']}): {r['message']}")
        print(f"     reproduce: {r['reproduce']}")
    if missing_shards:
        print(f"INCOMPLETE: shards {', '.join(f'{k}/{n}' for k in missing_shards)} missing "
              f"({len(missing_runs)} runs not covered)")
    elif missing_runs:
        print(f"INCOMPLETE: runs {missing_runs[:10]} have no result")
    print(f"   {out}")
    return 1 if failed or missing_shards or missing_runs else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("shard")
    s.add_argument("--dir", required=True)
    s.add_argument("--shard", required=True)
    s.add_argument("--seeds", type=int, required=True)
    s.add_argument("--cycles-per-run", type=int, required=True)
    s.add_argument("--seconds", type=int, required=True)
    m = sub.add_parser("merge")
    m.add_argument("--out")
    m.add_argument("summaries", nargs="*")
    args = ap.parse_args()
    return shard(args) if args.cmd == "shard" else merge(args)


if __name__ == "__main__":
    sys.exit(main())
