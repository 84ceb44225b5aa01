/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command options as bit flags.  Each command states which options it
 * requires and which it accepts (struct cmd_spec); opts_parse() fills
 * struct opts and sets a bit in opts.present for each option given.
 *
 * A new option: a bit here, a field in struct opts, a row in opt_defs[]
 * (args.c) with its keyword, parser and the message shown when it is
 * required and missing, and the values it takes if they are a fixed few.
 * Keywords are spelt with underscores, as iproute2's vdpa does.
 */
#ifndef VDPA_CTL_ARGS_H
#define VDPA_CTL_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "features.h"
#include "uapi/linux/ovnic.h"
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
	OPT_STATE	= BIT_ULL(8),	/* state up|down: link */
	OPT_MAX_PAIRS	= BIT_ULL(9),	/* max_pairs N: queue pairs offered */
	OPT_MAX_SIZE	= BIT_ULL(10),	/* max_size N: ring size offered */
	OPT_SCOPE	= BIT_ULL(11),	/* scope device|queue: statistics */
	OPT_INTERVAL	= BIT_ULL(12),	/* interval SECS: rates */
	OPT_RX_USECS	= BIT_ULL(13),	/* rx_usecs N: coalescing defaults */
	OPT_RX_FRAMES	= BIT_ULL(14),	/* rx_frames N */
	OPT_TX_USECS	= BIT_ULL(15),	/* tx_usecs N */
	OPT_TX_FRAMES	= BIT_ULL(16),	/* tx_frames N */
	OPT_ADAPTIVE_RX	= BIT_ULL(17),	/* adaptive_rx on|off */
	OPT_ADAPTIVE_TX	= BIT_ULL(18),	/* adaptive_tx on|off */
	OPT_IRQ_RATE	= BIT_ULL(19),	/* irq_rate N: adaptive target */
	OPT_TUNNEL	= BIT_ULL(20),	/* tunnel TYPES: inner-header hash */
	OPT_LOOPBACK	= BIT_ULL(21),	/* loopback on|off: link */
	OPT_ALLOW	= BIT_ULL(22),	/* allow MAC[,MAC...]|none: MAC policy */
	OPT_TRUST	= BIT_ULL(23),	/* trust on|off */
	OPT_SPOOFCHK	= BIT_ULL(24),	/* spoofchk on|off|auto */
	OPT_PROFILE	= BIT_ULL(25),	/* profile NAME: a named feature set */
};

enum { SCOPE_DEVICE, SCOPE_QUEUE };

#define INTERVAL_MAX_MS	3600000	/* an hour */

#define OPT_COAL_POLICY	(OPT_RX_USECS | OPT_RX_FRAMES | OPT_TX_USECS | \
			 OPT_TX_FRAMES | OPT_ADAPTIVE_RX | OPT_ADAPTIVE_TX | \
			 OPT_IRQ_RATE)

#define OPT_MAC_POLICY	(OPT_ALLOW | OPT_TRUST | OPT_SPOOFCHK)

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
	const struct feature_profile *profile;
	uint32_t qidx;
	uint64_t count;
	bool link_up;
	bool loopback;
	uint16_t max_pairs;
	uint16_t max_size;
	int scope;		/* SCOPE_* */
	uint64_t interval_ms;
	uint32_t rx_usecs, rx_frames, tx_usecs, tx_frames, irq_rate;
	bool adaptive_rx, adaptive_tx;
	uint32_t tunnel_types;	/* VIRTIO_NET_HASH_TUNNEL_TYPE_* */
	uint8_t allow[OVNIC_NL_MAC_ALLOWED_MAX][ETH_ALEN_CTL];
	unsigned int n_allow;	/* 0: "allow none" */
	bool trust;
	uint8_t spoofchk;	/* enum ovnic_nl_spoofchk */
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

extern const struct cmd_spec spec_dev_optional;	/* [ DEV ] */

int opts_parse(struct opts *o, const struct cmd_spec *spec,
	       int argc, char **argv);
const char *opt_keyword(uint64_t bit);
const char *opt_values(uint64_t bit);
int parse_interval(const char *s, uint64_t *ms);

#endif
