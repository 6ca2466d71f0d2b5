/* Force-included (-include) in every source of a prebuilt addon (TORCH_NODE_GLIBC_COMPAT), so
 * that it loads on glibc 2.28 with the libstdc++ of GCC 6+ (what LibTorch 2.13's wheel needs),
 * although built on a newer system. Three references would otherwise raise the floor:
 *   pthread_once           GLIBC_2.34 (moved into libc.so.6)  -> the GLIBC_2.2.5 version, the same function
 *   __libc_single_threaded GLIBC_2.32 (libstdc++'s shared_ptr fast path) -> a hidden copy, always 0
 *                          (the "not single-threaded" answer: atomic reference counts, always correct)
 *   std::condition_variable::wait(unique_lock<mutex>&)  GLIBCXX_3.4.30 (GCC 12 re-versioned it)
 *                          -> the GLIBCXX_3.4.11 version libstdc++ still exports, the same function
 * scripts/build-prebuilds.mjs checks the result (objdump -T). */
#ifndef TORCH_NODE_GLIBC_COMPAT_H
#define TORCH_NODE_GLIBC_COMPAT_H
#if defined(__linux__) && defined(__x86_64__)
__asm__(".symver pthread_once,pthread_once@GLIBC_2.2.5");
#ifdef __cplusplus
__asm__(".symver _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE,"
        "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE@GLIBCXX_3.4.11");
#define __libc_single_threaded __torch_node_libc_single_threaded
extern "C" __attribute__((visibility("hidden"))) char __torch_node_libc_single_threaded;
#endif
#endif
#endif
