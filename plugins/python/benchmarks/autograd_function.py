"""tally's port of PyTorch's pr_time_benchmarks autograd_function: the
dispatch cost of torch.autograd.Function.apply. A Function with 13
inputs and 2 outputs that saves nothing (its forward returns two fixed
empty(0) tensors; it has no usable backward) is applied to 13 empty(0)
tensors requiring grad; prepare_once applies it `warmup` times, each
counted iteration applies it once. PyTorch's size: 10,000 warm-up
applies.

Row: autograd_function_apply_13_in_2_out_no_save (metric
instruction_count; backend "eager": nothing compiles). PyTorch runs it on
the GPU; this port runs it on the CPU (the tensors are empty: what is
measured is autograd's bookkeeping, the same code on either device bar the
device guard), so that it runs in a CPU-only environment.
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase

_OUTPUTS = None


class NoSave(torch.autograd.Function):
    @staticmethod
    def forward(ctx, *inputs):
        return _OUTPUTS

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("this benchmark runs forward only")


class AutogradFunction(BenchmarkBase):
    tally_params = {"warmup": tally.Param(10000, "applies before counting", min=0)}

    def __init__(self):
        super().__init__(category="autograd_function_apply", device="cpu", backend="eager")

    def name(self):
        return f"{self.category()}_13_in_2_out_no_save"

    def description(self):
        return "autograd.Function.apply: 13 inputs, 2 outputs, nothing saved"

    def _prepare_once(self):
        global _OUTPUTS
        _OUTPUTS = (torch.empty(0, device=self.device()),
                    torch.empty(0, device=self.device()))
        self._args = tuple(torch.empty(0, device=self.device(), requires_grad=True)
                           for _ in range(13))
        for _ in range(self.params["warmup"]):
            NoSave.apply(*self._args)

    def _work(self):
        NoSave.apply(*self._args)


def main():
    AutogradFunction().enable_instruction_count().collect_all().append_results(sys.argv[1])
