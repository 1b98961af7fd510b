// The style sheet and script inlined into every report page, kept apart
// from the page logic so the script's hash (its CSP) is of one constant.
#ifndef TALLY_REPORT_PAGE_ASSETS_HPP
#define TALLY_REPORT_PAGE_ASSETS_HPP

namespace tally::report {

extern const char* const kPageStyle;
extern const char* const kPageScript;

}  // namespace tally::report

#endif  // TALLY_REPORT_PAGE_ASSETS_HPP
