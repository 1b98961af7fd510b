# Finds the LibTorch the bundled plugins build against.
#
# find_package(Torch) searches CMAKE_PREFIX_PATH first, so one flag picks any
# LibTorch: an official LibTorch zip, PyTorch's wheel
# (python -c 'import torch; print(torch.utils.cmake_prefix_path)') or a
# source build. Without one, the wheel in tally's Python environment
# (TALLY_PYTHON_ENV, made by tools/setup) is used. Asked for (TALLY_WITH_TORCH,
# on by default) and not found, configuring fails naming both flags: a build
# that quietly left out every LibTorch plugin looked like a working one.
#
# Sets Torch_VERSION, TALLY_TORCH_GIT_HASH (or "unknown") and
# TALLY_TORCH_ROOT (the prefix holding include/ and lib/).

set(TALLY_PYTHON_ENV "/opt/tally/venv" CACHE PATH
  "tally's Python environment (tools/setup makes it): its torch wheel is the default LibTorch")

# The wheel's CMake package inside a virtual environment, or "".
function(tally_wheel_cmake_prefix env out)
  file(GLOB candidates "${env}/lib/python3*/site-packages/torch/share/cmake")
  list(SORT candidates)
  list(LENGTH candidates n)
  if(n GREATER 0)
    list(GET candidates 0 first)
    set(${out} "${first}" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# The git hash LibTorch was built from: the zip's build-hash file, or the
# wheel's torch/version.py.
function(tally_torch_git_hash root out)
  set(hash "unknown")
  if(EXISTS "${root}/build-hash")
    file(STRINGS "${root}/build-hash" lines LIMIT_COUNT 1)
    if(lines)
      string(STRIP "${lines}" hash)
    endif()
  elseif(EXISTS "${root}/version.py")
    file(STRINGS "${root}/version.py" lines REGEX "^git_version *= *'[0-9a-f]+'")
    if(lines MATCHES "'([0-9a-f]+)'")
      set(hash "${CMAKE_MATCH_1}")
    endif()
  endif()
  set(${out} "${hash}" PARENT_SCOPE)
endfunction()

macro(tally_find_torch)
  tally_wheel_cmake_prefix("${TALLY_PYTHON_ENV}" tally_wheel_prefix)
  if(tally_wheel_prefix)
    # After the user's CMAKE_PREFIX_PATH: theirs wins.
    list(APPEND CMAKE_PREFIX_PATH "${tally_wheel_prefix}")
  endif()
  find_package(Torch QUIET)
  if(NOT Torch_FOUND)
    message(FATAL_ERROR
      "LibTorch not found, and the LibTorch plugins are asked for "
      "(TALLY_WITH_TORCH=ON). Point CMake at one with "
      "-DCMAKE_PREFIX_PATH=<libtorch> (an unzipped LibTorch, or the wheel's "
      "`python -c 'import torch; print(torch.utils.cmake_prefix_path)'`), "
      "run tools/setup (it installs torch==2.13.0 into ${TALLY_PYTHON_ENV}), "
      "or build without them: -DTALLY_WITH_TORCH=OFF")
  endif()
  # TorchConfig.cmake sets TORCH_INSTALL_PREFIX to the folder holding lib/.
  set(TALLY_TORCH_ROOT "${TORCH_INSTALL_PREFIX}")
  tally_torch_git_hash("${TALLY_TORCH_ROOT}" TALLY_TORCH_GIT_HASH)
  message(STATUS "LibTorch ${Torch_VERSION} (git ${TALLY_TORCH_GIT_HASH}) at ${TALLY_TORCH_ROOT}")
endmacro()
