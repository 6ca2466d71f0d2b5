# Gloo headers for torch.distributed (native/distributed*.cpp).
#
# LibTorch's pip wheel ships c10d's headers and links Gloo statically into libtorch_cpu.so, but not
# the Gloo headers ProcessGroupGloo.hpp includes. They must be those of the Gloo revision LibTorch
# was built with: another revision's classes can have other vtables, and calls through them crash.
#
# Where they come from, in order:
#   GLOO_INCLUDE_DIR (-D or environment): a folder holding gloo/config.h, gloo/context.h, ...
#   TORCH_NODE_FETCH_GLOO=1 (-D or environment): the pinned revision's archive is downloaded
#     (TORCH_NODE_GLOO_URL, default GitHub's archive of the commit) and every header c10d reaches is
#     checked against cmake/gloo-headers.sha256 before it is used.
#   otherwise: the addon builds without Gloo; torch.distributed.isAvailable() is then false and
#     unavailableReason() says this.
#
# Sets TORCH_NODE_GLOO_INCLUDE (a folder, or empty) and TORCH_NODE_GLOO_MISSING (why it is empty).

set(TORCH_NODE_GLOO_COMMIT "70dc360272dfc57e3617184c78ff9b06f8cd4757")
set(_tn_gloo_manifest "${CMAKE_CURRENT_LIST_DIR}/gloo-headers.sha256")

# STRING, not PATH: a relative folder is relative to the source tree, not to the build folder.
set(GLOO_INCLUDE_DIR "$ENV{GLOO_INCLUDE_DIR}" CACHE STRING "Folder with the Gloo headers (gloo/context.h) of LibTorch's Gloo revision")
if(DEFINED ENV{TORCH_NODE_FETCH_GLOO})
  set(_tn_fetch_default "$ENV{TORCH_NODE_FETCH_GLOO}")
else()
  set(_tn_fetch_default OFF)
endif()
set(TORCH_NODE_FETCH_GLOO "${_tn_fetch_default}" CACHE BOOL "Download the pinned Gloo headers at configure time (checked against cmake/gloo-headers.sha256)")
if(DEFINED ENV{TORCH_NODE_GLOO_URL})
  set(_tn_url_default "$ENV{TORCH_NODE_GLOO_URL}")
else()
  set(_tn_url_default "https://github.com/pytorch/gloo/archive/${TORCH_NODE_GLOO_COMMIT}.tar.gz")
endif()
set(TORCH_NODE_GLOO_URL "${_tn_url_default}" CACHE STRING "Where TORCH_NODE_FETCH_GLOO downloads the Gloo archive from")

# Reads the manifest into _tn_gloo_files / _tn_gloo_hashes (parallel lists).
file(STRINGS "${_tn_gloo_manifest}" _tn_lines REGEX "^[0-9a-f]+  ")
set(_tn_gloo_files "")
set(_tn_gloo_hashes "")
foreach(_line IN LISTS _tn_lines)
  string(REGEX REPLACE "^([0-9a-f]+)  (.*)$" "\\1" _hash "${_line}")
  string(REGEX REPLACE "^([0-9a-f]+)  (.*)$" "\\2" _file "${_line}")
  list(APPEND _tn_gloo_files "${_file}")
  list(APPEND _tn_gloo_hashes "${_hash}")
endforeach()

# Sets ${out} to the list of manifest files missing or different in ${dir}.
function(_tn_gloo_check dir out)
  set(_bad "")
  list(LENGTH _tn_gloo_files _n)
  math(EXPR _last "${_n} - 1")
  foreach(_i RANGE ${_last})
    list(GET _tn_gloo_files ${_i} _file)
    list(GET _tn_gloo_hashes ${_i} _want)
    if(NOT EXISTS "${dir}/${_file}")
      list(APPEND _bad "${_file} (missing)")
    else()
      file(SHA256 "${dir}/${_file}" _got)
      if(NOT _got STREQUAL _want)
        list(APPEND _bad "${_file} (sha256 ${_got})")
      endif()
    endif()
  endforeach()
  set(${out} "${_bad}" PARENT_SCOPE)
endfunction()

set(TORCH_NODE_GLOO_INCLUDE "")
set(TORCH_NODE_GLOO_MISSING "")
if(GLOO_INCLUDE_DIR)
  get_filename_component(_tn_dir "${GLOO_INCLUDE_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${_tn_dir}/gloo/context.h" OR NOT EXISTS "${_tn_dir}/gloo/config.h")
    message(FATAL_ERROR "torch-node: GLOO_INCLUDE_DIR='${GLOO_INCLUDE_DIR}' has no gloo/context.h and gloo/config.h. "
      "Point it at the include folder of the Gloo revision LibTorch was built with, or unset it "
      "(then TORCH_NODE_FETCH_GLOO=1 downloads the pinned headers, or the addon builds without torch.distributed).")
  endif()
  _tn_gloo_check("${_tn_dir}" _tn_bad)
  if(_tn_bad)
    # Another LibTorch version pairs with another Gloo revision, so a difference is not an error
    # by itself; a mismatched pair crashes in the first collective, hence the warning.
    message(WARNING "torch-node: the Gloo headers in ${_tn_dir} differ from the revision cmake/gloo-headers.sha256 "
      "pins (Gloo ${TORCH_NODE_GLOO_COMMIT}, PyTorch 2.13's): ${_tn_bad}. They must be the revision the linked LibTorch was built with.")
  endif()
  set(TORCH_NODE_GLOO_INCLUDE "${_tn_dir}")
elseif(TORCH_NODE_FETCH_GLOO)
  # Where the download goes (the build folder; also runs as `cmake -P cmake/Gloo.cmake`, see
  # test/scripts/gloo_fetch.test.ts).
  if(NOT TORCH_NODE_GLOO_WORK_DIR)
    set(TORCH_NODE_GLOO_WORK_DIR "${CMAKE_BINARY_DIR}")
  endif()
  set(_tn_root "${TORCH_NODE_GLOO_WORK_DIR}/gloo-${TORCH_NODE_GLOO_COMMIT}")
  set(_tn_include "${_tn_root}/include")
  _tn_gloo_check("${_tn_include}" _tn_bad)
  if(_tn_bad)
    set(_tn_archive "${TORCH_NODE_GLOO_WORK_DIR}/gloo-${TORCH_NODE_GLOO_COMMIT}.tar.gz")
    message(STATUS "torch-node: downloading the Gloo headers from ${TORCH_NODE_GLOO_URL}")
    file(DOWNLOAD "${TORCH_NODE_GLOO_URL}" "${_tn_archive}" STATUS _tn_status TLS_VERIFY ON)
    list(GET _tn_status 0 _tn_code)
    if(NOT _tn_code EQUAL 0)
      list(GET _tn_status 1 _tn_msg)
      file(REMOVE "${_tn_archive}")
      message(FATAL_ERROR "torch-node: TORCH_NODE_FETCH_GLOO: downloading ${TORCH_NODE_GLOO_URL} failed: ${_tn_msg}. "
        "Download it elsewhere and pass TORCH_NODE_GLOO_URL=file:///path/to/archive.tar.gz, or set GLOO_INCLUDE_DIR.")
    endif()
    file(REMOVE_RECURSE "${_tn_root}/extract")
    file(ARCHIVE_EXTRACT INPUT "${_tn_archive}" DESTINATION "${_tn_root}/extract")
    # GitHub's archive has one top folder (gloo-<commit>/) holding gloo/.
    file(GLOB _tn_top LIST_DIRECTORIES true "${_tn_root}/extract/*")
    list(LENGTH _tn_top _tn_ntop)
    if(NOT _tn_ntop EQUAL 1 OR NOT EXISTS "${_tn_top}/gloo/context.h")
      message(FATAL_ERROR "torch-node: ${TORCH_NODE_GLOO_URL} is not a Gloo source archive (one top folder holding gloo/context.h)")
    endif()
    file(REMOVE_RECURSE "${_tn_include}")
    foreach(_file IN LISTS _tn_gloo_files)
      if(_file STREQUAL "gloo/config.h")
        continue()
      endif()
      if(EXISTS "${_tn_top}/${_file}")
        get_filename_component(_sub "${_file}" DIRECTORY)
        file(COPY "${_tn_top}/${_file}" DESTINATION "${_tn_include}/${_sub}")
      endif()
    endforeach()
    # gloo/config.h is generated: Gloo's own configuration as PyTorch builds it (TCP transport
    # only). An archive of already configured headers brings its own (checked like the others).
    if(EXISTS "${_tn_top}/gloo/config.h")
      file(COPY "${_tn_top}/gloo/config.h" DESTINATION "${_tn_include}/gloo")
    elseif(EXISTS "${_tn_top}/gloo/config.h.in")
      set(GLOO_VERSION_MAJOR 0)
      set(GLOO_VERSION_MINOR 5)
      set(GLOO_VERSION_PATCH 0)
      foreach(_v CUDA NCCL ROCM RCCL REDIS IBVERBS MPI AVX LIBUV)
        set(GLOO_USE_${_v} 0)
      endforeach()
      set(GLOO_HAVE_TRANSPORT_TCP 1)
      set(GLOO_HAVE_TRANSPORT_TCP_TLS 0)
      set(GLOO_HAVE_TRANSPORT_IBVERBS 0)
      set(GLOO_HAVE_TRANSPORT_UV 0)
      set(GLOO_USE_TORCH_DTYPES 0)
      configure_file("${_tn_top}/gloo/config.h.in" "${_tn_include}/gloo/config.h" @ONLY)
    endif()
    file(REMOVE_RECURSE "${_tn_root}/extract")
    _tn_gloo_check("${_tn_include}" _tn_bad)
    if(_tn_bad)
      file(REMOVE_RECURSE "${_tn_include}")
      message(FATAL_ERROR "torch-node: the Gloo headers from ${TORCH_NODE_GLOO_URL} do not match cmake/gloo-headers.sha256: "
        "${_tn_bad}. Refusing to build against them.")
    endif()
  endif()
  set(TORCH_NODE_GLOO_INCLUDE "${_tn_include}")
else()
  set(TORCH_NODE_GLOO_MISSING "torch-node was built without the Gloo headers: rebuild the addon with GLOO_INCLUDE_DIR set to the include folder of the Gloo revision LibTorch was built with, or with TORCH_NODE_FETCH_GLOO=1 to download the pinned revision (pytorch/gloo ${TORCH_NODE_GLOO_COMMIT}, checked against cmake/gloo-headers.sha256)")
endif()

if(TORCH_NODE_GLOO_INCLUDE)
  message(STATUS "torch-node: torch.distributed with Gloo headers from ${TORCH_NODE_GLOO_INCLUDE}")
else()
  message(STATUS "torch-node: torch.distributed without Gloo (no GLOO_INCLUDE_DIR, TORCH_NODE_FETCH_GLOO off)")
endif()
