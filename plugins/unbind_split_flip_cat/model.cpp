#include "unbind_split_flip_cat/model.hpp"

#include <stdexcept>
#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::unbind_split_flip_cat {
namespace {

using libtorch::Stack;

// Per iteration i: unbind sizes[i] into batch ints (item()), split data[i]
// by them, flip each piece and cat the pieces; returns the list of cats.
class UnbindSplitFlipCat : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    iterations_ = setup.cell.params.get<int>("iterations");
    batch_ = setup.cell.params.get<int>("batch");
    auto options = at::TensorOptions().device(setup.device).dtype(at::kLong);
    std::vector<at::Tensor> sizes, data;
    for (int i = 0; i < iterations_; ++i) {
      sizes.push_back(at::randint(1, 10, {batch_}, options));
      data.push_back(
          at::arange(sizes.back().sum().item<std::int64_t>(), options));
    }
    source_ = script_source();
    return {{c10::IValue(std::move(sizes)), c10::IValue(std::move(data))}};
  }

  Stack forward(const Stack& inputs) override {
    const auto sizes = inputs[0].toTensorVector();
    const auto data = inputs[1].toTensorVector();
    std::vector<at::Tensor> results;
    for (int i = 0; i < iterations_; ++i) {
      const auto unbound = at::unbind(sizes[i].to(at::kLong));
      std::vector<std::int64_t> items;
      for (int j = 0; j < batch_; ++j) {
        items.push_back(unbound[j].item<std::int64_t>());
        if (items.back() < 0) throw std::runtime_error("negative split size");
      }
      const auto pieces = at::split_with_sizes(data[i], items);
      std::vector<at::Tensor> flipped;
      for (int j = 0; j < batch_; ++j)
        flipped.push_back(at::flip(pieces[j], {0}));
      results.push_back(at::cat(flipped));
    }
    return {c10::IValue(std::move(results))};
  }

  libtorch::Scripted script() override {
    return libtorch::script_function(source_, "forward");
  }

  libtorch::Capture jit_capture() const override {
    return libtorch::Capture::kScript;
  }

 private:
  // TorchScript keeps the loops: unrolled (as Dynamo captures them) the
  // default size is ~16,000 statements, which the frontend takes 20 s to
  // compile. Dtype 4 is torch.int64 (the C++ frontend has no dtype names).
  std::string script_source() const {
    return "def forward(sizes: List[Tensor], data: List[Tensor]) -> "
           "List[Tensor]:\n"
           "    results: List[Tensor] = []\n"
           "    for i in range(" +
           std::to_string(iterations_) +
           "):\n"
           "        unbound = torch.unbind(sizes[i].to(4))\n"
           "        items: List[int] = []\n"
           "        for j in range(" +
           std::to_string(batch_) +
           "):\n"
           "            item = int(unbound[j].item())\n"
           "            assert item >= 0\n"
           "            items.append(item)\n"
           "        pieces = torch.split_with_sizes(data[i], items)\n"
           "        flipped: List[Tensor] = []\n"
           "        for j in range(" +
           std::to_string(batch_) +
           "):\n"
           "            flipped.append(torch.flip(pieces[j], [0]))\n"
           "        results.append(torch.cat(flipped))\n"
           "    return results\n";
  }

  int iterations_ = 0, batch_ = 0;
  std::string source_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_unbind_split_flip_cat",
      "Measures LibTorch's TorchScript path (not torch.export) on the workload "
      "of PyTorch's unbind_split_flip_cat benchmark (an export): per "
      "iteration, unbind randint(1, 10, (batch,)) into ints via item(), split "
      "arange(total) by them, flip each piece, cat. trace unrolls and bakes "
      "the sizes; script compiles the loops (unrolled they take the frontend "
      "20 s) with data-dependent sizes; jit profiles and optimises that "
      "script. No nnc: flip and split do not fuse.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"iterations", std::int64_t{40}, "outer iterations", 1},
       {"batch", std::int64_t{128}, "pieces per iteration", 1}},
      [] { return std::make_unique<UnbindSplitFlipCat>(); })};
}

}  // namespace tally::plugins::unbind_split_flip_cat
