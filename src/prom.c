/* SPDX-License-Identifier: MIT */
/* Prometheus text format 0.0.4 (`status --prom`, CGI format=prom).
 *
 * The format wants each family's samples together under its HELP/TYPE
 * lines, so the records are read once per family; a record may move on
 * between two families, which a scrape tolerates (each sample is still
 * from one consistent copy).  Label values are escaped per the format
 * (\\, \", \n) and never carry invalid UTF-8: device strings that are not
 * clean text were already turned into hex by fmt_value.
 */
#include <inttypes.h>
#include <string.h>

#include "export.h"
#include "fmt.h"
#include "table.h"

typedef void host_fn(struct fmt_out *o, unsigned i, const struct shm_host *h);

static void family(struct fmt_out *o, const char *name, const char *type,
		   const char *help)
{
	fmt_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void label(struct fmt_out *o, const char *key, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	uint32_t c;
	unsigned k;

	fmt_printf(o, "%s=\"", key);
	for (; n > 0; p += k, n -= k) {
		k = fmt_utf8(p, n, &c);
		if (k == 0) {
			fmt_puts(o, "\xef\xbf\xbd");	/* U+FFFD */
			k = 1;
		} else if (c == '\\' || c == '"') {
			fmt_putc(o, '\\');
			fmt_putc(o, (char)c);
		} else if (c == '\n') {
			fmt_puts(o, "\\n");
		} else {
			fmt_write(o, p, k);
		}
	}
	fmt_putc(o, '"');
}

static void clabel(struct fmt_out *o, const char *key, const char *s)
{
	label(o, key, s, strlen(s));
}

static void each_host(struct fmt_out *o, const struct shm_map *m, host_fn *fn)
{
	unsigned i;

	for (i = 0; i < m->hdr->nhosts; i++)
		fn(o, i, shm_snapshot(m, i, &o->bad));
}

static void up(struct fmt_out *o, unsigned i, const struct shm_host *h)
{
	fmt_puts(o, "snmpoll_up{");
	clabel(o, "host", table_hosts[i].name);
	fmt_printf(o, "} %d\n", h->status == SHM_OK);
}

static void rtt(struct fmt_out *o, unsigned i, const struct shm_host *h)
{
	char num[64];

	if (!h->last_ok)
		return;
	fmt_double(h->rtt_us / 1e6, 6, num, sizeof(num));
	fmt_puts(o, "snmpoll_rtt_seconds{");
	clabel(o, "host", table_hosts[i].name);
	fmt_printf(o, "} %s\n", num);
}

/* Sample start: NAME{host="..",oid="..",name=".." (names and OIDs are
 * plain ASCII: fmt_names). */
static void value_labels(struct fmt_out *o, const char *metric, unsigned i,
			 const struct fmt_names *nm)
{
	fmt_puts(o, metric);
	fmt_putc(o, '{');
	clabel(o, "host", table_hosts[i].name);
	fmt_puts(o, ",oid=\"");
	fmt_write(o, nm->oid, nm->oid_len);
	fmt_puts(o, "\",name=\"");
	fmt_write(o, nm->name, nm->name_len);
	fmt_putc(o, '"');
}

static void one_value(struct fmt_out *o, unsigned i, const struct fmt_names *nm,
		      const struct fmt_value *v)
{
	value_labels(o, "snmpoll_value", i, nm);
	fmt_putc(o, ',');
	clabel(o, "type", v->type);
	fmt_puts(o, "} ");
	if (v->kind == FMT_SIGNED)
		fmt_i64(o, v->s);
	else
		fmt_u64(o, v->u);
	fmt_putc(o, '\n');
}

static void one_rate(struct fmt_out *o, unsigned i, const struct fmt_names *nm,
		     const struct fmt_value *v)
{
	char num[64];

	if (!v->rate_known)
		return;
	fmt_double(v->rate, 3, num, sizeof(num));
	value_labels(o, "snmpoll_rate", i, nm);
	fmt_printf(o, "} %s\n", num);
}

static void one_info(struct fmt_out *o, unsigned i, const struct fmt_names *nm,
		     const struct fmt_value *v)
{
	value_labels(o, "snmpoll_info", i, nm);
	fmt_putc(o, ',');
	label(o, "value", v->text, v->len);
	fmt_puts(o, "} 1\n");
}

typedef void value_fn(struct fmt_out *, unsigned, const struct fmt_names *,
		      const struct fmt_value *);

/* Calls fn for each value of h whose kind is in the mask (1 << kind). */
static void each_value(struct fmt_out *o, unsigned i, const struct shm_host *h,
		       unsigned mask, value_fn *fn)
{
	static struct shm_value sv;
	static struct fmt_value v;
	static struct fmt_names nm;
	unsigned j;

	for (j = 0; h->last_ok != 0 && j < h->nvalues; j++) {
		shm_value(h, i, j, &sv);
		fmt_value(&sv, &v);
		if (!(mask & (1u << v.kind)))
			continue;
		fmt_names(i, &sv, &nm);
		fn(o, i, &nm, &v);
	}
}

#define NUMBERS	((1u << FMT_SIGNED) | (1u << FMT_UNSIGNED) | (1u << FMT_BIG))
#define STRINGS	((1u << FMT_TEXT) | (1u << FMT_HEX))

static void values(struct fmt_out *o, unsigned i, const struct shm_host *h)
{
	each_value(o, i, h, NUMBERS, one_value);
}

static void rates(struct fmt_out *o, unsigned i, const struct shm_host *h)
{
	each_value(o, i, h, NUMBERS, one_rate);
}

static void infos(struct fmt_out *o, unsigned i, const struct shm_host *h)
{
	each_value(o, i, h, STRINGS, one_info);
}

static void cycle(struct fmt_out *o, const struct shm_hdr *hd)
{
	char num[64];

	fmt_double(hd->cycle_ms / 1000.0, 3, num, sizeof(num));
	family(o, "snmpoll_cycle_duration_seconds", "gauge",
	       "Duration of the last completed poll cycle.");
	fmt_printf(o, "snmpoll_cycle_duration_seconds %s\n", num);
	family(o, "snmpoll_cycles_total", "counter", "Completed poll cycles.");
	fmt_printf(o, "snmpoll_cycles_total %" PRIu64 "\n", hd->cycles);
}

void prom_write(struct fmt_out *o, const struct shm_map *m)
{
	family(o, "snmpoll_up", "gauge",
	       "1 if the host answered its last poll, else 0.");
	each_host(o, m, up);
	family(o, "snmpoll_rtt_seconds", "gauge",
	       "Round-trip time of the host's last answer.");
	each_host(o, m, rtt);
	family(o, "snmpoll_value", "untyped",
	       "Numeric SNMP value (Counter64 with all its digits, TimeTicks in hundredths).");
	each_host(o, m, values);
	family(o, "snmpoll_rate", "gauge",
	       "Per-second rate of a Counter32 or Counter64 value.");
	each_host(o, m, rates);
	family(o, "snmpoll_info", "gauge",
	       "String, OID, IpAddress or hex SNMP value, in the value label.");
	each_host(o, m, infos);
	cycle(o, m->hdr);
	ifprom_write(o, m);
}

void prom_label(struct fmt_out *o, const char *key, const char *s, size_t n)
{
	label(o, key, s, n);
}
