/* SPDX-License-Identifier: MIT */
/* SNMPv3 (USM) for the engine: a version=3 host's session set-up,
 * asynchronous engine-ID discovery and its keys in net-snmp's user table.
 *
 * The engine calls these hooks for hosts with table_host.usm set; without
 * CONFIG_SNMPV3 they are empty inline functions (the table compiler refuses
 * version=3 hosts then) and net-snmp is built without USM.
 */
#ifndef SNMPOLL_USM_H
#define SNMPOLL_USM_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "table.h"

/* Requests a v3 host's poll may add: discovery, one re-discovery and the
 * request that met the Report, sent again. */
#define USM_REQUESTS 3

/* What the engine does with a PDU callback for a v3 host. */
enum usm_verdict {
	USM_PASS,	/* an ordinary response: the engine's own path */
	USM_SEND,	/* discovery done or to be redone: send what comes next */
	USM_FAIL,	/* the poll failed: *why names the USM error */
};

#if ENABLE_SNMPV3

/* Security parameters of host h into s, before snmp_sess_add(). */
void usm_session(netsnmp_session *s, const struct table_host *h);
/* After snmp_sess_add(): no probe inside net-snmp, the engine ID this
 * worker already knows for the host, a new poll's discovery budget. */
void usm_opened(void *sp, unsigned host);
/* The discovery request when the host's engine ID is still unknown this
 * poll, else NULL. */
netsnmp_pdu *usm_probe(void *sp, unsigned host);
/* Make net-snmp's user for the host's engine carry the host's keys: before
 * anything that builds or parses one of its messages. */
void usm_bind(unsigned host);
/* 0 to drop a datagram before net-snmp parses it: not SNMPv3, or another
 * engine ID than the host's, or past the discovery budget. */
int usm_dgram_ok(unsigned host, const uint8_t *buf, size_t n);
/* A callback for the host's outstanding request (see enum usm_verdict). */
enum usm_verdict usm_on_pdu(unsigned host, void *sp, int op, netsnmp_pdu *pdu,
			    const char **why);
/* The host's request timed out: the error text (the engine ID is
 * forgotten unless discovery was answered in this poll); *error is set
 * when the silence says more than a timeout (see usm.c). */
const char *usm_timed_out(unsigned host, int *error);
/* The poll is over (session closing). */
void usm_closed(unsigned host);

#else

static inline void usm_session(netsnmp_session *s, const struct table_host *h)
{
	(void)s;
	(void)h;
}
static inline void usm_opened(void *sp, unsigned host)
{
	(void)sp;
	(void)host;
}
static inline netsnmp_pdu *usm_probe(void *sp, unsigned host)
{
	(void)sp;
	(void)host;
	return NULL;
}
static inline void usm_bind(unsigned host)
{
	(void)host;
}
static inline int usm_dgram_ok(unsigned host, const uint8_t *buf, size_t n)
{
	(void)host;
	(void)buf;
	(void)n;
	return 0;
}
static inline enum usm_verdict usm_on_pdu(unsigned host, void *sp, int op,
					  netsnmp_pdu *pdu, const char **why)
{
	(void)host;
	(void)sp;
	(void)op;
	(void)pdu;
	*why = "SNMPv3 is off in this build";
	return USM_FAIL;
}
static inline const char *usm_timed_out(unsigned host, int *error)
{
	(void)host;
	*error = 0;
	return "timeout";
}
static inline void usm_closed(unsigned host)
{
	(void)host;
}

#endif
#endif
