/* SPDX-License-Identifier: MIT */
/* Varbind decoding and counter rates.  See value.h. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "table.h"
#include "value.h"

/* Decimal digits of v into buf (at least 10 bytes); returns the count. */
static size_t utoa(uint32_t v, char *buf)
{
	char tmp[10];
	size_t n = 0, k;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	for (k = 0; k < n; k++)
		buf[k] = tmp[n - 1 - k];
	return n;
}

/* OBJECT IDENTIFIER values are kept as dotted text, cut at VALUE_LEN on an
 * arc boundary.  (Hand-rolled: snprintf per arc was a sixth of a worker's
 * instructions.) */
static size_t objid_text(const oid *o, size_t n, char *buf, uint8_t *flags)
{
	char arc[12];
	size_t i, len = 0, k;

	for (i = 0; i < n; i++) {
		k = 0;
		if (i)
			arc[k++] = '.';
		k += utoa((uint32_t)(o[i] & 0xffffffffUL), arc + k);
		if (len + k > CONFIG_VALUE_LEN) {
			*flags |= SHM_V_CUT;
			break;
		}
		memcpy(buf + len, arc, k);
		len += k;
	}
	return len;
}

static uint64_t number(const struct variable_list *vb)
{
	switch (vb->type) {
	case ASN_INTEGER:
		return (uint64_t)(int64_t)*vb->val.integer;
	case ASN_COUNTER64:
		return ((uint64_t)(vb->val.counter64->high & 0xffffffffUL) << 32) |
		       (vb->val.counter64->low & 0xffffffffUL);
	}
	return (uint64_t)(*vb->val.integer & 0xffffffffUL);
}

/* What vb holds: its number, or its bytes (p, len). */
struct decoded {
	uint64_t num;
	const void *p;
	size_t len;
	uint8_t flags;
	char text[CONFIG_VALUE_LEN];
};

static void decode(const struct variable_list *vb, struct decoded *d)
{
	switch (vb->type) {
	case ASN_INTEGER: case ASN_COUNTER: case ASN_GAUGE: case ASN_TIMETICKS:
		if (vb->val.integer && vb->val_len >= sizeof(long))
			d->num = number(vb);
		break;
	case ASN_COUNTER64:
		if (vb->val.counter64 && vb->val_len >= sizeof(struct counter64))
			d->num = number(vb);
		break;
	case ASN_OBJECT_ID:
		d->len = objid_text(vb->val.objid, vb->val_len / sizeof(oid), d->text, &d->flags);
		d->p = d->text;
		break;
	case ASN_IPADDRESS:
	case ASN_OCTET_STR:
	case ASN_OPAQUE:
		d->p = vb->val.string;
		d->len = vb->val.string ? vb->val_len : 0;
		break;
	}
}

int value_decode(struct shm_host *r, unsigned i, unsigned j, unsigned item,
		 const struct variable_list *vb)
{
	const struct table_item *it = &table_items[table_hosts[i].first_item + item];
	uint32_t sfx[CONFIG_OID_MAX_ARCS];
	unsigned nsfx = 0, k;
	struct decoded d;
	uint8_t type;

	if (vb->name_length > CONFIG_OID_MAX_ARCS)
		return -1;
	if (shm_item_walk(i, item)) {
		if (vb->name_length <= it->arc_len)
			return -1;
		nsfx = (unsigned)vb->name_length - it->arc_len;
		for (k = 0; k < nsfx; k++)
			sfx[k] = (uint32_t)vb->name[it->arc_len + k];
	}
	memset(&d, 0, offsetof(struct decoded, text));
	/* Types outside SNMPv2-SMI (e.g. net-snmp's decoded Opaque floats)
	 * are reported as Opaque with their raw bytes, if any. */
	type = shm_known_type(vb->type) ? vb->type : ASN_OPAQUE;
	if (type == vb->type)
		decode(vb, &d);
	return shm_rec_set(r, i, j, item, type, d.num, sfx, nsfx, d.p, d.len, d.flags);
}

static int is_counter(uint8_t type)
{
	return type == SHM_T_COUNTER32 || type == SHM_T_COUNTER64;
}

static int same_oid(const struct shm_value *a, const struct shm_value *b)
{
	return a->item == b->item && a->nsfx == b->nsfx &&
	       !memcmp(a->sfx, b->sfx, a->nsfx * sizeof(uint32_t));
}

static int find_prev(const struct shm_host *prev, unsigned i, unsigned j,
		     const struct shm_value *v, struct shm_value *p)
{
	unsigned k;

	/* Same position first: the common case is the same OID list. */
	if (j < prev->nvalues) {
		shm_value(prev, i, j, p);
		if (same_oid(p, v))
			return 1;
	}
	for (k = 0; k < prev->nvalues; k++) {
		shm_value(prev, i, k, p);
		if (same_oid(p, v))
			return 1;
	}
	return 0;
}

static void one_rate(struct shm_host *cur, unsigned i, unsigned j, const struct shm_value *v,
		     const struct shm_value *p, int64_t dt_ms)
{
	uint64_t delta;

	if (p->type != v->type)
		return;
	if (v->num >= p->num)
		delta = v->num - p->num;
	else if (v->type == SHM_T_COUNTER32)
		delta = v->num + 0x100000000ULL - p->num;	/* one wrap */
	else
		return;		/* a Counter64 going back is a reset */
	shm_rec_rate(cur, i, j, (double)delta * 1000.0 / (double)dt_ms);
}

void value_rates(struct shm_host *cur, const struct shm_host *prev, unsigned i,
		 int64_t dt_ms, int restarted)
{
	static struct shm_value v, p;
	unsigned j;

	for (j = 0; j < cur->nvalues; j++) {
		struct shm_val *s = &shm_vals(cur)[j];

		s->flags &= (uint8_t)~SHM_V_RATE;
		if (!is_counter(s->type) || restarted || dt_ms <= 0 || !prev || !prev->last_ok)
			continue;
		shm_value(cur, i, j, &v);
		if (find_prev(prev, i, j, &v, &p))
			one_rate(cur, i, j, &v, &p, dt_ms);
	}
}
