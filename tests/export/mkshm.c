/* SPDX-License-Identifier: MIT */
/* mkshm DIR: create DIR/snmpoll.shm for the table of tests/export/hosts.tbl
 * and fill it with known records: every value type, hostile device strings,
 * a host that never answered, one still pending, and a record left busy
 * (odd sequence) as if its writer had died mid-write.  check.py holds the
 * outputs these records must produce; keep the two in step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shm.h"
#include "table.h"

#define T0 1764100000

struct val {
	const char *oid;
	uint8_t type;
	const char *bytes;
	size_t len;
	uint64_t num;
	uint8_t flags;
	double rate;
};

#define S(s)	s, sizeof(s) - 1
#define NONE	NULL, 0
#define ARC5	".4294967295"

static const struct val good_vals[] = {
	{ "1.3.6.1.2.1.1.1.0", SHM_T_OCTETS,
	  S("Linux gw 6.6 \"quoted\" back\\slash\ttab\r\nnewline"), 0, 0, 0 },
	{ "1.3.6.1.2.1.1.2.0", SHM_T_OID, S("1.3.6.1.4.1.8072.3.2.10"), 0, 0, 0 },
	{ "1.3.6.1.2.1.1.3.0", SHM_T_TIMETICKS, NONE, 123456, 0, 0 },
	{ "1.3.6.1.2.1.1.5.0", SHM_T_OCTETS,
	  S("</script><img src=x onerror=\"document.title='pwned';"
	    "document.body.appendChild(document.createElement('pwned'))\">"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.1", SHM_T_OCTETS, S("eth\x01\x1b[31m"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.2", SHM_T_OCTETS, S("\xff\xfe abc"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.3", SHM_T_OCTETS, S("\xc0\xaf"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.4", SHM_T_OCTETS, S("\xed\xa0\x80"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.5", SHM_T_OCTETS,
	  S("Gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 \xe2\x80\xa8"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.6", SHM_T_OCTETS, S("a\x7f" "b"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.7", SHM_T_OCTETS, S("c1 \xc2\x85 control"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.8", SHM_T_OCTETS, S("ab\0cd"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.9", SHM_T_OCTETS, S(""), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.10", SHM_T_OCTETS,
	  S("x\"} 1\nsnmpoll_up{host=\"evil\"} 1\n# TYPE fake gauge\n&amp; <b>b</b>"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.2.11", SHM_T_OCTETS, NULL, 0, 0, SHM_V_CUT, 0 },	/* long, cut */
	{ "1.3.6.1.2.1.2.2.1.3.1", SHM_T_INTEGER, NONE, 6, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.3.2", SHM_T_INTEGER, NONE, (uint64_t)-2147483648LL, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.4.1", SHM_T_INTEGER, NONE, 1500, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.5.1", SHM_T_GAUGE32, NONE, 4294967295u, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.6.1", SHM_T_OCTETS, S("\x00\x1a\x2b\x3c\x4d\x5e"), 0, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.10.1", SHM_T_COUNTER32, NONE, 4294967295u, SHM_V_RATE, 1250.5 },
	{ "1.3.6.1.2.1.2.2.1.10.2", SHM_T_COUNTER32, NONE, 5, 0, 0 },
	{ "1.3.6.1.2.1.2.2.1.16.1", SHM_T_COUNTER32, NONE, 0, SHM_V_RATE, 0.0 },
	{ "1.3.6.1.2.1.31.1.1.1.6.2", SHM_T_COUNTER64, NONE, 18446744073709551615u,
	  SHM_V_RATE, 1250.5 },
	{ "1.3.6.1.2.1.31.1.1.1.10.2", SHM_T_COUNTER64, NONE, 0, 0, 0 },
	{ "1.3.6.1.4.1.99999.1.0", SHM_T_OPAQUE, S("\x9f\x78\x04"), 0, 0, 0 },
	{ "1.3.6.1.4.1.99999.2.0", SHM_T_IPADDR, S("\x0a\x00\x00\x01"), 0, 0, 0 },
	{ "1.3.6.1.4.1.99999.3.0", SHM_T_NOSUCHOBJECT, NONE, 0, 0, 0 },
	{ "1.3.6.1.4.1.99999.4.0", SHM_T_NOSUCHINSTANCE, NONE, 0, 0, 0 },
	{ "1.3.6.1.4.1.99999.5.0", SHM_T_ENDOFMIBVIEW, NONE, 0, 0, 0 },
	/* Longest OID (cut to OID_MAX_ARCS) and longest hex: VALUE_LEN bytes. */
	{ "1.3.6.1.4.1.99999" ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5
	  ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5 ARC5, SHM_T_GAUGE32, NONE, 1, 0, 0 },
	{ "1.3.6.1.4.1.99999.6.0", SHM_T_OPAQUE, NULL, 0, 0, 0, 0 },	/* long */
};

static const struct val old_vals[] = {
	{ "1.3.6.1.2.1.1.1.0", SHM_T_OCTETS, S("old box"), 0, 0, 0 },
};

/* Slots of records that must never be shown (busy, never answered). */
static const struct val secret_vals[] = {
	{ "1.3.6.1.2.1.1.1.0", SHM_T_OCTETS, S("HIDDEN-VALUE"), 0, 0, 0 },
};

static unsigned parse_oid(const char *s, uint32_t *arcs)
{
	unsigned n = 0;
	char *end;

	while (*s && n < CONFIG_OID_MAX_ARCS) {
		arcs[n++] = (uint32_t)strtoul(s, &end, 10);
		s = *end == '.' ? end + 1 : end;
	}
	return n;
}

/* The host's item answering oid: its scalar, else the walk root it
 * falls under; the suffix after that root in sfx. */
static unsigned item_of(unsigned i, const uint32_t *arcs, unsigned n, unsigned *nsfx)
{
	const struct table_host *t = &table_hosts[i];
	unsigned k;

	for (k = 0; k < t->nitems; k++) {
		const struct table_item *it = &table_items[t->first_item + k];
		int walk = k >= t->nscalars;

		if ((walk ? n <= it->arc_len : n != it->arc_len) ||
		    memcmp(arcs, &table_arcs[it->arc_off], it->arc_len * 4))
			continue;
		*nsfx = n - it->arc_len;
		return k;
	}
	fprintf(stderr, "mkshm: host %s has no item for a value\n", t->name);
	exit(1);
}

/* VALUE_LEN bytes.  The cut string's last byte starts a 2-byte UTF-8
 * character, as a worker leaves a longer string it had to cut. */
static void long_value(uint8_t type, uint8_t *buf)
{
	memset(buf, type == SHM_T_OPAQUE ? 0xab : 'L', CONFIG_VALUE_LEN);
	if (type == SHM_T_OCTETS)
		buf[CONFIG_VALUE_LEN - 1] = 0xc3;
}

static void put_vals(struct shm_host *r, unsigned i, const struct val *vs, unsigned n)
{
	uint8_t buf[CONFIG_VALUE_LEN];
	uint32_t arcs[CONFIG_OID_MAX_ARCS];
	unsigned j, len, item, nsfx;

	if (n > table_hosts[i].nvals) {
		fprintf(stderr, "mkshm: %u values do not fit %u slots\n", n, table_hosts[i].nvals);
		exit(1);
	}
	for (j = 0; j < n; j++) {
		const void *bytes = vs[j].bytes;
		size_t blen = vs[j].len;

		len = parse_oid(vs[j].oid, arcs);
		item = item_of(i, arcs, len, &nsfx);
		if (!bytes && (vs[j].type == SHM_T_OCTETS || vs[j].type == SHM_T_OPAQUE)) {
			long_value(vs[j].type, buf);
			bytes = buf;
			blen = CONFIG_VALUE_LEN;
		}
		if (shm_rec_set(r, i, j, item, vs[j].type, vs[j].num, arcs + len - nsfx, nsfx,
				bytes, blen, vs[j].flags & ~SHM_V_RATE) < 0) {
			fprintf(stderr, "mkshm: value %u of %s does not fit\n", j, table_hosts[i].name);
			exit(1);
		}
		if (vs[j].flags & SHM_V_RATE)
			shm_rec_rate(r, i, j, vs[j].rate);
	}
	r->nvalues = (uint16_t)n;
}

static int find(const char *name)
{
	unsigned i;

	for (i = 0; i < table_nhosts; i++)
		if (strcmp(table_hosts[i].name, name) == 0)
			return (int)i;
	fprintf(stderr, "mkshm: host %s not in the table\n", name);
	exit(1);
}

/* Records are built in a private buffer, then copied in as a worker
 * publishes them. */
static union {
	struct shm_host h;
	uint64_t align;
	unsigned char b[SHM_RECORD_MAX];
} rec;

static struct shm_host *begin(const char *name, unsigned *host)
{
	*host = (unsigned)find(name);
	memset(&rec, 0, sizeof(rec));
	return &rec.h;
}

#define NV(a)	(sizeof(a) / sizeof((a)[0]))

/* Damage tests (t_corrupt.sh) want every other record clean: then the
 * busy one is published whole. */
static int clean;

static void fill(struct shm_map *m)
{
	struct shm_host *h, *live;
	unsigned i;

	h = begin("good", &i);
	h->status = SHM_OK;
	h->truncated = 1;
	h->rtt_us = 3200;
	h->last_poll = h->last_ok = T0;
	put_vals(h, i, good_vals, NV(good_vals));
	shm_publish(shm_host(m, i), h, i);

	h = begin("dead", &i);
	h->status = SHM_TIMEOUT;
	h->failures = 7;
	h->rtt_us = 999;
	h->last_poll = T0;
	strcpy(h->error, "timeout");
	put_vals(h, i, secret_vals, NV(secret_vals));
	shm_publish(shm_host(m, i), h, i);

	h = begin("old", &i);
	h->status = SHM_ERROR;
	h->failures = 2;
	h->rtt_us = 12345;
	h->last_poll = T0;
	h->last_ok = T0 - 1000;
	strcpy(h->error, "bad \xff\x01 \"x\" </script>\n");
	put_vals(h, i, old_vals, NV(old_vals));
	shm_publish(shm_host(m, i), h, i);

	/* Left odd: a writer that died mid-write. */
	h = begin("busy", &i);
	h->status = SHM_OK;
	h->last_poll = h->last_ok = T0;
	put_vals(h, i, secret_vals, NV(secret_vals));
	shm_publish(shm_host(m, i), h, i);
	live = shm_host(m, i);
	if (!clean)
		shm_write_begin(live);
}

/* Damage for t_corrupt.sh, as a crash, a bug or a hostile local user
 * could leave the file: the readers must refuse it or show the record as
 * damaged, never crash. */
static int damage(struct shm_map *m, const char *what)
{
	struct shm_host *h = shm_host(m, (unsigned)find("good"));
	struct shm_val *v = shm_vals(h);

	if (!strcmp(what, "sect"))
		m->hdr->sect[0].off += 8;		/* a bad section offset */
	else if (!strcmp(what, "size"))
		m->hdr->size += 4096;
	else if (!strcmp(what, "nhosts"))
		m->hdr->nhosts = 0xffffffffu;
	else if (!strcmp(what, "nvalues"))
		h->nvalues = 0xffff;			/* a huge count */
	else if (!strcmp(what, "used"))
		h->used = 0x7fffffffu;
	else if (!strcmp(what, "valoff"))
		v[1].off = 0x7fffff00u;			/* a bad value offset */
	else if (!strcmp(what, "vallen"))
		v[0].num = 0xffffffffffffull;		/* sysDescr.0's length */
	else if (!strcmp(what, "item"))
		v[0].item = 0xfff0;
	else if (!strcmp(what, "type"))
		v[2].type = 0x99;
	else if (!strcmp(what, "oddseq"))
		h->seq |= 1;				/* busy for ever */
	else
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct shm_map m;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: mkshm DIR [DAMAGE]\n");
		return 2;
	}
	if (shm_create(argv[1], &m) < 0) {
		perror("mkshm: shm_create");
		return 1;
	}
	m.hdr->workers = 2;
	m.hdr->interval_s = 60;
	m.hdr->gen = 17;
	m.hdr->cycles = 17;
	m.hdr->cycle_ms = 142;
	m.hdr->cycle_start = (int64_t)T0 * 1000 - 142;
	m.hdr->cycle_end = (int64_t)T0 * 1000;
	clean = argc == 3;
	fill(&m);
	if (argc == 3 && damage(&m, argv[2]) < 0) {
		fprintf(stderr, "mkshm: unknown damage %s\n", argv[2]);
		return 2;
	}
	shm_detach(&m);
	return 0;
}
