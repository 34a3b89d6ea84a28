/* SPDX-License-Identifier: MIT */
/* Shared memory: the results, one file in the state dir mapped shared.
 *
 * Layout: struct shm_hdr, then one struct shm_host record per table host at
 * hdr->off[i].  A record's size depends on its value slots (table nvals).
 * The supervisor creates and sizes the file at start-up; workers write
 * host records; readers (status, CGI, the status.json writer) map it
 * read-only and copy a record out under its sequence counter, so they
 * never block a worker and never see a half-written record.
 *
 * Writer protocol (one writer per record at a time, the worker that
 * claimed the host): seq becomes odd, the body is written, seq becomes
 * even.  Readers retry while seq is odd or changed under them.
 */
#ifndef SNMPOLL_SHM_H
#define SNMPOLL_SHM_H

#include <stdint.h>
#include <stddef.h>

#define SHM_MAGIC	0x4c4f5053u	/* "SPOL" */
#define SHM_LAYOUT	1
#define SHM_FILE	"snmpoll.shm"
#define SHM_MAX_WORKERS	16

enum shm_status {
	SHM_PENDING = 0,	/* not polled yet */
	SHM_OK,
	SHM_TIMEOUT,
	SHM_ERROR,
	SHM_BACKOFF,		/* skipped this cycle after repeated failures */
};

/* Value types: ASN.1 tags as net-snmp names them. */
enum shm_type {
	SHM_T_INTEGER = 0x02,
	SHM_T_OCTETS = 0x04,
	SHM_T_NULL = 0x05,
	SHM_T_OID = 0x06,
	SHM_T_IPADDR = 0x40,
	SHM_T_COUNTER32 = 0x41,
	SHM_T_GAUGE32 = 0x42,
	SHM_T_TIMETICKS = 0x43,
	SHM_T_OPAQUE = 0x44,
	SHM_T_COUNTER64 = 0x46,
	SHM_T_NOSUCHOBJECT = 0x80,
	SHM_T_NOSUCHINSTANCE = 0x81,
	SHM_T_ENDOFMIBVIEW = 0x82,
};

/* shm_value.flags */
#define SHM_V_RATE	0x01	/* rate is known (else null); counters only */
#define SHM_V_CUT	0x02	/* value was longer than VALUE_LEN */

struct shm_value {
	uint8_t type;		/* enum shm_type */
	uint8_t flags;
	uint8_t oid_len;
	uint8_t pad;
	uint16_t len;		/* bytes used in val[] */
	uint16_t pad2;
	uint64_t num;		/* INTEGER (int64 two's complement), Counter32,
				   Gauge32, TimeTicks, Counter64 */
	double rate;		/* per second; valid if SHM_V_RATE */
	uint32_t oid[CONFIG_OID_MAX_ARCS];
	uint8_t val[CONFIG_VALUE_LEN];	/* OCTET STRING / Opaque raw bytes;
					   IpAddress 4 raw bytes; OBJECT
					   IDENTIFIER as dotted text */
};

struct shm_host {
	uint32_t seq;		/* odd while being written */
	uint32_t gen;		/* cycle generation of the last write */
	uint8_t status;		/* enum shm_status */
	uint8_t truncated;	/* a walk stopped at MAX_OIDS */
	uint16_t nvalues;
	uint32_t failures;	/* consecutive failed polls */
	uint32_t rtt_us;	/* of the last answer; valid if last_ok */
	uint32_t uptime;	/* agent sysUpTime at last sample */
	int64_t last_poll;	/* unix seconds, 0 = never */
	int64_t last_ok;	/* unix seconds, 0 = never answered */
	int64_t sample_ms;	/* monotonic ms of the last sample, for rates */
	uint16_t skip;		/* backoff: cycles left to skip */
	uint16_t backoff;	/* backoff: current period */
	uint32_t owner;		/* not seqlocked: (gen16 << 16) | worker+1 of the
				   claim, for the supervisor's repair */
	char error[64];		/* NUL-terminated; empty = none */
	struct shm_value values[];	/* table_hosts[i].nvals slots */
};

struct shm_worker {
	int32_t pid;		/* 0 = not running */
	uint32_t beat;		/* monotonic seconds, refreshed by the worker */
	uint32_t starts;	/* times forked */
	uint32_t crashes;	/* deaths by signal or non-zero exit */
	uint32_t hosts;		/* hosts polled, total */
	uint64_t requests;	/* PDUs sent, total */
	uint64_t answers;	/* PDUs answered, total */
};

struct shm_hdr {
	uint32_t magic;
	uint32_t layout;
	uint32_t table_hash;	/* must match the reader's compiled table */
	uint32_t nhosts;
	uint64_t size;		/* bytes mapped */
	uint32_t value_size;	/* sizeof(struct shm_value) */
	uint32_t workers;
	uint32_t interval_s;
	int32_t supervisor_pid;
	/* Cycle state.  Written by the supervisor except where noted. */
	uint32_t gen;		/* current cycle generation (1, 2, ...) */
	uint32_t claim;		/* atomic: (gen16 << 16) | next host to claim */
	uint32_t done;		/* atomic: (gen16 << 16) | hosts finished */
	uint32_t running;	/* 1 while a cycle is in progress */
	uint64_t cycles;	/* completed cycles */
	int64_t cycle_start;	/* unix ms of the last cycle's start */
	int64_t cycle_end;	/* unix ms of the last completed cycle's end */
	uint32_t cycle_ms;	/* duration of the last completed cycle */
	uint32_t pad;
	struct shm_worker worker[SHM_MAX_WORKERS];
	uint32_t off[];		/* nhosts record offsets from the start */
};

/* A mapping of the file: read-only for readers, read-write for the daemon. */
struct shm_map {
	struct shm_hdr *hdr;
	size_t size;
	int fd;
};

/* Bytes of host i's record. */
size_t shm_record_size(unsigned i);
/* Bytes of the largest record any table can have (MAX_OIDS values): the
 * size of a private copy buffer. */
#define SHM_RECORD_MAX (sizeof(struct shm_host) + CONFIG_MAX_OIDS * sizeof(struct shm_value))
/* Bytes of the whole file for the compiled table. */
size_t shm_total_size(void);

/* Daemon: create snmpoll.shm in the state dir dirfd (replacing whatever
 * is at the name) sized for the compiled table with every page committed
 * (ENOSPC now rather than SIGBUS later), initialise it, map it shared.
 * 0 or -1 with errno.  shm_create() does the same by path (tests). */
int shm_create_at(int dirfd, struct shm_map *m);
int shm_create(const char *dir, struct shm_map *m);

/* Readers: map dir/snmpoll.shm read-only and check magic, layout and that
 * it was made by this build's table.  0, or -1 with errno (ENOENT: no
 * daemon state; EPROTO: made by another build). */
int shm_attach(const char *dir, struct shm_map *m);
void shm_detach(struct shm_map *m);

static inline struct shm_host *shm_host(const struct shm_map *m, unsigned i)
{
	return (struct shm_host *)((char *)m->hdr + m->hdr->off[i]);
}

/* Copy host i's record into out (shm_record_size(i) bytes) under its
 * sequence counter.  0, or -1 with errno EAGAIN if it stayed busy (its
 * writer died mid-write: the supervisor repairs that record). */
int shm_read_host(const struct shm_map *m, unsigned i, struct shm_host *out);

/* Cycle work distribution.  hdr->claim and hdr->done carry the low 16
 * bits of the cycle generation, so a late worker can never claim or count
 * a host in a cycle other than the one it saw. */
void shm_cycle_begin(struct shm_hdr *h);
/* Claim the next host of the current cycle: 1 with *host and *gen set, or
 * 0 when every host is taken. */
int shm_claim(struct shm_hdr *h, unsigned *host, uint16_t *gen);
/* Take every host of the current cycle not claimed yet (no worker can
 * claim them afterwards): the index of the first, nhosts if none. */
unsigned shm_claim_rest(struct shm_hdr *h);
/* Count one host of cycle gen as finished.  1 if that was the last one
 * (the cycle is complete), 0 otherwise or if gen is no longer current. */
int shm_done(struct shm_hdr *h, uint16_t gen);
/* Hosts finished in the current cycle. */
unsigned shm_done_count(const struct shm_hdr *h);

/* The same for the record's header only (status, times, counts). */
int shm_read_header(const struct shm_map *m, unsigned i, struct shm_host *out);

/* Writers: bracket an update of host i's record. */
void shm_write_begin(struct shm_host *h);
void shm_write_end(struct shm_host *h);

#endif
