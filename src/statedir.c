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
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "statedir.h"

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

int statedir_prepare(const char *dir, const struct ids *ids)
{
	struct stat st;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		log_err("cannot create state dir %s: %s", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		log_err("state dir %s is not a directory", dir);
		return -1;
	}
	if (ids->drop && chown(dir, ids->uid, ids->gid) < 0) {
		log_err("cannot hand state dir %s to %s: %s", dir, CONFIG_USER, strerror(errno));
		return -1;
	}
	return 0;
}

static void pid_path(const char *dir, char *buf, size_t size)
{
	snprintf(buf, size, "%s/snmpoll.pid", dir);
}

int statedir_check_pid(const char *dir)
{
	char path[512], buf[32];
	ssize_t n;
	long pid;
	int fd;

	pid_path(dir, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	pid = strtol(buf, NULL, 10);
	if (pid > 0 && pid != getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) {
		log_err("already running as pid %ld (%s)", pid, path);
		return -1;
	}
	return 0;
}

int statedir_open(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		log_err("cannot open state dir %s: %s", dir, strerror(errno));
	return fd;
}

int statedir_write_pid(int dirfd, const struct ids *ids)
{
	char buf[32];
	int fd, n;

	fd = openat(dirfd, "snmpoll.pid", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
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
	log_err("cannot write the pidfile snmpoll.pid: %s", strerror(errno));
	return -1;
}

void statedir_remove_pid(int dirfd)
{
	unlinkat(dirfd, "snmpoll.pid", 0);
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
