/* SPDX-License-Identifier: MIT */
/* Events (CONFIG_EVENTS): after each completed cycle the supervisor
 * compares every host's state and every interface's ifOperStatus with the
 * cycle before, and runs CONFIG_EVENT_CMD for each change with the
 * environment ACTION (host-up, host-down, if-up, if-down), HOST, ADDRESS,
 * STATUS, ERROR and, for interfaces, IFINDEX and IFNAME.
 *
 * Never from a worker and never blocking a cycle: changes go into a fixed
 * queue (full: later ones are dropped and counted in the log), one
 * command runs at a time in its own process group, killed after 10 s.
 * The first cycle only records the state: no storm at start-up.
 */
#ifndef SNMPOLL_EVENT_H
#define SNMPOLL_EVENT_H

#include <stdint.h>
#include <sys/types.h>

#include "shm.h"

/* At start-up: the state arrays, sized from the table.  0 or -1. */
int event_init(void);
/* A cycle has completed: queue what changed. */
void event_cycle(const struct shm_map *m);
/* Start the next queued command, kill one past its time. */
void event_tick(int64_t now_ms);
/* A child was reaped: 1 if it was the event command. */
int event_reaped(pid_t pid);
/* Stopping: kill a command still running. */
void event_stop(void);

#endif
