"""A mid-2024 PyTorch-style file written here: no __init__ at all, plain
attributes that hide the accessors (self.backend = "eager"), hooks named
without the underscore, and an instruction-count-only benchmark with no
backend."""

import sys

from benchmark_base import BenchmarkBase

import torch


class ListOfAdds(BenchmarkBase):
    def name(self):
        return "plain_attrs_eager"

    def prepare_once(self):
        self.backend = "eager"
        self.a = torch.ones(8)

    def prepare(self):
        torch._dynamo.reset()

    def work(self):
        f = torch.compile(lambda a: a + 1 + 2, backend=self.backend)
        self.out = f(self.a)


class NoBackend(BenchmarkBase):
    def name(self):
        return "plain_attrs_runtime"

    def _work(self):
        self.out = torch.ones(4) * 2


def main():
    result_path = sys.argv[1]
    ListOfAdds().enable_compile_time_instruction_count().collect_all()
    NoBackend().enable_instruction_count().collect_all().append_results(result_path)


if __name__ == "__main__":
    main()
