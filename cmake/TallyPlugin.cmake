# tally_add_plugin(NAME SOURCES ... [TORCH])
# Builds NAME.so, a tally plugin, into TALLY_PLUGIN_OUTPUT_DIR (or the
# current binary folder). TORCH links LibTorch.
function(tally_add_plugin name)
  cmake_parse_arguments(ARG "TORCH" "" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    set(ARG_SOURCES ${ARG_UNPARSED_ARGUMENTS})
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES PREFIX "" SUFFIX ".so")
  if(TALLY_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${TALLY_PLUGIN_OUTPUT_DIR})
  endif()
  # Unresolved symbols must fail the link, not the first run.
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  if(TARGET tally::sdk)
    target_link_libraries(${name} PRIVATE tally::sdk)
  endif()
  if(ARG_TORCH)
    target_link_libraries(${name} PRIVATE ${TORCH_LIBRARIES})
  endif()
endfunction()
