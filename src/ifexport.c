/* SPDX-License-Identifier: MIT */
/* The interface view in the exporters: the "interfaces" array and the
 * history arrays of the JSON document, the snmpoll_if_* Prometheus
 * families.  json.c and prom.c call in here; everything is read from the
 * interface region (ifr.h) one host part at a time, copied out under its
 * sequence counter. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "export.h"
#include "fmt.h"
#include "ifr.h"
#include "table.h"

static int want_history;

void ifexport_history(int on)
{
	want_history = on && CONFIG_HISTORY > 0;
}

/* Host i's part, or NULL (no region, busy). */
static const struct ifr_host *read_part(const struct shm_map *m, unsigned i)
{
	static uint64_t buf[(IFR_RECORD_MAX + 7) / 8];
	struct ifr_hdr *r = ifr_region(m);

	if (!r || ifr_read(r, i, (struct ifr_host *)buf) < 0)
		return NULL;
	return (const struct ifr_host *)buf;
}

/* ---- JSON ----------------------------------------------------------------- */

static void put_num(struct fmt_out *o, const char *key, double v, int prec)
{
	char num[64];

	if (!isfinite(v)) {
		fmt_printf(o, ", \"%s\": null", key);
		return;
	}
	fmt_double(v, prec, num, sizeof(num));
	fmt_printf(o, ", \"%s\": %s", key, num);
}

static void put_str(struct fmt_out *o, const char *key, const char *s, size_t n, int have)
{
	fmt_printf(o, ", \"%s\": ", key);
	if (have)
		json_string(o, s, n);
	else
		fmt_puts(o, "null");
}

static double util(double bps, uint64_t speed)
{
	return speed ? bps / (double)speed : NAN;
}

/* Generation of the newest sample a reader can show. */
static uint32_t history_ref(const struct shm_hdr *hd)
{
	uint32_t g = hd->gen;

	return __atomic_load_n(&hd->running, __ATOMIC_ACQUIRE) && g ? g - 1 : g;
}

/* The ring as an array, oldest first: min(HISTORY, cycles) entries, null
 * where that cycle left no sample. */
static void put_ring(struct fmt_out *o, const struct ifr_host *h, const float *ring,
		     uint32_t ref)
{
	uint32_t n = ref < IFR_HIST ? ref : IFR_HIST, k;
	char num[64];

	fmt_putc(o, '[');
	for (k = 0; k < n; k++) {
		uint32_t g = ref - (n - 1 - k);
		unsigned slot = g % IFR_HIST;

		if (k)
			fmt_puts(o, ", ");
		if (h->hgen[slot] != g || !isfinite(ring[slot])) {
			fmt_puts(o, "null");
			continue;
		}
		fmt_double(ring[slot], 3, num, sizeof(num));
		fmt_puts(o, num);
	}
	fmt_putc(o, ']');
}

static void put_iface_history(struct fmt_out *o, const struct shm_map *m,
			      const struct ifr_host *h, const struct ifr_iface *x)
{
	uint32_t ref = history_ref(m->hdr);

	fmt_printf(o, ",\n      \"history\": {\"interval_s\": %" PRIu32 ", \"in_bps\": ",
		   m->hdr->interval_s);
	put_ring(o, h, x->hist_in, ref);
	fmt_puts(o, ", \"out_bps\": ");
	put_ring(o, h, x->hist_out, ref);
	fmt_putc(o, '}');
}

static void put_iface(struct fmt_out *o, const struct shm_map *m, const struct ifr_host *h,
		      const struct ifr_iface *x)
{
	const char *oper = ifr_oper_name(x->oper);
	const char *name;
	size_t n;

	name = ifr_label(x, &n);
	fmt_printf(o, "{\"index\": %" PRIu32, x->index);
	put_str(o, "name", name, n, x->have & (IFR_H_NAME | IFR_H_DESCR));
	put_str(o, "descr", x->descr, x->descr_len, x->have & IFR_H_DESCR);
	put_str(o, "alias", x->alias, x->alias_len, x->have & IFR_H_ALIAS);
	put_str(o, "oper", oper ? oper : "", oper ? strlen(oper) : 0, oper != NULL);
	fmt_printf(o, ", \"speed_bps\": %" PRIu64 ",\n      ", x->speed_bps);
	if (x->bits)
		fmt_printf(o, "\"counter_bits\": %u, \"in_octets\": \"%" PRIu64 "\", "
			   "\"out_octets\": \"%" PRIu64 "\"", x->bits, x->in_octets, x->out_octets);
	else
		fmt_puts(o, "\"counter_bits\": null, \"in_octets\": null, \"out_octets\": null");
	put_num(o, "in_bps", x->in_bps, 3);
	put_num(o, "out_bps", x->out_bps, 3);
	put_num(o, "in_util", util(x->in_bps, x->speed_bps), 6);
	put_num(o, "out_util", util(x->out_bps, x->speed_bps), 6);
	put_num(o, "in_errors_ps", x->in_eps, 3);
	put_num(o, "out_errors_ps", x->out_eps, 3);
	if (want_history)
		put_iface_history(o, m, h, x);
	fmt_putc(o, '}');
}

void ifjson_host(struct fmt_out *o, const struct shm_map *m, unsigned i)
{
	const struct ifr_host *h;
	unsigned k;

	if (!table_hosts[i].ifaces && !want_history)
		return;
	h = read_part(m, i);
	if (want_history) {
		fmt_puts(o, "\"rtt_history_ms\": ");
		if (h)
			put_ring(o, h, h->rtt_ms, history_ref(m->hdr));
		else
			fmt_puts(o, "[]");
		fmt_puts(o, ",\n   ");
	}
	if (!table_hosts[i].ifaces)
		return;
	fmt_puts(o, "\"interfaces\": [");
	for (k = 0; h && k < h->n; k++) {
		fmt_puts(o, k ? ",\n     " : "\n     ");
		put_iface(o, m, h, &h->ifaces[k]);
	}
	fmt_puts(o, "],\n   ");
}

/* ---- Prometheus ------------------------------------------------------------- */

typedef void iface_fn(struct fmt_out *o, const struct ifr_iface *x);

static void labels(struct fmt_out *o, const char *metric, unsigned i, const struct ifr_iface *x)
{
	const char *name;
	char idx[16];
	size_t n;

	name = ifr_label(x, &n);
	fmt_printf(o, "%s{", metric);
	prom_label(o, "host", table_hosts[i].name, strlen(table_hosts[i].name));
	snprintf(idx, sizeof(idx), "%" PRIu32, x->index);
	fmt_putc(o, ',');
	prom_label(o, "ifindex", idx, strlen(idx));
	fmt_putc(o, ',');
	prom_label(o, "ifname", name, n);
	fmt_putc(o, '}');
}

static const struct if_family {
	const char *name, *type, *help;
	unsigned need;		/* 1: octets, 2: in errors, 3: out errors, 4: oper */
	int what;
} families[] = {
	{ "snmpoll_if_in_octets_total", "counter", "Octets received (ifHCInOctets, else ifInOctets).", 1, 0 },
	{ "snmpoll_if_out_octets_total", "counter", "Octets sent (ifHCOutOctets, else ifOutOctets).", 1, 1 },
	{ "snmpoll_if_oper_status", "gauge", "ifOperStatus as the agent sent it (1 up, 2 down, ...).", 4, 2 },
	{ "snmpoll_if_speed_bps", "gauge", "Interface speed in bits per second (ifHighSpeed, else ifSpeed; 0 unknown).", 0, 3 },
	{ "snmpoll_if_in_errors_total", "counter", "ifInErrors.", 2, 4 },
	{ "snmpoll_if_out_errors_total", "counter", "ifOutErrors.", 3, 5 },
};

static int has(const struct ifr_iface *x, unsigned need)
{
	switch (need) {
	case 1: return x->bits != 0;
	case 2: return (x->have & IFR_H_INERR) != 0;
	case 3: return (x->have & IFR_H_OUTERR) != 0;
	case 4: return x->oper != 0;
	}
	return 1;
}

static uint64_t sample(const struct ifr_iface *x, int what)
{
	switch (what) {
	case 0: return x->in_octets;
	case 1: return x->out_octets;
	case 2: return x->oper;
	case 3: return x->speed_bps;
	case 4: return x->in_errors;
	}
	return x->out_errors;
}

static void one_family(struct fmt_out *o, const struct shm_map *m, const struct if_family *f)
{
	unsigned i, k;

	fmt_printf(o, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name, f->type);
	for (i = 0; i < m->hdr->nhosts && i < table_nhosts; i++) {
		const struct ifr_host *h;

		if (!table_hosts[i].ifaces || !(h = read_part(m, i)))
			continue;
		for (k = 0; k < h->n; k++) {
			if (!has(&h->ifaces[k], f->need))
				continue;
			labels(o, f->name, i, &h->ifaces[k]);
			fmt_printf(o, " %" PRIu64 "\n", sample(&h->ifaces[k], f->what));
		}
	}
}

/* A table with no interface host keeps the output it had before the
 * interface view existed: no empty metric families. */
static int any_ifaces(void)
{
	unsigned i;

	for (i = 0; i < table_nhosts; i++)
		if (table_hosts[i].ifaces)
			return 1;
	return 0;
}

void ifprom_write(struct fmt_out *o, const struct shm_map *m)
{
	unsigned f;

	if (!any_ifaces())
		return;
	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		one_family(o, m, &families[f]);
}
