/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the datagram screen (src/screen.c) on its own.
 *
 * Input: one byte choosing the message version the engine expects
 * (0 v1, 1 v2c, 2 v3), one byte the most varbinds it expects (byte + 1),
 * then the datagram.  Besides memory safety (ASan: the datagram sits in a
 * buffer of exactly its size) and undefined behaviour (UBSan), every
 * datagram the screen passes is checked against a second, independent
 * reader below (recursive, 64-bit arithmetic, a tree of every constructed
 * element): the screen must never pass what that reader finds malformed
 * (an indefinite or overrunning length, an element that does not end
 * where its parent does, a varbind whose name is not an OBJECT IDENTIFIER,
 * a sub-identifier past 2^32-1, too many varbinds, the wrong version).
 * Built for 64-bit and for 32-bit long (tests/fuzz/build.sh), whose
 * verdicts must agree: the screen's arithmetic may not depend on it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"

#define MAX_NODES 4096

/* ---- the reference reader ------------------------------------------------ */

struct node {
	uint8_t tag;
	int parent;
	int nkids;
	int kid0;		/* index of the first child (children follow in order) */
	uint64_t off, len;	/* contents */
};

static struct {
	struct node n[MAX_NODES];
	int count;
	const uint8_t *buf;
} rf;

/* Parse the elements of buf[off, off + len) as children of parent,
 * recursing into constructed ones.  -1 on any malformation. */
static int ref_parse(uint64_t off, uint64_t len, int parent, int depth)
{
	uint64_t end = off + len;

	while (off < end) {
		uint64_t l, k, i, hdr;
		int me;
		uint8_t tag = rf.buf[off];

		if (end - off < 2 || (tag & 0x1f) == 0x1f || rf.count >= MAX_NODES || depth > 64)
			return -1;
		l = rf.buf[off + 1];
		hdr = 2;
		if (l & 0x80) {
			k = l & 0x7f;
			if (k == 0 || k == 0x7f || k > end - off - 2)
				return -1;
			for (l = 0, i = 0; i < k; i++) {
				if (l >> 56)
					return -1;	/* past any datagram anyway */
				l = l << 8 | rf.buf[off + 2 + i];
			}
			hdr += k;
		}
		if (l > end - off - hdr)
			return -1;
		me = rf.count++;
		rf.n[me] = (struct node){ tag, parent, 0, me + 1, off + hdr, l };
		if (parent >= 0)
			rf.n[parent].nkids++;
		if ((tag & 0x20) && ref_parse(off + hdr, l, me, depth + 1) < 0)
			return -1;
		off += hdr + l;
	}
	return 0;
}

/* The k-th child of node i, or -1. */
static int kid(int i, int k)
{
	int c, j;

	if (i < 0 || k >= rf.n[i].nkids)
		return -1;
	for (c = rf.n[i].kid0, j = 0; j < k; j++) {
		int next = c + 1;
		while (next < rf.count && rf.n[next].parent != i)
			next++;
		c = next;
	}
	return c;
}

static int is(int i, uint8_t tag)
{
	return i >= 0 && rf.n[i].tag == tag;
}

/* Sub-identifiers as numbers: bits counted, not shifted. */
static int ref_oid_ok(int i)
{
	uint64_t j, bits = 0;

	if (!is(i, 0x06) || !rf.n[i].len)
		return 0;
	for (j = 0; j < rf.n[i].len; j++) {
		uint8_t b = rf.buf[rf.n[i].off + j];

		if (bits == 0 && (b & 0x7f) == 0 && (b & 0x80))
			continue;		/* leading padding adds nothing */
		if (bits == 0) {
			unsigned v = b & 0x7f, w = 0;
			while (v) {
				w++;
				v >>= 1;
			}
			bits = w;
		} else {
			bits += 7;
		}
		if (bits > 32)
			return 0;
		if (!(b & 0x80))
			bits = 0;
	}
	return !(rf.buf[rf.n[i].off + rf.n[i].len - 1] & 0x80);
}

static int ref_int_ok(int i)
{
	return is(i, 0x02) && rf.n[i].len >= 1 && rf.n[i].len <= 9;
}

/* The PDU at node p must be a well-formed answer. */
static int ref_pdu_ok(int p, unsigned version, unsigned max)
{
	int list, k;

	if (p < 0 || !(rf.n[p].tag == 0xa2 || (version == 3 && rf.n[p].tag == 0xa8)))
		return 0;
	if (rf.n[p].nkids != 4 || !ref_int_ok(kid(p, 0)) || !ref_int_ok(kid(p, 1)) ||
	    !ref_int_ok(kid(p, 2)))
		return 0;
	list = kid(p, 3);
	if (!is(list, 0x30) || (unsigned)rf.n[list].nkids > max)
		return 0;
	for (k = 0; k < rf.n[list].nkids; k++) {
		int vb = kid(list, k);
		if (!is(vb, 0x30) || rf.n[vb].nkids != 2 || !ref_oid_ok(kid(vb, 0)))
			return 0;
		if (is(kid(vb, 1), 0x06) && !ref_oid_ok(kid(vb, 1)))
			return 0;
	}
	return 1;
}

/* What a message the screen passes must be. */
static const char *ref_violation(const uint8_t *d, size_t n, unsigned version, unsigned max)
{
	int root, g;

	rf.buf = d;
	rf.count = 0;
	if (ref_parse(0, n, -1, 0) < 0)
		return "malformed BER";
	root = 0;
	if (rf.count < 1 || !is(root, 0x30) || rf.n[root].off + rf.n[root].len != n)
		return "not one SEQUENCE";
	if (!is(kid(root, 0), 0x02) || rf.n[kid(root, 0)].len != 1 ||
	    d[rf.n[kid(root, 0)].off] != version)
		return "wrong version";
	if (version != 3) {
		if (rf.n[root].nkids != 3 || !is(kid(root, 1), 0x04))
			return "v1/v2c shape";
		return ref_pdu_ok(kid(root, 2), version, max) ? NULL : "v1/v2c PDU";
	}
	g = kid(root, 1);
	if (rf.n[root].nkids != 4 || !is(g, 0x30) || rf.n[g].nkids != 4 || !is(kid(root, 2), 0x04))
		return "v3 shape";
	if (is(kid(root, 3), 0x04))
		return NULL;				/* encrypted: bounds only */
	if (!is(kid(root, 3), 0x30) || rf.n[kid(root, 3)].nkids != 3)
		return "v3 scoped PDU shape";
	return ref_pdu_ok(kid(kid(root, 3), 2), 3, max) ? NULL : "v3 PDU";
}

/* ---- the harness -------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t versions[] = { 0, 1, 3 };
	struct screen_want w;
	const char *why;
	uint8_t *d;
	size_t n;

	if (size < 2)
		return 0;
	w.version = versions[data[0] % 3];
	w.max_varbinds = data[1] + 1u;
	n = size - 2;
	d = malloc(n ? n : 1);		/* exactly the datagram: ASan sees any overread */
	if (!d)
		abort();
	memcpy(d, data + 2, n);
	if (screen_check(d, n, &w) && (why = ref_violation(d, n, w.version, w.max_varbinds))) {
		fprintf(stderr, "screen passed a datagram it must drop: %s\n", why);
		abort();
	}
	free(d);
	return 0;
}
