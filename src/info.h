/* SPDX-License-Identifier: MIT */
/* `snmpoll hosts` and `snmpoll config`: what was compiled in. */
#ifndef SNMPOLL_INFO_H
#define SNMPOLL_INFO_H

int info_hosts(void);
int info_config(void);

#endif
