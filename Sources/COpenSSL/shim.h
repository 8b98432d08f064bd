#ifndef MAESTRO_COPENSSL_SHIM_H
#define MAESTRO_COPENSSL_SHIM_H

// Only the Cryptography module imports this shim. Deprecated OpenSSL APIs stay hidden so that
// nothing can come to depend on them.
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#endif
