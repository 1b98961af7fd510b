#include "config/shape_guard.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

namespace tally::config_detail {
namespace {

// A valid file nests at most four levels; the margin is for flow style.
constexpr int kMaxDepth = 64;

class ShapeGuard : public YAML::EventHandler {
 public:
  explicit ShapeGuard(const ShapeFailure& fail) : fail_(fail) {}
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1)
      fail_(mark,
            "the file holds more than one YAML document ('---'); a matrix "
            "file is one document: remove the extra '---' separators");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark& mark, const std::string&,
                       YAML::anchor_t, YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void enter(const YAML::Mark& mark) {
    if (++depth_ > kMaxDepth)
      fail_(mark, "lists and mappings nest deeper than " +
                      std::to_string(kMaxDepth) +
                      " levels; a matrix file needs at most four");
  }
  const ShapeFailure& fail_;
  int depth_ = 0;
  int documents_ = 0;
};

}  // namespace

void check_shape(const std::string& text, const ShapeFailure& fail) {
  std::istringstream events(text);
  YAML::Parser parser(events);
  ShapeGuard guard(fail);
  while (parser.HandleNextDocument(guard)) {
  }
}

}  // namespace tally::config_detail
