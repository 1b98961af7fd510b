"""tally's port of PyTorch's pr_time_benchmarks deep_nested_module: the
compile of a chain of modules nested `depth` levels deep. Each level holds
a child (the next level, none at depth 0) and a Linear(10, 10); forward(x)
runs the child, then its own Linear, so Dynamo follows attribute paths as
long as child.child. ... .linear.weight. The compiled function (eager
backend) calls the module on ones(1, 10). PyTorch's size: depth 40.

Row: deep_nested_module_cpu, PyTorch's name for it (category and device:
not <stem>_<backend>, hence a PyTorch-style instance); metric
compile_time_instruction_count.
"""

import sys

import tally
import torch
import torch.nn as nn
from benchmark_base import BenchmarkBase


class DeepNestedModule(nn.Module):
    def __init__(self, depth):
        super().__init__()
        self.depth = depth
        if depth > 0:
            self.child = DeepNestedModule(depth - 1)
        self.linear = nn.Linear(10, 10)

    def forward(self, x):
        if self.depth > 0:
            x = self.child(x)
        return self.linear(x)


class DeepNestedModuleBenchmark(BenchmarkBase):
    tally_params = {"depth": tally.Param(40, "levels of nesting below the root", min=0)}

    def __init__(self):
        super().__init__(category="deep_nested_module", device="cpu", backend="eager")

    def name(self):
        return f"{self.category()}_{self.device()}"

    def description(self):
        return ("torch.compile of a function calling a chain of modules nested "
                "depth levels deep, each with a Linear(10, 10)")

    def _prepare_once(self):
        module = DeepNestedModule(self.params["depth"]).to(self.device())
        self._input = torch.ones(1, 10, device=self.device())

        def run(inp):
            return module(inp)

        self._fn = run

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        compiled = torch.compile(self._fn, backend=self.backend())
        compiled(self._input)


def main():
    DeepNestedModuleBenchmark().enable_compile_time_instruction_count().collect_all(
    ).append_results(sys.argv[1])
