/* SPDX-License-Identifier: MIT */
/* Known answers of the datagram screen (src/screen.c), on every board's
 * word size (cross boards run this under qemu): what a real agent sends
 * passes; what it cannot fully read is dropped, whatever the size of a
 * long-form length.
 *
 * `screen DIR` also writes every case into DIR as an input of
 * tests/fuzz/fuzz_screen.c (version byte, varbind byte, datagram): the
 * seed corpus and regression inputs are made this way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"

static int fails;
static const char *outdir;

#define CHECK(c, ...) do { if (!(c)) { fails++; printf("not ok - " __VA_ARGS__); putchar('\n'); } \
	else { printf("ok - " __VA_ARGS__); putchar('\n'); } } while (0)

/* ---- a small BER writer ---------------------------------------------------- */

struct b {
	size_t n;
	uint8_t d[20000];
};

static struct b *bnew(void)
{
	struct b *x = calloc(1, sizeof(*x));

	if (!x)
		abort();
	return x;
}

static struct b *raw(const void *p, size_t n)
{
	struct b *x = bnew();

	memcpy(x->d, p, n);
	x->n = n;
	return x;
}

/* Append y to x; frees y. */
static void cat(struct b *x, struct b *y)
{
	memcpy(x->d + x->n, y->d, y->n);
	x->n += y->n;
	free(y);
}

/* tag, length (force = bytes of a long form, 0: shortest), body; frees body. */
static struct b *tlvf(uint8_t tag, struct b *body, int force)
{
	struct b *x = bnew();
	size_t len = body->n;
	int k = force;

	x->d[x->n++] = tag;
	if (!k && len < 0x80) {
		x->d[x->n++] = (uint8_t)len;
	} else {
		if (!k)
			k = len < 0x100 ? 1 : 2;
		x->d[x->n++] = (uint8_t)(0x80 | k);
		while (k--)
			x->d[x->n++] = k >= (int)sizeof(size_t) ? 0 : (uint8_t)(len >> (8 * k));
	}
	cat(x, body);
	return x;
}

static struct b *tlv(uint8_t tag, struct b *body)
{
	return tlvf(tag, body, 0);
}

static struct b *seq2(uint8_t tag, struct b *a, struct b *c)
{
	cat(a, c);
	return tlv(tag, a);
}

static struct b *integer(int v)
{
	uint8_t d[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	return tlv(0x02, v >= 0 && v < 0x80 ? raw(d + 3, 1) : raw(d, 4));
}

static struct b *octets(const char *s)
{
	return tlv(0x04, raw(s, strlen(s)));
}

/* 1.3.6.1.2.1.1.1.N with N = last + hi * 2^64. */
static struct b *oid(unsigned long long last, unsigned hi)
{
	static const uint8_t head[] = { 0x2b, 6, 1, 2, 1, 1, 1 };
	struct b *x = raw(head, sizeof(head));
	uint8_t t[20];
	int k = 0;

	do {
		t[k++] = (uint8_t)(last & 0x7f);
		last = last >> 7 | (unsigned long long)hi << 57;
		hi >>= 7;
	} while (last || hi);
	while (k--)
		x->d[x->n++] = (uint8_t)(t[k] | (k ? 0x80 : 0));
	return tlv(0x06, x);
}

static struct b *varbind(struct b *name, struct b *value)
{
	return seq2(0x30, name, value);
}

static struct b *pdu(uint8_t tag, struct b *list, int force)
{
	struct b *x = integer(0x12345678);

	cat(x, integer(0));
	cat(x, integer(0));
	cat(x, tlvf(0x30, list, force));
	return tlvf(tag, x, force);
}

static struct b *v12msg(int version, struct b *p, int force)
{
	struct b *x = integer(version);

	cat(x, octets("public"));
	cat(x, p);
	return tlvf(0x30, x, force);
}

/* pdu() takes the varbind list's contents. */
static struct b *one_vb(void)
{
	return varbind(oid(0, 0), octets("Linux gw"));
}

/* v3: flags, USM parameters, then msgData. */
static struct b *v3msg(uint8_t flags, struct b *data, int force)
{
	struct b *g = integer(77), *x, *u;
	uint8_t f = flags;

	cat(g, integer(65507));
	cat(g, tlv(0x04, raw(&f, 1)));
	cat(g, integer(3));
	u = octets("\x80\x00\x1f\x88\x80");
	cat(u, integer(5));
	cat(u, integer(1234));
	cat(u, octets("monitor"));
	cat(u, octets(flags & 1 ? "0123456789ab" : ""));
	cat(u, octets(flags & 2 ? "saltsalt" : ""));
	x = integer(3);
	cat(x, tlvf(0x30, g, force));
	cat(x, tlvf(0x04, tlvf(0x30, u, force), force));
	cat(x, data);
	return tlvf(0x30, x, force);
}

static struct b *scoped(struct b *p, int force)
{
	struct b *x = octets("\x80\x00\x1f\x88\x80");

	cat(x, octets(""));
	cat(x, p);
	return tlvf(0x30, x, force);
}

/* ---- the cases ---------------------------------------------------------------- */

static void save(const char *name, const struct b *m, unsigned version, unsigned max)
{
	char path[512];
	FILE *f;
	uint8_t hdr[2] = { (uint8_t)(version == 3 ? 2 : version), (uint8_t)(max - 1) };

	if (!outdir)
		return;
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(hdr, 1, 2, f) != 2 || fwrite(m->d, 1, m->n, f) != m->n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* expect: 1 pass, 0 drop.  Frees m. */
static void expect(const char *name, struct b *m, unsigned version, unsigned max, int pass)
{
	struct screen_want w = { (uint8_t)version, max };
	uint8_t *copy = malloc(m->n ? m->n : 1);

	memcpy(copy, m->d, m->n);
	CHECK(screen_check(copy, m->n, &w) == pass, "%s: %s", name, pass ? "passes" : "dropped");
	save(name, m, version, max);
	free(copy);
	free(m);
}

static void good_ones(void)
{
	expect("v2c-response", v12msg(1, pdu(0xa2, one_vb(), 0), 0), 1, 4, 1);
	expect("v1-response", v12msg(0, pdu(0xa2, one_vb(), 0), 0), 0, 4, 1);
	expect("v2c-long-forms-2", v12msg(1, pdu(0xa2, one_vb(), 2), 2), 1, 4, 1);
	/* 30 85 00 00 00 NN: decoded, within the datagram */
	expect("v2c-long-forms-5", v12msg(1, pdu(0xa2, one_vb(), 5), 5), 1, 4, 1);
	expect("v2c-long-forms-9", v12msg(1, pdu(0xa2, one_vb(), 9), 9), 1, 4, 1);
	expect("v2c-subid-2p32-1", v12msg(1, pdu(0xa2, varbind(oid(0xffffffffu, 0),
		tlv(0x05, bnew())), 0), 0), 1, 4, 1);
	expect("v2c-oid-value", v12msg(1, pdu(0xa2, varbind(oid(2, 0), oid(7, 0)), 0), 0), 1, 4, 1);
	expect("v3-plaintext", v3msg(0x01, scoped(pdu(0xa2, one_vb(), 0), 0), 0), 3, 4, 1);
	expect("v3-report", v3msg(0x00, scoped(pdu(0xa8, one_vb(), 0), 0), 0), 3, 4, 1);
	expect("v3-long-forms-5", v3msg(0x01, scoped(pdu(0xa2, one_vb(), 5), 5), 5), 3, 4, 1);
	expect("v3-encrypted", v3msg(0x03, octets("ciphertext, opaque here"), 0), 3, 4, 1);
}

static struct b *many_vbs(unsigned n)
{
	struct b *l = bnew();
	unsigned i;

	for (i = 0; i < n; i++)
		cat(l, varbind(oid(i, 0), tlv(0x05, bnew())));
	return l;
}

static void framing(void)
{
	static const uint8_t indef[] = { 0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00 };
	struct b *m = v12msg(1, pdu(0xa2, one_vb(), 5), 5);

	m->d[3] = 1;		/* 5-byte message length past 2^32 */
	expect("len5-past-2p32", m, 1, 4, 0);
	m = v12msg(1, pdu(0xa2, one_vb(), 9), 9);
	m->d[2] = 0xff;		/* 9-byte length, top byte set */
	expect("len9-huge", m, 1, 4, 0);
	m = v12msg(1, pdu(0xa2, one_vb(), 0), 0);
	m->d[1] = 0xff;		/* reserved length form */
	expect("len-reserved", m, 1, 4, 0);
	expect("indefinite", raw(indef, sizeof(indef)), 1, 4, 0);
	expect("empty", bnew(), 1, 4, 0);
	m = v12msg(1, pdu(0xa2, one_vb(), 0), 0);
	m->d[m->n++] = 0;	/* trailing byte after the message */
	expect("trailing-byte", m, 1, 4, 0);
	m = v12msg(1, pdu(0xa2, one_vb(), 0), 0);
	m->d[1] += 2;		/* message claims more than sent */
	expect("overrun-message", m, 1, 4, 0);
	expect("wrong-version", v12msg(0, pdu(0xa2, one_vb(), 0), 0), 1, 4, 0);
	expect("report-in-v2c", v12msg(1, pdu(0xa8, one_vb(), 0), 0), 1, 4, 0);
	expect("get-not-response", v12msg(1, pdu(0xa0, one_vb(), 0), 0), 1, 4, 0);
}

static void prefixes(void)
{
	struct b *m = v12msg(1, pdu(0xa2, one_vb(), 5), 5);
	struct screen_want w = { 1, 4 };
	size_t k, bad = 0;

	for (k = 0; k < m->n; k++) {
		uint8_t *p = malloc(k ? k : 1);
		memcpy(p, m->d, k);
		bad += screen_check(p, k, &w);
		free(p);
	}
	CHECK(bad == 0, "every proper prefix of a good message is dropped (%zu passed)", bad);
	free(m);
}

static void varbinds(void)
{
	struct b *vb;

	/* 600 empty varbinds behind 5-byte lengths: the arena flood, in small */
	expect("flood-len5", v12msg(1, pdu(0xa2, many_vbs(600), 5), 5), 1, 64, 0);
	expect("too-many-varbinds", v12msg(1, pdu(0xa2, many_vbs(5), 0), 0), 1, 4, 0);
	expect("as-many-as-asked", v12msg(1, pdu(0xa2, many_vbs(4), 0), 0), 1, 4, 1);
	/* the asked-for OID's last arc + 2^64 */
	expect("wrapoid", v12msg(1, pdu(0xa2, varbind(oid(5, 1), octets("forged")), 0), 0),
	       1, 4, 0);
	expect("wrapoid-len5", v12msg(1, pdu(0xa2, varbind(oid(5, 1), octets("forged")), 5), 5),
	       1, 4, 0);
	expect("subid-2p32", v12msg(1, pdu(0xa2, varbind(oid(0x100000000ull, 0),
		octets("x")), 0), 0), 1, 4, 0);
	expect("oid-value-2p32", v12msg(1, pdu(0xa2, varbind(oid(2, 0),
		oid(0x100000000ull, 0)), 0), 0), 1, 4, 0);
	expect("name-not-oid", v12msg(1, pdu(0xa2, varbind(octets("1.3.6"), octets("x")), 0), 0),
	       1, 4, 0);
	vb = varbind(oid(1, 0), octets("x"));
	vb->d[1] += 3;		/* a varbind running past its list */
	expect("varbind-overrun", v12msg(1, pdu(0xa2, vb, 0), 0), 1, 4, 0);
	vb = varbind(oid(1, 0), octets("x"));
	cat(vb, tlv(0x05, bnew()));
	vb->d[1] += 2;		/* a third element in a varbind */
	expect("varbind-three-elements", v12msg(1, pdu(0xa2, vb, 0), 0), 1, 4, 0);
	vb = raw("\x05\x00", 2);	/* list holding a bare NULL */
	expect("list-not-varbinds", v12msg(1, pdu(0xa2, vb, 0), 0), 1, 4, 0);
	vb = varbind(oid(1, 0), tlv(0x30, bnew()));
	expect("value-constructed", v12msg(1, pdu(0xa2, vb, 0), 0), 1, 4, 0);
}

static void v3(void)
{
	expect("v3-wrapoid", v3msg(0x01, scoped(pdu(0xa2, varbind(oid(5, 1), octets("f")), 0), 0), 0),
	       3, 4, 0);
	expect("v3-flood-len5", v3msg(0x00, scoped(pdu(0xa2, many_vbs(600), 5), 5), 5), 3, 64, 0);
	expect("v3-priv-flag-plaintext", v3msg(0x03, scoped(pdu(0xa2, one_vb(), 0), 0), 0), 3, 4, 0);
	expect("v3-no-priv-flag-encrypted", v3msg(0x01, octets("ciphertext"), 0), 3, 4, 0);
	expect("v3-as-v2c", v3msg(0x01, scoped(pdu(0xa2, one_vb(), 0), 0), 0), 1, 4, 0);
	expect("v2c-as-v3", v12msg(1, pdu(0xa2, one_vb(), 0), 0), 3, 4, 0);
}

int main(int argc, char **argv)
{
	outdir = argc > 1 ? argv[1] : NULL;
	good_ones();
	framing();
	prefixes();
	varbinds();
	v3();
	return fails != 0;
}
