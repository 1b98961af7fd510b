import sys

from benchmark_base import BenchmarkBase


class Benchmark(BenchmarkBase):
    def __init__(self, backend):
        super().__init__(category="dup", device="cpu", backend=backend)

    def name(self):
        return "dup"  # same for every backend

    def _work(self):
        pass


def main():
    Benchmark("eager").enable_compile_time_instruction_count().collect_all()  # MARK:first
    Benchmark("aot_eager").enable_compile_time_instruction_count().collect_all()  # MARK:second
