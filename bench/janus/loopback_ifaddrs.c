/* Preloaded into Janus for loopback benchmarks. libnice (through Janus's
 * janus_ice_setup_local) skips every interface flagged IFF_LOOPBACK when it
 * gathers host candidates, so on a 127.0.0.1-only setup it finds none and
 * fails with "Error gathering candidates". Clearing the flag in the result
 * of getifaddrs(3) lets ice_enforce_list = "lo" pick 127.0.0.1 and only it.
 * Build: cc -shared -fPIC -O2 -o loopback_ifaddrs.so loopback_ifaddrs.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stddef.h>

int getifaddrs(struct ifaddrs **list) {
    static int (*next)(struct ifaddrs **);
    if (!next) next = (int (*)(struct ifaddrs **))dlsym(RTLD_NEXT, "getifaddrs");
    int status = next(list);
    if (status != 0) return status;
    for (struct ifaddrs *entry = *list; entry != NULL; entry = entry->ifa_next)
        entry->ifa_flags &= ~(unsigned int)IFF_LOOPBACK;
    return status;
}
