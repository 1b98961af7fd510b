#!/usr/bin/env bash
# header_test.sh CXX PLUGIN_HPP TALLY
# The SDK header compiles by itself under strict warnings, and the complete
# plugin its opening comment shows compiles the same way and is listed.
set -euo pipefail
cxx=$1 header=$2 tally=$3
strict=(-std=c++17 -Wall -Wextra -Wpedantic -Werror)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tally-header.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "== $header alone"
"$cxx" "${strict[@]}" -fsyntax-only -x c++ "$header"

echo "== the plugin in its opening comment"
# The example's lines start with "//   "; its blank lines are "//".
sed -n '\#^//   \#include <tally/plugin.hpp>#,\#^//   TALLY_PLUGIN(#p' "$header" |
  sed -E 's#^//( {3}|$)##' >"$tmp/example.cpp"
grep -q '^TALLY_PLUGIN(' "$tmp/example.cpp" || {
  echo "FAIL: no example from '#include <tally/plugin.hpp>' to TALLY_PLUGIN( in $header" >&2
  exit 1
}
mkdir "$tmp/plugins"
"$cxx" "${strict[@]}" -shared -fPIC -I "$(dirname "$header")/.." \
  "$tmp/example.cpp" -o "$tmp/plugins/example.so"
list=$("$tally" list --no-default-plugins --plugins "$tmp/plugins")
if ! grep -q "(${tmp}/plugins/example.so)" <<<"$list" ||
  grep -q '^bad plugin files' <<<"$list"; then
  echo "FAIL: tally list does not show the header's example plugin:" >&2
  echo "$list" >&2
  exit 1
fi
echo "ok"
