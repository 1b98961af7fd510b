#include "diffusion_dit/model.hpp"

#include <cmath>
#include <iomanip>
#include <optional>
#include <sstream>
#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::diffusion_dit {
namespace {

using libtorch::Stack;

struct Linear {
  at::Tensor weight, bias;
  at::Tensor operator()(const at::Tensor& x) const {
    return at::linear(x, weight, bias);
  }
};

struct Block {
  Linear qkv, self_out, cross_q, cross_kv, cross_out, mlp_in, mlp_out, ada;
};

constexpr Linear Block::*kBlockLinears[] = {
    &Block::qkv,       &Block::self_out, &Block::cross_q, &Block::cross_kv,
    &Block::cross_out, &Block::mlp_in,   &Block::mlp_out, &Block::ada};

// TorchScript of one Linear and one DiT block; DIM, HEADS and SCALE are
// substituted (literal sizes, as PyTorch's functional layer_norm uses).
constexpr const char* kLinearSource =
    "def forward(self, x):\n"
    "    return torch.linear(x, self.weight, self.bias)\n";

constexpr const char* kBlockSource = R"JIT(
def heads(self, x):
    return x.unflatten(-1, [HEADS, -1]).transpose(1, 2)

def merge(self, x):
    return x.transpose(1, 2).flatten(-2)

def attend(self, q, k, v):
    scores = torch.matmul(self.heads(q), self.heads(k).transpose(-2, -1)) * SCALE
    return self.merge(torch.matmul(torch.softmax(scores, -1), self.heads(v)))

def forward(self, image, text, condition):
    mod = self.ada.forward(torch.silu(condition)).unsqueeze(1).chunk(6, -1)
    hidden = torch.layer_norm(image, [DIM]) * (1 + mod[1]) + mod[0]
    qkv = self.qkv.forward(hidden).chunk(3, -1)
    image = image + mod[2] * self.self_out.forward(self.attend(qkv[0], qkv[1], qkv[2]))
    query = self.cross_q.forward(torch.layer_norm(image, [DIM]))
    kv = self.cross_kv.forward(text).chunk(2, -1)
    image = image + self.cross_out.forward(self.attend(query, kv[0], kv[1]))
    hidden = torch.layer_norm(image, [DIM]) * (1 + mod[4]) + mod[3]
    mlp = self.mlp_out.forward(torch.gelu(self.mlp_in.forward(hidden), approximate='tanh'))
    return image + mod[5] * mlp
)JIT";

std::string substitute(std::string text, const std::string& key,
                       const std::string& value) {
  for (auto at = text.find(key); at != std::string::npos;
       at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
  return text;
}

// A DiT-like model: timestep MLP, `blocks` blocks of adaLN-modulated self-
// and cross-attention plus an MLP, LayerNorm and an output projection.
class DiT : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    const auto& p = setup.cell.params;
    dim_ = p.get<std::int64_t>("dim");
    heads_ = p.get<std::int64_t>("heads");
    const auto ratio = p.get<std::int64_t>("mlp_ratio");
    options_ = at::TensorOptions().device(setup.device);
    t_in_ = linear(dim_, dim_);
    t_out_ = linear(dim_, dim_);
    blocks_.clear();
    for (std::int64_t i = 0; i < p.get<std::int64_t>("blocks"); ++i)
      blocks_.push_back({linear(dim_, 3 * dim_), linear(dim_, dim_),
                         linear(dim_, dim_), linear(dim_, 2 * dim_),
                         linear(dim_, dim_), linear(dim_, ratio * dim_),
                         linear(ratio * dim_, dim_), linear(dim_, 6 * dim_)});
    norm_weight_ = at::ones({dim_}, options_);
    norm_bias_ = at::zeros({dim_}, options_);
    proj_ = linear(dim_, dim_);
    std::ostringstream scale;
    scale << std::setprecision(17)
          << 1.0 / std::sqrt(static_cast<double>(dim_ / heads_));
    scale_ = std::stod(scale.str());
    block_source_ = substitute(
        substitute(substitute(kBlockSource, "HEADS", std::to_string(heads_)),
                   "DIM", std::to_string(dim_)),
        "SCALE", scale.str());
    std::vector<Stack> calls = {inputs(p.get<std::int64_t>("image_tokens"), p)};
    if (setup.cell.dynamic)
      calls.push_back(inputs(p.get<std::int64_t>("dynamic_image_tokens"), p));
    return calls;
  }

  Stack forward(const Stack& in) override {
    at::Tensor image = in[0].toTensor();
    const at::Tensor& text = in[1].toTensor();
    const at::Tensor cond = condition(in[2].toTensor());
    for (const Block& b : blocks_) image = block(b, image, text, cond);
    return {head(image)};
  }

  // The pieces a regional compile runs eagerly around the blocks.
  at::Tensor condition(const at::Tensor& timestep) const {
    return t_out_(at::silu(t_in_(timestep)));
  }
  at::Tensor head(const at::Tensor& image) const {
    return proj_(at::layer_norm(image, {dim_}, norm_weight_, norm_bias_));
  }
  const std::vector<Block>& blocks() const { return blocks_; }

  // One block, as the full model runs it and as the regional compile
  // captures it.
  at::Tensor block(const Block& b, at::Tensor image, const at::Tensor& text,
                   const at::Tensor& condition) const {
    const auto mod = b.ada(at::silu(condition)).unsqueeze(1).chunk(6, -1);
    at::Tensor hidden = at::layer_norm(image, {dim_}) * (1 + mod[1]) + mod[0];
    const auto qkv = b.qkv(hidden).chunk(3, -1);
    image = image + mod[2] * b.self_out(attend(qkv[0], qkv[1], qkv[2]));
    const at::Tensor query = b.cross_q(at::layer_norm(image, {dim_}));
    const auto kv = b.cross_kv(text).chunk(2, -1);
    image = image + b.cross_out(attend(query, kv[0], kv[1]));
    hidden = at::layer_norm(image, {dim_}) * (1 + mod[4]) + mod[3];
    return image + mod[5] * b.mlp_out(at::gelu(b.mlp_in(hidden), "tanh"));
  }

  // The module tree compiled as torch.jit.script would: one Linear and one
  // block type shared by every instance.
  libtorch::Scripted script() override {
    libtorch::ModuleFactory factory;
    auto lin = [&](const Linear& l) {
      return factory.make(
          "Linear",
          [&](torch::jit::Module& m) {
            m.register_parameter("weight", l.weight, false);
            m.register_parameter("bias", l.bias, false);
          },
          kLinearSource);
    };
    std::vector<torch::jit::Module> blocks;
    for (const Block& b : blocks_) {
      blocks.push_back(factory.make(
          "DiTBlock",
          [&](torch::jit::Module& m) {
            m.register_module("qkv", lin(b.qkv));
            m.register_module("self_out", lin(b.self_out));
            m.register_module("cross_q", lin(b.cross_q));
            m.register_module("cross_kv", lin(b.cross_kv));
            m.register_module("cross_out", lin(b.cross_out));
            m.register_module("mlp_in", lin(b.mlp_in));
            m.register_module("mlp_out", lin(b.mlp_out));
            m.register_module("ada", lin(b.ada));
          },
          block_source_));
    }
    std::string source =
        "def forward(self, image, text, timestep):\n"
        "    condition = "
        "self.t_out.forward(torch.silu(self.t_in.forward(timestep)))\n";
    for (size_t i = 0; i < blocks.size(); ++i)
      source += "    image = self.b" + std::to_string(i) +
                ".forward(image, text, condition)\n";
    source += "    return self.proj.forward(torch.layer_norm(image, [" +
              std::to_string(dim_) + "], self.norm_weight, self.norm_bias))\n";
    auto top = factory.make(
        "DiT",
        [&](torch::jit::Module& m) {
          m.register_module("t_in", lin(t_in_));
          m.register_module("t_out", lin(t_out_));
          for (size_t i = 0; i < blocks.size(); ++i)
            m.register_module("b" + std::to_string(i), blocks[i]);
          m.register_parameter("norm_weight", norm_weight_, false);
          m.register_parameter("norm_bias", norm_bias_, false);
          m.register_module("proj", lin(proj_));
        },
        source);
    return libtorch::script_method(top);
  }

 private:
  Linear linear(std::int64_t in, std::int64_t out) const {
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    return {(at::rand({out, in}, options_) * 2 - 1) * bound,
            (at::rand({out}, options_) * 2 - 1) * bound};
  }

  Stack inputs(std::int64_t image_tokens, const tally::Params& p) const {
    return {at::randn({1, image_tokens, dim_}, options_),
            at::randn({1, p.get<std::int64_t>("text_tokens"), dim_}, options_),
            at::randn({1, dim_}, options_)};
  }

  at::Tensor heads(const at::Tensor& x) const {
    return x.unflatten(-1, {heads_, -1}).transpose(1, 2);
  }

  at::Tensor attend(const at::Tensor& q, const at::Tensor& k,
                    const at::Tensor& v) const {
    at::Tensor scores =
        at::matmul(heads(q), heads(k).transpose(-2, -1)) * scale_;
    return at::matmul(at::softmax(scores, -1), heads(v))
        .transpose(1, 2)
        .flatten(-2);
  }

  std::int64_t dim_ = 0, heads_ = 1;
  double scale_ = 1;
  at::TensorOptions options_;
  Linear t_in_, t_out_, proj_;
  std::vector<Block> blocks_;
  at::Tensor norm_weight_, norm_bias_;
  std::string block_source_;
};

// One DiT block as a model of its own, its weights among its inputs: one
// capture serves every block, as Dynamo's regional compile compiles the
// block's code once and reuses it for every instance.
class BlockModel : public libtorch::Model {
 public:
  explicit BlockModel(const DiT& dit) : dit_(dit) {}

  std::vector<Stack> build(const libtorch::Setup&) override { return {}; }

  Stack forward(const Stack& in) override {
    Block b;
    size_t i = 3;
    for (auto member : kBlockLinears) {
      (b.*member).weight = in[i++].toTensor();
      (b.*member).bias = in[i++].toTensor();
    }
    return {
        dit_.block(b, in[0].toTensor(), in[1].toTensor(), in[2].toTensor())};
  }

  static Stack inputs(const Block& b, const at::Tensor& image,
                      const at::Tensor& text, const at::Tensor& condition) {
    Stack in = {image, text, condition};
    for (auto member : kBlockLinears) {
      in.emplace_back((b.*member).weight);
      in.emplace_back((b.*member).bias);
    }
    return in;
  }

 private:
  const DiT& dit_;
};

// Regional compile: each block runs through the compiled block, the timestep
// MLP and the output head run eagerly around them.
class RegionalDiT : public tally::Benchmark, public libtorch::Inspectable {
 public:
  void prepare_once(const tally::Cell& cell) override {
    setup_.emplace(libtorch::setup_cell(cell));
    calls_ = dit_.build(*setup_);
    expected_.clear();
    for (const auto& c : calls_) expected_.push_back(dit_.forward(c));
  }

  void prepare() override {
    for (size_t i = 0; i < outputs_.size(); ++i)
      libtorch::expect_same(
          outputs_[i], expected_[i],
          setup_->cell.backend + " output of call " + std::to_string(i));
    outputs_.clear();
    outputs_.reserve(calls_.size());
    compiled_ = std::make_unique<libtorch::Compiled>(setup_->backend,
                                                     setup_->device, block_);
  }

  void work(tally::Meter& meter) override {
    for (const auto& c : calls_) {
      const at::Tensor& text = c[1].toTensor();
      const at::Tensor condition = dit_.condition(c[2].toTensor());
      at::Tensor image = c[0].toTensor();
      for (const Block& b : dit_.blocks())
        image =
            compiled_
                ->call(BlockModel::inputs(b, image, text, condition), &meter)[0]
                .toTensor();
      outputs_.push_back({dit_.head(image)});
      libtorch::synchronize(setup_->device);
    }
  }

  const std::vector<Stack>& outputs() const override { return outputs_; }
  std::shared_ptr<torch::jit::Graph> last_graph() const override {
    return compiled_ ? compiled_->last_graph() : nullptr;
  }

 private:
  DiT dit_;
  BlockModel block_{dit_};
  std::optional<libtorch::Setup> setup_;
  std::vector<Stack> calls_, expected_, outputs_;
  std::unique_ptr<libtorch::Compiled> compiled_;
};

std::vector<tally::ParamSpec> dit_params() {
  return {{"dim", std::int64_t{64}, "model width", 1},
          {"heads", std::int64_t{4}, "attention heads (divide dim)", 1},
          {"mlp_ratio", std::int64_t{4}, "MLP hidden width / dim", 1},
          {"blocks", std::int64_t{4}, "number of blocks", 1},
          {"image_tokens", std::int64_t{16}, "image tokens", 1},
          {"text_tokens", std::int64_t{8}, "text tokens", 1},
          {"dynamic_image_tokens", std::int64_t{24},
           "image tokens of the second call when dynamic", 1}};
}

tally::BenchmarkInfo regional() {
  tally::BenchmarkInfo info = libtorch::model_benchmark(
      "libtorch_diffusion_dit_regional",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's diffusion_dit benchmark, regional compile: the "
      "DiT of libtorch_diffusion_dit_full with each transformer block compiled "
      "on its own. The block takes its weights as inputs, so one capture and "
      "compile (the first block's, in compile_time) serves every block, as "
      "Dynamo reuses one compiled block; the timestep MLP and the output head "
      "run eagerly. trace records one block; jit/nnc trace, profile and "
      "optimise it. dynamic (jit/nnc): a second call with "
      "dynamic_image_tokens. No script: script already compiles the block type "
      "once and shares it (libtorch_diffusion_dit_full).",
      {"eager", "trace", "jit", "nnc"}, {false, true}, dit_params(),
      [] { return std::make_unique<DiT>(); });
  info.make = [] { return std::make_unique<RegionalDiT>(); };
  return info;
}

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {
      regional(),
      libtorch::model_benchmark(
          "libtorch_diffusion_dit_full",
          "Measures LibTorch's TorchScript path (not torch.compile) on the "
          "workload of PyTorch's diffusion_dit benchmark, full-model compile "
          "(inference): a DiT of `blocks` blocks (dim, heads, MLP ratio) on "
          "image_tokens image and text_tokens text tokens; attention written "
          "as softmax(q k^T / sqrt(d)) v. script compiles one block type "
          "shared by all blocks; jit/nnc trace, profile and optimise. dynamic "
          "(jit/nnc): a second call with dynamic_image_tokens. Regional "
          "compile: libtorch_diffusion_dit_regional; the hierarchical strategy "
          "(nested compile regions) is not ported.",
          {"eager", "trace", "script", "jit", "nnc"}, {false, true},
          dit_params(), [] { return std::make_unique<DiT>(); })};
}

}  // namespace tally::plugins::diffusion_dit
