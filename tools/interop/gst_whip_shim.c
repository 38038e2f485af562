/* LD_PRELOAD shim for Debian bookworm's simple-whip-client (whip-client) in a
 * loopback-only network namespace:
 * - libnice skips IFF_LOOPBACK interfaces when it gathers; this getifaddrs()
 *   clears the flag, so it gathers 127.0.0.1;
 * - the client links libsoup-2.4 while libnice's UPnP helper pulls libsoup-3.0,
 *   whose constructor aborts when it finds soup_uri_new: g_module_symbol()
 *   answers "not found" for that one symbol, and gupnp_simple_igd_thread_new()
 *   returns NULL (libnice then runs without UPnP).
 * Built by whip_gstreamer_check.py: cc -shared -fPIC -O2 -o shim.so gst_whip_shim.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stddef.h>
#include <string.h>
typedef int gboolean;
typedef void *gpointer;
int getifaddrs(struct ifaddrs **ifap) {
    int (*real)(struct ifaddrs **) = (int (*)(struct ifaddrs **))dlsym(RTLD_NEXT, "getifaddrs");
    int rc = real(ifap);
    for (struct ifaddrs *i = rc == 0 ? *ifap : NULL; i; i = i->ifa_next) i->ifa_flags &= ~IFF_LOOPBACK;
    return rc;
}
gboolean g_module_symbol(void *module, const char *name, gpointer *symbol) {
    gboolean (*real)(void *, const char *, gpointer *) = (gboolean (*)(void *, const char *, gpointer *))dlsym(RTLD_NEXT, "g_module_symbol");
    if (name && strcmp(name, "soup_uri_new") == 0) { if (symbol) *symbol = NULL; return 0; }
    return real(module, name, symbol);
}
void *gupnp_simple_igd_thread_new(void) { return NULL; }
