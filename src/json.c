/* SPDX-License-Identifier: MIT */
/* The JSON document of docs/output.md: `status --json`, status.json, the CGI.
 *
 * Every string goes through json_string, which yields valid JSON for any
 * bytes (invalid UTF-8 becomes U+FFFD) and escapes <, > and & so the
 * document is also safe inline in an HTML <script>.
 */
#include <inttypes.h>
#include <string.h>

#include "export.h"
#include "fmt.h"
#include "table.h"
#include "version.h"

static void put_escape(struct fmt_out *o, uint32_t c)
{
	switch (c) {
	case '"':	fmt_lit(o, "\\\""); return;
	case '\\':	fmt_lit(o, "\\\\"); return;
	case '\n':	fmt_lit(o, "\\n"); return;
	case '\r':	fmt_lit(o, "\\r"); return;
	case '\t':	fmt_lit(o, "\\t"); return;
	}
	fmt_printf(o, "\\u%04x", (unsigned)c);
}

static int needs_escape(uint32_t c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == 0x7f || c == '<' ||
	       c == '>' || c == '&' || c == 0x2028 || c == 0x2029;
}

/* Bytes that go out as they are: printable ASCII but the quote, the
 * backslash and what HTML would read (<, >, &). */
static int plain(uint8_t c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' &&
	       c != '&';
}

void json_string(struct fmt_out *o, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	uint32_t c;
	unsigned k;
	size_t run;

	fmt_putc(o, '"');
	while (n > 0) {
		for (run = 0; run < n && plain(p[run]); run++)
			;
		if (run) {
			fmt_write(o, p, run);
			p += run;
			n -= run;
			continue;
		}
		k = fmt_utf8(p, n, &c);
		if (k == 0) {
			fmt_lit(o, "\\ufffd");
			k = 1;
		} else if (needs_escape(c)) {
			put_escape(o, c);
		} else {
			fmt_write(o, p, k);
		}
		p += k;
		n -= k;
	}
	fmt_putc(o, '"');
}

static void json_cstr(struct fmt_out *o, const char *s)
{
	json_string(o, s, strlen(s));
}

static void put_key_str(struct fmt_out *o, const char *key, const char *s)
{
	fmt_putc(o, '"');
	fmt_puts(o, key);
	fmt_lit(o, "\": ");
	json_cstr(o, s);
}

static void put_rate(struct fmt_out *o, const struct fmt_value *v)
{
	char num[64];
	int n;

	if (!v->has_rate)
		return;
	if (!v->rate_known) {
		fmt_lit(o, ", \"rate\": null");
		return;
	}
	n = fmt_double(v->rate, 3, num, sizeof(num));
	fmt_lit(o, ", \"rate\": ");
	fmt_write(o, num, (size_t)n);
}

static void put_value_field(struct fmt_out *o, const struct fmt_value *v)
{
	fmt_lit(o, ", \"value\": ");
	switch (v->kind) {
	case FMT_NULL:
		fmt_lit(o, "null");
		break;
	case FMT_SIGNED:
		fmt_i64(o, v->s);
		break;
	case FMT_UNSIGNED:
		fmt_u64(o, v->u);
		break;
	case FMT_BIG:
		fmt_putc(o, '"');
		fmt_u64(o, v->u);
		fmt_putc(o, '"');
		break;
	case FMT_TEXT:
	case FMT_HEX:
		json_string(o, v->text, v->len);
		if (v->kind == FMT_HEX)
			fmt_lit(o, ", \"encoding\": \"hex\"");
		break;
	}
}

/* Names, OIDs and type names are plain ASCII (fmt_names): no escaping. */
static void put_value(struct fmt_out *o, const struct shm_host *h, unsigned i, unsigned j)
{
	static struct shm_value sv;
	static struct fmt_value v;
	static struct fmt_names nm;

	shm_value(h, i, j, &sv);
	fmt_value(&sv, &v);
	fmt_names(i, &sv, &nm);
	fmt_lit(o, "{\"oid\": \"");
	fmt_write(o, nm.oid, nm.oid_len);
	fmt_lit(o, "\", \"name\": \"");
	fmt_write(o, nm.name, nm.name_len);
	fmt_lit(o, "\", \"type\": \"");
	fmt_puts(o, v.type);
	fmt_putc(o, '"');
	put_value_field(o, &v);
	put_rate(o, &v);
	fmt_putc(o, '}');
}

static void put_values(struct fmt_out *o, const struct shm_host *h, unsigned i)
{
	unsigned j;

	fmt_lit(o, "\"values\": [");
	/* A host that never answered has nothing to show, whatever the
	 * slots hold. */
	for (j = 0; h->last_ok != 0 && j < h->nvalues; j++) {
		fmt_puts(o, j ? ",\n    " : "\n    ");
		put_value(o, h, i, j);
	}
	fmt_puts(o, h->last_ok != 0 && h->nvalues ? "\n   ]}" : "]}");
}

static void put_time(struct fmt_out *o, const char *key, int64_t t)
{
	fmt_putc(o, '"');
	fmt_puts(o, key);
	fmt_lit(o, "\": ");
	if (t)
		fmt_i64(o, t);
	else
		fmt_lit(o, "null");
}

static void put_state(struct fmt_out *o, const struct shm_host *h)
{
	char num[64];

	put_key_str(o, "status", fmt_status_name(h->status));
	fmt_lit(o, ", \"error\": ");
	if (h->error[0])
		json_cstr(o, h->error);
	else
		fmt_lit(o, "null");
	fmt_lit(o, ", \"rtt_ms\": ");
	if (h->last_ok) {
		fmt_double(h->rtt_us / 1000.0, 3, num, sizeof(num));
		fmt_puts(o, num);
	} else {
		fmt_lit(o, "null");
	}
	fmt_lit(o, ", ");
	put_time(o, "last_poll", h->last_poll);
	fmt_lit(o, ",\n   ");
	put_time(o, "last_ok", h->last_ok);
	fmt_lit(o, ", \"failures\": ");
	fmt_u64(o, h->failures);
	fmt_puts(o, h->truncated ? ", \"truncated\": true,\n" : ", \"truncated\": false,\n");
}

static void put_host(struct fmt_out *o, const struct shm_map *m, unsigned i)
{
	const struct table_host *t = &table_hosts[i];
	const struct shm_host *h = shm_snapshot(m, i, &o->bad);

	fmt_lit(o, "  {");
	put_key_str(o, "name", t->name);
	fmt_lit(o, ", ");
	put_key_str(o, "address", t->address);
	fmt_lit(o, ", ");
	put_key_str(o, "version", fmt_version_name(t->version));
	fmt_lit(o, ",\n   ");
	put_state(o, h);
	fmt_lit(o, "   ");
	ifjson_host(o, m, i);
	put_values(o, h, i);
}

static void put_header(struct fmt_out *o, const struct shm_hdr *hd, time_t now)
{
	fmt_lit(o, "{");
	put_key_str(o, "snmpoll", SNMPOLL_VERSION);
	fmt_lit(o, ", ");
	put_key_str(o, "board", CONFIG_BOARD);
	fmt_printf(o, ", \"time\": %" PRId64 ", \"cycle\": %" PRIu64 ",\n",
		   (int64_t)now, hd->cycles);
	fmt_printf(o, " \"interval_s\": %" PRIu32 ", \"cycle_ms\": %" PRIu32
		   ", \"workers\": %" PRIu32 ",\n", hd->interval_s, hd->cycle_ms,
		   hd->workers);
}

/* A page of the hosts (rpcd: ubus messages have a size limit). */
static struct {
	int on;
	unsigned offset, limit;
} page;

void json_page(unsigned offset, unsigned limit)
{
	page.on = 1;
	page.offset = offset;
	page.limit = limit;
}

void json_write(struct fmt_out *o, const struct shm_map *m, time_t now)
{
	unsigned i, first = page.on ? page.offset : 0, n = 0;

	put_header(o, m->hdr, now);
	if (page.on)
		fmt_printf(o, " \"hosts_total\": %u, \"offset\": %u, \"limit\": %u,\n",
			   m->hdr->nhosts, page.offset, page.limit);
	fmt_lit(o, " \"hosts\": [");
	for (i = first; i < m->hdr->nhosts && (!page.on || n < page.limit); i++, n++) {
		fmt_puts(o, n ? ",\n" : "\n");
		put_host(o, m, i);
	}
	fmt_lit(o, "]}\n");
}
