/* SPDX-License-Identifier: MIT */
#ifndef SNMPOLL_VERSION_H
#define SNMPOLL_VERSION_H
#define SNMPOLL_VERSION "0.1.0"
#endif
