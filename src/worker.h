/* SPDX-License-Identifier: MIT */
/* A worker process: polls the hosts it claims from shared memory, many at
 * once, and publishes each host's record when it is done. */
#ifndef SNMPOLL_WORKER_H
#define SNMPOLL_WORKER_H

#include "shm.h"

/* Run worker number w until its control pipe closes.  ctl: read end of
 * the supervisor's pipe ('c' = a cycle started); notify: write end on
 * which the worker that finishes a cycle's last host writes 'd'. */
void worker_main(struct shm_map *m, unsigned w, int ctl, int notify) __attribute__((noreturn));

#endif
