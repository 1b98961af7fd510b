import sys

from benchmark_base import BenchmarkBase


class Benchmark(BenchmarkBase):
    def __init__(self, backend):
        super().__init__(category="raises", device="cpu", backend=backend)
        if backend not in ("eager",):
            raise KeyError(backend)  # MARK:error


def main():
    result_path = sys.argv[1]
    for backend in ("eager", "inductorr"):
        Benchmark(backend).collect_all().append_results(result_path)
