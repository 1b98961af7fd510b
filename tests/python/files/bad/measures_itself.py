"""Overrides collect_all() to time itself, as PyTorch's import_time.py does."""

from benchmark_base import BenchmarkBase


class ImportTime(BenchmarkBase):  # MARK:error
    def name(self):
        return "import_time"

    def collect_all(self):
        raise AssertionError("tally must not run this")


def main():
    ImportTime().collect_all()
