#ifndef SWITCHBOARD_COPENSSL_SHIM_H
#define SWITCHBOARD_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/x509.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <sys/time.h>

// Function-like macros do not import into Swift; these wrappers stand in.
static inline long switchboard_SSL_CTX_set_options(SSL_CTX *ctx, long options) {
    return SSL_CTX_set_options(ctx, options);
}
static inline long switchboard_SSL_OP_NO_QUERY_MTU(void) { return SSL_OP_NO_QUERY_MTU; }
static inline int switchboard_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
static inline int switchboard_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long switchboard_DTLS_set_link_mtu(SSL *ssl, long mtu) {
    return DTLS_set_link_mtu(ssl, mtu);
}
static inline void switchboard_OPENSSL_free(void *pointer) { OPENSSL_free(pointer); }

// DTLS engine (Sources/DTLS): macros it needs, wrapped.
static inline long switchboard_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }
static inline long switchboard_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline int switchboard_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return (int)SSL_CTX_set1_groups_list(ctx, list);
}
static inline long switchboard_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long switchboard_SSL_SESS_CACHE_OFF(void) { return SSL_SESS_CACHE_OFF; }
/// Microseconds left on the DTLS retransmission timer (by OpenSSL's own
/// clock), or -1 when no timer runs.
static inline long long switchboard_DTLSv1_get_timeout_microseconds(SSL *ssl) {
    struct timeval left = { 0, 0 };
    if (DTLSv1_get_timeout(ssl, &left) != 1) return -1;
    return (long long)left.tv_sec * 1000000LL + (long long)left.tv_usec;
}
static inline int switchboard_DTLSv1_handle_timeout(SSL *ssl) {
    return (int)DTLSv1_handle_timeout(ssl);
}
static inline void switchboard_BIO_set_retry_read(BIO *bio) { BIO_set_retry_read(bio); }
static inline void switchboard_BIO_clear_retry_flags(BIO *bio) { BIO_clear_retry_flags(bio); }
static inline long switchboard_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
// SRTP's HMAC-SHA1 (Sources/SRTP) hashes from saved inner and outer SHA-1
// states: OpenSSL 3.0 allocates for every EVP digest or MAC (re)start, and
// this runs once per packet. The low-level calls are deprecated, not gone.
#include <openssl/sha.h>
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline int switchboard_SHA1_Init(SHA_CTX *c) { return SHA1_Init(c); }
static inline int switchboard_SHA1_Update(SHA_CTX *c, const void *data, size_t length) {
    return SHA1_Update(c, data, length);
}
static inline int switchboard_SHA1_Final(unsigned char *digest, SHA_CTX *c) { return SHA1_Final(digest, c); }
#pragma GCC diagnostic pop
#endif
