/* SPDX-License-Identifier: MIT */
/* Built-in MIB names (see mib.h).
 *
 * One flat table, searched linearly: it has about a hundred entries and is
 * consulted once per value when outputs are written, so a sorted index would
 * cost more flash than it saves time.  Broad roots such as mib-2 or
 * enterprises are left out on purpose: an OID under no useful name prints
 * numerically (docs/output.md).  Every OID here was checked against the
 * MIB modules with snmptranslate -On.
 */
#include "mib.h"

#include <string.h>

#define MIB2 1, 3, 6, 1, 2, 1
#define IFENTRY MIB2, 2, 2, 1
#define IFXENTRY MIB2, 31, 1, 1, 1
#define HRSTORAGEENTRY MIB2, 25, 2, 3, 1
#define UCD 1, 3, 6, 1, 4, 1, 2021

/* The arc count is taken from the list itself, so it cannot drift.
 * N: an object whose value may be a string (or a group or table);
 * I: an integer-valued object (INTEGER, Counter, Gauge, TimeTicks). */
#define ARCS(...) sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t)
#define N(name, ...) { name, ARCS(__VA_ARGS__), 0, { __VA_ARGS__ } }
#define I(name, ...) { name, ARCS(__VA_ARGS__), 1, { __VA_ARGS__ } }

const struct mib_name mib_names[] = {
	/* SNMPv2-MIB system group */
	N("system", MIB2, 1),
	N("sysDescr", MIB2, 1, 1),
	N("sysObjectID", MIB2, 1, 2),
	I("sysUpTime", MIB2, 1, 3),
	N("sysContact", MIB2, 1, 4),
	N("sysName", MIB2, 1, 5),
	N("sysLocation", MIB2, 1, 6),
	I("sysServices", MIB2, 1, 7),
	/* IF-MIB interfaces group and ifTable */
	N("interfaces", MIB2, 2),
	I("ifNumber", MIB2, 2, 1),
	N("ifTable", MIB2, 2, 2),
	N("ifEntry", MIB2, 2, 2, 1),
	I("ifIndex", IFENTRY, 1),
	N("ifDescr", IFENTRY, 2),
	I("ifType", IFENTRY, 3),
	I("ifMtu", IFENTRY, 4),
	I("ifSpeed", IFENTRY, 5),
	N("ifPhysAddress", IFENTRY, 6),
	I("ifAdminStatus", IFENTRY, 7),
	I("ifOperStatus", IFENTRY, 8),
	I("ifLastChange", IFENTRY, 9),
	I("ifInOctets", IFENTRY, 10),
	I("ifInUcastPkts", IFENTRY, 11),
	I("ifInNUcastPkts", IFENTRY, 12),
	I("ifInDiscards", IFENTRY, 13),
	I("ifInErrors", IFENTRY, 14),
	I("ifInUnknownProtos", IFENTRY, 15),
	I("ifOutOctets", IFENTRY, 16),
	I("ifOutUcastPkts", IFENTRY, 17),
	I("ifOutNUcastPkts", IFENTRY, 18),
	I("ifOutDiscards", IFENTRY, 19),
	I("ifOutErrors", IFENTRY, 20),
	I("ifOutQLen", IFENTRY, 21),
	N("ifSpecific", IFENTRY, 22),
	/* IF-MIB ifXTable */
	N("ifXTable", MIB2, 31, 1, 1),
	N("ifXEntry", MIB2, 31, 1, 1, 1),
	N("ifName", IFXENTRY, 1),
	I("ifInMulticastPkts", IFXENTRY, 2),
	I("ifInBroadcastPkts", IFXENTRY, 3),
	I("ifOutMulticastPkts", IFXENTRY, 4),
	I("ifOutBroadcastPkts", IFXENTRY, 5),
	I("ifHCInOctets", IFXENTRY, 6),
	I("ifHCInUcastPkts", IFXENTRY, 7),
	I("ifHCInMulticastPkts", IFXENTRY, 8),
	I("ifHCInBroadcastPkts", IFXENTRY, 9),
	I("ifHCOutOctets", IFXENTRY, 10),
	I("ifHCOutUcastPkts", IFXENTRY, 11),
	I("ifHCOutMulticastPkts", IFXENTRY, 12),
	I("ifHCOutBroadcastPkts", IFXENTRY, 13),
	I("ifHighSpeed", IFXENTRY, 15),
	I("ifPromiscuousMode", IFXENTRY, 16),
	I("ifConnectorPresent", IFXENTRY, 17),
	N("ifAlias", IFXENTRY, 18),
	I("ifCounterDiscontinuityTime", IFXENTRY, 19),
	/* IP-MIB (RFC 1213 subset) */
	I("ipForwarding", MIB2, 4, 1),
	I("ipDefaultTTL", MIB2, 4, 2),
	N("ipAddrTable", MIB2, 4, 20),
	N("ipAddrEntry", MIB2, 4, 20, 1),
	N("ipAdEntAddr", MIB2, 4, 20, 1, 1),
	I("ipAdEntIfIndex", MIB2, 4, 20, 1, 2),
	N("ipAdEntNetMask", MIB2, 4, 20, 1, 3),
	I("ipAdEntBcastAddr", MIB2, 4, 20, 1, 4),
	I("ipAdEntReasmMaxSize", MIB2, 4, 20, 1, 5),
	/* HOST-RESOURCES-MIB */
	I("hrSystemUptime", MIB2, 25, 1, 1),
	N("hrSystemDate", MIB2, 25, 1, 2),
	I("hrSystemNumUsers", MIB2, 25, 1, 5),
	I("hrSystemProcesses", MIB2, 25, 1, 6),
	I("hrSystemMaxProcesses", MIB2, 25, 1, 7),
	I("hrMemorySize", MIB2, 25, 2, 2),
	N("hrStorageTable", MIB2, 25, 2, 3),
	N("hrStorageEntry", MIB2, 25, 2, 3, 1),
	I("hrStorageIndex", HRSTORAGEENTRY, 1),
	N("hrStorageType", HRSTORAGEENTRY, 2),
	N("hrStorageDescr", HRSTORAGEENTRY, 3),
	I("hrStorageAllocationUnits", HRSTORAGEENTRY, 4),
	I("hrStorageSize", HRSTORAGEENTRY, 5),
	I("hrStorageUsed", HRSTORAGEENTRY, 6),
	I("hrStorageAllocationFailures", HRSTORAGEENTRY, 7),
	N("hrProcessorTable", MIB2, 25, 3, 3),
	N("hrProcessorEntry", MIB2, 25, 3, 3, 1),
	N("hrProcessorFrwID", MIB2, 25, 3, 3, 1, 1),
	I("hrProcessorLoad", MIB2, 25, 3, 3, 1, 2),
	/* UCD-SNMP-MIB memory, laTable, systemStats */
	I("memTotalSwap", UCD, 4, 3),
	I("memAvailSwap", UCD, 4, 4),
	I("memTotalReal", UCD, 4, 5),
	I("memAvailReal", UCD, 4, 6),
	I("memTotalFree", UCD, 4, 11),
	I("memShared", UCD, 4, 13),
	I("memBuffer", UCD, 4, 14),
	I("memCached", UCD, 4, 15),
	N("laTable", UCD, 10),
	N("laEntry", UCD, 10, 1),
	I("laIndex", UCD, 10, 1, 1),
	N("laNames", UCD, 10, 1, 2),
	N("laLoad", UCD, 10, 1, 3),
	N("laConfig", UCD, 10, 1, 4),
	I("laLoadInt", UCD, 10, 1, 5),
	I("ssCpuUser", UCD, 11, 9),
	I("ssCpuSystem", UCD, 11, 10),
	I("ssCpuIdle", UCD, 11, 11),
	I("ssCpuRawUser", UCD, 11, 50),
	I("ssCpuRawNice", UCD, 11, 51),
	I("ssCpuRawSystem", UCD, 11, 52),
	I("ssCpuRawIdle", UCD, 11, 53),
};

const unsigned mib_nnames = sizeof(mib_names) / sizeof(mib_names[0]);

const struct mib_name *mib_lookup(const char *s, size_t n)
{
	unsigned i;

	for (i = 0; i < mib_nnames; i++) {
		const char *name = mib_names[i].name;
		size_t k;

		for (k = 0; k < n && name[k] && name[k] == s[k]; k++)
			;
		if (k == n && name[k] == '\0')
			return &mib_names[i];
	}
	return NULL;
}

/* Bounded string builder: appends as far as it fits, always terminated. */
struct out {
	char *buf;
	size_t size, pos;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->size == 0) {
		o->full = 1;
		return;
	}
	while (n--) {
		if (o->pos + 1 >= o->size) {
			o->full = 1;
			break;
		}
		o->buf[o->pos++] = *s++;
	}
	o->buf[o->pos] = '\0';
}

static void put_u32(struct out *o, uint32_t v)
{
	char tmp[10];
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(o, tmp + n, sizeof(tmp) - n);
}

/* Arcs from..len-1 as ".a.b.c" (dot first unless at the very start). */
static void put_arcs(struct out *o, const uint32_t *oid, unsigned from,
		     unsigned len)
{
	unsigned i;

	for (i = from; i < len && !o->full; i++) {
		if (i > 0 || o->pos > 0)
			put(o, ".", 1);
		put_u32(o, oid[i]);
	}
}

static int finish(struct out *o)
{
	if (o->size)
		o->buf[o->pos] = '\0';
	return o->full ? -1 : (int)o->pos;
}

int mib_format_oid(const uint32_t *oid, unsigned len, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };

	put(&o, "", 0);
	put_arcs(&o, oid, 0, len);
	return finish(&o);
}

static int is_prefix(const struct mib_name *m, const uint32_t *oid,
		     unsigned len)
{
	unsigned i;

	if (m->len > len)
		return 0;
	for (i = 0; i < m->len; i++)
		if (m->arcs[i] != oid[i])
			return 0;
	return 1;
}

/* Names that no other name extends: once one is a prefix of an OID it is
 * that OID's best name, with no search.  Computed on first use. */
static uint8_t leaf[sizeof(mib_names) / sizeof(mib_names[0])];
static int leaf_done;

/* Name a's arcs begin name b's. */
static int extends(const struct mib_name *a, const struct mib_name *b)
{
	unsigned i;

	if (b->len <= a->len)
		return 0;
	for (i = 0; i < a->len; i++)
		if (a->arcs[i] != b->arcs[i])
			return 0;
	return 1;
}

static void find_leaves(void)
{
	unsigned i, k;

	for (i = 0; i < mib_nnames; i++) {
		leaf[i] = 1;
		for (k = 0; k < mib_nnames; k++)
			if (extends(&mib_names[i], &mib_names[k]))
				leaf[i] = 0;
	}
	leaf_done = 1;
}

const struct mib_name *mib_best(const uint32_t *oid, unsigned len, const struct mib_name *hint)
{
	const struct mib_name *best = NULL;
	unsigned i;

	if (!leaf_done)
		find_leaves();
	if (hint && leaf[hint - mib_names] && is_prefix(hint, oid, len))
		return hint;
	for (i = 0; i < mib_nnames; i++)
		if (is_prefix(&mib_names[i], oid, len) &&
		    (!best || mib_names[i].len > best->len))
			best = &mib_names[i];
	return best;
}

int mib_format_best(const struct mib_name *best, const uint32_t *oid, unsigned len,
		    char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };

	if (!best)
		return mib_format_oid(oid, len, buf, size);
	put(&o, best->name, strlen(best->name));
	put_arcs(&o, oid, best->len, len);
	return finish(&o);
}

int mib_format_name(const uint32_t *oid, unsigned len, char *buf, size_t size)
{
	return mib_format_best(mib_best(oid, len, NULL), oid, len, buf, size);
}
