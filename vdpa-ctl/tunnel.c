// SPDX-License-Identifier: GPL-2.0
/*
 * Inner-header hash tunnel types: names <-> VIRTIO_NET_HASH_TUNNEL_TYPE_*
 * bits (virtio 1.4, 5.1.6.4.3.4).
 */
#include <string.h>
#include <strings.h>

#include "tunnel.h"
#include "util.h"
#include "virtio_compat.h"

#define BIT_OF(mask)	__builtin_ctz(mask)

static const char *const tunnel_names[] = {
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2784)] = "gre_2784",
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2890)] = "gre_2890",
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_7676)] = "gre_7676",
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_UDP)] = "gre_udp",
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN)] = "vxlan",
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN_GPE)] = "vxlan_gpe",
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_GENEVE)] = "geneve",
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_IPIP)] = "ipip",
	[BIT_OF(VIRTIO_NET_HASH_TUNNEL_TYPE_NVGRE)] = "nvgre",
};

#define TUNNEL_ALL	((1u << ARRAY_SIZE(tunnel_names)) - 1)

const char *const *tunnel_type_names(size_t *count)
{
	*count = ARRAY_SIZE(tunnel_names);
	return tunnel_names;
}

static int tunnel_bit(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tunnel_names); i++)
		if (tunnel_names[i] && !strcasecmp(word, tunnel_names[i]))
			return i;
	return -1;
}

int tunnel_types_parse(const char *arg, uint32_t *types)
{
	char buf[256], *tok, *save = NULL;
	uint64_t v;
	int bit;

	*types = 0;
	if (!strcasecmp(arg, "none"))
		return 0;
	if (!strcasecmp(arg, "all")) {
		*types = TUNNEL_ALL;
		return 0;
	}
	if (!strncasecmp(arg, "0x", 2)) {
		if (parse_u64(arg, UINT32_MAX, &v) || v & ~(uint64_t)TUNNEL_ALL) {
			pr_err("\"%s\" is not a mask of tunnel types (0x%x: all)",
			       arg, TUNNEL_ALL);
			return -1;
		}
		*types = v;
		return 0;
	}
	if (strlen(arg) >= sizeof(buf)) {
		pr_err("tunnel types \"%.20s...\" are too long", arg);
		return -1;
	}
	memcpy(buf, arg, strlen(arg) + 1);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		bit = tunnel_bit(tok);
		if (bit < 0) {
			pr_err("unknown tunnel type \"%s\" (gre_2784 gre_2890 gre_7676 gre_udp vxlan vxlan_gpe geneve ipip nvgre, all, none)",
			       tok);
			return -1;
		}
		*types |= 1u << bit;
	}
	if (!*types) {
		pr_err("no tunnel type in \"%s\"", arg);
		return -1;
	}
	return 0;
}
