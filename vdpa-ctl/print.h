/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printing API for text and JSON.  A command describes its output once,
 * as sections, handles, fields and lists; this file turns it into
 * iproute2-style text ("d0: type network mgmtdev ovnic0 ...") or JSON
 * ({"dev":{"d0":{"type":"network","mgmtdev":"ovnic0",...}}}).
 *
 *   print_section_start("dev");	JSON {"dev":{		text -
 *   print_handle_start("d0");		JSON "d0":{		text d0:
 *   print_str("type", "network");	JSON "type":"network"	text " type network"
 *   print_line();			JSON -			text next field on a new line
 *   print_list_start("features");	JSON "features":[	text "  features"
 *   print_list_str("MAC");		JSON "MAC"		text " MAC"
 *   print_list_end();			JSON ]			text -
 *   print_pairs_start("stats");	JSON "stats":[		text -
 *   print_pair("kicks", 3);		JSON {"name":"kicks","value":3}	text " kicks 3"
 *   print_list_end();			JSON ]			text -
 *   print_handle_end();		JSON }			text newline
 *   print_section_end();		JSON }}			text -
 *
 * Nested objects and arrays of them (statistics):
 *   print_obj_start("rx");		JSON "rx":{		text " rx"
 *   print_obj_end();			JSON }			text -
 *   print_array_start("queues");	JSON "queues":[		text -
 *   print_obj_start(NULL);		JSON {			text -
 *   print_list_end();			JSON ]			text -
 *
 * Records, one per line, for a stream of events (monitor):
 *   print_record_start("link");	JSON {"event":"link"	text "link"
 *   print_record_end();		JSON }			text newline
 */
#ifndef VDPA_CTL_PRINT_H
#define VDPA_CTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum {
	PRINT_JSON	= 1 << 0,
	PRINT_PRETTY	= 1 << 1,	/* implies PRINT_JSON */
};

void print_init(FILE *fp, unsigned int flags);

void print_section_start(const char *key);
void print_section_end(void);
void print_handle_start(const char *name);
void print_handle_end(void);
void print_line(void);

void print_str(const char *key, const char *val);
void print_uint(const char *key, uint64_t val);
void print_bool(const char *key, bool val);
/* JSON true/false, text on/off. */
void print_onoff(const char *key, bool val);
/* JSON true/false, text yes/no. */
void print_yesno(const char *key, bool val);

void print_list_start(const char *key);
void print_list_str(const char *val);
void print_list_uint(uint64_t val);
/* Text only: what an empty list says ("none"); JSON shows []. */
void print_list_empty(const char *text);
void print_list_end(void);
void print_pairs_start(const char *key);
void print_pair(const char *name, uint64_t val);

void print_obj_start(const char *key);
void print_obj_end(void);
void print_array_start(const char *key);

void print_record_start(const char *event);
void print_record_end(void);

#endif
