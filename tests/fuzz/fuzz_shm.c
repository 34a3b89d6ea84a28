/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the readers of snmpoll.shm (`status`, the CGI, rpcd)
 * against a damaged or foreign file.
 *
 * At start-up the harness builds a valid file for tests/fuzz/pdu.tbl
 * (every host answered: scalars, walked rows with suffixes, strings,
 * counters with rates) through the writers' own functions and keeps its
 * bytes.  Each input is then either a whole file (first byte even) or a
 * list of patches over the valid image (first byte odd: 3-byte offset,
 * 1-byte length, that many bytes; an offset past the end truncates the
 * file there), so most inputs get past the header checks and exercise
 * the record and value validation.  The file is attached like `status`
 * does and written out as JSON (which must stay valid JSON), Prometheus
 * and text.  ASan/UBSan report any read outside what was validated.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "status.h"
#include "jsoncheck.h"
#include "shm.h"
#include "table.h"

static struct {
	char dir[64];
	char path[128];
	uint8_t *base, *img;
	size_t size;
	union {
		struct shm_host h;
		uint64_t align;
		unsigned char b[SHM_RECORD_MAX];
	} rec;
} fz;

static void die(const char *what)
{
	perror(what);
	abort();
}

static void fill_host(unsigned i)
{
	const struct table_host *t = &table_hosts[i];
	static const uint32_t sfx[] = { 2, 7 };
	unsigned j, n = 0;

	shm_rec_init(&fz.rec.h, i);
	fz.rec.h.status = SHM_OK;
	fz.rec.h.last_ok = fz.rec.h.last_poll = 1764100000;
	fz.rec.h.rtt_us = 1234;
	for (j = 0; j < t->nscalars; j++, n++)
		if (j % 2)
			shm_rec_set(&fz.rec.h, i, n, j, SHM_T_OCTETS, 0, NULL, 0, "eth0 \xc3\xa9", 7, 0);
		else if (shm_rec_set(&fz.rec.h, i, n, j, SHM_T_COUNTER64, 99, NULL, 0, NULL, 0, 0) == 0)
			shm_rec_rate(&fz.rec.h, i, n, 12.5);
	for (j = t->nscalars; j < t->nitems && n + 1 < t->nvals; j++, n += 2) {
		shm_rec_set(&fz.rec.h, i, n, j, SHM_T_OID, 0, sfx, 1, "1.3.6.1", 7, 0);
		shm_rec_set(&fz.rec.h, i, n + 1, j, SHM_T_COUNTER32, 7, sfx, 2, NULL, 0, 0);
	}
	fz.rec.h.nvalues = (uint16_t)n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct shm_map m;
	unsigned i;

	(void)argc;
	(void)argv;
	snprintf(fz.dir, sizeof(fz.dir), "/tmp/snmpoll-fuzzshm.XXXXXX");
	if (!mkdtemp(fz.dir) || shm_create(fz.dir, &m) < 0)
		die("shm_create");
	for (i = 0; i < table_nhosts; i++) {
		fill_host(i);
		shm_publish(shm_host(&m, i), &fz.rec.h, i);
	}
	m.hdr->cycles = 3;
	fz.size = m.size;
	fz.base = malloc(fz.size);
	fz.img = malloc(fz.size);
	if (!fz.base || !fz.img)
		die("malloc");
	memcpy(fz.base, m.hdr, fz.size);
	shm_detach(&m);
	snprintf(fz.path, sizeof(fz.path), "%s/" SHM_FILE, fz.dir);
	return 0;
}

/* The file this input stands for, in fz.img: its length. */
static size_t make_image(const uint8_t *p, size_t n)
{
	size_t len = fz.size;

	if (!(p[0] & 1)) {
		len = n - 1 < fz.size ? n - 1 : fz.size;
		memcpy(fz.img, p + 1, len);
		return len;
	}
	memcpy(fz.img, fz.base, fz.size);
	for (p++, n--; n >= 4;) {
		size_t off = (size_t)p[0] << 16 | (size_t)p[1] << 8 | p[2], k = p[3];

		p += 4;
		n -= 4;
		if (k > n)
			k = n;
		if (off >= len) {	/* past the end: truncate */
			len = off % (len + 1);
			continue;
		}
		if (k > len - off)
			k = len - off;
		memcpy(fz.img + off, p, k);
		p += k;
		n -= k;
	}
	return len;
}

static void write_file(size_t len)
{
	int fd = open(fz.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || write(fd, fz.img, len) != (ssize_t)len || close(fd) < 0)
		die("write image");
}

static void export_all(const struct shm_map *m)
{
	char *doc = NULL;
	size_t doc_len = 0;
	FILE *f = open_memstream(&doc, &doc_len);
	FILE *null = fopen("/dev/null", "w");

	if (!f || !null)
		die("open output");
	if (status_write(f, EXPORT_JSON, m, 1764100000) < 0)
		abort();
	fclose(f);
	if (jsoncheck(doc, doc_len) < 0) {
		fprintf(stderr, "invalid JSON document:\n%.*s\n", (int)doc_len, doc);
		abort();
	}
	free(doc);
	if (status_write(null, EXPORT_PROM, m, 1764100000) < 0 ||
	    status_write(null, EXPORT_TEXT, m, 1764100000) < 0)
		abort();
	fclose(null);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shm_map m;

	if (size < 1)
		return 0;
	write_file(make_image(data, size));
	if (shm_attach(fz.dir, &m) < 0)
		return 0;
	export_all(&m);
	shm_detach(&m);
	return 0;
}
