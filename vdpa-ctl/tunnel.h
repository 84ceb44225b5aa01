/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnel types of the inner-header hash (virtio 1.4's
 * VIRTIO_NET_HASH_TUNNEL_TYPE_* bits) by name: their parser (args.c's
 * "tunnel TYPES") and their names for printing (hash.c).
 */
#ifndef VDPA_CTL_TUNNEL_H
#define VDPA_CTL_TUNNEL_H

#include <stddef.h>
#include <stdint.h>

/* Names by bit; NULL for a bit without one.  *@count: bits covered. */
const char *const *tunnel_type_names(size_t *count);
/* "vxlan,geneve", "all", "none" or a hex mask; prints what is wrong. */
int tunnel_types_parse(const char *arg, uint32_t *types);

#endif
