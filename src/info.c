/* SPDX-License-Identifier: MIT */
/* The compiled-in table and configuration, printed.  Never a community. */
#include <stdio.h>

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

int info_hosts(void)
{
	unsigned i, k;

	printf("%-20s %-28s %-4s %8s %7s  %s\n", "NAME", "ADDRESS", "VER", "TIMEOUT", "RETRIES", "OIDS");
	for (i = 0; i < table_nhosts; i++) {
		const struct table_host *h = &table_hosts[i];

		printf("%-20s %-28s %-4s %6ums %7u ", h->name, h->address,
		       h->version == TABLE_V1 ? "1" : "2c", (unsigned)h->timeout_ms, h->retries);
		for (k = 0; k < h->nitems; k++)
			print_item(&table_items[h->first_item + k]);
		putchar('\n');
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
	printf("CONFIG_IPV6=%s\nCONFIG_ARENA=%s\nCONFIG_PROMETHEUS=%s\nCONFIG_CGI=%s\n"
	       "CONFIG_STATUS_JSON=%s\nCONFIG_VALUE_AVG=%d\n",
	       ENABLE_IPV6 ? "y" : "n", ENABLE_ARENA ? "y" : "n",
	       ENABLE_PROMETHEUS ? "y" : "n", ENABLE_CGI ? "y" : "n",
	       ENABLE_STATUS_JSON ? "y" : "n", CONFIG_VALUE_AVG);
	printf("CONFIG_STATE_DIR=%s\nCONFIG_USER=%s\n", CONFIG_STATE_DIR, CONFIG_USER);
	printf("shared memory: %zu bytes\n", shm_total_size());
	return fflush(stdout) ? 1 : 0;
}
