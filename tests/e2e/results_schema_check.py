#!/usr/bin/python3
"""results.json as tally writes it validates against docs/results.schema.json.

Runs the test plugins (no LibTorch) under the wall counter with ok, failed
(with an output tail), skipped (by the plugin and by the plan) and
multi-threaded cells: once with --verify, and as two shards merged whole and
partially. Each results.json must validate; a cell with a field the schema
does not know must not (so a field added without the schema fails here);
and a file of a newer format_version is refused by tally in one line,
while one without the field still loads.

Usage: results_schema_check.py TALLY LOADABLE_PLUGIN_DIR SCHEMA
Fails, naming the install command, when Debian's python3-jsonschema is
missing (tools/setup installs it): a skip would hide the check in CI.
"""

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed: run tools/setup, or "
          "apt-get install python3-jsonschema")
    sys.exit(1)

MATRIX = """\
defaults: {iterations: 2}
benchmarks:
  - {name: healthy_loop, params: {n: 20000}}
  - {name: healthy_threads}
  - {name: hostile_ok}
  - {name: hostile_throw_std}
  - {name: hostile_skip}
  - {name: healthy_empty, matrix: {device: [cuda]}}
"""

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def tally(*args, expect):
    """Runs tally; returns its stderr. Another exit code ends the test: what
    follows reads what this command should have written."""
    done = subprocess.run([TALLY, *args], capture_output=True, text=True,
                          timeout=300)
    if done.returncode not in expect:
        fail("tally %s exited %d, expected %s\n%s" %
             (" ".join(args), done.returncode, expect, done.stderr))
        sys.exit(1)
    return done.stderr


def run(config, out, *extra):
    # 1: hostile_throw_std fails (a shard without it exits 0).
    tally("run", config, "--counter", "wall", "--out", out,
          "--no-default-plugins", "--plugins", PLUGINS, *extra, expect=(0, 1))


def load(path):
    with open(path) as f:
        return json.load(f)


def save(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f)


def validate(validator, path):
    doc = load(path)
    errors = sorted(validator.iter_errors(doc), key=lambda e: e.json_path)
    for e in errors[:10]:
        fail("%s: %s: %s" % (path, e.json_path, e.message))
    return doc


def check_statuses(doc, path):
    statuses = {c["status"] for c in doc["cells"]}
    if not {"ok", "failed", "skipped"} <= statuses:
        fail("%s: cells have statuses %s, not ok, failed and skipped" %
             (path, sorted(statuses)))


def check_closed(validator, doc):
    """A cell or metadata field unknown to the schema is an error."""
    for where in ("cell", "metric", "metadata"):
        bad = copy.deepcopy(doc)
        target = {"cell": lambda d: d["cells"][0],
                  "metric": lambda d: next(iter(d["cells"][0]["metrics"]
                                                .values())),
                  "metadata": lambda d: d["metadata"]}[where](bad)
        target["new_field"] = 1
        if validator.is_valid(bad):
            fail("the schema accepts a %s with a field it does not list" % where)


def check_version_refusal(tmp, results_dir, shards):
    """tally refuses format_version 2 in one line, loads a file without it."""
    newer = os.path.join(tmp, "newer")
    shutil.copytree(results_dir, newer)
    path = os.path.join(newer, "results.json")
    doc = load(path)
    doc["format_version"] = 2
    save(path, doc)
    err = tally("export", newer, "--format", "bencher", expect=(4,))
    want = ("%s: results format version 2 is not supported (this tally reads "
            "version 1 and files without a version); use a newer tally" % path)
    if err.strip() != "tally export: error: " + want:
        fail("export of a newer file said %r, not %r" % (err, want))
    del doc["format_version"]
    save(path, doc)
    tally("export", newer, "--format", "bencher", expect=(0,))
    # merge reads its shards' results.json too.
    shard = os.path.join(tmp, "newer-shard")
    shutil.copytree(shards[0], shard)
    shard_json = os.path.join(shard, "results.json")
    doc = load(shard_json)
    doc["format_version"] = "x"
    save(shard_json, doc)
    err = tally("merge", shard, shards[1], "--out",
                os.path.join(tmp, "newer-merged"), expect=(4,))
    if shard_json + ': results format version "x" is not supported' not in err:
        fail("merge of a shard of version \"x\" said %r" % err)


def main():
    with open(SCHEMA) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    tmp = tempfile.mkdtemp(prefix="tally-results-schema-")
    config = os.path.join(tmp, "m.yaml")
    with open(config, "w") as f:
        f.write(MATRIX)
    d = lambda name: os.path.join(tmp, name)
    run(config, d("verified"), "--verify")
    run(config, d("shard-1"), "--shard", "1/2")
    run(config, d("shard-2"), "--shard", "2/2")
    tally("merge", d("shard-1"), d("shard-2"), "--out", d("merged"),
          expect=(0, 1))
    tally("merge", d("shard-1"), "--out", d("partial"), "--allow-partial",
          expect=(0, 1))
    for name in ("verified", "shard-1", "shard-2", "merged", "partial"):
        doc = validate(validator, os.path.join(d(name), "results.json"))
        if doc.get("format_version") != 1:
            fail("%s: format_version is %r" % (name, doc.get("format_version")))
    verified = load(os.path.join(d("verified"), "results.json"))
    check_statuses(verified, "verified")
    for key, name in (("verify", "verified"), ("missing_cells", "partial"),
                      ("shard", "shard-1"), ("shards", "merged")):
        if key not in load(os.path.join(d(name), "results.json"))["metadata"]:
            fail("%s: metadata has no %s, so the schema did not see one" %
                 (name, key))
    check_closed(validator, verified)
    check_version_refusal(tmp, d("verified"), [d("shard-1"), d("shard-2")])
    if failures:
        print("%d failure(s); files kept in %s" % (len(failures), tmp))
        return 1
    shutil.rmtree(tmp)
    print("results.json of a run, --verify, shards and merges match the schema")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    TALLY, PLUGINS, SCHEMA = sys.argv[1:]
    sys.exit(main())
