// A private temporary folder, removed with everything in it on destruction.
#ifndef TALLY_CORE_TEMP_DIR_HPP
#define TALLY_CORE_TEMP_DIR_HPP

#include <string>

namespace tally {

class TempDir {
 public:
  /// Creates $TMPDIR/<prefix>XXXXXX with mode 0700.
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tally

#endif  // TALLY_CORE_TEMP_DIR_HPP
