/* SPDX-License-Identifier: MIT */
/* The datagram screen.  See screen.h.
 *
 * One bounded reader: take() consumes the next element of a cursor,
 * checks its tag, and gives its contents as a new cursor that cannot
 * reach past them.  Each level then insists it was read to its end
 * (done()).  Sizes are size_t and every length is compared with the bytes
 * actually left before it is used, so nothing here depends on the width
 * of long, and nothing can overflow on a 16-bit datagram.
 */
#include "screen.h"

enum {
	T_INT = 0x02, T_BITS = 0x03, T_OCTETS = 0x04, T_NULL = 0x05, T_OID = 0x06,
	T_SEQ = 0x30, T_IPADDR = 0x40, T_COUNTER32 = 0x41, T_GAUGE32 = 0x42,
	T_TIMETICKS = 0x43, T_OPAQUE = 0x44, T_NSAP = 0x45, T_COUNTER64 = 0x46,
	T_UINT32 = 0x47, T_NOSUCHOBJECT = 0x80, T_NOSUCHINSTANCE = 0x81,
	T_ENDOFMIBVIEW = 0x82, T_RESPONSE = 0xa2, T_REPORT = 0xa8,
};

#define ANY		-1
#define V3_PRIV		0x02	/* msgFlags: msgData is encrypted */
#define V3_USM		3	/* msgSecurityModel */
#define INT_MAX_LEN	9	/* a 64-bit value with its sign byte */

struct ber {
	const uint8_t *p, *end;
};

static size_t left(const struct ber *r)
{
	return (size_t)(r->end - r->p);
}

static int done(const struct ber *r)
{
	return r->p == r->end ? 0 : -1;
}

/* The length field at r->p, consumed.  Long forms of any size are read
 * byte by byte and refused as soon as they exceed what follows: the value
 * never outgrows 2^16 * 2^8, whatever the form's size. */
static int take_len(struct ber *r, size_t *len)
{
	size_t n, k;

	if (!left(r))
		return -1;
	n = *r->p++;
	if (n & 0x80) {
		k = n & 0x7f;
		if (k == 0 || k == 0x7f || k > left(r))	/* indefinite, reserved */
			return -1;
		for (n = 0; k; k--) {
			n = n << 8 | *r->p++;
			if (n > left(r))
				return -1;
		}
	}
	if (n > left(r))
		return -1;
	*len = n;
	return 0;
}

/* The next element of r, consumed: its tag (which must be tag unless
 * ANY) and its contents in *in.  -1 if it does not fit in r. */
static int take(struct ber *r, int tag, struct ber *in)
{
	size_t len;
	int t;

	if (!left(r))
		return -1;
	t = *r->p++;
	if ((t & 0x1f) == 0x1f || (tag != ANY && t != tag))	/* multi-byte tags: never SNMP */
		return -1;
	if (take_len(r, &len) < 0)
		return -1;
	in->p = r->p;
	in->end = r->p + len;
	r->p = in->end;
	return t;
}

static int take_int(struct ber *r)
{
	struct ber in;

	if (take(r, T_INT, &in) < 0 || !left(&in) || left(&in) > INT_MAX_LEN)
		return -1;
	return 0;
}

/* A one-byte INTEGER (versions, security models): its value. */
static int take_small(struct ber *r)
{
	struct ber in;

	if (take(r, T_INT, &in) < 0 || left(&in) != 1 || *in.p > 0x7f)
		return -1;
	return *in.p;
}

/* Every sub-identifier complete and within 32 bits. */
static int oid_ok(const struct ber *o)
{
	const uint8_t *p;
	uint64_t v = 0;

	if (!left(o) || (o->end[-1] & 0x80))
		return -1;
	for (p = o->p; p < o->end; p++) {
		v = v << 7 | (*p & 0x7f);
		if (v > 0xffffffffu)
			return -1;
		if (!(*p & 0x80))
			v = 0;
	}
	return 0;
}

static int value_tag_ok(int t)
{
	switch (t) {
	case T_INT: case T_BITS: case T_OCTETS: case T_NULL: case T_OID:
	case T_IPADDR: case T_COUNTER32: case T_GAUGE32: case T_TIMETICKS:
	case T_OPAQUE: case T_NSAP: case T_COUNTER64: case T_UINT32:
	case T_NOSUCHOBJECT: case T_NOSUCHINSTANCE: case T_ENDOFMIBVIEW:
		return 1;
	default:
		return 0;
	}
}

/* SEQUENCE { name OBJECT IDENTIFIER, value }, exactly. */
static int varbind_ok(struct ber *vb)
{
	struct ber name, value;
	int t;

	if (take(vb, T_OID, &name) < 0 || oid_ok(&name) < 0)
		return -1;
	t = take(vb, ANY, &value);
	if (t < 0 || !value_tag_ok(t) || (t == T_OID && oid_ok(&value) < 0))
		return -1;
	return done(vb);
}

static int varbinds_ok(struct ber *list, unsigned max)
{
	struct ber vb;
	unsigned n;

	for (n = 0; left(list); n++)
		if (n >= max || take(list, T_SEQ, &vb) < 0 || varbind_ok(&vb) < 0)
			return -1;
	return 0;
}

/* The PDU at r: an answer (Response, or for v3 also Report) with request
 * id, error status, error index and its varbind list, all exactly. */
static int pdu_ok(struct ber *r, const struct screen_want *w)
{
	struct ber pdu, list;
	int t = take(r, ANY, &pdu);

	if (t != T_RESPONSE && !(t == T_REPORT && w->version == 3))
		return -1;
	if (take_int(&pdu) < 0 || take_int(&pdu) < 0 || take_int(&pdu) < 0)
		return -1;
	if (take(&pdu, T_SEQ, &list) < 0 || done(&pdu) < 0)
		return -1;
	return varbinds_ok(&list, w->max_varbinds);
}

/* v1/v2c after the version: community, PDU. */
static int community_msg_ok(struct ber *m, const struct screen_want *w)
{
	struct ber community;

	if (take(m, T_OCTETS, &community) < 0 || pdu_ok(m, w) < 0)
		return -1;
	return done(m);
}

/* msgGlobalData: its msgFlags, or -1. */
static int v3_global(struct ber *m)
{
	struct ber g, flags;

	if (take(m, T_SEQ, &g) < 0 || take_int(&g) < 0 || take_int(&g) < 0)
		return -1;
	if (take(&g, T_OCTETS, &flags) < 0 || left(&flags) != 1)
		return -1;
	if (take_small(&g) != V3_USM || done(&g) < 0)
		return -1;
	return *flags.p;
}

/* msgSecurityParameters: an OCTET STRING wrapping USM's SEQUENCE. */
static int v3_usm(struct ber *m)
{
	struct ber sp, u, skip;

	if (take(m, T_OCTETS, &sp) < 0 || take(&sp, T_SEQ, &u) < 0 || done(&sp) < 0)
		return -1;
	if (take(&u, T_OCTETS, &skip) < 0 || take_int(&u) < 0 || take_int(&u) < 0)
		return -1;	/* engine ID, boots, time */
	if (take(&u, T_OCTETS, &skip) < 0 || take(&u, T_OCTETS, &skip) < 0 ||
	    take(&u, T_OCTETS, &skip) < 0)
		return -1;	/* user name, authentication, privacy parameters */
	return done(&u);
}

/* v3 after the version. */
static int v3_msg_ok(struct ber *m, const struct screen_want *w)
{
	struct ber data, skip;
	int flags = v3_global(m);

	if (flags < 0 || v3_usm(m) < 0)
		return -1;
	if (flags & V3_PRIV) {		/* encrypted: bounds only */
		if (take(m, T_OCTETS, &skip) < 0)
			return -1;
		return done(m);
	}
	if (take(m, T_SEQ, &data) < 0 || done(m) < 0)
		return -1;
	if (take(&data, T_OCTETS, &skip) < 0 || take(&data, T_OCTETS, &skip) < 0)
		return -1;	/* contextEngineID, contextName */
	if (pdu_ok(&data, w) < 0)
		return -1;
	return done(&data);
}

int screen_check(const uint8_t *buf, size_t len, const struct screen_want *want)
{
	struct ber d, m;
	int version;

	if (!len)
		return 0;
	d.p = buf;
	d.end = buf + len;
	if (take(&d, T_SEQ, &m) < 0 || done(&d) < 0)
		return 0;
	version = take_small(&m);
	if (version < 0 || version != want->version)
		return 0;
	if (version == 3)
		return v3_msg_ok(&m, want) == 0;
	if (version > 1)
		return 0;
	return community_msg_ok(&m, want) == 0;
}
