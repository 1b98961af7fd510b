// Function names as tally explain matches them across builds: what changes
// from one build of the same source to the next is made the same.
#ifndef TALLY_EXPLAIN_EXPLAIN_NAMES_HPP
#define TALLY_EXPLAIN_EXPLAIN_NAMES_HPP

#include <string>
#include <string_view>

namespace tally::explain {

/// `name` (demangled, as callgrind prints it) with addresses written "0x?"
/// ("0x00000000001a2b30" -> "0x?"), compiler clone suffixes removed
/// (" [clone .isra.0]", ".constprop.1", ".part.0", ".cold", ".lto_priv.0",
/// ".localalias", ".llvm.123"), lambda and unnamed-type ordinals written
/// "#N" ("{lambda(int)#3}" -> "{lambda(int)#N}") and "_GLOBAL__N_1"
/// written "(anonymous namespace)", and callgrind's recursion level
/// ("f'2") removed. A clone or a recursive entry and its original then
/// count as one function.
std::string normalise_function_name(std::string_view name);

/// The qualified name of `name`, without a template's leading return type
/// and without the parameter list: "void at::native::add<float>(int)" ->
/// "at::native::add<float>". A name without parameters is itself.
std::string_view qualified_name(std::string_view name);

/// The file name of an object's path: "/usr/lib/x86_64-linux-gnu/libc.so.6"
/// -> "libc.so.6".
std::string object_basename(std::string_view object);

}  // namespace tally::explain

#endif  // TALLY_EXPLAIN_EXPLAIN_NAMES_HPP
