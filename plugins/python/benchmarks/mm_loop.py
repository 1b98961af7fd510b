"""tally's port of PyTorch's pr_time_benchmarks mm_loop: the compile of a
chain of matrix multiplications, z = mm(a, b) then n times z = mm(z, b),
on a = b = ones(size, size), with Inductor's max_autotune on (it then
benchmarks GEMM choices while compiling). PyTorch's size: n = 200,
size = 10; its rows are mm_loop_inductor_gpu and
mm_loop_inductor_dynamic_gpu (compile_time_instruction_count). This file
declares the whole matrix they come from (CPU points and the backends
without Inductor too; max_autotune only means something to Inductor).
"""

import tally
import torch


def _make_chain(n):
    def mm_chain(a, b):
        z = torch.mm(a, b)
        for _ in range(n):
            z = torch.mm(z, b)
        return z
    return mm_chain


@tally.benchmark(
    name="mm_loop",
    description=("torch.compile (fullgraph) of 1 + n chained mm of size x size "
                 "matrices, Inductor with max_autotune; compile_time is "
                 "Dynamo's whole compile, autotuning included"),
    backends=("eager", "aot_eager", "inductor"),
    devices=("cpu", "cuda"),
    dynamic=(False, True),
    regions=("compile_time",),
    params={
        "n": tally.Param(200, "mm calls after the first", min=0),
        "size": tally.Param(10, "rows and columns of a and b", min=1),
        "max_autotune": tally.Param(True, "Inductor's max_autotune while compiling"),
    },
)
class MmLoop:
    def prepare_once(self, cell):
        self.cell = cell
        size = cell.params["size"]
        self.a = torch.ones(size, size, device=cell.device)
        self.b = torch.ones(size, size, device=cell.device)
        self.fn = _make_chain(cell.params["n"])
        import torch._inductor.config as inductor_config

        self.inductor_config = inductor_config

    def prepare(self):
        torch._dynamo.reset()

    def work(self, meter):
        with self.inductor_config.patch(max_autotune=self.cell.params["max_autotune"]):
            with tally.compile_region():
                compiled = torch.compile(self.fn, backend=self.cell.backend,
                                         fullgraph=True, dynamic=self.cell.dynamic)
                compiled(self.a, self.b)
