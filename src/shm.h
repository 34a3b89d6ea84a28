/* SPDX-License-Identifier: MIT */
/* Shared memory: the results, one file in the state dir mapped shared.
 *
 * File layout, every offset computed from the compiled table and Kconfig
 * (never read back from the file):
 *
 *   struct shm_hdr | section 0: host records | section 1 ... (later views)
 *
 * The header records each section's offset and size; a reader computes
 * its own and refuses a file whose header, sizes or length disagree.  A
 * new view (the interface table, histories) is a new section with a size
 * function in shm.c, or a new per-host area in shm_rec_layout().
 *
 * A host record is a header (struct shm_host), then the host's value
 * table (struct shm_val, 16 bytes each: a number in 8 bytes, the item it
 * answers as an index into the compiled table), then its data area: a
 * counter's rate, a walked row's OID suffix under its walk root, string
 * bytes (VALUE_LEN caps one string; the area is sized from the host's
 * items, VALUE_AVG bytes a value plus one longest value).  Writers and
 * readers touch only the values and data bytes in use.
 *
 * Writer protocol (one writer per record at a time, the worker that
 * claimed the host): seq becomes odd, the body is written, seq becomes
 * even.  Readers copy a record out and retry while seq is odd or changed
 * under them, so they never block a worker and never see a half-written
 * record; a reader then validates the copy before using it.
 */
#ifndef SNMPOLL_SHM_H
#define SNMPOLL_SHM_H

#include <stdint.h>
#include <stddef.h>

#define SHM_MAGIC	0x4c4f5053u	/* "SPOL" */
#define SHM_LAYOUT	2
#define SHM_FILE	"snmpoll.shm"
#define SHM_MAX_WORKERS	16
#define SHM_NSECT	4		/* section slots in the header */
#define SHM_SECT_HOSTS	0
#define SHM_SECT_IFACES	1	/* the interface view (ifr.h) */

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

/* 1 if type is one of the above (the SNMPv2-SMI types and exceptions:
 * their values are net-snmp's ASN_* and SNMP_* tags). */
int shm_known_type(unsigned type);

/* shm_val.flags */
#define SHM_V_RATE	0x01	/* rate is known (else null); counters only */
#define SHM_V_CUT	0x02	/* value was longer than VALUE_LEN (or its room) */

/* One value.  Its extra bytes at data[off]: a counter's rate (8 bytes),
 * then for a walked row the suffix (one count byte, then that many 4-byte
 * arcs), then for a byte value (OCTET STRING, Opaque, IpAddress, OBJECT
 * IDENTIFIER as dotted text) its num bytes.  Unaligned: read with memcpy. */
struct shm_val {
	uint64_t num;		/* INTEGER (int64 two's complement), Counter32,
				   Gauge32, TimeTicks, Counter64; a byte
				   value's length */
	uint32_t off;		/* extra bytes in the data area */
	uint16_t item;		/* the host's item: scalar or walk root */
	uint8_t type;		/* enum shm_type */
	uint8_t flags;
};

struct shm_host {
	uint32_t seq;		/* odd while being written */
	uint32_t gen;		/* cycle generation of the last write */
	uint8_t status;		/* enum shm_status */
	uint8_t truncated;	/* a walk stopped at MAX_OIDS or a full area */
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
	uint32_t used;		/* data area bytes in use */
	uint32_t pending;	/* writer only: scalars not stored yet */
	char error[64];		/* NUL-terminated; empty = none */
	/* struct shm_val values[cap]; uint8_t data[dcap]; */
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

struct shm_sect {
	uint64_t off, size;	/* bytes from the start of the file */
};

struct shm_hdr {
	uint32_t magic;
	uint32_t layout;
	uint32_t table_hash;	/* must match the reader's compiled table */
	uint32_t nhosts;
	uint64_t size;		/* bytes of the file */
	uint32_t hdr_size;	/* sizeof(struct shm_hdr) */
	uint32_t rec_hdr;	/* sizeof(struct shm_host) */
	uint32_t val_size;	/* sizeof(struct shm_val) */
	uint32_t value_len;	/* CONFIG_VALUE_LEN */
	uint32_t value_avg;	/* CONFIG_VALUE_AVG */
	uint32_t oid_max_arcs;	/* CONFIG_OID_MAX_ARCS */
	struct shm_sect sect[SHM_NSECT];
	uint32_t workers;
	uint32_t interval_s;
	int32_t supervisor_pid;
	/* Cycle state.  Written by the supervisor except where noted. */
	uint32_t gen;		/* current cycle generation (1, 2, ...) */
	uint32_t claim;		/* atomic: (gen16 << 16) | next host to claim */
	uint32_t done;		/* atomic: (gen16 << 16) | hosts finished */
	uint32_t running;	/* 1 while a cycle is in progress */
	uint32_t pad;
	uint64_t cycles;	/* completed cycles */
	int64_t cycle_start;	/* unix ms of the last cycle's start */
	int64_t cycle_end;	/* unix ms of the last completed cycle's end */
	uint32_t cycle_ms;	/* duration of the last completed cycle */
	uint32_t pad2;
	struct shm_worker worker[SHM_MAX_WORKERS];
};

/* A mapping of the file: read-only for readers, read-write for the daemon. */
struct shm_map {
	struct shm_hdr *hdr;
	size_t size;
	int fd;
};

/* Where host i's parts sit inside its record. */
struct shm_rec_layout {
	uint32_t cap;		/* value slots */
	uint32_t data;		/* offset of the data area */
	uint32_t dcap;		/* its bytes */
	uint32_t size;		/* the whole record, 8-byte aligned */
};

/* Extra bytes of one value: at most a rate, a full suffix, VALUE_LEN. */
#define SHM_EXTRA_MAX	(8 + 1 + 4 * CONFIG_OID_MAX_ARCS + CONFIG_VALUE_LEN)
/* Bytes of the largest record any table can have (MAX_OIDS values): a
 * bound for private copy buffers, touched only as far as a record goes. */
#define SHM_RECORD_MAX	(sizeof(struct shm_host) + CONFIG_MAX_OIDS * \
			 (sizeof(struct shm_val) + CONFIG_VALUE_LEN + 8) + SHM_EXTRA_MAX + 8)

void shm_rec_layout(unsigned i, struct shm_rec_layout *l);
/* Bytes of host i's record, of the largest record of the compiled table,
 * and of the whole file. */
size_t shm_record_size(unsigned i);
size_t shm_record_max(void);
size_t shm_total_size(void);

/* Daemon: create snmpoll.shm in the state dir dirfd (replacing whatever
 * is at the name) sized for the compiled table with every page committed
 * (ENOSPC now rather than SIGBUS later), initialise it, map it shared.
 * 0 or -1 with errno.  shm_create() does the same by path (tests). */
int shm_create_at(int dirfd, struct shm_map *m);
int shm_create(const char *dir, struct shm_map *m);

/* Readers: map dir/snmpoll.shm read-only and check it against the layout
 * this build computes (magic, layout version, every size, the file's
 * length).  0, or -1 with errno (ENOENT: no daemon state; EPROTO: made
 * by another build, or damaged: shm_attach_error() says how). */
int shm_attach(const char *dir, struct shm_map *m);
const char *shm_attach_error(void);
void shm_detach(struct shm_map *m);

/* Section s of the map (computed offset, never read from the file). */
void *shm_section(const struct shm_map *m, unsigned s);

/* Host i's live record (computed offset, never read from the file). */
struct shm_host *shm_host(const struct shm_map *m, unsigned i);

static inline struct shm_val *shm_vals(const struct shm_host *h)
{
	return (struct shm_val *)(void *)((char *)h + sizeof(*h));
}

static inline uint8_t *shm_data(const struct shm_host *h, const struct shm_rec_layout *l)
{
	return (uint8_t *)h + l->data;
}

/* ---- reading: a validated snapshot of one record ----------------------- */

/* Host i's record, copied out under its sequence counter into a static
 * buffer and validated: counts and every value's extra bytes within their
 * bounds, items within the host's, types known, error terminated.  A
 * record that stays busy (its writer died mid-write) comes back as status
 * error, "record busy", never answered, no values; a damaged one the same
 * with "record damaged".  Either sets *bad (if bad is not NULL).  Valid
 * until the next call. */
const struct shm_host *shm_snapshot(const struct shm_map *m, unsigned i, int *bad);

/* One value of a snapshot (or of a record being written), resolved. */
struct shm_value {
	uint8_t type, flags;
	uint16_t item;		/* the host's item */
	uint64_t num;
	double rate;		/* valid if flags & SHM_V_RATE */
	const uint8_t *bytes;	/* byte values: num bytes */
	size_t len;
	unsigned nsfx;		/* suffix arcs (walked rows) */
	uint32_t sfx[CONFIG_OID_MAX_ARCS];
};

/* Value j of host i's record h (a snapshot, or the writer's own).  The
 * record must be one shm_snapshot() returned or one its writer built. */
void shm_value(const struct shm_host *h, unsigned i, unsigned j, struct shm_value *v);
/* Its full OID: the item's arcs, then the suffix.  Returns the length. */
unsigned shm_value_oid(unsigned i, const struct shm_value *v, uint32_t *arcs);
/* 1 if the item is a walk root (its values carry a suffix). */
int shm_item_walk(unsigned i, unsigned item);

/* Host i's record (header, values and data in use, counts clamped to the
 * record's capacity) copied into out (shm_record_size(i) bytes) under its
 * sequence counter, not validated.  0, or -1 with errno EAGAIN if it
 * stayed busy (its writer died mid-write: the supervisor repairs that).
 * shm_read_header: the same for the header alone. */
int shm_read_host(const struct shm_map *m, unsigned i, struct shm_host *out);
int shm_read_header(const struct shm_map *m, unsigned i, struct shm_host *out);

/* ---- writing ------------------------------------------------------------ */

/* An empty record for host i in buf: every scalar noSuchObject. */
void shm_rec_init(struct shm_host *r, unsigned i);
/* Set value slot j of record r (host i) to item, type, num, with its extra
 * bytes: room for a rate if a counter, the suffix sfx[nsfx] for a walked
 * row, and bytes[len] for a byte value, cut to what the area holds (then
 * SHM_V_CUT).  Scalars always keep room for the scalars still to come.
 * 0, or -1 if the fixed part does not fit (a walk then ends). */
int shm_rec_set(struct shm_host *r, unsigned i, unsigned j, unsigned item, uint8_t type,
		uint64_t num, const uint32_t *sfx, unsigned nsfx, const void *bytes, size_t len,
		uint8_t flags);
/* Write value j's rate (a counter stored with room for one). */
void shm_rec_rate(struct shm_host *r, unsigned i, unsigned j, double rate);
/* Bytes of r in use: header, values, data. */
size_t shm_rec_used(const struct shm_host *r, unsigned i);
/* Copy the writer's record r into host i's live record under its seqlock:
 * only the bytes in use. */
void shm_publish(struct shm_host *live, const struct shm_host *r, unsigned i);

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

/* Writers: bracket an update of host i's record. */
void shm_write_begin(struct shm_host *h);
void shm_write_end(struct shm_host *h);

#endif
