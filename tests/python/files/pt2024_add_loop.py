"""A 2024-style PyTorch pr_time_benchmarks file: no super().__init__."""

import sys

from benchmark_base import BenchmarkBase

import torch


class Benchmark(BenchmarkBase):
    def __init__(self, backend, dynamic=False, is_gpu=False):
        self._backend = backend
        self._dynamic = dynamic
        self._device = "cuda" if is_gpu else "cpu"
        self._category = "add_loop"
        self._mode = "inference"

    def name(self):
        prefix = f"{self._category}_{self._backend}"
        if self._dynamic:
            prefix += "_dynamic"
        if self._device == "cuda":
            prefix += "_gpu"
        return prefix

    def description(self):
        return "a loop of 10 adds"

    def _prepare_once(self):
        self.a = torch.ones(16, device=self._device)

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        @torch.compile(backend=self._backend, fullgraph=True, dynamic=self._dynamic)
        def f(a):
            for _ in range(10):
                a = a + 1
            return a

        self.out = f(self.a)


def main():
    result_path = sys.argv[1]
    Benchmark("eager").enable_instruction_count().collect_all().append_results(result_path)
    Benchmark("eager", is_gpu=True).enable_instruction_count().collect_all().append_results(
        result_path
    )


if __name__ == "__main__":
    main()
