/* SPDX-License-Identifier: MIT */
/* One small log module: syslog, or stderr when running in the foreground. */
#ifndef SNMPOLL_LOG_H
#define SNMPOLL_LOG_H

#include <syslog.h>

void log_open(int to_stderr);
void log_msg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)	log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
