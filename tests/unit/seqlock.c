/* SPDX-License-Identifier: MIT */
/* Unit test of the shared-memory record protocol: a writer process
 * rewrites one host record with a pattern (every value byte = generation)
 * thousands of times a second through the daemon's read-write mapping while
 * the reader copies it with shm_read_host() through a reader's read-only
 * mapping (shm_attach), as the status command and the CGI do: no copy may
 * ever mix two generations, the reader must see the generations move on,
 * and a reader that wrote to the mapping would die of SIGSEGV.  Also: the
 * claim/done counters hand out every host exactly once and refuse a stale
 * generation. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shm.h"
#include "table.h"

static int fails;

#define CHECK(c, ...) do { if (!(c)) { fails++; printf("not ok - " __VA_ARGS__); putchar('\n'); } \
	else { printf("ok - " __VA_ARGS__); putchar('\n'); } } while (0)

static void writer(struct shm_map *m, unsigned i)
{
	struct shm_host *h = shm_host(m, i);
	struct shm_rec_layout l;
	size_t body;
	unsigned g;

	shm_rec_layout(i, &l);
	body = l.data + l.dcap - offsetof(struct shm_host, gen);
	for (g = 1;; g++) {
		shm_write_begin(h);
		memset(&h->gen, (int)(g & 0xff), body);
		h->nvalues = table_hosts[i].nvals;	/* readers copy them all */
		h->used = l.dcap;
		shm_write_end(h);
		/* A real worker writes a record once per cycle; rewriting it
		 * with no pause at all would only starve the reader. */
		if (g % 4 == 0)
			usleep(50);
	}
}

/* Every byte from gen to the end of the data area is the same, but for
 * nvalues and used (which the writer sets to the record's capacity). */
static int uniform(const struct shm_host *r, size_t size)
{
	const unsigned char *p = (const unsigned char *)&r->gen;
	size_t n = size - offsetof(struct shm_host, gen), k;
	size_t nv = offsetof(struct shm_host, nvalues) - offsetof(struct shm_host, gen);
	size_t us = offsetof(struct shm_host, used) - offsetof(struct shm_host, gen);

	for (k = 1; k < n; k++)
		if (p[k] != p[0] && (k < nv || k >= nv + sizeof(r->nvalues)) &&
		    (k < us || k >= us + sizeof(r->used)))
			return 0;
	return 1;
}

/* The reader stops after this many copies and generation changes, or after
 * LIMIT_S seconds on a machine too loaded to get there (no timing bound:
 * the limit is only a safety net, the counts are the assertion). */
#define WANT_READS 2000
#define WANT_CHANGES 100
#define LIMIT_S 60

static void test_torn(struct shm_map *writer_map, const struct shm_map *reader)
{
	static uint64_t buf[65536];
	struct shm_host *r = (struct shm_host *)buf;
	unsigned long reads = 0, torn = 0, busy = 0, changes = 0;
	unsigned char last = 0;
	time_t end = time(NULL) + LIMIT_S;
	struct shm_rec_layout l;
	pid_t pid = fork();

	if (pid == 0) {
		/* Do not outlive a reader that crashed. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(0);
		writer(writer_map, 0);
	}
	while ((reads < WANT_READS || changes < WANT_CHANGES) && time(NULL) < end) {
		if (shm_read_host(reader, 0, r) < 0) {
			busy++;
			continue;
		}
		reads++;
		shm_rec_layout(0, &l);
		if (!uniform(r, l.data + l.dcap))
			torn++;
		if (*(unsigned char *)&r->gen != last) {
			last = *(unsigned char *)&r->gen;
			changes++;
		}
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("# %lu reads, %lu busy, %lu torn, %lu generation changes\n", reads, busy, torn, changes);
	CHECK(reads >= WANT_READS, "reader got %lu copies while the writer ran flat out", reads);
	CHECK(changes >= WANT_CHANGES, "reader saw the writer's generations move on (%lu)", changes);
	CHECK(torn == 0, "no torn record in %lu reads", reads);
}

static void test_claims(struct shm_map *m)
{
	static unsigned char seen[CONFIG_MAX_HOSTS];
	struct shm_hdr *h = m->hdr;
	unsigned host, n = 0, bad = 0, last = 0, k;
	uint16_t gen, old;

	shm_cycle_begin(h);
	old = (uint16_t)h->gen;
	while (shm_claim(h, &host, &gen) && n <= table_nhosts) {
		if (host >= table_nhosts || seen[host]++)
			bad++;
		n++;
		last = shm_done(h, gen);
	}
	for (k = 0; k < table_nhosts; k++)
		if (seen[k] != 1)
			bad++;
	CHECK(n == table_nhosts && bad == 0, "every host claimed once (%u claims, %u wrong)", n, bad);
	CHECK(last == 1, "the last done completes the cycle");
	CHECK(shm_done_count(h) == table_nhosts, "done count is the host count");
	shm_cycle_begin(h);
	CHECK(shm_done(h, old) == 0 && shm_done_count(h) == 0, "a stale generation is not counted");
}

int main(void)
{
	char dir[] = "/tmp/snmpoll-seqlock.XXXXXX";
	struct shm_map m, r;

	if (!mkdtemp(dir) || shm_create(dir, &m) < 0) {
		perror("shm_create");
		return 1;
	}
	CHECK(shm_attach(dir, &r) == 0, "a reader attaches read-only");
	test_torn(&m, &r);
	test_claims(&m);
	shm_detach(&r);
	{
		char path[600];
		snprintf(path, sizeof(path), "%s/" SHM_FILE, dir);
		unlink(path);
		rmdir(dir);
	}
	return fails ? 1 : 0;
}
