/* SPDX-License-Identifier: MIT */
/* Where the exporters' output goes: stdout for `snmpoll status`, the
 * atomically replaced status.json, and the CGI with its headers.
 *
 * The CGI takes nothing from the request but the method and one of three
 * fixed query strings: no request text reaches a path, a shell or the
 * output.  One static output buffer serves every path (no heap).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "status.h"
#include "fmt.h"

#define NO_STATE	"no daemon state (is snmpoll running?)"
#define DAMAGED		"daemon state damaged or made by another build"

static struct fmt_out out;

static void write_doc(struct fmt_out *o, enum export_fmt fmt,
		      const struct shm_map *m, time_t now)
{
	if (fmt == EXPORT_JSON)
		json_write(o, m, now);
	else if (fmt == EXPORT_PROM && ENABLE_PROMETHEUS)
		prom_write(o, m);
	else
		text_write(o, m, now);
}

int status_write(FILE *f, enum export_fmt fmt, const struct shm_map *m, time_t now)
{
	fmt_out_file(&out, f);
	write_doc(&out, fmt, m, now);
	return fmt_flush(&out);
}

int status_damaged(void)
{
	return out.bad;
}

static int write_json_fd(int fd, const struct shm_map *m)
{
	fmt_out_fd(&out, fd);
	json_write(&out, m, time(NULL));
	if (fmt_flush(&out) < 0 || fsync(fd) < 0)
		return -1;
	return 0;
}

int status_json_write(int dirfd, const struct shm_map *m)
{
	static const char tmp[] = ".status.json.tmp";
	int fd, e;

	/* A fresh file, whatever was planted at the name (a FIFO would block
	 * the supervisor in open, a symlink would aim the write elsewhere). */
	unlinkat(dirfd, tmp, 0);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (write_json_fd(fd, m) < 0)
		goto fail;
	e = close(fd);
	fd = -1;
	if (e < 0 || renameat(dirfd, tmp, dirfd, "status.json") < 0)
		goto fail;
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	errno = e;
	return -1;
}

static void attach_error(const char *dir)
{
	if (errno == ENOENT)
		fprintf(stderr, "snmpoll: no daemon state in %s (is snmpoll running?)\n",
			dir);
	else if (errno == EPROTO)
		fprintf(stderr, "snmpoll: %s/%s: %s\n", dir, SHM_FILE, shm_attach_error());
	else
		fprintf(stderr, "snmpoll: %s/%s: %s\n", dir, SHM_FILE, strerror(errno));
}

/* A record that stayed busy (its writer died mid-write) or failed its
 * checks was shown as an error: the reader still says so. */
static int damage_error(const char *dir)
{
	fprintf(stderr, "snmpoll: %s/%s: a host record is busy for good or damaged "
		"(shown as \"record busy\" / \"record damaged\")\n", dir, SHM_FILE);
	return 1;
}

int status_cmd(const char *dir, enum export_fmt fmt)
{
	struct shm_map m;
	int rc = 0;

	if (fmt == EXPORT_PROM && !ENABLE_PROMETHEUS) {
		fprintf(stderr, "snmpoll: Prometheus export is not built in "
			"(CONFIG_PROMETHEUS)\n");
		return 2;
	}
	if (shm_attach(dir, &m) < 0) {
		attach_error(dir);
		return 1;
	}
	if (status_write(stdout, fmt, &m, time(NULL)) < 0) {
		fprintf(stderr, "snmpoll: writing status: %s\n", strerror(errno));
		rc = 1;
	} else if (out.bad) {
		rc = damage_error(dir);
	}
	shm_detach(&m);
	return rc;
}

/* ---- CGI ---- */

static const char *const content_type[] = {
	[EXPORT_TEXT] = "text/plain; charset=utf-8",
	[EXPORT_JSON] = "application/json",
	[EXPORT_PROM] = "text/plain; version=0.0.4; charset=utf-8",
};

/* Status first: busybox httpd only recognises it as the first header.
 * CRLF suits both busybox httpd (which passes CGI headers through as they
 * are) and uhttpd (which accepts either). */
static void headers(const char *status, const char *type, const char *extra)
{
	if (status)
		fmt_printf(&out, "Status: %s\r\n", status);
	if (extra)
		fmt_printf(&out, "%s\r\n", extra);
	fmt_printf(&out, "Content-Type: %s\r\nCache-Control: no-store\r\n\r\n", type);
}

static int cgi_fail(int head, const char *status, const char *extra,
		    const char *msg)
{
	headers(status, content_type[EXPORT_TEXT], extra);
	if (!head)
		fmt_printf(&out, "snmpoll: %s\n", msg);
	return fmt_flush(&out) < 0 ? 1 : 0;
}

static int cgi_no_state(int head, enum export_fmt fmt, const char *msg)
{
	const char *status = "503 Service Unavailable";

	if (fmt != EXPORT_JSON)
		return cgi_fail(head, status, NULL, msg);
	headers(status, content_type[EXPORT_JSON], NULL);
	if (!head) {
		fmt_puts(&out, "{\"error\": ");
		json_string(&out, msg, strlen(msg));
		fmt_puts(&out, "}\n");
	}
	return fmt_flush(&out) < 0 ? 1 : 0;
}

/* The whole query is one parameter, so anything but these exact strings
 * (other or repeated parameters, other values) is refused. */
static int parse_query(const char *q, enum export_fmt *fmt)
{
	*fmt = EXPORT_JSON;
	if (!q || !*q || strcmp(q, "format=json") == 0)
		return 0;
	if (!strcmp(q, "format=json&history=1") || !strcmp(q, "history=1&format=json") ||
	    !strcmp(q, "history=1")) {
		ifexport_history(1);
		return 0;
	}
	if (strcmp(q, "format=text") == 0)
		*fmt = EXPORT_TEXT;
	else if (strcmp(q, "format=prom") == 0 && ENABLE_PROMETHEUS)
		*fmt = EXPORT_PROM;
	else
		return -1;
	return 0;
}

static int cgi_answer(const char *dir, int head, enum export_fmt fmt)
{
	struct shm_map m;

	if (shm_attach(dir, &m) < 0) {
		int e = errno;

		if (e != ENOENT) {	/* damaged or foreign: say so, for the log */
			attach_error(dir);
			cgi_no_state(head, fmt, DAMAGED);
			return 1;
		}
		return cgi_no_state(head, fmt, NO_STATE);
	}
	headers(NULL, content_type[fmt], NULL);
	if (!head)
		write_doc(&out, fmt, &m, time(NULL));
	shm_detach(&m);
	if (fmt_flush(&out) < 0)
		return 1;
	return out.bad ? damage_error(dir) : 0;
}

int status_cgi(const char *dir)
{
	const char *method = getenv("REQUEST_METHOD");
	enum export_fmt fmt;
	int head;

	fmt_out_file(&out, stdout);
	if (!method)
		method = "GET";
	head = strcmp(method, "HEAD") == 0;
	if (!head && strcmp(method, "GET") != 0)
		return cgi_fail(0, "405 Method Not Allowed", "Allow: GET, HEAD",
				"only GET and HEAD are allowed");
	if (parse_query(getenv("QUERY_STRING"), &fmt) < 0)
		return cgi_fail(head, "400 Bad Request", NULL,
				"bad query; use format=json, format=prom or format=text (json: &history=1)");
	return cgi_answer(dir, head, fmt);
}
