/* SPDX-License-Identifier: MIT */
/* MD5 (RFC 1321) and SHA-1 (FIPS 180-1), for the table compiler's RFC 3414
 * password-to-key on the build host.  Streaming: init, update as often as
 * needed, final.  Small and plain rather than fast: the compiler hashes
 * one megabyte per pass phrase. */
#ifndef SNMPOLL_DIGEST_H
#define SNMPOLL_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define DIGEST_MAX 20		/* SHA-1; MD5 is 16 */

struct digest {
	int sha1;		/* 0: MD5, 1: SHA-1 */
	uint32_t h[5];
	uint64_t len;		/* bytes hashed so far */
	uint8_t buf[64];
	unsigned nbuf;
};

void digest_init(struct digest *d, int sha1);
void digest_update(struct digest *d, const void *data, size_t n);
/* Writes 16 (MD5) or 20 (SHA-1) bytes; returns that length. */
unsigned digest_final(struct digest *d, uint8_t *out);

#endif
