"""tally's port of PyTorch's pr_time_benchmarks aotdispatcher: AOTAutograd's
share of a compile with many inputs and outputs. The compiled function
takes `inputs` tensors ones(size) and returns [x + x for each]; the
backend is aot_eager_decomp_partition (AOTAutograd with decompositions and
the partitioner, no code generation). Four rows: inference (inputs without
grad) or training (inputs requiring grad, so a joint graph is traced and
partitioned), each on plain tensors or on a tensor subclass, TwoTensor
(a wrapper subclass holding two tensors, from
torch.testing._internal.two_tensor), which AOTAutograd has to desugar.
PyTorch's size: 100 inputs of ones(100).

Rows: aotdispatcher_inference_nosubclass_cpu,
aotdispatcher_training_nosubclass_cpu, aotdispatcher_inference_subclass_cpu,
aotdispatcher_training_subclass_cpu; metric compile_time_instruction_count.
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase


def add_each(*args):
    return [torch.add(x, x) for x in args]


class AotDispatcher(BenchmarkBase):
    tally_params = {
        "inputs": tally.Param(100, "input tensors (and outputs)", min=1),
        "size": tally.Param(100, "elements of each input", min=1),
    }

    def __init__(self, training, subclass):
        self._training = training
        self._subclass = subclass
        super().__init__(category="aotdispatcher", device="cpu",
                         backend="aot_eager_decomp_partition",
                         mode="training" if training else "inference")

    def name(self):
        kind = "subclass" if self._subclass else "nosubclass"
        return f"aotdispatcher_{self.mode()}_{kind}_{self.device()}"

    def description(self):
        return (f"{self.params['inputs']} inputs, as many outputs, each input "
                f"added to itself once; {self.mode()}, "
                f"{'TwoTensor subclass' if self._subclass else 'plain tensors'}")

    def _prepare_once(self):
        args = [torch.ones(self.params["size"], device=self.device(),
                           requires_grad=self._training)
                for _ in range(self.params["inputs"])]
        if self._subclass:
            try:
                from torch.testing._internal.two_tensor import TwoTensor
            except ImportError as exc:
                raise tally.SkipCell(f"no TwoTensor in this torch ({exc})") from None
            args = [TwoTensor(x, x.detach().clone().requires_grad_(self._training))
                    for x in args]
        self._args = args

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        compiled = torch.compile(add_each, backend=self.backend(), fullgraph=True)
        compiled(*self._args)


def main():
    for training in (False, True):
        for subclass in (False, True):
            AotDispatcher(training, subclass).enable_compile_time_instruction_count(
            ).collect_all().append_results(sys.argv[1])
