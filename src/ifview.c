/* SPDX-License-Identifier: MIT */
/* The interface view: column plan, join by ifIndex, rates and history.
 * See ifview.h. */
#include <math.h>
#include <string.h>

#include "ifview.h"
#include "table.h"

#define IFT(c)	{ 1, 3, 6, 1, 2, 1, 2, 2, 1, c }, 10	/* ifTable column */
#define IFX(c)	{ 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, c }, 11	/* ifXTable column */

enum need { ALWAYS, NO_HIGH, NOT_V1, NO_HC };

static const struct column {
	uint32_t arcs[11];
	uint8_t len;
	uint16_t bit;
	uint8_t need;
} plan[] = {
	{ IFT(2), IFV_DESCR, ALWAYS },
	{ IFX(1), IFV_NAME, ALWAYS },
	{ IFX(18), IFV_ALIAS, ALWAYS },
	{ IFT(8), IFV_OPER, ALWAYS },
	{ IFX(15), IFV_HIGH, ALWAYS },
	{ IFT(5), IFV_SPEED, NO_HIGH },
	{ IFX(6), IFV_HCIN, NOT_V1 },
	{ IFX(10), IFV_HCOUT, NOT_V1 },
	{ IFT(10), IFV_IN, NO_HC },
	{ IFT(16), IFV_OUT, NO_HC },
	{ IFT(14), IFV_INERR, ALWAYS },
	{ IFT(20), IFV_OUTERR, ALWAYS },
};
#define NCOLS (sizeof(plan) / sizeof(plan[0]))

void ifview_begin(struct ifv_walk *w, int v1)
{
	w->v1 = (uint8_t)v1;
	w->col = 0;
	w->truncated = 0;
	w->n = 0;
	w->sample_ms = 0;
	w->stamped = 0;
}

/* Some row lacks a bit of mask. */
static int some_row_lacks(const struct ifv_walk *w, unsigned mask)
{
	unsigned k;

	for (k = 0; k < w->n; k++)
		if ((w->rows[k].have & mask) != mask)
			return 1;
	return 0;
}

/* Some row has no speed from ifHighSpeed (absent, or 0 below 1 Mb/s). */
static int some_row_slow(const struct ifv_walk *w)
{
	unsigned k;

	for (k = 0; k < w->n; k++)
		if (!(w->rows[k].have & IFV_HIGH) || !w->rows[k].high)
			return 1;
	return 0;
}

static int needed(const struct ifv_walk *w, const struct column *c)
{
	if (c->bit != IFV_DESCR && !w->n)
		return 0;	/* no interfaces: nothing else to ask */
	switch (c->need) {
	case NO_HIGH:
		return some_row_slow(w);
	case NOT_V1:
		return !w->v1;
	case NO_HC:
		return some_row_lacks(w, IFV_HCIN | IFV_HCOUT);
	}
	return 1;
}

unsigned ifview_column(struct ifv_walk *w, uint32_t *base)
{
	while (w->col < NCOLS && !needed(w, &plan[w->col]))
		w->col++;
	if (w->col >= NCOLS)
		return 0;
	memcpy(base, plan[w->col].arcs, plan[w->col].len * sizeof(*base));
	return plan[w->col].len;
}

void ifview_stamp(struct ifv_walk *w, int64_t now_ms)
{
	unsigned bit = w->col < NCOLS ? plan[w->col].bit : 0;

	if ((bit == IFV_HCIN || bit == IFV_IN) && !w->stamped) {
		w->sample_ms = now_ms;
		w->stamped = 1;
	}
}

void ifview_next_column(struct ifv_walk *w)
{
	if (w->col < NCOLS)
		w->col++;
}

static struct ifv_row *find_row(struct ifv_walk *w, uint32_t index)
{
	unsigned lo = 0, hi = w->n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (w->rows[mid].index == index)
			return &w->rows[mid];
		if (w->rows[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ifDescr rows arrive in ifIndex order (the engine only takes OIDs past
 * its cursor): each new one goes at the end. */
static struct ifv_row *new_row(struct ifv_walk *w, uint32_t index)
{
	struct ifv_row *r;

	if (w->n && w->rows[w->n - 1].index >= index)
		return NULL;
	if (w->n >= CONFIG_MAX_IFACES) {
		w->truncated = 1;
		return NULL;
	}
	r = &w->rows[w->n++];
	memset(r, 0, sizeof(*r));
	r->index = index;
	return r;
}

static uint8_t put_str(char *dst, const struct ifv_cell *c)
{
	unsigned n = c->len < IFR_STR ? c->len : IFR_STR;

	memcpy(dst, c->str, n);
	return (uint8_t)n;
}

static int is_number(uint8_t t)
{
	return t == SHM_T_INTEGER || t == SHM_T_GAUGE32 || t == SHM_T_COUNTER32;
}

/* Store a cell of column bit in r; 0 if its type does not fit. */
static int store(struct ifv_row *r, unsigned bit, const struct ifv_cell *c)
{
	uint32_t v = (uint32_t)c->num;

	if (bit & (IFV_DESCR | IFV_NAME | IFV_ALIAS)) {
		if (c->type != SHM_T_OCTETS)
			return 0;
		if (bit == IFV_DESCR)
			r->descr_len = put_str(r->descr, c);
		else if (bit == IFV_NAME)
			r->name_len = put_str(r->name, c);
		else
			r->alias_len = put_str(r->alias, c);
		return 1;
	}
	if (bit & (IFV_HCIN | IFV_HCOUT)) {
		if (c->type != SHM_T_COUNTER64)
			return 0;
		*(bit == IFV_HCIN ? &r->hcin : &r->hcout) = c->num;
		return 1;
	}
	if (!is_number(c->type))
		return 0;
	switch (bit) {
	case IFV_OPER:	 r->oper = v <= 255 ? (uint8_t)v : 0; break;
	case IFV_HIGH:	 r->high = v; break;
	case IFV_SPEED:	 r->speed = v; break;
	case IFV_IN:	 r->in32 = v; break;
	case IFV_OUT:	 r->out32 = v; break;
	case IFV_INERR:	 r->inerr = v; break;
	default:	 r->outerr = v; break;
	}
	return 1;
}

int ifview_cell(struct ifv_walk *w, uint32_t index, const struct ifv_cell *c)
{
	unsigned bit;
	struct ifv_row *r;

	if (w->col >= NCOLS)
		return 0;
	bit = plan[w->col].bit;
	if (bit == IFV_DESCR) {
		if (c->type != SHM_T_OCTETS)
			return 1;
		r = new_row(w, index);
		if (!r)
			return !w->truncated;
	} else if (!w->n || index > w->rows[w->n - 1].index) {
		return 0;	/* past the last interface: nothing more to join */
	} else if (!(r = find_row(w, index))) {
		return 1;	/* not an interface of ifTable: ignore */
	}
	if (store(r, bit, c))
		r->have |= (uint16_t)bit;
	return 1;
}

/* ---- publishing --------------------------------------------------------- */

static const struct ifr_iface *find_prev(const struct ifr_iface *v, unsigned n, uint32_t index)
{
	unsigned lo = 0, hi = n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (v[mid].index == index)
			return &v[mid];
		if (v[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Per second between two readings of a counter of `bits` bits: one wrap
 * of a 32-bit counter is counted, a 64-bit one going back is a reset. */
static double per_s(uint64_t cur, uint64_t prev, unsigned bits, int64_t dt_ms)
{
	uint64_t d;

	if (cur >= prev)
		d = cur - prev;
	else if (bits == 32 && prev <= 0xffffffffu && cur <= 0xffffffffu)
		d = cur + 0x100000000ULL - prev;
	else
		return NAN;
	return (double)d * 1000.0 / (double)dt_ms;
}

static void fill_fixed(struct ifr_iface *x, const struct ifv_row *r)
{
	x->index = r->index;
	x->oper = (r->have & IFV_OPER) ? r->oper : 0;
	x->have = (uint8_t)(((r->have & IFV_NAME) ? IFR_H_NAME : 0) |
			    ((r->have & IFV_DESCR) ? IFR_H_DESCR : 0) |
			    ((r->have & IFV_ALIAS) ? IFR_H_ALIAS : 0) |
			    ((r->have & IFV_INERR) ? IFR_H_INERR : 0) |
			    ((r->have & IFV_OUTERR) ? IFR_H_OUTERR : 0));
	x->name_len = r->name_len;
	x->descr_len = r->descr_len;
	x->alias_len = r->alias_len;
	memcpy(x->name, r->name, sizeof(x->name));
	memcpy(x->descr, r->descr, sizeof(x->descr));
	memcpy(x->alias, r->alias, sizeof(x->alias));
	x->in_errors = r->inerr;
	x->out_errors = r->outerr;
	if ((r->have & IFV_HIGH) && r->high)
		x->speed_bps = (uint64_t)r->high * 1000000u;
	else
		x->speed_bps = (r->have & IFV_SPEED) ? r->speed : 0;
	if ((r->have & (IFV_HCIN | IFV_HCOUT)) == (IFV_HCIN | IFV_HCOUT)) {
		x->bits = 64;
		x->in_octets = r->hcin;
		x->out_octets = r->hcout;
	} else if ((r->have & (IFV_IN | IFV_OUT)) == (IFV_IN | IFV_OUT)) {
		x->bits = 32;
		x->in_octets = r->in32;
		x->out_octets = r->out32;
	} else {
		x->bits = 0;
		x->in_octets = x->out_octets = 0;
	}
}

/* Rates of x against p (same ifIndex, previous sample), dt_ms apart. */
static void fill_rates(struct ifr_iface *x, const struct ifr_iface *p, int64_t dt_ms)
{
	x->in_bps = x->out_bps = x->in_eps = x->out_eps = NAN;
	if (!p || dt_ms <= 0)
		return;
	if (x->bits && x->bits == p->bits) {
		x->in_bps = per_s(x->in_octets, p->in_octets, x->bits, dt_ms) * 8;
		x->out_bps = per_s(x->out_octets, p->out_octets, x->bits, dt_ms) * 8;
	}
	if (x->have & p->have & IFR_H_INERR)
		x->in_eps = per_s(x->in_errors, p->in_errors, 32, dt_ms);
	if (x->have & p->have & IFR_H_OUTERR)
		x->out_eps = per_s(x->out_errors, p->out_errors, 32, dt_ms);
}

static void copy_history(struct ifr_iface *x, const struct ifr_iface *p)
{
	unsigned k;

	if (p) {
		memcpy(x->hist_in, p->hist_in, sizeof(x->hist_in));
		memcpy(x->hist_out, p->hist_out, sizeof(x->hist_out));
		return;
	}
	for (k = 0; k < IFR_HIST; k++)
		x->hist_in[k] = x->hist_out[k] = NAN;
}

/* The new table in nh from the walk, rates against live (the previous
 * sample, which only this worker writes). */
static void new_table(struct ifr_host *nh, const struct ifr_host *live, unsigned cap,
		      const struct ifv_walk *w, const struct ifv_result *res)
{
	int restarted = res->have_uptime && live->have_uptime && res->uptime < live->uptime;
	int64_t now = w->sample_ms ? w->sample_ms : res->now_ms;
	int64_t dt = live->sample_ms && !restarted ? now - live->sample_ms : 0;
	unsigned k, nprev = live->n < cap ? live->n : cap;

	for (k = 0; k < w->n && k < cap; k++) {
		struct ifr_iface *x = &nh->ifaces[k];
		const struct ifr_iface *p = find_prev(live->ifaces, nprev, w->rows[k].index);

		fill_fixed(x, &w->rows[k]);
		fill_rates(x, p, dt);
		copy_history(x, p);
	}
	nh->n = (uint16_t)k;
	nh->truncated = w->truncated;
	nh->have_uptime = (uint8_t)res->have_uptime;
	nh->uptime = res->uptime;
	nh->sample_ms = w->sample_ms ? w->sample_ms : res->now_ms;
}

static void no_rates(struct ifr_host *nh)
{
	unsigned k;

	for (k = 0; k < nh->n; k++)
		nh->ifaces[k].in_bps = nh->ifaces[k].out_bps = nh->ifaces[k].in_eps =
			nh->ifaces[k].out_eps = NAN;
}

static void add_history(struct ifr_host *nh, const struct ifv_result *res)
{
	unsigned slot = res->gen % IFR_HIST, k;

	if (!CONFIG_HISTORY || !res->gen)
		return;
	nh->hgen[slot] = res->gen;
	nh->rtt_ms[slot] = res->ok ? (float)(res->rtt_us / 1000.0) : NAN;
	for (k = 0; k < nh->n; k++) {
		nh->ifaces[k].hist_in[slot] = (float)nh->ifaces[k].in_bps;
		nh->ifaces[k].hist_out[slot] = (float)nh->ifaces[k].out_bps;
	}
}

void ifview_publish(struct ifr_hdr *r, unsigned i, const struct ifv_walk *w,
		    const struct ifv_result *res)
{
	static uint64_t buf[(IFR_RECORD_MAX + 7) / 8];
	struct ifr_host *nh = (struct ifr_host *)buf, *live = ifr_host(r, i);
	unsigned cap = ifr_capacity(i);
	size_t n = sizeof(*live) + cap * sizeof(struct ifr_iface);

	memcpy(nh, live, n);
	if (nh->n > cap)
		nh->n = (uint16_t)cap;
	if (cap && res->ok && w)
		new_table(nh, live, cap, w, res);
	else
		no_rates(nh);
	add_history(nh, res);
	nh->gen = res->gen ? res->gen : nh->gen;
	ifr_write_begin(live);
	memcpy((char *)live + sizeof(live->seq), (char *)nh + sizeof(nh->seq), n - sizeof(nh->seq));
	ifr_write_end(live);
}
