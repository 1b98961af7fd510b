# tally_add_plugin(NAME SOURCES src... [TORCH])
# Builds NAME.so, a tally plugin: a MODULE library linked with tally::sdk,
# written into TALLY_PLUGIN_OUTPUT_DIR if set, else the current binary
# folder. TORCH links LibTorch, running find_package(Torch) first where the
# caller has not, and warns when it is not the LibTorch of the installed
# tally's plugins. Used in tally's own build and, installed, by
# find_package(tally).
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
  # The plugin's bytes, and so its counts, do not depend on where its source
  # was cloned.
  target_compile_options(${name} PRIVATE
    -ffile-prefix-map=${CMAKE_CURRENT_SOURCE_DIR}/=)
  # Unresolved symbols must fail the link, not the first run.
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  if(TARGET tally::sdk)
    target_link_libraries(${name} PRIVATE tally::sdk)
  endif()
  if(ARG_TORCH)
    if(NOT DEFINED TORCH_LIBRARIES)
      if(tally_TORCH_DIR)
        find_package(Torch REQUIRED HINTS "${tally_TORCH_DIR}")
      else()
        find_package(Torch REQUIRED)
      endif()
    endif()
    # Discovery loads every plugin in one worker: they must share a LibTorch.
    if(tally_TORCH_VERSION AND Torch_VERSION
       AND NOT Torch_VERSION VERSION_EQUAL tally_TORCH_VERSION)
      message(WARNING "${name} uses LibTorch ${Torch_VERSION}, the installed "
        "tally's plugins LibTorch ${tally_TORCH_VERSION}: build against "
        "${tally_TORCH_VERSION}, or run ${name} with --no-default-plugins")
    endif()
    target_link_libraries(${name} PRIVATE ${TORCH_LIBRARIES})
  endif()
endfunction()
