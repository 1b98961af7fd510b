// A plain-text table with aligned columns, for the console reports.
#ifndef TALLY_CORE_TABLE_HPP
#define TALLY_CORE_TABLE_HPP

#include <ostream>
#include <string>
#include <vector>

namespace tally {

class Table {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string header;
    Align align = Align::kLeft;
  };

  explicit Table(std::vector<Column> columns);
  void add_row(std::vector<std::string> cells);
  /// Columns are separated by two spaces; trailing blanks are dropped.
  void print(std::ostream& out, const std::string& indent = "") const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace tally

#endif  // TALLY_CORE_TABLE_HPP
