"""A 2026-style PyTorch pr_time_benchmarks file (calls super().__init__)."""

import sys

from benchmark_base import BenchmarkBase

import torch
from torch._inductor.utils import fresh_cache

LOOPS = 20


def f0(x):
    return x + 1


def f1(x):
    return f0(x) + 1


def f2(x):
    return f1(x) + 1


def f3(x):
    return f2(x) + 1


def f4(x):
    return f3(x) + 1


def f5(x):
    return f4(x) + 1


def f6(x):
    return f5(x) + 1


def f7(x):
    return f6(x) + 1


def f8(x):
    return f7(x) + 1


def f9(x):
    return f8(x) + 1


def chain_loop(x):
    for _ in range(LOOPS):
        x = f9(x)
    return x


class Benchmark(BenchmarkBase):
    def __init__(self, backend, dynamic=False):
        super().__init__(category="add_chain", backend=backend, device="cpu",
                         dynamic=dynamic)

    def name(self):
        prefix = f"{self.category()}_{self.backend()}"
        if self.is_dynamic():
            prefix += "_dynamic"
        return prefix

    def description(self):
        return "a 10-deep call chain of adds, looped 20 times"

    def _prepare_once(self):
        self.x = torch.ones(8)

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        compiled = torch.compile(chain_loop, backend=self.backend(), fullgraph=True,
                                 dynamic=self.is_dynamic())
        with fresh_cache():
            self.out = compiled(self.x)


def main():
    result_path = sys.argv[1]
    benchmarks = []
    for backend in ("eager", "aot_eager"):
        for dynamic in (False, True):
            b = Benchmark(backend, dynamic).enable_compile_time_instruction_count()
            if dynamic:
                b = b.with_iterations(3)
            benchmarks.append(b)
    for b in benchmarks:
        b.collect_all().append_results(result_path)


if __name__ == "__main__":
    main()
