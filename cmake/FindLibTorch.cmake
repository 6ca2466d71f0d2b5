# Locates LibTorch in the order documented in the README:
#   1. $LIBTORCH (a LibTorch folder)   2. Torch_DIR (cache or environment)
#   3. the PyTorch of `python3`        4. the system (/usr/lib/<triplet>/cmake/Torch)
# The first place holding TorchConfig.cmake wins; failing all, one error lists every place tried.
set(_tried "")

if(DEFINED ENV{LIBTORCH} AND NOT "$ENV{LIBTORCH}" STREQUAL "")
  list(APPEND _candidates "$ENV{LIBTORCH}/share/cmake/Torch")
  list(APPEND _tried "LIBTORCH=$ENV{LIBTORCH} -> $ENV{LIBTORCH}/share/cmake/Torch")
endif()
if(Torch_DIR)
  list(APPEND _candidates "${Torch_DIR}")
  list(APPEND _tried "Torch_DIR=${Torch_DIR}")
elseif(DEFINED ENV{Torch_DIR} AND NOT "$ENV{Torch_DIR}" STREQUAL "")
  list(APPEND _candidates "$ENV{Torch_DIR}")
  list(APPEND _tried "Torch_DIR (environment)=$ENV{Torch_DIR}")
endif()
find_program(_python3 python3)
if(_python3)
  execute_process(
    COMMAND ${_python3} -c "import torch.utils; print(torch.utils.cmake_prefix_path)"
    OUTPUT_VARIABLE _py_prefix OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _py_rc)
  if(_py_rc EQUAL 0 AND _py_prefix)
    list(APPEND _candidates "${_py_prefix}/Torch")
    list(APPEND _tried "python3's PyTorch -> ${_py_prefix}/Torch")
  else()
    list(APPEND _tried "python3's PyTorch (${_python3}: `import torch` failed)")
  endif()
else()
  list(APPEND _tried "python3's PyTorch (no python3 on PATH)")
endif()
list(APPEND _candidates "/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/cmake/Torch")
list(APPEND _tried "system: /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/cmake/Torch")

foreach(_dir IN LISTS _candidates)
  if(EXISTS "${_dir}/TorchConfig.cmake")
    set(Torch_DIR "${_dir}" CACHE PATH "LibTorch CMake folder" FORCE)
    break()
  endif()
endforeach()

if(NOT Torch_DIR OR NOT EXISTS "${Torch_DIR}/TorchConfig.cmake")
  list(JOIN _tried "\n  - " _tried_text)
  message(FATAL_ERROR "torch-node: LibTorch was not found. Places tried, in order:\n  - ${_tried_text}\n"
    "Get LibTorch with `python3 -m pip install torch` (its LibTorch is used), or set LIBTORCH to an "
    "unpacked LibTorch folder, or Torch_DIR to a folder holding TorchConfig.cmake.")
endif()
message(STATUS "torch-node: LibTorch from ${Torch_DIR}")
