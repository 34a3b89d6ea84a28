/* SPDX-License-Identifier: MIT */
/* Shared memory file: layout, creation, attachment, validated snapshots,
 * record writing and the seqlock.  See shm.h for the layout and the
 * protocol. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ifr.h"
#include "shm.h"
#include "table.h"

#define READ_TRIES 2000

/* Records stay 8-byte aligned, a value costs 16 bytes, the header keeps
 * the records aligned.  C99 has no _Static_assert: a negative array size
 * fails the build instead. */
typedef char shm_layout_check[(sizeof(struct shm_host) % 8 == 0 &&
	sizeof(struct shm_val) == 16 && sizeof(struct shm_hdr) % 8 == 0) ? 1 : -1];

/* ---- layout --------------------------------------------------------------- */

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

void shm_rec_layout(unsigned i, struct shm_rec_layout *l)
{
	uint32_t cap = table_hosts[i].nvals;

	l->cap = cap;
	l->data = (uint32_t)(sizeof(struct shm_host) + cap * sizeof(struct shm_val));
	/* A table scalar gets room for a whole VALUE_LEN string and a rate,
	 * or only the rate if it is an instance of a built-in integer object
	 * (sysUpTime.0, ifInOctets.3; sroom, summed by tblc): there are few
	 * and each is asked for by name, so none is cut short.  Walked rows
	 * share the average, plus room for one longest row with its suffix. */
	{
		uint32_t ns = table_hosts[i].nscalars < cap ? table_hosts[i].nscalars : cap;

		l->dcap = cap ? (uint32_t)(table_hosts[i].sroom +
					   (cap - ns) * CONFIG_VALUE_AVG +
					   (cap > ns ? SHM_EXTRA_MAX : 0)) : 0;
	}
	l->size = (uint32_t)align8(l->data + l->dcap);
}

size_t shm_record_size(unsigned i)
{
	struct shm_rec_layout l;

	shm_rec_layout(i, &l);
	return l.size;
}

size_t shm_record_max(void)
{
	size_t n = 0;
	unsigned i;

	for (i = 0; i < table_nhosts; i++)
		if (shm_record_size(i) > n)
			n = shm_record_size(i);
	return n;
}

/* Record offsets, computed once from the table: readers never follow an
 * offset stored in the file. */
static struct {
	int done;
	struct shm_sect sect[SHM_NSECT];
	uint32_t off[CONFIG_MAX_HOSTS];
} lay;

/* Section sizes; a later view adds its function here. */
static size_t hosts_size(void)
{
	size_t n = 0;
	unsigned i;

	for (i = 0; i < table_nhosts; i++) {
		lay.off[i] = (uint32_t)(sizeof(struct shm_hdr) + n);
		n += shm_record_size(i);
	}
	return n;
}

static size_t (*const sect_size[SHM_NSECT])(void) = {
	[SHM_SECT_HOSTS] = hosts_size,
	[SHM_SECT_IFACES] = ifr_total_size,
};

static void layout(void)
{
	uint64_t off = sizeof(struct shm_hdr);
	unsigned s;

	if (lay.done)
		return;
	for (s = 0; s < SHM_NSECT; s++) {
		lay.sect[s].off = off;
		lay.sect[s].size = sect_size[s] ? sect_size[s]() : 0;
		off += align8(lay.sect[s].size);
	}
	lay.done = 1;
}

size_t shm_total_size(void)
{
	layout();
	return lay.sect[SHM_NSECT - 1].off + align8(lay.sect[SHM_NSECT - 1].size);
}

void *shm_section(const struct shm_map *m, unsigned s)
{
	layout();
	return (char *)m->hdr + lay.sect[s].off;
}

struct shm_host *shm_host(const struct shm_map *m, unsigned i)
{
	layout();
	return (struct shm_host *)(void *)((char *)m->hdr + lay.off[i]);
}

/* ---- the file ---------------------------------------------------------------- */

static void init_header(struct shm_hdr *h, size_t size)
{
	layout();
	h->magic = SHM_MAGIC;
	h->layout = SHM_LAYOUT;
	h->table_hash = table_hash;
	h->nhosts = table_nhosts;
	h->size = size;
	h->hdr_size = sizeof(struct shm_hdr);
	h->rec_hdr = sizeof(struct shm_host);
	h->val_size = sizeof(struct shm_val);
	h->value_len = CONFIG_VALUE_LEN;
	h->value_avg = CONFIG_VALUE_AVG;
	h->oid_max_arcs = CONFIG_OID_MAX_ARCS;
	memcpy(h->sect, lay.sect, sizeof(h->sect));
}

/* Commit every page now: on a sparse file a full tmpfs would be a SIGBUS
 * in a worker's first write to a page, in the middle of a record. */
static int commit_pages(int fd, size_t size)
{
	static const char zero[4096];
	size_t off;
	int e = posix_fallocate(fd, 0, (off_t)size);

	if (e != EOPNOTSUPP && e != ENOSYS && e != EINVAL) {
		errno = e;
		return e ? -1 : 0;
	}
	for (off = 0; off < size; off += sizeof(zero)) {	/* no fallocate here */
		size_t n = size - off < sizeof(zero) ? size - off : sizeof(zero);
		if (pwrite(fd, zero, n, (off_t)off) != (ssize_t)n) {
			if (!errno)
				errno = ENOSPC;
			return -1;
		}
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
	ifr_init(m);
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

static const char *attach_why;

const char *shm_attach_error(void)
{
	return attach_why ? attach_why : "damaged";
}

/* The header of a file of size bytes, against the layout of this build. */
static const char *check_header(const struct shm_hdr *h, size_t size)
{
	if (size < sizeof(*h))
		return "shorter than its header (truncated?)";
	if (h->magic != SHM_MAGIC)
		return "not a snmpoll shared-memory file (bad magic)";
	if (h->layout != SHM_LAYOUT)
		return "another layout version (made by another build of snmpoll)";
	if (h->table_hash != table_hash || h->nhosts != table_nhosts)
		return "made for another host table (another build of snmpoll)";
	if (h->hdr_size != sizeof(*h) || h->rec_hdr != sizeof(struct shm_host) ||
	    h->val_size != sizeof(struct shm_val) || h->value_len != CONFIG_VALUE_LEN ||
	    h->value_avg != CONFIG_VALUE_AVG || h->oid_max_arcs != CONFIG_OID_MAX_ARCS)
		return "made with other sizes (another build of snmpoll)";
	if (memcmp(h->sect, lay.sect, sizeof(lay.sect)) != 0)
		return "section table does not match this build's layout";
	if (h->size != size || size != shm_total_size())
		return "size does not match its layout (truncated or damaged)";
	if (h->workers > SHM_MAX_WORKERS)
		return "damaged header (worker count)";
	return NULL;
}

int shm_attach(const char *dir, struct shm_map *m)
{
	char path[512];
	struct stat st;
	void *p;
	int fd;

	layout();
	attach_why = NULL;
	if ((size_t)snprintf(path, sizeof(path), "%s/" SHM_FILE, dir) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		attach_why = "not a regular file";
		goto proto;
	}
	if ((size_t)st.st_size < sizeof(struct shm_hdr)) {
		attach_why = "shorter than its header (truncated?)";
		goto proto;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	attach_why = check_header(p, (size_t)st.st_size);
	if (attach_why) {
		munmap(p, (size_t)st.st_size);
		goto proto;
	}
	m->hdr = p;
	m->size = (size_t)st.st_size;
	m->fd = fd;
	return 0;
proto:
	close(fd);
	errno = EPROTO;
	return -1;
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

/* ---- values ------------------------------------------------------------------ */

static int is_counter(uint8_t type)
{
	return type == SHM_T_COUNTER32 || type == SHM_T_COUNTER64;
}

static int has_bytes(uint8_t type)
{
	return type == SHM_T_OCTETS || type == SHM_T_OID || type == SHM_T_IPADDR ||
	       type == SHM_T_OPAQUE;
}

int shm_known_type(unsigned type)
{
	switch (type) {
	case SHM_T_INTEGER: case SHM_T_OCTETS: case SHM_T_NULL: case SHM_T_OID:
	case SHM_T_IPADDR: case SHM_T_COUNTER32: case SHM_T_GAUGE32: case SHM_T_TIMETICKS:
	case SHM_T_OPAQUE: case SHM_T_COUNTER64: case SHM_T_NOSUCHOBJECT:
	case SHM_T_NOSUCHINSTANCE: case SHM_T_ENDOFMIBVIEW:
		return 1;
	}
	return 0;
}

static const struct table_item *host_item(unsigned i, unsigned item)
{
	return &table_items[table_hosts[i].first_item + item];
}

int shm_item_walk(unsigned i, unsigned item)
{
	return item >= table_hosts[i].nscalars;
}

void shm_value(const struct shm_host *h, unsigned i, unsigned j, struct shm_value *v)
{
	struct shm_rec_layout l;
	const struct shm_val *s = &shm_vals(h)[j];
	const uint8_t *p;

	shm_rec_layout(i, &l);
	p = shm_data(h, &l) + s->off;
	v->type = s->type;
	v->flags = s->flags;
	v->item = s->item;
	v->num = s->num;
	v->rate = 0;
	v->nsfx = 0;
	v->bytes = NULL;
	v->len = 0;
	if (is_counter(s->type)) {
		memcpy(&v->rate, p, sizeof(v->rate));
		p += sizeof(v->rate);
	}
	if (shm_item_walk(i, s->item)) {
		v->nsfx = *p++;
		memcpy(v->sfx, p, v->nsfx * sizeof(uint32_t));
		p += v->nsfx * sizeof(uint32_t);
	}
	if (has_bytes(s->type)) {
		v->bytes = p;
		v->len = (size_t)s->num;
	}
}

unsigned shm_value_oid(unsigned i, const struct shm_value *v, uint32_t *arcs)
{
	const struct table_item *it = host_item(i, v->item);

	memcpy(arcs, &table_arcs[it->arc_off], it->arc_len * sizeof(uint32_t));
	memcpy(arcs + it->arc_len, v->sfx, v->nsfx * sizeof(uint32_t));
	return it->arc_len + v->nsfx;
}

/* Value j's extra bytes lie inside the used data, its item is the
 * host's, its type known, its lengths within their limits. */
static int value_ok(const struct shm_host *h, unsigned i, const struct shm_rec_layout *l,
		    const struct shm_val *s)
{
	const struct table_host *t = &table_hosts[i];
	uint64_t end = s->off;
	const uint8_t *d = shm_data(h, l);

	if (s->item >= t->nitems || !shm_known_type(s->type) || s->off > h->used)
		return 0;
	if (is_counter(s->type))
		end += 8;
	if (shm_item_walk(i, s->item)) {
		if (end + 1 > h->used || !d[end] ||
		    d[end] + host_item(i, s->item)->arc_len > CONFIG_OID_MAX_ARCS)
			return 0;
		end += 1 + 4u * d[end];
	}
	if (has_bytes(s->type)) {
		if (s->num > CONFIG_VALUE_LEN)
			return 0;
		end += s->num;
	}
	return end <= h->used;
}

static int record_ok(const struct shm_host *h, unsigned i, const struct shm_rec_layout *l)
{
	unsigned j;

	if (h->nvalues > l->cap || h->used > l->dcap || h->status > SHM_BACKOFF)
		return 0;
	for (j = 0; j < h->nvalues; j++)
		if (!value_ok(h, i, l, &shm_vals(h)[j]))
			return 0;
	return 1;
}

/* ---- reading ------------------------------------------------------------------ */

/* Copy the header, then only the values and data in use, all under one
 * sequence read: most records are far from full. */
static void copy_record(struct shm_host *out, const struct shm_host *h,
			const struct shm_rec_layout *l, int values)
{
	unsigned n;
	uint32_t used;

	memcpy(out, h, sizeof(*h));
	if (!values)
		return;
	n = out->nvalues < l->cap ? out->nvalues : l->cap;
	used = out->used < l->dcap ? out->used : l->dcap;
	memcpy(shm_vals(out), shm_vals(h), n * sizeof(struct shm_val));
	memcpy(shm_data(out, l), shm_data(h, l), used);
}

static int read_record(const struct shm_map *m, unsigned i, struct shm_host *out, int values)
{
	const struct shm_host *h = shm_host(m, i);
	struct shm_rec_layout l;
	uint32_t s1, s2;
	int tries;

	shm_rec_layout(i, &l);
	for (tries = 0; tries < READ_TRIES; tries++) {
		s1 = __atomic_load_n(&h->seq, __ATOMIC_ACQUIRE);
		if (!(s1 & 1)) {
			copy_record(out, h, &l, values);
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			s2 = __atomic_load_n(&h->seq, __ATOMIC_RELAXED);
			if (s1 == s2) {
				out->seq = s1;
				return 0;
			}
		}
		if (tries > 16)
			sched_yield();
	}
	errno = EAGAIN;
	return -1;
}

int shm_read_header(const struct shm_map *m, unsigned i, struct shm_host *out)
{
	return read_record(m, i, out, 0);
}

int shm_read_host(const struct shm_map *m, unsigned i, struct shm_host *out)
{
	return read_record(m, i, out, 1);
}

static void mark_bad(struct shm_host *h, const char *why)
{
	memset(h, 0, sizeof(*h));
	h->status = SHM_ERROR;
	snprintf(h->error, sizeof(h->error), "%s", why);
}

const struct shm_host *shm_snapshot(const struct shm_map *m, unsigned i, int *bad)
{
	static union {
		struct shm_host h;
		uint64_t align;
		unsigned char b[SHM_RECORD_MAX];
	} rec;
	struct shm_rec_layout l;

	shm_rec_layout(i, &l);
	if (l.size > sizeof(rec) || shm_read_host(m, i, &rec.h) < 0) {
		mark_bad(&rec.h, "record busy");
	} else if (!record_ok(&rec.h, i, &l)) {
		mark_bad(&rec.h, "record damaged");
	} else {
		rec.h.error[sizeof(rec.h.error) - 1] = '\0';
		return &rec.h;
	}
	if (bad)
		*bad = 1;
	return &rec.h;
}

/* ---- writing ------------------------------------------------------------------ */

void shm_rec_init(struct shm_host *r, unsigned i)
{
	const struct table_host *t = &table_hosts[i];
	struct shm_val *v = shm_vals(r);
	unsigned s;

	memset(r, 0, sizeof(*r));
	/* Scalars keep their table slots; one never answered stays
	 * noSuchObject rather than garbage. */
	for (s = 0; s < t->nscalars; s++) {
		memset(&v[s], 0, sizeof(v[s]));
		v[s].item = (uint16_t)s;
		v[s].type = SHM_T_NOSUCHOBJECT;
	}
	r->nvalues = t->nscalars;
	r->pending = t->nscalars;
}

int shm_rec_set(struct shm_host *r, unsigned i, unsigned j, unsigned item, uint8_t type,
		uint64_t num, const uint32_t *sfx, unsigned nsfx, const void *bytes, size_t len,
		uint8_t flags)
{
	struct shm_rec_layout l;
	struct shm_val *v = &shm_vals(r)[j];
	size_t fixed = (is_counter(type) ? 8 : 0) + (shm_item_walk(i, item) ? 1 + 4 * nsfx : 0);
	size_t room;
	uint8_t *p;
	int scalar = !shm_item_walk(i, item);

	shm_rec_layout(i, &l);
	if (scalar && r->pending)
		r->pending--;
	/* A counter scalar still to come needs at most 8 bytes. */
	room = l.dcap - r->used;
	if (scalar && room >= 8 * (size_t)r->pending)
		room -= 8 * (size_t)r->pending;
	if (j >= l.cap || fixed > room)
		return -1;
	if (!has_bytes(type))
		len = 0;
	if (len > CONFIG_VALUE_LEN || len > room - fixed) {
		len = len > CONFIG_VALUE_LEN ? CONFIG_VALUE_LEN : len;
		len = len > room - fixed ? room - fixed : len;
		flags |= SHM_V_CUT;
	}
	p = shm_data(r, &l) + r->used;
	v->off = r->used;
	v->item = (uint16_t)item;
	v->type = type;
	v->flags = flags;
	v->num = has_bytes(type) ? len : num;
	if (is_counter(type)) {
		memset(p, 0, 8);
		p += 8;
	}
	if (!scalar) {
		*p++ = (uint8_t)nsfx;
		memcpy(p, sfx, nsfx * sizeof(uint32_t));
		p += nsfx * sizeof(uint32_t);
	}
	if (len)
		memcpy(p, bytes, len);
	r->used += (uint32_t)(fixed + len);
	return 0;
}

void shm_rec_rate(struct shm_host *r, unsigned i, unsigned j, double rate)
{
	struct shm_rec_layout l;
	struct shm_val *v = &shm_vals(r)[j];

	shm_rec_layout(i, &l);
	memcpy(shm_data(r, &l) + v->off, &rate, sizeof(rate));
	v->flags |= SHM_V_RATE;
}

size_t shm_rec_used(const struct shm_host *r, unsigned i)
{
	struct shm_rec_layout l;

	shm_rec_layout(i, &l);
	return l.data + r->used;
}

void shm_publish(struct shm_host *live, const struct shm_host *r, unsigned i)
{
	struct shm_rec_layout l;

	shm_rec_layout(i, &l);
	shm_write_begin(live);
	memcpy((char *)live + sizeof(live->seq), (const char *)r + sizeof(r->seq),
	       sizeof(*r) - sizeof(r->seq));
	memcpy(shm_vals(live), shm_vals(r), r->nvalues * sizeof(struct shm_val));
	memcpy(shm_data(live, &l), shm_data(r, &l), r->used);
	shm_write_end(live);
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
