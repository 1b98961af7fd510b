"""tally's port of PyTorch's pr_time_benchmarks runtime_overhead: what one
call of an already compiled function costs. f(a) = a + 1 on a = ones(2)
is compiled once (fullgraph) in prepare_once and called `warmup` times
there; each counted iteration is one call (of f, of f under
inference_mode, or the backward of f(a).sum(), whose forward runs in
prepare). Nothing compiles in the counted part.

Rows, as PyTorch names them (metric instruction_count):
runtime_overhead_inductor[_requires_grad][_inference_mode][_backward]
[_dynamic] on the GPU (8 rows: plain, inference_mode, requires_grad,
requires_grad_backward, each static and dynamic; skipped without CUDA).
tally adds the same 8 on the CPU, named with the device after the backend
(runtime_overhead_inductor_cpu[_requires_grad]...[_dynamic]: what a CPU
user pays per call of an Inductor-compiled function), and
runtime_overhead_eager_cpu (eager backend on the CPU: the per-call
prologue of the compiled wrapper alone).
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase


class RuntimeOverhead(BenchmarkBase):
    tally_params = {"warmup": tally.Param(10, "calls before counting", min=0)}

    def __init__(self, requires_grad=False, inference_mode=False, backward=False,
                 dynamic=False, backend="inductor", device="cuda"):
        if inference_mode and backward:
            raise ValueError("inference_mode and backward exclude each other")
        self._requires_grad = requires_grad
        self._inference_mode = inference_mode
        self._backward = backward
        super().__init__(category="runtime_overhead", device=device, backend=backend,
                         dynamic=dynamic)

    def name(self):
        parts = [self.category(), self.backend()]
        if self.device() != "cuda":  # PyTorch's CUDA rows carry no device
            parts.append(self.device())
        for flag, label in ((self._requires_grad, "requires_grad"),
                            (self._inference_mode, "inference_mode"),
                            (self._backward, "backward"),
                            (self.is_dynamic(), "dynamic")):
            if flag:
                parts.append(label)
        return "_".join(parts)

    def description(self):
        return "runtime of one call of a compiled a + 1 on a small input"

    def _prepare_once(self):
        torch._dynamo.reset()
        self._a = torch.ones(2, device=self.device(), requires_grad=self._requires_grad)

        def add1(a):
            return a + 1

        self._add1 = torch.compile(add1, backend=self.backend(), fullgraph=True,
                                   dynamic=self.is_dynamic())
        for _ in range(self.params["warmup"]):
            if self._backward:
                self._add1(self._a).sum().backward()
            else:
                self._work()

    def _prepare(self):
        if self._backward:
            self._loss = self._add1(self._a).sum()

    def _work(self):
        if self._inference_mode:
            with torch.inference_mode():
                self._add1(self._a)
        elif self._backward:
            self._loss.backward()
        else:
            self._add1(self._a)


def main():
    variants = [dict(), dict(inference_mode=True), dict(requires_grad=True),
                dict(requires_grad=True, backward=True)]
    benchmarks = [RuntimeOverhead(device=device, dynamic=dynamic, **variant)
                  for device in ("cuda", "cpu")
                  for dynamic in (False, True) for variant in variants]
    benchmarks.append(RuntimeOverhead(backend="eager", device="cpu"))
    for benchmark in benchmarks:
        benchmark.enable_instruction_count().collect_all().append_results(sys.argv[1])
