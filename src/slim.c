/* SPDX-License-Identifier: MIT */
/* Link-time stand-ins for libc functions that net-snmp references but
 * snmpoll never calls at run time.  The Makefile links with
 * -Wl,--wrap=NAME for each (SLIM_WRAP), so net-snmp's calls land here and
 * the real ones are left out of the static binary.
 *
 * Why it is safe: the host table is compiled with numeric addresses and
 * the engine hands net-snmp ready-made sockaddrs (engine.c
 * open_transport), so no name is ever resolved; config reading is off
 * (DONT_READ_CONFIGS), so read_config's sscanf/fscanf parsers never run.
 * Why it matters: musl's resolver (DNS, /etc/hosts, services) and its
 * scanf family with float parsing are about 30 KB of a mips_24kc binary
 * that must fit a small flash.  Each stand-in fails the way the real call
 * fails for a name that does not resolve or input that does not match.
 */
#include <errno.h>
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>

int __wrap_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res);
struct hostent *__wrap_gethostbyname(const char *name);
struct hostent *__wrap_gethostbyaddr(const void *addr, socklen_t len, int type);
int __wrap_sscanf(const char *s, const char *fmt, ...);
int __wrap_fscanf(FILE *f, const char *fmt, ...);

int __wrap_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res)
{
	(void)node;
	(void)service;
	(void)hints;
	*res = NULL;
	return EAI_NONAME;
}

struct hostent *__wrap_gethostbyname(const char *name)
{
	(void)name;
	h_errno = HOST_NOT_FOUND;
	return NULL;
}

struct hostent *__wrap_gethostbyaddr(const void *addr, socklen_t len, int type)
{
	(void)addr;
	(void)len;
	(void)type;
	h_errno = HOST_NOT_FOUND;
	return NULL;
}

/* No conversion made: every caller treats that as "does not parse". */
int __wrap_sscanf(const char *s, const char *fmt, ...)
{
	(void)s;
	(void)fmt;
	return 0;
}

int __wrap_fscanf(FILE *f, const char *fmt, ...)
{
	(void)f;
	(void)fmt;
	return 0;
}
