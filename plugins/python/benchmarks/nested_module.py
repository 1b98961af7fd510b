"""tally's port of PyTorch's pr_time_benchmarks nested_module: the compile
of a tree of modules. A NestedModule of depth d holds relu_a, relu_b, a
plain attribute a = 2 and a Sequential of `width` children: NestedModules
of depth d - 1, or ReLUs at depth 0. forward(x) is
x = relu_a(x); x = x + children(x); return x + relu_b(x) + a, so Dynamo
inlines every module of the tree. Input ones(10). Sizes as documented for
PyTorch's suite: depth 3, width 4 (a version of PyTorch's file builds
depth 5, width 3: set the params). Rows: basic_NestedModule_<backend>
[_dynamic][_gpu] (PyTorch's is basic_NestedModule_eager), metric
compile_time_instruction_count.
"""

import tally
import torch
import torch.nn as nn


class NestedModule(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.relu_a = nn.ReLU()
        self.relu_b = nn.ReLU()
        if depth > 0:
            children = [NestedModule(depth - 1, width) for _ in range(width)]
        else:
            children = [nn.ReLU() for _ in range(width)]
        self.sub_mods = nn.Sequential(*children)
        self.a = 2

    def forward(self, x):
        x = self.relu_a(x)
        x = x + self.sub_mods(x)
        return x + self.relu_b(x) + self.a


@tally.benchmark(
    name="basic_NestedModule",
    description=("torch.compile of a depth x width tree of modules (ReLUs, "
                 "Sequentials, a constant attribute); compile_time is Dynamo's "
                 "whole compile"),
    backends=("eager", "aot_eager", "inductor"),
    devices=("cpu", "cuda"),
    dynamic=(False, True),
    regions=("compile_time",),
    params={
        "depth": tally.Param(3, "levels of NestedModule below the root", min=0),
        "width": tally.Param(4, "children of every level", min=1),
    },
)
class NestedModuleBenchmark:
    def prepare_once(self, cell):
        self.cell = cell
        torch.set_float32_matmul_precision("high")
        self.module = NestedModule(cell.params["depth"], cell.params["width"]).to(cell.device)
        self.input = torch.ones(10, device=cell.device)

    def prepare(self):
        torch._dynamo.reset()

    def work(self, meter):
        with tally.compile_region():
            compiled = torch.compile(self.module, backend=self.cell.backend,
                                     dynamic=self.cell.dynamic)
            compiled(self.input)
