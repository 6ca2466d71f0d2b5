// Memory-mapped files and CPU tensors over their bytes (safetensors' zero-copy load, torch.load's
// mmap option). A file is mapped whole, MAP_PRIVATE with PROT_READ|PROT_WRITE: tensors made from
// it may be written in place, and such writes copy the touched pages (copy-on-write), never
// reaching the file. The mapping is one c10::Storage over the whole file, whose deleter unmaps
// it; the JS handle and every tensor made from it hold that storage, so the file stays mapped
// until the last of them is gone. Sharing one storage also keeps mapped bytes out of V8's
// external-memory count (gc_pressure.h counts a storage once, for its first owner, and the handle
// is not a tensor): they are file-backed pages the kernel can drop, and reporting a 500 MB
// mapping as heap pressure made V8 run full collections while a file was being opened.
//
// Caveat: as with any mmap, if another process truncates the file while it is mapped, touching a
// page past the new end raises SIGBUS. The file's descriptor is closed right after mapping.
#include "enum_names.h"
#include "sys_error.h"
#include "tensor_object.h"
#include <c10/util/StringUtil.h>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tn {
namespace {

// The mapping itself, the context of the storage's DataPtr. Its deleter may run inside a garbage
// collection (a tensor's last reference): munmap only, no JS.
struct Mapping {
  void* base;
  size_t length;
  static void unmap(void* context) {
    auto* m = static_cast<Mapping*>(context);
    munmap(m->base, m->length);
    delete m;
  }
};

// What the JS handle (an External) points at.
// base and length are kept apart from the storage: reading them through it could materialize a
// copy-on-write storage (one that at::_lazy_clone shared), copying the whole file.
struct MappingHandle {
  c10::Storage storage;
  char* base;
  size_t length;
};

// Tags the External so that no other External (a Generator handle, another addon's) passes for one.
const napi_type_tag kMappingTag = {0x8a1d4c2e6f3b5a79ULL, 0x1e0c9b7d2a4f6e53ULL};

constexpr double kMaxSafeInteger = 9007199254740991.0;

[[noreturn]] void throwErrno(napi_env env, int err, const std::string& what, const char* syscall, const std::string& path) {
  throwSysError(env, err, what, syscall, &path);
}

MappingHandle* mappingOf(napi_env env, napi_value value, const char* what) {
  bool tagged = false;
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external ||
      napi_check_object_type_tag(env, value, &kMappingTag, &tagged) != napi_ok || !tagged) {
    throw JsTypeError(std::string(what) + ": handle must be a mapped file handle (from mapFile())");
  }
  void* data = nullptr;
  check(env, napi_get_value_external(env, value, &data));
  return static_cast<MappingHandle*>(data);
}

// A non-negative safe integer, else a TypeError naming the argument.
int64_t safeIndex(napi_env env, napi_value value, const std::string& what) {
  napi_valuetype type;
  double d = -1;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number ||
      napi_get_value_double(env, value, &d) != napi_ok || !(d >= 0) || d > kMaxSafeInteger || std::floor(d) != d) {
    throw JsTypeError(what + " must be a non-negative safe integer");
  }
  return static_cast<int64_t>(d);
}

// An array of at most 64 non-negative safe integers, each element read once.
std::vector<int64_t> indexArray(napi_env env, napi_value value, const std::string& what) {
  bool isArray = false;
  napi_is_array(env, value, &isArray);
  if (!isArray) throw JsTypeError(what + " must be an array of non-negative safe integers");
  uint32_t n = 0;
  check(env, napi_get_array_length(env, value, &n));
  if (n > 64) throw JsRangeError(what + " has " + std::to_string(n) + " dimensions; at most 64 are supported");
  std::vector<int64_t> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    napi_value e;
    if (napi_get_element(env, value, i, &e) != napi_ok) throw JsPending();
    out.push_back(safeIndex(env, e, what + "[" + std::to_string(i) + "]"));
  }
  return out;
}

// mapFile(path) -> handle
Napi::Value mapFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* what = "mapFile(path)";
  if (!info[0].IsString()) throw JsTypeError("mapFile(path): path must be a string");
  std::string path = info[0].As<Napi::String>();
  if (path.find('\0') != std::string::npos) throw JsTypeError("mapFile(path): path must not contain null bytes");
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below as non-regular).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throwErrno(env, errno, what, "open", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throwErrno(env, err, what, "fstat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throwErrno(env, EISDIR, what, "mmap", path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw JsTypeError("mapFile(path): '" + path + "' is not a regular file (only regular files can be mapped)");
  }
  if (st.st_size == 0) {
    ::close(fd);
    throw JsRangeError("mapFile(path): '" + path + "' is empty (0 bytes); an empty file cannot be mapped");
  }
  auto length = static_cast<size_t>(st.st_size);
  void* base = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  int err = errno;
  ::close(fd);  // the mapping keeps the file itself referenced
  if (base == MAP_FAILED) throwErrno(env, err, what, "mmap", path);
  auto* mapping = new Mapping{base, length};
  c10::DataPtr data(base, mapping, &Mapping::unmap, at::Device(at::kCPU));
  auto* handle = new MappingHandle{c10::Storage(c10::Storage::use_byte_size_t(), length, std::move(data),
                                                /*allocator=*/nullptr, /*resizable=*/false),
                                   static_cast<char*>(base), length};
  napi_value result;
  napi_status status = napi_create_external(env, handle, [](node_api_basic_env, void* data, void*) {
    delete static_cast<MappingHandle*>(data);
  }, nullptr, &result);
  if (status != napi_ok) {
    delete handle;
    check(env, status);
  }
  check(env, napi_type_tag_object(env, result, &kMappingTag));
  return Napi::Value(env, result);
}

Napi::Value mappedFileByteLength(const Napi::CallbackInfo& info) {
  MappingHandle* handle = mappingOf(info.Env(), info[0], "mappedFileByteLength(handle)");
  return Napi::Number::New(info.Env(), static_cast<double>(handle->length));
}

// tensorFromMapping(handle, byteOffset, dtype, shape, strides?) -> a CPU tensor over the mapped
// bytes. Strides are in elements (PyTorch's); absent means contiguous. Memory not aligned to the
// dtype's element size is copied instead (into a fresh tensor with the same shape and strides):
// unaligned loads are undefined behaviour in C++ and kernels may use aligned vector loads.
Napi::Value tensorFromMapping(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string what = "tensorFromMapping()";
  MappingHandle* handle = mappingOf(env, info[0], "tensorFromMapping(handle)");
  int64_t byteOffset = safeIndex(env, info[1], "tensorFromMapping(): byteOffset");
  if (!info[2].IsString()) throw JsTypeError("tensorFromMapping(): dtype must be a string");
  std::string dtypeName = info[2].As<Napi::String>();
  auto dtype = scalarTypeFromName(dtypeName);
  if (!dtype) throw JsTypeError("tensorFromMapping(): dtype '" + dtypeName + "' is not a torch-node dtype");
  std::vector<int64_t> sizes = indexArray(env, info[3], "tensorFromMapping(): shape");
  std::vector<int64_t> strides;
  bool contiguous = info.Length() < 5 || info[4].IsUndefined() || info[4].IsNull();
  if (contiguous) {
    strides.assign(sizes.size(), 1);
    int64_t step = 1;
    for (size_t i = sizes.size(); i-- > 0;) {
      strides[i] = step;
      // The product only matters while every size is non-zero; a zero size makes numel 0 below.
      if (sizes[i] != 0 && __builtin_mul_overflow(step, sizes[i], &step)) {
        throw JsRangeError("tensorFromMapping(): the shape's element count overflows int64");
      }
    }
  } else {
    strides = indexArray(env, info[4], "tensorFromMapping(): strides");
    if (strides.size() != sizes.size()) {
      throw JsRangeError("tensorFromMapping(): strides has " + std::to_string(strides.size()) + " entries but shape has " +
                         std::to_string(sizes.size()));
    }
  }
  auto options = at::TensorOptions().dtype(*dtype).device(at::kCPU);
  auto itemSize = static_cast<int64_t>(c10::elementSize(*dtype));
  auto fileBytes = static_cast<int64_t>(handle->length);
  if (byteOffset > fileBytes) {
    throw JsRangeError("tensorFromMapping(): byteOffset " + std::to_string(byteOffset) + " is past the end of the " +
                       std::to_string(fileBytes) + "-byte file");
  }
  int64_t numel = 1;
  for (int64_t s : sizes) {
    if (__builtin_mul_overflow(numel, s, &numel)) throw JsRangeError("tensorFromMapping(): the shape's element count overflows int64");
  }
  if (numel == 0) return Napi::Value(env, wrapTensor(env, at::empty_strided(sizes, strides, options)));
  // The highest element index the view reaches, then its byte extent: all overflow-checked.
  int64_t lastIndex = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    int64_t term;
    if (__builtin_mul_overflow(sizes[i] - 1, strides[i], &term) || __builtin_add_overflow(lastIndex, term, &lastIndex)) {
      throw JsRangeError("tensorFromMapping(): the view's extent overflows int64");
    }
  }
  int64_t extent, end;
  if (__builtin_add_overflow(lastIndex, 1, &extent) || __builtin_mul_overflow(extent, itemSize, &extent) ||
      __builtin_add_overflow(byteOffset, extent, &end) || end > fileBytes) {
    throw JsRangeError("tensorFromMapping(): shape [" + c10::Join(", ", sizes) + "] with strides [" + c10::Join(", ", strides) +
                       "] of " + dtypeName + " at byteOffset " + std::to_string(byteOffset) + " reaches past the end of the " +
                       std::to_string(fileBytes) + "-byte file");
  }
  char* data = handle->base + byteOffset;
  if (reinterpret_cast<uintptr_t>(data) % static_cast<uintptr_t>(itemSize) != 0) {
    at::Tensor flat = at::empty({extent / itemSize}, options);
    std::memcpy(flat.data_ptr(), data, static_cast<size_t>(extent));
    return Napi::Value(env, wrapTensor(env, flat.as_strided(sizes, strides)));
  }
  // The mapping is page-aligned, so an aligned address is an aligned offset into the storage.
  at::Tensor t = at::empty({0}, options).set_(handle->storage, byteOffset / itemSize, sizes, strides);
  return Napi::Value(env, wrapTensor(env, t));
}

}  // namespace

void registerMappedFile(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("mapFile", mapFile),
      TN_FN("mappedFileByteLength", mappedFileByteLength),
      TN_FN("tensorFromMapping", tensorFromMapping),
  });
}

}  // namespace tn
