"""tally's port of PyTorch's pr_time_benchmarks import_time: how long a fresh
interpreter takes to import a module. Each counted iteration starts
sys.executable (tally's environment's interpreter) as
`python -X importtime -c "import <module>"` and waits for it, as PyTorch
measures it; the cumulative microseconds Python reports for the module
(PyTorch's value, import_time_us) are printed to the cell's output.

What tally's counters see: the work is a child process. Under callgrind
(which does not follow exec) or PyTorch's own per-thread counter, the
instruction count covers only the parent's spawn, wait and parse, not the
import: it says nothing about import time. The wall counter (--counter
wall) times the whole child, start-up included, and is the meaningful
number for these rows.

Rows, as PyTorch names them: import_time_torch__dynamo,
import_time_torch__inductor, import_time_triton (skipped where triton is
not installed), and tally's import_time_torch (plain `import torch`).
Metric: instruction_count (whole work) in tally; PyTorch's is
import_time_us.
"""

import importlib.util
import subprocess
import sys

import tally
from benchmark_base import BenchmarkBase


def _importtime_us(stderr, module):
    """The cumulative microseconds of `module` in -X importtime's report."""
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line.split("|")
        if len(parts) >= 3 and parts[2].strip() == module:
            try:
                return int(parts[1].strip())
            except ValueError:
                return None
    return None


class ImportTime(BenchmarkBase):
    def __init__(self, module):
        self._module = module
        # Backend "import": no torch.compile backend is involved, and a
        # matrix selecting eager rows (typically counted under callgrind)
        # should not pick these wall-time rows up.
        super().__init__(category="import_time", device="cpu", backend="import")

    def name(self):
        return f"{self.category()}_{self._module.replace('.', '_')}"

    def description(self):
        return (f"wall time of `import {self._module}` in a new interpreter "
                "(only the wall counter measures it)")

    def _prepare_once(self):
        top = self._module.split(".")[0]
        if importlib.util.find_spec(top) is None:
            raise tally.SkipCell(f"module {top!r} is not installed in this environment")
        self._command = [sys.executable, "-X", "importtime", "-c", f"import {self._module}"]

    def _work(self):
        done = subprocess.run(self._command, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"`import {self._module}` failed "
                               f"(exit {done.returncode}): {last}")
        us = _importtime_us(done.stderr, self._module)
        print(f"import_time_us {self._module}: {us}")


def main():
    for module in ("torch._dynamo", "torch._inductor", "triton", "torch"):
        ImportTime(module).enable_instruction_count().collect_all().append_results(
            sys.argv[1])
