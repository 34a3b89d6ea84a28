/* SPDX-License-Identifier: MIT */
/*
 * toolchain/selftest.c - proves a sysroot works: musl + static net-snmp
 * link, net-snmp starts without touching any file, a UDP (and, when
 * built in, UDP/IPv6) client transport can be created and wrapped in a
 * single-session handle, and printf("%f") / double arithmetic work (on
 * MIPS this must be done in software: check-fpu.sh checks the binary).
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

	z = x / y * 2.5 + (double)(long long)(x * 1e10) / 1e12;
	snmp_shutdown("x");
	printf("selftest: ok net-snmp %s udp=1 udp6=%d fp=%f\n",
	       netsnmp_get_version(), v6, z);
	return 0;
}
