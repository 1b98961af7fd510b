"""tally's port of PyTorch's pr_time_benchmarks aotdispatcher_partitioner and
aotdispatcher_partitioner2: the min-cut partitioner of AOTAutograd on
training graphs (backend aot_eager_decomp_partition, fullgraph).

- aotdispatcher_partitioner_cpu: one input randn(size, size) and `weights`
  weights randn(size, size) requiring grad; x = matmul(w, x).sin().sin()
  for each weight, a mix of ops the partitioner recomputes and saves.
  PyTorch's size: 100 weights of 16 x 16.
- aotdispatcher_partitioner_cpu2: many parallel use chains. x =
  randn(size, size) requiring grad; `chains` tensors x + i, each then
  x + tmp; for i in range(chains - 4): tmps[i] = tmps[i].sin().mul(tmps[i])
  and tmps[i+1], tmps[i+2], tmps[i+3] -= tmps[i]; returns sum(tmps).
  PyTorch's size: 16 chains (12 rounds) on 4 x 4.

Metric: compile_time_instruction_count.
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase


def matmul_sin_chain(inp, *weights):
    x = inp
    for w in weights:
        x = torch.matmul(w, x).sin().sin()
    return x


def parallel_chains(x, chains):
    tmps = [x + i for i in range(chains)]
    tmps = [x + tmp for tmp in tmps]
    for i in range(chains - 4):
        tmps[i] = tmps[i].sin().mul(tmps[i])
        tmps[i + 1] -= tmps[i]
        tmps[i + 2] -= tmps[i]
        tmps[i + 3] -= tmps[i]
    return sum(tmps)


class _Partitioner(BenchmarkBase):
    def __init__(self):
        super().__init__(category="aotdispatcher_partitioner", device="cpu",
                         backend="aot_eager_decomp_partition", mode="training")

    def _prepare(self):
        torch._dynamo.reset()


class Partitioner(_Partitioner):
    tally_params = {
        "weights": tally.Param(100, "weights, one matmul-sin-sin step each", min=1),
        "size": tally.Param(16, "rows and columns of the input and weights", min=1),
    }

    def name(self):
        return f"{self.category()}_{self.device()}"

    def description(self):
        return ("partitioner: 1 input and many weights, a mix of recomputed "
                "and saved ops")

    def _prepare_once(self):
        torch.manual_seed(0)
        size = self.params["size"]
        self._weights = [torch.randn(size, size, requires_grad=True)
                         for _ in range(self.params["weights"])]
        self._inp = torch.randn(size, size)

    def _work(self):
        compiled = torch.compile(matmul_sin_chain, backend=self.backend(), fullgraph=True)
        compiled(self._inp, *self._weights)


class Partitioner2(_Partitioner):
    tally_params = {
        "chains": tally.Param(16, "parallel use chains (rounds: chains - 4)", min=4),
        "size": tally.Param(4, "rows and columns of x", min=1),
    }

    def name(self):
        return f"{self.category()}_{self.device()}2"

    def description(self):
        return "partitioner: many parallel use chains of one input"

    def _prepare_once(self):
        torch.manual_seed(0)
        size = self.params["size"]
        self._x = torch.randn(size, size, requires_grad=True)
        chains = self.params["chains"]

        def fn(x):
            return parallel_chains(x, chains)

        self._fn = fn

    def _work(self):
        compiled = torch.compile(self._fn, backend=self.backend(), fullgraph=True)
        compiled(self._x)


def main():
    for benchmark in (Partitioner(), Partitioner2()):
        benchmark.enable_compile_time_instruction_count().collect_all().append_results(
            sys.argv[1])
