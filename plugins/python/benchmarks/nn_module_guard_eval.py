"""tally's port of PyTorch's pr_time_benchmarks nn_module_guard_eval: the
cost of evaluating the guards of a compiled nn.Module, alone. A ModuleList
of `layers` layers, each with a float eps, a float scale of its own, a
buffer randn(hidden) and a reference to one object shared by all layers;
forward checks the shared object's flag (which makes Dynamo guard that
every layer holds the same object), adds eps, scales and adds the buffer.
prepare_once compiles it (eager backend, fullgraph; C++ symbolic-shape
guards off, as PyTorch pins them) on a view x of randn(2 * hidden,
hidden) (a view, so relational shape guards on its base exist too) and
fetches the guard manager of the cache entry; each counted iteration
runs one check of those guards. PyTorch's size: 20 layers, hidden 64.

Rows: nn_module_guard_eval, nn_module_guard_eval_dynamic (metric
instruction_count).
"""

import sys

import tally
import torch
import torch.nn as nn
from benchmark_base import BenchmarkBase


class Shared:
    def __init__(self):
        self.flag = True


class GuardedLayer(nn.Module):
    def __init__(self, index, hidden, shared):
        super().__init__()
        self.eps = 1e-6
        self.scale = 0.5 + index * 1e-3
        self.register_buffer("bias", torch.randn(hidden))
        self.shared = shared

    def forward(self, x):
        if self.shared.flag:  # keep: reading it makes the aliasing guards
            x = x + self.eps
        return x * self.scale + self.bias


class RepeatedLayers(nn.Module):
    def __init__(self, layers, hidden):
        super().__init__()
        shared = Shared()
        self.layers = nn.ModuleList(GuardedLayer(i, hidden, shared) for i in range(layers))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class GuardEval(BenchmarkBase):
    tally_params = {
        "layers": tally.Param(20, "repeated layers", min=1),
        "hidden": tally.Param(64, "features of each layer", min=1),
    }

    def __init__(self, dynamic):
        super().__init__(category="nn_module_guard_eval", device="cpu", backend="eager",
                         dynamic=dynamic)

    def name(self):
        return self.category() + ("_dynamic" if self.is_dynamic() else "")

    def description(self):
        return "one evaluation of the guards of a compiled stack of repeated modules"

    def _prepare_once(self):
        from torch._dynamo.eval_frame import _debug_get_cache_entry_list

        torch._dynamo.reset()
        torch.manual_seed(0)
        hidden = self.params["hidden"]
        self._model = RepeatedLayers(self.params["layers"], hidden)
        self._x = torch.randn(2 * hidden, hidden)[:hidden]
        with torch._dynamo.config.patch(enable_cpp_symbolic_shape_guards=False):
            compiled = torch.compile(self._model, backend=self.backend(), fullgraph=True,
                                     dynamic=self.is_dynamic())
            compiled(self._x)
        entries = _debug_get_cache_entry_list(type(self._model).forward.__code__)
        if not entries:
            raise RuntimeError("no cache entry for the compiled forward()")
        self._guards = entries[0].guard_manager
        self._frame_locals = {"self": self._model, "x": self._x}
        if not self._guards.check(self._frame_locals):
            raise RuntimeError("the guards fail on their own inputs: nothing to measure")

    def _work(self):
        self._guards.check(self._frame_locals)


def main():
    for dynamic in (False, True):
        GuardEval(dynamic).enable_instruction_count().collect_all().append_results(
            sys.argv[1])
