// Writes a Profile in callgrind's format, so callgrind_annotate and
// KCachegrind open it as they open callgrind's own output.
#ifndef TALLY_PROFILE_CALLGRIND_WRITER_HPP
#define TALLY_PROFILE_CALLGRIND_WRITER_HPP

#include <ostream>
#include <string>

#include "profile/profile.hpp"

namespace tally::profile {

/// The profile as callgrind text: the header (creator, cmd, desc lines), one
/// `fn=` block per function with its self cost and calls (each `calls=`
/// followed by its inclusive cost), and `summary:`/`totals:` equal to
/// Profile::total(). Positions are all 0: tally dumps without lines.
void write_callgrind(std::ostream& out, const Profile& profile);

/// The same into `path`, written beside it and renamed into place, so a
/// reader never sees half a file. Throws tally::Error(kIoError) naming the
/// file when it cannot be written.
void write_callgrind_file(const std::string& path, const Profile& profile);

}  // namespace tally::profile

#endif  // TALLY_PROFILE_CALLGRIND_WRITER_HPP
