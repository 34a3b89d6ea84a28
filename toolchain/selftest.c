/* SPDX-License-Identifier: MIT */
/*
 * toolchain/selftest.c - proves a sysroot works: musl + static net-snmp
 * link, net-snmp starts without touching any file, a UDP (and, when
 * built in, UDP/IPv6) client transport can be created and wrapped in a
 * single-session handle, and printf("%f") / double arithmetic work (on
 * MIPS this must be done in software: check-fpu.sh checks the binary).
 * With USM (sysroot.sh usm=1) it also checks the internal crypto on the
 * target: RFC 3414 A.3 password-to-key for MD5 and SHA-1, AES-128-CFB.
 *
 * Prints "selftest: ok ..." and exits 0 on success.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/snmpIPBaseDomain.h>
#include <net-snmp/library/snmpIPv4BaseDomain.h>
#include <net-snmp/library/snmpUDPDomain.h>
#ifdef NETSNMP_TRANSPORT_UDPIPV6_DOMAIN
#include <net-snmp/library/snmpIPv6BaseDomain.h>
#include <net-snmp/library/snmpUDPIPv6Domain.h>
#endif

#include <stdio.h>
#include <string.h>

#ifdef NETSNMP_SECMOD_USM
#include <net-snmp/library/keytools.h>
#include <net-snmp/library/scapi.h>
#include <net-snmp/library/transform_oids.h>

/* NIST SP 800-38A F.3.13, CFB128-AES128, first block: sc_encrypt() and
 * sc_decrypt() really do AES on the internal crypto (sysroot.sh). */
static int aes_ok(void)
{
	static const u_char key[16] = {
		0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
		0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
	static const u_char pt[16] = {
		0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
		0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a };
	static const u_char want[16] = {
		0x3b, 0x3f, 0xd9, 0x2e, 0xb7, 0x2d, 0xad, 0x20,
		0x33, 0x34, 0x49, 0xf8, 0xe8, 0x3c, 0xfb, 0x4a };
	u_char iv[16], ct[16], back[16];
	size_t ctlen = sizeof(ct), ptlen = sizeof(back);
	unsigned i;

	for (i = 0; i < 16; i++)
		iv[i] = (u_char)i;
	if (sc_encrypt(usmAESPrivProtocol, USM_PRIV_PROTO_AES_LEN, (u_char *)key, 16,
		       iv, 16, pt, 16, ct, &ctlen) != SNMPERR_SUCCESS ||
	    ctlen != 16 || memcmp(ct, want, 16))
		return 0;
	return sc_decrypt(usmAESPrivProtocol, USM_PRIV_PROTO_AES_LEN, (u_char *)key, 16,
			  iv, 16, ct, 16, back, &ptlen) == SNMPERR_SUCCESS &&
	       ptlen == 16 && !memcmp(back, pt, 16);
}

/* RFC 3414 A.3.1 / A.3.2: Ku of "maplesyrup" (first bytes are enough). */
static int ku_ok(const oid *proto, size_t len, const char *want)
{
	u_char ku[SNMP_MAXBUF_SMALL];
	size_t ku_len = sizeof(ku);
	char hex[9];

	if (generate_Ku(proto, len, (const u_char *)"maplesyrup", 10,
			ku, &ku_len) != SNMPERR_SUCCESS)
		return 0;
	snprintf(hex, sizeof(hex), "%02x%02x%02x%02x", ku[0], ku[1], ku[2], ku[3]);
	return strcmp(hex, want) == 0;
}
#endif

static int fail(const char *what)
{
	printf("selftest: FAIL %s\n", what);
	return 1;
}

static void *open_session(netsnmp_transport *t)
{
	netsnmp_session s;

	snmp_sess_init(&s);
	s.version = SNMP_VERSION_2c;
	s.community = (u_char *)"public";
	s.community_len = strlen("public");
	s.retries = 1;
	s.timeout = 500000;
	/* snmp_sess_add takes ownership of the transport (closes it on error) */
	return snmp_sess_add(&s, t, NULL, NULL);
}

int main(void)
{
	struct netsnmp_ep ep;
	netsnmp_transport *t;
	void *sess;
	volatile double x = 3.0, y = 7.0;
	double z;
	int v6 = 0;

	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
	init_snmp("x");

	memset(&ep, 0, sizeof(ep));
	if (!netsnmp_sockaddr_in3(&ep, "127.0.0.1:161", NULL))
		return fail("netsnmp_sockaddr_in3");
	t = netsnmp_udp_transport(&ep, 0);
	if (t == NULL)
		return fail("netsnmp_udp_transport");
	sess = open_session(t);
	if (sess == NULL)
		return fail("snmp_sess_add (udp)");
	if (snmp_sess_transport(sess) != t)
		return fail("snmp_sess_transport");
	snmp_sess_close(sess);

#ifdef NETSNMP_TRANSPORT_UDPIPV6_DOMAIN
	memset(&ep, 0, sizeof(ep));
	if (!netsnmp_sockaddr_in6_3(&ep, "[::1]:161", NULL))
		return fail("netsnmp_sockaddr_in6_3");
	t = netsnmp_udp6_transport(&ep, 0);
	/* a kernel without IPv6 (some containers) cannot create the socket */
	if (t != NULL) {
		sess = open_session(t);
		if (sess == NULL)
			return fail("snmp_sess_add (udp6)");
		snmp_sess_close(sess);
		v6 = 1;
	} else {
		v6 = -1;
	}
#endif

#ifdef NETSNMP_SECMOD_USM
	if (!ku_ok(usmHMACMD5AuthProtocol, USM_AUTH_PROTO_MD5_LEN, "9faf3283"))
		return fail("generate_Ku MD5");
	if (!ku_ok(usmHMACSHA1AuthProtocol, USM_AUTH_PROTO_SHA_LEN, "9fb5cc03"))
		return fail("generate_Ku SHA-1");
	if (!aes_ok())
		return fail("AES-128-CFB (sc_encrypt/sc_decrypt)");
#endif

	z = x / y * 2.5 + (double)(long long)(x * 1e10) / 1e12;
	snmp_shutdown("x");
	printf("selftest: ok net-snmp %s udp=1 udp6=%d fp=%f\n",
	       netsnmp_get_version(), v6, z);
	return 0;
}
