#!/usr/bin/env python3
"""The GitHub Action (action.yml) and the README's workflow that uses it.

What can be checked without a GitHub runner: the action is a composite action whose
steps build amilint from the action's own checkout with the quick start (setup.sh
without --test-tools), cache that build, write SARIF once and upload it when asked,
then annotate; every shell step parses; the README's workflow snippet uses this action
at the tag of this version, with the permission the SARIF upload needs.
  tests/action_test.py SOURCE_DIR
"""
import re
import subprocess
import sys

import yaml

src = sys.argv[1] if len(sys.argv) > 1 else "."
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


with open(f"{src}/action.yml") as f:
    action = yaml.safe_load(f)
with open(f"{src}/CMakeLists.txt") as f:
    version = re.search(r"project\(amilint VERSION ([0-9.]+)", f.read()).group(1)

check(action.get("runs", {}).get("using") == "composite", "action.yml is a composite action")
inputs = action.get("inputs", {})
check(inputs.get("args", {}).get("default") == ".", "input args defaults to .")
check(str(inputs.get("sarif", {}).get("default")) == "true", "input sarif defaults to true")
check("fail-on" in inputs, "input fail-on exists")
for name, spec in inputs.items():
    check(bool(spec.get("description")), f"input {name} has a description")

steps = action["runs"].get("steps", [])
runs = [s.get("run", "") for s in steps]
for s in steps:
    if "run" in s:
        check(s.get("shell") == "bash", f"step '{s.get('name')}' says shell: bash")
        parsed = subprocess.run(["bash", "-n"], input=s["run"], text=True, capture_output=True)
        check(parsed.returncode == 0, f"step '{s.get('name')}' is valid bash {parsed.stderr.strip()}")

setup = [r for r in runs if "/setup.sh" in r]  # runs it (the hash step only names it)
check(len(setup) == 1, "one step runs setup.sh")
check(all("$GITHUB_ACTION_PATH/setup.sh" in r for r in setup), "setup.sh is the action's own ($GITHUB_ACTION_PATH)")
check(all("--test-tools" not in r for r in runs), "no step runs setup.sh --test-tools (no catch2, no tests)")
setup_index = next((i for i, s in enumerate(steps) if "/setup.sh" in s.get("run", "")), -1)

cache = [(i, s) for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/cache@")]
check(len(cache) == 1, "one actions/cache step")
if cache:
    i, s = cache[0]
    check(i < setup_index, "the cache is restored before the build")
    check(s["with"]["path"] == "${{ github.action_path }}/build", "the cache holds the action's build/")
    check("steps.sources.outputs.hash" in s["with"]["key"], "the cache key has the hash of the sources")

sarif_runs = [i for i, s in enumerate(steps) if "--format sarif" in s.get("run", "")]
github_runs = [i for i, s in enumerate(steps) if "--format github" in s.get("run", "")]
check(len(sarif_runs) == 1 and "--output" in steps[sarif_runs[0]]["run"], "one run writes SARIF to a file")
check(len(sarif_runs) == 1 and "--fail-on never" in steps[sarif_runs[0]]["run"], "the SARIF run does not fail")
check(len(github_runs) == 1 and "--fail-on" in steps[github_runs[0]]["run"], "one run writes annotations with --fail-on")
upload = [(i, s) for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@v3")]
check(len(upload) == 1, "one github/codeql-action/upload-sarif@v3 step")
if upload and sarif_runs and github_runs:
    i, s = upload[0]
    check(sarif_runs[0] < i < github_runs[0], "SARIF is uploaded before the annotations step can fail the job")
    check("inputs.sarif == 'true'" in str(s.get("if", "")), "the upload runs only when input sarif is true")

# The README's workflow snippet uses this action at this version's tag.
with open(f"{src}/README.md") as f:
    readme = f.read()
workflows = []
for block in re.findall(r"```yaml\n(.*?)```", readme, re.S):
    try:
        doc = yaml.safe_load(block)
    except yaml.YAMLError:
        continue
    if isinstance(doc, dict) and "jobs" in doc:
        workflows.append(doc)
uses_action = []
for wf in workflows:
    for job in wf["jobs"].values():
        for s in job.get("steps", []):
            if str(s.get("uses", "")).startswith("amilint/amilint@"):
                uses_action.append((job, s))
check(len(uses_action) >= 1, "a README workflow uses amilint/amilint@…")
for job, s in uses_action:
    check(s["uses"] == f"amilint/amilint@v{version}", f"the README uses the tag v{version} ({s['uses']})")
    check(job.get("permissions", {}).get("security-events") == "write", "the README job grants security-events: write")
    check(any(str(t.get("uses", "")).startswith("actions/checkout@") for t in job["steps"]), "the README job checks out the code")
    for key in (s.get("with") or {}):
        check(key in inputs, f"the README passes a known input ({key})")
check(not re.search(r"<(URL|a tag)[^>]*>", readme), "the README has no <URL …>/<a tag …> placeholders")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("all action checks passed")
