/* SPDX-License-Identifier: MIT */
/* The human table of `snmpoll status` (--text, the default).
 *
 * Device text reaches a terminal here, so it is shown with tab, CR and LF
 * as \t, \r, \n; every other control byte already made the value hex.
 */
#include <inttypes.h>
#include <string.h>

#include "export.h"
#include "fmt.h"
#include "table.h"
#include "version.h"

/* Escapes what could upset a terminal; invalid UTF-8 becomes '?'. */
static void put_text(struct fmt_out *o, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	uint32_t c;
	unsigned k;

	for (; n > 0; p += k, n -= k) {
		k = fmt_utf8(p, n, &c);
		if (k == 0) {
			fmt_putc(o, '?');
			k = 1;
		} else if (c == '\t') {
			fmt_puts(o, "\\t");
		} else if (c == '\r') {
			fmt_puts(o, "\\r");
		} else if (c == '\n') {
			fmt_puts(o, "\\n");
		} else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
			fmt_printf(o, "\\x%02x", (unsigned)c);
		} else {
			fmt_write(o, p, k);
		}
	}
}

static void put_age(struct fmt_out *o, int64_t t, time_t now)
{
	int64_t a = (int64_t)now - t;

	if (t == 0)
		fmt_puts(o, "never");
	else if (a < 0)
		fmt_puts(o, "now");
	else if (a < 120)
		fmt_printf(o, "%" PRId64 "s ago", a);
	else if (a < 7200)
		fmt_printf(o, "%" PRId64 "m ago", a / 60);
	else if (a < 172800)
		fmt_printf(o, "%" PRId64 "h ago", a / 3600);
	else
		fmt_printf(o, "%" PRId64 "d ago", a / 86400);
}

static void put_rate(struct fmt_out *o, const struct fmt_value *v)
{
	char num[64];

	if (!v->has_rate)
		return;
	if (!v->rate_known) {
		fmt_puts(o, " [-/s]");
		return;
	}
	fmt_double(v->rate, 1, num, sizeof(num));
	fmt_printf(o, " [%s/s]", num);
}

static void put_value(struct fmt_out *o, const struct shm_host *h, unsigned i, unsigned j)
{
	static struct shm_value sv;
	static struct fmt_value v;
	static struct fmt_names nm;

	shm_value(h, i, j, &sv);
	fmt_value(&sv, &v);
	fmt_names(i, &sv, &nm);
	fmt_puts(o, "    ");
	fmt_write(o, nm.name, nm.name_len);
	fmt_puts(o, " = ");
	switch (v.kind) {
	case FMT_NULL:
		break;
	case FMT_SIGNED:
		fmt_i64(o, v.s);
		break;
	case FMT_UNSIGNED:
	case FMT_BIG:
		fmt_u64(o, v.u);
		break;
	case FMT_TEXT:
		put_text(o, v.text, v.len);
		break;
	case FMT_HEX:
		fmt_write(o, v.text, v.len);
		fmt_puts(o, " (hex)");
		break;
	}
	fmt_printf(o, " (%s)", v.type);
	put_rate(o, &v);
	fmt_putc(o, '\n');
}

static void put_host(struct fmt_out *o, const struct shm_map *m, unsigned i,
		     time_t now)
{
	const struct table_host *t = &table_hosts[i];
	const struct shm_host *h = shm_snapshot(m, i, &o->bad);
	char rtt[64] = "-";
	unsigned j;

	if (h->last_ok) {
		fmt_double(h->rtt_us / 1000.0, 1, rtt, sizeof(rtt) - 3);
		strcat(rtt, " ms");
	}
	fmt_printf(o, "%-16s %-24s %-8s %9s  last ok ", t->name, t->address,
		   fmt_status_name(h->status), rtt);
	put_age(o, h->last_ok, now);
	fmt_printf(o, ", %" PRIu32 " failures", h->failures);
	if (h->truncated)
		fmt_puts(o, ", truncated");
	if (h->error[0]) {
		fmt_puts(o, ": ");
		put_text(o, h->error, strlen(h->error));
	}
	fmt_putc(o, '\n');
	for (j = 0; h->last_ok != 0 && j < h->nvalues; j++)
		put_value(o, h, i, j);
}

static void put_header(struct fmt_out *o, const struct shm_hdr *hd, time_t now)
{
	char when[32] = "-";
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	fmt_printf(o, "snmpoll %s (%s): cycle %" PRIu64 ", %s, %" PRIu32
		   " ms, %" PRIu32 " workers, interval %" PRIu32 " s, %" PRIu32
		   " hosts\n", SNMPOLL_VERSION, CONFIG_BOARD, hd->cycles, when,
		   hd->cycle_ms, hd->workers, hd->interval_s, hd->nhosts);
}

void text_write(struct fmt_out *o, const struct shm_map *m, time_t now)
{
	unsigned i;

	put_header(o, m->hdr, now);
	for (i = 0; i < m->hdr->nhosts; i++)
		put_host(o, m, i, now);
}
