"""tally's port of PyTorch's pr_time_benchmarks basic_modules_benchmarks:
the compile of a module holding a ModuleList of `linears` Linear(features,
features); forward() walks the list and, at step i, computes
x = linears[i // 2](x) + linears[i](x), so Dynamo inlines every Linear
twice over. Input ones(features). PyTorch's size: 20 Linear(10, 10).

Rows: basic_modules_ListOfLinears_<backend>[_dynamic][_gpu] (PyTorch's
are _eager, _inductor and _inductor_gpu), and PyTorch's
basic_modules_ListOfLinears_inductor_gpu_force_shape_pad, the GPU compile
with Inductor's force_shape_pad on (a fixed name, hence a PyTorch-style
instance). Metric: compile_time_instruction_count.
"""

import sys

import tally
import torch
import torch.nn as nn
from benchmark_base import BenchmarkBase


class ListOfLinears(nn.Module):
    def __init__(self, linears, features):
        super().__init__()
        self.linears = nn.ModuleList(nn.Linear(features, features) for _ in range(linears))

    def forward(self, x):
        for i, linear in enumerate(self.linears):
            x = self.linears[i // 2](x) + linear(x)
        return x


_PARAMS = {
    "linears": tally.Param(20, "Linear modules in the list", min=1),
    "features": tally.Param(10, "in and out features of each Linear", min=1),
}


@tally.benchmark(
    name="basic_modules_ListOfLinears",
    description=("torch.compile of a ModuleList of Linear layers, each step "
                 "x = linears[i // 2](x) + linears[i](x); compile_time is "
                 "Dynamo's whole compile"),
    backends=("eager", "aot_eager", "inductor"),
    devices=("cpu", "cuda"),
    dynamic=(False, True),
    regions=("compile_time",),
    params=_PARAMS,
)
class ListOfLinearsBenchmark:
    def prepare_once(self, cell):
        self.cell = cell
        torch.set_float32_matmul_precision("high")
        self.module = ListOfLinears(cell.params["linears"],
                                    cell.params["features"]).to(cell.device)
        self.input = torch.ones(cell.params["features"], device=cell.device)

    def prepare(self):
        torch._dynamo.reset()

    def work(self, meter):
        with tally.compile_region():
            compiled = torch.compile(self.module, backend=self.cell.backend,
                                     dynamic=self.cell.dynamic)
            compiled(self.input)


class ForceShapePad(BenchmarkBase):
    """PyTorch's GPU row with Inductor's force_shape_pad (pads GEMM shapes)."""

    tally_params = _PARAMS

    def __init__(self):
        super().__init__(category="basic_modules_ListOfLinears", device="cuda",
                         backend="inductor")

    def name(self):
        return "basic_modules_ListOfLinears_inductor_gpu_force_shape_pad"

    def description(self):
        return ("torch.compile of the ListOfLinears module by Inductor on the "
                "GPU with force_shape_pad on")

    def _prepare_once(self):
        import torch._inductor.config as inductor_config

        self._inductor_config = inductor_config
        torch.set_float32_matmul_precision("high")
        self.module = ListOfLinears(self.params["linears"],
                                   self.params["features"]).to(self.device())
        self.input = torch.ones(self.params["features"], device=self.device())

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        with self._inductor_config.patch(force_shape_pad=True):
            compiled = torch.compile(self.module, backend=self.backend(),
                                     dynamic=self.is_dynamic())
            compiled(self.input)


def main():
    ForceShapePad().enable_compile_time_instruction_count().collect_all().append_results(
        sys.argv[1])
