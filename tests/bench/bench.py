#!/usr/bin/env python3
"""amilint's benchmark: side by side on the same inputs, medians of several runs.

Usage: tests/bench/bench.py [--runs N] [--quick] [--plans]   (after ./setup.sh --test-tools)
--quick skips cfn-lint over the whole CloudFormation corpus (it takes minutes);
--plans runs only the big Terraform plan rows (plans of up to 500 MB, in /tmp).
Prints a Markdown table for the README. Not a test: the machines are shared and
noisy, so only ratios measured in one run are meaningful; the two ratios that
matter most (YAML against its parse floor, --jobs 2 against --jobs 1) are also
given in instructions counted by callgrind (with valgrind installed), which no
other load on the machine changes."""
import argparse, csv, os, platform, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
AMILINT = os.path.join(BUILD, "amilint")


def timed(cmd, runs, cwd=None):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def timed_pair(cmd_a, cmd_b, runs):
    """The fastest of several runs of two commands run alternately: noise on a shared
    machine only ever adds time, and alternating puts a slow spell on both sides."""
    a, b = [], []
    for _ in range(runs):
        a.append(timed(cmd_a, 1))
        b.append(timed(cmd_b, 1))
    return min(a), min(b)


def instructions(cmd, per_thread=False):
    """Instructions executed (callgrind): the same every run, whatever the machine is
    doing. With per_thread, the list of each thread's count."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes" if per_thread else "--separate-threads=no",
                        f"--callgrind-out-file={out}"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counts = []
        for name in sorted(os.listdir(tmp)):
            for line in open(os.path.join(tmp, name)):
                if line.startswith("summary:") or line.startswith("totals:"):
                    counts.append(int(line.split()[1]))
                    break
        return counts if per_thread else sum(counts)


def peak_kb(cmd):
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    return int(r.stderr.strip().splitlines()[-1])


def plan_rows(runs, out):
    """Big Terraform plans (tests/bench/gen_plan.py) against nlohmann's SAX parse of the
    same file (amilint_json_floor): time and peak memory at 10, 100 and 500 MB, and the
    time per resource at 1k, 10k and 100k resources. One rule selected, as CI would run
    a single policy; the default --jobs (the cores), and --jobs 1 for reference."""
    gen = os.path.join(ROOT, "tests", "bench", "gen_plan.py")
    floor = [os.path.join(BUILD, "amilint_json_floor")]
    lint = [AMILINT, "--no-config", "--fail-on", "never", "--select", "AMI001"]
    with tempfile.TemporaryDirectory() as tmp:
        def plan(resources):
            path = os.path.join(tmp, f"plan-{resources}.json")
            with open(path, "w") as f:
                subprocess.run([sys.executable, gen, "--resources", str(resources)], stdout=f, check=True)
            return path

        # per resource: beyond what a plan without resources takes (starting the
        # process, the plan's own few kilobytes)
        empty = plan(0)
        t_empty = min(timed(lint + [empty], 1) for _ in range(max(runs, 9)))
        per_resource = {}
        for n in (1000, 10000, 100000):
            p = plan(n)
            per_resource[n] = (timed_pair(lint + [p], floor + [p], runs)[0] - t_empty) / n
            os.remove(p)
        flat = max(per_resource.values()) / min(per_resource.values())
        out.append((f"plan: time per resource at 1k, 10k, 100k resources (beyond an empty plan's {t_empty*1000:.1f} ms)",
                    " / ".join(f"{per_resource[n]*1e6:.1f} µs" for n in sorted(per_resource)),
                    f"{flat:.2f}x from fastest to slowest", "flat (<= 1.3x)", flat <= 1.3))
        size_of_1k = None
        for mb in (10, 100, 500):
            if size_of_1k is None:
                p = plan(1000)
                size_of_1k = os.path.getsize(p)
                os.remove(p)
            p = plan(max(1, round(mb * 1e6 * 1000 / size_of_1k)))
            size = os.path.getsize(p) / 1e6
            t, t_floor = timed_pair(lint + [p], floor + [p], runs)
            out.append((f"plan of {size:.0f} MB: amilint vs nlohmann SAX parse only", f"{t:.2f} s vs {t_floor:.2f} s",
                        f"{t/t_floor:.2f}x the floor", "<= 1.5x", t / t_floor <= 1.5))
            t1, _ = timed_pair(lint + ["--jobs", "1", p], floor + [p], max(1, runs // 2))
            out.append((f"plan of {size:.0f} MB, --jobs 1", f"{t1:.2f} s", f"{t1/t_floor:.2f}x the floor", "", None))
            m, m_floor = peak_kb(lint + [p]) / 1024, peak_kb(floor + [p]) / 1024
            ratio = m * 1024 * 1024 / (size * 1e6)
            out.append((f"plan of {size:.0f} MB: peak memory (the floor's)", f"{m:.0f} MB ({m_floor:.0f} MB)",
                        f"{ratio:.2f}x the file", "<= 2.5x", ratio <= 2.5))
            os.remove(p)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--plans", action="store_true", help="only the big-plan rows")
    a = ap.parse_args()
    if a.plans:
        out = []
        plan_rows(a.runs, out)
        return print_table(a, out)
    rows = list(csv.DictReader(open(os.path.join(CORPUS, "MANIFEST.tsv")), delimiter="\t"))
    path = lambda r: os.path.join(CORPUS, r["local_path"])
    cfn = [path(r) for r in rows if r["format"] in ("cfn-json", "cfn-yaml")]
    yaml = [path(r) for r in rows if r["format"] == "cfn-yaml"]
    tf = [path(r) for r in rows if r["format"] == "tf-hcl"]
    ten_kb = os.path.join(CORPUS, "aws-cloudformation__aws-cloudformation-templates/AutoScaling/"
                          "AutoScalingMultiAZWithNotifications.yaml")
    largest = max(cfn + tf, key=os.path.getsize)
    out = []  # (measurement, result, ratio, target, met)
    lint = [AMILINT, "--no-config", "--fail-on", "never", "--format", "json"]

    t_one = timed(lint + [ten_kb], max(a.runs * 10, 21))
    t_one_cfn = timed(["cfn-lint", "--", ten_kb], a.runs)
    kb = os.path.getsize(ten_kb) / 1000
    out.append((f"{kb:.1f} KB template: amilint vs cfn-lint", f"{t_one*1000:.2f} ms vs {t_one_cfn*1000:.0f} ms",
                f"{t_one_cfn/t_one:.0f}x faster", "< 5 ms and >= 300x",
                t_one < 0.005 and t_one_cfn / t_one >= 300))
    if not a.quick:
        t_cfn = timed(lint + ["--jobs", "1"] + cfn, a.runs)
        t_cfn_lint = timed(["cfn-lint", "--"] + cfn, 1)
        out.append((f"{len(cfn)} CloudFormation files: amilint --jobs 1 vs cfn-lint",
                    f"{t_cfn:.2f} s vs {t_cfn_lint:.0f} s", f"{t_cfn_lint/t_cfn:.0f}x faster", "", None))
    t_yaml, t_floor = timed_pair(lint + ["--jobs", "1"] + yaml, [os.path.join(BUILD, "amilint_yaml_floor")] + yaml,
                                 max(a.runs, 9))
    out.append((f"{len(yaml)} CFN YAML files: amilint --jobs 1 vs yaml-cpp event parse only",
                f"{t_yaml:.2f} s vs {t_floor:.2f} s", f"{t_yaml/t_floor:.2f}x the floor", "<= 1.3x",
                t_yaml / t_floor <= 1.3))
    # the parser's own clock: files in memory, median of the runs
    r = subprocess.run([os.path.join(BUILD, "amilint_hcl2json"), "--bench", str(max(a.runs, 3))] + tf,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    last = r.stdout.strip().splitlines()[-1]
    mbs = float(last.split("median of")[1].split(":")[1].split("MB/s wall")[0])
    mb = sum(os.path.getsize(f) for f in tf) / 1e6
    out.append((f"HCL parse of {len(tf)} .tf files ({mb:.1f} MB), in memory", f"{mb/mbs:.3f} s", f"{mbs:.0f} MB/s",
                ">= 100 MB/s", mbs >= 100))
    t_j1, t_j2 = timed_pair(lint + ["--jobs", "1", CORPUS], lint + ["--jobs", "2", CORPUS], max(a.runs, 9))
    out.append(("whole corpus: --jobs 1 vs --jobs 2", f"{t_j1:.2f} s vs {t_j2:.2f} s", f"{t_j1/t_j2:.2f}x",
                ">= 1.7x", t_j1 / t_j2 >= 1.7))
    if shutil.which("valgrind"):
        i_yaml = instructions(lint + ["--jobs", "1"] + yaml)
        i_floor = instructions([os.path.join(BUILD, "amilint_yaml_floor")] + yaml)
        out.append((f"{len(yaml)} CFN YAML files: instructions, amilint vs the floor", f"{i_yaml/1e9:.2f} G vs {i_floor/1e9:.2f} G",
                    f"{i_yaml/i_floor:.2f}x the floor", "<= 1.3x", i_yaml / i_floor <= 1.3))
        threads = instructions(lint + ["--jobs", "2", CORPUS], per_thread=True)
        ideal = sum(threads) / max(threads)
        out.append(("whole corpus, --jobs 2: instructions of all threads vs the busiest",
                    f"{sum(threads)/1e9:.2f} G vs {max(threads)/1e9:.2f} G", f"{ideal:.2f}x on two free cores", ">= 1.7x",
                    ideal >= 1.7))
    big = os.path.getsize(largest) / 1e6
    limit = 10 * big + 50
    m_big = peak_kb(lint + [largest]) / 1024
    out.append((f"peak memory, largest file ({big:.1f} MB)", f"{m_big:.1f} MB", "", f"< {limit:.0f} MB",
                m_big < limit))
    files = sorted(cfn + tf)
    m_all = peak_kb(lint + ["--jobs", "2"] + files) / 1024
    out.append((f"peak memory, whole corpus ({len(files)} files, --jobs 2)", f"{m_all:.1f} MB", "", f"< {limit:.0f} MB",
                m_all < limit))
    # the number of files alone: the same template 10 and 1000 times (text output;
    # JSON output also holds every file's audit table until it is written)
    with tempfile.TemporaryDirectory() as tmp:
        peaks = []
        for n in (10, 1000):
            d = os.path.join(tmp, str(n))
            os.makedirs(d)
            for i in range(n):
                shutil.copyfile(ten_kb, os.path.join(d, f"t{i}.yaml"))
            peaks.append(peak_kb([AMILINT, "--no-config", "--fail-on", "never", "--jobs", "2", d]) / 1024)
    out.append(("peak memory, 10 vs 1000 copies of the 10 KB template", f"{peaks[0]:.1f} MB vs {peaks[1]:.1f} MB",
                f"{peaks[1]/peaks[0]:.2f}x for 100x the files", "flat (< 1.5x)", peaks[1] / peaks[0] < 1.5))

    plan_rows(a.runs, out)
    return print_table(a, out)


def print_table(a, out):
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
          f"medians of {a.runs} runs, ratios from the fastest of alternated runs; "
          f"command: tests/bench/bench.py --runs {a.runs}{' --quick' if a.quick else ''}{' --plans' if a.plans else ''}\n")
    print("| measurement | result | ratio | target | met |\n|---|---|---|---|---|")
    for m, res, x, target, met in out:
        print(f"| {m} | {res} | {x} | {target} | {'' if met is None else 'yes' if met else 'NO'} |")
    return 0 if all(met is not False for *_, met in out) else 1


if __name__ == "__main__":
    sys.exit(main())
