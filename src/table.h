/* SPDX-License-Identifier: MIT */
/* The compiled-in host table.
 *
 * tblc (toolchain/tblc/tblc.c, built for the build host) turns the board's text table
 * into $(O)/gen/hosts.c holding these constant arrays; the program never
 * parses text at run time.  Sets are expanded and deduplicated per host,
 * built-in names resolved to numeric OIDs, addresses parsed to bytes.
 */
#ifndef SNMPOLL_TABLE_H
#define SNMPOLL_TABLE_H

#include <stdint.h>

enum { TABLE_V1 = 0, TABLE_V2C = 1 };	/* same values as SNMP_VERSION_* */
enum { TABLE_AF_INET = 4, TABLE_AF_INET6 = 6 };

struct table_item {
	uint32_t arc_off;	/* first arc in table_arcs[] */
	uint8_t arc_len;
	uint8_t walk;		/* 1: poll the subtree under this OID */
	uint16_t mib;		/* 1 + index in mib_names[] of the OID's
				   built-in name (longest prefix), 0: none */
};

struct table_host {
	const char *name;
	const char *address;	/* "192.168.1.2:161", "[2001:db8::2]:161" */
	const char *community;	/* never printed, logged or put in shm */
	uint8_t family;		/* TABLE_AF_INET or TABLE_AF_INET6 */
	uint8_t version;	/* TABLE_V1 or TABLE_V2C */
	uint8_t retries;
	uint8_t addr[16];	/* network order; first 4 bytes for IPv4 */
	uint16_t port;
	uint32_t timeout_ms;
	uint32_t first_item;	/* into table_items[] */
	uint16_t nitems;	/* scalars first, then walks, in table order */
	uint16_t nscalars;
	uint16_t nvals;		/* value slots: nscalars, or MAX_OIDS if it walks */
	uint8_t ifaces;		/* oids=interfaces: polled for the interface view */
};

extern const struct table_host table_hosts[];
extern const struct table_item table_items[];
extern const uint32_t table_arcs[];
extern const unsigned table_nhosts;
extern const char table_source[];	/* path of the text table, for `config` */
extern const uint32_t table_hash;	/* FNV-1a of the generated data */

#endif
