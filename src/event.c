/* SPDX-License-Identifier: MIT */
/* Events: state changes to CONFIG_EVENT_CMD.  See event.h.
 *
 * State: per host its last up/down (0 not known yet), per interface host
 * MAX_IFACES (ifIndex, ifOperStatus) pairs of its last answered cycle,
 * allocated once at start-up; a ring of pending events; the one child.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "fmt.h"
#include "ifr.h"
#include "log.h"
#include "table.h"

#define EVENT_QUEUE	64
#define EVENT_KILL_MS	10000
#define EVENT_ARGS	8

enum action { HOST_UP, HOST_DOWN, IF_UP, IF_DOWN };
static const char *const action_names[] = { "host-up", "host-down", "if-up", "if-down" };

struct event {
	uint8_t action;
	unsigned host;
	uint32_t ifindex;
	char status[16];
	char error[64];
	char ifname[IFR_STR + 1];
};

struct if_state {
	uint32_t index;
	uint8_t oper;
};

static struct {
	int on;
	int primed;		/* a cycle has been recorded */
	uint8_t *up;		/* per host: 0 unknown, 1 up, 2 down */
	struct if_state **ifs;	/* per host: MAX_IFACES, or NULL */
	uint16_t *nifs;
	struct event q[EVENT_QUEUE];
	unsigned head, count, dropped;
	pid_t child;
	int64_t deadline;
	char cmd[sizeof(CONFIG_EVENT_CMD)];
	char *argv[EVENT_ARGS + 1];
	uint64_t part[(IFR_RECORD_MAX + 7) / 8];
} ev;

static void split_cmd(void)
{
	char *p = ev.cmd;
	unsigned n = 0;

	memcpy(ev.cmd, CONFIG_EVENT_CMD, sizeof(ev.cmd));
	while (n < EVENT_ARGS && (p = strtok(n ? NULL : ev.cmd, " \t")))
		ev.argv[n++] = p;
	ev.argv[n] = NULL;
}

int event_init(void)
{
	unsigned i;

	split_cmd();
	ev.on = ENABLE_EVENTS && ev.argv[0] != NULL;
	if (!ev.on || !table_nhosts)
		return 0;
	ev.up = calloc(table_nhosts, 1);
	ev.ifs = calloc(table_nhosts, sizeof(*ev.ifs));
	ev.nifs = calloc(table_nhosts, sizeof(*ev.nifs));
	if (!ev.up || !ev.ifs || !ev.nifs)
		return -1;
	for (i = 0; i < table_nhosts; i++)
		if (table_hosts[i].ifaces &&
		    !(ev.ifs[i] = calloc(CONFIG_MAX_IFACES, sizeof(struct if_state))))
			return -1;
	return 0;
}

/* ---- detecting changes ------------------------------------------------------ */

static struct event *queue(enum action a, unsigned host)
{
	struct event *e;

	if (!ev.primed)
		return NULL;
	if (ev.count >= EVENT_QUEUE) {
		ev.dropped++;
		return NULL;
	}
	e = &ev.q[(ev.head + ev.count++) % EVENT_QUEUE];
	memset(e, 0, sizeof(*e));
	e->action = (uint8_t)a;
	e->host = host;
	return e;
}

/* Device text into the environment: no control bytes, terminated. */
static void env_text(char *dst, const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n && s[k]; k++)
		dst[k] = (unsigned char)s[k] < 0x20 || s[k] == 0x7f ? '?' : s[k];
	dst[k] = '\0';
}

static void host_changed(unsigned i, const struct shm_host *h)
{
	uint8_t now = h->status == SHM_OK ? 1 : 2;
	struct event *e;

	if (h->status == SHM_PENDING || now == ev.up[i])
		return;
	if (ev.up[i] && (e = queue(now == 1 ? HOST_UP : HOST_DOWN, i))) {
		snprintf(e->status, sizeof(e->status), "%s", fmt_status_name(h->status));
		env_text(e->error, h->error, sizeof(e->error) - 1);
	}
	ev.up[i] = now;
}

static const struct if_state *old_if(unsigned i, uint32_t index)
{
	unsigned k;

	for (k = 0; k < ev.nifs[i]; k++)
		if (ev.ifs[i][k].index == index)
			return &ev.ifs[i][k];
	return NULL;
}

static void iface_event(unsigned i, const struct ifr_iface *x)
{
	const char *oper = ifr_oper_name(x->oper);
	struct event *e = queue(x->oper == 1 ? IF_UP : IF_DOWN, i);
	const char *name;
	size_t n;

	if (!e)
		return;
	e->ifindex = x->index;
	snprintf(e->status, sizeof(e->status), "%s", oper ? oper : "unknown");
	name = ifr_label(x, &n);
	env_text(e->ifname, name, n);
}

static void ifaces_changed(struct ifr_hdr *r, unsigned i)
{
	struct ifr_host *h = (struct ifr_host *)ev.part;
	struct if_state now[CONFIG_MAX_IFACES];
	unsigned k;

	if (!ev.ifs[i] || !r || ifr_read(r, i, h) < 0)
		return;
	for (k = 0; k < h->n; k++) {
		const struct if_state *o = old_if(i, h->ifaces[k].index);

		if (o && o->oper && h->ifaces[k].oper && o->oper != h->ifaces[k].oper)
			iface_event(i, &h->ifaces[k]);
		now[k].index = h->ifaces[k].index;
		now[k].oper = h->ifaces[k].oper;
	}
	memcpy(ev.ifs[i], now, k * sizeof(now[0]));
	ev.nifs[i] = (uint16_t)k;
}

void event_cycle(const struct shm_map *m)
{
	static uint64_t rec[(SHM_RECORD_MAX + 7) / 8];
	struct shm_host *h = (struct shm_host *)rec;
	struct ifr_hdr *r = ifr_region(m);
	unsigned i;

	if (!ev.on)
		return;
	for (i = 0; i < table_nhosts; i++) {
		if (shm_read_header(m, i, h) < 0)
			continue;
		host_changed(i, h);
		if (h->status == SHM_OK)
			ifaces_changed(r, i);
	}
	if (ev.dropped)
		log_warn("event queue full: %u events dropped", ev.dropped);
	ev.dropped = 0;
	ev.primed = 1;
}

/* ---- running the command --------------------------------------------------- */

static void __attribute__((noreturn)) child(const struct event *e)
{
	const struct table_host *t = &table_hosts[e->host];
	char env[8][IFR_STR + 80];
	char *envp[9];
	unsigned n = 0;
	int fd;

	setpgid(0, 0);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
	}
	signal(SIGPIPE, SIG_DFL);
	snprintf(env[n++], sizeof(env[0]), "ACTION=%s", action_names[e->action]);
	snprintf(env[n++], sizeof(env[0]), "HOST=%s", t->name);
	snprintf(env[n++], sizeof(env[0]), "ADDRESS=%s", t->address);
	snprintf(env[n++], sizeof(env[0]), "STATUS=%s", e->status);
	snprintf(env[n++], sizeof(env[0]), "ERROR=%s", e->error);
	snprintf(env[n++], sizeof(env[0]), "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
	if (e->action >= IF_UP) {
		snprintf(env[n++], sizeof(env[0]), "IFINDEX=%lu", (unsigned long)e->ifindex);
		snprintf(env[n++], sizeof(env[0]), "IFNAME=%s", e->ifname);
	}
	for (fd = 0; fd < (int)n; fd++)
		envp[fd] = env[fd];
	envp[n] = NULL;
	execve(ev.argv[0], ev.argv, envp);
	_exit(127);
}

static void start_next(int64_t now)
{
	const struct event *e = &ev.q[ev.head];
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		log_err("event %s: cannot fork: %s", action_names[e->action], strerror(errno));
		return;		/* tried again next tick */
	}
	if (pid == 0)
		child(e);
	setpgid(pid, pid);	/* both sides: whichever runs first */
	ev.child = pid;
	ev.deadline = now + EVENT_KILL_MS;
	ev.head = (ev.head + 1) % EVENT_QUEUE;
	ev.count--;
}

void event_tick(int64_t now_ms)
{
	if (!ev.on)
		return;
	if (ev.child > 0 && now_ms >= ev.deadline) {
		log_warn("event command (pid %d) still running after %d s; killing it",
			 (int)ev.child, EVENT_KILL_MS / 1000);
		kill(-ev.child, SIGKILL);
		ev.deadline = now_ms + EVENT_KILL_MS;	/* once more if it lingers */
	}
	if (ev.child <= 0 && ev.count)
		start_next(now_ms);
}

int event_reaped(pid_t pid)
{
	if (!ev.on || pid != ev.child || pid <= 0)
		return 0;
	ev.child = 0;
	return 1;
}

void event_stop(void)
{
	if (ev.on && ev.child > 0)
		kill(-ev.child, SIGKILL);
}
