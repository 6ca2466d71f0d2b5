# Imports the LibTorch that FindLibTorch.cmake located (Torch_DIR), CPU or CUDA.
#
# Options (cache variables, `npx cmake-js compile --CDNAME=VALUE`):
#   TORCH_NODE_CUDA          AUTO (default: CUDA parts when the LibTorch has CUDA), ON, OFF.
#   TORCH_NODE_TORCH_IMPORT  AUTO (default), config, direct.
#     config: find_package(Torch), PyTorch's documented way. On a CUDA LibTorch TorchConfig
#             needs a whole CUDA toolkit (nvcc, FindCUDA, a try_run of a CUDA program).
#     direct: an imported target built here from <prefix>/include and <prefix>/lib; a CUDA
#             LibTorch then needs only the CUDA headers (no nvcc). AUTO picks config for a CPU
#             LibTorch, and for a CUDA LibTorch config when an nvcc is found, direct otherwise.
# Sets: TORCH_INSTALL_PREFIX, TORCH_NODE_LIBS, TORCH_NODE_INCLUDES (empty: the targets carry them),
# TORCH_NODE_DEFINES.
# TORCH_NODE_DEFINES holds TORCH_NODE_WITH_CUDA when native/cuda.cpp may use the CUDA headers.

set(TORCH_NODE_CUDA AUTO CACHE STRING "Build torch.cuda's CUDA-specific parts: AUTO, ON or OFF")
set(TORCH_NODE_TORCH_IMPORT AUTO CACHE STRING "How LibTorch is imported: AUTO, config or direct")

get_filename_component(TORCH_INSTALL_PREFIX "${Torch_DIR}/../../.." ABSOLUTE)
set(_tn_lib "${TORCH_INSTALL_PREFIX}/lib")
set(_tn_torch_has_cuda OFF)
if(EXISTS "${_tn_lib}/libc10_cuda.so" OR EXISTS "${_tn_lib}/libtorch_cuda.so")
  set(_tn_torch_has_cuda ON)
endif()
if(TORCH_NODE_CUDA STREQUAL "ON" AND NOT _tn_torch_has_cuda)
  message(FATAL_ERROR "torch-node: TORCH_NODE_CUDA=ON but the LibTorch in ${TORCH_INSTALL_PREFIX} has no CUDA "
    "(no libc10_cuda.so in ${_tn_lib}).")
endif()
set(_tn_want_cuda OFF)
if(_tn_torch_has_cuda AND NOT TORCH_NODE_CUDA STREQUAL "OFF")
  set(_tn_want_cuda ON)
endif()

# An nvcc, for config mode on a CUDA LibTorch.
set(_tn_nvcc "")
if(_tn_torch_has_cuda)
  if(CMAKE_CUDA_COMPILER)
    set(_tn_nvcc "${CMAKE_CUDA_COMPILER}")
  elseif(DEFINED ENV{CUDACXX} AND EXISTS "$ENV{CUDACXX}")
    set(_tn_nvcc "$ENV{CUDACXX}")
  else()
    set(_tn_nvcc_hints "")
    foreach(_v CUDA_HOME CUDA_PATH CUDAToolkit_ROOT)
      if(DEFINED ENV{${_v}})
        list(APPEND _tn_nvcc_hints "$ENV{${_v}}/bin")
      endif()
    endforeach()
    find_program(TORCH_NODE_NVCC nvcc HINTS ${_tn_nvcc_hints} PATHS /usr/local/cuda/bin)
    if(TORCH_NODE_NVCC)
      set(_tn_nvcc "${TORCH_NODE_NVCC}")
    endif()
  endif()
endif()

set(_tn_mode "${TORCH_NODE_TORCH_IMPORT}")
if(_tn_mode STREQUAL "AUTO")
  if(NOT _tn_torch_has_cuda OR _tn_nvcc)
    set(_tn_mode config)
  else()
    set(_tn_mode direct)
  endif()
endif()
message(STATUS "torch-node: LibTorch ${TORCH_INSTALL_PREFIX} (CUDA: ${_tn_torch_has_cuda}), "
  "import: ${_tn_mode}, CUDA parts wanted: ${_tn_want_cuda}, nvcc: ${_tn_nvcc}")

set(TORCH_NODE_INCLUDES "")
set(TORCH_NODE_DEFINES "")
if(_tn_mode STREQUAL "config")
  if(_tn_torch_has_cuda)
    if(_tn_nvcc AND NOT CMAKE_CUDA_COMPILER)
      set(CMAKE_CUDA_COMPILER "${_tn_nvcc}")
      get_filename_component(_tn_cuda_root "${_tn_nvcc}/../.." ABSOLUTE)
      set(CUDA_TOOLKIT_ROOT_DIR "${_tn_cuda_root}" CACHE PATH "CUDA toolkit (for TorchConfig)")
    endif()
    # FindCUDA/FindCUDAToolkit and TorchConfig's try_run expect a C compiler too.
    enable_language(C)
    # TorchConfig computes nvcc arch flags; we compile no CUDA code, so name one arch and skip the
    # GPU-probing "Auto" detection. PyTorch ignores CMAKE_CUDA_ARCHITECTURES (it warns if set).
    if(NOT DEFINED TORCH_CUDA_ARCH_LIST AND NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
      set(TORCH_CUDA_ARCH_LIST "9.0")
    endif()
  endif()
  find_package(Torch REQUIRED)
  # The libraries we link; linking torch_python would drag in Python.
  set(TORCH_NODE_LIBS "${TORCH_LIBRARIES}")
  # Torch's CUDA targets carry the CUDA include folder; name it too, in case they do not.
  if(_tn_want_cuda)
    foreach(_d IN LISTS CUDAToolkit_INCLUDE_DIRS CUDA_INCLUDE_DIRS)
      list(APPEND TORCH_NODE_INCLUDES "${_d}")
    endforeach()
  endif()
else()
  # direct: include folders, the shared libraries, and the C++ ABI flag TorchConfig would add.
  set(_tn_incs "${TORCH_INSTALL_PREFIX}/include" "${TORCH_INSTALL_PREFIX}/include/torch/csrc/api/include")
  set(_tn_names torch torch_cpu c10)
  if(_tn_torch_has_cuda)
    list(APPEND _tn_names torch_cuda c10_cuda)
  endif()
  # Linked whole (--no-as-needed): libtorch_cuda registers the CUDA kernels when it loads.
  set(_tn_link "-Wl,--no-as-needed")
  foreach(_n IN LISTS _tn_names)
    find_library(TORCH_NODE_LIB_${_n} ${_n} PATHS "${_tn_lib}" NO_DEFAULT_PATH)
    if(NOT TORCH_NODE_LIB_${_n})
      message(FATAL_ERROR "torch-node: lib${_n}.so not found in ${_tn_lib}")
    endif()
    list(APPEND _tn_link "${TORCH_NODE_LIB_${_n}}")
  endforeach()
  list(APPEND _tn_link "-Wl,--as-needed")
  set(_tn_defs "")
  file(STRINGS "${Torch_DIR}/TorchConfig.cmake" _tn_abi REGEX "_GLIBCXX_USE_CXX11_ABI=[01]")
  if(_tn_abi)
    string(REGEX MATCH "_GLIBCXX_USE_CXX11_ABI=[01]" _tn_abi "${_tn_abi}")
    list(APPEND _tn_defs "${_tn_abi}")
  endif()
  if(_tn_want_cuda)
    # The CUDA runtime headers: a toolkit, or the pip wheels beside torch (nvidia/cu13, nvidia/cuda_runtime).
    file(GLOB _tn_pip_cuda LIST_DIRECTORIES true "${TORCH_INSTALL_PREFIX}/../nvidia/*/include")
    set(_tn_cuda_hints "")
    foreach(_v CUDA_HOME CUDA_PATH CUDAToolkit_ROOT)
      if(DEFINED ENV{${_v}})
        list(APPEND _tn_cuda_hints "$ENV{${_v}}/include")
      endif()
    endforeach()
    if(_tn_nvcc)
      # The toolkit nvcc belongs to (nvcc may be a wrapper script elsewhere): its TOP.
      execute_process(COMMAND "${_tn_nvcc}" --dryrun -x cu -c /dev/null -o /dev/null
        OUTPUT_VARIABLE _tn_dry ERROR_VARIABLE _tn_dry RESULT_VARIABLE _tn_dry_rc)
      if(_tn_dry MATCHES "TOP=([^\n]*)")
        get_filename_component(_tn_top "${CMAKE_MATCH_1}" ABSOLUTE)
        list(APPEND _tn_cuda_hints "${_tn_top}/include")
      endif()
      get_filename_component(_tn_nvcc_inc "${_tn_nvcc}/../../include" ABSOLUTE)
      list(APPEND _tn_cuda_hints "${_tn_nvcc_inc}")
    endif()
    find_path(TORCH_NODE_CUDA_INCLUDE cuda_runtime_api.h
      HINTS ${_tn_cuda_hints} PATHS /usr/local/cuda/include ${_tn_pip_cuda})
    if(TORCH_NODE_CUDA_INCLUDE)
      list(APPEND _tn_incs "${TORCH_NODE_CUDA_INCLUDE}")
      # Other pip CUDA packages (cuBLAS, cuSPARSE, ...) keep their headers in sibling folders.
      list(APPEND _tn_incs ${_tn_pip_cuda})
      list(REMOVE_DUPLICATES _tn_incs)
    else()
      message(WARNING "torch-node: the LibTorch has CUDA but cuda_runtime_api.h was not found "
        "(set CUDA_HOME); building torch.cuda on the device-generic interfaces only "
        "(no getDeviceProperties).")
      set(_tn_want_cuda OFF)
    endif()
  endif()
  # An imported target, so its include folders are system ones (no warnings from LibTorch's headers).
  add_library(torch_node_libtorch INTERFACE IMPORTED)
  set_target_properties(torch_node_libtorch PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_tn_incs}"
    INTERFACE_LINK_LIBRARIES "${_tn_link}" INTERFACE_COMPILE_DEFINITIONS "${_tn_defs}")
  set(TORCH_NODE_LIBS torch_node_libtorch)
endif()
if(_tn_want_cuda)
  list(APPEND TORCH_NODE_DEFINES TORCH_NODE_WITH_CUDA)
endif()
message(STATUS "torch-node: TORCH_NODE_WITH_CUDA=${_tn_want_cuda}")
