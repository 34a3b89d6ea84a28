/* SPDX-License-Identifier: MIT */
/* One host's poll on a net-snmp single session.  See engine.h.
 *
 * State: a job is JOB_WAIT while one request is outstanding, JOB_SEND
 * when the callback decided what comes next (requests are never sent from
 * inside net-snmp's callback), JOB_DONE when the host is finished (status
 * set), JOB_FREE once the session is closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>
#include <net-snmp/library/snmpIPBaseDomain.h>
#include <net-snmp/library/snmpUDPDomain.h>
#if ENABLE_IPV6
#include <net-snmp/library/snmpUDPIPv6Domain.h>
#endif

#include "engine.h"
#include "ifview.h"
#include "screen.h"
#include "table.h"
#include "usm.h"
#include "value.h"

#define HIDDEN 0xffff		/* sent_idx of the implicit sysUpTime.0 */

static const uint32_t sysuptime0[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };

static int64_t clock_us(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t now_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

int64_t engine_now_ms(void)
{
	return now_us() / 1000;
}

int64_t engine_wall_ms(void)
{
	return clock_us(CLOCK_REALTIME) / 1000;
}

void engine_init(void)
{
	static const int off[] = {
		NETSNMP_DS_LIB_DONT_READ_CONFIGS, NETSNMP_DS_LIB_DONT_PERSIST_STATE,
		NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE,
		NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES,
	};
	unsigned i;

	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, off[i], 1);
	/* A full (non-minimal) libnetsnmp would parse MIB files: none here. */
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/nonexistent", 1);
	snmp_disable_log();
	init_snmp("snmpoll");
	snmp_disable_log();
}

static const struct table_item *item(const struct job *j, unsigned k)
{
	return &table_items[table_hosts[j->host].first_item + k];
}

static void finish(struct job *j, uint8_t status, const char *why)
{
	j->status = status;
	if (why)
		snprintf(j->error, sizeof(j->error), "%s", why);
	j->state = JOB_DONE;
}

static int oid_eq(const oid *a, size_t alen, const uint32_t *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static void add_var(netsnmp_pdu *pdu, const uint32_t *arcs, unsigned len)
{
	oid o[MAX_OID_LEN];
	unsigned i;

	for (i = 0; i < len; i++)
		o[i] = arcs[i];
	snmp_add_null_var(pdu, o, len);
}

static int is_gone(const struct job *j, unsigned s)
{
	return j->gone[s / 8] & (1u << (s % 8));
}

/* ---- opening the session ---------------------------------------------- */

static netsnmp_transport *open_transport(const struct table_host *h, struct sockaddr_storage *sa,
					 socklen_t *salen)
{
	struct netsnmp_ep ep;

	memset(&ep, 0, sizeof(ep));
	memset(sa, 0, sizeof(*sa));
	if (ENABLE_IPV6 && h->family == TABLE_AF_INET6) {
#if ENABLE_IPV6
		ep.a.sin6.sin6_family = AF_INET6;
		ep.a.sin6.sin6_port = htons(h->port);
		memcpy(&ep.a.sin6.sin6_addr, h->addr, 16);
		memcpy(sa, &ep.a.sin6, sizeof(ep.a.sin6));
		*salen = sizeof(ep.a.sin6);
		return netsnmp_udp6_transport(&ep, 0);
#endif
	}
	ep.a.sin.sin_family = AF_INET;
	ep.a.sin.sin_port = htons(h->port);
	memcpy(&ep.a.sin.sin_addr, h->addr, 4);
	memcpy(sa, &ep.a.sin, sizeof(ep.a.sin));
	*salen = sizeof(ep.a.sin);
	return netsnmp_udp_transport(&ep, 0);
}

static void *open_session(const struct table_host *h, int *fd)
{
	struct sockaddr_storage sa;
	netsnmp_session s;
	netsnmp_transport *t;
	socklen_t salen;
	void *sp;

	t = open_transport(h, &sa, &salen);
	if (!t)
		return NULL;
	/* Connected: ICMP errors reach us, foreign datagrams do not. */
	if (connect(t->sock, (struct sockaddr *)&sa, salen) < 0) {
		netsnmp_transport_free(t);
		return NULL;
	}
	snmp_sess_init(&s);
	s.version = h->version == TABLE_V1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
	s.community = (u_char *)h->community;
	s.community_len = strlen(h->community);
	s.timeout = (long)h->timeout_ms * 1000;
	s.retries = h->retries;
	if (h->usm)
		usm_session(&s, h);
	*fd = t->sock;
	sp = snmp_sess_add(&s, t, NULL, NULL);	/* frees t on failure */
	if (sp && h->usm)
		usm_opened(sp, (unsigned)(h - table_hosts));
	return sp;
}

/* ---- responses ---------------------------------------------------------- */

static int on_pdu(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu, void *magic);

static int check_pdu(struct job *j, const netsnmp_pdu *pdu)
{
	const char *c = table_hosts[j->host].community;
	size_t n = strlen(c);

	if (pdu->command != SNMP_MSG_RESPONSE)
		return -1;
	if (pdu->community_len != n || (n && memcmp(pdu->community, c, n)))
		return -1;
	return 0;
}

static void got_uptime(struct job *j, const netsnmp_variable_list *vb)
{
	if (vb->type == ASN_TIMETICKS && vb->val.integer && vb->val_len >= sizeof(long)) {
		j->uptime = (uint32_t)*vb->val.integer;
		j->have_uptime = 1;
	}
}

static int store_scalar(struct job *j, unsigned k, const netsnmp_variable_list *vb)
{
	unsigned s = j->sent_idx[k];
	const uint32_t *arcs = s == HIDDEN ? sysuptime0 : &table_arcs[item(j, s)->arc_off];
	unsigned len = s == HIDDEN ? 9 : item(j, s)->arc_len;

	/* A response counts only for what was asked. */
	if (!oid_eq(vb->name, vb->name_length, arcs, len))
		return -1;
	if (s == HIDDEN) {
		got_uptime(j, vb);
		return 0;
	}
	if (value_decode(j->rec, j->host, s, s, vb) < 0)
		return -1;
	if ((int)s == j->uptime_slot)
		got_uptime(j, vb);
	return 0;
}

static void get_answered(struct job *j, const netsnmp_pdu *pdu)
{
	const netsnmp_variable_list *vb = pdu->variables;
	unsigned k;

	for (k = 0; k < j->nsent; k++, vb = vb->next_variable)
		if (!vb || store_scalar(j, k, vb) < 0) {
			finish(j, SHM_ERROR, "malformed response");
			return;
		}
	if (vb) {
		finish(j, SHM_ERROR, "malformed response");
		return;
	}
	j->want_uptime = 0;
	j->next = j->chunk_end;
	j->state = JOB_SEND;
}

/* SNMPv1 noSuchName for one varbind: report it noSuchObject and ask again
 * without it, so it does not cost the others. */
static void get_nosuchname(struct job *j, long idx)
{
	unsigned s;

	if (idx < 1 || idx > j->nsent) {
		finish(j, SHM_ERROR, "agent error: noSuchName");
		return;
	}
	s = j->sent_idx[idx - 1];
	if (s == HIDDEN) {
		j->want_uptime = 0;
	} else {
		j->gone[s / 8] |= (uint8_t)(1u << (s % 8));
		shm_rec_set(j->rec, j->host, s, s, SHM_T_NOSUCHOBJECT, 0, NULL, 0, NULL, 0, 0);
	}
	j->state = JOB_SEND;
}

/* tooBig: send less.  A GET's table scalars are split (pdu_max limits
 * only them), then the hidden sysUpTime.0 is dropped; a GETBULK asks for
 * fewer repetitions.  When nothing is left to shrink, the host fails. */
static int too_big(struct job *j)
{
	unsigned k, scalars = 0, hidden = 0;

	for (k = 0; k < j->nsent; k++)
		j->sent_idx[k] == HIDDEN ? hidden++ : scalars++;
	if (scalars > 1)
		j->pdu_max = (uint16_t)(scalars / 2);
	else if (hidden)
		j->want_uptime = 0;
	else if (!j->nsent && j->reps > 1 && table_hosts[j->host].version != TABLE_V1)
		j->reps = (uint16_t)(j->reps / 2);
	else
		return -1;
	j->state = JOB_SEND;
	return 0;
}

static void get_error(struct job *j, const netsnmp_pdu *pdu)
{
	char msg[64];

	if (pdu->errstat == SNMP_ERR_NOSUCHNAME) {
		get_nosuchname(j, pdu->errindex);
		return;
	}
	if (pdu->errstat == SNMP_ERR_TOOBIG && too_big(j) == 0)
		return;
	snprintf(msg, sizeof(msg), "agent error: %s", snmp_errstring((int)pdu->errstat));
	finish(j, SHM_ERROR, msg);
}

static int under_base(const struct job *j, const netsnmp_variable_list *vb)
{
	const struct table_item *it = item(j, j->walk);
	size_t i;

	if (vb->name_length <= it->arc_len)
		return 0;
	for (i = 0; i < it->arc_len; i++)
		if (vb->name[i] != table_arcs[it->arc_off + i])
			return 0;
	return 1;
}

static int after_cursor(const struct job *j, const netsnmp_variable_list *vb)
{
	oid cur[MAX_OID_LEN];
	unsigned i;

	for (i = 0; i < j->cur_len; i++)
		cur[i] = j->cur[i];
	return snmp_oid_compare(vb->name, vb->name_length, cur, j->cur_len) > 0;
}

static void walk_next_item(struct job *j)
{
	j->walk++;
	j->cur_len = 0;
	j->state = JOB_SEND;
}

/* One walked varbind: 1 to go on, 0 when this walk item is finished. */
static int walk_one(struct job *j, const netsnmp_variable_list *vb)
{
	struct shm_host *r = j->rec;
	unsigned i;

	if (vb->type == SNMP_ENDOFMIBVIEW || vb->type == SNMP_NOSUCHOBJECT ||
	    vb->type == SNMP_NOSUCHINSTANCE || !under_base(j, vb) ||
	    !after_cursor(j, vb) || vb->name_length > CONFIG_OID_MAX_ARCS)
		return 0;
	if (r->nvalues >= table_hosts[j->host].nvals) {
		r->truncated = 1;
		return 0;
	}
	if (value_decode(r, j->host, r->nvalues, j->walk, vb) < 0) {
		r->truncated = 1;	/* the host's data area is full */
		return 0;
	}
	r->nvalues++;
	for (i = 0; i < vb->name_length; i++)
		j->cur[i] = (uint32_t)vb->name[i];
	j->cur_len = (uint8_t)vb->name_length;
	return 1;
}

/* A walk's answer: one(j, vb) takes each varbind (0: this walk is over,
 * then ended(j) moves on). */
static void bulk_answered(struct job *j, const netsnmp_pdu *pdu,
			  int (*one)(struct job *, const netsnmp_variable_list *),
			  void (*ended)(struct job *))
{
	const netsnmp_variable_list *vb, *first = pdu->variables;

	/* v1: the end of the MIB view.  A v2c/v3 agent has endOfMibView for
	 * that, but some old ones answer noSuchName: taken as the end too,
	 * when it names one of the request's varbinds (the non-repeater
	 * sysUpTime of a walk's first GETBULK counts), else an agent error. */
	if (pdu->errstat == SNMP_ERR_NOSUCHNAME &&
	    (table_hosts[j->host].version == TABLE_V1 ||
	     (pdu->errindex >= 1 && pdu->errindex <= 1 + j->bulk_uptime))) {
		ended(j);
		return;
	}
	if (pdu->errstat != SNMP_ERR_NOERROR) {
		get_error(j, pdu);
		return;
	}
	if (!pdu->variables) {
		finish(j, SHM_ERROR, "malformed response");
		return;
	}
	/* The non-repeater comes first: sysUpTime.0, if the agent has it. */
	if (j->bulk_uptime) {
		if (oid_eq(first->name, first->name_length, sysuptime0, 9))
			got_uptime(j, first);
		j->bulk_uptime = 0;
		j->want_uptime = 0;
		first = first->next_variable;
	}
	for (vb = first; vb; vb = vb->next_variable)
		if (!one(j, vb)) {
			ended(j);
			return;
		}
	j->state = JOB_SEND;
}

static void got_rtt(struct job *j, int64_t us)
{
	j->answers++;
	if (!j->have_rtt) {
		j->rtt_us = (uint32_t)(us - j->sent_us);
		j->have_rtt = 1;
	}
}

/* ---- the interface walk (ifview.h plans it) ------------------------------ */

static void if_next_column(struct job *j)
{
	ifview_next_column(j->ifv);
	j->cur_len = 0;
	j->if_cells = 0;
	j->state = JOB_SEND;
}

static void if_cell_of(const netsnmp_variable_list *vb, struct ifv_cell *c)
{
	memset(c, 0, sizeof(*c));
	c->type = (uint8_t)vb->type;
	if (vb->type == ASN_OCTET_STR) {
		c->str = vb->val.string;
		c->len = vb->val.string ? (unsigned)vb->val_len : 0;
	} else if (vb->type == ASN_COUNTER64 && vb->val.counter64 &&
		   vb->val_len >= sizeof(struct counter64)) {
		c->num = (uint64_t)(vb->val.counter64->high & 0xffffffffu) << 32 |
			 (vb->val.counter64->low & 0xffffffffu);
	} else if (vb->val.integer && vb->val_len >= sizeof(long)) {
		c->num = vb->type == ASN_INTEGER ? (uint64_t)(int64_t)*vb->val.integer
						 : (uint64_t)(unsigned long)*vb->val.integer & 0xffffffffu;
	} else {
		c->type = 0;	/* unreadable: no column takes it */
	}
}

/* One varbind of a column: 1 to go on, 0 when the column is finished.
 * Every varbind moves the cursor forward, and a column takes at most
 * MAX_IFACES + 16 of them, so no agent can keep a walk going. */
static int if_one(struct job *j, const netsnmp_variable_list *vb)
{
	struct ifv_cell c;
	unsigned i;

	if (vb->type == SNMP_ENDOFMIBVIEW || vb->type == SNMP_NOSUCHOBJECT ||
	    vb->type == SNMP_NOSUCHINSTANCE || vb->name_length <= j->if_len ||
	    !oid_eq(vb->name, j->if_len, j->if_base, j->if_len) ||
	    !after_cursor(j, vb) || vb->name_length > CONFIG_OID_MAX_ARCS ||
	    ++j->if_cells > CONFIG_MAX_IFACES + 16)
		return 0;
	for (i = 0; i < vb->name_length; i++)
		j->cur[i] = (uint32_t)vb->name[i];
	j->cur_len = (uint8_t)vb->name_length;
	if (vb->name_length != j->if_len + 1u)
		return 1;	/* not a row of the column */
	if_cell_of(vb, &c);
	return ifview_cell(j->ifv, (uint32_t)vb->name[j->if_len], &c);
}

static void answered(struct job *j, const netsnmp_pdu *pdu, int64_t us)
{
	if (check_pdu(j, pdu) < 0) {
		finish(j, SHM_ERROR, "bad response (community or type)");
		return;
	}
	got_rtt(j, us);
	if (j->nsent)
		pdu->errstat == SNMP_ERR_NOERROR ? get_answered(j, pdu) : get_error(j, pdu);
	else if (j->in_ifwalk) {
		ifview_stamp(j->ifv, us / 1000);
		bulk_answered(j, pdu, if_one, if_next_column);
	} else {
		bulk_answered(j, pdu, walk_one, walk_next_item);
	}
}

/* SNMPv3: engine-ID discovery, Reports and USM errors (usm.c); 1 when
 * handled there.  A Report's request-id need not be ours: net-snmp matched
 * it to our one outstanding request by msgID. */
static int usm_callback(struct job *j, int op, netsnmp_pdu *pdu, int64_t us)
{
	const char *why = NULL;

	switch (usm_on_pdu(j->host, j->sp, op, pdu, &why)) {
	case USM_PASS:
		return 0;
	case USM_SEND:
		got_rtt(j, us);
		j->state = JOB_SEND;
		return 1;
	default:
		finish(j, SHM_ERROR, why);
		return 1;
	}
}

static int on_pdu(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu, void *magic)
{
	struct job *j = magic;
	int64_t us = now_us();

	(void)s;
	if (table_hosts[j->host].usm && j->state == JOB_WAIT && usm_callback(j, op, pdu, us))
		return 1;
	if (reqid != j->reqid || j->state != JOB_WAIT)
		return 1;
	switch (op) {
	case NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE:
		answered(j, pdu, us);
		break;
	case NETSNMP_CALLBACK_OP_RESEND:
		j->sent_us = us;
		j->deadline = us / 1000 + table_hosts[j->host].timeout_ms + 1;
		break;
	case NETSNMP_CALLBACK_OP_TIMED_OUT: {
		int err = 0;
		const char *why = table_hosts[j->host].usm ? usm_timed_out(j->host, &err) : "timeout";

		finish(j, err ? SHM_ERROR : SHM_TIMEOUT, why);
		break;
	}
	default:
		finish(j, SHM_ERROR, "send failed");
		break;
	}
	return 1;
}

/* ---- requests ------------------------------------------------------------ */

static void send_pdu(struct job *j, netsnmp_pdu *pdu, int64_t now)
{
	if (table_hosts[j->host].usm)
		usm_bind(j->host);
	j->reqid = snmp_sess_async_send(j->sp, pdu, on_pdu, j);
	if (!j->reqid) {
		snmp_free_pdu(pdu);
		finish(j, SHM_ERROR, "send failed");
		return;
	}
	j->requests++;
	j->sent_us = now_us();
	j->deadline = now + table_hosts[j->host].timeout_ms + 1;
	j->state = JOB_WAIT;
}

static netsnmp_pdu *build_get(struct job *j)
{
	const struct table_host *h = &table_hosts[j->host];
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);
	unsigned s;

	j->nsent = 0;
	for (s = j->next; s < h->nscalars && j->nsent < j->pdu_max; s++) {
		if (is_gone(j, s))
			continue;
		add_var(pdu, &table_arcs[item(j, s)->arc_off], item(j, s)->arc_len);
		j->sent_idx[j->nsent++] = (uint16_t)s;
	}
	j->chunk_end = s;
	if (j->want_uptime) {
		add_var(pdu, sysuptime0, 9);
		j->sent_idx[j->nsent++] = HIDDEN;
	}
	return pdu;
}

/* Once its scalars are done, a host walking on v2c or v3 gets its
 * sysUpTime.0 as the next GETBULK's non-repeater (GETNEXT of sysUpTime)
 * instead of a request of its own.  Asked only when no scalar is left. */
static int uptime_in_walk(const struct job *j)
{
	const struct table_host *h = &table_hosts[j->host];

	return h->version != TABLE_V1 && j->walk < h->nitems && j->rec->nvalues < h->nvals;
}

static netsnmp_pdu *build_walk(struct job *j)
{
	const struct table_host *h = &table_hosts[j->host];
	const struct table_item *it = item(j, j->walk);
	unsigned room = h->nvals - j->rec->nvalues;
	netsnmp_pdu *pdu;

	if (!j->cur_len) {
		memcpy(j->cur, &table_arcs[it->arc_off], it->arc_len * 4);
		j->cur_len = it->arc_len;
	}
	if (h->version == TABLE_V1) {
		pdu = snmp_pdu_create(SNMP_MSG_GETNEXT);
	} else {
		pdu = snmp_pdu_create(SNMP_MSG_GETBULK);
		pdu->non_repeaters = 0;
		/* One more than fits tells a full walk from a cut one. */
		pdu->max_repetitions = room + 1 < j->reps ? room + 1 : j->reps;
	}
	j->bulk_uptime = j->want_uptime && pdu->command == SNMP_MSG_GETBULK;
	if (j->bulk_uptime) {
		pdu->non_repeaters = 1;
		add_var(pdu, sysuptime0, 8);
	}
	add_var(pdu, j->cur, j->cur_len);
	j->nsent = 0;
	return pdu;
}

/* The next request of the interface walk, or NULL when it is done. */
static netsnmp_pdu *build_ifwalk(struct job *j)
{
	netsnmp_pdu *pdu;

	if (!j->cur_len) {
		j->if_len = (uint8_t)ifview_column(j->ifv, j->if_base);
		if (!j->if_len)
			return NULL;
		memcpy(j->cur, j->if_base, j->if_len * 4);
		j->cur_len = j->if_len;
	}
	if (table_hosts[j->host].version == TABLE_V1) {
		pdu = snmp_pdu_create(SNMP_MSG_GETNEXT);
	} else {
		pdu = snmp_pdu_create(SNMP_MSG_GETBULK);
		pdu->non_repeaters = 0;
		pdu->max_repetitions = CONFIG_MAX_IFACES + 1 < CONFIG_WALK_REPETITIONS ?
				       CONFIG_MAX_IFACES + 1 : CONFIG_WALK_REPETITIONS;
	}
	add_var(pdu, j->cur, j->cur_len);
	j->nsent = 0;
	j->bulk_uptime = 0;
	j->in_ifwalk = 1;
	return pdu;
}

void engine_step(struct job *j, int64_t now)
{
	const struct table_host *h = &table_hosts[j->host];

	while (j->state == JOB_SEND) {
		netsnmp_pdu *probe;

		if (j->requests >= engine_budget(j->host)) {
			finish(j, SHM_ERROR, "request budget exhausted");
			return;
		}
		probe = h->usm ? usm_probe(j->sp, j->host) : NULL;
		if (probe) {
			send_pdu(j, probe, now);
			return;
		}
		if (j->next < h->nscalars || (j->want_uptime && !uptime_in_walk(j))) {
			netsnmp_pdu *pdu = build_get(j);
			if (!j->nsent) {	/* every scalar left was noSuchName */
				snmp_free_pdu(pdu);
				j->next = j->chunk_end;
				continue;
			}
			send_pdu(j, pdu, now);
			return;
		}
		if (j->walk < h->nitems && j->rec->nvalues < h->nvals) {
			send_pdu(j, build_walk(j), now);
			return;
		}
		if (j->walk < h->nitems)
			j->rec->truncated = 1;
		if (h->ifaces && j->ifv) {
			netsnmp_pdu *pdu = build_ifwalk(j);
			if (pdu) {
				send_pdu(j, pdu, now);
				return;
			}
		}
		finish(j, SHM_OK, NULL);
		return;
	}
}

/* ---- the job's life ------------------------------------------------------ */

static unsigned log2_ceil(unsigned n)
{
	unsigned k = 0;

	while ((1u << k) < n)
		k++;
	return k;
}

unsigned engine_budget(unsigned host)
{
	const struct table_host *h = &table_hosts[host];
	unsigned walks = h->nitems - h->nscalars;

	/* Scalars: one GET each at worst, one re-send per noSuchName, the
	 * tooBig halvings and the hidden sysUpTime.0.  Walks: a request per
	 * value, one to end each item, the tooBig halvings.  SNMPv3: the
	 * discovery, a re-discovery and the request it repeats. */
	return 2 * h->nscalars + log2_ceil(CONFIG_PDU_VARBINDS) + 4 +
	       h->nvals + walks + log2_ceil(CONFIG_WALK_REPETITIONS) + 4 +
	       (h->usm ? USM_REQUESTS : 0) +
	       /* The interface view: at most 12 columns (ifview.c) of
	        * MAX_IFACES+16 rows each, one GETNEXT a row on v1. */
	       (h->ifaces ? 12u * (CONFIG_MAX_IFACES + 17) + log2_ceil(CONFIG_WALK_REPETITIONS) : 0);
}

static int find_uptime_slot(const struct job *j)
{
	const struct table_host *h = &table_hosts[j->host];
	unsigned s;

	for (s = 0; s < h->nscalars; s++) {
		const struct table_item *it = item(j, s);
		if (it->arc_len == 9 && !memcmp(&table_arcs[it->arc_off], sysuptime0, sizeof(sysuptime0)))
			return (int)s;
	}
	return -1;
}

void engine_start(struct job *j, unsigned host, uint16_t gen, struct shm_host *rec,
		  struct ifv_walk *ifv, int64_t now)
{
	const struct table_host *h = &table_hosts[host];

	memset(j, 0, sizeof(*j));
	if (h->ifaces && ifv) {
		j->ifv = ifv;
		ifview_begin(ifv, h->version == TABLE_V1);
	}
	j->host = host;
	j->gen = gen;
	j->rec = rec;
	j->fd = -1;
	j->walk = h->nscalars;
	j->pdu_max = CONFIG_PDU_VARBINDS;
	j->reps = CONFIG_WALK_REPETITIONS;
	j->uptime_slot = find_uptime_slot(j);
	j->want_uptime = j->uptime_slot < 0;
	shm_rec_init(rec, host);
	j->sp = open_session(h, &j->fd);
	if (!j->sp) {
		char msg[64];
		snprintf(msg, sizeof(msg), "cannot open session: %s", strerror(errno ? errno : EMFILE));
		finish(j, SHM_ERROR, msg);
		return;
	}
	j->state = JOB_SEND;
	engine_step(j, now);
}

/* ---- datagrams ---------------------------------------------------------- */

void engine_readable(struct job *j)
{
	static uint8_t dgram[65536];
	struct screen_want w;
	netsnmp_large_fd_set fds;
	ssize_t n;

	/* At most what this request can get back: a GET's varbinds, a
	 * walk's repetitions (GETNEXT: 1) and its sysUpTime non-repeater. */
	w.version = table_hosts[j->host].version;
	w.max_varbinds = j->nsent ? j->nsent : CONFIG_WALK_REPETITIONS + j->bulk_uptime;
	n = recv(j->fd, dgram, sizeof(dgram), MSG_PEEK | MSG_DONTWAIT);
	if (n >= 0 && (!screen_check(dgram, (size_t)n, &w) ||
		       (table_hosts[j->host].usm && !usm_dgram_ok(j->host, dgram, (size_t)n)))) {
		if (recv(j->fd, dgram, 1, MSG_DONTWAIT) < 0) {
			/* gone already: nothing to drop */
		}
		return;
	}
	if (table_hosts[j->host].usm)
		usm_bind(j->host);
	netsnmp_large_fd_set_init(&fds, j->fd + 1);
	NETSNMP_LARGE_FD_SET(j->fd, &fds);
	snmp_sess_read2(j->sp, &fds);
	netsnmp_large_fd_set_cleanup(&fds);
}

void engine_sockerr(struct job *j)
{
	int err = 0;
	socklen_t len = sizeof(err);
	char msg[64];

	if (getsockopt(j->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || !err)
		return;
	if (j->state != JOB_WAIT)
		return;
	snprintf(msg, sizeof(msg), "%s", err == ECONNREFUSED ? "connection refused" : strerror(err));
	finish(j, SHM_ERROR, msg);
}

void engine_tick(struct job *j, int64_t now)
{
	if (j->state != JOB_WAIT || now < j->deadline)
		return;
	if (table_hosts[j->host].usm)
		usm_bind(j->host);	/* a retransmission is built anew */
	snmp_sess_timeout(j->sp);
	if (j->state != JOB_WAIT || j->deadline > now)
		return;
	/* Neither resent (OP_RESEND moves j->sent_us) nor timed out a second
	 * after it was due: net-snmp is stuck on this request.  That happens
	 * when snmp_resend_request() cannot allocate its packet buffer: it
	 * returns without counting the retry or moving the expiry, so the
	 * request stays expired for ever and the worker would spin on it. */
	if (now - j->sent_us / 1000 > (int64_t)table_hosts[j->host].timeout_ms + 1000) {
		finish(j, SHM_ERROR, "request stalled (out of memory?)");
		return;
	}
	/* net-snmp's clock may lag ours by a hair: look again soon. */
	j->deadline = now + 2;
}

void engine_abort(struct job *j, const char *why)
{
	finish(j, SHM_ERROR, why);
}

void engine_close(struct job *j)
{
	if (j->sp && table_hosts[j->host].usm)
		usm_closed(j->host);
	if (j->sp)
		snmp_sess_close(j->sp);
	j->sp = NULL;
	j->fd = -1;
	j->state = JOB_FREE;
}
