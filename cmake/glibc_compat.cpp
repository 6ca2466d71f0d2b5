// The hidden definitions cmake/glibc_compat.h refers to.
#include <sys/stat.h>

extern "C" {
// __libc_single_threaded's stand-in: 0, "other threads may exist".
__attribute__((visibility("hidden"))) char __torch_node_libc_single_threaded = 0;

// stat and fstat as glibc before 2.33 provided them: through __xstat/__fxstat, which newer glibc
// still exports at their first version. 1 is _STAT_VER_LINUX, x86_64's struct stat layout.
int __xstat(int, const char*, struct stat*);
int __fxstat(int, int, struct stat*);
__asm__(".symver __xstat,__xstat@GLIBC_2.2.5");
__asm__(".symver __fxstat,__fxstat@GLIBC_2.2.5");
__attribute__((visibility("hidden"))) int __torch_node_stat(const char* __restrict path, struct stat* __restrict buf) noexcept {
  return __xstat(1, path, buf);
}
__attribute__((visibility("hidden"))) int __torch_node_fstat(int fd, struct stat* buf) noexcept {
  return __fxstat(1, fd, buf);
}
}
