/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command options as bit flags.  Each command states which options it
 * requires and which it accepts (struct cmd_spec); opts_parse() fills
 * struct opts and sets a bit in opts.present for each option given.
 *
 * A new option: a bit here, a field in struct opts, a row in opt_defs[]
 * (args.c) with its keyword, parser and the message shown when it is
 * required and missing.
 */
#ifndef VDPA_CTL_ARGS_H
#define VDPA_CTL_ARGS_H

#include <stdint.h>

#include "util.h"

enum {
	OPT_MGMTDEV	= BIT_ULL(0),	/* mgmtdev [BUS/]NAME */
	OPT_NAME	= BIT_ULL(1),	/* name NAME: a vDPA device */
	OPT_MAC		= BIT_ULL(2),	/* mac XX:XX:XX:XX:XX:XX */
	OPT_MTU		= BIT_ULL(3),	/* mtu N */
	OPT_MAX_VQP	= BIT_ULL(4),	/* max_vqp N */
	OPT_FEATURES	= BIT_ULL(5),	/* device_features 0xHEX | NAME,NAME,... */
	OPT_QIDX	= BIT_ULL(6),	/* qidx N */
	OPT_COUNT	= BIT_ULL(7),	/* count N: events before monitor exits */
	OPT_TUNNEL	= BIT_ULL(8),	/* tunnel TYPES: inner-header hash */
};

#define MGMTDEV_BUS_MAX	64

struct opts {
	uint64_t present;
	char mgmtdev_bus[MGMTDEV_BUS_MAX];	/* "" when not given */
	const char *mgmtdev_name;
	const char *name;
	uint8_t mac[ETH_ALEN_CTL];
	uint16_t mtu;
	uint16_t max_vqp;
	uint64_t features;
	uint32_t qidx;
	uint64_t count;
	uint32_t tunnel_types;	/* VIRTIO_NET_HASH_TUNNEL_TYPE_* */
};

struct cmd_spec {
	uint64_t required;
	uint64_t optional;
	/*
	 * The option the first argument gives without its keyword
	 * ("dev del d0"); one of required or optional.  An argument that is
	 * a keyword of the command is not taken for it.
	 */
	uint64_t positional;
};

int opts_parse(struct opts *o, const struct cmd_spec *spec,
	       int argc, char **argv);

#endif
