"""tally's port of the seed of PyTorch's pr_time_benchmarks, dynamo_inline:
how many instructions Dynamo spends inlining nested calls. forward() calls
a chain of ten functions (fn9 -> ... -> fn1 -> fn, fn(x) = x + 1) n times;
torch.compile of the module traces and inlines all n * 10 calls into one
graph of n adds. Written against tally's own API, so n is a parameter a PR
gate can shrink; PyTorch's size is n = 1000 on eager (basic_InlineMod_eager).
"""

import tally
import torch


def fn(x):
    return x + 1


def fn1(x):
    return fn(x)


def fn2(x):
    return fn1(x)


def fn3(x):
    return fn2(x)


def fn4(x):
    return fn3(x)


def fn5(x):
    return fn4(x)


def fn6(x):
    return fn5(x)


def fn7(x):
    return fn6(x)


def fn8(x):
    return fn7(x)


def fn9(x):
    return fn8(x)


class InlineMod(torch.nn.Module):
    def __init__(self, n):
        super().__init__()
        self._n = n

    def forward(self, x):
        for _ in range(self._n):
            x = fn9(x)
        return x


@tally.benchmark(
    name="basic_InlineMod",
    description=(
        "PyTorch's dynamo_inline on torch.compile: Dynamo traces forward(), "
        "a loop of n calls of a 10-deep call chain ending in x + 1, and "
        "inlines every call; the backend then compiles the graph of n adds. "
        "compile_time is Dynamo's whole compile, as PyTorch counts it."),
    backends=("eager", "aot_eager", "inductor"),
    devices=("cpu", "cuda"),
    dynamic=(False, True),
    regions=("compile_time",),
    params={"n": tally.Param(1000, "calls of the 10-deep chain in forward()",
                             min=1)},
)
class InlineModBenchmark:
    def prepare_once(self, cell):
        self.cell = cell
        self.module = InlineMod(cell.params["n"])
        torch.set_float32_matmul_precision("high")
        self.input = torch.ones(10, device=cell.device)

    def prepare(self):
        torch._dynamo.reset()  # every iteration compiles cold

    def work(self, meter):
        with tally.compile_region():
            compiled = torch.compile(self.module, backend=self.cell.backend,
                                     dynamic=self.cell.dynamic)
            compiled(self.input)
