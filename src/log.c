/* SPDX-License-Identifier: MIT */
/* Logging: syslog(3) when daemonized, stderr with -f.  Debug lines only
 * reach stderr when SNMPOLL_DEBUG is set, and syslog's own filter. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static struct {
	int to_stderr;
	int debug;
} lg = { 1, 0 };

void log_open(int to_stderr)
{
	lg.to_stderr = to_stderr;
	lg.debug = getenv("SNMPOLL_DEBUG") != NULL;
	/* LOG_PERROR: start-up errors also reach the terminal of whoever
	 * started the daemon (stderr is /dev/null once it has detached). */
	if (!to_stderr)
		openlog("snmpoll", LOG_PID | LOG_NDELAY | LOG_PERROR, LOG_DAEMON);
}

void log_msg(int prio, const char *fmt, ...)
{
	static const char *const names[] = {
		"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"
	};
	char buf[512];
	va_list ap;

	if (prio == LOG_DEBUG && !lg.debug)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (lg.to_stderr)
		fprintf(stderr, "snmpoll[%d]: %s: %s\n", (int)getpid(), names[prio & 7], buf);
	else
		syslog(prio, "%s", buf);
}
