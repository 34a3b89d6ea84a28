/* SPDX-License-Identifier: MIT */
/* Host-table parser (see tblparse.h and docs/hosts-table.md).
 *
 * Line by line: a line is split into tokens (quoted values decoded into a
 * scratch buffer, so every token is a plain C string), then the statement
 * is dispatched.  Choices the format leaves open:
 *  - the first error ends the parse (later errors are often its echo);
 *  - `defaults` takes every host key, oids= included; each `defaults`
 *    line changes the values for the hosts after it, starting from
 *    version=2c community=public port=161 timeout=1000 retries=1;
 *  - oids= names sets defined above that line;
 *  - ADDRESS:PORT and port= on the same host must agree;
 *  - every walk needs at least one value slot, so scalars + walks must
 *    not exceed CONFIG_MAX_OIDS;
 *  - identical OIDs are stored once and hosts with identical item lists
 *    share one list, which keeps the generated table small;
 *  - SNMPv3: `level` and `user` are required; a key the host's version or
 *    level does not use is an error on the host's own line and ignored
 *    when it comes from `defaults` (as a community is for a v3 host), so
 *    one `defaults` line can serve hosts of different levels.
 */
#include "tblparse.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mib.h"
#include "table.h"

#define MAX_TOKS (TBL_LINE_MAX / 2 + 2)
#define OID_ARCS_MAX 128	/* CONFIG_OID_MAX_ARCS range tops out here */

enum {
	K_VERSION = 1, K_COMMUNITY = 2, K_PORT = 4,
	K_TIMEOUT = 8, K_RETRIES = 16, K_OIDS = 32,
	K_USER = 64, K_LEVEL = 128, K_AUTH = 256, K_AUTHPASS = 512,
	K_PRIV = 1024, K_PRIVPASS = 2048, K_CONTEXT = 4096,
};
#define K_V3 (K_USER | K_LEVEL | K_AUTH | K_AUTHPASS | K_PRIV | K_PRIVPASS | K_CONTEXT)

struct cfg {
	uint8_t version, retries;
	uint16_t port;
	uint32_t timeout_ms;
	unsigned given;			/* K_* seen on the current line */
	char community[TBL_COMMUNITY_MAX + 1];
	struct tbl_usm usm;
	unsigned nsets;
	uint32_t sets[MAX_TOKS];
	uint8_t ifaces;			/* the built-in set `interfaces` */
};

struct set {
	char name[TBL_NAME_MAX + 1];
	unsigned line;
	uint32_t first, n;		/* into parser.sitems */
};

struct parser {
	const char *path;
	FILE *err;
	const struct tbl_limits *lim;
	struct tbl *t;
	unsigned line;
	struct cfg defaults, cur;
	struct set *sets;
	unsigned nsets;
	struct tbl_item *sitems;	/* items of all sets */
	size_t nsitems, cap_sitems;
	uint32_t *oidhash;		/* open addressing: oid index + 1 */
	size_t oidhash_cap;
	uint32_t *lhash;		/* per host: hash of its item list */
	size_t cap_hosts, cap_lhash, cap_items, cap_oids, cap_arcs;
	char *tok[MAX_TOKS];
	unsigned ntok;
	char show[2][100];
	unsigned nshow;
	char scratch[2 * (TBL_LINE_MAX + 1)];
};

/* ---- errors ------------------------------------------------------------ */

static int perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int perr(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	fprintf(p->err, "%s:%u: ", p->path, p->line);
	va_start(ap, fmt);
	vfprintf(p->err, fmt, ap);
	va_end(ap);
	fputc('\n', p->err);
	return -1;
}

static int nomem(struct parser *p)
{
	fprintf(p->err, "%s: out of memory\n", p->path);
	return -2;
}

/* Input text quoted in a message: non-printable bytes shown as '?' and
 * cut at 80 characters, so a message always stays one readable line. */
static const char *show(struct parser *p, const char *s)
{
	char *b = p->show[p->nshow++ % 2];
	size_t i;

	for (i = 0; s[i] && i < 80; i++)
		b[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (s[i]) {
		memcpy(b + i, "...", 3);
		i += 3;
	}
	b[i] = '\0';
	return b;
}

/* ---- small helpers ----------------------------------------------------- */

static uint32_t fnv(uint32_t h, const void *data, size_t n)
{
	const unsigned char *s = data;

	while (n--)
		h = (h ^ *s++) * 16777619u;
	return h;
}

/* Make room for need elements of size elem in *ptr (capacity *cap). */
static int grow(void *ptr, size_t *cap, size_t need, size_t elem)
{
	void **pp = ptr;
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / elem)
		return -1;
	q = realloc(*pp, n * elem);
	if (!q)
		return -1;
	*pp = q;
	*cap = n;
	return 0;
}

/* Decimal in lo..hi; no sign, no spaces, no empty string. */
static int parse_uint(const char *s, uint32_t lo, uint32_t hi, uint32_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
		if (x > hi)
			return -1;
	}
	if (x < lo)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* what: "host" or "set" */
static int check_name(struct parser *p, const char *s, const char *what)
{
	size_t n = strlen(s), i;

	if (n > TBL_NAME_MAX)
		return perr(p, "%s name too long (max %d)", what,
			    TBL_NAME_MAX);
	for (i = 0; i < n; i++)
		if (!is_name_char(s[i]))
			break;
	if (n == 0 || i < n)
		return perr(p, "bad %s name '%s' (use A-Z a-z 0-9 _ . -)",
			    what, show(p, s));
	return 0;
}

/* ---- tokens ------------------------------------------------------------ */

/* Quoted value from s[*i] (just past the opening quote) into *out. */
static int read_quoted(struct parser *p, const char *s, size_t n, size_t *i,
		       char **out)
{
	for (;;) {
		char c;

		if (*i >= n)
			return perr(p, "unterminated quoted value");
		c = s[(*i)++];
		if (c == '"')
			break;
		if (c == '\\') {
			if (*i >= n || (s[*i] != '"' && s[*i] != '\\'))
				return perr(p, "bad escape in quoted value "
					    "(only \\\" and \\\\)");
			c = s[(*i)++];
		}
		*(*out)++ = c;
	}
	if (*i < n && !is_space(s[*i]))
		return perr(p, "text after closing quote");
	return 0;
}

/* One token from s[*i]; a value is quoted when '"' follows the first '='. */
static int read_token(struct parser *p, const char *s, size_t n, size_t *i,
		      char **out)
{
	int seen_eq = 0;

	while (*i < n && !is_space(s[*i])) {
		char c = s[(*i)++];

		*(*out)++ = c;
		if (c == '=' && !seen_eq) {
			seen_eq = 1;
			if (*i < n && s[*i] == '"') {
				(*i)++;
				if (read_quoted(p, s, n, i, out) < 0)
					return -1;
				break;
			}
		}
	}
	*(*out)++ = '\0';
	return 0;
}

static int tokenize(struct parser *p, const char *s, size_t n)
{
	char *out = p->scratch;
	size_t i = 0;

	p->ntok = 0;
	for (;;) {
		while (i < n && is_space(s[i]))
			i++;
		if (i >= n || s[i] == '#')
			return 0;
		p->tok[p->ntok++] = out;
		if (read_token(p, s, n, &i, &out) < 0)
			return -1;
	}
}

/* ---- OIDs -------------------------------------------------------------- */

/* "a.b.c" into a[*n...]; counts past OID_ARCS_MAX without storing. */
static int parse_arcs(const char *s, uint32_t *a, unsigned *n)
{
	for (;;) {
		uint64_t x = 0;
		const char *start = s;

		while (*s >= '0' && *s <= '9') {
			x = x * 10 + (uint64_t)(*s++ - '0');
			if (x > UINT32_MAX)
				return -2;
		}
		if (s == start)
			return -1;
		if (*n < OID_ARCS_MAX)
			a[*n] = (uint32_t)x;
		(*n)++;
		if (*s == '\0')
			return 0;
		if (*s++ != '.')
			return -1;
	}
}

/* Built-in name with optional ".instance", or -1 after reporting. */
static int resolve_name(struct parser *p, const char *s, const char *tok,
			uint32_t *a, unsigned *n)
{
	const char *dot = strchr(s, '.');
	size_t len = dot ? (size_t)(dot - s) : strlen(s);
	const struct mib_name *m = mib_lookup(s, len);
	int rc;

	if (!m) {
		char name[81];

		if (len > 80)
			len = 80;
		memcpy(name, s, len);
		name[len] = '\0';
		return perr(p, "unknown name '%s'", show(p, name));
	}
	for (*n = 0; *n < m->len; (*n)++)
		a[*n] = m->arcs[*n];
	rc = dot ? parse_arcs(dot + 1, a, n) : 0;
	if (rc == -2)
		return perr(p, "OID arc out of range in '%s'", show(p, tok));
	if (rc < 0)
		return perr(p, "bad instance in '%s'", show(p, tok));
	return 0;
}

static int parse_numeric(struct parser *p, const char *s, const char *tok,
			 uint32_t *a, unsigned *n)
{
	int rc = parse_arcs(s + (*s == '.'), a, n);

	if (rc == -2)
		return perr(p, "OID arc out of range in '%s'", show(p, tok));
	if (rc < 0 || *n < 2)
		return perr(p, "bad OID '%s'", show(p, tok));
	if (a[0] > 2 || (a[0] < 2 && a[1] > 39))
		return perr(p, "bad OID '%s' (first arcs must be 0.0-39, "
			    "1.0-39 or 2.x)", show(p, tok));
	return 0;
}

static int check_oid_len(struct parser *p, const char *tok, unsigned n,
			 int walk)
{
	unsigned max = p->lim->max_arcs;

	if (walk && n >= max)
		return perr(p, "walk base too long in '%s' (%u arcs, must be "
			    "below CONFIG_OID_MAX_ARCS %u)", show(p, tok),
			    n, max);
	if (n > max)
		return perr(p, "OID too long in '%s' (%u > CONFIG_OID_MAX_ARCS"
			    " %u)", show(p, tok), n, max);
	return 0;
}

static int rehash_oids(struct parser *p)
{
	size_t cap = p->oidhash_cap ? p->oidhash_cap * 2 : 256, i, j;
	uint32_t *h = calloc(cap, sizeof(*h));

	if (!h)
		return -1;
	for (i = 0; i < p->t->noids; i++) {
		const struct tbl_oid *o = &p->t->oids[i];

		j = fnv(2166136261u, p->t->arcs + o->off,
			o->len * sizeof(uint32_t));
		for (j &= cap - 1; h[j]; j = (j + 1) & (cap - 1))
			;
		h[j] = (uint32_t)i + 1;
	}
	free(p->oidhash);
	p->oidhash = h;
	p->oidhash_cap = cap;
	return 0;
}

/* *idx: index of the OID a[0..n-1] in t->oids, added if new. */
static int intern_oid(struct parser *p, const uint32_t *a, unsigned n,
		      uint32_t *idx)
{
	struct tbl *t = p->t;
	size_t mask, i;

	if (t->noids * 2 >= p->oidhash_cap && rehash_oids(p) < 0)
		return -1;
	mask = p->oidhash_cap - 1;
	for (i = fnv(2166136261u, a, n * sizeof(*a)) & mask; p->oidhash[i];
	     i = (i + 1) & mask) {
		const struct tbl_oid *o = &t->oids[p->oidhash[i] - 1];

		if (o->len == n && !memcmp(t->arcs + o->off, a, n * sizeof(*a))) {
			*idx = p->oidhash[i] - 1;
			return 0;
		}
	}
	if (grow(&t->oids, &p->cap_oids, t->noids + 1, sizeof(*t->oids)) ||
	    grow(&t->arcs, &p->cap_arcs, t->narcs + n, sizeof(*t->arcs)))
		return -1;
	memcpy(t->arcs + t->narcs, a, n * sizeof(*a));
	t->oids[t->noids].off = t->narcs;
	t->oids[t->noids].len = (uint8_t)n;
	t->narcs += n;
	*idx = t->noids++;
	p->oidhash[i] = t->noids;
	return 0;
}

static int is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* One set item: numeric OID or built-in name, optionally "walk:". */
static int parse_item(struct parser *p, const char *tok, struct tbl_item *it)
{
	uint32_t a[OID_ARCS_MAX];
	unsigned n = 0;
	int walk = !strncmp(tok, "walk:", 5);
	const char *s = tok + (walk ? 5 : 0);
	int rc;

	if ((*s >= '0' && *s <= '9') || *s == '.')
		rc = parse_numeric(p, s, tok, a, &n);
	else if (is_alpha(*s))
		rc = resolve_name(p, s, tok, a, &n);
	else
		rc = perr(p, "bad OID '%s'", show(p, tok));
	if (rc == 0)
		rc = check_oid_len(p, tok, n, walk);
	if (rc == 0 && intern_oid(p, a, n, &it->oid) < 0)
		rc = nomem(p);
	it->walk = (uint8_t)walk;
	return rc;
}

/* ---- oids statement ---------------------------------------------------- */

static int find_set(const struct parser *p, const char *s, size_t n)
{
	unsigned i;

	for (i = 0; i < p->nsets; i++)
		if (strlen(p->sets[i].name) == n &&
		    !memcmp(p->sets[i].name, s, n))
			return (int)i;
	return -1;
}

static int st_oids(struct parser *p)
{
	const char *name;
	struct set *s;
	int k;

	if (p->ntok < 2)
		return perr(p, "oids: expected NAME ITEM...");
	name = p->tok[1];
	if (check_name(p, name, "set") < 0)
		return -1;
	if (!strcmp(name, TBL_IFACES_SET))
		return perr(p, "'%s' is a built-in OID set", name);
	k = find_set(p, name, strlen(name));
	if (k >= 0)
		return perr(p, "duplicate OID set '%s' (first defined at line "
			    "%u)", name, p->sets[k].line);
	if (p->ntok < 3)
		return perr(p, "OID set '%s' is empty", name);
	if (p->nsets >= TBL_MAX_SETS)
		return perr(p, "too many OID sets (max %d)", TBL_MAX_SETS);
	if (grow(&p->sitems, &p->cap_sitems, p->nsitems + p->ntok,
		 sizeof(*p->sitems)))
		return nomem(p);
	s = &p->sets[p->nsets];
	strcpy(s->name, name);
	s->line = p->line;
	s->first = (uint32_t)p->nsitems;
	for (s->n = 0; s->n + 2 < p->ntok; s->n++) {
		int rc = parse_item(p, p->tok[s->n + 2], &p->sitems[p->nsitems]);

		if (rc)
			return rc;
		p->nsitems++;
	}
	p->nsets++;
	return 0;
}

/* ---- key=value --------------------------------------------------------- */

static int key_version(struct parser *p, struct cfg *c, const char *v)
{
	if (!strcmp(v, "1"))
		c->version = TABLE_V1;
	else if (!strcmp(v, "2c"))
		c->version = TABLE_V2C;
	else if (!strcmp(v, "3") && !p->lim->snmpv3)
		return perr(p, "version=3 but SNMPv3 is off in this build "
			    "(CONFIG_SNMPV3)");
	else if (!strcmp(v, "3"))
		c->version = TABLE_V3;
	else
		return perr(p, "bad version '%s' (1, 2c or 3)", show(p, v));
	return 0;
}

static int key_community(struct parser *p, struct cfg *c, const char *v)
{
	if (strlen(v) > TBL_COMMUNITY_MAX)
		return perr(p, "community too long (max %d bytes)",
			    TBL_COMMUNITY_MAX);
	strcpy(c->community, v);
	return 0;
}

static int key_port(struct parser *p, struct cfg *c, const char *v)
{
	uint32_t x;

	if (parse_uint(v, 1, 65535, &x) < 0)
		return perr(p, "bad port '%s'", show(p, v));
	c->port = (uint16_t)x;
	return 0;
}

static int key_timeout(struct parser *p, struct cfg *c, const char *v)
{
	if (parse_uint(v, 1, 600000, &c->timeout_ms) < 0)
		return perr(p, "bad timeout '%s' (1..600000 ms)", show(p, v));
	return 0;
}

static int key_retries(struct parser *p, struct cfg *c, const char *v)
{
	uint32_t x;

	if (parse_uint(v, 0, 10, &x) < 0)
		return perr(p, "bad retries '%s' (0..10)", show(p, v));
	c->retries = (uint8_t)x;
	return 0;
}

/* "a,b,c": sets defined above this line. */
static int key_oids(struct parser *p, struct cfg *c, const char *v)
{
	const char *s = v;

	for (c->nsets = 0, c->ifaces = 0;; s++) {
		size_t n = strcspn(s, ",");
		int k = find_set(p, s, n);

		if (n == sizeof(TBL_IFACES_SET) - 1 && !memcmp(s, TBL_IFACES_SET, n))
			k = -2;		/* built in: no items of its own */
		if (n == 0)
			return perr(p, "bad oids list '%s' (expected "
				    "SET[,SET...])", show(p, v));
		if (k == -1) {
			char name[81];

			n = n > 80 ? 80 : n;
			memcpy(name, s, n);
			name[n] = '\0';
			return perr(p, "unknown OID set '%s'", show(p, name));
		}
		if (k == -2)
			c->ifaces = 1;
		else
			c->sets[c->nsets++] = (uint32_t)k;
		s += n;
		if (!*s)
			return 0;
	}
}

/* ---- SNMPv3 keys ------------------------------------------------------- */

static int key_user(struct parser *p, struct cfg *c, const char *v)
{
	size_t n = strlen(v);

	if (n == 0 || n > TBL_USER_MAX)
		return perr(p, "bad user (1..%d bytes)", TBL_USER_MAX);
	memcpy(c->usm.user, v, n + 1);
	return 0;
}

static int key_context(struct parser *p, struct cfg *c, const char *v)
{
	size_t n = strlen(v);

	if (n > TBL_CONTEXT_MAX)
		return perr(p, "context too long (max %d bytes)",
			    TBL_CONTEXT_MAX);
	memcpy(c->usm.context, v, n + 1);
	return 0;
}

struct word {
	const char *name;
	uint8_t value;
};

/* Index of v (case-insensitive) in w[n], or -1. */
static int lookup(const struct word *w, size_t n, const char *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(w[i].name, v))
			return (int)i;
	return -1;
}

#define NWORDS(w) (sizeof(w) / sizeof((w)[0]))

static int key_level(struct parser *p, struct cfg *c, const char *v)
{
	static const struct word w[] = {
		{ "noAuthNoPriv", TABLE_NOAUTH },
		{ "authNoPriv", TABLE_AUTHNOPRIV },
		{ "authPriv", TABLE_AUTHPRIV },
	};
	int k = lookup(w, NWORDS(w), v);

	if (k < 0)
		return perr(p, "bad level '%s' (noAuthNoPriv, authNoPriv or "
			    "authPriv)", show(p, v));
	c->usm.level = w[k].value;
	return 0;
}

/* One of the words of ok into *dst; the words of big (names other tools
 * accept that need a real libcrypto: RFC 7860 SHA-2, AES-192/256) are
 * refused by name rather than as unknown words. */
static int pick(struct parser *p, uint8_t *dst, const char *key, const char *v,
		const struct word *ok, size_t nok, const struct word *big,
		size_t nbig, const char *why, const char *choices)
{
	int k = lookup(ok, nok, v);

	if (k >= 0) {
		*dst = ok[k].value;
		return 0;
	}
	if (lookup(big, nbig, v) >= 0)
		return perr(p, "%s '%s' is not supported (%s needs a libcrypto): "
			    "use %s", key, show(p, v), why, choices);
	return perr(p, "bad %s '%s' (%s)", key, show(p, v), choices);
}

static int key_auth(struct parser *p, struct cfg *c, const char *v)
{
	static const struct word w[] = {
		{ "MD5", TABLE_AUTH_MD5 }, { "SHA", TABLE_AUTH_SHA },
		{ "SHA1", TABLE_AUTH_SHA }, { "SHA-1", TABLE_AUTH_SHA },
	};
	static const struct word sha2[] = {
		{ "SHA-224", 0 }, { "SHA-256", 0 }, { "SHA-384", 0 },
		{ "SHA-512", 0 }, { "SHA224", 0 }, { "SHA256", 0 },
		{ "SHA384", 0 }, { "SHA512", 0 },
	};

	return pick(p, &c->usm.auth, "auth", v, w, NWORDS(w), sha2,
		    NWORDS(sha2), "HMAC-SHA-2", "SHA or MD5");
}

static int key_priv(struct parser *p, struct cfg *c, const char *v)
{
	static const struct word w[] = {
		{ "DES", TABLE_PRIV_DES }, { "AES", TABLE_PRIV_AES },
		{ "AES128", TABLE_PRIV_AES }, { "AES-128", TABLE_PRIV_AES },
	};
	static const struct word big[] = {
		{ "AES-192", 0 }, { "AES-256", 0 }, { "AES192", 0 },
		{ "AES256", 0 }, { "AES-192-C", 0 }, { "AES-256-C", 0 },
		{ "AES192C", 0 }, { "AES256C", 0 },
	};

	return pick(p, &c->usm.priv, "priv", v, w, NWORDS(w), big,
		    NWORDS(big), "AES-192/256", "AES or DES");
}

/* Never quoted in a message: a pass phrase is a secret. */
static int set_pass(struct parser *p, char *dst, const char *key,
		    const char *v)
{
	size_t n = strlen(v);

	if (n < TBL_PASS_MIN)
		return perr(p, "%s too short (RFC 3414: at least %d "
			    "characters)", key, TBL_PASS_MIN);
	if (n > TBL_PASS_MAX)
		return perr(p, "%s too long (max %d bytes)", key, TBL_PASS_MAX);
	memcpy(dst, v, n + 1);
	return 0;
}

static int key_authpass(struct parser *p, struct cfg *c, const char *v)
{
	return set_pass(p, c->usm.authpass, "authpass", v);
}

static int key_privpass(struct parser *p, struct cfg *c, const char *v)
{
	return set_pass(p, c->usm.privpass, "privpass", v);
}

/* ---- key table ---------------------------------------------------------- */

struct key {
	const char *name;
	unsigned bit;
	int (*set)(struct parser *, struct cfg *, const char *);
};

static const struct key keys[] = {
	{ "version", K_VERSION, key_version },
	{ "community", K_COMMUNITY, key_community },
	{ "port", K_PORT, key_port },
	{ "timeout", K_TIMEOUT, key_timeout },
	{ "retries", K_RETRIES, key_retries },
	{ "oids", K_OIDS, key_oids },
	{ "user", K_USER, key_user },
	{ "level", K_LEVEL, key_level },
	{ "auth", K_AUTH, key_auth },
	{ "authpass", K_AUTHPASS, key_authpass },
	{ "priv", K_PRIV, key_priv },
	{ "privpass", K_PRIVPASS, key_privpass },
	{ "context", K_CONTEXT, key_context },
};

static const char *key_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].bit == bit)
			return keys[i].name;
	return "?";
}

static int parse_keys(struct parser *p, struct cfg *c, unsigned from)
{
	unsigned i, j;

	for (i = from; i < p->ntok; i++) {
		char *tok = p->tok[i], *eq = strchr(tok, '=');
		const struct key *k = NULL;

		if (!eq)
			return perr(p, "expected key=value, got '%s'",
				    show(p, tok));
		*eq = '\0';
		for (j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
			if (!strcmp(keys[j].name, tok))
				k = &keys[j];
		if (!k)
			return perr(p, "unknown key '%s'", show(p, tok));
		if (c->given & k->bit)
			return perr(p, "duplicate key '%s'", tok);
		c->given |= k->bit;
		if (k->set(p, c, eq + 1) < 0)
			return -1;
	}
	return 0;
}

static int st_defaults(struct parser *p)
{
	p->cur = p->defaults;
	p->cur.given = 0;
	if (parse_keys(p, &p->cur, 1) < 0)
		return -1;
	p->defaults = p->cur;
	return 0;
}

/* ---- addresses --------------------------------------------------------- */

struct addr {
	uint8_t family;
	uint8_t bytes[16];
	uint16_t port;			/* 0: none given */
	char text[TBL_ADDR_MAX - 6];	/* without the port */
};

/* Strict dotted quad: four decimal parts 0..255, no leading zeros. */
static int parse_ipv4(const char *s, size_t n, uint8_t *b)
{
	size_t i = 0;
	unsigned part;

	for (part = 0; part < 4; part++) {
		unsigned v = 0, d = 0;

		for (; i < n && s[i] >= '0' && s[i] <= '9' && d < 4; i++, d++)
			v = v * 10 + (unsigned)(s[i] - '0');
		if (d == 0 || d > 3 || v > 255 || (d > 1 && s[i - d] == '0'))
			return -1;
		b[part] = (uint8_t)v;
		if (part < 3 && (i >= n || s[i++] != '.'))
			return -1;
	}
	return i == n ? 0 : -1;
}

static int looks_like_hostname(const char *s, size_t n)
{
	size_t i;
	int alpha = 0;

	for (i = 0; i < n; i++) {
		if (!is_alpha(s[i]) && !(s[i] >= '0' && s[i] <= '9') &&
		    s[i] != '.' && s[i] != '-')
			return 0;
		alpha |= is_alpha(s[i]);
	}
	return alpha && n <= 253;
}

/* s: "" or ":PORT" after the address proper. */
static int parse_port_suffix(struct parser *p, const char *tok,
			     const char *s, struct addr *a)
{
	uint32_t x;

	a->port = 0;
	if (!*s)
		return 0;
	if (*s != ':')
		return perr(p, "bad address '%s'", show(p, tok));
	if (parse_uint(s + 1, 1, 65535, &x) < 0)
		return perr(p, "bad port '%s'", show(p, s + 1));
	a->port = (uint16_t)x;
	return 0;
}

static int parse_v6(struct parser *p, const char *tok, struct addr *a)
{
	const char *end = strchr(tok, ']');
	char buf[INET6_ADDRSTRLEN + 1], canon[INET6_ADDRSTRLEN];
	size_t n = end ? (size_t)(end - tok - 1) : 0;

	if (!end || n == 0 || n >= sizeof(buf))
		return perr(p, "bad address '%s'", show(p, tok));
	memcpy(buf, tok + 1, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, a->bytes) != 1)
		return perr(p, "bad address '%s'", show(p, tok));
	if (!p->lim->ipv6)
		return perr(p, "IPv6 address '%s' but IPv6 is off in this "
			    "build (CONFIG_IPV6)", show(p, tok));
	a->family = TABLE_AF_INET6;
	inet_ntop(AF_INET6, a->bytes, canon, sizeof(canon));
	snprintf(a->text, sizeof(a->text), "[%s]", canon);
	return parse_port_suffix(p, tok, end + 1, a);
}

static int parse_v4(struct parser *p, const char *tok, struct addr *a)
{
	size_t n = strcspn(tok, ":");
	uint8_t v6[16];
	const uint8_t *b = a->bytes;

	if (parse_ipv4(tok, n, a->bytes) == 0) {
		a->family = TABLE_AF_INET;
		snprintf(a->text, sizeof(a->text), "%u.%u.%u.%u",
			 b[0], b[1], b[2], b[3]);
		return parse_port_suffix(p, tok, tok + n, a);
	}
	if (inet_pton(AF_INET6, tok, v6) == 1)
		return perr(p, "IPv6 address needs brackets: '[%s]'",
			    show(p, tok));
	if (looks_like_hostname(tok, n)) {
		char name[254];

		memcpy(name, tok, n);
		name[n] = '\0';
		return perr(p, "'%s' is a host name: use a numeric address "
			    "(there is no resolver at run time)",
			    show(p, name));
	}
	return perr(p, "bad address '%s'", show(p, tok));
}

static int parse_address(struct parser *p, const char *tok, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	return tok[0] == '[' ? parse_v6(p, tok, a) : parse_v4(p, tok, a);
}

/* ---- host statement ---------------------------------------------------- */

static int items_equal(const struct tbl_item *a, const struct tbl_item *b,
		       uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (a[i].oid != b[i].oid || a[i].walk != b[i].walk)
			return 0;
	return 1;
}

static uint32_t list_hash(const struct tbl_item *v, uint32_t n)
{
	uint32_t h = 2166136261u, i;

	for (i = 0; i < n; i++) {
		h = fnv(h, &v[i].oid, sizeof(v[i].oid));
		h = fnv(h, &v[i].walk, 1);
	}
	return h;
}

/* Point h at an identical earlier list, or append v as a new one. */
static int share_list(struct parser *p, struct tbl_host *h,
		      const struct tbl_item *v, uint32_t n)
{
	struct tbl *t = p->t;
	uint32_t hv = list_hash(v, n);
	unsigned i;

	p->lhash[t->nhosts] = hv;
	if (n == 0) {		/* an interfaces-only host: t->items may be NULL */
		h->first_item = t->nitems;
		return 0;
	}
	for (i = 0; i < t->nhosts; i++) {
		const struct tbl_host *o = &t->hosts[i];

		if (p->lhash[i] == hv && o->nitems == n &&
		    items_equal(t->items + o->first_item, v, n)) {
			h->first_item = o->first_item;
			return 0;
		}
	}
	if (grow(&t->items, &p->cap_items, t->nitems + n, sizeof(*v)))
		return -1;
	memcpy(t->items + t->nitems, v, n * sizeof(*v));
	h->first_item = t->nitems;
	t->nitems += n;
	return 0;
}

/* Append the not-yet-seen items of c's sets whose walk flag is walk. */
static void collect(struct parser *p, const struct cfg *c, int walk,
		    uint32_t *seen, size_t mask, struct tbl_item *out,
		    uint32_t *n)
{
	unsigned s;
	uint32_t i;

	for (s = 0; s < c->nsets; s++) {
		const struct set *set = &p->sets[c->sets[s]];

		for (i = 0; i < set->n; i++) {
			const struct tbl_item *it = &p->sitems[set->first + i];
			uint32_t key = it->oid * 2u + it->walk;
			size_t j;

			if (it->walk != walk)
				continue;
			for (j = (key * 2654435761u) & mask; seen[j] &&
			     seen[j] != key + 1; j = (j + 1) & mask)
				;
			if (!seen[j]) {
				seen[j] = key + 1;
				out[(*n)++] = *it;
			}
		}
	}
}

static int expand_items(struct parser *p, const struct cfg *c,
			struct tbl_host *h)
{
	size_t total = 0, cap = 16;
	uint32_t n = 0, ns;
	struct tbl_item *v;
	uint32_t *seen;
	unsigned s;
	int rc = -2;

	for (s = 0; s < c->nsets; s++)
		total += p->sets[c->sets[s]].n;
	while (cap < 2 * total)
		cap *= 2;
	v = malloc((total + 1) * sizeof(*v));
	seen = calloc(cap, sizeof(*seen));
	if (!v || !seen)
		goto out;
	collect(p, c, 0, seen, cap - 1, v, &n);
	ns = n;
	collect(p, c, 1, seen, cap - 1, v, &n);
	if (n > p->lim->max_oids) {
		rc = perr(p, "too many OIDs for host '%s' (%u > "
			  "CONFIG_MAX_OIDS %u)", h->name, n, p->lim->max_oids);
		goto out;
	}
	h->nitems = (uint16_t)n;
	h->nscalars = (uint16_t)ns;
	h->nvals = (uint16_t)(n > ns ? p->lim->max_oids : ns);
	rc = share_list(p, h, v, n) < 0 ? -2 : 0;
out:
	free(v);
	free(seen);
	return rc == -2 ? nomem(p) : rc;
}

static int find_host(const struct parser *p, const char *name)
{
	unsigned i;

	for (i = 0; i < p->t->nhosts; i++)
		if (!strcmp(p->t->hosts[i].name, name))
			return (int)i;
	return -1;
}

static int check_host(struct parser *p, const char *name)
{
	int k;

	if (check_name(p, name, "host") < 0)
		return -1;
	k = find_host(p, name);
	if (k >= 0)
		return perr(p, "duplicate host '%s' (first defined at line %u)",
			    name, p->t->hosts[k].line);
	if (p->t->nhosts >= p->lim->max_hosts)
		return perr(p, "too many hosts (%u > CONFIG_MAX_HOSTS %u)",
			    p->t->nhosts + 1, p->lim->max_hosts);
	return 0;
}

static int resolve_port(struct parser *p, struct cfg *c, const struct addr *a)
{
	if (a->port && (c->given & K_PORT) && c->port != a->port)
		return perr(p, "port given twice: ':%u' and 'port=%u'",
			    a->port, c->port);
	if (a->port)
		c->port = a->port;
	return 0;
}

/* ---- SNMPv3 checks ------------------------------------------------------ */

static const char *level_name(uint8_t level)
{
	return level == TABLE_NOAUTH ? "noAuthNoPriv" :
	       level == TABLE_AUTHNOPRIV ? "authNoPriv" : "authPriv";
}

/* Keys of mask given on this line: the first one is an error. */
static int unused_keys(struct parser *p, const struct cfg *c, unsigned mask,
		       const char *why)
{
	unsigned bit;

	for (bit = 1; bit <= K_CONTEXT; bit <<= 1)
		if (c->given & mask & bit)
			return perr(p, "%s= is not used by %s", key_name(bit),
				    why);
	return 0;
}

static int needs(struct parser *p, const struct cfg *c, int have,
		 const char *key, const char *hint)
{
	if (have)
		return 0;
	return perr(p, "level=%s needs %s=%s", level_name(c->usm.level), key,
		    hint);
}

static int check_v3(struct parser *p, struct cfg *c)
{
	const struct tbl_usm *u = &c->usm;
	int auth = u->level >= TABLE_AUTHNOPRIV, priv = u->level == TABLE_AUTHPRIV;

	if (c->given & K_COMMUNITY)
		return perr(p, "community= is not used by version=3 hosts "
			    "(they have user= and level=)");
	if (!u->level)
		return perr(p, "version=3 host needs level= (noAuthNoPriv, "
			    "authNoPriv or authPriv)");
	if (!u->user[0])
		return perr(p, "version=3 host needs user=");
	if ((auth && (needs(p, c, u->auth, "auth", " (SHA or MD5)") ||
		      needs(p, c, u->authpass[0], "authpass", ""))) ||
	    (priv && (needs(p, c, u->priv, "priv", " (AES or DES)") ||
		      needs(p, c, u->privpass[0], "privpass", ""))))
		return -1;
	if (unused_keys(p, c, auth ? 0 : K_AUTH | K_AUTHPASS, "level=noAuthNoPriv") ||
	    unused_keys(p, c, priv ? 0 : K_PRIV | K_PRIVPASS,
			auth ? "level=authNoPriv" : "level=noAuthNoPriv"))
		return -1;
	/* What the level does not use (from defaults) is dropped. */
	if (!auth) {
		c->usm.auth = TABLE_AUTH_NONE;
		memset(c->usm.authpass, 0, sizeof(c->usm.authpass));
	}
	if (!priv) {
		c->usm.priv = TABLE_PRIV_NONE;
		memset(c->usm.privpass, 0, sizeof(c->usm.privpass));
	}
	memset(c->community, 0, sizeof(c->community));
	return 0;
}

static int check_security(struct parser *p, struct cfg *c)
{
	if (c->version == TABLE_V3)
		return check_v3(p, c);
	if (unused_keys(p, c, K_V3, "version=1 and version=2c hosts") < 0)
		return -1;
	memset(&c->usm, 0, sizeof(c->usm));
	return 0;
}

static int add_host(struct parser *p, const struct cfg *c,
		    const struct addr *a)
{
	struct tbl *t = p->t;
	struct tbl_host *h;
	int rc;

	if (grow(&t->hosts, &p->cap_hosts, t->nhosts + 1, sizeof(*h)) ||
	    grow(&p->lhash, &p->cap_lhash, t->nhosts + 1, sizeof(*p->lhash)))
		return nomem(p);
	h = &t->hosts[t->nhosts];
	memset(h, 0, sizeof(*h));
	strcpy(h->name, p->tok[1]);
	h->line = p->line;
	snprintf(h->address, sizeof(h->address), "%s:%u", a->text, c->port);
	memcpy(h->community, c->community, sizeof(h->community));
	h->usm = c->usm;
	h->family = a->family;
	memcpy(h->addr, a->bytes, sizeof(h->addr));
	h->version = c->version;
	h->retries = c->retries;
	h->port = c->port;
	h->timeout_ms = c->timeout_ms;
	h->ifaces = c->ifaces;
	rc = expand_items(p, c, h);
	if (rc == 0)
		t->nhosts++;
	return rc;
}

static int st_host(struct parser *p)
{
	struct cfg *c = &p->cur;
	struct addr a;

	if (p->ntok < 3)
		return perr(p, "host: expected NAME ADDRESS [key=value...]");
	if (check_host(p, p->tok[1]) < 0 ||
	    parse_address(p, p->tok[2], &a) < 0)
		return -1;
	*c = p->defaults;
	c->given = 0;
	if (parse_keys(p, c, 3) < 0 || resolve_port(p, c, &a) < 0 ||
	    check_security(p, c) < 0)
		return -1;
	if (!c->nsets && !c->ifaces)
		return perr(p, "host '%s' has no oids (give oids=SET here or "
			    "in defaults)", p->tok[1]);
	return add_host(p, c, &a);
}

/* ---- driver ------------------------------------------------------------ */

static int parse_line(struct parser *p, const char *s, size_t n)
{
	const char *st;

	if (n > TBL_LINE_MAX)
		return perr(p, "line too long (max %d bytes)", TBL_LINE_MAX);
	if (memchr(s, '\0', n))
		return perr(p, "NUL byte in line");
	if (tokenize(p, s, n) < 0)
		return -1;
	if (p->ntok == 0)
		return 0;
	st = p->tok[0];
	if (!strcmp(st, "host"))
		return st_host(p);
	if (!strcmp(st, "oids"))
		return st_oids(p);
	if (!strcmp(st, "defaults"))
		return st_defaults(p);
	return perr(p, "unknown statement '%s' (expected defaults, oids or "
		    "host)", show(p, st));
}

static void init(struct parser *p, const char *path, FILE *err,
		 const struct tbl_limits *lim, struct tbl *out)
{
	p->path = path;
	p->err = err;
	p->lim = lim;
	p->t = out;
	p->defaults.version = TABLE_V2C;
	p->defaults.retries = 1;
	p->defaults.port = 161;
	p->defaults.timeout_ms = 1000;
	strcpy(p->defaults.community, "public");
}

int tbl_parse(const char *path, const char *buf, size_t len,
	      const struct tbl_limits *lim, struct tbl *out, FILE *err)
{
	struct tbl_limits l = *lim;
	struct parser *p = calloc(1, sizeof(*p));
	size_t pos = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (l.max_arcs > OID_ARCS_MAX)
		l.max_arcs = OID_ARCS_MAX;
	if (l.max_oids > UINT16_MAX)
		l.max_oids = UINT16_MAX;
	if (p)
		p->sets = calloc(TBL_MAX_SETS, sizeof(*p->sets));
	if (!p || !p->sets) {
		fprintf(err, "%s: out of memory\n", path);
		rc = -2;
	} else {
		init(p, path, err, &l, out);
	}
	while (rc == 0 && pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		p->line++;
		rc = parse_line(p, buf + pos, n);
		pos += n + 1;
	}
	if (p) {
		free(p->sets);
		free(p->sitems);
		free(p->oidhash);
		free(p->lhash);
	}
	free(p);
	return rc;
}

void tbl_free(struct tbl *t)
{
	free(t->hosts);
	free(t->items);
	free(t->oids);
	free(t->arcs);
	memset(t, 0, sizeof(*t));
}
