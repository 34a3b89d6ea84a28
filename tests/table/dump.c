/* SPDX-License-Identifier: MIT */
/* Prints a generated host table (table.h) in a stable text form, so the
 * table tests can compare what tblc produced with what they expect. */
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>

#include "mib.h"
#include "table.h"

static void print_community(const char *s)
{
	fputs(" community=[", stdout);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	putchar(']');
}

static void print_host(const struct table_host *h)
{
	char a[INET6_ADDRSTRLEN];
	int af = h->family == TABLE_AF_INET6 ? AF_INET6 : AF_INET;

	inet_ntop(af, h->addr, a, sizeof(a));
	printf("host %s %s ip=%s port=%u v%s retries=%u timeout=%lu",
	       h->name, h->address, a, h->port,
	       h->version == TABLE_V1 ? "1" : "2c", h->retries,
	       (unsigned long)h->timeout_ms);
	print_community(h->community);
	printf(" items=%u scalars=%u nvals=%u%s\n", h->nitems, h->nscalars,
	       h->nvals, h->ifaces ? " interfaces" : "");
}

static void print_item(const struct table_item *it)
{
	char name[256], oid[512];

	mib_format_name(table_arcs + it->arc_off, it->arc_len, name,
			sizeof(name));
	mib_format_oid(table_arcs + it->arc_off, it->arc_len, oid,
		       sizeof(oid));
	printf("  %s%s %s\n", it->walk ? "walk:" : "", name, oid);
}

int main(void)
{
	unsigned i, j;

	printf("source %s hosts %u\n", table_source, table_nhosts);
	for (i = 0; i < table_nhosts; i++) {
		const struct table_host *h = &table_hosts[i];

		print_host(h);
		for (j = 0; j < h->nitems; j++)
			print_item(&table_items[h->first_item + j]);
	}
	return 0;
}
