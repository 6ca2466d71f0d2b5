// torch.save / torch.load's container: PyTorch's zip archive, written and read with LibTorch's own
// PyTorchStreamWriter / PyTorchStreamReader (so files are byte-compatible with Python's). The
// pickle (the object graph) is made and read in JS (lib/serialization/); storage bytes never pass
// through JS: the writer reads them from the tensors' memory, and loaded storages are tensors over
// the records' memory (a malloc'd record, or, with mmap, native/mapped_file.cpp's copy-on-write mapping).
//
// Each operation has a synchronous entry point and an asynchronous one (napi async work: the
// file IO, CRC32 and record copies run on libuv's thread pool).
#include "enum_names.h"
#include "tensor_object.h"
#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/in_memory_adapter.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tn {
namespace {

std::string errnoMessage(const std::string& what, const std::string& path, int err) {
  return what + " '" + path + "': " + std::strerror(err);
}

// ---- writing ------------------------------------------------------------------------------------

// The archive in memory: an anonymous mapping of its computed size, handed to the Buffer as is (no
// copy, never grown; unused tail pages are never touched, so they cost no memory). No huge pages
// (MADV_HUGEPAGE): with the page cache full, direct compaction made saves several times slower.
class ArchiveBuffer {
 public:
  ArchiveBuffer() = default;
  ArchiveBuffer(const ArchiveBuffer&) = delete;
  ArchiveBuffer& operator=(const ArchiveBuffer&) = delete;
  ~ArchiveBuffer() { release(); }

  void reserve(size_t capacity) {
    release();
    if (capacity == 0) return;
    void* p = ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<char*>(p);
    capacity_ = capacity;
  }
  void append(const void* bytes, size_t n) {
    // The capacity is an upper bound of the archive's size; past it is a bug, never an overflow.
    if (n > capacity_ - size_) throw std::runtime_error("torch.save: the archive outgrew its computed size");
    std::memcpy(data_ + size_, bytes, n);
    size_ += n;
  }
  char* data() const { return data_; }
  size_t size() const { return size_; }
  // Gives the mapping away (to a Buffer's finalizer, which unmaps it with unmap()).
  std::pair<char*, size_t> release_to_caller() {
    auto r = std::make_pair(data_, capacity_);
    data_ = nullptr;
    capacity_ = size_ = 0;
    return r;
  }
  static void unmap(char* p, size_t capacity) {
    if (p != nullptr) ::munmap(p, capacity);
  }

 private:
  void release() {
    unmap(data_, capacity_);
    data_ = nullptr;
    capacity_ = size_ = 0;
  }
  char* data_ = nullptr;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

// What one save needs, captured on the JS thread: the pickle bytes, the storages (held, so that
// they outlive the work), and where to put the archive (a file path written through a temporary
// file in the same directory, or memory when path is empty).
struct SaveJob {
  std::string pickle;
  std::vector<std::string> keys;
  std::vector<at::Storage> storages;
  std::string path;
  std::string tmpPath;
  bool fsync = true;  // fsync the file and its directory (durability across a power loss)
  ArchiveBuffer out;  // the archive, when saving to memory

  void writeArchive(const std::function<size_t(const void*, size_t)>& sink) {
    caffe2::serialize::PyTorchStreamWriter writer(sink);
    try {
      writer.writeRecord("data.pkl", pickle.data(), pickle.size());
      writer.writeRecord(".format_version", "1", 1);
      writer.writeRecord(".storage_alignment", "64", 2);
      writer.writeRecord("byteorder", "little", 6);
      static const char kEmpty[1] = {0};
      for (size_t i = 0; i < keys.size(); ++i) {
        const at::Storage& s = storages[i];
        const void* data = s.nbytes() == 0 ? kEmpty : s.data();
        writer.writeRecord("data/" + keys[i], data, s.nbytes());
      }
      writer.writeEndOfFile();
    } catch (...) {
      // The writer's destructor finalizes an unfinished archive and would throw from there
      // (std::terminate); finalizing now marks it finished whatever happens.
      try { writer.writeEndOfFile(); } catch (...) {}
      throw;
    }
  }

  void run() {
    if (path.empty()) {
      // The archive's size up front (records, their headers and padding, the directory): appending
      // then never reallocates and copies what was written.
      size_t total = pickle.size() + 8192;
      for (size_t i = 0; i < keys.size(); ++i) total += storages[i].nbytes() + 256 + keys[i].size() * 2;
      out.reserve(total);
      writeArchive([this](const void* buf, size_t n) -> size_t {
        out.append(static_cast<const char*>(buf), n);
        return n;
      });
      return;
    }
    int fd = ::open(tmpPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) throw std::runtime_error(errnoMessage("torch.save: cannot create", tmpPath, errno));
    int writeErr = 0;
    try {
      // The previous file's permissions carry over, as when Python truncates and rewrites it.
      struct stat st;
      if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::fchmod(fd, st.st_mode & 07777);
      // A failed write is recorded and later writes are skipped; the sink reports success so that
      // the zip writer finishes normally, and the error is raised below.
      // With fsync, the kernel is asked to start writing back each 32 MB as soon as it is written
      // (sync_file_range, no waiting), so the disk works while the writer copies and checksums
      // the rest, and the final fsync waits only for the tail.
      off_t written = 0, flushed = 0;
      constexpr off_t kWritebackChunk = off_t(32) << 20;
      const bool durable = fsync;
      writeArchive([fd, &writeErr, &written, &flushed, durable](const void* buf, size_t n) -> size_t {
        const char* p = static_cast<const char*>(buf);
        size_t left = n;
        while (left > 0 && writeErr == 0) {
          ssize_t w = ::write(fd, p, left);
          if (w < 0) {
            if (errno == EINTR) continue;
            writeErr = errno;
            break;
          }
          p += w;
          left -= static_cast<size_t>(w);
          written += w;
        }
#if defined(__linux__)
        if (durable && written - flushed >= kWritebackChunk) {
          ::sync_file_range(fd, flushed, written - flushed, SYNC_FILE_RANGE_WRITE);  // a hint
          flushed = written;
        }
#endif
        return n;
      });
      if (writeErr != 0) throw std::runtime_error(errnoMessage("torch.save: writing", tmpPath, writeErr));
      if (durable && ::fsync(fd) != 0) throw std::runtime_error(errnoMessage("torch.save: fsync of", tmpPath, errno));
      if (::close(fd) != 0) {
        fd = -1;
        throw std::runtime_error(errnoMessage("torch.save: closing", tmpPath, errno));
      }
      fd = -1;
      if (::rename(tmpPath.c_str(), path.c_str()) != 0) {
        throw std::runtime_error(errnoMessage("torch.save: renaming the finished file over", path, errno));
      }
    } catch (...) {
      if (fd >= 0) ::close(fd);
      ::unlink(tmpPath.c_str());
      throw;
    }
    // The rename is durable once the directory is synced; a file system that cannot sync a
    // directory (some network ones) still has the complete file in place.
    std::string dir = ".";
    size_t slash = path.find_last_of('/');
    if (slash != std::string::npos) dir = slash == 0 ? "/" : path.substr(0, slash);
    int dfd = fsync ? ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
};

std::string stringArg(const Napi::Value& v, const char* what) {
  if (!v.IsString()) throw JsTypeError(std::string(what) + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

// Args: (path | null, tmpPath | null, pickle: Uint8Array, keys: string[], storages: Tensor[]).
std::unique_ptr<SaveJob> saveJobFromArgs(const Napi::CallbackInfo& info, size_t fsyncIndex) {
  napi_env env = info.Env();
  auto job = std::make_unique<SaveJob>();
  // fsync: true unless false is passed (undefined keeps the durable default).
  if (info.Length() > fsyncIndex && !info[fsyncIndex].IsUndefined()) {
    if (!info[fsyncIndex].IsBoolean()) throw JsTypeError("fsync must be a boolean");
    job->fsync = info[fsyncIndex].As<Napi::Boolean>().Value();
  }
  if (!info[0].IsNull() && !info[0].IsUndefined()) {
    job->path = stringArg(info[0], "path");
    job->tmpPath = stringArg(info[1], "tmpPath");
    if (job->path.empty() || job->tmpPath.empty()) throw JsTypeError("torch.save: the path is empty");
  }
  if (!info[2].IsTypedArray() || info[2].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw JsTypeError("pickle must be a Uint8Array");
  }
  auto bytes = info[2].As<Napi::Uint8Array>();
  job->pickle.assign(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength());
  if (!info[3].IsArray() || !info[4].IsArray()) throw JsTypeError("keys and storages must be arrays");
  auto keys = info[3].As<Napi::Array>();
  auto tensors = info[4].As<Napi::Array>();
  if (keys.Length() != tensors.Length()) throw JsRangeError("keys and storages differ in length");
  for (uint32_t i = 0; i < keys.Length(); ++i) {
    job->keys.push_back(stringArg(keys.Get(i), "key"));
    const at::Tensor& t = unwrapTensor(env, tensors.Get(i), "storage");
    TORCH_CHECK(t.has_storage(), "torch.save: a tensor without storage (layout ", t.layout(), ") cannot be saved");
    at::Storage s = t.storage();
    TORCH_CHECK(s.nbytes() == 0 || s.data() != nullptr, "torch.save: a tensor without memory (device ", t.device(),
                ") cannot be saved");
    if (!s.device().is_cpu()) {
      // The bytes of the whole storage, copied to CPU memory here (the only copy).
      at::Tensor raw = at::empty({0}, at::TensorOptions().dtype(at::kByte).device(s.device()));
      raw.set_(s, 0, {static_cast<int64_t>(s.nbytes())}, {1});
      s = raw.cpu().storage();
    }
    job->storages.push_back(std::move(s));
  }
  return job;
}

Napi::Value memoryResult(Napi::Env env, ArchiveBuffer& out) {
  size_t size = out.size();
  if (size == 0) return Napi::Buffer<char>::New(env, 0);
  auto [data, capacity] = out.release_to_caller();
  auto* mapped = new size_t(capacity);
  try {
    return Napi::Buffer<char>::New(env, data, size, [](Napi::Env, char* p, size_t* cap) {
      ArchiveBuffer::unmap(p, *cap);
      delete cap;
    }, mapped);
  } catch (...) {
    ArchiveBuffer::unmap(data, capacity);
    delete mapped;
    throw;
  }
}

// serializationWrite(path|null, tmpPath|null, pickle, keys, storages): Buffer when path is null.
Napi::Value serializationWrite(const Napi::CallbackInfo& info) {
  auto job = saveJobFromArgs(info, 5);
  job->run();
  if (job->path.empty()) return memoryResult(info.Env(), job->out);
  return info.Env().Undefined();
}

// An async job's work on libuv's pool: a C++ exception becomes the callback's Error (what the
// synchronous entry point's guard does on the JS thread).
class GuardedWorker : public Napi::AsyncWorker {
 public:
  GuardedWorker(Napi::Function cb, const char* what) : Napi::AsyncWorker(cb), what_(what) {}
  void Execute() final {
    try {
      Run();
    } catch (const c10::Error& e) {
      SetError(e.what_without_backtrace());
    } catch (const std::exception& e) {
      SetError(e.what());
    } catch (...) {
      SetError(std::string(what_) + ": unknown error");
    }
  }

 protected:
  virtual void Run() = 0;

 private:
  const char* what_;
};

class SaveWorker final : public GuardedWorker {
 public:
  SaveWorker(Napi::Function cb, std::unique_ptr<SaveJob> job) : GuardedWorker(cb, "torch.save"), job_(std::move(job)) {}
  void Run() override { job_->run(); }
  void OnOK() override {
    Napi::Env env = Env();
    Callback().Call({env.Null(), job_->path.empty() ? memoryResult(env, job_->out) : env.Undefined()});
  }

 private:
  std::unique_ptr<SaveJob> job_;
};

// serializationWriteAsync(path|null, tmpPath|null, pickle, keys, storages, callback(err, buffer)).
Napi::Value serializationWriteAsync(const Napi::CallbackInfo& info) {
  if (!info[5].IsFunction()) throw JsTypeError("callback must be a function");
  auto job = saveJobFromArgs(info, 6);
  auto* worker = new SaveWorker(info[5].As<Napi::Function>(), std::move(job));
  worker->Queue();
  return info.Env().Undefined();
}

// ---- reading ------------------------------------------------------------------------------------

// What one load needs and produces. The source is a path (read with the reader's file adapter) or
// bytes in memory: a Uint8Array the JS side keeps alive, or a uint8 tensor over a mapped file
// (torch.load's mmap, native/mapped_file.cpp), for which only the records' places are reported
// (the JS side makes tensors over the mapping there).
struct LoadJob {
  std::string path;
  const char* bytes = nullptr;
  size_t byteLength = 0;
  at::Tensor mapped;  // holds the mapping while the directory is read
  bool layoutOnly = false;

  std::string pickle;
  std::string byteorder;
  std::vector<std::string> keys;
  std::vector<at::Storage> storages;
  std::vector<size_t> offsets;
  std::vector<size_t> sizes;

  static constexpr int kLocalHeaderSize = 30;

  void run() {
    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
    size_t archiveSize = byteLength;
    if (!path.empty()) {
      struct stat st;
      if (::stat(path.c_str(), &st) != 0) throw std::runtime_error(errnoMessage("torch.load: cannot open", path, errno));
      if (!S_ISREG(st.st_mode)) throw std::runtime_error("torch.load: '" + path + "' is not a regular file");
      archiveSize = static_cast<size_t>(st.st_size);
      reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
    } else {
      reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(
          std::make_shared<caffe2::serialize::MemoryReadAdapter>(bytes, static_cast<off_t>(byteLength)));
    }
    // Deflate expands at most 1032:1: a record claiming more is corrupt (and would be a huge malloc).
    const double maxRecord = static_cast<double>(archiveSize) * 1032.0 + 65536.0;
    auto checkSize = [&](const std::string& name) {
      size_t n = reader->getRecordSize(name);
      TORCH_CHECK(static_cast<double>(n) <= maxRecord, "torch.load: corrupted archive: record '", name,
                  "' claims ", n, " bytes in a ", archiveSize, "-byte file");
      return n;
    };
    auto readSmall = [&](const std::string& name) {
      checkSize(name);
      auto [ptr, size] = reader->getRecord(name);
      return std::string(static_cast<const char*>(ptr.get()), size);
    };
    TORCH_CHECK(!reader->hasRecord("constants.pkl"), "torch.load: this is a TorchScript archive (torch.jit.save); ",
                "load it with torch.jit.load");
    TORCH_CHECK(reader->hasRecord("data.pkl"), "torch.load: the archive has no data.pkl record: it is not a file "
                "written by torch.save");
    pickle = readSmall("data.pkl");
    byteorder = reader->hasRecord("byteorder") ? readSmall("byteorder") : "little";
    // Record names come without the archive's folder (archive/, or the file's name for Python).
    for (const std::string& name : reader->getAllRecords()) {
      if (name.rfind("data/", 0) != 0) continue;
      std::string key = name.substr(5);
      size_t n = checkSize(name);
      if (layoutOnly) {
        size_t headerOffset = reader->getRecordHeaderOffset(name);
        TORCH_CHECK(headerOffset <= archiveSize && kLocalHeaderSize <= archiveSize - headerOffset,
                    "torch.load: corrupted archive: record '", name, "' starts past the end of the file");
        const auto* header = reinterpret_cast<const uint8_t*>(bytes) + headerOffset;
        uint16_t method = static_cast<uint16_t>(header[8] | (header[9] << 8));
        TORCH_CHECK(method == 0, "torch.load(mmap: true): record '", name, "' is compressed; only stored ",
                    "(uncompressed) records, as torch.save writes them, can be mapped");
        size_t offset = reader->getRecordOffset(name);
        TORCH_CHECK(offset <= archiveSize && n <= archiveSize - offset, "torch.load: corrupted archive: record '",
                    name, "' extends past the end of the file");
        offsets.push_back(offset);
        sizes.push_back(n);
      } else {
        auto [ptr, size] = reader->getRecord(name);
        storages.emplace_back(c10::Storage::use_byte_size_t(), size, std::move(ptr), nullptr, false);
      }
      keys.push_back(std::move(key));
    }
  }

  Napi::Value result(Napi::Env env) {
    Napi::Object out = Napi::Object::New(env);
    out.Set("pickle", Napi::Buffer<char>::Copy(env, pickle.data(), pickle.size()));
    out.Set("byteorder", byteorder);
    Napi::Array k = Napi::Array::New(env, keys.size());
    Napi::Array s = Napi::Array::New(env, storages.size());
    for (size_t i = 0; i < keys.size(); ++i) k.Set(static_cast<uint32_t>(i), keys[i]);
    for (size_t i = 0; i < storages.size(); ++i) {
      at::Tensor t = at::empty({0}, at::TensorOptions().dtype(at::kByte));
      int64_t n = static_cast<int64_t>(storages[i].nbytes());
      t.set_(storages[i], 0, {n}, {1});
      s.Set(static_cast<uint32_t>(i), Napi::Value(env, wrapTensor(env, std::move(t))));
    }
    out.Set("keys", k);
    out.Set("storages", s);
    if (layoutOnly) {
      Napi::Array o = Napi::Array::New(env, offsets.size());
      Napi::Array z = Napi::Array::New(env, sizes.size());
      for (size_t i = 0; i < offsets.size(); ++i) {
        o.Set(static_cast<uint32_t>(i), static_cast<double>(offsets[i]));
        z.Set(static_cast<uint32_t>(i), static_cast<double>(sizes[i]));
      }
      out.Set("offsets", o);
      out.Set("sizes", z);
    }
    return out;
  }
};

// Args: (path | Uint8Array | uint8 tensor over a mapped file).
std::unique_ptr<LoadJob> loadJobFromArgs(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto job = std::make_unique<LoadJob>();
  if (info[0].IsString()) {
    job->path = info[0].As<Napi::String>().Utf8Value();
    if (job->path.empty()) throw JsTypeError("torch.load: the path is empty");
  } else if (info[0].IsTypedArray() && info[0].As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
    auto bytes = info[0].As<Napi::Uint8Array>();
    job->bytes = reinterpret_cast<const char*>(bytes.Data());
    job->byteLength = bytes.ByteLength();
  } else if (isTensorHandle(env, info[0])) {
    job->mapped = unwrapTensor(env, info[0], "mapping");
    TORCH_CHECK(job->mapped.device().is_cpu() && job->mapped.scalar_type() == at::kByte && job->mapped.dim() == 1 &&
                job->mapped.is_contiguous(), "torch.load: the mapping must be a contiguous 1-D uint8 CPU tensor");
    job->bytes = static_cast<const char*>(job->mapped.data_ptr());
    job->byteLength = static_cast<size_t>(job->mapped.numel());
    job->layoutOnly = true;
  } else {
    throw JsTypeError("torch.load: source must be a path or a Uint8Array");
  }
  return job;
}

// serializationRead(path | Uint8Array | mapping tensor): { pickle, byteorder, keys, storages (uint8 tensors) },
// or for a mapping { pickle, byteorder, keys, offsets, sizes } (the records' places in it).
Napi::Value serializationRead(const Napi::CallbackInfo& info) {
  auto job = loadJobFromArgs(info);
  job->run();
  return job->result(info.Env());
}

class LoadWorker final : public GuardedWorker {
 public:
  LoadWorker(Napi::Function cb, std::unique_ptr<LoadJob> job, Napi::Value source)
      : GuardedWorker(cb, "torch.load"), job_(std::move(job)) {
    // Bytes from JS stay alive (not collected) while the worker reads them.
    if (source.IsObject()) source_ = Napi::Persistent(source.As<Napi::Object>());
  }
  void Run() override { job_->run(); }
  void OnOK() override {
    Napi::Env env = Env();
    Napi::Value result;
    try {
      result = job_->result(env);
    } catch (const std::exception& e) {
      Callback().Call({Napi::Error::New(env, e.what()).Value(), env.Undefined()});
      return;
    }
    Callback().Call({env.Null(), result});
  }

 private:
  std::unique_ptr<LoadJob> job_;
  Napi::ObjectReference source_;
};

Napi::Value serializationReadAsync(const Napi::CallbackInfo& info) {
  if (!info[1].IsFunction()) throw JsTypeError("callback must be a function");
  auto job = loadJobFromArgs(info);
  auto* worker = new LoadWorker(info[1].As<Napi::Function>(), std::move(job), info[0]);
  worker->Queue();
  return info.Env().Undefined();
}

// ---- storages and tensors -----------------------------------------------------------------------

// serializationStorageInfo(t): [storage id, storage bytes, storage offset (elements), element size,
// device]. The id tells storages apart while the tensors are alive (the save holds them).
Napi::Value serializationStorageInfo(const Napi::CallbackInfo& info) {
  const at::Tensor& t = unwrapTensor(info.Env(), info[0], "tensor");
  TORCH_CHECK(t.layout() == at::kStrided, "torch.save: only strided tensors can be saved (got layout ", t.layout(), ")");
  TORCH_CHECK(t.has_storage(), "torch.save: this tensor has no storage and cannot be saved");
  TORCH_CHECK(!t.is_neg() && !t.is_conj(), "torch.save: resolve the tensor's conjugate/negative bit first (resolveConj(), resolveNeg())");
  const at::Storage& s = t.storage();
  TORCH_CHECK(s.nbytes() == 0 || s.data() != nullptr, "torch.save: a tensor without memory (device ", t.device(),
              ") cannot be saved");
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, 5);
  out.Set(0u, static_cast<double>(reinterpret_cast<uintptr_t>(s.unsafeGetStorageImpl())));
  out.Set(1u, static_cast<double>(s.nbytes()));
  out.Set(2u, static_cast<double>(t.storage_offset()));
  out.Set(3u, static_cast<double>(t.element_size()));
  out.Set(4u, s.device().str());
  return out;
}

std::vector<int64_t> intList(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) throw JsTypeError(std::string(what) + " must be an array");
  auto a = v.As<Napi::Array>();
  TORCH_CHECK(a.Length() <= 64, "torch.load: corrupted file: ", what, " has ", a.Length(), " dimensions");
  std::vector<int64_t> out;
  for (uint32_t i = 0; i < a.Length(); ++i) {
    Napi::Value e = a.Get(i);
    if (!e.IsNumber()) throw JsTypeError(std::string("torch.load: corrupted file: ") + what + " holds a non-number");
    double d = e.As<Napi::Number>().DoubleValue();
    if (!(d >= 0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d))) {
      throw JsRangeError(std::string("torch.load: corrupted file: ") + what + " holds " + std::to_string(d));
    }
    out.push_back(static_cast<int64_t>(d));
  }
  return out;
}

// serializationTensor(storage: uint8 tensor, dtype, size, stride, offset): a tensor of dtype over
// the storage's memory (views of one storage alias). LibTorch checks that it fits the storage.
Napi::Value serializationTensor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& raw = unwrapTensor(env, info[0], "storage");
  auto dtype = scalarTypeFromName(stringArg(info[1], "dtype"));
  if (!dtype) throw JsTypeError("torch.load: unknown dtype");
  std::vector<int64_t> size = intList(info[2], "size");
  std::vector<int64_t> stride = intList(info[3], "stride");
  TORCH_CHECK(size.size() == stride.size(), "torch.load: corrupted file: size has ", size.size(),
              " dimensions and stride ", stride.size());
  if (!info[4].IsNumber()) throw JsTypeError("torch.load: corrupted file: the storage offset is not a number");
  double offsetD = info[4].As<Napi::Number>().DoubleValue();
  if (!(offsetD >= 0 && offsetD <= 9007199254740991.0) || offsetD != static_cast<double>(static_cast<int64_t>(offsetD))) {
    throw JsRangeError("torch.load: corrupted file: the storage offset is " + std::to_string(offsetD));
  }
  int64_t offset = static_cast<int64_t>(offsetD);
  TORCH_CHECK(raw.scalar_type() == at::kByte && raw.dim() == 1 && raw.is_contiguous(), "torch.load: the storage must be a 1-D uint8 tensor");
  const at::Storage& s = raw.storage();
  // The record may be a window of a larger storage (a mapped file): offsets count from its start,
  // and the tensor must stay inside it.
  int64_t itemsize = static_cast<int64_t>(c10::elementSize(*dtype));
  int64_t base = raw.storage_offset();
  TORCH_CHECK(base % itemsize == 0, "torch.load: a ", scalarTypeName(*dtype), " storage record is not aligned to its element size");
  bool empty = false;
  for (int64_t d : size) empty = empty || d == 0;
  if (!empty) {
    __int128 last = offset;
    for (size_t i = 0; i < size.size(); ++i) last += static_cast<__int128>(size[i] - 1) * stride[i];
    __int128 need = (last + 1) * itemsize;
    TORCH_CHECK(need <= static_cast<__int128>(raw.numel()), "torch.load: corrupted file: a tensor of size ", size,
                " and stride ", stride, " at offset ", offset, " needs more than its storage's ", raw.numel(), " bytes");
  }
  at::Tensor t = at::empty({0}, at::TensorOptions().dtype(*dtype).device(s.device()));
  t.set_(s, base / itemsize + offset, size, stride);
  return Napi::Value(env, wrapTensor(env, std::move(t)));
}

}  // namespace

void registerSerialization(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("serializationWrite", serializationWrite),
      TN_FN("serializationWriteAsync", serializationWriteAsync),
      TN_FN("serializationRead", serializationRead),
      TN_FN("serializationReadAsync", serializationReadAsync),
      TN_FN("serializationStorageInfo", serializationStorageInfo),
      TN_FN("serializationTensor", serializationTensor),
  });
}

}  // namespace tn
