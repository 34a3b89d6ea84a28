/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the whole response path of one host's poll.
 *
 * For each input, a job of snmpoll's engine (src/engine.c) polls a host of
 * tests/fuzz/pdu.tbl over a real loopback UDP session; the harness plays
 * the agent, answering each request with the next datagram of the input.
 * So every byte goes through net-snmp's receive path (snmp_sess_read2:
 * BER parse, community and request matching), the engine's checks
 * (response type, community, names, varbind counts, walks, tooBig and
 * noSuchName handling), value_decode() into a private record, the rates
 * against the previous record, and the JSON, Prometheus and text writers
 * over the shared-memory map.  The JSON document is then checked: it must
 * be valid JSON (valid UTF-8 strings included) whatever the device sent.
 *
 * Input: one byte choosing the host, then up to MAX_DGRAMS datagrams, each
 * as a 2-byte big-endian length and its bytes.  The request id of a
 * datagram shaped like a v1/v2c message with a 4-byte request id is
 * replaced by the id of the request it answers, so the fuzzer reaches past
 * the id check without guessing 31 random bits.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"
#include "status.h"
#include "ifview.h"
#include "jsoncheck.h"
#include "table.h"
#include "value.h"

#define MAX_DGRAMS	8
#define REC_WORDS	((SHM_RECORD_MAX + 7) / 8)

static struct {
	struct shm_map map;
	int agent;
	struct job job;
	uint64_t rec[REC_WORDS];
	uint8_t dgram[65536];
	char *doc;
	size_t doc_len;
} fz;

static void die(const char *what)
{
	perror(what);
	abort();
}

static void setup_agent(void)
{
	const struct table_host *h = &table_hosts[0];
	struct sockaddr_in sa;
	int one = 1;

	/* Every host of pdu.tbl has this address; several fuzzing processes
	 * may bind it at once. */
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(h->port);
	memcpy(&sa.sin_addr, h->addr, 4);
	fz.agent = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fz.agent < 0)
		die("socket");
	setsockopt(fz.agent, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fz.agent, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (bind(fz.agent, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind agent address");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/snmpoll-fuzz.XXXXXX";

	(void)argc;
	(void)argv;
	engine_init();
	ifexport_history(1);
	if (!mkdtemp(dir) || shm_create(dir, &fz.map) < 0)
		die("shm_create");
	/* The mapping stays; the file need not. */
	{
		char p[64];
		snprintf(p, sizeof(p), "%s/" SHM_FILE, dir);
		unlink(p);
		rmdir(dir);
	}
	setup_agent();
	return 0;
}

/* Put id into the request-id field if the datagram is shaped for it. */
static void set_reqid(uint8_t *p, size_t n, int id)
{
	size_t i = 0, k;

	/* SEQUENCE, version INTEGER, community OCTET STRING, PDU, INTEGER */
	for (k = 0; k < 5; k++) {
		size_t len;

		if (i + 2 > n)
			return;
		len = p[i + 1];
		if (len & 0x80) {
			unsigned b = len & 0x7f;
			if (b < 1 || b > 2 || i + 2 + b > n)
				return;
			len = b == 1 ? p[i + 2] : (size_t)p[i + 2] << 8 | p[i + 3];
			i += b;
		}
		i += 2;
		if (k == 4) {
			if (p[i - 2] == 0x02 && len == 4 && i + 4 <= n) {
				p[i] = (uint8_t)(id >> 24);
				p[i + 1] = (uint8_t)(id >> 16);
				p[i + 2] = (uint8_t)(id >> 8);
				p[i + 3] = (uint8_t)id;
			}
			return;
		}
		if (k == 1 || k == 2)
			i += len;	/* skip version, community */
	}
}

/* A BER element: tag, contents [p, p + len), and where the next one starts. */
struct el {
	uint8_t tag;
	const uint8_t *p;
	size_t len;
	const uint8_t *next;
};

static int el_at(const uint8_t *p, const uint8_t *end, struct el *e)
{
	size_t len, b, j;

	if (end - p < 2)
		return -1;
	e->tag = p[0];
	len = p[1];
	p += 2;
	if (len & 0x80) {
		b = len & 0x7f;
		if (b < 1 || b > 4 || (size_t)(end - p) < b)
			return -1;
		for (len = 0, j = 0; j < b; j++)
			len = len << 8 | *p++;
	}
	if (len > (size_t)(end - p))
		return -1;
	e->p = p;
	e->len = len;
	e->next = p + len;
	return 0;
}

static int oid_huge(const struct el *e)
{
	uint64_t v = 0;
	size_t j;

	if (e->tag != 0x06)
		return 0;
	for (j = 0; j < e->len; j++) {
		v = v << 7 | (e->p[j] & 0x7f);
		if (v > 0xffffffffu)
			return 1;
		if (!(e->p[j] & 0x80))
			v = 0;
	}
	return 0;
}

/* Does the message in p[0..n) carry, where net-snmp reads one (a varbind's
 * name or value), an OBJECT IDENTIFIER with a sub-identifier past 2^32-1?
 * Such a datagram must never be accepted: net-snmp 5.9.3 wrapped these
 * silently; engine.c's screen drops them.  Like net-snmp, this reads a
 * message as version, community, PDU; a PDU as id, status, index, varbind
 * list; a varbind as its first two elements. */
static int has_huge_subid(const uint8_t *p, size_t n)
{
	const uint8_t *end = p + n;
	struct el e, name, value;
	int k;

	if (el_at(p, end, &e) < 0)					/* message */
		return 0;
	end = e.next;
	for (p = e.p, k = 0; k < 3; k++, p = e.next)			/* to the PDU */
		if (el_at(p, end, &e) < 0)
			return 0;
	end = e.next;
	for (p = e.p, k = 0; k < 4; k++, p = e.next)			/* to the list */
		if (el_at(p, end, &e) < 0)
			return 0;
	for (p = e.p, end = e.next; el_at(p, end, &e) == 0; p = e.next) {	/* varbinds */
		if (el_at(e.p, e.next, &name) < 0)
			return 0;
		if (oid_huge(&name))
			return 1;
		if (el_at(name.next, e.next, &value) == 0 && oid_huge(&value))
			return 1;
	}
	return 0;
}

static void drain_agent(void)
{
	while (recv(fz.agent, fz.dgram, sizeof(fz.dgram), 0) > 0)
		;
}

/* Send one datagram as the agent's answer to the job's request. */
static void answer(const uint8_t *p, size_t n)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);

	memcpy(fz.dgram, p, n);
	set_reqid(fz.dgram, n, fz.job.reqid);
	if (getsockname(fz.job.fd, (struct sockaddr *)&sa, &len) < 0)
		die("getsockname");
	if (sendto(fz.agent, fz.dgram, n, 0, (struct sockaddr *)&sa, len) < 0 && errno != EMSGSIZE)
		die("sendto");
}

/* The interface view of an interfaces host (rates against the previous
 * input's table, one second apart). */
static void publish_ifaces(unsigned host, int ok)
{
	static int64_t clock_ms;
	struct ifv_result res = { 1, ok, fz.job.rtt_us, fz.job.have_uptime, fz.job.uptime, 0 };
	struct ifr_hdr *r = ifr_region(&fz.map);

	if (!r)
		abort();
	clock_ms += 1000;
	res.now_ms = clock_ms;
	if (fz.job.ifv && fz.job.ifv->n > CONFIG_MAX_IFACES)
		abort();
	ifview_publish(r, host, fz.job.ifv, &res);
}

/* What worker.c's publish does, minus the bookkeeping. */
static void publish(unsigned host)
{
	struct shm_host *live = shm_host(&fz.map, host);
	struct shm_host *r = (struct shm_host *)fz.rec;
	struct shm_rec_layout l;

	r->status = fz.job.state == JOB_DONE ? fz.job.status : SHM_OK;
	if (r->status == SHM_OK) {
		value_rates(r, live, host, 1000, fz.job.have_uptime && fz.job.uptime < live->uptime);
		r->last_ok = 1764100000;
		r->rtt_us = fz.job.rtt_us;
		r->uptime = fz.job.uptime;
	}
	memcpy(r->error, fz.job.error, sizeof(r->error));
	shm_rec_layout(host, &l);
	if (r->nvalues > l.cap || r->used > l.dcap)
		abort();	/* the engine overran the host's slots or area */
	shm_publish(live, r, host);
	publish_ifaces(host, r->status == SHM_OK);
}

static void export_all(void)
{
	FILE *f = open_memstream(&fz.doc, &fz.doc_len);
	FILE *null = fopen("/dev/null", "w");

	if (!f || !null)
		die("open output");
	/* A record the engine wrote always passes the readers' checks. */
	if (status_write(f, EXPORT_JSON, &fz.map, 1764100000) < 0 || status_damaged())
		abort();
	fclose(f);
	if (jsoncheck(fz.doc, fz.doc_len) < 0) {
		fprintf(stderr, "invalid JSON document:\n%.*s\n", (int)fz.doc_len, fz.doc);
		abort();
	}
	free(fz.doc);
	fz.doc = NULL;
	if (status_write(null, EXPORT_PROM, &fz.map, 1764100000) < 0 ||
	    status_write(null, EXPORT_TEXT, &fz.map, 1764100000) < 0)
		abort();
	fclose(null);
}

static struct ifv_walk fz_ifv;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned host, k;
	int64_t now = engine_now_ms();

	if (size < 1)
		return 0;
	host = data[0] % table_nhosts;
	data++;
	size--;
	drain_agent();
	engine_start(&fz.job, host, 1, (struct shm_host *)fz.rec, &fz_ifv, now);
	for (k = 0; k < MAX_DGRAMS && fz.job.state == JOB_WAIT && size >= 2; k++) {
		size_t n = (size_t)data[0] << 8 | data[1];

		data += 2;
		size -= 2;
		if (n > size)
			n = size;
		unsigned before = fz.job.answers;
		int huge = has_huge_subid(data, n);

		answer(data, n);
		data += n;
		size -= n;
		engine_readable(&fz.job);
		if (huge && fz.job.answers != before) {
			fprintf(stderr, "accepted an OID sub-identifier past 2^32-1\n");
			abort();
		}
		if (fz.job.state == JOB_SEND)
			engine_step(&fz.job, now);
	}
	engine_close(&fz.job);
	publish(host);
	export_all();
	return 0;
}
