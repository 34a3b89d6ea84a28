/* SPDX-License-Identifier: MIT */
/* The datagram screen: a security boundary in front of net-snmp.
 *
 * Every datagram a session's socket receives is read here, in full, with
 * one bounded BER reader, before net-snmp parses it.  It fails closed:
 * what it cannot read completely and exactly is dropped, never handed on
 * for the library to refuse.  It drops, among others:
 * - lengths that are indefinite, reserved, or point past their enclosing
 *   element (long forms of any size are decoded, within the datagram, with
 *   arithmetic that does not depend on sizeof(long));
 * - anything that does not parse exactly to its end: the message, the
 *   PDU, the varbind list, each varbind;
 * - more varbinds than the request can get back (net-snmp allocates
 *   ~1 kB per varbind from the worker's fixed arena);
 * - a varbind name that is not an OBJECT IDENTIFIER, and any OBJECT
 *   IDENTIFIER (name or value) with a sub-identifier past 2^32-1, which
 *   Debian's net-snmp 5.9.3 wraps silently, letting an agent forge the
 *   very OID that was asked.
 *
 * SNMPv1/v2c: SEQUENCE { version, community, PDU }.
 * SNMPv3 (RFC 3412): SEQUENCE { version, msgGlobalData SEQUENCE { msgID,
 * msgMaxSize, msgFlags, msgSecurityModel }, msgSecurityParameters (for USM,
 * RFC 3414: an OCTET STRING wrapping SEQUENCE { engineID, boots, time,
 * user, auth, priv }), msgData }, where msgData is a plaintext ScopedPDU
 * SEQUENCE { contextEngineID, contextName, PDU } whose PDU is screened like
 * v1/v2c's, or, with the privacy flag, an encrypted OCTET STRING that can
 * only be bounds-checked (net-snmp checks its HMAC before decrypting it).
 */
#ifndef SNMPOLL_SCREEN_H
#define SNMPOLL_SCREEN_H

#include <stddef.h>
#include <stdint.h>

/* What the engine expects of an answer. */
struct screen_want {
	uint8_t version;	/* message version: 0 (v1), 1 (v2c), 3 (v3) */
	unsigned max_varbinds;	/* most varbinds the request can get back */
};

/* 1 if net-snmp may parse the datagram buf[0..len), 0 to drop it. */
int screen_check(const uint8_t *buf, size_t len, const struct screen_want *want);

#endif
