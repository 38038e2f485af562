#ifndef SWITCHBOARD_CSRTP_SHIM_H
#define SWITCHBOARD_CSRTP_SHIM_H
#include <srtp2/srtp.h>
// The cipher interface, for registering OpenSSL's AES-GCM in place of the
// build's own (srtp_replace_cipher_type).
#include <srtp2/cipher.h>
#endif
