// Errors of failed system calls, as Node's fs reports them: message "<what>: <strerror> (<CODE>),
// <syscall> '<path>'" and the properties code ('ENOENT'), errno (negative), syscall and path.
// The code names come from our own table: strerrorname_np needs glibc 2.32, above LibTorch's 2.28.
#pragma once
#include "common.h"
#include <cerrno>
#include <cstring>

namespace tn {

inline const char* errnoName(int err) {
  switch (err) {
    case EPERM: return "EPERM"; case ENOENT: return "ENOENT"; case EINTR: return "EINTR";
    case EIO: return "EIO"; case ENXIO: return "ENXIO"; case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN"; case ENOMEM: return "ENOMEM"; case EACCES: return "EACCES";
    case EFAULT: return "EFAULT"; case EBUSY: return "EBUSY"; case EEXIST: return "EEXIST";
    case ENODEV: return "ENODEV"; case ENOTDIR: return "ENOTDIR"; case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL"; case ENFILE: return "ENFILE"; case EMFILE: return "EMFILE";
    case ETXTBSY: return "ETXTBSY"; case EFBIG: return "EFBIG"; case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS"; case EPIPE: return "EPIPE"; case ENAMETOOLONG: return "ENAMETOOLONG";
    case ELOOP: return "ELOOP"; case EOVERFLOW: return "EOVERFLOW"; case EDQUOT: return "EDQUOT";
    default: return nullptr;
  }
}

[[noreturn]] inline void throwSysError(napi_env env, int err, const std::string& what, const char* syscall,
                                       const std::string* path = nullptr) {
  const char* name = errnoName(err);
  std::string message = what + ": " + std::strerror(err) + " (" + (name ? name : "errno " + std::to_string(err)) + "), " + syscall;
  if (path) message += " '" + *path + "'";
  Napi::Error error = Napi::Error::New(env, message);
  if (name) error.Set("code", Napi::String::New(env, name));
  error.Set("errno", Napi::Number::New(env, -err));
  error.Set("syscall", Napi::String::New(env, syscall));
  if (path) error.Set("path", Napi::String::New(env, *path));
  throw error;
}

}  // namespace tn
