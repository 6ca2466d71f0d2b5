/* Force-included (-include) in every source of a prebuilt addon (TORCH_NODE_GLIBC_COMPAT), so
 * that it loads on glibc 2.28 with the libstdc++ of GCC 6+ (what LibTorch 2.13's wheel needs),
 * although built on a newer system. These references would otherwise raise the floor:
 *   pthread_once           GLIBC_2.34 (moved into libc.so.6)  -> the GLIBC_2.2.5 version, the same function
 *   __libc_single_threaded GLIBC_2.32 (libstdc++'s shared_ptr fast path) -> a hidden copy, always 0
 *                          (the "not single-threaded" answer: atomic reference counts, always correct)
 *   std::condition_variable::wait(unique_lock<mutex>&)  GLIBCXX_3.4.30 (GCC 12 re-versioned it)
 *                          -> the GLIBCXX_3.4.11 version libstdc++ still exports, the same function
 *   dlopen, dlsym, dlerror, pthread_mutex_trylock  GLIBC_2.34 (moved into libc.so.6 from libdl and
 *                          libpthread, which LibTorch loads anyway) -> their GLIBC_2.2.5 versions
 *   pow                    GLIBC_2.29 (glibc 2.28's new pow, without the SVID error wrapper) -> the
 *                          GLIBC_2.2.5 version: the same result (that wrapper only sets errno)
 *   stat, fstat            GLIBC_2.33 (before, <sys/stat.h> called __xstat/__fxstat inline) -> hidden
 *                          wrappers in cmake/glibc_compat.cpp calling __xstat/__fxstat@GLIBC_2.2.5
 * scripts/build-prebuilds.mjs checks the result (objdump -T) and fails above glibc 2.28. */
#ifndef TORCH_NODE_GLIBC_COMPAT_H
#define TORCH_NODE_GLIBC_COMPAT_H
#if defined(__linux__) && defined(__x86_64__)
__asm__(".symver pthread_once,pthread_once@GLIBC_2.2.5");
__asm__(".symver pthread_mutex_trylock,pthread_mutex_trylock@GLIBC_2.2.5");
__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver dlerror,dlerror@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
/* Declared before <sys/stat.h> (this header is included first), so the label sticks to its
 * later declarations too. */
#ifdef __cplusplus
#define TORCH_NODE_COMPAT_NOEXCEPT noexcept
extern "C" {
#else
#define TORCH_NODE_COMPAT_NOEXCEPT
#endif
struct stat;
extern int stat(const char* __restrict, struct stat* __restrict) TORCH_NODE_COMPAT_NOEXCEPT
    __asm__("__torch_node_stat");
extern int fstat(int, struct stat*) TORCH_NODE_COMPAT_NOEXCEPT __asm__("__torch_node_fstat");
#ifdef __cplusplus
}
#endif
#ifdef __cplusplus
__asm__(".symver _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE,"
        "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE@GLIBCXX_3.4.11");
#define __libc_single_threaded __torch_node_libc_single_threaded
extern "C" __attribute__((visibility("hidden"))) char __torch_node_libc_single_threaded;
#endif
#endif
#endif
