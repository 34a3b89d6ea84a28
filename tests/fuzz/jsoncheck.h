/* SPDX-License-Identifier: MIT */
/* jsoncheck(): is buf[0..n) exactly one valid JSON value (RFC 8259), with
 * strings of valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF) and no raw control characters?  0 or -1.  A strict, small,
 * recursive validator for the fuzz harnesses; depth is bounded. */
#ifndef SNMPOLL_JSONCHECK_H
#define SNMPOLL_JSONCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct jc {
	const unsigned char *p, *end;
	int depth;
};

static int jc_value(struct jc *c);

static void jc_ws(struct jc *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static int jc_lit(struct jc *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n))
		return -1;
	c->p += n;
	return 0;
}

static int jc_utf8(struct jc *c)
{
	const unsigned char *p = c->p;
	unsigned n, i;
	uint32_t cp;

	if (*p < 0x80) {
		c->p++;
		return 0;
	}
	if (*p >= 0xc2 && *p <= 0xdf) {
		n = 1;
		cp = *p & 0x1f;
	} else if (*p >= 0xe0 && *p <= 0xef) {
		n = 2;
		cp = *p & 0x0f;
	} else if (*p >= 0xf0 && *p <= 0xf4) {
		n = 3;
		cp = *p & 0x07;
	} else {
		return -1;
	}
	if ((size_t)(c->end - p) <= n)
		return -1;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
		return -1;
	c->p += n + 1;
	return 0;
}

static int jc_string(struct jc *c)
{
	if (jc_lit(c, "\""))
		return -1;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p < 0x20)
			return -1;
		if (*c->p == '\\') {
			c->p++;
			if (c->p >= c->end)
				return -1;
			if (*c->p == 'u') {
				int i;
				for (i = 1; i <= 4; i++)
					if (c->p + i >= c->end || !strchr("0123456789abcdefABCDEF", c->p[i]) || !c->p[i])
						return -1;
				c->p += 5;
			} else if (*c->p && strchr("\"\\/bfnrt", *c->p)) {
				c->p++;
			} else {
				return -1;
			}
		} else if (jc_utf8(c)) {
			return -1;
		}
	}
	return jc_lit(c, "\"");
}

static int jc_digits(struct jc *c)
{
	const unsigned char *s = c->p;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > s ? 0 : -1;
}

static int jc_number(struct jc *c)
{
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p < c->end && *c->p == '0')
		c->p++;
	else if (jc_digits(c))
		return -1;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (jc_digits(c))
			return -1;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (jc_digits(c))
			return -1;
	}
	return 0;
}

static int jc_seq(struct jc *c, char close, int members)
{
	c->p++;
	jc_ws(c);
	if (c->p < c->end && *c->p == close) {
		c->p++;
		return 0;
	}
	for (;;) {
		if (members) {
			if (jc_string(c))
				return -1;
			jc_ws(c);
			if (jc_lit(c, ":"))
				return -1;
		}
		if (jc_value(c))
			return -1;
		jc_ws(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			jc_ws(c);
			continue;
		}
		if (c->p >= c->end || *c->p != close)
			return -1;
		c->p++;
		return 0;
	}
}

static int jc_value(struct jc *c)
{
	int r;

	jc_ws(c);
	if (c->p >= c->end || ++c->depth > 64)
		return -1;
	switch (*c->p) {
	case '{': r = jc_seq(c, '}', 1); break;
	case '[': r = jc_seq(c, ']', 0); break;
	case '"': r = jc_string(c); break;
	case 't': r = jc_lit(c, "true"); break;
	case 'f': r = jc_lit(c, "false"); break;
	case 'n': r = jc_lit(c, "null"); break;
	default: r = jc_number(c); break;
	}
	c->depth--;
	return r;
}

static inline int jsoncheck(const char *buf, size_t n)
{
	struct jc c = { (const unsigned char *)buf, (const unsigned char *)buf + n, 0 };

	if (jc_value(&c))
		return -1;
	jc_ws(&c);
	return c.p == c.end ? 0 : -1;
}

#endif
