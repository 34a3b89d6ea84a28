/* SPDX-License-Identifier: MIT */
/* State dir, pidfile, daemon and identity.  See statedir.h. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "statedir.h"

#define PIDFILE "snmpoll.pid"

const char *statedir_resolve(const char *opt)
{
	const char *env = getenv("SNMPOLL_STATE_DIR");

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	return CONFIG_STATE_DIR;
}

int statedir_user(struct ids *ids)
{
	struct passwd *pw;

	memset(ids, 0, sizeof(*ids));
	if (geteuid() != 0 || !*CONFIG_USER)
		return 0;
	errno = 0;
	pw = getpwnam(CONFIG_USER);
	if (!pw) {
		log_err("user '%s' (CONFIG_USER) does not exist", CONFIG_USER);
		return -1;
	}
	ids->drop = 1;
	ids->uid = pw->pw_uid;
	ids->gid = pw->pw_gid;
	return 0;
}

/* Trusted owners: root and the user we run as (CONFIG_USER once dropped). */
static int owner_ok(const struct stat *st, const struct ids *ids)
{
	return st->st_uid == 0 || st->st_uid == (ids->drop ? ids->uid : geteuid());
}

/* Only the owner (or root) may write in it: another user able to plant
 * files there could aim our writes at anything. */
static int fix_mode(int fd, const struct stat *st)
{
	if (fchmod(fd, 0755) == 0)
		return 0;
	return (st->st_mode & 022) ? -1 : 0;
}

int statedir_prepare(const char *dir, const struct ids *ids)
{
	struct stat st;
	int fd;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		log_err("cannot create state dir %s: %s", dir, strerror(errno));
		return -1;
	}
	/* Everything from here on goes through this fd: the path is looked
	 * at once, and never through a symlink at its end. */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		log_err("state dir %s: %s", dir, errno == ENOTDIR || errno == ELOOP ?
			"not a directory (a symlink?): refused" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		log_err("state dir %s: %s", dir, strerror(errno));
		goto fail;
	}
	if (!owner_ok(&st, ids)) {
		log_err("state dir %s is owned by uid %u, not root or %s: refused", dir,
			(unsigned)st.st_uid, ids->drop ? CONFIG_USER : "us");
		goto fail;
	}
	if (fix_mode(fd, &st) < 0) {
		log_err("state dir %s is writable by others (mode %03o): refused", dir,
			(unsigned)(st.st_mode & 0777));
		goto fail;
	}
	if (ids->drop && fchown(fd, ids->uid, ids->gid) < 0) {
		log_err("cannot hand state dir %s to %s: %s", dir, CONFIG_USER, strerror(errno));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* Open the pidfile: a regular file, never a FIFO, device or symlink
 * someone planted (opening those could block or write elsewhere). */
static int open_pidfile(int dirfd, int flags)
{
	struct stat st;
	int fd = openat(dirfd, PIDFILE, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return fd;
	close(fd);
	return errno = EINVAL, -1;
}

/* The pid in the pidfile, or 0. */
static long pidfile_pid(int dirfd)
{
	char buf[32];
	int fd = open_pidfile(dirfd, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

int statedir_lock(int dirfd, const char *dir)
{
	long pid;

	/* On the directory itself: removing or replacing the pidfile does
	 * not free it, a stale pidfile naming a live process does not hold
	 * it.  Held until we exit (the workers share it). */
	if (flock(dirfd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK) {
		log_err("cannot lock the state dir %s: %s", dir, strerror(errno));
		return -1;
	}
	pid = pidfile_pid(dirfd);
	if (pid > 0)
		log_err("already running as pid %ld (state dir %s is locked)", pid, dir);
	else
		log_err("already running (state dir %s is locked)", dir);
	return -1;
}

int statedir_write_pid(int dirfd, const struct ids *ids)
{
	char buf[32];
	int fd, n;

	/* Our file, new: whatever was at the name goes. */
	unlinkat(dirfd, PIDFILE, 0);
	fd = open_pidfile(dirfd, O_WRONLY | O_CREAT | O_EXCL);
	if (fd < 0)
		goto fail;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, (size_t)n) != n || (ids->drop && fchown(fd, ids->uid, ids->gid) < 0)) {
		close(fd);
		goto fail;
	}
	close(fd);
	return 0;
fail:
	log_err("cannot write the pidfile " PIDFILE ": %s", strerror(errno));
	return -1;
}

void statedir_remove_pid(int dirfd)
{
	unlinkat(dirfd, PIDFILE, 0);
}

int statedir_daemonize(void)
{
	int p[2], fd;
	pid_t pid;
	char c;

	if (pipe(p) < 0 || (pid = fork()) < 0) {
		log_err("fork: %s", strerror(errno));
		exit(2);
	}
	if (pid > 0) {
		/* Exit only when the daemon says it is up, with its status. */
		close(p[1]);
		_exit(read(p[0], &c, 1) == 1 && c == 'R' ? 0 : 2);
	}
	close(p[0]);
	setsid();
	if (chdir("/") < 0)
		log_warn("chdir /: %s", strerror(errno));
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	return p[1];
}

void statedir_ready(int fd)
{
	if (fd >= 0) {
		if (write(fd, "R", 1) < 0)
			log_warn("cannot tell the parent we are up: %s", strerror(errno));
		close(fd);
	}
}

int statedir_drop(const struct ids *ids)
{
	if (!ids->drop)
		return 0;
	if (setgroups(0, NULL) < 0 || setgid(ids->gid) < 0 || setuid(ids->uid) < 0) {
		log_err("cannot drop privileges to %s: %s", CONFIG_USER, strerror(errno));
		return -1;
	}
	return 0;
}
