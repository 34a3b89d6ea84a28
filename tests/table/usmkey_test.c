/* SPDX-License-Identifier: MIT */
/* The table compiler's RFC 3414 password-to-key (toolchain/tblc/usmkey.c)
 * against the RFC's own vectors (A.3.1 MD5, A.3.2 SHA-1, with their
 * localised keys) and against net-snmp's generate_Ku on pass phrases of
 * many lengths and bytes.  Built on the host with -lnetsnmp.
 *
 *	usmkey_test             run the checks, print "ok N" or the failures
 *	usmkey_test MD5|SHA P   print net-snmp's Ku of pass phrase P in hex
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/keytools.h>
#include <net-snmp/library/transform_oids.h>

#include "usmkey.h"

static int failures;

static void hex(const uint8_t *b, unsigned n, char *out)
{
	unsigned i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void expect(const char *what, const uint8_t *b, unsigned n, const char *want)
{
	char got[64];

	hex(b, n, got);
	if (strcmp(got, want)) {
		printf("FAIL %s: got %s, want %s\n", what, got, want);
		failures++;
	}
}

static unsigned netsnmp_ku(int sha1, const char *pass, size_t n, uint8_t *ku)
{
	size_t len = 64;	/* generate_Ku wants room for a hash block */

	if (generate_Ku(sha1 ? usmHMACSHA1AuthProtocol : usmHMACMD5AuthProtocol,
			sha1 ? USM_AUTH_PROTO_SHA_LEN : USM_AUTH_PROTO_MD5_LEN,
			(const u_char *)pass, n, ku, &len) != SNMPERR_SUCCESS) {
		printf("FAIL generate_Ku\n");
		exit(1);
	}
	return (unsigned)len;
}

static void rfc_vectors(void)
{
	static const uint8_t engine[12] = { [11] = 2 };
	uint8_t ku[20], kul[20];

	usmkey_ku(0, "maplesyrup", 10, ku);
	expect("A.3.1 Ku", ku, 16, "9faf3283884e92834ebc9847d8edd963");
	usmkey_localize(0, ku, engine, sizeof(engine), kul);
	expect("A.3.1 Kul", kul, 16, "526f5eed9fcce26f8964c2930787d82b");
	usmkey_ku(1, "maplesyrup", 10, ku);
	expect("A.3.2 Ku", ku, 20, "9fb5cc0381497b3793528939ff788d5d79145211");
	usmkey_localize(1, ku, engine, sizeof(engine), kul);
	expect("A.3.2 Kul", kul, 20, "6695febc9288e36282235fc7151f128497b38f3f");
}

/* Lengths around the 64-byte block and the 1 MB total, any byte but NUL. */
static int against_netsnmp(void)
{
	static const size_t lens[] = { 8, 9, 10, 31, 63, 64, 65, 100, 127, 128, 129, 200, 255 };
	unsigned seed = 12345, k, i, n = 0;
	char pass[256];

	for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		int sha1;

		for (i = 0; i < lens[k]; i++) {
			seed = seed * 1103515245 + 12345;
			pass[i] = (char)(1 + (seed >> 16) % 255);
		}
		for (sha1 = 0; sha1 < 2; sha1++) {
			uint8_t a[20], b[64];
			unsigned la = usmkey_ku(sha1, pass, lens[k], a);
			unsigned lb = netsnmp_ku(sha1, pass, lens[k], b);
			char want[80];

			hex(b, lb, want);
			if (la != lb) {
				printf("FAIL length %u != %u\n", la, lb);
				failures++;
			} else
				expect(sha1 ? "SHA vs generate_Ku" : "MD5 vs generate_Ku", a, la, want);
			n++;
		}
	}
	return (int)n;
}

int main(int argc, char **argv)
{
	int n;

	if (argc == 3) {
		uint8_t ku[64];
		char out[80];
		unsigned len = netsnmp_ku(!strcmp(argv[1], "SHA"), argv[2], strlen(argv[2]), ku);

		hex(ku, len, out);
		puts(out);
		return 0;
	}
	rfc_vectors();
	n = against_netsnmp();
	if (failures)
		return 1;
	printf("ok %d\n", n + 4);
	return 0;
}
