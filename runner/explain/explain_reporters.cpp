#include "explain/explain_reporters.hpp"

#include <memory>
#include <nlohmann/json.hpp>

#include "core/table.hpp"
#include "core/text.hpp"

namespace tally::explain {

namespace {

using ordered_json = nlohmann::ordered_json;

// LibTorch's template names run to thousands of characters; the tables show
// their start, the JSON all of it.
constexpr std::size_t kConsoleName = 100;
constexpr std::size_t kMarkdownName = 160;

std::string grouped(std::int64_t v, bool sign) {
  const std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : sign && v > 0 ? "+" : "") + out;
}

std::string shorten(const std::string& s, std::size_t n) {
  return s.size() <= n ? s : s.substr(0, n) + "...";
}

std::string share(const ExplainEntry& e, const CellExplanation& c) {
  if (c.delta() == 0) return "";
  return format_pct(100.0 * static_cast<double>(e.delta_self()) /
                    static_cast<double>(c.delta()));
}

std::string change_pct(const CellExplanation& c) {
  if (c.base == 0) return c.delta() == 0 ? format_pct(0) : "new";
  return format_pct(100.0 * static_cast<double>(c.delta()) /
                    static_cast<double>(c.base));
}

std::string headline(const CellExplanation& c, const char* arrow) {
  return grouped(c.base, false) + arrow + grouped(c.now, false) + " (" +
         grouped(c.delta(), true) + ", " + change_pct(c) + ")";
}

/// The entry's labels, the grouped-by one first.
std::vector<std::string> labels(const ExplainEntry& e, ExplainBy by) {
  switch (by) {
    case ExplainBy::kComponent:
      return {e.component, e.object};
    case ExplainBy::kObject:
      return {e.object, e.component};
    case ExplainBy::kFunction:
      break;
  }
  return {e.function, e.component, e.object};
}

std::vector<std::string> label_headers(ExplainBy by) {
  switch (by) {
    case ExplainBy::kComponent:
      return {"component", "object"};
    case ExplainBy::kObject:
      return {"object", "component"};
    case ExplainBy::kFunction:
      break;
  }
  return {"function", "component", "object"};
}

std::string side_note(const ExplainEntry& e) {
  return !e.in_base ? " (added)" : !e.in_new ? " (removed)" : "";
}

std::string more_text(const CellExplanation& c) {
  return std::to_string(c.more) + " more, together " +
         grouped(c.more_delta_self, true);
}

void print_cell_console(std::ostream& out, const CellExplanation& c,
                        ExplainBy by) {
  out << "\n"
      << c.name << "  " << c.metric << ": " << headline(c, " -> ") << "\n";
  using A = Table::Align;
  std::vector<Table::Column> columns = {{"delta self", A::kRight},
                                        {"share", A::kRight},
                                        {"base self", A::kRight},
                                        {"new self", A::kRight},
                                        {"delta incl", A::kRight}};
  for (const std::string& h : label_headers(by)) columns.push_back({h});
  Table table(columns);
  for (const ExplainEntry& e : c.entries) {
    std::vector<std::string> row = {
        grouped(e.delta_self(), true), share(e, c), grouped(e.base_self, false),
        grouped(e.new_self, false), grouped(e.delta_inclusive(), true)};
    std::vector<std::string> names = labels(e, by);
    names[0] = shorten(names[0], kConsoleName) + side_note(e);
    row.insert(row.end(), names.begin(), names.end());
    table.add_row(row);
  }
  table.print(out, "  ");
  if (c.more > 0) out << "  (" << more_text(c) << ")\n";
}

/// Keeps a name inside one markdown table cell and code span.
std::string md_code(const std::string& text) {
  std::string out = "`";
  for (char ch : shorten(text, kMarkdownName))
    out += ch == '|'   ? std::string("\\|")
           : ch == '`' ? std::string("'")
                       : std::string(1, ch);
  return out + "`";
}

void print_cell_markdown(std::ostream& out, const CellExplanation& c,
                         ExplainBy by) {
  out << "<details><summary><code>" << c.name << "</code> <code>" << c.metric
      << "</code>: " << headline(c, " → ")
      << "</summary>\n\n| Δ self | share | "
      << "base self | new self | Δ inclusive |";
  for (const std::string& h : label_headers(by)) out << " " << h << " |";
  out << "\n|--:|--:|--:|--:|--:|";
  for (std::size_t i = 0; i < label_headers(by).size(); ++i) out << ":--|";
  out << "\n";
  for (const ExplainEntry& e : c.entries) {
    out << "| " << grouped(e.delta_self(), true) << " | " << share(e, c)
        << " | " << grouped(e.base_self, false) << " | "
        << grouped(e.new_self, false) << " | "
        << grouped(e.delta_inclusive(), true) << " |";
    const std::vector<std::string> names = labels(e, by);
    for (std::size_t i = 0; i < names.size(); ++i)
      out << " " << (names[i].empty() ? "" : md_code(names[i]))
          << (i == 0 ? side_note(e) : "") << " |";
    out << "\n";
  }
  if (c.more > 0) out << "\n" << more_text(c) << ".\n";
  out << "\n</details>\n\n";
}

void print_explain_console(std::ostream& out, const ExplainReport& report) {
  out << "base: " << report.base_dir << "\nnew:  " << report.new_dir << "\n";
  for (const CellExplanation& c : report.cells)
    print_cell_console(out, c, report.by);
}

void print_explain_markdown(std::ostream& out, const ExplainReport& report) {
  out << "### tally explain: " << report.cells.size()
      << " cell(s)\n\n**Base** `" << report.base_dir << "` → **New** `"
      << report.new_dir << "`\n\n";
  for (const CellExplanation& c : report.cells)
    print_cell_markdown(out, c, report.by);
}

void print_explain_json(std::ostream& out, const ExplainReport& report) {
  ordered_json cells = ordered_json::array();
  for (const CellExplanation& c : report.cells) {
    ordered_json entries = ordered_json::array();
    for (const ExplainEntry& e : c.entries)
      entries.push_back({{"function", e.function},
                         {"component", e.component},
                         {"object", e.object},
                         {"base_self", e.base_self},
                         {"new_self", e.new_self},
                         {"delta_self", e.delta_self()},
                         {"base_inclusive", e.base_inclusive},
                         {"new_inclusive", e.new_inclusive},
                         {"delta_inclusive", e.delta_inclusive()}});
    cells.push_back({{"name", c.name},
                     {"metric", c.metric},
                     {"base", c.base},
                     {"new", c.now},
                     {"delta", c.delta()},
                     {"entries", entries}});
  }
  out << ordered_json{{"cells", cells}}.dump(2) << "\n";
}

}  // namespace

const Reporters<ExplainReport>& reporters() {
  static const Reporters<ExplainReport> list = [] {
    Reporters<ExplainReport> r;
    r.add("console", print_explain_console);
    r.add("markdown", print_explain_markdown);
    r.add("json", print_explain_json);
    return r;
  }();
  return list;
}

}  // namespace tally::explain
