/* SPDX-License-Identifier: MIT */
/* The interface view's shared-memory region.  See ifr.h. */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <string.h>

#include "ifr.h"
#include "table.h"

#define READ_TRIES 2000

unsigned ifr_capacity(unsigned i)
{
	return table_hosts[i].ifaces ? CONFIG_MAX_IFACES : 0;
}

size_t ifr_record_size(unsigned i)
{
	size_t n = sizeof(struct ifr_host) + ifr_capacity(i) * sizeof(struct ifr_iface);

	return (n + 7) & ~(size_t)7;
}

static size_t header_size(void)
{
	size_t n = sizeof(struct ifr_hdr) + table_nhosts * sizeof(uint32_t);

	return (n + 7) & ~(size_t)7;
}

size_t ifr_total_size(void)
{
	size_t n = header_size();
	unsigned i;

	for (i = 0; i < table_nhosts; i++)
		n += ifr_record_size(i);
	return n;
}

/* The section's place is computed (shm.c), and shm_attach has checked
 * the file's length against it. */
static struct ifr_hdr *locate(const struct shm_map *m)
{
	return m->size >= shm_total_size() ? shm_section(m, SHM_SECT_IFACES) : NULL;
}

static void init_host(struct ifr_host *h, unsigned cap)
{
	unsigned k, f;

	for (k = 0; k < IFR_HIST; k++)
		h->rtt_ms[k] = NAN;
	for (f = 0; f < cap; f++)
		for (k = 0; k < IFR_HIST; k++) {
			h->ifaces[f].hist_in[k] = NAN;
			h->ifaces[f].hist_out[k] = NAN;
		}
}

void ifr_init(const struct shm_map *m)
{
	struct ifr_hdr *r = locate(m);
	size_t off = header_size();
	unsigned i;

	if (!r)
		return;
	r->nhosts = table_nhosts;
	r->max_ifaces = CONFIG_MAX_IFACES;
	r->history = CONFIG_HISTORY;
	r->iface_size = sizeof(struct ifr_iface);
	r->host_size = sizeof(struct ifr_host);
	r->size = ifr_total_size();
	for (i = 0; i < table_nhosts; i++) {
		r->off[i] = (uint32_t)off;
		init_host(ifr_host(r, i), ifr_capacity(i));
		off += ifr_record_size(i);
	}
	r->layout = IFR_LAYOUT;
	__atomic_store_n(&r->magic, IFR_MAGIC, __ATOMIC_RELEASE);
}

struct ifr_hdr *ifr_region(const struct shm_map *m)
{
	struct ifr_hdr *r = locate(m);
	size_t off = header_size();
	unsigned i;

	if (!r || r->magic != IFR_MAGIC || r->layout != IFR_LAYOUT ||
	    r->nhosts != table_nhosts || r->max_ifaces != CONFIG_MAX_IFACES ||
	    r->history != CONFIG_HISTORY || r->iface_size != sizeof(struct ifr_iface) ||
	    r->host_size != sizeof(struct ifr_host) || r->size != ifr_total_size())
		return NULL;
	/* The offsets are this build's, so every part lies inside. */
	for (i = 0; i < table_nhosts; i++) {
		if (r->off[i] != off)
			return NULL;
		off += ifr_record_size(i);
	}
	return r;
}

struct ifr_host *ifr_host(struct ifr_hdr *r, unsigned i)
{
	return (struct ifr_host *)((char *)r + r->off[i]);
}

static uint8_t clamp_len(uint8_t n)
{
	return n > IFR_STR ? IFR_STR : n;
}

static void make_safe(struct ifr_host *h, unsigned cap)
{
	unsigned f;

	if (h->n > cap)
		h->n = (uint16_t)cap;
	for (f = 0; f < h->n; f++) {
		struct ifr_iface *x = &h->ifaces[f];

		x->name_len = clamp_len(x->name_len);
		x->descr_len = clamp_len(x->descr_len);
		x->alias_len = clamp_len(x->alias_len);
	}
}

int ifr_read(struct ifr_hdr *r, unsigned i, struct ifr_host *out)
{
	const struct ifr_host *h = ifr_host(r, i);
	unsigned cap = ifr_capacity(i);
	size_t n = sizeof(*h) + cap * sizeof(struct ifr_iface);
	uint32_t s1, s2;
	int tries;

	for (tries = 0; tries < READ_TRIES; tries++) {
		s1 = __atomic_load_n(&h->seq, __ATOMIC_ACQUIRE);
		if (!(s1 & 1)) {
			memcpy(out, h, n);
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			s2 = __atomic_load_n(&h->seq, __ATOMIC_RELAXED);
			if (s1 == s2) {
				make_safe(out, cap);
				return 0;
			}
		}
		if (tries > 16)
			sched_yield();
	}
	errno = EAGAIN;
	return -1;
}

void ifr_write_begin(struct ifr_host *h)
{
	__atomic_store_n(&h->seq, h->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

void ifr_write_end(struct ifr_host *h)
{
	__atomic_store_n(&h->seq, h->seq + 1, __ATOMIC_RELEASE);
}

void ifr_repair(struct ifr_hdr *r, unsigned i)
{
	struct ifr_host *h = ifr_host(r, i);

	if (!(h->seq & 1))
		return;
	h->n = 0;
	h->sample_ms = 0;
	ifr_write_end(h);
}

const char *ifr_oper_name(unsigned v)
{
	static const char *const names[] = {
		NULL, "up", "down", "testing", "unknown", "dormant", "notPresent",
		"lowerLayerDown",
	};

	return v < sizeof(names) / sizeof(names[0]) ? names[v] : NULL;
}

const char *ifr_label(const struct ifr_iface *x, size_t *n)
{
	if ((x->have & IFR_H_NAME) && x->name_len) {
		*n = x->name_len;
		return x->name;
	}
	*n = x->descr_len;
	return x->descr;
}
