/* SPDX-License-Identifier: MIT */
/* Value formatting shared by the JSON, Prometheus and text exporters.
 *
 * Output goes through struct fmt_out, a fixed buffer flushed to a FILE or
 * a file descriptor: the exporters never allocate, so writing status.json
 * after every cycle costs no heap.  Errors are sticky (out->err) and
 * checked once at the end.
 *
 * A value is first classified (fmt_value): numbers, text that is safe to
 * show as a string, bytes that must go out as lower-case hex, or null.
 * Each exporter then quotes the text its own way.
 */
#ifndef SNMPOLL_FMT_H
#define SNMPOLL_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "shm.h"

#define FMT_OUT_BUF	16384
/* Longest formatted value: hex of VALUE_LEN bytes ("0a:" each). */
#define FMT_VALUE_MAX	(3 * CONFIG_VALUE_LEN + 32)
/* Longest numeric OID or built-in name plus instance. */
#define FMT_OID_MAX	(11 * CONFIG_OID_MAX_ARCS + 64)

struct fmt_out {
	FILE *f;		/* flushed here if set, else to fd */
	int fd;
	int err;		/* a write failed: errno, else 0 */
	int bad;		/* a record read was busy or damaged */
	size_t n;
	char buf[FMT_OUT_BUF];
};

enum fmt_kind {
	FMT_NULL,		/* noSuchObject, endOfMibView...: value null */
	FMT_SIGNED,		/* INTEGER: s */
	FMT_UNSIGNED,		/* Counter32, Gauge32, TimeTicks: u */
	FMT_BIG,		/* Counter64: u, a string in JSON */
	FMT_TEXT,		/* valid UTF-8, no controls but tab/CR/LF: text */
	FMT_HEX,		/* text holds "0a:1b:..." */
};

struct fmt_value {
	enum fmt_kind kind;
	const char *type;	/* "OCTET STRING", "Counter64", ... */
	int64_t s;
	uint64_t u;
	int has_rate;		/* a counter: rate is meaningful, maybe null */
	int rate_known;		/* rate is a finite number */
	double rate;
	const char *text;	/* FMT_TEXT, FMT_HEX: len bytes (the value's
				   own bytes, or buf) */
	size_t len;
	char buf[FMT_VALUE_MAX];
};

/* A value's numeric OID and its built-in name plus instance ("ifDescr.3",
 * or the numeric OID when no name covers it): ASCII digits, dots and
 * name characters only, safe in every output without escaping. */
struct fmt_names {
	size_t oid_len, name_len;
	char oid[FMT_OID_MAX];
	char name[FMT_OID_MAX];
};

void fmt_out_file(struct fmt_out *o, FILE *f);
void fmt_out_fd(struct fmt_out *o, int fd);
void fmt_write(struct fmt_out *o, const void *p, size_t n);
void fmt_puts(struct fmt_out *o, const char *s);
/* A string literal, its length known at compile time. */
#define fmt_lit(o, s)	fmt_write((o), (s), sizeof(s) - 1)
void fmt_putc(struct fmt_out *o, char c);
void fmt_u64(struct fmt_out *o, uint64_t v);
void fmt_i64(struct fmt_out *o, int64_t v);
/* Short formatted pieces (numbers, fixed words): at most 255 bytes. */
void fmt_printf(struct fmt_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Write out what is buffered.  0, or -1 with errno (also for any earlier
 * failed write). */
int fmt_flush(struct fmt_out *o);

/* Length of the valid UTF-8 sequence at p (1..4) and its code point, or 0
 * if the bytes there are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
 * truncated, stray continuation). */
unsigned fmt_utf8(const uint8_t *p, size_t n, uint32_t *cp);
/* p[0..n) is valid UTF-8 without control characters other than tab, CR
 * and LF (C0, DEL and C1 are controls). */
int fmt_is_text(const uint8_t *p, size_t n);
/* Lower-case colon-separated hex of p[0..n) into buf; returns length. */
size_t fmt_hex(const uint8_t *p, size_t n, char *buf, size_t size);

const char *fmt_type_name(unsigned type);
const char *fmt_status_name(unsigned status);
const char *fmt_version_name(unsigned version);
/* Classify and render one value of a snapshot. */
void fmt_value(const struct shm_value *v, struct fmt_value *out);
/* Value v of host i: its numeric OID and name. */
void fmt_names(unsigned i, const struct shm_value *v, struct fmt_names *n);

/* A finite double as a compact decimal without exponent: at most `prec`
 * decimals, trailing zeros dropped ("1250.5", "0.0032", "3").  Returns the
 * length; "0" for NaN or infinity (callers test isfinite first). */
int fmt_double(double d, int prec, char *buf, size_t size);

#endif
