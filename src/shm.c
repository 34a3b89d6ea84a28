/* SPDX-License-Identifier: MIT */
/* Shared memory file: creation, attachment, seqlock reads and writes.
 * See shm.h for the layout and the protocol. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shm.h"
#include "table.h"

#define READ_TRIES 2000

size_t shm_record_size(unsigned i)
{
	size_t n = sizeof(struct shm_host) +
		   table_hosts[i].nvals * sizeof(struct shm_value);
	return (n + 7) & ~(size_t)7;
}

static size_t header_size(void)
{
	size_t n = sizeof(struct shm_hdr) + table_nhosts * sizeof(uint32_t);
	return (n + 63) & ~(size_t)63;
}

size_t shm_total_size(void)
{
	size_t n = header_size();
	unsigned i;

	for (i = 0; i < table_nhosts; i++)
		n += shm_record_size(i);
	return n;
}

static void init_header(struct shm_hdr *h, size_t size)
{
	size_t off = header_size();
	unsigned i;

	h->magic = SHM_MAGIC;
	h->layout = SHM_LAYOUT;
	h->table_hash = table_hash;
	h->nhosts = table_nhosts;
	h->size = size;
	h->value_size = sizeof(struct shm_value);
	for (i = 0; i < table_nhosts; i++) {
		h->off[i] = (uint32_t)off;
		off += shm_record_size(i);
	}
}

/* Commit every page now: on a sparse file a full tmpfs would be a SIGBUS
 * in a worker's first write to a page, in the middle of a record. */
static int commit_pages(int fd, size_t size)
{
	static const char zero[4096];
	size_t off;
	int e = posix_fallocate(fd, 0, (off_t)size);

	if (e != EOPNOTSUPP && e != ENOSYS && e != EINVAL)
		return e ? (errno = e, -1) : 0;
	for (off = 0; off < size; off += sizeof(zero)) {	/* no fallocate here */
		size_t n = size - off < sizeof(zero) ? size - off : sizeof(zero);
		if (pwrite(fd, zero, n, (off_t)off) != (ssize_t)n)
			return errno = errno ? errno : ENOSPC, -1;
	}
	return 0;
}

int shm_create_at(int dirfd, struct shm_map *m)
{
	size_t size = shm_total_size();
	void *p;
	int fd;

	/* Whatever is at the name (a planted FIFO, a symlink, the last
	 * run's file) goes; ours is new. */
	unlinkat(dirfd, SHM_FILE, 0);
	fd = openat(dirfd, SHM_FILE, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) < 0 || commit_pages(fd, size) < 0)
		goto fail;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	m->hdr = p;
	m->size = size;
	m->fd = fd;
	init_header(m->hdr, size);
	return 0;
fail:
	{
		int e = errno;
		close(fd);
		unlinkat(dirfd, SHM_FILE, 0);
		errno = e;
	}
	return -1;
}

int shm_create(const char *dir, struct shm_map *m)
{
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (dirfd < 0)
		return -1;
	r = shm_create_at(dirfd, m);
	close(dirfd);
	return r;
}

static int check_header(const struct shm_hdr *h, size_t size)
{
	if (size < sizeof(*h) || h->magic != SHM_MAGIC || h->layout != SHM_LAYOUT ||
	    h->table_hash != table_hash || h->nhosts != table_nhosts ||
	    h->size != size || h->value_size != sizeof(struct shm_value))
		return -1;
	return 0;
}

int shm_attach(const char *dir, struct shm_map *m)
{
	char path[512];
	struct stat st;
	void *p;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/" SHM_FILE, dir) >= sizeof(path))
		return errno = ENAMETOOLONG, -1;
	/* Never blocked by a FIFO someone put there, never through a link. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(struct shm_hdr))
		goto proto;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		int e = errno;
		close(fd);
		return errno = e, -1;
	}
	if (check_header(p, (size_t)st.st_size) < 0) {
		munmap(p, (size_t)st.st_size);
		goto proto;
	}
	m->hdr = p;
	m->size = (size_t)st.st_size;
	m->fd = fd;
	return 0;
proto:
	close(fd);
	return errno = EPROTO, -1;
}

void shm_detach(struct shm_map *m)
{
	if (m->hdr)
		munmap(m->hdr, m->size);
	if (m->fd >= 0)
		close(m->fd);
	m->hdr = NULL;
	m->fd = -1;
}

/* Copy the header, then only the values in use, all under one sequence
 * read: most records are far from full. */
static void copy_record(struct shm_host *out, const struct shm_host *h, unsigned cap, int values)
{
	unsigned n;

	memcpy(out, h, sizeof(*h));
	if (!values)
		return;
	n = out->nvalues < cap ? out->nvalues : cap;
	memcpy(out->values, h->values, n * sizeof(struct shm_value));
}

static int read_record(const struct shm_map *m, unsigned i, struct shm_host *out, int values)
{
	const struct shm_host *h = shm_host(m, i);
	unsigned cap = table_hosts[i].nvals;
	uint32_t s1, s2;
	int tries;

	for (tries = 0; tries < READ_TRIES; tries++) {
		s1 = __atomic_load_n(&h->seq, __ATOMIC_ACQUIRE);
		if (!(s1 & 1)) {
			copy_record(out, h, cap, values);
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			s2 = __atomic_load_n(&h->seq, __ATOMIC_RELAXED);
			if (s1 == s2) {
				out->seq = s1;
				if (out->nvalues > cap)
					out->nvalues = (uint16_t)cap;
				return 0;
			}
		}
		if (tries > 16)
			sched_yield();
	}
	return errno = EAGAIN, -1;
}

int shm_read_host(const struct shm_map *m, unsigned i, struct shm_host *out)
{
	return read_record(m, i, out, 1);
}

int shm_read_header(const struct shm_map *m, unsigned i, struct shm_host *out)
{
	return read_record(m, i, out, 0);
}

void shm_write_begin(struct shm_host *h)
{
	__atomic_store_n(&h->seq, h->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

void shm_write_end(struct shm_host *h)
{
	__atomic_store_n(&h->seq, h->seq + 1, __ATOMIC_RELEASE);
}

void shm_cycle_begin(struct shm_hdr *h)
{
	uint32_t gen = h->gen + 1;

	if (!(gen & 0xffff))		/* tag 0 is "never": skip it */
		gen++;
	__atomic_store_n(&h->done, (gen & 0xffff) << 16, __ATOMIC_RELAXED);
	__atomic_store_n(&h->gen, gen, __ATOMIC_RELAXED);
	__atomic_store_n(&h->claim, (gen & 0xffff) << 16, __ATOMIC_RELEASE);
}

int shm_claim(struct shm_hdr *h, unsigned *host, uint16_t *gen)
{
	uint32_t c = __atomic_load_n(&h->claim, __ATOMIC_ACQUIRE);

	do {
		if ((c & 0xffff) >= h->nhosts)
			return 0;
	} while (!__atomic_compare_exchange_n(&h->claim, &c, c + 1, 0,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	*host = c & 0xffff;
	*gen = (uint16_t)(c >> 16);
	return 1;
}

unsigned shm_claim_rest(struct shm_hdr *h)
{
	uint32_t c = __atomic_load_n(&h->claim, __ATOMIC_ACQUIRE);

	while ((c & 0xffff) < h->nhosts &&
	       !__atomic_compare_exchange_n(&h->claim, &c, (c & 0xffff0000u) | h->nhosts, 0,
					    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		;
	return (c & 0xffff) < h->nhosts ? c & 0xffff : h->nhosts;
}

int shm_done(struct shm_hdr *h, uint16_t gen)
{
	uint32_t d = __atomic_load_n(&h->done, __ATOMIC_ACQUIRE);

	do {
		if ((d >> 16) != gen || (d & 0xffff) >= h->nhosts)
			return 0;
	} while (!__atomic_compare_exchange_n(&h->done, &d, d + 1, 0,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return (d & 0xffff) + 1 == h->nhosts;
}

unsigned shm_done_count(const struct shm_hdr *h)
{
	return __atomic_load_n(&h->done, __ATOMIC_ACQUIRE) & 0xffff;
}
