/* SPDX-License-Identifier: MIT */
/* Command line: run, status, hosts, config; CGI when GATEWAY_INTERFACE is
 * set.  Usage errors exit 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "info.h"
#include "statedir.h"
#include "super.h"
#include "version.h"

static const char usage_text[] =
	"usage: snmpoll run [-f] [--once] [--state-dir DIR] [--interval SECONDS]\n"
	"       snmpoll status [--json [--history] | --prom | --text] [--state-dir DIR]\n"
	"       snmpoll hosts      the compiled-in host table (no communities)\n"
	"       snmpoll config     version, board, Kconfig values, shared-memory size\n"
	"       snmpoll --help | --version\n"
	"State dir: --state-dir, else $SNMPOLL_STATE_DIR, else " CONFIG_STATE_DIR ".\n";

static int usage(const char *why, const char *arg)
{
	if (why)
		fprintf(stderr, "snmpoll: %s%s%s\n", why, arg ? ": " : "", arg ? arg : "");
	fputs(usage_text, stderr);
	return 2;
}

/* "--opt VALUE" or "--opt=VALUE": the value, or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);

	if (!strncmp(argv[*i], opt, n) && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], opt))
		return NULL;
	if (*i + 1 >= argc)
		return "";
	return argv[++*i];
}

static int parse_interval(const char *s, int *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 86400)
		return -1;
	*out = (int)v;
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	struct run_opts o = { 0, 0, CONFIG_INTERVAL, NULL };
	const char *v;
	int i;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-f"))
			o.foreground = 1;
		else if (!strcmp(argv[i], "--once"))
			o.once = 1;
		else if ((v = opt_value(argc, argv, &i, "--state-dir"))) {
			if (!*v)
				return usage("--state-dir needs a directory", NULL);
			o.state_dir = v;
		} else if ((v = opt_value(argc, argv, &i, "--interval"))) {
			if (parse_interval(v, &o.interval) < 0)
				return usage("--interval takes 0 to 86400 seconds", v);
		} else
			return usage("unknown option", argv[i]);
	}
	return super_run(&o);
}

static int cmd_status(int argc, char **argv)
{
	enum export_fmt fmt = EXPORT_TEXT;
	const char *dir = NULL, *v;
	int i;

	for (i = 2; i < argc; i++) {
		v = NULL;
		if (!strcmp(argv[i], "--json"))
			fmt = EXPORT_JSON;
		else if (!strcmp(argv[i], "--prom") && ENABLE_PROMETHEUS)
			fmt = EXPORT_PROM;
		else if (!strcmp(argv[i], "--text"))
			fmt = EXPORT_TEXT;
		else if (!strcmp(argv[i], "--history"))
			ifexport_history(1);
		else if ((v = opt_value(argc, argv, &i, "--state-dir"))) {
			if (!*v)
				return usage("--state-dir needs a directory", NULL);
			dir = v;
		} else
			return usage("unknown option", argv[i]);
	}
	return status_cmd(statedir_resolve(dir), fmt);
}

static int no_args(int argc, char **argv, int (*fn)(void))
{
	if (argc > 2)
		return usage("unexpected argument", argv[2]);
	return fn();
}

int main(int argc, char **argv)
{
	if (ENABLE_CGI && getenv("GATEWAY_INTERFACE"))
		return status_cgi(statedir_resolve(NULL));
	if (argc < 2)
		return usage(NULL, NULL);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc, argv);
	if (!strcmp(argv[1], "status"))
		return cmd_status(argc, argv);
	if (!strcmp(argv[1], "hosts"))
		return no_args(argc, argv, info_hosts);
	if (!strcmp(argv[1], "config"))
		return no_args(argc, argv, info_config);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("snmpoll %s (%s)\n", SNMPOLL_VERSION, CONFIG_BOARD);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, stdout);
		return 0;
	}
	return usage("unknown command", argv[1]);
}
