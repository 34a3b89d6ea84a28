/* SPDX-License-Identifier: MIT */
/* Unit test of mib.c: name lookup and OID formatting.  Prints one line
 * per failed check and exits non-zero if any failed. */
#include <stdio.h>
#include <string.h>

#include "mib.h"

static int failed;

#define OID(...) (const uint32_t[]){ __VA_ARGS__ }, \
	sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t)

static void name_is(const uint32_t *oid, unsigned len, const char *want)
{
	char buf[256];
	int n = mib_format_name(oid, len, buf, sizeof(buf));

	if (n != (int)strlen(want) || strcmp(buf, want)) {
		printf("mib_format_name: got '%s' (%d), want '%s'\n", buf, n,
		       want);
		failed = 1;
	}
}

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("failed: %s\n", what);
		failed = 1;
	}
}

static void test_names(void)
{
	name_is(OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 3), "ifDescr.3");
	name_is(OID(1, 3, 6, 1, 2, 1, 1, 1, 0), "sysDescr.0");
	name_is(OID(1, 3, 6, 1, 2, 1, 2, 2), "ifTable");
	name_is(OID(1, 3, 6, 1, 2, 1, 2, 2, 1), "ifEntry");
	name_is(OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 99, 1), "ifEntry.99.1");
	name_is(OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 2), "ifHCInOctets.2");
	name_is(OID(1, 3, 6, 1, 2, 1, 25, 3, 3, 1, 2, 196608),
		"hrProcessorLoad.196608");
	name_is(OID(1, 3, 6, 1, 4, 1, 2021, 10, 1, 3, 1), "laLoad.1");
	name_is(OID(1, 3, 6, 1, 4, 1, 99999, 1, 0), "1.3.6.1.4.1.99999.1.0");
	name_is(OID(1, 3, 6, 1, 2, 1, 2), "interfaces");
	name_is(OID(1, 3, 6, 1, 2, 1), "1.3.6.1.2.1");
	name_is(OID(4294967295u, 0), "4294967295.0");
	name_is(OID(1, 3, 6, 1, 2, 1, 1, 5, 0, 4294967295u),
		"sysName.0.4294967295");
	name_is(NULL, 0, "");
}

static void test_bounds(void)
{
	uint32_t big[128];
	char buf[2048], small[8];
	unsigned i;

	for (i = 0; i < 128; i++)
		big[i] = 4294967295u;
	check(mib_format_oid(big, 128, buf, sizeof(buf)) == 128 * 11 - 1,
	      "128 arcs of 4294967295");
	check(mib_format_name(OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 3), small,
			      sizeof(small)) == -1, "overflow returns -1");
	check(!strcmp(small, "ifDescr"), "overflow keeps a terminated prefix");
	check(mib_format_oid(OID(1, 3, 6), small, 3) == -1 &&
	      !strcmp(small, "1."), "numeric overflow");
	check(mib_format_oid(OID(1, 3), small, 4) == 3 &&
	      !strcmp(small, "1.3"), "exact fit");
	check(mib_format_oid(OID(1, 3), small, 0) == -1, "size 0");
}

static void test_lookup(void)
{
	const struct mib_name *m = mib_lookup("ifHCOutOctets", 13);

	check(m && m->len == 11 && m->arcs[10] == 10, "lookup ifHCOutOctets");
	check(mib_lookup("ifDescr.3", 7) != NULL, "lookup takes n chars");
	check(mib_lookup("ifDesc", 6) == NULL, "no prefix match");
	check(mib_lookup("ifDescrX", 8) == NULL, "no longer match");
	check(mib_lookup("", 0) == NULL, "empty name");
	check(mib_nnames >= 60, "table has the documented names");
}

int main(void)
{
	test_names();
	test_bounds();
	test_lookup();
	return failed;
}
