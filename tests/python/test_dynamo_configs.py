"""configs/pr.yaml and configs/nightly.yaml against the ports
they run (plugins/python/benchmarks): every entry's name or glob matches a
shipped row, its params are ones those rows declare, with values of their
type and within their bounds; the nightly runs every shipped row; the PR
gate runs only rows the nightly runs. stdlib unittest only (the configs are
read line by line: one `- name:` per entry, `params:` as a flow mapping,
which is how the two files are written); `tally run CONFIG --dry-run` is
the full check.
"""

import fnmatch
import os
import re
import unittest

import _tally_driver as driver

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED = os.path.join(ROOT, "plugins", "python", "benchmarks")
CONFIGS = os.path.join(ROOT, "configs")

_NAME = re.compile(r'^  - name: "?([^"#\s]+)"?')
_PARAMS = re.compile(r'^    params: \{(.*)\}')


def entries(config):
    """[(glob, {param: text value})] of a config's benchmarks: list."""
    found = []
    with open(os.path.join(CONFIGS, config)) as f:
        for line in f:
            name = _NAME.match(line)
            if name:
                found.append((name.group(1), {}))
                continue
            params = _PARAMS.match(line)
            if params and found:
                for pair in params.group(1).split(","):
                    key, value = (part.strip() for part in pair.split(":"))
                    found[-1][1][key] = value
    return found


class DynamoConfigsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rows = {}
        for file in sorted(os.listdir(SHIPPED)):
            if file.endswith(".py") and not file.startswith("_"):
                for b in driver.discover(os.path.join(SHIPPED, file)):
                    cls.rows[b["name"]] = b

    def matched(self, config):
        """{row: params} the config selects; checks each entry on the way."""
        selected = {}
        for glob, params in entries(config):
            with self.subTest(config=config, entry=glob):
                rows = fnmatch.filter(self.rows, glob)
                self.assertTrue(rows, f"{glob} matches no shipped Python row")
                for row in rows:
                    declared = {p["name"]: p for p in self.rows[row]["params"]}
                    for key, text in params.items():
                        self.assertIn(key, declared, f"{row} declares no param {key}")
                        p = declared[key]
                        value = {"int": int, "float": float, "str": str,
                                 "bool": lambda t: t == "true"}[p["type"]](text)
                        if p["min"] is not None:
                            self.assertGreaterEqual(value, p["min"], f"{row}.{key}")
                        if p["max"] is not None:
                            self.assertLessEqual(value, p["max"], f"{row}.{key}")
                    selected[row] = params
        return selected

    def test_nightly_runs_every_shipped_row(self):
        nightly = self.matched("nightly.yaml")
        self.assertEqual(sorted(set(self.rows) - set(nightly)), [])
        self.assertTrue(all(not params for params in nightly.values()),
                        "the nightly runs PyTorch's sizes: no params")

    def test_pr_gate_is_part_of_the_nightly(self):
        pr = self.matched("pr.yaml")
        self.assertGreaterEqual(len(pr), 10)
        self.assertFalse(any(row.endswith("_gpu") for row in pr))
        self.assertEqual(sorted(set(pr) - set(self.matched("nightly.yaml"))), [])


if __name__ == "__main__":
    unittest.main()
