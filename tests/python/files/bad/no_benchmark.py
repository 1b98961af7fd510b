import sys

from benchmark_base import BenchmarkBase


class Benchmark(BenchmarkBase):
    def _work(self):
        pass


def main():
    Benchmark(category="x", device="cpu")  # never collect_all()
