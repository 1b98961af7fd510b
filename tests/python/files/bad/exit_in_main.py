import sys

from benchmark_base import BenchmarkBase


class Benchmark(BenchmarkBase):
    def name(self):
        return "exits"

    def _work(self):
        pass


def main():
    Benchmark(category="exit", device="cpu").collect_all()
    sys.exit(3)  # MARK:error
