// results.json's format_version: written as 1; a file without it (from
// before versioning) or with 1 loads; any other version is refused with one
// line naming the file, by the check and by every reader of results.json.
#include "results/results_format.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "core/error.hpp"
#include "explain/explain_inputs.hpp"
#include "report/run_data.hpp"
#include "results/results_reader.hpp"
#include "results/run_metadata.hpp"
#include "results/run_results.hpp"
#include "run/cell_costs.hpp"
#include "support/tally_cli.hpp"

namespace tally {
namespace results_format_test {

using nlohmann::json;

const char* kCells =
    R"("cells": [{"name": "a_native", "status": "ok", "elapsed_s": 1,
        "metrics": {"wall_time_ns": {"samples": [3], "min": 3}}}],
        "metadata": {"counter": "wall"})";

// The message of the Error that check_results_format throws, or "" when
// the document passes.
std::string refusal(const json& doc) {
  try {
    check_results_format(doc, "runs/a/results.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
    return e.what();
  }
  return "";
}

TEST(ResultsFormat, WriterStampsTheCurrentVersion) {
  auto doc = json::parse(results_json_text({"", to_json(RunMetadata{}), {}}));
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["format_version"], kResultsFormatVersion);
}

TEST(ResultsFormat, NoVersionAndVersionOneLoad) {
  EXPECT_EQ(refusal(json::parse(std::string("{") + kCells + "}")), "");
  EXPECT_EQ(refusal({{"format_version", 1}, {"cells", json::array()}}), "");
}

TEST(ResultsFormat, NewerOrNonIntegerVersionIsRefusedInOneLine) {
  EXPECT_EQ(refusal({{"format_version", 2}}),
            "runs/a/results.json: results format version 2 is not supported "
            "(this tally reads version 1 and files without a version); use a "
            "newer tally");
  EXPECT_EQ(refusal({{"format_version", "x"}}),
            "runs/a/results.json: results format version \"x\" is not "
            "supported (this tally reads version 1 and files without a "
            "version); the file is damaged or was not written by tally");
  EXPECT_NE(refusal({{"format_version", 1.5}}), "");
  EXPECT_NE(refusal({{"format_version", 0}}), "");
  EXPECT_NE(refusal({{"format_version", nullptr}}), "");
}

// Each reader of results.json, on a folder holding `version`'s file.
void expect_every_reader(const std::string& version, bool loads) {
  const std::string dir =
      test::make_temp_dir("results-format-" + std::to_string(loads));
  const std::string file = dir + "/results.json";
  test::write_text(file, "{" + version + kCells + "}");
  const std::vector<std::pair<const char*, std::function<void()>>> readers = {
      {"results_reader", [&] { read_results(dir); }},
      {"explain_inputs", [&] { explain::read_profiled_run(dir); }},
      {"run_data", [&] { report::read_run(dir); }},
      {"cell_costs", [&] { CellCosts::read(dir); }}};
  for (const auto& [name, read] : readers) {
    try {
      read();
      EXPECT_TRUE(loads) << name << " loaded " << version;
    } catch (const Error& e) {
      EXPECT_FALSE(loads) << name << ": " << e.what();
      EXPECT_EQ(e.code(), ExitCode::kBadInput) << name;
      EXPECT_EQ(
          std::string(e.what()).rfind(file + ": results format version", 0), 0u)
          << name << ": " << e.what();
    }
  }
}

TEST(ResultsFormat, EveryReaderChecksTheVersion) {
  expect_every_reader("", true);
  expect_every_reader(R"("format_version": 1, )", true);
  expect_every_reader(R"("format_version": 2, )", false);
  expect_every_reader(R"("format_version": "x", )", false);
}

}  // namespace results_format_test
}  // namespace tally
