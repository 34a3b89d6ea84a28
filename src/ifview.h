/* SPDX-License-Identifier: MIT */
/* The interface view (oids=interfaces): which IF-MIB columns a host's
 * poll walks, how their cells join into one row per ifIndex, and how a
 * finished walk becomes the host's interface table in shared memory, with
 * bit rates, utilisation and history.
 *
 * The walk goes column by column, in an order that lets it skip what it
 * does not need: ifDescr first (its rows are the interfaces; MAX_IFACES
 * of them, more say truncated), then names, status and ifHighSpeed;
 * ifSpeed only where ifHighSpeed gave no speed; the 64-bit octet
 * counters (never on SNMPv1), then the 32-bit ones only if some
 * interface lacks a 64-bit pair; the error counters last.
 *
 * No net-snmp here: the engine hands over each cell as an ifv_cell.
 */
#ifndef SNMPOLL_IFVIEW_H
#define SNMPOLL_IFVIEW_H

#include <stdint.h>

#include "ifr.h"

/* ifv_row.have: which columns gave this row a value */
enum {
	IFV_DESCR = 1 << 0, IFV_NAME = 1 << 1, IFV_ALIAS = 1 << 2,
	IFV_OPER = 1 << 3, IFV_HIGH = 1 << 4, IFV_SPEED = 1 << 5,
	IFV_HCIN = 1 << 6, IFV_HCOUT = 1 << 7, IFV_IN = 1 << 8,
	IFV_OUT = 1 << 9, IFV_INERR = 1 << 10, IFV_OUTERR = 1 << 11,
};

struct ifv_row {
	uint32_t index;
	uint16_t have;
	uint8_t oper;
	uint8_t name_len, descr_len, alias_len;
	uint32_t speed, high, in32, out32, inerr, outerr;
	uint64_t hcin, hcout;
	char name[IFR_STR], descr[IFR_STR], alias[IFR_STR];
};

struct ifv_walk {
	uint8_t v1;		/* SNMPv1: no Counter64 columns */
	uint8_t col;		/* current column of the plan */
	uint8_t truncated;
	uint8_t stamped;
	uint16_t n;		/* rows, in ifIndex order */
	int64_t sample_ms;	/* when the in-octets column was read */
	struct ifv_row rows[CONFIG_MAX_IFACES];
};

/* A cell as the agent sent it. */
struct ifv_cell {
	uint8_t type;		/* enum shm_type */
	uint64_t num;		/* INTEGER, Gauge32, Counter32, Counter64 */
	const uint8_t *str;	/* OCTET STRING */
	unsigned len;
};

void ifview_begin(struct ifv_walk *w, int v1);

/* The column to walk now (those not needed are skipped): its base OID in
 * base (room for 12 arcs) and its length, or 0 when the walk is done. */
unsigned ifview_column(struct ifv_walk *w, uint32_t *base);

/* A cell of the current column for row index.  1 to go on, 0 if the
 * column is finished (the table is full: truncated). */
int ifview_cell(struct ifv_walk *w, uint32_t index, const struct ifv_cell *c);

/* An answer of the walk arrived at now_ms (monotonic): the first one of
 * the in-octets column times the sample, so rates divide by the time
 * between two readings of the counters, not between two publications. */
void ifview_stamp(struct ifv_walk *w, int64_t now_ms);

/* The current column has ended. */
void ifview_next_column(struct ifv_walk *w);

/* What the poll of a host ended with, for its region part. */
struct ifv_result {
	uint32_t gen;		/* full cycle generation, 0: not current (no history) */
	int ok;
	uint32_t rtt_us;
	int have_uptime;
	uint32_t uptime;
	int64_t now_ms;		/* monotonic */
};

/* Write host i's part of region r: the new interface table (w, on
 * success of a host with interfaces) with rates against the previous
 * sample, and this cycle's history samples. */
void ifview_publish(struct ifr_hdr *r, unsigned i, const struct ifv_walk *w,
		    const struct ifv_result *res);

#endif
