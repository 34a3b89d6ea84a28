/* SPDX-License-Identifier: MIT */
/* The state dir, the pidfile, daemonizing and dropping privileges: the
 * start-up steps of `snmpoll run` that touch the system. */
#ifndef SNMPOLL_STATEDIR_H
#define SNMPOLL_STATEDIR_H

#include <sys/types.h>

struct ids {
	int drop;		/* started as root with a CONFIG_USER */
	uid_t uid;
	gid_t gid;
};

/* --state-dir, else $SNMPOLL_STATE_DIR, else CONFIG_STATE_DIR. */
const char *statedir_resolve(const char *opt);

/* Look up CONFIG_USER when running as root.  0, or -1 with a message. */
int statedir_user(struct ids *ids);

/* Create dir (mode 0755) if missing, open it and hand it to the user.
 * Refused (-1 with a message): a symlink or non-directory, a directory
 * owned by anyone but root or the user, one others may write that we
 * cannot chmod.  Everything written later goes through the returned fd,
 * so it works even where the unprivileged user could not walk the path
 * (e.g. a state dir inside a root-only dir). */
int statedir_prepare(const char *dir, const struct ids *ids);

/* One state dir, one daemon: flock dirfd (held for the daemon's
 * lifetime; forks share it).  0, or -1 with a message naming the pid of
 * the run that holds it. */
int statedir_lock(int dirfd, const char *dir);

/* Write our pid to snmpoll.pid in dirfd (a new regular file, whatever
 * was at the name), owned by the user.  0 or -1 with a message. */
int statedir_write_pid(int dirfd, const struct ids *ids);
void statedir_remove_pid(int dirfd);

/* Become a daemon: fork, setsid, stdio to /dev/null.  Returns in the
 * child only, a pipe on which statedir_ready() tells the waiting parent to
 * exit 0 (if the child dies first, the parent exits 2). */
int statedir_daemonize(void);
void statedir_ready(int fd);

/* setgroups/setgid/setuid to the user.  0 or -1. */
int statedir_drop(const struct ids *ids);

#endif
