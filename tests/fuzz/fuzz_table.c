/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the host-table parser (toolchain/tblc/tblparse.c, the code
 * behind the build's table compiler).
 *
 * The first input byte picks the limits (the build's own, or tiny ones
 * so that every "limit exceeded" path is reachable); the rest is the table
 * text.  Beyond memory errors, it checks what tblc relies on: an input
 * error is reported as one "fuzz.tbl:LINE: message" line, and a parsed
 * table is consistent (every index in range, scalars before walks, value
 * slots within the limits, names of the allowed characters, an address
 * and a port for every host).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "tblparse.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_table: %s\n", what);
		abort();
	}
}

static void check_error(const char *msg, size_t n)
{
	const char *p = msg + strlen("fuzz.tbl:");

	check(n > 0 && msg[n - 1] == '\n', "error message missing or not one line");
	check(!strncmp(msg, "fuzz.tbl:", strlen("fuzz.tbl:")), "error not PATH:...");
	check(*p >= '1' && *p <= '9', "error line number");
	while (*p >= '0' && *p <= '9')
		p++;
	check(p[0] == ':' && p[1] == ' ' && p[2] && p[2] != '\n', "error not PATH:LINE: message");
	check(strchr(msg, '\n') == msg + n - 1, "error spans several lines");
}

static void check_name(const char *s)
{
	size_t n = strlen(s);

	check(n >= 1 && n <= TBL_NAME_MAX, "host name length");
	check(strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == n,
	      "host name characters");
}

/* SNMPv3 settings complete for the level, nothing else left over. */
static void check_usm(const struct tbl_host *h)
{
	const struct tbl_usm *u = &h->usm;
	size_t n = strlen(u->user);

	if (h->version != TABLE_V3) {
		check(!n && !u->level && !u->auth && !u->priv && !u->authpass[0] &&
		      !u->privpass[0] && !u->context[0], "v3 settings on a v1/v2c host");
		return;
	}
	check(n >= 1 && n <= TBL_USER_MAX && !h->community[0], "v3 user, community");
	check(u->level >= TABLE_NOAUTH && u->level <= TABLE_AUTHPRIV, "v3 level");
	check((u->level >= TABLE_AUTHNOPRIV) == (u->auth != TABLE_AUTH_NONE) &&
	      (u->level >= TABLE_AUTHNOPRIV) == (strlen(u->authpass) >= TBL_PASS_MIN),
	      "v3 auth for the level");
	check((u->level == TABLE_AUTHPRIV) == (u->priv != TABLE_PRIV_NONE) &&
	      (u->level == TABLE_AUTHPRIV) == (strlen(u->privpass) >= TBL_PASS_MIN),
	      "v3 priv for the level");
}

static void check_table(const struct tbl *t, const struct tbl_limits *lim)
{
	unsigned i, k;

	check(t->nhosts <= lim->max_hosts, "too many hosts");
	for (i = 0; i < t->noids; i++) {
		check(t->oids[i].off + t->oids[i].len <= t->narcs, "oid arcs out of range");
		check(t->oids[i].len >= 2 && t->oids[i].len <= lim->max_arcs, "oid length");
	}
	for (i = 0; i < t->nhosts; i++) {
		const struct tbl_host *h = &t->hosts[i];

		check_name(h->name);
		check(h->address[0] && memchr(h->address, 0, sizeof(h->address)), "address");
		check(h->port != 0, "port 0");
		check(h->family == TABLE_AF_INET || (lim->ipv6 && h->family == TABLE_AF_INET6), "family");
		check(h->version == TABLE_V1 || h->version == TABLE_V2C ||
		      (lim->snmpv3 && h->version == TABLE_V3), "version");
		check_usm(h);
		check(h->first_item + h->nitems <= t->nitems, "items out of range");
		check(h->nscalars <= h->nitems && h->nvals <= lim->max_oids, "value slots");
		check(h->nscalars <= h->nvals, "scalars beyond slots");
		for (k = 0; k < h->nitems; k++) {
			const struct tbl_item *it = &t->items[h->first_item + k];
			check(it->oid < t->noids, "item oid out of range");
			check(it->walk == (k >= h->nscalars), "scalars not before walks");
		}
		for (k = 0; k < i; k++)
			check(strcmp(t->hosts[k].name, h->name) != 0, "duplicate host");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tbl_limits lims[] = {
		{ CONFIG_MAX_HOSTS, CONFIG_MAX_OIDS, CONFIG_OID_MAX_ARCS, ENABLE_IPV6, ENABLE_SNMPV3 },
		{ 2, 3, 8, 0, 0 },
		{ 10000, 1024, 128, 1, 1 },
	};
	const struct tbl_limits *lim;
	struct tbl t;
	char *msg = NULL;
	size_t n = 0;
	FILE *err;
	int rc;

	if (size < 1)
		return 0;
	lim = &lims[data[0] % 3];
	err = open_memstream(&msg, &n);
	check(err != NULL, "open_memstream");
	rc = tbl_parse("fuzz.tbl", (const char *)data + 1, size - 1, lim, &t, err);
	fclose(err);
	check(rc == 0 || rc == -1 || rc == -2, "return code");
	if (rc == -1)
		check_error(msg, n);
	else
		check(n == 0, "message without an error");
	if (rc == 0)
		check_table(&t, lim);
	tbl_free(&t);
	free(msg);
	return 0;
}
