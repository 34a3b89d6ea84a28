/* SPDX-License-Identifier: MIT */
/* SNMPv3 user-based security for the engine (see usm.h).
 *
 * Design.  net-snmp would probe an agent's engine ID with a blocking
 * request inside session open; we open with SNMP_FLAGS_DONT_PROBE and do
 * the discovery as one more asynchronous request of the job: an empty,
 * reportable GET at noAuthNoPriv from the "" user, answered by a Report
 * that carries the agent's engine ID (net-snmp caches its boots and time,
 * unauthenticated, until an authenticated message confirms them).  The
 * table's keys (Ku) are then localised to that engine ID once, and kept
 * with the engine ID per host for the next cycles of this worker.
 *
 * net-snmp keeps one global user table keyed by (engine ID, user name).
 * Two hosts of the table may share both (one agent polled as two hosts,
 * devices cloned with the same engine ID) with different keys, so before
 * net-snmp builds or parses a message for a host, usm_bind() writes that
 * host's keys into the entry: the worker is single-threaded and net-snmp
 * looks the entry up each time.
 *
 * State, per table host (this worker's view): the engine ID and localised
 * keys (kept across cycles), and per poll whether discovery is due, one
 * allowed re-discovery (agent restart: unknownEngineID or notInTimeWindow
 * after net-snmp's own retry) and a small budget of datagrams carrying a
 * foreign engine ID that net-snmp may parse.  Every engine ID net-snmp
 * parses gets a time record in its list; the foreign ones let through are
 * remembered and their records freed when the poll ends, so a hostile
 * agent cannot grow the worker's memory cycle after cycle.
 */
#include "usm.h"

#if ENABLE_SNMPV3

#include <stdlib.h>
#include <string.h>

#include <net-snmp/library/keytools.h>
#include <net-snmp/library/lcd_time.h>
#include <net-snmp/library/snmpusm.h>
#include <net-snmp/library/transform_oids.h>

#define ENGINE_MIN 5		/* RFC 3411 SnmpEngineID */
#define ENGINE_MAX 32
#define PRIV_KEY_LEN 16		/* DES key + pre-IV; AES-128 key */
#define FOREIGN_MAX 2		/* foreign engine IDs parsed per poll */

struct engine_id {
	uint8_t len;
	uint8_t id[ENGINE_MAX];
};

struct peer {
	struct engine_id engine;	/* len 0: unknown to this worker */
	uint8_t auth_len;
	uint8_t auth_kul[TABLE_KU_MAX];
	uint8_t priv_kul[PRIV_KEY_LEN];
	uint8_t discover;		/* this poll: engine ID to be learnt */
	uint8_t rediscovered;		/* this poll: the one re-discovery used */
	uint8_t learnt;			/* this poll: discovery was answered */
	uint8_t nforeign;
	struct engine_id foreign[FOREIGN_MAX];
};

static struct peer peers[CONFIG_MAX_HOSTS];

#define OIDLEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct table_usm *usm_of(unsigned host)
{
	return table_hosts[host].usm;
}

static oid *auth_proto(const struct table_usm *u, size_t *len)
{
	*len = OIDLEN(usmNoAuthProtocol);
	if (u->auth == TABLE_AUTH_MD5)
		return usmHMACMD5AuthProtocol;
	if (u->auth == TABLE_AUTH_SHA)
		return usmHMACSHA1AuthProtocol;
	return usmNoAuthProtocol;
}

static oid *priv_proto(const struct table_usm *u, size_t *len)
{
	*len = OIDLEN(usmNoPrivProtocol);
	if (u->priv == TABLE_PRIV_DES)
		return usmDESPrivProtocol;
	if (u->priv == TABLE_PRIV_AES)
		return usmAESPrivProtocol;
	return usmNoPrivProtocol;
}

static int same_engine(const struct engine_id *e, const uint8_t *id, size_t n)
{
	return e->len == n && !memcmp(e->id, id, n);
}

/* Another host of this worker knows the same engine ID. */
static int shared(unsigned host, const struct engine_id *e)
{
	unsigned i;

	for (i = 0; i < table_nhosts; i++)
		if (i != host && same_engine(&peers[i].engine, e->id, e->len))
			return 1;
	return 0;
}

/* ---- the session --------------------------------------------------------- */

void usm_session(netsnmp_session *s, const struct table_host *h)
{
	const struct table_usm *u = h->usm;

	s->version = SNMP_VERSION_3;
	s->securityModel = SNMP_SEC_MODEL_USM;
	s->securityName = (char *)u->user;
	s->securityNameLen = strlen(u->user);
	s->securityLevel = u->level;
	s->contextName = (char *)u->context;
	s->contextNameLen = strlen(u->context);
	s->securityAuthProto = auth_proto(u, &s->securityAuthProtoLen);
	s->securityPrivProto = priv_proto(u, &s->securityPrivProtoLen);
	/* No keys in the session: usm_bind() puts them in the user table. */
	s->flags |= SNMP_FLAGS_DONT_PROBE;
}

static void clear_engine(netsnmp_session *s)
{
	free(s->securityEngineID);
	free(s->contextEngineID);
	s->securityEngineID = s->contextEngineID = NULL;
	s->securityEngineIDLen = s->contextEngineIDLen = 0;
}

static void set_engine(netsnmp_session *s, const struct engine_id *e)
{
	clear_engine(s);
	s->securityEngineID = netsnmp_memdup(e->id, e->len);
	s->contextEngineID = netsnmp_memdup(e->id, e->len);
	if (s->securityEngineID && s->contextEngineID)
		s->securityEngineIDLen = s->contextEngineIDLen = e->len;
	else	/* out of memory: the agent's unknownEngineID re-discovers */
		clear_engine(s);
}

void usm_opened(void *sp, unsigned host)
{
	netsnmp_session *s = snmp_sess_session(sp);
	struct peer *p = &peers[host];

	/* snmp_sess_add() clears the flag: keep net-snmp from probing
	 * synchronously before a send. */
	s->flags |= SNMP_FLAGS_DONT_PROBE;
	p->discover = p->engine.len == 0;
	p->rediscovered = 0;
	p->learnt = 0;
	p->nforeign = 0;
	if (p->engine.len)
		set_engine(s, &p->engine);
}

netsnmp_pdu *usm_probe(void *sp, unsigned host)
{
	netsnmp_pdu *pdu;

	if (!peers[host].discover)
		return NULL;
	clear_engine(snmp_sess_session(sp));
	pdu = snmp_pdu_create(SNMP_MSG_GET);
	if (!pdu)
		return NULL;
	pdu->version = SNMP_VERSION_3;
	pdu->securityModel = SNMP_SEC_MODEL_USM;
	pdu->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
	pdu->securityName = strdup("");	/* net-snmp's discovery user */
	pdu->securityNameLen = 0;
	return pdu;
}

/* ---- net-snmp's user table ------------------------------------------------ */

static int set_proto(oid **cur, size_t *cur_len, const oid *want, size_t len)
{
	oid *o;

	if (*cur && !snmp_oid_compare(*cur, *cur_len, want, len))
		return 0;
	o = snmp_duplicate_objid(want, len);
	if (!o)
		return -1;
	free(*cur);
	*cur = o;
	*cur_len = len;
	return 0;
}

/* A user entry for (e, name), without keys (noAuthNoPriv) until bound. */
static struct usmUser *new_user(const struct engine_id *e, const char *name)
{
	struct usmUser *u = usm_create_user();

	if (!u)
		return NULL;
	u->engineID = netsnmp_memdup(e->id, e->len);
	u->engineIDLen = e->len;
	u->name = strdup(name);
	u->secName = strdup(name);
	u->authKey = calloc(1, TABLE_KU_MAX);
	u->privKey = calloc(1, PRIV_KEY_LEN);
	if (!u->engineID || !u->name || !u->secName || !u->authKey || !u->privKey) {
		usm_free_user(u);
		return NULL;
	}
	usm_add_user(u);
	return u;
}

void usm_bind(unsigned host)
{
	const struct table_usm *t = usm_of(host);
	struct peer *p = &peers[host];
	struct usmUser *u;
	oid *proto;
	size_t len;

	if (p->discover || !p->engine.len)
		return;
	u = usm_get_user(p->engine.id, p->engine.len, t->user);
	if (!u && !(u = new_user(&p->engine, t->user)))
		return;		/* out of memory: this host's poll fails */
	proto = auth_proto(t, &len);
	if (set_proto(&u->authProtocol, &u->authProtocolLen, proto, len) < 0)
		return;
	proto = priv_proto(t, &len);
	if (set_proto(&u->privProtocol, &u->privProtocolLen, proto, len) < 0)
		return;
	memcpy(u->authKey, p->auth_kul, p->auth_len);
	u->authKeyLen = p->auth_len;
	memcpy(u->privKey, p->priv_kul, PRIV_KEY_LEN);
	u->privKeyLen = t->level == TABLE_AUTHPRIV ? PRIV_KEY_LEN : 0;
}

static void drop_user(const struct engine_id *e, const char *name)
{
	struct usmUser *u = usm_get_user(e->id, e->len, name);

	if (u) {
		usm_remove_user(u);
		usm_free_user(u);
	}
}

/* The host's engine ID is no longer trusted: drop its user entry and, if
 * no other host knows the engine, its time record. */
static void forget(unsigned host)
{
	struct peer *p = &peers[host];

	if (!p->engine.len)
		return;
	drop_user(&p->engine, usm_of(host)->user);
	if (!shared(host, &p->engine))
		free_enginetime(p->engine.id, p->engine.len);
	memset(p->auth_kul, 0, sizeof(p->auth_kul));
	memset(p->priv_kul, 0, sizeof(p->priv_kul));
	p->engine.len = 0;
}

/* Kul = localised Ku (RFC 3414 2.6); the privacy key with the auth hash,
 * its first 16 bytes used. */
static int localize(unsigned host)
{
	const struct table_usm *t = usm_of(host);
	struct peer *p = &peers[host];
	u_char kul[SNMP_MAXBUF_SMALL];
	size_t plen, len = sizeof(kul);
	oid *proto = auth_proto(t, &plen);
	int rc = 0;

	p->auth_len = 0;
	if (t->level == TABLE_NOAUTH)
		return 0;
	if (generate_kul(proto, plen, p->engine.id, p->engine.len, t->auth_ku,
			 t->ku_len, kul, &len) != SNMPERR_SUCCESS || len > TABLE_KU_MAX)
		return -1;
	memcpy(p->auth_kul, kul, len);
	p->auth_len = (uint8_t)len;
	len = sizeof(kul);
	if (t->level == TABLE_AUTHPRIV &&
	    (generate_kul(proto, plen, p->engine.id, p->engine.len, t->priv_ku,
			  t->ku_len, kul, &len) != SNMPERR_SUCCESS || len < PRIV_KEY_LEN))
		rc = -1;
	else if (t->level == TABLE_AUTHPRIV)
		memcpy(p->priv_kul, kul, PRIV_KEY_LEN);
	memset(kul, 0, sizeof(kul));
	return rc;
}

/* ---- the datagram screen's USM part --------------------------------------- */

/* The element at *p: its tag must be tag; *p moves into it (in = 1) or
 * past it.  -1 if it does not fit in end. */
static int ber_take(const uint8_t **p, const uint8_t *end, int tag, int in,
		    const uint8_t **val, size_t *vlen)
{
	const uint8_t *q = *p;
	size_t len, k;

	if (end - q < 2 || *q++ != tag)
		return -1;
	len = *q++;
	if (len & 0x80) {
		k = len & 0x7f;
		if (k == 0 || k > 3 || (size_t)(end - q) < k)
			return -1;
		for (len = 0; k; k--)
			len = len << 8 | *q++;
	}
	if ((size_t)(end - q) < len)
		return -1;
	*val = q;
	*vlen = len;
	*p = in ? q : q + len;
	return 0;
}

/* msgAuthoritativeEngineID of an SNMPv3 message (RFC 3412 6, RFC 3414
 * 2.4), or -1 if the message cannot be read that far. */
static int msg_engine(const uint8_t *buf, size_t n, const uint8_t **id,
		      size_t *len)
{
	const uint8_t *p = buf, *end = buf + n, *v;
	size_t vlen;

	if (ber_take(&p, end, 0x30, 1, &v, &vlen) < 0)	/* SNMPv3Message */
		return -1;
	end = p + vlen;
	if (ber_take(&p, end, 0x02, 0, &v, &vlen) < 0 || vlen != 1 || *v != 3)
		return -1;				/* msgVersion */
	if (ber_take(&p, end, 0x30, 0, &v, &vlen) < 0)	/* msgGlobalData */
		return -1;
	if (ber_take(&p, end, 0x04, 1, &v, &vlen) < 0)	/* msgSecurityParameters */
		return -1;
	end = p + vlen;
	if (ber_take(&p, end, 0x30, 1, &v, &vlen) < 0)	/* UsmSecurityParameters */
		return -1;
	return ber_take(&p, p + vlen, 0x04, 0, id, len);	/* engine ID */
}

int usm_dgram_ok(unsigned host, const uint8_t *buf, size_t n)
{
	struct peer *p = &peers[host];
	struct engine_id *f;
	const uint8_t *id;
	size_t len;

	if (msg_engine(buf, n, &id, &len) < 0 || len > ENGINE_MAX)
		return 0;
	if (!p->discover && same_engine(&p->engine, id, len))
		return 1;
	/* Discovery's answer, or a Report from an agent whose engine ID
	 * changed: a few per poll, remembered to free their time records.
	 * That Report names our user under the new engine ID: net-snmp drops
	 * it unless such a user exists, so one without keys is added (it can
	 * only read unauthenticated messages) until the poll ends. */
	if (p->nforeign >= FOREIGN_MAX)
		return 0;
	f = &p->foreign[p->nforeign++];
	f->len = (uint8_t)len;
	memcpy(f->id, id, len);
	if (!p->discover && len && !usm_get_user(f->id, f->len, usm_of(host)->user))
		new_user(f, usm_of(host)->user);
	return 1;
}

/* ---- callbacks --------------------------------------------------------------- */

static const char *usm_error(int type)
{
	switch (type) {
	case SNMPERR_UNKNOWN_USER_NAME:
	case SNMPERR_USM_UNKNOWNSECURITYNAME:
		return "unknown user name";
	case SNMPERR_AUTHENTICATION_FAILURE:
	case SNMPERR_USM_AUTHENTICATIONFAILURE:
		return "authentication failure";
	case SNMPERR_UNSUPPORTED_SEC_LEVEL:
	case SNMPERR_USM_UNSUPPORTEDSECURITYLEVEL:
		return "unsupported security level";
	case SNMPERR_DECRYPTION_ERR:
	case SNMPERR_USM_DECRYPTIONERROR:
		return "decryption error";
	case SNMPERR_UNKNOWN_ENG_ID:
	case SNMPERR_USM_UNKNOWNENGINEID:
		return "unknown engine ID";
	case SNMPERR_NOT_IN_TIME_WINDOW:
	case SNMPERR_USM_NOTINTIMEWINDOW:
		return "not in time window";
	default:
		return NULL;
	}
}

static enum usm_verdict fail(const char **why, int type, const char *other)
{
	*why = usm_error(type);
	if (!*why)
		*why = other;
	return USM_FAIL;
}

/* The discovery Report: the agent's engine ID, then its keys. */
static enum usm_verdict learn(unsigned host, void *sp, netsnmp_pdu *pdu,
			      int type, const char **why)
{
	struct peer *p = &peers[host];
	size_t n = pdu ? pdu->securityEngineIDLen : 0;

	if (type != SNMPERR_UNKNOWN_ENG_ID)
		return fail(why, type, "engine ID discovery failed");
	if (n < ENGINE_MIN || n > ENGINE_MAX) {
		*why = "engine ID discovery failed (bad engine ID)";
		return USM_FAIL;
	}
	p->engine.len = (uint8_t)n;
	memcpy(p->engine.id, pdu->securityEngineID, n);
	if (localize(host) < 0) {
		forget(host);
		*why = "cannot localise the keys";
		return USM_FAIL;
	}
	p->discover = 0;
	p->learnt = 1;
	set_engine(snmp_sess_session(sp), &p->engine);
	return USM_SEND;
}

static enum usm_verdict security_error(unsigned host, void *sp,
				       netsnmp_pdu *pdu, const char **why)
{
	struct peer *p = &peers[host];
	int type = pdu && pdu->command == SNMP_MSG_REPORT ?
		   snmpv3_get_report_type(pdu) : snmp_sess_session(sp)->s_snmp_errno;

	if (p->discover)
		return learn(host, sp, pdu, type, why);
	if ((type == SNMPERR_UNKNOWN_ENG_ID || type == SNMPERR_NOT_IN_TIME_WINDOW) &&
	    !p->rediscovered) {
		p->rediscovered = 1;
		forget(host);
		p->discover = 1;
		return USM_SEND;
	}
	return fail(why, type, "SNMPv3 report");
}

enum usm_verdict usm_on_pdu(unsigned host, void *sp, int op, netsnmp_pdu *pdu,
			    const char **why)
{
	if (op == NETSNMP_CALLBACK_OP_SEC_ERROR)
		return security_error(host, sp, pdu, why);
	if (op != NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE)
		return USM_PASS;
	/* Reports come as OP_SEC_ERROR first; a Report here is not ours. */
	if (pdu->command == SNMP_MSG_REPORT || peers[host].discover) {
		*why = "engine ID discovery failed";
		return USM_FAIL;
	}
	return USM_PASS;
}

const char *usm_timed_out(unsigned host, int *error)
{
	struct peer *p = &peers[host];

	/* The agent answered discovery a moment ago, then not an authPriv
	 * request, every try: a wrong auth key or user would have drawn a
	 * Report, so it authenticated the request and could not decrypt it.
	 * net-snmp's agent drops such a request without the
	 * usmStatsDecryptionErrors Report RFC 3414 asks for. */
	*error = 0;
	if (p->learnt && usm_of(host)->level == TABLE_AUTHPRIV) {
		*error = 1;
		return "decryption error (no answer after discovery: wrong privpass?)";
	}
	/* An engine ID from an earlier cycle may be stale (an agent that
	 * changed it and answers in a way we cannot read): discover anew at
	 * the next poll. */
	if (!p->learnt)
		forget(host);
	return "timeout";
}

void usm_closed(unsigned host)
{
	struct peer *p = &peers[host];
	unsigned i;

	for (i = 0; i < p->nforeign; i++) {
		struct engine_id *f = &p->foreign[i];

		if (same_engine(&p->engine, f->id, f->len))
			continue;
		drop_user(f, usm_of(host)->user);
		if (!shared(host, f))
			free_enginetime(f->id, f->len);
	}
	p->nforeign = 0;
}

#else
typedef int usm_unused;	/* ISO C: no empty translation unit */
#endif
