"""tally's port of PyTorch's pr_time_benchmarks diffusion_dit: Inductor's
compile of a small diffusion transformer (DiT-like) of repeated blocks,
three ways. The model: a timestep MLP (Linear, SiLU, Linear) makes a
condition vector; `blocks` blocks follow, each with adaLN modulation
(SiLU, Linear to 6 * dim: shift, scale and gate for attention and MLP),
self-attention over the image tokens (fused qkv Linear, `heads` heads,
scaled_dot_product_attention), cross-attention from the image tokens to
the text tokens, and a GELU (tanh) MLP of `mlp_ratio` * dim; then a
LayerNorm and a Linear. Inputs: image randn(1, image_tokens, dim), text
randn(1, text_tokens, dim), timestep randn(1, dim); eval mode, no_grad.

- full: torch.compile of the whole model;
- regional: each block compiled on its own (the same code, compiled once
  per block instance), run through the model's loop;
- hierarchical: the whole model, with the block's forward marked as a
  nested compile region (torch.compiler.nested_compile_region), so Dynamo
  traces one block and reuses it;
- hierarchical, dynamic: the same with dynamic=True, called with
  image_tokens and then dynamic_image_tokens image tokens.

PyTorch's sizes: dim 64, 4 heads, MLP ratio 4, 4 blocks, 16 image and 8
text tokens, 24 image tokens for the second dynamic call. Rows:
diffusion_dit_full_inductor, diffusion_dit_regional_inductor,
diffusion_dit_hierarchical_inductor, diffusion_dit_hierarchical_dynamic
(metric compile_time_instruction_count).
"""

import sys

import tally
import torch
import torch.nn as nn
import torch.nn.functional as F
from benchmark_base import BenchmarkBase


class DiTBlock(nn.Module):
    def __init__(self, dim, heads, mlp_ratio):
        super().__init__()
        self.dim, self.heads = dim, heads
        self.modulation = nn.Sequential(nn.SiLU(), nn.Linear(dim, 6 * dim))
        self.qkv = nn.Linear(dim, 3 * dim)
        self.attn_out = nn.Linear(dim, dim)
        self.cross_q = nn.Linear(dim, dim)
        self.cross_kv = nn.Linear(dim, 2 * dim)
        self.cross_out = nn.Linear(dim, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_ratio * dim), nn.GELU(approximate="tanh"),
                                 nn.Linear(mlp_ratio * dim, dim))

    def _split_heads(self, x):  # (B, T, dim) -> (B, heads, T, dim / heads)
        return x.unflatten(-1, (self.heads, -1)).transpose(1, 2)

    def _attend(self, q, k, v):
        out = F.scaled_dot_product_attention(self._split_heads(q), self._split_heads(k),
                                             self._split_heads(v))
        return out.transpose(1, 2).flatten(-2)

    def _norm(self, x):
        # Functional, with the literal default eps: a module's float eps
        # would become a symbolic float input under dynamic=True, which the
        # nested region cannot share between block instances.
        return F.layer_norm(x, (self.dim,))

    def forward(self, image, text, condition):
        shift_a, scale_a, gate_a, shift_m, scale_m, gate_m = (
            self.modulation(condition).unsqueeze(1).chunk(6, dim=-1))
        hidden = self._norm(image) * (1 + scale_a) + shift_a
        q, k, v = self.qkv(hidden).chunk(3, dim=-1)
        image = image + gate_a * self.attn_out(self._attend(q, k, v))
        q = self.cross_q(self._norm(image))
        k, v = self.cross_kv(text).chunk(2, dim=-1)
        image = image + self.cross_out(self._attend(q, k, v))
        hidden = self._norm(image) * (1 + scale_m) + shift_m
        return image + gate_m * self.mlp(hidden)


_nested_compile_region = getattr(torch.compiler, "nested_compile_region", None)


class NestedRegionDiTBlock(DiTBlock):
    """One nested compile region for every instance: Dynamo traces the block
    once and stamps it out for the others."""

    if _nested_compile_region is not None:
        forward = _nested_compile_region(DiTBlock.forward)


class DiT(nn.Module):
    def __init__(self, block_class, blocks, dim, heads, mlp_ratio):
        super().__init__()
        self.timestep_mlp = nn.Sequential(nn.Linear(dim, dim), nn.SiLU(), nn.Linear(dim, dim))
        self.blocks = nn.ModuleList(block_class(dim, heads, mlp_ratio) for _ in range(blocks))
        self.norm_out = nn.LayerNorm(dim)
        self.proj_out = nn.Linear(dim, dim)

    def run_blocks(self, blocks, image, text, timestep):
        condition = self.timestep_mlp(timestep)
        for block in blocks:
            image = block(image, text, condition)
        return self.proj_out(self.norm_out(image))

    def forward(self, image, text, timestep):
        return self.run_blocks(self.blocks, image, text, timestep)


class DiffusionDiT(BenchmarkBase):
    tally_params = {
        "dim": tally.Param(64, "model width", min=1),
        "heads": tally.Param(4, "attention heads (must divide dim)", min=1),
        "mlp_ratio": tally.Param(4, "MLP hidden width / dim", min=1),
        "blocks": tally.Param(4, "DiT blocks", min=1),
        "image_tokens": tally.Param(16, "image tokens", min=1),
        "text_tokens": tally.Param(8, "text tokens", min=1),
        "dynamic_image_tokens": tally.Param(24, "image tokens of the second call when "
                                                "dynamic", min=1),
    }

    def __init__(self, strategy, dynamic=False):
        self._strategy = strategy
        super().__init__(category="diffusion_dit", device="cpu", backend="inductor",
                         mode="inference", dynamic=dynamic)

    def name(self):
        suffix = "dynamic" if self.is_dynamic() else self.backend()
        return f"{self.category()}_{self._strategy}_{suffix}"

    def description(self):
        return (f"compile of a DiT-like model of {self.params['blocks']} repeated blocks, "
                f"{self._strategy}" + (", dynamic shapes" if self.is_dynamic() else ""))

    def _prepare_once(self):
        if self._strategy == "hierarchical" and _nested_compile_region is None:
            raise tally.SkipCell(f"torch {torch.__version__} has no "
                                 "torch.compiler.nested_compile_region")
        p = self.params
        if p["dim"] % p["heads"]:
            raise ValueError(f"heads {p['heads']} does not divide dim {p['dim']}")
        torch.manual_seed(0)
        torch.set_float32_matmul_precision("high")
        block_class = NestedRegionDiTBlock if self._strategy == "hierarchical" else DiTBlock
        self._model = DiT(block_class, p["blocks"], p["dim"], p["heads"],
                          p["mlp_ratio"]).eval()
        tokens = [p["image_tokens"]]
        if self.is_dynamic():
            tokens.append(p["dynamic_image_tokens"])
        self._inputs = [(torch.randn(1, n, p["dim"]), torch.randn(1, p["text_tokens"], p["dim"]),
                         torch.randn(1, p["dim"])) for n in tokens]

    def _prepare(self):
        torch._dynamo.reset()

    def _compile(self, target):
        return torch.compile(target, backend=self.backend(), dynamic=self.is_dynamic(),
                             fullgraph=True)

    def _work(self):
        with torch.no_grad():
            if self._strategy == "regional":
                blocks = [self._compile(block) for block in self._model.blocks]
                for inputs in self._inputs:
                    self._model.run_blocks(blocks, *inputs)
            else:
                compiled = self._compile(self._model)
                for inputs in self._inputs:
                    compiled(*inputs)


def main():
    benchmarks = [DiffusionDiT("full"), DiffusionDiT("regional"),
                  DiffusionDiT("hierarchical"), DiffusionDiT("hierarchical", dynamic=True)]
    for benchmark in benchmarks:
        benchmark.enable_compile_time_instruction_count().collect_all().append_results(
            sys.argv[1])
