/* SPDX-License-Identifier: MIT */
/* RFC 3414 password-to-key and key localisation (see usmkey.h). */
#include "usmkey.h"

#include "digest.h"

#define USMKEY_HASHED (1024 * 1024)	/* bytes of repeated pass phrase */

unsigned usmkey_ku(int sha1, const char *pass, size_t n, uint8_t *ku)
{
	struct digest d;
	uint8_t block[64];
	size_t done, i, k = 0;

	digest_init(&d, sha1);
	for (done = 0; done < USMKEY_HASHED; done += sizeof(block)) {
		for (i = 0; i < sizeof(block); i++) {
			block[i] = (uint8_t)pass[k];
			k = k + 1 == n ? 0 : k + 1;
		}
		digest_update(&d, block, sizeof(block));
	}
	return digest_final(&d, ku);
}

unsigned usmkey_localize(int sha1, const uint8_t *ku, const uint8_t *engine,
			 size_t elen, uint8_t *kul)
{
	unsigned n = sha1 ? 20 : 16;
	struct digest d;

	digest_init(&d, sha1);
	digest_update(&d, ku, n);
	digest_update(&d, engine, elen);
	digest_update(&d, ku, n);
	return digest_final(&d, kul);
}
