/* SPDX-License-Identifier: MIT */
/* Where the exporters' documents go (status.c): `snmpoll status` on
 * stdout, the atomically replaced status.json, the CGI. */
#ifndef SNMPOLL_STATUS_H
#define SNMPOLL_STATUS_H

#include <stdio.h>
#include <time.h>

#include "export.h"

/* Write every host of m in format fmt; now is the document's "time".
 * 0, or -1 if writing failed. */
int status_write(FILE *f, enum export_fmt fmt, const struct shm_map *m, time_t now);

/* 1 if the last status_write met a record that was busy for good or
 * damaged (shown as an error host). */
int status_damaged(void);

/* Replace status.json in the directory open as dirfd atomically (temp
 * file, fsync, rename).  0, or -1 with errno; the previous file is intact
 * on failure.  A directory fd, so that the daemon keeps writing there
 * after dropping privileges even if it could no longer reach the path. */
int status_json_write(int dirfd, const struct shm_map *m);

/* `snmpoll status`: attach to dir's shared memory and print.  Returns the
 * exit code: 0, or 1 with a message on stderr when there is no daemon
 * state in dir or it is damaged or foreign. */
int status_cmd(const char *dir, enum export_fmt fmt);

/* CGI mode (GATEWAY_INTERFACE set): answer on stdout from the state dir
 * dir.  Returns the exit code: 1 (with a message on stderr) when the
 * state there is damaged or foreign. */
int status_cgi(const char *dir);

#endif
