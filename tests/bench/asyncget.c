/* SPDX-License-Identifier: MIT */
/* asyncget: the plain-C reference poller of the benchmark.
 *
 * One process, Debian's glibc libnetsnmp, every host in flight at once in
 * one select loop (net-snmp's documented asynchronous pattern: snmp_open,
 * snmp_async_send, snmp_select_info2 / snmp_read2 / snmp_timeout; the
 * large-fd-set variants, since 1000 sockets pass FD_SETSIZE).
 *
 *   asyncget [-n CYCLES] [-t TIMEOUT_MS] [-r RETRIES] [-c COMMUNITY]
 *            [-k] (-g OID,OID,... | -w OID [-m MAXREP]) HOSTFILE
 *
 * HOSTFILE: one "ADDRESS PORT" per line.  -g: one GET with all the OIDs
 * per host; -w: GETBULK walk of the subtree (max-repetitions -m, default
 * 16), one request outstanding per host.  Sessions are opened at the start
 * of each cycle and closed at its end (the same work as a one-shot poll);
 * -k keeps them open across cycles instead.
 *
 * Prints one JSON object: per-cycle wall and CPU time (getrusage of the
 * process), hosts answered, varbinds received, VmHWM and PSS of the
 * process taken at the end of the last cycle with its sessions open.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

#define MAX_HOSTS 4096
#define MAX_OIDS 64
#define MAX_CYCLES 256

struct host {
	char peer[64];
	netsnmp_session *ss;
	int done, ok;
	oid cur[MAX_OID_LEN];	/* walk cursor */
	size_t cur_len;
};

static struct host hosts[MAX_HOSTS];
static int nhosts, pending;
static oid oids[MAX_OIDS][MAX_OID_LEN];
static size_t oid_len[MAX_OIDS];
static int noids, walk, maxrep = 16;
static oid base[MAX_OID_LEN];
static size_t base_len;
static long varbinds, answered;
static const char *community = "public";
static int timeout_ms = 1000, retries = 1;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static int parse_oid(const char *s, oid *o, size_t *len)
{
	size_t n = 0;
	char *end;

	if (*s == '.')
		s++;
	while (*s && n < MAX_OID_LEN) {
		o[n++] = strtoul(s, &end, 10);
		if (end == s || (*end && *end != '.'))
			return -1;
		s = *end ? end + 1 : end;
	}
	*len = n;
	return n >= 2 ? 0 : -1;
}

static void finish(struct host *h, int ok)
{
	if (h->done)
		return;
	h->done = 1;
	h->ok = ok;
	answered += ok;
	pending--;
}

static int send_next(struct host *h);

static int on_pdu(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu, void *magic)
{
	struct host *h = magic;
	netsnmp_variable_list *vb;

	(void)s;
	(void)reqid;
	if (op == NETSNMP_CALLBACK_OP_RESEND)
		return 1;
	if (op != NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE) {
		finish(h, 0);
		return 1;
	}
	if (pdu->errstat != SNMP_ERR_NOERROR) {
		finish(h, 0);
		return 1;
	}
	if (!walk) {
		for (vb = pdu->variables; vb; vb = vb->next_variable)
			varbinds++;
		finish(h, 1);
		return 1;
	}
	for (vb = pdu->variables; vb; vb = vb->next_variable) {
		if (vb->type == SNMP_ENDOFMIBVIEW || vb->name_length <= base_len ||
		    snmp_oid_compare(vb->name, base_len, base, base_len) != 0 ||
		    snmp_oid_compare(vb->name, vb->name_length, h->cur, h->cur_len) <= 0) {
			finish(h, 1);
			return 1;
		}
		varbinds++;
		memcpy(h->cur, vb->name, vb->name_length * sizeof(oid));
		h->cur_len = vb->name_length;
	}
	if (send_next(h) < 0)
		finish(h, 0);
	return 1;
}

static int send_next(struct host *h)
{
	netsnmp_pdu *pdu;
	int i;

	if (walk) {
		pdu = snmp_pdu_create(SNMP_MSG_GETBULK);
		pdu->non_repeaters = 0;
		pdu->max_repetitions = maxrep;
		snmp_add_null_var(pdu, h->cur, h->cur_len);
	} else {
		pdu = snmp_pdu_create(SNMP_MSG_GET);
		for (i = 0; i < noids; i++)
			snmp_add_null_var(pdu, oids[i], oid_len[i]);
	}
	if (!snmp_async_send(h->ss, pdu, on_pdu, h)) {
		snmp_free_pdu(pdu);
		return -1;
	}
	return 0;
}

static int open_one(struct host *h)
{
	netsnmp_session s;

	snmp_sess_init(&s);
	s.version = SNMP_VERSION_2c;
	s.peername = h->peer;
	s.community = (u_char *)community;
	s.community_len = strlen(community);
	s.timeout = timeout_ms * 1000L;
	s.retries = retries;
	h->ss = snmp_open(&s);
	return h->ss ? 0 : -1;
}

static void cycle(int keep)
{
	netsnmp_large_fd_set fds;
	int i;

	pending = nhosts;
	for (i = 0; i < nhosts; i++) {
		struct host *h = &hosts[i];

		h->done = h->ok = 0;
		memcpy(h->cur, base, base_len * sizeof(oid));
		h->cur_len = base_len;
		if (!h->ss && open_one(h) < 0) {
			finish(h, 0);
			continue;
		}
		if (send_next(h) < 0)
			finish(h, 0);
	}
	netsnmp_large_fd_set_init(&fds, 8192);
	while (pending > 0) {
		struct timeval tv;
		int maxfd = 0, block = 1, n;

		NETSNMP_LARGE_FD_ZERO(&fds);
		tv.tv_sec = 1;
		tv.tv_usec = 0;
		snmp_select_info2(&maxfd, &fds, &tv, &block);
		n = netsnmp_large_fd_set_select(maxfd, &fds, NULL, NULL, block ? NULL : &tv);
		if (n > 0)
			snmp_read2(&fds);
		else if (n == 0)
			snmp_timeout();
		else if (errno != EINTR) {
			perror("select");
			exit(2);
		}
	}
	netsnmp_large_fd_set_cleanup(&fds);
	if (!keep)
		for (i = 0; i < nhosts; i++)
			if (hosts[i].ss) {
				snmp_close(hosts[i].ss);
				hosts[i].ss = NULL;
			}
}

static void self_memory(long *hwm_kb, long *rss_kb, long *pss_kb)
{
	char line[256];
	FILE *f;

	*hwm_kb = *rss_kb = *pss_kb = -1;
	if ((f = fopen("/proc/self/status", "r"))) {
		while (fgets(line, sizeof(line), f))
			sscanf(line, "VmHWM: %ld", hwm_kb);
		fclose(f);
	}
	if ((f = fopen("/proc/self/smaps_rollup", "r"))) {
		while (fgets(line, sizeof(line), f)) {
			sscanf(line, "Rss: %ld", rss_kb);
			sscanf(line, "Pss: %ld", pss_kb);
		}
		fclose(f);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: asyncget [-n CYCLES] [-t MS] [-r N] [-c COMMUNITY] [-k] "
			"(-g OID,... | -w OID [-m MAXREP]) HOSTFILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static double wall[MAX_CYCLES], cpu[MAX_CYCLES];
	double t0 = now_ms(), c0 = cpu_ms();
	int cycles = 1, keep = 0, c, i;
	long hwm, rss, pss, vb_first = 0, ans_first = 0;
	char addr[48], *tok;
	unsigned port;
	FILE *f;

	while ((c = getopt(argc, argv, "n:t:r:c:kg:w:m:")) != -1) {
		switch (c) {
		case 'n': cycles = atoi(optarg); break;
		case 't': timeout_ms = atoi(optarg); break;
		case 'r': retries = atoi(optarg); break;
		case 'c': community = optarg; break;
		case 'k': keep = 1; break;
		case 'm': maxrep = atoi(optarg); break;
		case 'w':
			walk = 1;
			if (parse_oid(optarg, base, &base_len) < 0)
				usage();
			break;
		case 'g':
			for (tok = strtok(optarg, ","); tok && noids < MAX_OIDS; tok = strtok(NULL, ","))
				if (parse_oid(tok, oids[noids], &oid_len[noids]) == 0)
					noids++;
			break;
		default: usage();
		}
	}
	if (optind + 1 != argc || (!walk && !noids) || cycles < 1 || cycles > MAX_CYCLES)
		usage();
	if (!(f = fopen(argv[optind], "r"))) {
		perror(argv[optind]);
		return 2;
	}
	while (nhosts < MAX_HOSTS && fscanf(f, "%47s %u", addr, &port) == 2)
		snprintf(hosts[nhosts++].peer, sizeof(hosts[0].peer), "udp:%s:%u", addr, port);
	fclose(f);

	/* Same start-up discipline as snmpoll: no config, MIB or state files. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/nonexistent", 1);
	snmp_disable_log();
	init_snmp("asyncget");
	snmp_disable_log();
	double init_ms = now_ms() - t0, init_cpu = cpu_ms() - c0;

	for (c = 0; c < cycles; c++) {
		double w0 = now_ms(), u0 = cpu_ms();

		varbinds = answered = 0;
		cycle(keep || c == cycles - 1);
		wall[c] = now_ms() - w0;
		cpu[c] = cpu_ms() - u0;
		if (c == 0) {
			vb_first = varbinds;
			ans_first = answered;
		}
	}
	self_memory(&hwm, &rss, &pss);
	printf("{\"hosts\": %d, \"answered\": %ld, \"varbinds\": %ld, \"first_answered\": %ld, "
	       "\"first_varbinds\": %ld, \"init_ms\": %.3f, \"init_cpu_ms\": %.3f, "
	       "\"vmhwm_kb\": %ld, \"rss_kb\": %ld, \"pss_kb\": %ld, \"cycle_ms\": [",
	       nhosts, answered, varbinds, ans_first, vb_first, init_ms, init_cpu, hwm, rss, pss);
	for (i = 0; i < cycles; i++)
		printf("%s%.3f", i ? ", " : "", wall[i]);
	printf("], \"cpu_ms\": [");
	for (i = 0; i < cycles; i++)
		printf("%s%.3f", i ? ", " : "", cpu[i]);
	printf("]}\n");
	for (i = 0; i < nhosts; i++)
		if (hosts[i].ss)
			snmp_close(hosts[i].ss);
	snmp_shutdown("asyncget");
	return answered == nhosts ? 0 : 1;
}
