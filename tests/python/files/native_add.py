"""A benchmark written against tally's native API."""

import tally

import torch


def add_loop(x, n):
    for _ in range(n):
        x = x + 1
    return x


@tally.benchmark(
    name="native_add",
    description="compiles a loop of adds, twice",
    backends=("eager", "aot_eager"),
    devices=("cpu",),
    dynamic=(False, True),
    regions=("compile_time", "total"),
    params={
        "n": tally.Param(3, "adds per loop", min=1, max=100),
        "scale": tally.Param(1.5, "input scale"),
        "label": tally.Param("x", "free text"),
        "check": tally.Param(True, "check the output"),
    },
)
class NativeAdd:
    def prepare_once(self, cell):
        self.cell = cell
        self.x = torch.ones(4) * cell.params["scale"]
        self.prepared = 0

    def prepare(self):
        torch._dynamo.reset()
        self.prepared += 1

    def work(self, meter):
        n = self.cell.params["n"]
        with meter.region("total"):
            with tally.compile_region():
                f = torch.compile(add_loop, backend=self.cell.backend,
                                  dynamic=self.cell.dynamic, fullgraph=True)
                out = f(self.x, n)
                g = torch.compile(lambda x: x * 2, backend=self.cell.backend,
                                  fullgraph=True)
                out = g(out)
            if self.cell.params["check"]:
                assert float(out[0]) == (self.x[0].item() + n) * 2


@tally.benchmark(name="native.minimal-1", backends=("eager",))
class Minimal:
    def work(self, meter):
        sum(range(100))
