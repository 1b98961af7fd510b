#include "explain/row_explanations.hpp"

#include <boost/filesystem.hpp>

#include "core/error.hpp"
#include "core/text.hpp"
#include "explain/explain.hpp"

namespace tally::explain {
namespace {

std::string signed_value(std::int64_t v) {
  return (v > 0 ? "+" : "") + format_value_grouped(static_cast<double>(v));
}

std::string entry_line(const ExplainEntry& e) {
  std::string what = e.function.empty() ? e.component : e.function;
  if (!e.in_base) what += " (added)";
  if (!e.in_new) what += " (removed)";
  return signed_value(e.delta_self()) + "  " + what +
         (e.object.empty() ? "" : "  [" + e.object + "]");
}

}  // namespace

std::string results_folder(const std::string& path) {
  namespace fs = boost::filesystem;
  boost::system::error_code ec;
  if (fs::is_directory(path, ec)) return path;
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

void print_row_explanations(std::ostream& out,
                            const std::vector<ChangedRow>& rows,
                            const std::string& base_dir,
                            const std::string& new_dir, int top,
                            bool markdown) {
  if (rows.empty()) return;
  out << (markdown ? "\n#### Where the changes went\n\n"
                   : "\nwhere the changes went (against " + base_dir + "):\n");
  for (const ChangedRow& row : rows) {
    out << (markdown ? "- **" : "  ") << row.verdict << " " << row.name << ","
        << row.metric << " " << row.change << (markdown ? "**\n" : "\n");
    try {
      for (const ExplainEntry& e :
           top_functions(base_dir, new_dir, row.name, row.metric, top))
        if (e.delta_self() != 0)
          out << (markdown ? "  - `" : "      ") << entry_line(e)
              << (markdown ? "`\n" : "\n");
    } catch (const Error& e) {
      out << (markdown ? "  - " : "      ") << "not explained: " << e.what()
          << "\n";
    }
  }
}

}  // namespace tally::explain
