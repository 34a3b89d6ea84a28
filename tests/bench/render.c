/* SPDX-License-Identifier: MIT */
/* render DIR [N]: the status.json renderer alone.  Fills DIR/snmpoll.shm
 * for the compiled table (every host answered, values of the bench's ten
 * OIDs: strings, an OID, TimeTicks, an INTEGER, two counters with rates)
 * and times N renderings of the JSON document to /dev/null.  Prints
 * "render: US us per document, NS ns per value". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "status.h"
#include "shm.h"
#include "table.h"

static union {
	struct shm_host h;
	uint64_t align;
	unsigned char b[SHM_RECORD_MAX];
} rec;

static void fill_value(unsigned i, unsigned j)
{
	char text[64];
	int n;

	switch (j % 10) {
	case 1:
		n = snprintf(text, sizeof(text), "1.3.6.1.4.1.8072.3.2.10");
		shm_rec_set(&rec.h, i, j, j, SHM_T_OID, 0, NULL, 0, text, (size_t)n, 0);
		break;
	case 2:
		shm_rec_set(&rec.h, i, j, j, SHM_T_TIMETICKS, 123456789, NULL, 0, NULL, 0, 0);
		break;
	case 6:
		shm_rec_set(&rec.h, i, j, j, SHM_T_INTEGER, 4, NULL, 0, NULL, 0, 0);
		break;
	case 8:
	case 9:
		shm_rec_set(&rec.h, i, j, j, SHM_T_COUNTER32, 3000000000u + i, NULL, 0, NULL, 0, 0);
		shm_rec_rate(&rec.h, i, j, 1234.5 + i);
		break;
	default:
		n = snprintf(text, sizeof(text), "Linux host%u 5.10.0 #1 SMP", i);
		shm_rec_set(&rec.h, i, j, j, SHM_T_OCTETS, 0, NULL, 0, text, (size_t)n, 0);
	}
}

static void fill(struct shm_map *m)
{
	unsigned i, j;

	for (i = 0; i < table_nhosts; i++) {
		shm_rec_init(&rec.h, i);
		rec.h.status = SHM_OK;
		rec.h.rtt_us = 250;
		rec.h.last_poll = rec.h.last_ok = 1764100000;
		for (j = 0; j < table_hosts[i].nscalars; j++)
			fill_value(i, j);
		shm_publish(shm_host(m, i), &rec.h, i);
	}
}

int main(int argc, char **argv)
{
	struct shm_map m;
	struct timespec a, b;
	unsigned i, values = 0;
	int n = argc > 2 ? atoi(argv[2]) : 50, k;
	FILE *f = fopen("/dev/null", "w");
	double us;

	if (argc < 2 || !f || shm_create(argv[1], &m) < 0) {
		perror("render");
		return 1;
	}
	fill(&m);
	for (i = 0; i < table_nhosts; i++)
		values += table_hosts[i].nscalars;
	status_write(f, EXPORT_JSON, &m, 0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	for (k = 0; k < n; k++)
		status_write(f, EXPORT_JSON, &m, 0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	us = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / 1e3 / n;
	printf("render: %.0f us per document, %.0f ns per value\n", us,
	       values ? us * 1000 / values : 0);
	return 0;
}
