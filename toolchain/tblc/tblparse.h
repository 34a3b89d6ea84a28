/* SPDX-License-Identifier: MIT */
/* Host-table parser, shared by the table compiler (tblc) and its fuzz
 * harness.  Runs on the build host only; it may allocate freely.
 *
 * tbl_parse() reads the whole text of a table (docs/hosts-table.md) from a buffer and
 * fills a struct tbl with everything table.h needs, already resolved: sets
 * expanded per host, items deduplicated (scalars first, then walks, each in
 * table order), identical OIDs stored once, hosts with identical item lists
 * sharing them.  The first input error is printed to err as
 * "PATH:LINE: message" and parsing stops.
 */
#ifndef SNMPOLL_TBLPARSE_H
#define SNMPOLL_TBLPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TBL_LINE_MAX 4096	/* bytes per line, without the newline */
#define TBL_NAME_MAX 32		/* host and set names */
#define TBL_COMMUNITY_MAX 255
#define TBL_ADDR_MAX 56		/* "[" v6 "]:" port NUL */
#define TBL_MAX_SETS 1024
#define TBL_IFACES_SET "interfaces"	/* built-in set: the interface view */
#define TBL_USER_MAX 32		/* USM user name, bytes */
#define TBL_CONTEXT_MAX 32	/* SNMPv3 context name, bytes */
#define TBL_PASS_MIN 8		/* RFC 3414 section 11.2 */
#define TBL_PASS_MAX 255

/* Capacities of the target build (from its Kconfig). */
struct tbl_limits {
	unsigned max_hosts;	/* CONFIG_MAX_HOSTS */
	unsigned max_oids;	/* CONFIG_MAX_OIDS */
	unsigned max_arcs;	/* CONFIG_OID_MAX_ARCS, at most 128 */
	int ipv6;		/* ENABLE_IPV6 */
	int snmpv3;		/* ENABLE_SNMPV3 */
};

/* A version=3 host's security settings (TABLE_* values of table.h); the
 * pass phrases stay here, tblc turns them into keys. */
struct tbl_usm {
	char user[TBL_USER_MAX + 1];
	char context[TBL_CONTEXT_MAX + 1];
	uint8_t level, auth, priv;
	char authpass[TBL_PASS_MAX + 1];
	char privpass[TBL_PASS_MAX + 1];
};

struct tbl_oid {
	uint32_t off;		/* first arc in tbl.arcs */
	uint8_t len;
};

struct tbl_item {
	uint32_t oid;		/* index into tbl.oids */
	uint8_t walk;
};

struct tbl_host {
	char name[TBL_NAME_MAX + 1];
	char address[TBL_ADDR_MAX];	/* canonical "a.b.c.d:port" */
	char community[TBL_COMMUNITY_MAX + 1];
	unsigned line;
	uint8_t family;		/* TABLE_AF_INET / TABLE_AF_INET6 */
	uint8_t version;	/* TABLE_V1 / TABLE_V2C / TABLE_V3 */
	uint8_t retries;
	uint8_t ifaces;		/* oids=interfaces */
	uint8_t addr[16];
	uint16_t port;
	uint32_t timeout_ms;
	uint32_t first_item;	/* into tbl.items */
	uint16_t nitems, nscalars, nvals;
	struct tbl_usm usm;	/* version 3 only (zero otherwise) */
};

struct tbl {
	struct tbl_host *hosts;
	unsigned nhosts;
	struct tbl_item *items;
	uint32_t nitems;
	struct tbl_oid *oids;	/* distinct OIDs, including unused ones */
	uint32_t noids;
	uint32_t *arcs;
	uint32_t narcs;
};

/* 0: ok.  -1: input error (reported on err).  -2: out of memory.
 * *out is filled in either case; release it with tbl_free(). */
int tbl_parse(const char *path, const char *buf, size_t len,
	      const struct tbl_limits *lim, struct tbl *out, FILE *err);
void tbl_free(struct tbl *t);

#endif
