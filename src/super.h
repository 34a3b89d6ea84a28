/* SPDX-License-Identifier: MIT */
/* `snmpoll run`: the supervisor.  Sets up the state dir and shared memory,
 * forks the workers once and keeps that set (re-forking any that dies),
 * starts a cycle every interval, closes it when every host is done,
 * writes status.json, and stops cleanly on SIGTERM/SIGINT. */
#ifndef SNMPOLL_SUPER_H
#define SNMPOLL_SUPER_H

struct run_opts {
	int foreground;
	int once;
	int interval;		/* seconds, 0 = back to back */
	const char *state_dir;	/* NULL: environment or CONFIG_STATE_DIR */
};

/* Returns the process exit code (0, 1 for --once with a failed host, 2 on
 * fatal errors). */
int super_run(const struct run_opts *o);

#endif
