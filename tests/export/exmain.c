/* SPDX-License-Identifier: MIT */
/* A stand-in main for the exporters alone, built with the sanitizers by
 * t_export.sh: the same `status` and CGI entry points as snmpoll, plus
 * `statusfile DIR` for status_json_write.
 *
 *   exmain status [--json|--prom|--text] [--state-dir DIR]
 *   exmain statusfile DIR
 *   GATEWAY_INTERFACE=... exmain
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

static const char *state_dir(const char *dir)
{
	const char *env = getenv("SNMPOLL_STATE_DIR");

	if (dir)
		return dir;
	return env && *env ? env : CONFIG_STATE_DIR;
}

static int status_file(const char *dir)
{
	struct shm_map m;
	int rc;

	if (shm_attach(dir, &m) < 0) {
		perror("exmain: shm_attach");
		return 1;
	}
	{
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		rc = dfd < 0 ? -1 : status_json_write(dfd, &m);
		if (dfd >= 0)
			close(dfd);
	}
	if (rc < 0)
		perror("exmain: status_json_write");
	shm_detach(&m);
	return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	enum export_fmt fmt = EXPORT_TEXT;
	const char *dir = NULL;
	int i;

	if (getenv("GATEWAY_INTERFACE"))
		return status_cgi(state_dir(NULL));
	if (argc == 3 && strcmp(argv[1], "statusfile") == 0)
		return status_file(argv[2]);
	if (argc < 2 || strcmp(argv[1], "status") != 0)
		return 2;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			fmt = EXPORT_JSON;
		else if (strcmp(argv[i], "--prom") == 0)
			fmt = EXPORT_PROM;
		else if (strcmp(argv[i], "--text") == 0)
			fmt = EXPORT_TEXT;
		else if (strcmp(argv[i], "--state-dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else
			return 2;
	}
	return status_cmd(state_dir(dir), fmt);
}
