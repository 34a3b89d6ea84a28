/* SPDX-License-Identifier: MIT */
/* Decoding a net-snmp varbind into a shared-memory value slot, and the
 * per-second rates of counters between two samples of a host. */
#ifndef SNMPOLL_VALUE_H
#define SNMPOLL_VALUE_H

#include <stdint.h>

#include "shm.h"

struct variable_list;

/* Store vb's OID, type and value in v (values longer than VALUE_LEN are
 * cut and flagged).  0, or -1 if the OID does not fit OID_MAX_ARCS. */
int value_decode(struct shm_value *v, const struct variable_list *vb);

/* Set v's OID from arcs (len <= OID_MAX_ARCS) and mark it as a given
 * exception type (noSuchObject ...). */
void value_set_exception(struct shm_value *v, const uint32_t *oid, unsigned len, uint8_t type);

/* Rates for the counters of cur from the previous sample prev of the same
 * host, dt_ms apart.  restarted: the agent's sysUpTime went back, so every
 * rate is null. */
void value_rates(struct shm_host *cur, const struct shm_host *prev, int64_t dt_ms, int restarted);

#endif
