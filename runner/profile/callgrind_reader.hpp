// Reads callgrind's output format as valgrind 3.19 writes it
// (https://valgrind.org/docs/manual/cl-format.html): header lines, name
// compression, relative positions, calls with their inclusive cost, several
// events. Positions (lines, addresses) are read and dropped: tally dumps
// with --dump-line=no, and a profile here is per function.
#ifndef TALLY_PROFILE_CALLGRIND_READER_HPP
#define TALLY_PROFILE_CALLGRIND_READER_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "profile/profile.hpp"
#include "profile/profile_header.hpp"
#include "profile/profile_sink.hpp"

namespace tally::profile {

/// A malformed, truncated or inconsistent profile: "FILE:LINE: MESSAGE"
/// ("FILE: MESSAGE" when no line is to blame), exit code bad-input.
class ProfileError : public Error {
 public:
  ProfileError(const std::string& file, std::size_t line,
               const std::string& message);
};

/// Streams the callgrind file `path` into `sink` and returns its header.
/// Throws tally::Error(kIoError) naming the file when it cannot be read,
/// and ProfileError when it has no `events:` line, a bad number or name, a
/// call without its cost line, no `totals:` line (a file cut short) or a
/// `totals:` line that differs from the sum of its costs.
ProfileHeader stream_callgrind(const std::string& path, ProfileSink& sink);

/// The same for a profile held in `text`; errors call it `name`.
ProfileHeader stream_callgrind_text(std::string_view text,
                                    const std::string& name, ProfileSink& sink);

/// The profile in the callgrind file `path`; throws as stream_callgrind().
Profile read_callgrind(const std::string& path);

/// The profile held in `text`; errors call it `name`.
Profile parse_callgrind(std::string_view text, const std::string& name);

}  // namespace tally::profile

#endif  // TALLY_PROFILE_CALLGRIND_READER_HPP
