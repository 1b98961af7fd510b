#!/usr/bin/env bash
# install_test.sh CMAKE BUILD_DIR SOURCE_DIR WITH_TORCH(0|1)
# Installs the built tally into a temporary prefix and, outside the source
# tree, builds plugins against the install: scaffolded ones with the CMake
# package (the LibTorch one only WITH_TORCH), and the one that
# docs/writing-a-plugin.md compiles with g++ alone. The installed tally must
# find its bundled plugins and configs, and list and measure the new ones.
set -euo pipefail
cmake=$1 build=$2 src=$3 with_torch=$4

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tally-install.XXXXXX")
tmp=$(cd "$tmp" && pwd -P)  # tally prints canonical paths
trap 'rc=$?; if ((rc == 0)); then rm -rf "$tmp"; else echo "kept $tmp" >&2; fi' EXIT
prefix=$tmp/prefix work=$tmp/work plugins=$tmp/plugins
tally=$prefix/bin/tally
mkdir -p "$work" "$plugins"
cd "$tmp"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# expect TEXT PATTERN WHAT: grep -E PATTERN in TEXT, else fail showing TEXT.
expect() {
  grep -Eq -- "$2" <<<"$1" || fail "$3; expected /$2/ in:"$'\n'"$1"
}
# quietly CMD...: runs CMD, showing its output only when it fails.
quietly() {
  local log
  log=$("$@" 2>&1) || fail "$* failed:"$'\n'"$log"
}

echo "== cmake --install into $prefix"
quietly "$cmake" --install "$build" --prefix "$prefix"
[[ -x $tally && -x $prefix/bin/tally-new-plugin ]] || fail "no bin/tally or bin/tally-new-plugin"
[[ -x $prefix/libexec/tally/tally-worker ]] || fail "no libexec/tally/tally-worker"
[[ -f $prefix/include/tally/plugin.hpp ]] || fail "no include/tally/plugin.hpp"
config_dir=$(find "$prefix" -name tallyConfig.cmake -printf '%h\n')
[[ -n $config_dir ]] || fail "no tallyConfig.cmake"
leaked=$(find "$prefix" -name CMakeFiles -o -name '*.o' -o -name '*.a' -o \
  -name CMakeCache.txt -o -name test_plugins -o -name tally_tests)
[[ -z $leaked ]] || fail "build-tree files installed: $leaked"

echo "== the installed tally: version, bundled plugins, default config"
version=$("$tally" version)
expect "$version" '^tally [0-9]+\.[0-9]+\.[0-9]+$' "tally version"
expect "$version" '^plugin SDK ABI version [0-9]+ \(libstdc\+\+ with _GLIBCXX_USE_CXX11_ABI=1' "tally version"
if ((with_torch)); then
  expect "$version" '^LibTorch [0-9]+\.[0-9]+' "tally version (LibTorch)"
  list=$("$tally" list)
  expect "$list" "^plugin folders: $prefix/lib[^,]*/tally/plugins" "installed plugin folder"
  expect "$list" "^dynamo_inline .*\($prefix/" "bundled plugin"
  if [[ -e $prefix/lib/tally/plugins/python.so ]]; then
    expect "$list" "^dynamo_inline\.py .*\($prefix/" "bundled Python benchmark file"
  fi
  dry=$("$tally" run --dry-run 2>&1) || fail "tally run --dry-run:"$'\n'"$dry"
  expect "$dry" 'libtorch_basic_InlineMod' "tally run --dry-run with the installed default.yaml"
else
  expect "$version" '^LibTorch none' "tally version (no LibTorch)"
  dry=$("$tally" run --dry-run --no-default-plugins 2>&1) || true
  [[ $dry != *"no configs/default.yaml"* ]] || fail "default config not found: $dry"
fi

scaffold() {  # scaffold NAME [--torch]: generate, configure, build, drop in
  echo "== tally-new-plugin $*"
  quietly "$prefix/bin/tally-new-plugin" "$@" --dir "$work"
  quietly "$cmake" -S "$work/$1" -B "$work/$1/build" -DCMAKE_PREFIX_PATH="$prefix"
  quietly "$cmake" --build "$work/$1/build"
  cp "$work/$1/build/$1.so" "$plugins/"
}
scaffold scaffold_plain
if ((with_torch)); then scaffold scaffold_torch --torch; fi

echo "== the g++ plugin of docs/writing-a-plugin.md"
# Each file is the fenced block after its "<!-- install-test: FILE -->".
for file in vector_sum.cpp vector_sum.yaml; do
  awk -v marker="<!-- install-test: $file -->" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$src/docs/writing-a-plugin.md" >"$work/$file"
  [[ -s $work/$file ]] || fail "no '$file' block in docs/writing-a-plugin.md"
done
quietly g++ -std=c++17 -O2 -Wall -Wextra -Werror -shared -fPIC -I "$prefix/include" \
  "$work/vector_sum.cpp" -o "$plugins/vector_sum.so"

echo "== tally list --plugins $plugins"
list=$("$tally" list --no-default-plugins --plugins "$plugins")
[[ $list != *"bad plugin files"* ]] || fail "bad plugin files:"$'\n'"$list"
expect "$list" "^scaffold_plain 0\.1  \($plugins/scaffold_plain\.so\)" "tally list"
expect "$list" "^vector_sum 1\.0  \($plugins/vector_sum\.so\)" "tally list"

# measure CONFIG ROW...: runs CONFIG on the new plugins; each ROW (a
# name,metric pair) must be in results.csv with a positive value.
measure() {
  local config=$1 out
  out=$tmp/out/$(basename "$config" .yaml)
  shift
  echo "== tally run $(basename "$config")"
  quietly "$tally" run "$config" --no-default-plugins --plugins "$plugins" \
    --counter wall --out "$out"
  for row in "$@"; do
    expect "$(cat "$out/results.csv")" "^$row,[1-9][0-9]*$" "results.csv"
  done
}
measure "$work/scaffold_plain/scaffold_plain.yaml" \
  scaffold_plain_native,wall_time_ns scaffold_plain_native,compile_time_wall_time_ns
measure "$work/vector_sum.yaml" vector_sum_native,wall_time_ns
if ((with_torch)); then
  expect "$list" "^scaffold_torch 0\.1  \($plugins/scaffold_torch\.so\)" "tally list"
  measure "$work/scaffold_torch/scaffold_torch.yaml" \
    scaffold_torch_eager,wall_time_ns scaffold_torch_trace,wall_time_ns \
    scaffold_torch_trace,compile_time_wall_time_ns
fi
echo "ok"
