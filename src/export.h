/* SPDX-License-Identifier: MIT */
/* Exporters: the results in shared memory as text, JSON or Prometheus
 * (json.c, prom.c, text.c); status.h says where they go. */
#ifndef SNMPOLL_EXPORT_H
#define SNMPOLL_EXPORT_H

#include <stdio.h>
#include <time.h>

#include "shm.h"

enum export_fmt { EXPORT_TEXT, EXPORT_JSON, EXPORT_PROM };

/* The per-format writers behind status_write (json.c, prom.c, text.c).
 * They write through fmt.h's buffered, allocation-free struct fmt_out. */
struct fmt_out;
void json_write(struct fmt_out *o, const struct shm_map *m, time_t now);
/* A JSON string literal of n bytes: valid JSON whatever the bytes, safe
 * inline in HTML (<, >, & escaped). */
void json_string(struct fmt_out *o, const char *s, size_t n);
void prom_write(struct fmt_out *o, const struct shm_map *m);
void text_write(struct fmt_out *o, const struct shm_map *m, time_t now);

/* The interface view's parts (ifexport.c).  ifexport_history: the JSON
 * gets the history arrays (`status --json --history`, CGI history=1).
 * ifjson_host: host i's "rtt_history_ms" and "interfaces" members, each
 * followed by a comma, placed before "values".  ifprom_write: the
 * snmpoll_if_* families. */
void ifexport_history(int on);
void ifjson_host(struct fmt_out *o, const struct shm_map *m, unsigned i);
void ifprom_write(struct fmt_out *o, const struct shm_map *m);
/* A Prometheus label key="value", escaped (prom.c). */
void prom_label(struct fmt_out *o, const char *key, const char *s, size_t n);

#endif
