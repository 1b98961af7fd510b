"""A small Dynamo cell: torch.compile of a 10-deep call chain, looped n
times, with the eager backend. Small enough for CI under callgrind."""

import tally
import torch


def f0(x):
    return x + 1


def f1(x):
    return f0(x)


def f2(x):
    return f1(x)


def chain(x, n):
    for _ in range(n):
        x = f2(x)
    return x


@tally.benchmark(name="small_dynamo", backends=("eager", "aot_eager"),
                 dynamic=(False, True), regions=("compile_time",),
                 params={"n": tally.Param(5, "loop count", min=1)})
class SmallDynamo:
    def prepare_once(self, cell):
        self.cell = cell
        self.x = torch.ones(4)

    def prepare(self):
        torch._dynamo.reset()

    def work(self, meter):
        with tally.compile_region():
            fn = torch.compile(chain, backend=self.cell.backend,
                               dynamic=self.cell.dynamic)
            fn(self.x, self.cell.params["n"])
