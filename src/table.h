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

enum { TABLE_V1 = 0, TABLE_V2C = 1, TABLE_V3 = 3 };	/* same values as SNMP_VERSION_* */
enum { TABLE_AF_INET = 4, TABLE_AF_INET6 = 6 };

/* SNMPv3 USM: levels as SNMP_SEC_LEVEL_*, protocols named here. */
enum { TABLE_NOAUTH = 1, TABLE_AUTHNOPRIV = 2, TABLE_AUTHPRIV = 3 };
enum { TABLE_AUTH_NONE = 0, TABLE_AUTH_MD5 = 1, TABLE_AUTH_SHA = 2 };
enum { TABLE_PRIV_NONE = 0, TABLE_PRIV_DES = 1, TABLE_PRIV_AES = 2 };
#define TABLE_KU_MAX 20		/* SHA-1; MD5 keys are 16 bytes */

/* A version=3 host's user.  The keys are RFC 3414 Ku, made from the pass
 * phrases by the table compiler (both with the auth protocol's hash):
 * secrets like communities, and not yet tied to an agent (localised to its
 * engine ID at run time). */
struct table_usm {
	const char *user;
	const char *context;	/* "" unless context= */
	uint8_t level;		/* TABLE_NOAUTH .. TABLE_AUTHPRIV */
	uint8_t auth;		/* TABLE_AUTH_* */
	uint8_t priv;		/* TABLE_PRIV_* */
	uint8_t ku_len;		/* 16 (MD5) or 20 (SHA), 0 without auth */
	uint8_t auth_ku[TABLE_KU_MAX];
	uint8_t priv_ku[TABLE_KU_MAX];
};

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
	uint8_t version;	/* TABLE_V1, TABLE_V2C or TABLE_V3 */
	uint8_t retries;
	uint8_t addr[16];	/* network order; first 4 bytes for IPv4 */
	uint16_t port;
	uint32_t timeout_ms;
	uint32_t first_item;	/* into table_items[] */
	uint16_t nitems;	/* scalars first, then walks, in table order */
	uint16_t nscalars;
	uint16_t nvals;		/* value slots: nscalars, or MAX_OIDS if it walks */
	uint32_t sroom;		/* data-area bytes the scalars may need: 8 (a
				   rate) for an instance of a built-in integer
				   object, VALUE_LEN + 8 for any other */
	uint8_t ifaces;		/* oids=interfaces: polled for the interface view */
	const struct table_usm *usm;	/* version 3 only, else NULL */
};

extern const struct table_host table_hosts[];
extern const struct table_item table_items[];
extern const uint32_t table_arcs[];
extern const unsigned table_nhosts;
extern const char table_source[];	/* path of the text table, for `config` */
extern const uint32_t table_hash;	/* FNV-1a of the generated data */

#endif
