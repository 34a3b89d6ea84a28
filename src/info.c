/* SPDX-License-Identifier: MIT */
/* The compiled-in table and configuration, printed.  Never a community,
 * pass phrase or key. */
#include <stdio.h>

#include "fmt.h"
#include "info.h"
#include "mib.h"
#include "shm.h"
#include "table.h"
#include "version.h"

static void print_item(const struct table_item *it)
{
	char name[256];

	mib_format_name(&table_arcs[it->arc_off], it->arc_len, name, sizeof(name));
	printf(" %s%s", it->walk ? "walk:" : "", name);
}

/* A version=3 host's security, on its own line: never a key. */
static void print_usm(const struct table_usm *u)
{
	static const char *const level[] = { "?", "noAuthNoPriv", "authNoPriv", "authPriv" };
	static const char *const auth[] = { "-", "MD5", "SHA" };
	static const char *const priv[] = { "-", "DES", "AES" };

	printf("%-20s user=%s level=%s auth=%s priv=%s context=%s\n", "", u->user,
	       level[u->level & 3], auth[u->auth % 3], priv[u->priv % 3], u->context);
}

int info_hosts(void)
{
	unsigned i, k;

	printf("%-20s %-28s %-4s %8s %7s  %s\n", "NAME", "ADDRESS", "VER", "TIMEOUT", "RETRIES", "OIDS");
	for (i = 0; i < table_nhosts; i++) {
		const struct table_host *h = &table_hosts[i];

		printf("%-20s %-28s %-4s %6ums %7u ", h->name, h->address,
		       fmt_version_name(h->version), (unsigned)h->timeout_ms, h->retries);
		for (k = 0; k < h->nitems; k++)
			print_item(&table_items[h->first_item + k]);
		putchar('\n');
		if (h->usm)
			print_usm(h->usm);
	}
	return fflush(stdout) ? 1 : 0;
}

int info_config(void)
{
	printf("snmpoll %s\n", SNMPOLL_VERSION);
	printf("board: %s\n", CONFIG_BOARD);
	printf("arch: %s\n", CONFIG_ARCH);
	printf("hosts table: %s (%u hosts)\n", table_source, table_nhosts);
	printf("CONFIG_MAX_HOSTS=%d\nCONFIG_MAX_OIDS=%d\nCONFIG_VALUE_LEN=%d\nCONFIG_OID_MAX_ARCS=%d\n",
	       CONFIG_MAX_HOSTS, CONFIG_MAX_OIDS, CONFIG_VALUE_LEN, CONFIG_OID_MAX_ARCS);
	printf("CONFIG_WORKERS=%d\nCONFIG_MAX_INFLIGHT=%d\nCONFIG_PDU_VARBINDS=%d\nCONFIG_WALK_REPETITIONS=%d\n",
	       CONFIG_WORKERS, CONFIG_MAX_INFLIGHT, CONFIG_PDU_VARBINDS, CONFIG_WALK_REPETITIONS);
	printf("CONFIG_INTERVAL=%d\nCONFIG_BACKOFF_AFTER=%d\nCONFIG_BACKOFF_MAX=%d\n",
	       CONFIG_INTERVAL, CONFIG_BACKOFF_AFTER, CONFIG_BACKOFF_MAX);
	printf("CONFIG_SNMPV3=%s\n", ENABLE_SNMPV3 ? "y" : "n");
	printf("CONFIG_IPV6=%s\nCONFIG_ARENA=%s\nCONFIG_PROMETHEUS=%s\nCONFIG_CGI=%s\n"
	       "CONFIG_STATUS_JSON=%s\nCONFIG_VALUE_AVG=%d\n",
	       ENABLE_IPV6 ? "y" : "n", ENABLE_ARENA ? "y" : "n",
	       ENABLE_PROMETHEUS ? "y" : "n", ENABLE_CGI ? "y" : "n",
	       ENABLE_STATUS_JSON ? "y" : "n", CONFIG_VALUE_AVG);
	printf("CONFIG_STATE_DIR=%s\nCONFIG_USER=%s\n", CONFIG_STATE_DIR, CONFIG_USER);
	printf("shared memory: %zu bytes\n", shm_total_size());
	return fflush(stdout) ? 1 : 0;
}
