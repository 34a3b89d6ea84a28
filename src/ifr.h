/* SPDX-License-Identifier: MIT */
/* The interface view's region of the shared-memory file: per host, the
 * joined interface table (oids=interfaces hosts only) and the history
 * rings (every host's RTT, each interface's in/out bit rate).
 *
 * It is its own section of snmpoll.shm (SHM_SECT_IFACES), after the host
 * records, sized at build time from the table: MAX_IFACES interface slots
 * for each host with `interfaces`, none for the others, HISTORY samples
 * per ring.  Each host's part has its own sequence counter, written only
 * by the worker that polled the host (same protocol as shm.h), read by
 * copying it out.  Readers validate the region like any untrusted input:
 * every size in its header must be this build's, every offset in bounds,
 * every count clamped.
 *
 * History: slot g % HISTORY holds the sample of cycle generation g, and
 * hgen[] says which generation a slot holds, so a cycle with no sample
 * (host skipped, worker died) reads as null without anyone writing it.
 */
#ifndef SNMPOLL_IFR_H
#define SNMPOLL_IFR_H

#include <stddef.h>
#include <stdint.h>

#include "shm.h"

#define IFR_MAGIC	0x46495053u	/* "SPIF" */
#define IFR_LAYOUT	1
#define IFR_STR		48		/* bytes kept of ifName, ifDescr, ifAlias */
#define IFR_HIST	(CONFIG_HISTORY > 0 ? CONFIG_HISTORY : 1)

/* ifr_iface.have */
#define IFR_H_NAME	0x01
#define IFR_H_DESCR	0x02
#define IFR_H_ALIAS	0x04
#define IFR_H_INERR	0x08
#define IFR_H_OUTERR	0x10

struct ifr_iface {
	uint32_t index;		/* ifIndex */
	uint8_t oper;		/* raw ifOperStatus, 0 = not known */
	uint8_t bits;		/* octet counters: 64, 32, or 0 (none) */
	uint8_t have;		/* IFR_H_* */
	uint8_t name_len, descr_len, alias_len;
	uint16_t pad;
	uint32_t in_errors, out_errors;
	uint64_t speed_bps;	/* 0 = not known */
	uint64_t in_octets, out_octets;
	double in_bps, out_bps;	/* NaN: null (no previous sample, restart...) */
	double in_eps, out_eps;	/* errors per second, NaN: null */
	char name[IFR_STR], descr[IFR_STR], alias[IFR_STR];
	float hist_in[IFR_HIST], hist_out[IFR_HIST];	/* bits/s, NaN: null */
};

struct ifr_host {
	uint32_t seq;		/* odd while being written */
	uint32_t gen;		/* cycle generation of the last sample */
	uint16_t n;		/* interfaces in use */
	uint8_t truncated;	/* more than MAX_IFACES */
	uint8_t have_uptime;
	uint32_t uptime;	/* agent sysUpTime of the interface sample */
	int64_t sample_ms;	/* monotonic ms of the interface sample, 0 = none */
	uint32_t hgen[IFR_HIST];	/* generation held by each history slot */
	float rtt_ms[IFR_HIST];		/* NaN: no answer that cycle */
	struct ifr_iface ifaces[];	/* MAX_IFACES if the host has interfaces */
};

struct ifr_hdr {
	uint32_t magic;
	uint32_t layout;
	uint32_t nhosts;
	uint32_t max_ifaces;
	uint32_t history;	/* CONFIG_HISTORY */
	uint32_t iface_size;	/* sizeof(struct ifr_iface) */
	uint32_t host_size;	/* sizeof(struct ifr_host) */
	uint32_t pad;
	uint64_t size;		/* bytes of the whole region */
	uint32_t off[];		/* nhosts record offsets from the region start */
};

/* Largest host part: the size of a private copy buffer. */
#define IFR_RECORD_MAX (sizeof(struct ifr_host) + \
			CONFIG_MAX_IFACES * sizeof(struct ifr_iface))

/* Bytes of host i's part, and of the whole region for the compiled table. */
size_t ifr_record_size(unsigned i);
size_t ifr_total_size(void);

/* Daemon: initialise the region at the end of the freshly created map. */
void ifr_init(const struct shm_map *m);

/* The region of m, checked against this build; NULL if it is damaged or
 * foreign (then there is no interface view to show). */
struct ifr_hdr *ifr_region(const struct shm_map *m);

/* Host i's part in region r (r from ifr_region). */
struct ifr_host *ifr_host(struct ifr_hdr *r, unsigned i);

/* Copy host i's part into out (IFR_RECORD_MAX bytes) under its sequence
 * counter, counts and lengths clamped.  0, or -1 (EAGAIN) if it stayed
 * busy. */
int ifr_read(struct ifr_hdr *r, unsigned i, struct ifr_host *out);

/* Writers: bracket an update of a host part. */
void ifr_write_begin(struct ifr_host *h);
void ifr_write_end(struct ifr_host *h);

/* Supervisor: host i's writer died mid-write; drop its interface table
 * (the body may be torn) and make the part readable again. */
void ifr_repair(struct ifr_hdr *r, unsigned i);

/* ifOperStatus's name ("up", "lowerLayerDown"), NULL if not one. */
const char *ifr_oper_name(unsigned v);
/* The interface's label: ifName, else ifDescr (n bytes, not terminated). */
const char *ifr_label(const struct ifr_iface *x, size_t *n);

/* Capacity (interface slots) of host i. */
unsigned ifr_capacity(unsigned i);

#endif
