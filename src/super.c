/* SPDX-License-Identifier: MIT */
/* The supervisor.  See super.h.
 *
 * Signals only write their number to a self-pipe; everything happens in
 * one poll(2) loop over that pipe and the workers' notify pipe.  A cycle
 * ends when the shared done counter reaches the host count.  Two safety
 * nets keep a cycle from hanging: a worker whose heartbeat stops (stopped,
 * stuck) is killed, and a dead worker's unfinished hosts are reported
 * "error" and counted; past a generous deadline the cycle is closed with
 * the hosts still missing reported.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "status.h"
#include "event.h"
#include "fmt.h"
#include "ifr.h"
#include "log.h"
#include "statedir.h"
#include "super.h"
#include "table.h"
#include "version.h"
#include "worker.h"

#define STALL_S		5	/* heartbeat older than this: worker is stuck */
#define RESPAWN_MS	1000	/* at most one re-fork per worker per second */
#define CLOSE_MS	(STALL_S * 1000)	/* for workers to close a cycle's jobs */

static struct {
	const struct run_opts *o;
	const char *dir;
	int dirfd;		/* the state dir, opened before the privilege drop */
	int locked;		/* dirfd is flocked: this run owns the dir */
	struct shm_map m;
	struct ids ids;
	int sig[2];
	int notify[2];
	int ctl[SHM_MAX_WORKERS];
	int64_t spawned[SHM_MAX_WORKERS];
	int64_t respawn_at[SHM_MAX_WORKERS];	/* 0: none pending */
	int64_t next_start;
	int64_t started;
	int64_t deadline_ms;
	int64_t closing;	/* when the deadline closed the cycle; 0: not closing */
	int stopping;
	int exit_code;
	uint8_t prev[CONFIG_MAX_HOSTS];
	struct shm_host rec;	/* a record's header, read back */
} sv;

static struct shm_hdr *hdr(void)
{
	return sv.m.hdr;
}

static void on_signal(int sig)
{
	unsigned char c = (unsigned char)sig;
	int e = errno;

	if (write(sv.sig[1], &c, 1) < 0) {
		/* pipe full: the loop is already awake */
	}
	errno = e;
}

/* ---- workers ------------------------------------------------------------- */

static void close_in_child(unsigned w)
{
	unsigned k;

	for (k = 0; k < CONFIG_WORKERS; k++)
		if (k != w && sv.ctl[k] >= 0)
			close(sv.ctl[k]);
	close(sv.sig[0]);
	close(sv.sig[1]);
	close(sv.notify[0]);
}

static int spawn(unsigned w)
{
	int p[2];
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		close_in_child(w);
		worker_main(&sv.m, w, p[0], sv.notify[1]);
	}
	close(p[0]);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	sv.ctl[w] = p[1];
	sv.spawned[w] = engine_now_ms();
	sv.respawn_at[w] = 0;
	hdr()->worker[w].pid = pid;
	hdr()->worker[w].beat = (uint32_t)(sv.spawned[w] / 1000);
	hdr()->worker[w].starts++;
	return 0;
}

static void kick(unsigned w)
{
	if (sv.ctl[w] >= 0 && write(sv.ctl[w], "c", 1) < 0 && errno != EAGAIN)
		log_warn("worker %u: control pipe: %s", w, strerror(errno));
}

/* Report host i of the current cycle as failed, with why. */
static void report_failed(unsigned i, const char *why)
{
	struct shm_host *h = shm_host(&sv.m, i);
	uint16_t tag = (uint16_t)hdr()->gen;

	shm_write_begin(h);
	h->status = SHM_ERROR;
	snprintf(h->error, sizeof(h->error), "%s", why);
	h->failures++;
	h->last_poll = time(NULL);
	h->gen = tag;
	shm_write_end(h);
	shm_done(hdr(), tag);		/* a hint only: see hosts_reported() */
}

/* The dead worker w's records: any it left mid-write (odd sequence, torn
 * body, whatever its gen) is cleared, and any host of the open cycle it
 * claimed but did not report is reported, so the cycle never waits for a
 * process that is gone. */
static void repair(unsigned w)
{
	uint16_t tag = (uint16_t)hdr()->gen;
	unsigned i;

	for (i = 0; i < hdr()->nhosts; i++) {
		struct shm_host *h = shm_host(&sv.m, i);

		if ((h->owner & 0xffff) != w + 1)
			continue;
		if (ifr_region(&sv.m))
			ifr_repair(ifr_region(&sv.m), i);
		if (h->seq & 1) {	/* died mid-write: the body is torn */
			uint32_t owner = h->owner;
			memset((char *)h + sizeof(h->seq), 0, sizeof(*h) - sizeof(h->seq));
			h->owner = owner;
			h->seq++;
		}
		if ((h->owner >> 16) == tag && h->gen != tag && (hdr()->running || sv.closing))
			report_failed(i, "worker died while polling");
	}
}

static void reaped(unsigned w, int status)
{
	struct shm_worker *wr = &hdr()->worker[w];
	int64_t now = engine_now_ms();

	wr->pid = 0;
	close(sv.ctl[w]);
	sv.ctl[w] = -1;
	if (sv.stopping)
		return;
	if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0)
		wr->crashes++;
	if (WIFSIGNALED(status))
		log_warn("worker %u killed by signal %d; re-forking", w, WTERMSIG(status));
	else
		log_warn("worker %u exited with status %d; re-forking", w, WEXITSTATUS(status));
	repair(w);
	sv.respawn_at[w] = now - sv.spawned[w] < RESPAWN_MS ? sv.spawned[w] + RESPAWN_MS : now;
}

static void reap_children(void)
{
	pid_t pid;
	int status;
	unsigned w;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (event_reaped(pid))
			continue;
		for (w = 0; w < CONFIG_WORKERS; w++)
			if (hdr()->worker[w].pid == pid)
				reaped(w, status);
	}
}

static void respawn_due(int64_t now)
{
	unsigned w;

	for (w = 0; w < CONFIG_WORKERS; w++) {
		if (!sv.respawn_at[w] || now < sv.respawn_at[w])
			continue;
		if (spawn(w) < 0) {
			log_err("cannot re-fork worker %u: %s", w, strerror(errno));
			sv.respawn_at[w] = now + RESPAWN_MS;
		}
	}
}

static void check_stalls(int64_t now)
{
	unsigned w;

	for (w = 0; w < CONFIG_WORKERS; w++) {
		struct shm_worker *wr = &hdr()->worker[w];

		if (wr->pid > 0 && (int64_t)(now / 1000) - (int64_t)wr->beat > STALL_S) {
			log_warn("worker %u (pid %d) stopped answering; killing it", w, (int)wr->pid);
			kill(wr->pid, SIGKILL);
			wr->beat = (uint32_t)(now / 1000);
		}
	}
}

/* ---- cycles ---------------------------------------------------------------- */

/* Every request the host's job may send (noSuchName re-sends and tooBig
 * splits included), each timing out after all its retries. */
static int64_t host_worst_ms(unsigned i)
{
	const struct table_host *h = &table_hosts[i];

	return (int64_t)engine_budget(i) * h->timeout_ms * (h->retries + 1);
}

/* Only a safety net: a cycle this long means something is stuck. */
static int64_t cycle_deadline_ms(void)
{
	int64_t worst = 0, rounds;
	unsigned i;

	for (i = 0; i < table_nhosts; i++)
		if (host_worst_ms(i) > worst)
			worst = host_worst_ms(i);
	rounds = table_nhosts / (CONFIG_WORKERS * CONFIG_MAX_INFLIGHT) + 1;
	return worst * rounds + 10000;
}

static void start_cycle(int64_t now)
{
	unsigned w;

	shm_cycle_begin(hdr());
	hdr()->cycle_start = engine_wall_ms();
	__atomic_store_n(&hdr()->running, 1, __ATOMIC_RELEASE);
	sv.started = now;
	sv.next_start = now + (int64_t)sv.o->interval * 1000;
	if (!table_nhosts && !sv.o->interval)	/* nothing to poll: do not spin */
		sv.next_start = now + 1000;
	for (w = 0; w < CONFIG_WORKERS; w++)
		kick(w);
}

static void log_changes(void)
{
	struct shm_host *r = &sv.rec;
	unsigned i;

	for (i = 0; i < table_nhosts; i++) {
		if (shm_read_header(&sv.m, i, r) < 0)
			continue;
		if (r->status == SHM_BACKOFF || r->status == sv.prev[i] || r->status > SHM_BACKOFF)
			continue;
		if (r->status != SHM_OK)
			log_warn("host %s: %s -> %s (%s)", table_hosts[i].name, fmt_status_name(sv.prev[i]),
				 fmt_status_name(r->status), r->error);
		else
			log_info("host %s: %s -> ok", table_hosts[i].name, fmt_status_name(sv.prev[i]));
		sv.prev[i] = r->status;
	}
}

static int all_ok(void)
{
	struct shm_host *r = &sv.rec;
	unsigned i;

	for (i = 0; i < table_nhosts; i++)
		if (shm_read_header(&sv.m, i, r) < 0 || r->status != SHM_OK)
			return 0;
	return 1;
}

/* Hosts of the current cycle reported (gen is the cycle's, no write in
 * progress): each record counts once, however its writer fared between
 * publishing it and counting it. */
static unsigned hosts_reported(void)
{
	uint16_t tag = (uint16_t)hdr()->gen;
	unsigned i, n = 0;

	for (i = 0; i < hdr()->nhosts; i++) {
		const struct shm_host *h = shm_host(&sv.m, i);

		if (!(__atomic_load_n(&h->seq, __ATOMIC_ACQUIRE) & 1) &&
		    __atomic_load_n(&h->gen, __ATOMIC_RELAXED) == tag)
			n++;
	}
	return n;
}

/* The deadline passed.  Hosts nobody claimed are the supervisor's to
 * report; the workers see running == 0 and close their open jobs, which
 * report themselves.  The cycle completes when every host is reported,
 * so the next one never claims a host whose job is still open: one
 * writer per record, always. */
static void close_cycle(int64_t now)
{
	unsigned i, w;

	log_err("cycle %u passed its deadline; closing it", hdr()->gen);
	sv.closing = now;
	for (i = shm_claim_rest(hdr()); i < hdr()->nhosts; i++)
		report_failed(i, "not polled: cycle deadline passed");
	__atomic_store_n(&hdr()->running, 0, __ATOMIC_RELEASE);
	for (w = 0; w < CONFIG_WORKERS; w++)
		kick(w);
}

/* Workers still holding a job CLOSE_MS after the close are killed (their
 * hosts are then reported by repair()); a host claimed by no live worker
 * is reported here. */
static void close_holders(void)
{
	uint16_t tag = (uint16_t)hdr()->gen;
	unsigned i;

	for (i = 0; i < hdr()->nhosts; i++) {
		struct shm_host *h = shm_host(&sv.m, i);
		unsigned w = (h->owner & 0xffff) - 1;

		if (h->gen == tag || (h->seq & 1))
			continue;
		if ((h->owner >> 16) == tag && w < CONFIG_WORKERS && hdr()->worker[w].pid > 0) {
			log_warn("worker %u keeps host %s past the cycle; killing it", w, table_hosts[i].name);
			kill(hdr()->worker[w].pid, SIGKILL);
		} else {
			report_failed(i, "not polled: cycle deadline passed");
		}
	}
}

static void complete_cycle(int64_t now)
{
	struct shm_hdr *h = hdr();

	__atomic_store_n(&h->running, 0, __ATOMIC_RELEASE);
	sv.closing = 0;
	h->cycle_ms = (uint32_t)(now - sv.started);
	h->cycle_end = engine_wall_ms();
	h->cycles++;
	log_changes();
	event_cycle(&sv.m);
	if (ENABLE_STATUS_JSON && status_json_write(sv.dirfd, &sv.m) < 0)
		log_err("cannot write %s/status.json: %s", sv.dir, strerror(errno));
	if (sv.o->once) {
		sv.exit_code = all_ok() ? 0 : 1;
		sv.stopping = 1;
	}
}

static void check_cycle(int64_t now)
{
	if (!hdr()->running && !sv.closing)
		return;
	if (hosts_reported() >= hdr()->nhosts)
		complete_cycle(now);
	else if (!sv.closing && now - sv.started > sv.deadline_ms)
		close_cycle(now);
	else if (sv.closing && now - sv.closing > CLOSE_MS)
		close_holders();
}

/* ---- the loop -------------------------------------------------------------- */

static void handle_signals(int64_t now)
{
	unsigned char buf[32];
	ssize_t n, i;

	n = read(sv.sig[0], buf, sizeof(buf));
	for (i = 0; i < n; i++) {
		if (buf[i] == SIGTERM || buf[i] == SIGINT)
			sv.stopping = 1;
		else if (buf[i] == SIGHUP && !hdr()->running)
			sv.next_start = now;
		else if (buf[i] == SIGHUP)
			sv.next_start = sv.started;	/* right after this one */
		else if (buf[i] == SIGCHLD)
			reap_children();
	}
}

static int loop_timeout(int64_t now)
{
	int64_t t = now + 1000;
	unsigned w;

	if (!hdr()->running && sv.next_start < t)
		t = sv.next_start;
	for (w = 0; w < CONFIG_WORKERS; w++)
		if (sv.respawn_at[w] && sv.respawn_at[w] < t)
			t = sv.respawn_at[w];
	return t <= now ? 0 : (int)(t - now);
}

static void drain(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static void loop(void)
{
	struct pollfd p[2] = { { sv.sig[0], POLLIN, 0 }, { sv.notify[0], POLLIN, 0 } };

	while (!sv.stopping) {
		int64_t now = engine_now_ms();

		if (poll(p, 2, loop_timeout(now)) < 0 && errno != EINTR)
			log_err("poll: %s", strerror(errno));
		now = engine_now_ms();
		if (p[0].revents)
			handle_signals(now);
		if (p[1].revents)
			drain(sv.notify[0]);
		check_cycle(now);
		event_tick(now);
		check_stalls(now);
		respawn_due(now);
		if (!sv.stopping && !hdr()->running && !sv.closing && now >= sv.next_start)
			start_cycle(now);
	}
}

static void stop_workers(void)
{
	unsigned w, left, tries;
	int status;

	for (w = 0; w < CONFIG_WORKERS; w++)
		if (hdr()->worker[w].pid > 0)
			kill(hdr()->worker[w].pid, SIGTERM);
	for (tries = 0; tries < 100; tries++) {
		for (w = 0, left = 0; w < CONFIG_WORKERS; w++) {
			pid_t pid = hdr()->worker[w].pid;
			if (pid > 0 && waitpid(pid, &status, WNOHANG) == 0)
				left++;
			else
				hdr()->worker[w].pid = 0;
		}
		if (!left)
			return;
		usleep(10000);
	}
	for (w = 0; w < CONFIG_WORKERS; w++)
		if (hdr()->worker[w].pid > 0) {
			log_warn("worker %u did not stop on SIGTERM; killing it", w);
			kill(hdr()->worker[w].pid, SIGKILL);
			waitpid(hdr()->worker[w].pid, &status, 0);
			hdr()->worker[w].pid = 0;
		}
}

/* ---- start-up ---------------------------------------------------------------- */

static int setup_pipes(void)
{
	struct sigaction sa;
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGCHLD };
	unsigned i;

	if (pipe(sv.sig) < 0 || pipe(sv.notify) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(sv.sig[i], F_SETFL, O_NONBLOCK);
		fcntl(sv.sig[i], F_SETFD, FD_CLOEXEC);
		fcntl(sv.notify[i], F_SETFD, FD_CLOEXEC);
	}
	fcntl(sv.notify[0], F_SETFL, O_NONBLOCK);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static int setup(void)
{
	/* The program holds the communities: never leave them in a core. */
	static const struct rlimit nocore = { 0, 0 };

	static char abs_dir[PATH_MAX];
	struct rlimit fds;

	setrlimit(RLIMIT_CORE, &nocore);
	/* One socket per request in flight: allow all the kernel lets us. */
	if (getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur < fds.rlim_max) {
		fds.rlim_cur = fds.rlim_max;
		setrlimit(RLIMIT_NOFILE, &fds);
	}
	if (statedir_user(&sv.ids) < 0 || (sv.dirfd = statedir_prepare(sv.dir, &sv.ids)) < 0)
		return -1;
	/* The daemon leaves the working directory: keep the name absolute
	 * for the messages (the fd is what is used). */
	if (realpath(sv.dir, abs_dir))
		sv.dir = abs_dir;
	/* Locked before anything in the dir is touched: a second run must
	 * leave the first one's files alone. */
	if (statedir_lock(sv.dirfd, sv.dir) < 0)
		return -1;
	sv.locked = 1;
	if (statedir_write_pid(sv.dirfd, &sv.ids) < 0)
		return -1;
	if (shm_create_at(sv.dirfd, &sv.m) < 0) {
		log_err("cannot create %s/" SHM_FILE ": %s%s", sv.dir, strerror(errno),
			errno == ENOSPC ? " (the state dir's file system is full)" : "");
		return -1;
	}
	if (sv.ids.drop && fchown(sv.m.fd, sv.ids.uid, sv.ids.gid) < 0) {
		log_err("cannot hand %s/" SHM_FILE " to %s: %s", sv.dir, CONFIG_USER, strerror(errno));
		return -1;
	}
	hdr()->workers = CONFIG_WORKERS;
	hdr()->interval_s = (uint32_t)sv.o->interval;
	sv.deadline_ms = cycle_deadline_ms();
	if (event_init() < 0) {
		log_err("cannot set up events: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int start_all(void)
{
	unsigned w;

	hdr()->supervisor_pid = getpid();
	for (w = 0; w < CONFIG_WORKERS; w++)
		sv.ctl[w] = -1;
	for (w = 0; w < CONFIG_WORKERS; w++)
		if (spawn(w) < 0) {
			log_err("cannot fork worker %u: %s", w, strerror(errno));
			return -1;
		}
	return 0;
}

int super_run(const struct run_opts *o)
{
	int ready = -1;

	sv.o = o;
	sv.dir = statedir_resolve(o->state_dir);
	log_open(o->foreground || o->once);
	if (setup() < 0) {
		if (sv.locked)
			statedir_remove_pid(sv.dirfd);
		return 2;
	}
	if (!o->foreground && !o->once) {
		ready = statedir_daemonize();
		if (statedir_write_pid(sv.dirfd, &sv.ids) < 0)
			return 2;
	}
	if (statedir_drop(&sv.ids) < 0 || setup_pipes() < 0 || start_all() < 0) {
		statedir_remove_pid(sv.dirfd);
		return 2;
	}
	log_info("snmpoll " SNMPOLL_VERSION " started: %u hosts, %d workers, interval %d s, state dir %s",
		 table_nhosts, CONFIG_WORKERS, o->interval, sv.dir);
	statedir_ready(ready);
	sv.next_start = engine_now_ms();
	loop();
	event_stop();
	stop_workers();
	statedir_remove_pid(sv.dirfd);
	log_info("stopped after %llu cycles", (unsigned long long)hdr()->cycles);
	return sv.exit_code;
}
