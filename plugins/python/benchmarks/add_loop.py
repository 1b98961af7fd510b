"""tally's port of PyTorch's pr_time_benchmarks add_loop: Dynamo's compile
of a long unrolled loop of small elementwise ops. f(a, b) starts from
a.clone() and runs n steps; step i adds b (i % 3 == 0), adds 8 * b
(i % 3 == 1) or takes sin (i % 3 == 2), so the graph holds about 4n/3
nodes. Inputs a = b = ones(size). PyTorch's size: n = 1000, size = 1000.

PyTorch's rows: add_loop_eager, add_loop_eager_dynamic, add_loop_inductor,
add_loop_inductor_gpu, add_loop_inductor_dynamic_gpu (metric
compile_time_instruction_count); this file declares the whole matrix they
come from, so it lists those names and a few more points.
"""

import tally
import torch


def _make_loop(n):
    def add_loop(a, b):
        result = a.clone()
        for i in range(n):
            step = i % 3
            if step == 0:
                result = result + b
            elif step == 1:
                result = result + 8 * b
            else:
                result = result.sin()
        return result
    return add_loop


@tally.benchmark(
    name="add_loop",
    description=("torch.compile (fullgraph) of a loop of n steps cycling through "
                 "r + b, r + 8 * b and r.sin() on ones(size); compile_time is "
                 "Dynamo's whole compile of it, backend included"),
    backends=("eager", "aot_eager", "inductor"),
    devices=("cpu", "cuda"),
    dynamic=(False, True),
    regions=("compile_time",),
    params={
        "n": tally.Param(1000, "loop steps (one op each)", min=1),
        "size": tally.Param(1000, "elements of the inputs a and b", min=1),
    },
)
class AddLoop:
    def prepare_once(self, cell):
        self.cell = cell
        size = cell.params["size"]
        self.a = torch.ones(size, device=cell.device)
        self.b = torch.ones(size, device=cell.device)
        self.fn = _make_loop(cell.params["n"])

    def prepare(self):
        torch._dynamo.reset()  # every iteration compiles cold

    def work(self, meter):
        with tally.compile_region():
            compiled = torch.compile(self.fn, backend=self.cell.backend, fullgraph=True,
                                     dynamic=self.cell.dynamic)
            compiled(self.a, self.b)
