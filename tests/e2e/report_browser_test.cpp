// `tally report` pages opened in a real browser (headless Chromium): the
// rendered DOM has one row per cell, charts of non-zero size, the
// regression first, the planted step marked and script-like labels as
// text; screenshots are not blank, nothing reaches the console, and a page
// prints to PDF. Bad input gives a page that says so, or one line and a
// named exit code. Inputs are real `tally run` output of the test plugins.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

#include "history/history_db.hpp"
#include "support/tally_cli.hpp"

namespace tally::test {
namespace report_browser_test {

const char* const kInstallHint =
    "chromium is not installed: apt-get install chromium (tools/setup "
    "installs it); the browser tests need it and do not skip";

std::string chromium_binary() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (::access(path, X_OK) == 0) return path;
  return "";
}

// Runs headless Chromium on `page` with `flags`; stdout and stderr come
// back as out and err. A private profile folder keeps parallel tests apart.
CliResult chromium(const std::string& page,
                   const std::vector<std::string>& flags) {
  const std::string dir = make_temp_dir("chromium");
  std::string command = "timeout 60 " + quote(chromium_binary()) +
                        " --headless --no-sandbox --disable-gpu "
                        "--user-data-dir=" +
                        quote(dir + "/profile");
  for (const std::string& f : flags) command += " " + quote(f);
  command += " " + quote("file://" + page) + " >" + quote(dir + "/out") +
             " 2>" + quote(dir + "/err");
  const int raw = std::system(command.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_text(dir + "/out");
  r.err = read_text(dir + "/err");
  return r;
}

// Runs a shell command, capturing its output.
CliResult shell(const std::string& command) {
  const std::string dir = make_temp_dir("shell");
  const int raw = std::system(
      (command + " >" + quote(dir + "/out") + " 2>" + quote(dir + "/err"))
          .c_str());
  CliResult r;
  r.exit_code = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_text(dir + "/out");
  r.err = read_text(dir + "/err");
  return r;
}

// The DOM after the page's script ran.
std::string rendered_dom(const std::string& page) {
  const CliResult r =
      chromium(page, {"--virtual-time-budget=2000", "--dump-dom"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

// An attribute of #tally-status, which the page's script fills in after
// rendering; "" when absent.
std::string status_of(const std::string& dom, const std::string& name) {
  std::smatch m;
  const std::regex status("<div id=\"tally-status\"[^>]*>");
  if (!std::regex_search(dom, m, status)) return "";
  const std::string tag = m.str();
  if (!std::regex_search(tag, m, std::regex(name + "=\"([^\"]*)\""))) return "";
  return m[1];
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1))
    ++n;
  return n;
}

// A 1280x800 screenshot must have pixel variance (not blank) and the page
// must log nothing to the console (errors, CSP refusals, uncaught throws).
void expect_drawn_without_console_errors(const std::string& page) {
  const std::string png = make_temp_dir("shot") + "/page.png";
  const CliResult r =
      chromium(page, {"--screenshot=" + png, "--window-size=1280,800",
                      "--enable-logging=stderr", "--v=0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::istringstream log(r.err);
  for (std::string line; std::getline(log, line);) {
    EXPECT_EQ(line.find(":CONSOLE"), std::string::npos) << line;
    EXPECT_EQ(line.find("Uncaught"), std::string::npos) << line;
  }
  const CliResult stats = shell(
      "python3 " +
      quote(std::string(TALLY_SOURCE_DIR) + "/tests/support/png_stats.py") +
      " " + quote(png));
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  std::istringstream in(stats.out);
  int width = 0, height = 0;
  double stddev = 0;
  in >> width >> height >> stddev;
  EXPECT_EQ(width, 1280);
  EXPECT_EQ(height, 800);
  EXPECT_GT(stddev, 8.0) << page << " looks blank";
}

const char* const kMatrix = R"(
defaults: {iterations: 5, counter: wall}
benchmarks:
  - {name: healthy_loop, params: {n: 100000}, label: small}
  - {name: healthy_loop, params: {n: BIG}, label: big}
  - {name: healthy_forgets_region}
  - {name: hostile_segv}
  - {name: hostile_skip}
)";

// A real run of the test plugins; `big` sets the loop of the cell that
// the "new" run makes four times as long.
std::string make_run(const std::string& dir, const std::string& big,
                     const std::vector<std::string>& extra = {}) {
  std::string matrix = kMatrix;
  matrix.replace(matrix.find("BIG"), 3, big);
  write_text(dir + ".yaml", matrix);
  std::vector<std::string> args = {
      "run",       dir + ".yaml",      "--no-default-plugins",
      "--plugins", loadable_plugins(), "--out",
      dir};
  args.insert(args.end(), extra.begin(), extra.end());
  const CliResult r = run_tally(args);
  // hostile_segv crashes and healthy_forgets_region fails: exit code 1.
  EXPECT_EQ(r.exit_code, 1) << r.err;
  return dir;
}

nlohmann::json results_json(const std::string& dir) {
  return nlohmann::json::parse(read_text(dir + "/results.json"));
}

// A copy of the run `from` as another run (another start time and commit),
// as the nightly history would hold it; with `big_from`, its "big" cells are
// that run's, so only they change (wall times of the others stay put even
// when a loaded machine moves them between real runs).
std::string copy_run(const std::string& from, const std::string& to,
                     const std::string& start, const std::string& commit,
                     const std::string& big_from = "") {
  nlohmann::json doc = results_json(from);
  if (!big_from.empty()) {
    const nlohmann::json other = results_json(big_from);
    for (nlohmann::json& cell : doc["cells"])
      for (const nlohmann::json& o : other["cells"])
        if (o["name"] == cell["name"] &&
            cell["name"].get<std::string>().find("big") != std::string::npos)
          cell = o;
  }
  doc["metadata"]["start_time"] = start;
  doc["metadata"]["git_commit"] = commit;
  // A history tells runs apart by run_id: each copy is a run of its own.
  doc["metadata"]["run_id"] = "copy of " + from + " at " + start;
  ::mkdir(to.c_str(), 0755);
  write_text(to + "/results.json", doc.dump());
  return to;
}

class ReportBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    if (chromium_binary().empty()) GTEST_FAIL() << kInstallHint;
    dir_ = make_temp_dir(
        "report-" +
        std::string(
            ::testing::UnitTest::GetInstance()->current_test_info()->name()));
  }
  std::string dir_;
};

TEST_F(ReportBrowser, RunPageHasOneRowPerCellAndDrawsEverySampleChart) {
  const std::string run = make_run(dir_ + "/run", "200000", {"--report"});
  const std::string page = run + "/report.html";
  ASSERT_EQ(::access(page.c_str(), R_OK), 0) << "tally run --report wrote none";
  const std::string dom = rendered_dom(page);
  EXPECT_EQ(status_of(dom, "data-script-ran"), "yes");
  EXPECT_EQ(status_of(dom, "data-rows"),
            std::to_string(results_json(run)["cells"].size()));
  // Two cells measured, two metrics each: one sparkline per metric.
  EXPECT_EQ(status_of(dom, "data-charts"), "4");
  EXPECT_EQ(status_of(dom, "data-zero-size"), "0");
  EXPECT_NE(dom.find("crashed: 1"), std::string::npos);
  EXPECT_NE(dom.find("needs hardware this machine lacks"), std::string::npos);
  expect_drawn_without_console_errors(page);
}

// The quick start's own page: every LibTorch plugin of the smoke config,
// measured with wall, one row per cell and every sample chart drawn.
TEST_F(ReportBrowser, SmokeConfigRunWithReportOpens) {
  if (!TALLY_WITH_TORCH) GTEST_SKIP() << "built without LibTorch";
  const std::string run = dir_ + "/smoke";
  const CliResult r =
      run_tally({"run", std::string(TALLY_SOURCE_DIR) + "/configs/smoke.yaml",
                 "--counter", "wall", "--report", "--out", run});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = run + "/report.html";
  const std::string dom = rendered_dom(page);
  EXPECT_EQ(status_of(dom, "data-script-ran"), "yes");
  const nlohmann::json doc = results_json(run);
  EXPECT_EQ(status_of(dom, "data-rows"), std::to_string(doc["cells"].size()));
  EXPECT_GT(doc["cells"].size(), 50u);
  EXPECT_EQ(status_of(dom, "data-zero-size"), "0");
  EXPECT_NE(dom.find("libtorch_basic_InlineMod_trace"), std::string::npos);
  expect_drawn_without_console_errors(page);
}

TEST_F(ReportBrowser, ComparePutsTheRegressedCellFirst) {
  const std::string base = make_run(dir_ + "/base", "200000");
  const std::string now = make_run(dir_ + "/new", "800000");
  const std::string page = dir_ + "/compare.html";
  const CliResult r = run_tally({"report", base, now, "--out", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dom = rendered_dom(page);
  const std::size_t table = dom.find("id=\"compare-table\"");
  ASSERT_NE(table, std::string::npos);
  const std::size_t first_row = dom.find("<tr", dom.find("<tbody>", table));
  const std::string row =
      dom.substr(first_row, dom.find("</tr>", first_row) - first_row);
  EXPECT_NE(row.find("healthy_loop_native_big"), std::string::npos) << row;
  EXPECT_NE(row.find("regression"), std::string::npos) << row;
  // Wall rows are tested: the table shows each row's p and interval.
  EXPECT_NE(dom.find(">p [interval]</th>", table), std::string::npos);
  const std::size_t first_bar = dom.find("class=\"bar-label\"");
  ASSERT_NE(first_bar, std::string::npos);
  EXPECT_EQ(dom.find("healthy_loop_native_big", first_bar),
            dom.find(">", first_bar) + 1);
  EXPECT_NE(dom.find("class=\"threshold\""), std::string::npos);
  EXPECT_EQ(status_of(dom, "data-charts"), "1");
  EXPECT_EQ(status_of(dom, "data-zero-size"), "0");
  // Wall runs keep no profiles: the page says so instead of linking.
  EXPECT_NE(dom.find("No explanations"), std::string::npos);
  expect_drawn_without_console_errors(page);
}

TEST_F(ReportBrowser, TrendPageMarksThePlantedStep) {
  const std::string base = make_run(dir_ + "/base", "200000");
  const std::string now = make_run(dir_ + "/new", "800000");
  const std::string db = dir_ + "/nightly.db";
  // Two runs at one level, then two at four times it: a confirmed step at
  // run 3. One commit tries to close the page's data island.
  const std::vector<std::string> runs = {
      copy_run(base, dir_ + "/n1", "2026-11-01T02:00:00Z", "aaaa1111"),
      copy_run(base, dir_ + "/n2", "2026-11-02T02:00:00Z", "</script><b>x"),
      copy_run(base, dir_ + "/n3", "2026-11-03T02:00:00Z", "cccc3333", now),
      copy_run(base, dir_ + "/n4", "2026-11-04T02:00:00Z", "dddd4444", now)};
  for (const std::string& run : runs)
    ASSERT_EQ(run_tally({"history", "add", run, "--db", db}).exit_code, 0);
  const std::string page = dir_ + "/trend.html";
  const CliResult r = run_tally(
      {"report", "--history", db, "--filter", "healthy_loop", "--out", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dom = rendered_dom(page);
  EXPECT_EQ(status_of(dom, "data-script-ran"), "yes");
  // small and big, two metrics each; only big's two series stepped.
  EXPECT_EQ(status_of(dom, "data-rows"), "4");
  EXPECT_EQ(occurrences(dom, "class=\"step-marker\""), 2u);
  EXPECT_NE(dom.find("healthy_loop_native_big · wall_time_ns: +"),
            std::string::npos);
  EXPECT_NE(dom.find("at run 3"), std::string::npos);
  // 4 trend charts and 4 sparklines, all drawn.
  EXPECT_EQ(status_of(dom, "data-charts"), "8");
  EXPECT_EQ(status_of(dom, "data-zero-size"), "0");
  EXPECT_EQ(dom.find("<b>x"), std::string::npos);
  expect_drawn_without_console_errors(page);
}

TEST_F(ReportBrowser, ScriptInALabelShowsAsText) {
  const std::string run = make_run(dir_ + "/run", "200000");
  nlohmann::json doc = results_json(run);
  doc["cells"][0]["name"] = "<script>alert(1)</script>";
  doc["cells"][3]["reason"] = "</script><img src=x onerror=alert(2)>&amp;";
  ::mkdir((dir_ + "/evil").c_str(), 0755);
  write_text(dir_ + "/evil/results.json", doc.dump());
  const std::string page = dir_ + "/evil.html";
  const CliResult r = run_tally({"report", dir_ + "/evil", "--out", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dom = rendered_dom(page);
  EXPECT_NE(dom.find("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"),
            std::string::npos);
  EXPECT_NE(
      dom.find("&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;"),
      std::string::npos);
  EXPECT_EQ(dom.find("<img"), std::string::npos);
  EXPECT_EQ(occurrences(dom, "<script"), 1u) << "only the page's own script";
  EXPECT_EQ(status_of(dom, "data-rows"), "5");
  expect_drawn_without_console_errors(page);
}

TEST_F(ReportBrowser, RunPagePrintsToPdf) {
  const std::string run = make_run(dir_ + "/run", "200000", {"--report"});
  const std::string pdf = dir_ + "/run.pdf";
  const CliResult r = chromium(run + "/report.html", {"--no-pdf-header-footer",
                                                      "--print-to-pdf=" + pdf});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = read_text(pdf);
  ASSERT_GT(bytes.size(), 10000u);
  EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
  // Landscape A4 (@page), so the wide table is not cut: 842 x 595 points.
  EXPECT_NE(bytes.find("/MediaBox [0 0 841.9"), std::string::npos);
}

TEST_F(ReportBrowser, ResumedRunWritesItsReport) {
  const std::string run = make_run(dir_ + "/run", "200000", {"--report"});
  const std::string journal = read_text(run + "/journal.jsonl");
  write_text(run + "/journal.jsonl", journal.substr(0, journal.find('\n') + 1));
  for (const char* f : {"/results.json", "/results.csv", "/report.html"})
    ::unlink((run + f).c_str());
  const CliResult resumed = run_tally({"run", "--resume", run});
  EXPECT_EQ(resumed.exit_code, 1) << resumed.err;
  const std::string dom = rendered_dom(run + "/report.html");
  EXPECT_EQ(status_of(dom, "data-rows"), "5");
}

class ReportBrowserCallgrind : public ReportBrowser {};

TEST_F(ReportBrowserCallgrind, CompareLinksEachChangedRowToItsExplanation) {
  const std::string matrix =
      "defaults: {iterations: 1, counter: callgrind}\nbenchmarks:\n"
      "  - {name: healthy_loop, params: {n: 10000}, label: small}\n"
      "  - {name: healthy_loop, params: {n: N}, label: big}\n";
  std::vector<std::string> runs;
  for (const char* n : {"20000", "40000"}) {
    const std::string dir = dir_ + "/run" + n;
    std::string m = matrix;
    write_text(dir + ".yaml", m.replace(m.find("N}"), 1, n));
    const CliResult r =
        run_tally({"run", dir + ".yaml", "--no-default-plugins", "--plugins",
                   loadable_plugins(), "--out", dir});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    runs.push_back(dir);
  }
  const std::string page = dir_ + "/compare.html";
  ASSERT_EQ(run_tally({"report", runs[0], runs[1], "--out", page}).exit_code,
            0);
  const std::string dom = rendered_dom(page);
  const std::size_t table = dom.find("id=\"compare-table\"");
  const std::size_t first_row = dom.find("<tr", dom.find("<tbody>", table));
  const std::string row =
      dom.substr(first_row, dom.find("</tr>", first_row) - first_row);
  EXPECT_NE(row.find("healthy_loop_native_big"), std::string::npos) << row;
  EXPECT_NE(row.find("href=\"#explain-"), std::string::npos) << row;
  // Both metrics of big changed: two explanations, each with the function
  // that grew and a flamegraph; small did not change and has none.
  for (const char* id : {"explain-0", "explain-1"}) {
    const std::size_t at = dom.find("<section id=\"" + std::string(id) + "\"");
    ASSERT_NE(at, std::string::npos) << id;
    const std::string section = dom.substr(at, dom.find("</section>", at) - at);
    EXPECT_NE(section.find("<td>tally_test_spin</td>"), std::string::npos);
    EXPECT_NE(section.find("<div class=\"flame\"><svg"), std::string::npos);
  }
  EXPECT_EQ(dom.find("explain-2"), std::string::npos);
  expect_drawn_without_console_errors(page);
}

class ReportBadInput : public ReportBrowser {};

TEST_F(ReportBadInput, OnlyFailedCellsGiveAPageThatSaysSo) {
  write_text(dir_ + "/m.yaml",
             "defaults: {iterations: 1, counter: wall}\nbenchmarks:\n"
             "  - {name: hostile_segv}\n  - {name: healthy_forgets_region}\n");
  ASSERT_EQ(
      run_tally({"run", dir_ + "/m.yaml", "--no-default-plugins", "--plugins",
                 loadable_plugins(), "--out", dir_ + "/run", "--report"})
          .exit_code,
      1);
  const std::string dom = rendered_dom(dir_ + "/run/report.html");
  EXPECT_NE(dom.find("No cell of this run produced a measurement"),
            std::string::npos);
  EXPECT_EQ(status_of(dom, "data-rows"), "2");
}

TEST_F(ReportBadInput, EmptyAndOneRunHistoriesGiveAPageThatSaysSo) {
  const std::string db = dir_ + "/h.db";
  history::HistoryDb created(db, /*create=*/true);
  const std::string empty = dir_ + "/empty.html";
  ASSERT_EQ(run_tally({"report", "--history", db, "--out", empty}).exit_code,
            0);
  EXPECT_NE(rendered_dom(empty).find("This history holds no runs yet"),
            std::string::npos);
  const std::string run = make_run(dir_ + "/run", "200000");
  ASSERT_EQ(run_tally({"history", "add", run, "--db", db}).exit_code, 0);
  const std::string one = dir_ + "/one.html";
  ASSERT_EQ(run_tally({"report", "--history", db, "--out", one}).exit_code, 0);
  const std::string dom = rendered_dom(one);
  EXPECT_NE(dom.find("This history holds one run"), std::string::npos);
  EXPECT_EQ(status_of(dom, "data-zero-size"), "0");
}

TEST_F(ReportBadInput, RunsWithNoCellInCommonListEachSide) {
  const std::string base = make_run(dir_ + "/base", "200000");
  nlohmann::json doc = results_json(base);
  for (auto& cell : doc["cells"])
    cell["name"] = "renamed_" + cell["name"].get<std::string>();
  ::mkdir((dir_ + "/other").c_str(), 0755);
  write_text(dir_ + "/other/results.json", doc.dump());
  const std::string page = dir_ + "/compare.html";
  ASSERT_EQ(
      run_tally({"report", base, dir_ + "/other", "--out", page}).exit_code, 0);
  const std::string dom = rendered_dom(page);
  EXPECT_NE(dom.find("no cell and metric in common"), std::string::npos);
  EXPECT_NE(dom.find("<h2>Only in base</h2>"), std::string::npos);
  EXPECT_NE(dom.find("<h2>Only in new</h2>"), std::string::npos);
  EXPECT_NE(dom.find("renamed_healthy_loop_native_big"), std::string::npos);
  EXPECT_EQ(status_of(dom, "data-rows"), "0");
}

TEST_F(ReportBadInput, UnreadableOrForeignFilesStopWithOneLine) {
  write_text(dir_ + "/foreign.json", "{\"hello\": 1}");
  write_text(dir_ + "/notes.txt", "not json at all\n");
  write_text(dir_ + "/empty.json", "");
  write_text(dir_ + "/r.csv", "a,instruction_count,1\n");
  ::mkdir((dir_ + "/empty").c_str(), 0755);
  const struct {
    std::vector<std::string> args;
    int code;
    std::string says;
  } cases[] = {
      {{"report", dir_ + "/missing"}, 8, "no such results folder"},
      {{"report", dir_ + "/empty"},
       8,
       "empty: not a results folder (no results.json)"},
      {{"report", dir_ + "/foreign.json"}, 4, "no \"cells\" array"},
      {{"report", dir_ + "/notes.txt"}, 4, "notes.txt: not valid JSON"},
      {{"report", dir_ + "/r.csv"}, 4, "a run page needs results.json"},
      {{"report", "--history", dir_ + "/notes.txt"}, 4, "notes.txt"},
      {{"report", "--history", dir_ + "/absent.db"}, 8, "absent.db"},
      {{"report", dir_ + "/missing", "--out", dir_ + "/x.html", "--filter",
        "a"},
       2,
       "--filter applies to --history only"},
      {{"report", dir_ + "/missing", "--out", dir_ + "/x.html", "--threshold",
        "5"},
       2,
       "--threshold applies to a comparison (BASE NEW) only"},
      {{"report", dir_ + "/empty.json"}, 4, "the file is empty"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.args;
    if (args.size() < 4) args.insert(args.end(), {"--out", dir_ + "/x.html"});
    const CliResult r = run_tally(args);
    EXPECT_EQ(r.exit_code, c.code) << args[1] << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(::access((dir_ + "/x.html").c_str(), F_OK), -1);
}

}  // namespace report_browser_test
}  // namespace tally::test
