/* Counts calls to the C allocator, for bench/Sources/ForwardingBench:
 * preloaded, it forwards each allocation to glibc's own entry points and
 * adds one to a counter the bench reads through malloc_count_read().
 *
 *   gcc -shared -fPIC -O2 -o malloc_count.so malloc_count.c
 *   LD_PRELOAD=$PWD/malloc_count.so .build/release/ForwardingBench
 *
 * glibc's __libc_* functions are used rather than dlsym(RTLD_NEXT), which
 * itself allocates. free() is not counted. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static _Atomic uint64_t allocations;

uint64_t malloc_count_read(void) { return allocations; }

void *malloc(size_t size) {
    allocations++;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    allocations++;
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    allocations++;
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    allocations++;
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    allocations++;
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    allocations++;
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}
