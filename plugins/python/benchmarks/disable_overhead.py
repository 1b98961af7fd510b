"""tally's port of PyTorch's pr_time_benchmarks disable_overhead: the
per-call cost of torch._dynamo.disable. A trivial function (returns its
argument) wrapped by torch._dynamo.disable is called on ones(1); prepare_once
calls it `warmup` times, each counted iteration once, so the count is
the wrapper's, not the callee's. PyTorch's size: 10 warm-up calls.

Row: disable_overhead (metric instruction_count; backend "eager": nothing
compiles).
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase


def _identity(x):
    return x


class DisableOverhead(BenchmarkBase):
    tally_params = {"warmup": tally.Param(10, "calls before counting", min=0)}

    def __init__(self):
        super().__init__(category="disable_overhead", device="cpu", backend="eager")

    def name(self):
        return self.category()

    def description(self):
        return "per-call overhead of torch._dynamo.disable around a trivial callee"

    def _prepare_once(self):
        torch._dynamo.reset()
        self._fn = torch._dynamo.disable(_identity)
        self._a = torch.ones(1)
        for _ in range(self.params["warmup"]):
            self._work()

    def _work(self):
        self._fn(self._a)


def main():
    DisableOverhead().enable_instruction_count().collect_all().append_results(sys.argv[1])
