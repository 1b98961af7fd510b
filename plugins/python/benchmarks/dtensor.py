"""tally's port of PyTorch's pr_time_benchmarks dtensor: the eager dispatch
cost of DTensor operations, on a fake process group (FakeStore and the
"fake" backend from torch.testing._internal.distributed.fake_pg: a single
process plays rank 0 of `world_size` ranks, collectives do no
communication). The mesh is 1-D ("dp"). a and b are ones(10, 10)
replicated; each counted iteration runs one operation:

  detach          a.detach()
  to_from_local   DTensor.from_local(a.to_local(), mesh, [Replicate()])
  collectives     a to Shard(0), to Shard(1), to Replicate(); a Partial c
                  to Replicate() and to Shard(0)
  add_backward    (a + b).sum().backward() on a local ones(2, 2 * world_size)
                  Shard(0) and a local ones(2 * world_size, 2) Shard(1), both
                  requiring grad (PyTorch's 2 x 512 and 512 x 2)
  inplace         a.add_(b)
  view            a.view(100)
  random          a.uniform_()
  custom_handler  aten.is_same_size(a, b)

Rows: dtensor_dispatch_<operation> (8 rows, metric instruction_count;
backend "eager": eager dispatch, nothing compiles).
PyTorch's world size: 256. PyTorch builds the mesh on CUDA; this port
builds it on the CPU (the row names carry no device), so that it runs in a
CPU-only environment. The process group is started in prepare_once, not
in main(), so that listing the file starts none; the cell is skipped
where torch has no torch.distributed.
"""

import sys

import tally
import torch
from benchmark_base import BenchmarkBase


def _start_fake_group(world_size):
    import torch.distributed as dist

    if not dist.is_available():
        raise tally.SkipCell("torch.distributed is not available in this torch build")
    try:
        from torch.testing._internal.distributed.fake_pg import FakeStore
    except ImportError as exc:
        raise tally.SkipCell(f"no fake process group in this torch ({exc})") from None
    if dist.is_initialized():
        if dist.get_world_size() != world_size:
            raise RuntimeError(f"a process group of {dist.get_world_size()} ranks "
                               f"is running, not of {world_size}")
        return
    dist.init_process_group("fake", store=FakeStore(), rank=0, world_size=world_size)


class DTensorDispatch(BenchmarkBase):
    tally_params = {"world_size": tally.Param(256, "ranks of the fake process group",
                                              min=1)}
    operation = None

    def __init__(self):
        super().__init__(category=f"dtensor_dispatch_{self.operation}", device="cpu",
                         backend="eager")

    def name(self):
        return self.category()

    def description(self):
        return f"DTensor eager dispatch of {self.operation} on a fake process group"

    def _prepare_once(self):
        _start_fake_group(self.params["world_size"])
        from torch.distributed.device_mesh import init_device_mesh
        from torch.distributed.tensor import DTensor, Partial, Replicate, Shard

        self.DTensor, self.Partial, self.Replicate, self.Shard = (
            DTensor, Partial, Replicate, Shard)
        self.mesh = init_device_mesh(self.device(), (self.params["world_size"],),
                                     mesh_dim_names=("dp",))
        self.a = self._replicated(torch.ones(10, 10, device=self.device()))
        self.b = self._replicated(torch.ones(10, 10, device=self.device()))

    def _replicated(self, tensor):
        return self.DTensor.from_local(tensor, self.mesh, [self.Replicate()])


class Detach(DTensorDispatch):
    operation = "detach"

    def _work(self):
        self.a.detach()


class ToFromLocal(DTensorDispatch):
    operation = "to_from_local"

    def _work(self):
        self.DTensor.from_local(self.a.to_local(), self.mesh, [self.Replicate()])


class Collectives(DTensorDispatch):
    operation = "collectives"

    def _prepare_once(self):
        super()._prepare_once()
        self.c = self.DTensor.from_local(torch.ones(10, 10, device=self.device()),
                                         self.mesh, [self.Partial()])

    def _work(self):
        a = self.a.redistribute(placements=[self.Shard(0)])  # shard
        a = a.redistribute(placements=[self.Shard(1)])  # all-to-all
        a.redistribute(placements=[self.Replicate()])  # all-gather
        self.c.redistribute(placements=[self.Replicate()])  # all-reduce
        self.c.redistribute(placements=[self.Shard(0)])  # reduce-scatter


class AddBackward(DTensorDispatch):
    operation = "add_backward"

    def _prepare_once(self):
        super()._prepare_once()
        # Local ones(2, 2 * world_size) sharded on rows and ones(2 * world_size, 2)
        # on columns: both global 2w x 2w (PyTorch's 2 x 512 and 512 x 2 at w = 256).
        side = 2 * self.params["world_size"]
        self.a = self.DTensor.from_local(
            torch.ones(2, side, device=self.device(), requires_grad=True),
            self.mesh, [self.Shard(0)])
        self.b = self.DTensor.from_local(
            torch.ones(side, 2, device=self.device(), requires_grad=True),
            self.mesh, [self.Shard(1)])

    def _work(self):
        (self.a + self.b).sum().backward()


class Inplace(DTensorDispatch):
    operation = "inplace"

    def _work(self):
        self.a.add_(self.b)


class View(DTensorDispatch):
    operation = "view"

    def _work(self):
        self.a.view(100)


class Random(DTensorDispatch):
    operation = "random"

    def _work(self):
        self.a.uniform_()


class CustomHandler(DTensorDispatch):
    operation = "custom_handler"

    def _work(self):
        torch.ops.aten.is_same_size(self.a, self.b)


def main():
    for cls in (Detach, ToFromLocal, Collectives, AddBackward, Inplace, View, Random,
                CustomHandler):
        cls().enable_instruction_count().collect_all().append_results(sys.argv[1])
