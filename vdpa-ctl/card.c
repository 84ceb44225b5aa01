// SPDX-License-Identifier: GPL-2.0
/*
 * card: what the ovnic card knows of its vDPA devices (the ovnic family's
 * DEV_GET): device slot, virtio status, bound bus driver, link.
 *
 *	d0: mgmtdev ovnic0 slot 0 driver virtio_vdpa
 *	  status ACKNOWLEDGE DRIVER FEATURES_OK DRIVER_OK
 *	  link up speed 100000 duplex full loopback off
 *
 * "link show" and "queue show" print parts of the same reply
 * (card_print() with a struct card_view).
 */
#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"
#include "print.h"
#include "virtio_compat.h"

/* virtio 2.1: device status bits, in the order a driver sets them */
static const struct {
	uint8_t bit;
	const char *name;
} status_bits[] = {
	{ VIRTIO_CONFIG_S_ACKNOWLEDGE,	"ACKNOWLEDGE" },
	{ VIRTIO_CONFIG_S_DRIVER,	"DRIVER" },
	{ VIRTIO_CONFIG_S_FEATURES_OK,	"FEATURES_OK" },
	{ VIRTIO_CONFIG_S_DRIVER_OK,	"DRIVER_OK" },
	{ VIRTIO_CONFIG_S_NEEDS_RESET,	"NEEDS_RESET" },
	{ VIRTIO_CONFIG_S_FAILED,	"FAILED" },
};

/* The status byte by names; RESET for 0, bit_N for unknown bits. */
void print_status(const char *key, uint8_t status)
{
	char buf[16];
	uint8_t known = 0;
	size_t i;
	int b;

	print_list_start(key);
	if (!status)
		print_list_str("RESET");
	for (i = 0; i < ARRAY_SIZE(status_bits); i++) {
		known |= status_bits[i].bit;
		if (status & status_bits[i].bit)
			print_list_str(status_bits[i].name);
	}
	for (b = 0; b < 8; b++) {
		if ((status & ~known) & (1u << b)) {
			snprintf(buf, sizeof(buf), "bit_%d", b);
			print_list_str(buf);
		}
	}
	print_list_end();
}

static void print_u16_attr(struct nlattr **tb, int attr, const char *key)
{
	if (tb[attr])
		print_uint(key, nla_get_u16(tb[attr]));
}

static void card_dev_fields(struct nlattr **tb)
{
	print_str("mgmtdev", tb[OVNIC_NL_A_MGMTDEV_NAME] ?
		  nla_get_string(tb[OVNIC_NL_A_MGMTDEV_NAME]) : "?");
	if (tb[OVNIC_NL_A_DEV_SLOT])
		print_uint("slot", nla_get_u32(tb[OVNIC_NL_A_DEV_SLOT]));
	print_str("driver", tb[OVNIC_NL_A_DEV_DRIVER] ?
		  nla_get_string(tb[OVNIC_NL_A_DEV_DRIVER]) : "none");
	if (tb[OVNIC_NL_A_DEV_STATUS]) {
		print_line();
		print_status("status", nla_get_u8(tb[OVNIC_NL_A_DEV_STATUS]));
	}
}

static void card_link_fields(struct nlattr **tb)
{
	if (tb[OVNIC_NL_A_LINK_UP])
		print_str("link", nla_get_u8(tb[OVNIC_NL_A_LINK_UP]) ? "up" : "down");
	if (tb[OVNIC_NL_A_LINK_SPEED])
		print_uint("speed", nla_get_u32(tb[OVNIC_NL_A_LINK_SPEED]));
	if (tb[OVNIC_NL_A_LINK_DUPLEX])
		print_str("duplex",
			  ovnic_duplex_name(nla_get_u8(tb[OVNIC_NL_A_LINK_DUPLEX])));
	if (tb[OVNIC_NL_A_LINK_LOOPBACK])
		print_onoff("loopback", nla_get_u8(tb[OVNIC_NL_A_LINK_LOOPBACK]));
}

static void card_queue_fields(struct nlattr **tb)
{
	print_u16_attr(tb, OVNIC_NL_A_QUEUE_PAIRS_MAX, "max_pairs");
	print_u16_attr(tb, OVNIC_NL_A_QUEUE_PAIRS_LIMIT, "max_pairs_limit");
	print_u16_attr(tb, OVNIC_NL_A_QUEUE_PAIRS, "pairs");
	print_u16_attr(tb, OVNIC_NL_A_QUEUE_SIZE_MAX, "max_size");
	print_u16_attr(tb, OVNIC_NL_A_QUEUE_SIZE_LIMIT, "max_size_limit");
}

/* A DEV_GET reply; @arg is a struct card_view, or NULL for everything. */
int card_print(struct nl_msg *msg, void *arg)
{
	const struct card_view *v = arg;
	unsigned int parts = v ? v->parts : CARD_ALL;
	struct nlattr *tb[OVNIC_NL_A_MAX + 1];
	bool line = false;

	if (ovnic_parse(msg, tb, "dev"))
		return EXIT_FAIL;
	print_handle_start(nla_get_string(tb[OVNIC_NL_A_DEV_NAME]));
	if (parts & CARD_DEV) {
		card_dev_fields(tb);
		line = true;
	}
	if (parts & CARD_LINK) {
		if (line)
			print_line();
		card_link_fields(tb);
		line = true;
	}
	if (parts & CARD_QUEUES) {
		if (line)
			print_line();
		card_queue_fields(tb);
	}
	print_handle_end();
	return EXIT_OK;
}

/* DEV_GET of one device or all, printed in section @section. */
int card_show_parts(int argc, char **argv, const char *section,
		    unsigned int parts)
{
	struct card_view v = { .parts = parts };

	return ovnic_show(argc, argv, OVNIC_NL_CMD_DEV_GET, section,
			  card_print, &v);
}

static int card_show(int argc, char **argv)
{
	return card_show_parts(argc, argv, "card", CARD_ALL);
}

const struct cmd card_cmds[] = {
	{ .name = "show", .run = card_show, .spec = &spec_dev_optional, .args = "[ DEV ]", .is_default = true },
	{ }
};
