/* SPDX-License-Identifier: MIT */
/* Exporters: the results in shared memory as text, JSON or Prometheus,
 * for `snmpoll status`, the CGI and status.json. */
#ifndef SNMPOLL_EXPORT_H
#define SNMPOLL_EXPORT_H

#include <stdio.h>
#include <time.h>

#include "shm.h"

enum export_fmt { EXPORT_TEXT, EXPORT_JSON, EXPORT_PROM };

/* Write every host of m in format fmt; now is the document's "time".
 * 0, or -1 if writing failed. */
int export_write(FILE *f, enum export_fmt fmt, const struct shm_map *m, time_t now);

/* 1 if the last export_write met a record that was busy for good or
 * damaged (shown as an error host). */
int export_damaged(void);

/* Replace status.json in the directory open as dirfd atomically (temp
 * file, fsync, rename).  0, or -1 with errno; the previous file is intact
 * on failure.  A directory fd, so that the daemon keeps writing there
 * after dropping privileges even if it could no longer reach the path. */
int export_status_file(int dirfd, const struct shm_map *m);

/* `snmpoll status`: attach to dir's shared memory and print.  Returns the
 * exit code: 0, or 1 with a message on stderr when there is no daemon
 * state in dir or it is damaged or foreign. */
int export_status_cmd(const char *dir, enum export_fmt fmt);

/* CGI mode (GATEWAY_INTERFACE set): answer on stdout from the state dir
 * dir.  Returns the exit code: 1 (with a message on stderr) when the
 * state there is damaged or foreign. */
int export_cgi(const char *dir);

/* The per-format writers behind export_write (json.c, prom.c, text.c).
 * They write through fmt.h's buffered, allocation-free struct fmt_out. */
struct fmt_out;
void json_write(struct fmt_out *o, const struct shm_map *m, time_t now);
/* A JSON string literal of n bytes: valid JSON whatever the bytes, safe
 * inline in HTML (<, >, & escaped). */
void json_string(struct fmt_out *o, const char *s, size_t n);
void prom_write(struct fmt_out *o, const struct shm_map *m);
void text_write(struct fmt_out *o, const struct shm_map *m, time_t now);

#endif
