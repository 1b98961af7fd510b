"""tally's port of PyTorch's pr_time_benchmarks update_hint_benchmark: many
unbacked SymInts with range checks. With capture_scalar_outputs on,
f(a, b) takes b = randint(10, (n,)) (seed 0) as a list of unbacked SymInts
(b.tolist()), checks 0 <= x <= n for each (torch._check) and returns
a.split(xs), where a = randn(b.sum()): the size hints of the symbols are
updated as the checks refine them. The compile is Inductor's, fullgraph,
as PyTorch's default torch.compile. PyTorch's size: n = 20.

Row: update_hint_regression (metric compile_time_instruction_count).
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase


def _make_split(n):
    def split_checked(a, b):
        xs = b.tolist()
        for x in xs:
            torch._check(x >= 0)
            torch._check(x <= n)
        return a.split(xs)
    return split_checked


class UpdateHint(BenchmarkBase):
    # The sizes are below 10 and each is checked to be <= n: n >= 9.
    tally_params = {"n": tally.Param(20, "split sizes (unbacked SymInts), and the "
                                         "bound each is checked against", min=9)}

    def __init__(self):
        super().__init__(category="update_hint", device="cpu", backend="inductor")

    def name(self):
        return "update_hint_regression"

    def description(self):
        return "a.split() by n unbacked SymInts, each checked to lie in [0, n]"

    def _prepare_once(self):
        torch._dynamo.config.capture_scalar_outputs = True
        torch.manual_seed(0)
        n = self.params["n"]
        self._splits = torch.randint(10, (n,))
        self._input = torch.randn(int(self._splits.sum().item()))
        self._fn = _make_split(n)

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        compiled = torch.compile(self._fn, backend=self.backend(), fullgraph=True)
        compiled(self._input, self._splits)


def main():
    UpdateHint().enable_compile_time_instruction_count().collect_all().append_results(
        sys.argv[1])
