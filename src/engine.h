/* SPDX-License-Identifier: MIT */
/* One host's poll: a job on a net-snmp single session (asynchronous).
 *
 * A job opens a session on a connected UDP socket (so an ICMP port
 * unreachable fails it at once and datagrams from elsewhere never reach
 * it), sends its scalars in GETs of up to PDU_VARBINDS varbinds, then walks
 * each walk: item (GETBULK on v2c, GETNEXT on v1), one request outstanding
 * at a time.  Results accumulate in a private record that the worker
 * publishes to shared memory when the job is done.
 */
#ifndef SNMPOLL_ENGINE_H
#define SNMPOLL_ENGINE_H

#include <stdint.h>

#include "shm.h"

struct ifv_walk;

enum job_state { JOB_FREE = 0, JOB_WAIT, JOB_SEND, JOB_DONE };

struct job {
	enum job_state state;
	unsigned host;
	uint16_t gen;		/* cycle tag of the claim */
	uint16_t pdu_max;	/* table scalars per GET, halved on tooBig */
	uint16_t reps;		/* GETBULK max-repetitions, halved on tooBig */
	void *sp;		/* net-snmp single-session handle */
	int fd;
	int reqid;
	int64_t deadline;	/* ms: check the session's timeout then */
	int64_t sent_us;	/* last (re)transmission, monotonic microseconds */
	unsigned next;		/* next scalar to send */
	unsigned chunk_end;	/* scalars in flight end here */
	unsigned walk;		/* current walk item (>= nscalars) */
	uint16_t nsent;
	uint16_t sent_idx[CONFIG_PDU_VARBINDS + 1];
	uint8_t gone[(CONFIG_MAX_OIDS + 7) / 8];	/* v1 noSuchName */
	uint32_t cur[CONFIG_OID_MAX_ARCS];	/* walk cursor */
	uint8_t cur_len;
	uint8_t want_uptime;	/* sysUpTime.0 still to be asked */
	uint8_t bulk_uptime;	/* ...as this GETBULK's non-repeater */
	uint8_t have_uptime;
	uint8_t have_rtt;
	uint8_t status;		/* enum shm_status once done */
	int uptime_slot;	/* scalar slot holding sysUpTime.0, or -1 */
	uint32_t uptime;
	uint32_t rtt_us;
	unsigned requests;
	unsigned answers;
	char error[64];
	struct shm_host *rec;	/* private record being filled */
	struct ifv_walk *ifv;	/* interface walk (oids=interfaces), or NULL */
	uint8_t in_ifwalk;	/* the request out is an interface column */
	uint8_t if_len;		/* its column's base OID length */
	uint16_t if_cells;	/* varbinds taken in this column */
	uint32_t if_base[12];
};

/* Per-process set-up of net-snmp (no config files, no persistent state,
 * no logging): call once in each worker after fork(). */
void engine_init(void);

/* Start polling host for cycle tag gen into rec (zeroed here), and its
 * interface table into ifv if the host has oids=interfaces.  The job is
 * JOB_WAIT, or JOB_DONE at once if the session could not be opened. */
void engine_start(struct job *j, unsigned host, uint16_t gen, struct shm_host *rec,
		  struct ifv_walk *ifv, int64_t now);

/* The session's socket is readable / has an error pending. */
void engine_readable(struct job *j);
void engine_sockerr(struct job *j);
/* Time passed: let net-snmp retransmit or time out. */
void engine_tick(struct job *j, int64_t now);
/* Send what the job needs next (state JOB_SEND). */
void engine_step(struct job *j, int64_t now);
/* End the job now as failed, with why (JOB_DONE). */
void engine_abort(struct job *j, const char *why);
/* Release the session; the job becomes JOB_FREE. */
void engine_close(struct job *j);

/* Monotonic milliseconds (timeouts, rates); wall-clock milliseconds. */
int64_t engine_now_ms(void);
int64_t engine_wall_ms(void);

/* The most requests a poll of host may send (every tooBig split and
 * noSuchName re-send included): past it the job fails, so no agent can
 * keep one busy for ever. */
unsigned engine_budget(unsigned host);

#endif
