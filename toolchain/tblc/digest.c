/* SPDX-License-Identifier: MIT */
/* MD5 and SHA-1 (see digest.h).  Both run 64-byte blocks through a
 * compression function and end with the same padding (0x80, zeros, the
 * length in bits); they differ in the byte order of words and length. */
#include "digest.h"

#include <string.h>

static uint32_t rol(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

/* ---- MD5 (RFC 1321 section 3.4) ------------------------------------------ */

static const uint8_t md5_r[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

/* T[i] = floor(2^32 * |sin(i + 1)|), the RFC's table. */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static void md5_block(uint32_t *h, const uint8_t *p)
{
	uint32_t x[16], a = h[0], b = h[1], c = h[2], d = h[3], f, t;
	unsigned i, g;

	for (i = 0; i < 16; i++)
		x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	for (i = 0; i < 64; i++) {
		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (b & d) | (c & ~d);
			g = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
		}
		t = d;
		d = c;
		c = b;
		b = b + rol(a + f + md5_t[i] + x[g], md5_r[i]);
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

/* ---- SHA-1 (FIPS 180-1 section 7) ---------------------------------------- */

static void sha1_block(uint32_t *h, const uint8_t *p)
{
	uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f, k, t;
	unsigned i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

/* ---- common ---------------------------------------------------------------- */

void digest_init(struct digest *d, int sha1)
{
	static const uint32_t iv[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0
	};

	memset(d, 0, sizeof(*d));
	d->sha1 = sha1;
	memcpy(d->h, iv, sizeof(iv));	/* MD5 uses the first four */
}

static void block(struct digest *d, const uint8_t *p)
{
	if (d->sha1)
		sha1_block(d->h, p);
	else
		md5_block(d->h, p);
}

void digest_update(struct digest *d, const void *data, size_t n)
{
	const uint8_t *p = data;

	d->len += n;
	while (n) {
		size_t k = 64 - d->nbuf < n ? 64 - d->nbuf : n;

		memcpy(d->buf + d->nbuf, p, k);
		d->nbuf += (unsigned)k;
		p += k;
		n -= k;
		if (d->nbuf == 64) {
			block(d, d->buf);
			d->nbuf = 0;
		}
	}
}

unsigned digest_final(struct digest *d, uint8_t *out)
{
	uint64_t bits = d->len * 8;
	unsigned i, n = d->sha1 ? 5 : 4;
	uint8_t pad[72] = { 0x80 };
	size_t padlen = (d->nbuf < 56 ? 56 : 120) - d->nbuf;

	for (i = 0; i < 8; i++)	/* SHA-1 big-endian, MD5 little-endian */
		pad[padlen + i] = (uint8_t)(bits >> (d->sha1 ? 56 - 8 * i : 8 * i));
	digest_update(d, pad, padlen + 8);
	for (i = 0; i < 4 * n; i++)
		out[i] = (uint8_t)(d->sha1 ? d->h[i / 4] >> (24 - 8 * (i % 4))
					   : d->h[i / 4] >> (8 * (i % 4)));
	return 4 * n;
}
