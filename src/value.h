/* SPDX-License-Identifier: MIT */
/* Decoding a net-snmp varbind into a value of a host's record, and the
 * per-second rates of counters between two samples of a host. */
#ifndef SNMPOLL_VALUE_H
#define SNMPOLL_VALUE_H

#include <stdint.h>

#include "shm.h"

struct variable_list;

/* Store vb in value slot j of record r (host i) as an answer to item:
 * a scalar (no suffix) or a walk root (vb's OID must extend the root's
 * arcs; the rest is kept as the suffix).  Values longer than VALUE_LEN or
 * the host's room are cut and flagged.  0, or -1 if the value does not
 * fit (OID too long, data area full). */
int value_decode(struct shm_host *r, unsigned i, unsigned j, unsigned item,
		 const struct variable_list *vb);

/* Rates for the counters of cur from the previous sample prev of the same
 * host i, dt_ms apart.  restarted: the agent's sysUpTime went back, so
 * every rate is null. */
void value_rates(struct shm_host *cur, const struct shm_host *prev, unsigned i,
		 int64_t dt_ms, int restarted);

#endif
