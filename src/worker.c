/* SPDX-License-Identifier: MIT */
/* Worker process: event loop over the jobs in flight.
 *
 * Each cycle the supervisor writes 'c' on our control pipe; we then claim
 * hosts from the shared counter (shm_claim) while we have free job slots,
 * so a slow worker never holds hosts that others could poll.  One poll(2)
 * covers the control pipe and every job's socket (no fd_set limit); its
 * timeout is the nearest job deadline, at most a second so that the
 * heartbeat the supervisor watches stays fresh.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "engine.h"
#include "ifview.h"
#include "log.h"
#include "table.h"
#include "value.h"
#include "worker.h"

static struct {
	struct shm_map *m;
	unsigned w;
	int ctl, notify;
	int claiming;
	struct job jobs[CONFIG_MAX_INFLIGHT];
	struct pollfd pfd[CONFIG_MAX_INFLIGHT + 1];
	unsigned pjob[CONFIG_MAX_INFLIGHT + 1];
	/* Private records, one per job slot, each the size of the table's
	 * largest record: the bound below is address space, only what the
	 * table needs is ever touched.  8-byte aligned. */
	size_t stride;
	uint64_t recs[CONFIG_MAX_INFLIGHT * ((SHM_RECORD_MAX + 7) / 8)];
	struct ifv_walk ifv[CONFIG_MAX_INFLIGHT];	/* pages touched only
							   by interface hosts */
	struct ifr_hdr *ifr;
} wk;

static struct shm_worker *me(void)
{
	return &wk.m->hdr->worker[wk.w];
}

static void backoff_after_failure(struct shm_host *r)
{
	if (r->failures < CONFIG_BACKOFF_AFTER)
		return;
	r->backoff = (uint16_t)(r->backoff ? r->backoff * 2 : 2);
	if (r->backoff > CONFIG_BACKOFF_MAX)
		r->backoff = CONFIG_BACKOFF_MAX;
	r->skip = (uint16_t)(r->backoff - 1);
}

/* Success: the new values, with rates against the previous sample. */
static void result_ok(struct job *j, struct shm_host *r, const struct shm_host *old, int64_t now)
{
	int restarted = j->have_uptime && old->last_ok && j->uptime < old->uptime;

	value_rates(r, old->last_ok ? old : NULL, j->host, now - old->sample_ms, restarted);
	r->last_ok = time(NULL);
	r->rtt_us = j->rtt_us;
	r->sample_ms = now;
	r->uptime = j->have_uptime ? j->uptime : 0;
	r->failures = 0;
	r->backoff = 0;
	r->skip = 0;
}

/* Failure: the last good values and their age stay; only the record's
 * header changes, so only the header is written. */
static void result_failed(struct job *j, struct shm_host *live)
{
	shm_write_begin(live);
	live->failures++;
	backoff_after_failure(live);
	live->status = j->status;
	memcpy(live->error, j->error, sizeof(live->error));
	live->last_poll = time(NULL);
	live->gen = j->gen;
	shm_write_end(live);
}

/* The host's part of the interface region: its interface table on
 * success, this cycle's history samples (RTT for every host). */
static void publish_ifaces(const struct job *j, int64_t now)
{
	uint32_t g = __atomic_load_n(&wk.m->hdr->gen, __ATOMIC_ACQUIRE);
	struct ifv_result res = {
		(g & 0xffff) == j->gen ? g : 0, j->status == SHM_OK, j->rtt_us,
		j->have_uptime, j->uptime, now,
	};

	if (wk.ifr)
		ifview_publish(wk.ifr, j->host, j->ifv, &res);
}

static void publish(struct job *j, int64_t now)
{
	struct shm_host *live = shm_host(wk.m, j->host);
	struct shm_host *r = j->rec;

	if (j->status == SHM_OK) {
		result_ok(j, r, live, now);
		r->status = j->status;
		memcpy(r->error, j->error, sizeof(r->error));
		r->last_poll = time(NULL);
		r->gen = j->gen;
		r->owner = live->owner;
		if (j->ifv && j->ifv->truncated)
			r->truncated = 1;
		shm_publish(live, r, j->host);
	} else {
		result_failed(j, live);
	}
	publish_ifaces(j, now);
	me()->hosts++;
	me()->requests += j->requests;
	me()->answers += j->answers;
}

static void host_done(uint16_t gen)
{
	if (shm_done(wk.m->hdr, gen) && write(wk.notify, "d", 1) < 0)
		log_err("worker %u: cannot notify the supervisor: %s", wk.w, strerror(errno));
}

/* A backed-off host is skipped this cycle: only its status changes. */
static int skip_backoff(unsigned host, uint16_t gen)
{
	struct shm_host *live = shm_host(wk.m, host);

	if (live->failures < CONFIG_BACKOFF_AFTER || !live->skip)
		return 0;
	shm_write_begin(live);
	live->skip--;
	live->status = SHM_BACKOFF;
	live->gen = gen;
	shm_write_end(live);
	host_done(gen);
	return 1;
}

static struct job *free_job(unsigned *slot)
{
	unsigned i;

	for (i = 0; i < CONFIG_MAX_INFLIGHT; i++)
		if (wk.jobs[i].state == JOB_FREE) {
			*slot = i;
			return &wk.jobs[i];
		}
	return NULL;
}

static void claim_hosts(int64_t now)
{
	unsigned host, slot;
	uint16_t gen;
	struct job *j;

	/* A full arena would starve the requests already in flight (net-snmp
	 * cannot even read their answers): start a host only with room. */
	while (wk.claiming && arena_room() > ARENA_PER_REQUEST + ARENA_RXBUF &&
	       (j = free_job(&slot))) {
		if (!shm_claim(wk.m->hdr, &host, &gen)) {
			wk.claiming = 0;
			break;
		}
		shm_host(wk.m, host)->owner = ((uint32_t)gen << 16) | (wk.w + 1);
		if (skip_backoff(host, gen))
			continue;
		engine_start(j, host, gen, (struct shm_host *)(void *)&wk.recs[slot * wk.stride],
			     &wk.ifv[slot], now);
	}
}

/* A job whose cycle was closed (its deadline passed: running is 0, or a
 * newer cycle began) ends now and reports what it has: the supervisor
 * waits for it before the host can be claimed again. */
static void close_stale(void)
{
	uint16_t tag = (uint16_t)__atomic_load_n(&wk.m->hdr->gen, __ATOMIC_ACQUIRE);
	int open = __atomic_load_n(&wk.m->hdr->running, __ATOMIC_ACQUIRE);
	unsigned i;

	for (i = 0; i < CONFIG_MAX_INFLIGHT; i++) {
		struct job *j = &wk.jobs[i];

		if ((j->state == JOB_WAIT || j->state == JOB_SEND) && (!open || j->gen != tag))
			engine_abort(j, "not finished: cycle deadline passed");
	}
}

static void reap_jobs(int64_t now)
{
	unsigned i;

	for (i = 0; i < CONFIG_MAX_INFLIGHT; i++) {
		struct job *j = &wk.jobs[i];

		if (j->state == JOB_SEND)
			engine_step(j, now);
		if (j->state != JOB_DONE)
			continue;
		engine_close(j);
		publish(j, now);
		host_done(j->gen);
	}
}

static void read_control(void)
{
	char buf[64];
	ssize_t n = read(wk.ctl, buf, sizeof(buf));

	if (n == 0)		/* the supervisor is gone */
		_exit(0);
	if (n > 0)
		wk.claiming = 1;
}

static int poll_timeout(int64_t now)
{
	int64_t t = now + 1000;
	unsigned i;

	for (i = 0; i < CONFIG_MAX_INFLIGHT; i++)
		if (wk.jobs[i].state == JOB_WAIT && wk.jobs[i].deadline < t)
			t = wk.jobs[i].deadline;
	return t <= now ? 0 : (int)(t - now);
}

static unsigned fill_pollfds(void)
{
	unsigned i, n = 1;

	wk.pfd[0].fd = wk.ctl;
	wk.pfd[0].events = POLLIN;
	for (i = 0; i < CONFIG_MAX_INFLIGHT; i++) {
		if (wk.jobs[i].state != JOB_WAIT)
			continue;
		wk.pfd[n].fd = wk.jobs[i].fd;
		wk.pfd[n].events = POLLIN;
		wk.pjob[n++] = i;
	}
	return n;
}

static void dispatch(unsigned n, int64_t now)
{
	unsigned k, i;

	if (wk.pfd[0].revents)
		read_control();
	for (k = 1; k < n; k++) {
		struct job *j = &wk.jobs[wk.pjob[k]];

		if (wk.pfd[k].revents & POLLERR)
			engine_sockerr(j);
		if ((wk.pfd[k].revents & POLLIN) && j->state == JOB_WAIT)
			engine_readable(j);
	}
	for (i = 0; i < CONFIG_MAX_INFLIGHT; i++)
		engine_tick(&wk.jobs[i], now);
}

static void __attribute__((noreturn)) loop(void)
{
	for (;;) {
		int64_t now = engine_now_ms();
		unsigned n = fill_pollfds();

		me()->beat = (uint32_t)(now / 1000);
		if (poll(wk.pfd, n, poll_timeout(now)) < 0 && errno != EINTR) {
			log_err("worker %u: poll: %s", wk.w, strerror(errno));
			_exit(1);
		}
		now = engine_now_ms();
		dispatch(n, now);
		close_stale();
		reap_jobs(now);
		claim_hosts(now);
		reap_jobs(now);
	}
}

void worker_main(struct shm_map *m, unsigned w, int ctl, int notify)
{
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	wk.m = m;
	wk.w = w;
	wk.ctl = ctl;
	wk.notify = notify;
	wk.stride = (shm_record_max() + 7) / 8;
	wk.ifr = ifr_region(m);
	engine_init();
	/* Carve net-snmp's receive buffer now, before requests fill the
	 * arena: its size class then always has a block to reuse. */
	free(malloc(ARENA_RXBUF));
	/* A cycle may already be running (we were re-forked): join it. */
	wk.claiming = __atomic_load_n(&m->hdr->running, __ATOMIC_ACQUIRE);
	loop();
}
