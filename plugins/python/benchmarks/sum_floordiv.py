"""tally's port of PyTorch's pr_time_benchmarks sum_floordiv: symbolic
reasoning on a long sum of unbacked SymInts. A module's forward(x) sums
t.item() over a list of n scalar tensors tensor(i + 2) and returns
total // 2; it is exported with torch.export.export(strict=True), which
traces it with Dynamo (the counted compile). PyTorch's size: n = 100.

Dynamo's compile-time counter brackets Dynamo's frame compile
(convert_frame), which strict export reaches through torch._dynamo.export.
torch 2.13's strict export defaults to a new tracer
(torch._export.config.use_new_tracer_experimental) that does not pass
there: its compile_time is 0, which PyTorch's harness refuses. With the
param legacy_capture (default on) the export uses the capture that is
counted, torch._dynamo.export, as strict export did when PyTorch set this
row's expectations; off, it runs torch's default.

Row: sum_floordiv_regression (metric compile_time_instruction_count).
"""

import contextlib
import sys

import tally
import torch
from benchmark_base import BenchmarkBase


class SumFloorDiv(torch.nn.Module):
    def forward(self, x):
        total = sum(t.item() for t in x)
        return total // 2


class SumFloorDivBenchmark(BenchmarkBase):
    tally_params = {
        "n": tally.Param(100, "scalar tensors summed via .item()", min=1),
        "legacy_capture": tally.Param(True, "strict export through torch._dynamo.export "
                                            "(counted) rather than torch's new tracer"),
    }

    def __init__(self):
        super().__init__(category="sum_floordiv", device="cpu", backend="export")

    def name(self):
        return f"{self.category()}_regression"

    def description(self):
        return "strict torch.export of sum(t.item() for t in x) // 2 over n scalars"

    def _prepare_once(self):
        self._module = SumFloorDiv()
        self._input = [torch.tensor(i + 2) for i in range(self.params["n"])]
        self._capture = contextlib.nullcontext
        import torch._export.config as export_config

        if (self.params["legacy_capture"]
                and hasattr(export_config, "use_new_tracer_experimental")):
            def legacy():
                return export_config.patch(use_new_tracer_experimental=False)

            self._capture = legacy

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        with self._capture():
            torch.export.export(self._module, (self._input,), strict=True)


def main():
    SumFloorDivBenchmark().enable_compile_time_instruction_count().collect_all(
    ).append_results(sys.argv[1])
