#ifndef SWITCHBOARD_CSRTP_SHIM_H
#define SWITCHBOARD_CSRTP_SHIM_H
#include <srtp2/srtp.h>
// The cipher and authentication interfaces, for registering OpenSSL's in
// place of the build's own (srtp_replace_cipher_type, srtp_replace_auth_type).
#include <srtp2/cipher.h>
#include <srtp2/auth.h>
#endif
