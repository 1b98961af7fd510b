"""tally's port of PyTorch's pr_time_benchmarks unbind_split_flip_cat: a
whole torch.export (non-strict) of a module with many data-dependent
sizes. For each of `iterations` pairs (sizes, data), sizes =
randint(1, 10, (batch,)) (seed 0) and data = arange(sizes.sum()):
forward unbinds sizes, takes .item() of each element (checked >= 0, and
summed), splits data by those sizes, flips each piece and concatenates
them. capture_scalar_outputs is on; range analysis of the guard-free
symbols is skipped and FX stack traces are off where this torch has
those settings. PyTorch's size: 40 iterations of batch 128.

Row: unbind_split_flip_cat_iter40_batch128 (its sizes in its name, as
PyTorch names it; the name keeps the default sizes whatever the params),
metric instruction_count: the whole export is counted.
"""

import sys

import tally
import torch
import torch.export
from benchmark_base import BenchmarkBase


class UnbindSplitFlipCat(torch.nn.Module):
    def __init__(self, iterations, batch):
        super().__init__()
        self.iterations = iterations
        self.batch = batch

    def forward(self, sizes_list, data_list):
        results = []
        for i in range(self.iterations):
            pieces = torch.unbind(sizes_list[i].to(torch.int64))
            items = []
            for j in range(self.batch):
                item = pieces[j].item()
                torch._check(item >= 0)
                items.append(item)
            total = items[0]
            for j in range(1, self.batch):
                total = total + items[j]
            split = torch.split(data_list[i], items)
            results.append(torch.cat([torch.flip(split[j], [0]) for j in range(self.batch)]))
        return results


class UnbindSplitFlipCatBenchmark(BenchmarkBase):
    tally_params = {
        "iterations": tally.Param(40, "(sizes, data) pairs, one unbind-split-flip-cat "
                                      "each", min=1),
        "batch": tally.Param(128, "elements of each sizes tensor (pieces split)", min=1),
    }

    def __init__(self):
        super().__init__(category="unbind_split_flip_cat", device="cpu", backend="export")
        self._name = (f"{self.category()}_iter{self.params['iterations']}"
                      f"_batch{self.params['batch']}")

    def name(self):
        return self._name

    def description(self):
        return "torch.export of unbind / item / split / flip / cat on data-dependent sizes"

    def _prepare_once(self):
        torch._dynamo.config.capture_scalar_outputs = True
        try:
            from torch.fx.experimental import _config as fx_experimental_config

            fx_experimental_config.aggressive_guard_free_semantics = (
                fx_experimental_config.AggressiveGuardFreeMode.SKIP_RANGE_ANALYSIS)
        except (ImportError, AttributeError):
            pass  # an older torch: its default
        try:
            import torch.fx.config as fx_config

            if hasattr(fx_config, "do_not_emit_stack_traces"):
                fx_config.do_not_emit_stack_traces = True
        except ImportError:
            pass
        torch.manual_seed(0)
        iterations, batch = self.params["iterations"], self.params["batch"]
        self._model = UnbindSplitFlipCat(iterations, batch)
        self._sizes, self._data = [], []
        for _ in range(iterations):
            sizes = torch.randint(1, 10, (batch,), dtype=torch.int64)
            self._sizes.append(sizes)
            self._data.append(torch.arange(int(sizes.sum().item()), dtype=torch.int64))

    def _prepare(self):
        torch._dynamo.reset()

    def _work(self):
        torch.export.export(self._model, (self._sizes, self._data))


def main():
    UnbindSplitFlipCatBenchmark().enable_instruction_count().collect_all().append_results(
        sys.argv[1])
