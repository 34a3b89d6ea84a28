/* SPDX-License-Identifier: MIT */
/* RFC 3414 password-to-key (appendix A.2): the table compiler turns each
 * SNMPv3 pass phrase into its key Ku at build time, so the binary carries
 * no pass phrase and no worker hashes a megabyte per host. */
#ifndef SNMPOLL_USMKEY_H
#define SNMPOLL_USMKEY_H

#include <stddef.h>
#include <stdint.h>

/* Ku of pass[0..n-1] (n > 0) with MD5 (sha1 = 0, 16 bytes) or SHA-1
 * (sha1 = 1, 20 bytes) into ku; returns the key's length. */
unsigned usmkey_ku(int sha1, const char *pass, size_t n, uint8_t *ku);

/* Kul = H(Ku | engineID | Ku) (RFC 3414 section 2.6): done by net-snmp at
 * run time; here for the tests against the RFC's vectors. */
unsigned usmkey_localize(int sha1, const uint8_t *ku, const uint8_t *engine,
			 size_t elen, uint8_t *kul);

#endif
