"""tally's port of PyTorch's pr_time_benchmarks float_args: recompilation on
Python float arguments. f(x, y) = x + y is compiled once (Inductor, as
PyTorch does) and called `calls` times as f(arange(size), i * step): the float
argument changes every call, and what Dynamo does with it (specialise and
recompile, or treat it as a symbolic float) is what the count shows.
capture_scalar_outputs is on. PyTorch's size: 8 calls, size 3, step 2.5.

Row: float_args (metric compile_time_instruction_count).
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase


def add(x, y):
    return x + y


class FloatArgs(BenchmarkBase):
    tally_params = {
        "calls": tally.Param(8, "calls, each with another float", min=1),
        "size": tally.Param(3, "length of x = arange(size)", min=1),
        "step": tally.Param(2.5, "the float of call i is i * step"),
    }

    def __init__(self):
        super().__init__(category="float_args", device="cpu", backend="inductor")

    def name(self):
        return self.category()

    def description(self):
        return "recompilations of x + y called with a new Python float each time"

    def _prepare_once(self):
        torch._dynamo.config.capture_scalar_outputs = True
        self._x = torch.arange(self.params["size"])

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        compiled = torch.compile(add, backend=self.backend())
        for i in range(self.params["calls"]):
            compiled(self._x, i * self.params["step"])


def main():
    FloatArgs().enable_compile_time_instruction_count().collect_all().append_results(
        sys.argv[1])
