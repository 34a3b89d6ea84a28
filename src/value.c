/* SPDX-License-Identifier: MIT */
/* Varbind decoding and counter rates.  See value.h. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "value.h"

static void put_bytes(struct shm_value *v, const void *p, size_t n)
{
	if (n > CONFIG_VALUE_LEN) {
		n = CONFIG_VALUE_LEN;
		v->flags |= SHM_V_CUT;
	}
	if (n)
		memcpy(v->val, p, n);
	v->len = (uint16_t)n;
}

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
static void put_objid(struct shm_value *v, const oid *o, size_t n)
{
	char arc[12];
	size_t i, len = 0, k;

	for (i = 0; i < n; i++) {
		k = 0;
		if (i)
			arc[k++] = '.';
		k += utoa((uint32_t)(o[i] & 0xffffffffUL), arc + k);
		if (len + k > CONFIG_VALUE_LEN) {
			v->flags |= SHM_V_CUT;
			break;
		}
		memcpy(v->val + len, arc, k);
		len += k;
	}
	v->len = (uint16_t)len;
}

static void put_number(struct shm_value *v, const struct variable_list *vb)
{
	switch (vb->type) {
	case ASN_INTEGER:
		v->num = (uint64_t)(int64_t)*vb->val.integer;
		break;
	case ASN_COUNTER64:
		v->num = ((uint64_t)(vb->val.counter64->high & 0xffffffffUL) << 32) |
			 (vb->val.counter64->low & 0xffffffffUL);
		break;
	default:
		v->num = (uint64_t)(*vb->val.integer & 0xffffffffUL);
		break;
	}
}

static int known_type(uint8_t t)
{
	switch (t) {
	case ASN_INTEGER: case ASN_OCTET_STR: case ASN_NULL: case ASN_OBJECT_ID:
	case ASN_IPADDRESS: case ASN_COUNTER: case ASN_GAUGE: case ASN_TIMETICKS:
	case ASN_OPAQUE: case ASN_COUNTER64: case SNMP_NOSUCHOBJECT:
	case SNMP_NOSUCHINSTANCE: case SNMP_ENDOFMIBVIEW:
		return 1;
	}
	return 0;
}

static void put_value(struct shm_value *v, const struct variable_list *vb)
{
	switch (vb->type) {
	case ASN_INTEGER: case ASN_COUNTER: case ASN_GAUGE: case ASN_TIMETICKS:
		if (vb->val.integer && vb->val_len >= sizeof(long))
			put_number(v, vb);
		break;
	case ASN_COUNTER64:
		if (vb->val.counter64 && vb->val_len >= sizeof(struct counter64))
			put_number(v, vb);
		break;
	case ASN_OBJECT_ID:
		put_objid(v, vb->val.objid, vb->val_len / sizeof(oid));
		break;
	case ASN_IPADDRESS:
	case ASN_OCTET_STR:
	case ASN_OPAQUE:
		put_bytes(v, vb->val.string, vb->val.string ? vb->val_len : 0);
		break;
	}
}

int value_decode(struct shm_value *v, const struct variable_list *vb)
{
	size_t i;

	if (vb->name_length > CONFIG_OID_MAX_ARCS)
		return -1;
	memset(v, 0, offsetof(struct shm_value, oid));
	for (i = 0; i < vb->name_length; i++)
		v->oid[i] = (uint32_t)vb->name[i];
	v->oid_len = (uint8_t)vb->name_length;
	/* Types outside SNMPv2-SMI (e.g. net-snmp's decoded Opaque floats)
	 * are reported as Opaque with their raw bytes, if any. */
	v->type = known_type(vb->type) ? vb->type : ASN_OPAQUE;
	if (v->type == vb->type)
		put_value(v, vb);
	return 0;
}

void value_set_exception(struct shm_value *v, const uint32_t *oid, unsigned len, uint8_t type)
{
	memset(v, 0, offsetof(struct shm_value, oid));
	memcpy(v->oid, oid, len * sizeof(*oid));
	v->oid_len = (uint8_t)len;
	v->type = type;
}

static int is_counter(const struct shm_value *v)
{
	return v->type == SHM_T_COUNTER32 || v->type == SHM_T_COUNTER64;
}

static const struct shm_value *find_prev(const struct shm_host *prev, unsigned i,
					 const struct shm_value *v)
{
	unsigned k;

	/* Same position first: the common case is the same OID list. */
	if (i < prev->nvalues) {
		const struct shm_value *p = &prev->values[i];
		if (p->oid_len == v->oid_len && !memcmp(p->oid, v->oid, v->oid_len * 4))
			return p;
	}
	for (k = 0; k < prev->nvalues; k++) {
		const struct shm_value *p = &prev->values[k];
		if (p->oid_len == v->oid_len && !memcmp(p->oid, v->oid, v->oid_len * 4))
			return p;
	}
	return NULL;
}

static void one_rate(struct shm_value *v, const struct shm_value *p, int64_t dt_ms)
{
	uint64_t delta;

	if (!p || p->type != v->type)
		return;
	if (v->num >= p->num)
		delta = v->num - p->num;
	else if (v->type == SHM_T_COUNTER32)
		delta = v->num + 0x100000000ULL - p->num;	/* one wrap */
	else
		return;		/* a Counter64 going back is a reset */
	v->rate = (double)delta * 1000.0 / (double)dt_ms;
	v->flags |= SHM_V_RATE;
}

void value_rates(struct shm_host *cur, const struct shm_host *prev, int64_t dt_ms, int restarted)
{
	unsigned i;

	for (i = 0; i < cur->nvalues; i++) {
		struct shm_value *v = &cur->values[i];

		v->flags &= (uint8_t)~SHM_V_RATE;
		if (!is_counter(v) || restarted || dt_ms <= 0 || !prev || !prev->last_ok)
			continue;
		one_rate(v, find_prev(prev, i, v), dt_ms);
	}
}
