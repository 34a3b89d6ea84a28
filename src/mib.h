/* SPDX-License-Identifier: MIT */
/* Built-in names of common MIB-2 / IF-MIB / IP-MIB / HOST-RESOURCES-MIB /
 * UCD-SNMP objects.  Shared by the table compiler (name -> OID at build
 * time) and the program (OID -> "ifDescr.3" in outputs).  No MIB files. */
#ifndef SNMPOLL_MIB_H
#define SNMPOLL_MIB_H

#include <stddef.h>
#include <stdint.h>

struct mib_name {
	const char *name;
	uint8_t len;
	uint8_t integer;	/* 1: its instances' values are numbers, so a
				   scalar of it needs no room for a string */
	uint16_t arcs[12];	/* every built-in arc fits: half the flash */
};

extern const struct mib_name mib_names[];
extern const unsigned mib_nnames;

/* Entry whose name equals s (exact, no instance suffix), or NULL. */
const struct mib_name *mib_lookup(const char *s, size_t n);

/* Longest built-in prefix of oid.  Writes "name.suffix" (or the dotted
 * numeric OID when none matches) into buf; returns its length, or -1 if it
 * did not fit (buf then holds a NUL-terminated prefix). */
int mib_format_name(const uint32_t *oid, unsigned len, char *buf, size_t size);

/* The longest built-in name that is a prefix of oid, or NULL.  hint, if
 * not NULL, is tried first (a name no other name extends is the answer
 * as soon as it is a prefix): consecutive values mostly share a name. */
const struct mib_name *mib_best(const uint32_t *oid, unsigned len, const struct mib_name *hint);
/* "name.suffix" for a best name found by mib_best (numeric if NULL). */
int mib_format_best(const struct mib_name *best, const uint32_t *oid, unsigned len,
		    char *buf, size_t size);

/* Dotted numeric form without a leading dot.  Same return convention. */
int mib_format_oid(const uint32_t *oid, unsigned len, char *buf, size_t size);

#endif
