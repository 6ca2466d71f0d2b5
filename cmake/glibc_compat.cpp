// The hidden __libc_single_threaded of cmake/glibc_compat.h: 0, "other threads may exist".
extern "C" {
__attribute__((visibility("hidden"))) char __torch_node_libc_single_threaded = 0;
}
