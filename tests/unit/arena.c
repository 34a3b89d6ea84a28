/* SPDX-License-Identifier: MIT */
/* Unit test of the fixed allocator (CONFIG_ARENA): blocks are reused, the
 * region does not grow in a steady alloc/free churn like net-snmp's, a
 * realloc keeps the data, and exhaustion is ENOMEM, not a crash. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static int fails;

#define CHECK(c, ...) do { if (!(c)) { fails++; printf("not ok - " __VA_ARGS__); putchar('\n'); } \
	else { printf("ok - " __VA_ARGS__); putchar('\n'); } } while (0)

static void churn(void)
{
	static const size_t sizes[] = { 24, 100, 300, 1500, 65536, 17, 4000 };
	void *p[7];
	unsigned i, k;

	for (k = 0; k < 1000; k++) {
		for (i = 0; i < 7; i++)
			memset(p[i] = malloc(sizes[i]), 0xab, sizes[i]);
		for (i = 0; i < 7; i++)
			free(p[i]);
	}
}

int main(void)
{
	struct arena_stats a, b;
	char *s, *t;
	void *big[4096];
	unsigned n;

	if (!ENABLE_ARENA) {
		printf("ok - arena compiled out (skipped)\n");
		return 0;
	}
	churn();
	arena_get_stats(&a);
	churn();
	arena_get_stats(&b);
	CHECK(a.used == b.used, "steady churn takes nothing new (%zu bytes)", b.used);
	CHECK(b.live < 4096, "everything freed is back (%zu live)", b.live);
	s = malloc(10);
	strcpy(s, "123456789");
	t = realloc(s, 5000);
	CHECK(t && !strcmp(t, "123456789"), "realloc keeps the data");
	free(t);
	t = calloc(100, 10);
	CHECK(t && t[0] == 0 && t[999] == 0, "calloc zeroes");
	free(t);
	CHECK(calloc(((size_t)-1) / 8, 16) == NULL, "calloc overflow refused");
	for (n = 0; n < 4096; n++)
		if (!(big[n] = malloc(60000)))
			break;
	CHECK(n < 4096 && errno == ENOMEM, "exhaustion is ENOMEM after %u blocks", n);
	while (n)
		free(big[--n]);
	CHECK(malloc(60000) != NULL, "memory is usable again after frees");
	free(NULL);
	return fails ? 1 : 0;
}
