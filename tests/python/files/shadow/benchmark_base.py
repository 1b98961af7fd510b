"""A PyTorch-style benchmark_base.py next to a benchmark: its collect_all()
runs the benchmark and writes a CSV row. tally must ignore it."""

import csv


class BenchmarkBase:
    _num_iterations = 5

    def __init__(self, category, device, backend="", mode="", dynamic=None):
        self._category = category
        self._device = device
        self._backend = backend
        self._mode = mode
        self._dynamic = dynamic
        self.results = []

    def enable_compile_time_instruction_count(self):
        return self

    def collect_all(self):
        self._prepare_once()
        for _ in range(self._num_iterations):
            self._prepare()
            self._work()
        self.results.append((self.name(), "compile_time_instruction_count", 0))
        return self

    def append_results(self, path):
        with open(path, "a", newline="") as f:
            csv.writer(f).writerows(self.results)
