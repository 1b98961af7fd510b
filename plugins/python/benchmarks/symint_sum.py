"""tally's port of PyTorch's pr_time_benchmarks symint_sum: summing many
unbacked SymInts. With capture_scalar_outputs on, f(a) turns the int
tensor a = randint(10, (n,)) (seed 0) into a list of n unbacked SymInts
(a.tolist()), sums them and returns tensor(sum): with Python's sum()
(symint_sum) or with an explicit loop y += x (symint_sum_loop). The
compile is Inductor's, fullgraph, as PyTorch's default torch.compile.
PyTorch's size: n = 200.

Rows: symint_sum, symint_sum_loop (metric compile_time_instruction_count).
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase


def sum_builtin(a):
    xs = a.tolist()
    return torch.tensor(sum(xs))


def sum_loop(a):
    xs = a.tolist()
    y = 0
    for x in xs:
        y += x
    return torch.tensor(y)


class SymIntSum(BenchmarkBase):
    tally_params = {"n": tally.Param(200, "elements of the tensor summed as SymInts",
                                     min=1)}

    def __init__(self, use_loop):
        self._use_loop = use_loop
        super().__init__(category="symint_sum", device="cpu", backend="inductor")

    def name(self):
        return "symint_sum_loop" if self._use_loop else "symint_sum"

    def description(self):
        how = "a Python loop" if self._use_loop else "sum()"
        return f"sum of n unbacked SymInts from a.tolist() with {how}"

    def _prepare_once(self):
        torch._dynamo.config.capture_scalar_outputs = True
        torch.manual_seed(0)
        self._splits = torch.randint(10, (self.params["n"],))

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        fn = sum_loop if self._use_loop else sum_builtin
        compiled = torch.compile(fn, backend=self.backend(), fullgraph=True)
        compiled(self._splits)


def main():
    for use_loop in (False, True):
        SymIntSum(use_loop).enable_compile_time_instruction_count().collect_all(
        ).append_results(sys.argv[1])
