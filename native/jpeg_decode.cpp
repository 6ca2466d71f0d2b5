// JPEG decoding through libjpeg(-turbo), the library torchvision's decode_jpeg and Pillow decode
// with: the same samples, bit for bit, and the Y plane itself for GRAY (the sharp path recomputes
// luma from RGB). sharp's pipeline spends several times the decoder's own time on a small image;
// this is the fast path of torchvision-style image loading (ImageFolder, readImage).
//
// libjpeg is opened at run time (dlopen), never linked: an addon linked to it would fail to load
// wherever the library is missing, and torch-node/vision falls back to sharp there. The header
// comes from the build machine (libjpeg-dev); the library opened is the one of the same ABI
// (libjpeg.so.<JPEG_LIB_VERSION>), and jpeg_CreateDecompress checks the version and struct size
// itself, so a mismatched library fails cleanly, never corrupts memory.
//
// native.jpeg.available(): null when usable, else why not (a string).
// native.jpeg.decode(bytes: Uint8Array, mode: 0 | 1 | 3): uint8 tensor H x W x C; mode 0 keeps
//   the file's channels (1 or 3), 1 gives the Y plane, 3 RGB. Throws on CMYK/YCCK files
//   (components other than 1 and 3), which the caller leaves to sharp.
// native.jpeg.decodeAsync(bytes, mode): the same in libuv's thread pool, a Promise.
#include "tensor_object.h"

#ifdef TORCH_NODE_WITH_JPEG
#include <csetjmp>
#include <cstdio>
#include <dlfcn.h>
#include <jpeglib.h>
#endif

#include <cstring>
#include <memory>
#include <type_traits>
#include <mutex>
#include <string>
#include <vector>

namespace tn {
namespace {

#ifdef TORCH_NODE_WITH_JPEG

// The library of the header's ABI (libjpeg-turbo builds 62, 7 or 8).
#if JPEG_LIB_VERSION >= 80
constexpr const char* kLibraryName = "libjpeg.so.8";
#elif JPEG_LIB_VERSION >= 70
constexpr const char* kLibraryName = "libjpeg.so.7";
#else
constexpr const char* kLibraryName = "libjpeg.so.62";
#endif

// The few entry points used, resolved once.
struct LibJpeg {
  struct jpeg_error_mgr* (*std_error)(struct jpeg_error_mgr*) = nullptr;
  void (*create_decompress)(j_decompress_ptr, int, size_t) = nullptr;
  void (*destroy_decompress)(j_decompress_ptr) = nullptr;
  void (*mem_src)(j_decompress_ptr, const unsigned char*, unsigned long) = nullptr;
  int (*read_header)(j_decompress_ptr, boolean) = nullptr;
  boolean (*start_decompress)(j_decompress_ptr) = nullptr;
  JDIMENSION (*read_scanlines)(j_decompress_ptr, JSAMPARRAY, JDIMENSION) = nullptr;
  boolean (*finish_decompress)(j_decompress_ptr) = nullptr;
  std::string missing;  // why not usable; empty when usable
};

const LibJpeg& libjpeg() {
  static LibJpeg lib;
  static std::once_flag once;
  std::call_once(once, [] {
    const char* name = kLibraryName;
    void* h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char* err = dlerror();
      lib.missing = std::string("cannot open ") + name + (err ? std::string(" (") + err + ")" : std::string());
      return;
    }
    auto sym = [&](auto& fn, const char* s) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(h, s));
      if (!fn && lib.missing.empty()) lib.missing = std::string(name) + " has no " + s;
    };
    sym(lib.std_error, "jpeg_std_error");
    sym(lib.create_decompress, "jpeg_CreateDecompress");
    sym(lib.destroy_decompress, "jpeg_destroy_decompress");
    sym(lib.mem_src, "jpeg_mem_src");
    sym(lib.read_header, "jpeg_read_header");
    sym(lib.start_decompress, "jpeg_start_decompress");
    sym(lib.read_scanlines, "jpeg_read_scanlines");
    sym(lib.finish_decompress, "jpeg_finish_decompress");
    // The library stays open for the life of the process (tensors never point into it, but
    // decodes may run on pool threads at exit).
  });
  return lib;
}

// libjpeg reports errors by calling error_exit, which must not return: it jumps back here.
// Warnings (a truncated file's "Premature end of JPEG file", corrupt data) are errors too: the
// decoder would otherwise hand back an image with gray rows where the data ended.
struct ErrorMgr {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void onError(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorMgr*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  longjmp(err->jump, 1);
}

void onMessage(j_common_ptr cinfo, int level) {
  if (level < 0) onError(cinfo);  // a warning; trace messages (level >= 0) are ignored
}

// Decodes into a new uint8 tensor H x W x C. Plain C state only between setjmp and longjmp:
// no object with a destructor lives in this frame across a libjpeg call.
struct DecodeResult {
  at::Tensor image;
  std::string error;  // libjpeg's message, or why the file is left to the fallback
  bool unsupported = false;  // components other than 1 and 3: not an error, sharp's case
};

void decodeInto(const unsigned char* data, size_t size, int mode, DecodeResult& out) {
  const LibJpeg& lib = libjpeg();
  struct jpeg_decompress_struct cinfo;
  ErrorMgr err;
  std::memset(&cinfo, 0, sizeof cinfo);
  cinfo.err = lib.std_error(&err.pub);
  err.pub.error_exit = onError;
  err.pub.emit_message = onMessage;
  err.message[0] = 0;
  at::Tensor* image = &out.image;
  volatile bool created = false;
  if (setjmp(err.jump)) {
    if (created) lib.destroy_decompress(&cinfo);
    out.error = err.message;
    return;
  }
  lib.create_decompress(&cinfo, JPEG_LIB_VERSION, sizeof cinfo);
  created = true;
  lib.mem_src(&cinfo, data, static_cast<unsigned long>(size));
  lib.read_header(&cinfo, TRUE);
  int components = cinfo.num_components;
  if (components != 1 && components != 3) {
    lib.destroy_decompress(&cinfo);
    out.unsupported = true;
    return;
  }
  int channels = mode == 0 ? components : mode;
  cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  lib.start_decompress(&cinfo);
  int64_t h = cinfo.output_height, w = cinfo.output_width;
  // at::empty throws (a C++ exception) only for sizes libjpeg's 16-bit dimensions cannot reach;
  // an allocation failure is caught by the caller after the decompressor is destroyed below.
  bool allocated = false;
  try {
    *image = at::empty({h, w, channels}, at::kByte);
    allocated = true;
  } catch (...) {
  }
  if (!allocated) {
    lib.destroy_decompress(&cinfo);
    out.error = "can't allocate memory for a " + std::to_string(h) + " x " + std::to_string(w) + " image";
    return;
  }
  auto* base = image->data_ptr<uint8_t>();
  const size_t rowBytes = static_cast<size_t>(w) * channels;
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = base + static_cast<size_t>(cinfo.output_scanline) * rowBytes;
    lib.read_scanlines(&cinfo, &row, 1);
  }
  lib.finish_decompress(&cinfo);
  lib.destroy_decompress(&cinfo);
}

// The bytes of a Uint8Array argument, checked natively: JS may pass anything.
std::pair<const unsigned char*, size_t> bytesArg(napi_env env, napi_value value) {
  bool isTyped = false;
  napi_is_typedarray(env, value, &isTyped);
  if (!isTyped) throw JsTypeError("bytes must be a Uint8Array");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr));
  if (type != napi_uint8_array && type != napi_uint8_clamped_array) throw JsTypeError("bytes must be a Uint8Array");
  if (length == 0 || data == nullptr) throw JsRangeError("Expected a non empty 1-dimensional tensor");
  return {static_cast<const unsigned char*>(data), length};
}

int modeArg(const Napi::Value& v) {
  if (!v.IsNumber()) throw JsTypeError("mode must be 0, 1 or 3");
  double m = v.As<Napi::Number>().DoubleValue();
  if (m != 0 && m != 1 && m != 3) throw JsRangeError("mode must be 0, 1 or 3");
  return static_cast<int>(m);
}

void requireLibrary() {
  const LibJpeg& lib = libjpeg();
  if (!lib.missing.empty()) throw std::runtime_error("libjpeg is not available: " + lib.missing);
}

// A decode's outcome as JS sees it: the tensor, null (left to sharp), or a thrown Error.
napi_value finish(napi_env env, DecodeResult& r) {
  if (r.unsupported) {
    napi_value null;
    napi_get_null(env, &null);
    return null;
  }
  if (!r.error.empty()) throw std::runtime_error(r.error);
  return wrapTensor(env, std::move(r.image));
}

Napi::Value available(const Napi::CallbackInfo& info) {
  const LibJpeg& lib = libjpeg();
  if (lib.missing.empty()) return info.Env().Null();
  return Napi::String::New(info.Env(), lib.missing);
}

Napi::Value decode(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  requireLibrary();
  auto [data, size] = bytesArg(env, info[0]);
  int mode = modeArg(info[1]);
  DecodeResult r;
  decodeInto(data, size, mode, r);
  return Napi::Value(env, finish(env, r));
}

// An asynchronous decode: the input copied (JS may change or free its buffer meanwhile), decoded
// in libuv's pool, wrapped on the JS thread.
struct AsyncDecode {
  std::vector<unsigned char> bytes;
  int mode = 0;
  DecodeResult result;
  napi_deferred deferred = nullptr;
  napi_async_work work = nullptr;
};

void executeDecode(napi_env, void* data) {
  auto* job = static_cast<AsyncDecode*>(data);
  try {
    decodeInto(job->bytes.data(), job->bytes.size(), job->mode, job->result);
  } catch (const std::exception& e) {
    job->result.error = e.what();
  }
}

void completeDecode(napi_env env, napi_status status, void* data) {
  std::unique_ptr<AsyncDecode> job(static_cast<AsyncDecode*>(data));
  napi_delete_async_work(env, job->work);
  if (env == nullptr) return;  // the environment is going away
  napi_value value = nullptr;
  bool ok = true;
  try {
    if (status == napi_cancelled) throw std::runtime_error("the decode was cancelled");
    value = finish(env, job->result);
  } catch (...) {
    throwAsJs(env);
    ok = false;
  }
  if (ok) {
    napi_resolve_deferred(env, job->deferred, value);
    return;
  }
  napi_value error;
  if (napi_get_and_clear_last_exception(env, &error) != napi_ok) napi_get_undefined(env, &error);
  napi_reject_deferred(env, job->deferred, error);
}

Napi::Value decodeAsync(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  requireLibrary();
  auto [data, size] = bytesArg(env, info[0]);
  auto job = std::make_unique<AsyncDecode>();
  job->mode = modeArg(info[1]);
  job->bytes.assign(data, data + size);
  napi_value promise, name;
  check(env, napi_create_promise(env, &job->deferred, &promise));
  check(env, napi_create_string_utf8(env, "torch-node:decodeJpeg", NAPI_AUTO_LENGTH, &name));
  check(env, napi_create_async_work(env, nullptr, name, executeDecode, completeDecode, job.get(), &job->work));
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    throw std::runtime_error("torch-node: could not queue the JPEG decode");
  }
  job.release();
  return Napi::Value(env, promise);
}

#else  // built without jpeglib.h

Napi::Value available(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), "torch-node was built without libjpeg's header (jpeglib.h: the libjpeg-dev package)");
}

Napi::Value decode(const Napi::CallbackInfo&) {
  throw std::runtime_error("libjpeg is not available: torch-node was built without jpeglib.h");
}

Napi::Value decodeAsync(const Napi::CallbackInfo& info) { return decode(info); }

#endif

}  // namespace

void registerJpegDecode(Napi::Env env, Napi::Object exports) {
  Napi::Object jpeg = Napi::Object::New(env);
  defineFunctions(env, jpeg, {
      TN_FN("available", available),
      TN_FN("decode", decode),
      TN_FN("decodeAsync", decodeAsync),
  });
  exports.Set("jpeg", jpeg);
}

}  // namespace tn
