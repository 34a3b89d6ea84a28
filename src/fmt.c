/* SPDX-License-Identifier: MIT */
/* Value formatting shared by every output: the buffered writer, UTF-8
 * checks, type names, and the one place that decides how a value from
 * shared memory is shown (number, text, hex or null). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "mib.h"
#include "table.h"

void fmt_out_file(struct fmt_out *o, FILE *f)
{
	o->f = f;
	o->fd = -1;
	o->err = 0;
	o->bad = 0;
	o->n = 0;
}

void fmt_out_fd(struct fmt_out *o, int fd)
{
	o->f = NULL;
	o->fd = fd;
	o->err = 0;
	o->bad = 0;
	o->n = 0;
}

static int write_fd(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static void drain(struct fmt_out *o)
{
	int r;

	if (o->n == 0 || o->err)
		goto done;
	if (o->f)
		r = fwrite(o->buf, 1, o->n, o->f) == o->n ? 0 : -1;
	else
		r = write_fd(o->fd, o->buf, o->n);
	if (r < 0)
		o->err = errno ? errno : EIO;
done:
	o->n = 0;
}

void fmt_write(struct fmt_out *o, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		size_t k = sizeof(o->buf) - o->n;

		if (k == 0) {
			drain(o);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
	}
}

void fmt_puts(struct fmt_out *o, const char *s)
{
	fmt_write(o, s, strlen(s));
}

void fmt_putc(struct fmt_out *o, char c)
{
	if (o->n == sizeof(o->buf))
		drain(o);
	o->buf[o->n++] = c;
}

/* Decimal digits of v at the end of buf[20]; returns where they start. */
static char *u64_digits(uint64_t v, char *end)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10));
	return end;
}

void fmt_u64(struct fmt_out *o, uint64_t v)
{
	char buf[20], *p = u64_digits(v, buf + sizeof(buf));

	fmt_write(o, p, (size_t)(buf + sizeof(buf) - p));
}

void fmt_i64(struct fmt_out *o, int64_t v)
{
	if (v < 0) {
		fmt_putc(o, '-');
		fmt_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		fmt_u64(o, (uint64_t)v);
	}
}

void fmt_printf(struct fmt_out *o, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		fmt_write(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

int fmt_flush(struct fmt_out *o)
{
	drain(o);
	if (!o->err && o->f && fflush(o->f) != 0)
		o->err = errno ? errno : EIO;
	if (o->err) {
		errno = o->err;
		return -1;
	}
	return 0;
}

/* Second byte bounds that rule out overlongs, surrogates and > U+10FFFF. */
static int lead_ok(uint8_t b0, uint8_t b1)
{
	if (b0 == 0xe0)
		return b1 >= 0xa0;
	if (b0 == 0xed)
		return b1 <= 0x9f;
	if (b0 == 0xf0)
		return b1 >= 0x90;
	if (b0 == 0xf4)
		return b1 <= 0x8f;
	return 1;
}

unsigned fmt_utf8(const uint8_t *p, size_t n, uint32_t *cp)
{
	unsigned len, i;
	uint32_t c;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	len = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (n < len || !lead_ok(p[0], p[1]))
		return 0;
	c = p[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	*cp = c;
	return len;
}

static int is_control(uint32_t c)
{
	if (c == '\t' || c == '\r' || c == '\n')
		return 0;
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

int fmt_is_text(const uint8_t *p, size_t n)
{
	uint32_t c;
	unsigned k;

	while (n > 0) {
		if (*p >= 0x20 && *p < 0x7f) {	/* printable ASCII: most text */
			p++;
			n--;
			continue;
		}
		k = fmt_utf8(p, n, &c);
		if (k == 0 || is_control(c))
			return 0;
		p += k;
		n -= k;
	}
	return 1;
}

size_t fmt_hex(const uint8_t *p, size_t n, char *buf, size_t size)
{
	static const char dig[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < n && o + 4 <= size; i++) {
		if (i)
			buf[o++] = ':';
		buf[o++] = dig[p[i] >> 4];
		buf[o++] = dig[p[i] & 15];
	}
	if (size)
		buf[o < size ? o : size - 1] = '\0';
	return o;
}

const char *fmt_type_name(unsigned type)
{
	switch (type) {
	case SHM_T_INTEGER:		return "INTEGER";
	case SHM_T_OCTETS:		return "OCTET STRING";
	case SHM_T_NULL:		return "NULL";
	case SHM_T_OID:			return "OBJECT IDENTIFIER";
	case SHM_T_IPADDR:		return "IpAddress";
	case SHM_T_COUNTER32:		return "Counter32";
	case SHM_T_GAUGE32:		return "Gauge32";
	case SHM_T_TIMETICKS:		return "TimeTicks";
	case SHM_T_OPAQUE:		return "Opaque";
	case SHM_T_COUNTER64:		return "Counter64";
	case SHM_T_NOSUCHOBJECT:	return "noSuchObject";
	case SHM_T_NOSUCHINSTANCE:	return "noSuchInstance";
	case SHM_T_ENDOFMIBVIEW:	return "endOfMibView";
	}
	return "unknown";
}

const char *fmt_status_name(unsigned status)
{
	static const char *const names[] = {
		"pending", "ok", "timeout", "error", "backoff"
	};

	return status < sizeof(names) / sizeof(names[0]) ? names[status] : "error";
}

const char *fmt_version_name(unsigned version)
{
	return version == TABLE_V1 ? "1" : "2c";
}

/* A value cut at VALUE_LEN may end inside a UTF-8 sequence: drop that
 * partial character rather than show the whole string as hex. */
static size_t trim_cut(const uint8_t *p, size_t n)
{
	size_t back;

	for (back = 1; back <= 3 && back <= n; back++) {
		uint8_t b = p[n - back];

		if ((b & 0xc0) != 0x80)
			return b >= 0xc0 ? n - back : n;
	}
	return n;
}

static void set_hex(struct fmt_value *o, const uint8_t *p, size_t n)
{
	o->kind = FMT_HEX;
	o->len = fmt_hex(p, n, o->buf, sizeof(o->buf));
	o->text = o->buf;
}

static void set_text(struct fmt_value *o, const uint8_t *p, size_t n)
{
	o->kind = FMT_TEXT;
	o->text = (const char *)p;
	o->len = n;
}

static void value_octets(const struct shm_value *v, size_t n, struct fmt_value *o)
{
	size_t t = (v->flags & SHM_V_CUT) ? trim_cut(v->bytes, n) : n;

	if (fmt_is_text(v->bytes, t))
		set_text(o, v->bytes, t);
	else
		set_hex(o, v->bytes, n);
}

static void value_bytes(const struct shm_value *v, size_t n, struct fmt_value *o)
{
	switch (v->type) {
	case SHM_T_OCTETS:
		value_octets(v, n, o);
		break;
	case SHM_T_OID:
		/* Stored as dotted text by the worker; still never trusted. */
		if (fmt_is_text(v->bytes, n))
			set_text(o, v->bytes, n);
		else
			set_hex(o, v->bytes, n);
		break;
	case SHM_T_IPADDR:
		if (n != 4) {
			set_hex(o, v->bytes, n);
			break;
		}
		o->kind = FMT_TEXT;
		o->len = (size_t)snprintf(o->buf, sizeof(o->buf), "%u.%u.%u.%u",
					  v->bytes[0], v->bytes[1], v->bytes[2], v->bytes[3]);
		o->text = o->buf;
		break;
	default:	/* Opaque */
		set_hex(o, v->bytes, n);
	}
}

static void value_rate(const struct shm_value *v, struct fmt_value *o)
{
	o->has_rate = 1;
	o->rate = v->rate;
	o->rate_known = (v->flags & SHM_V_RATE) && isfinite(v->rate);
}

void fmt_value(const struct shm_value *v, struct fmt_value *o)
{
	size_t n = v->len < CONFIG_VALUE_LEN ? v->len : CONFIG_VALUE_LEN;

	o->type = fmt_type_name(v->type);
	o->has_rate = o->rate_known = 0;
	o->len = 0;
	o->text = "";
	o->s = (int64_t)v->num;
	o->u = v->num;
	switch (v->type) {
	case SHM_T_INTEGER:
		o->kind = FMT_SIGNED;
		break;
	case SHM_T_COUNTER32:
		value_rate(v, o);
		/* fall through */
	case SHM_T_GAUGE32:
	case SHM_T_TIMETICKS:
		o->kind = FMT_UNSIGNED;
		o->u &= 0xffffffffu;
		break;
	case SHM_T_COUNTER64:
		value_rate(v, o);
		o->kind = FMT_BIG;
		break;
	case SHM_T_OCTETS:
	case SHM_T_OID:
	case SHM_T_IPADDR:
	case SHM_T_OPAQUE:
		value_bytes(v, n, o);
		break;
	default:
		o->kind = FMT_NULL;
	}
}

/* arcs as "a.b.c" into buf; at[k]: where arc k starts (at[len] = the
 * end).  Returns the length. */
static size_t put_arcs(char *buf, const uint32_t *arcs, unsigned len, size_t *at)
{
	char tmp[20], *p;
	size_t pos = 0, n;
	unsigned k;

	for (k = 0; k < len; k++) {
		if (k)
			buf[pos++] = '.';
		at[k] = pos;
		p = u64_digits(arcs[k], tmp + sizeof(tmp));
		n = (size_t)(tmp + sizeof(tmp) - p);
		memcpy(buf + pos, p, n);
		pos += n;
	}
	at[len] = pos + 1;	/* past a dot that is not there */
	buf[pos] = '\0';
	return pos;
}

/* The best built-in name: a scalar's is the table's (found at build
 * time); a walked row's is looked up, trying the previous row's first. */
static const struct mib_name *best_name(unsigned i, const struct shm_value *v,
					const uint32_t *arcs, unsigned len)
{
	static const struct mib_name *last;
	const struct table_item *it = &table_items[table_hosts[i].first_item + v->item];
	const struct mib_name *root = it->mib && it->mib <= mib_nnames ? &mib_names[it->mib - 1] : NULL;

	if (!shm_item_walk(i, v->item))
		return root;
	last = mib_best(arcs, len, last ? last : root);
	return last;
}

void fmt_names(unsigned i, const struct shm_value *v, struct fmt_names *n)
{
	uint32_t arcs[CONFIG_OID_MAX_ARCS];
	size_t at[CONFIG_OID_MAX_ARCS + 1];
	unsigned len = shm_value_oid(i, v, arcs);
	const struct mib_name *best = best_name(i, v, arcs, len);
	size_t k, tail;

	n->oid_len = put_arcs(n->oid, arcs, len, at);
	if (!best || best->len > len) {
		memcpy(n->name, n->oid, n->oid_len + 1);
		n->name_len = n->oid_len;
		return;
	}
	/* "name" then the instance digits, as the numeric form has them. */
	k = strlen(best->name);
	memcpy(n->name, best->name, k);
	tail = best->len < len ? at[best->len] - 1 : n->oid_len;
	memcpy(n->name + k, n->oid + tail, n->oid_len - tail + 1);
	n->name_len = k + n->oid_len - tail;
}

/* Drop trailing zeros of a "%f" rendering: "1250.500" -> "1250.5". */
static int strip_zeros(char *buf, int n)
{
	if (!strchr(buf, '.'))
		return n;
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	if (strcmp(buf, "-0") == 0)
		n = snprintf(buf, 2, "0");
	return n;
}

/* "%.*f" then strip_zeros, without printf's float code for the common
 * case: d scaled to an integer far enough from a rounding tie that the
 * scaling's own error cannot change the digit.  0 if it cannot say. */
static int fast_double(double d, int prec, char *buf, size_t size)
{
	static const double scale[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
	char tmp[48], *p, *end = tmp + sizeof(tmp);
	double x, f;
	uint64_t q, pw = 1;
	int k, neg = d < 0, n;

	if (prec < 0 || prec > 6)
		return 0;
	x = fabs(d) * scale[prec];
	if (!(x < 1e12))
		return 0;
	f = x - floor(x);
	if (fabs(f - 0.5) < 1e-3)
		return 0;
	q = (uint64_t)floor(x + 0.5);
	for (k = 0; k < prec; k++)
		pw *= 10;
	p = end;
	if (q % pw) {
		uint64_t fr = q % pw;
		for (k = 0; k < prec; k++, fr /= 10)
			if (p != end || fr % 10)
				*--p = (char)('0' + fr % 10);
		*--p = '.';
	}
	p = u64_digits(q / pw, p);
	if (neg && q)
		*--p = '-';
	n = (int)(end - p);
	if ((size_t)n >= size)
		return 0;
	memcpy(buf, p, (size_t)n);
	buf[n] = '\0';
	return n;
}

int fmt_double(double d, int prec, char *buf, size_t size)
{
	int n;

	if (!isfinite(d))
		d = 0;
	n = fast_double(d, prec, buf, size);
	if (n > 0)
		return n;
	/* Plain decimals for every sane magnitude; %g only past 1e18. */
	if (fabs(d) < 1e18)
		n = snprintf(buf, size, "%.*f", prec, d);
	else
		n = snprintf(buf, size, "%.17g", d);
	if (n <= 0 || (size_t)n >= size)
		return snprintf(buf, size, "0");
	return fabs(d) < 1e18 ? strip_zeros(buf, n) : n;
}
