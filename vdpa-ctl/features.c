// SPDX-License-Identifier: GPL-2.0
/*
 * The one table of virtio-net feature names <-> bits, its parser and its
 * printer.
 *
 * Numbering: the uAPI headers' VIRTIO_F_*, VIRTIO_RING_F_* and
 * VIRTIO_NET_F_* (virtio_compat.h supplies what Debian 12's 6.1 headers
 * lack: Linux 6.12's bits and virtio 1.4's HASH_TUNNEL).
 * Bits 24-41 are device independent (bits 24 and 27 are legacy ones); the
 * rest belong to the network device.  VIRTIO_NET_F_RSS_CONTEXT is bit 64 and
 * does not fit the vDPA netlink attributes, which carry 64 bits.
 *
 * A name is accepted with or without its prefix (VIRTIO_NET_F_ for network
 * bits; VIRTIO_F_ or VIRTIO_RING_F_ for transport bits), in any case, or as
 * bit_N.  Output uses the short name, or bit_N for a bit without one.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "features.h"
#include "print.h"
#include "util.h"
#include "virtio_compat.h"

#define NET(n)		{ .bit = VIRTIO_NET_F_##n, .name = #n }
#define TR(n)		{ .bit = VIRTIO_F_##n, .name = #n, .transport = true }
#define TR2(n, a)	{ .bit = VIRTIO_F_##n, .name = #n, .alias = #a, \
			  .transport = true }
#define RING(n)		{ .bit = VIRTIO_RING_F_##n, .name = #n, \
			  .alias = "RING_" #n, .transport = true }

/* In bit order; VIRTIO_F_IOMMU_PLATFORM is the old name of ACCESS_PLATFORM. */
static const struct feature features[] = {
	NET(CSUM),
	NET(GUEST_CSUM),
	NET(CTRL_GUEST_OFFLOADS),
	NET(MTU),
	NET(MAC),
	NET(GSO),				/* legacy */
	NET(GUEST_TSO4),
	NET(GUEST_TSO6),
	NET(GUEST_ECN),
	NET(GUEST_UFO),
	NET(HOST_TSO4),
	NET(HOST_TSO6),
	NET(HOST_ECN),
	NET(HOST_UFO),
	NET(MRG_RXBUF),
	NET(STATUS),
	NET(CTRL_VQ),
	NET(CTRL_RX),
	NET(CTRL_VLAN),
	NET(CTRL_RX_EXTRA),
	NET(GUEST_ANNOUNCE),
	NET(MQ),
	NET(CTRL_MAC_ADDR),
	TR(NOTIFY_ON_EMPTY),			/* legacy */
	TR(ANY_LAYOUT),				/* legacy */
	RING(INDIRECT_DESC),
	RING(EVENT_IDX),
	TR(VERSION_1),
	TR2(ACCESS_PLATFORM, IOMMU_PLATFORM),
	TR(RING_PACKED),
	TR(IN_ORDER),
	TR(ORDER_PLATFORM),
	TR(SR_IOV),
	TR(NOTIFICATION_DATA),
	TR(NOTIF_CONFIG_DATA),
	TR(RING_RESET),
	TR(ADMIN_VQ),
	NET(DEVICE_STATS),
	NET(HASH_TUNNEL),
	NET(VQ_NOTF_COAL),
	NET(NOTF_COAL),
	NET(GUEST_USO4),
	NET(GUEST_USO6),
	NET(HOST_USO),
	NET(HASH_REPORT),
	NET(GUEST_HDRLEN),
	NET(RSS),
	NET(RSC_EXT),
	NET(STANDBY),
	NET(SPEED_DUPLEX),
};

/*
 * "migratable": what QEMU 10.0's shadow virtqueue can carry across a live
 * migration (net/vhost-vdpa.c's vdpa_svq_device_features and
 * vhost_svq_valid_features).  QEMU checks what the device *offers*, once,
 * when the netdev is created: one bit outside this set blocks migration for
 * the netdev's life, whatever the guest negotiates.  Left out, among others:
 * INDIRECT_DESC, RING_PACKED, RING_RESET, NOTIFICATION_DATA, GUEST_ANNOUNCE
 * (QEMU emulates it for the guest), DEVICE_STATS, both NOTF_COAL bits,
 * HASH_TUNNEL, the USO bits and GUEST_HDRLEN.  The shadow rings need
 * VERSION_1 and ACCESS_PLATFORM.
 *
 * CTRL_VLAN is left out too, though QEMU allows it: before 10.0.4
 * ("virtio-net: Fix VLAN filter table reset timing") QEMU's VLAN table is
 * all ones after the guest's negotiation, so every shadowed start (the
 * boot, the switch when migration starts, the destination) replays 4096
 * VLAN_ADD commands with QEMU's big lock held, and the guest's own table is
 * lost anyway.  Without CTRL_VLAN the device passes every VLAN, as QEMU's
 * table then says.
 */
#define MIGRATABLE_NET							\
	(BIT_ULL(VIRTIO_NET_F_CSUM) | BIT_ULL(VIRTIO_NET_F_GUEST_CSUM) |	\
	 BIT_ULL(VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) |				\
	 BIT_ULL(VIRTIO_NET_F_MTU) | BIT_ULL(VIRTIO_NET_F_MAC) |		\
	 BIT_ULL(VIRTIO_NET_F_GUEST_TSO4) | BIT_ULL(VIRTIO_NET_F_GUEST_TSO6) | \
	 BIT_ULL(VIRTIO_NET_F_GUEST_ECN) | BIT_ULL(VIRTIO_NET_F_GUEST_UFO) |	\
	 BIT_ULL(VIRTIO_NET_F_HOST_TSO4) | BIT_ULL(VIRTIO_NET_F_HOST_TSO6) |	\
	 BIT_ULL(VIRTIO_NET_F_HOST_ECN) | BIT_ULL(VIRTIO_NET_F_HOST_UFO) |	\
	 BIT_ULL(VIRTIO_NET_F_MRG_RXBUF) | BIT_ULL(VIRTIO_NET_F_STATUS) |	\
	 BIT_ULL(VIRTIO_NET_F_CTRL_VQ) | BIT_ULL(VIRTIO_NET_F_CTRL_RX) |	\
	 BIT_ULL(VIRTIO_NET_F_CTRL_RX_EXTRA) | BIT_ULL(VIRTIO_NET_F_MQ) |	\
	 BIT_ULL(VIRTIO_NET_F_CTRL_MAC_ADDR) |					\
	 BIT_ULL(VIRTIO_NET_F_HASH_REPORT) | BIT_ULL(VIRTIO_NET_F_RSS) |	\
	 BIT_ULL(VIRTIO_NET_F_RSC_EXT) | BIT_ULL(VIRTIO_NET_F_STANDBY) |	\
	 BIT_ULL(VIRTIO_NET_F_SPEED_DUPLEX))
#define MIGRATABLE_REQUIRED						\
	(BIT_ULL(VIRTIO_F_VERSION_1) | BIT_ULL(VIRTIO_F_ACCESS_PLATFORM))
#define MIGRATABLE_TRANSPORT						\
	(MIGRATABLE_REQUIRED | BIT_ULL(VIRTIO_F_ANY_LAYOUT) |		\
	 BIT_ULL(VIRTIO_RING_F_EVENT_IDX))

static const struct feature_profile profiles[] = {
	{
		.name = "migratable",
		.allowed = MIGRATABLE_NET | MIGRATABLE_TRANSPORT,
		.required = MIGRATABLE_REQUIRED,
	},
};

const struct feature_profile *feature_profile_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(profiles); i++)
		if (!strcmp(name, profiles[i].name))
			return &profiles[i];
	return NULL;
}

/*
 * The features a device of profile @p offers, from what its management
 * device @supported: -1, with the missing names printed, if it lacks one
 * the profile requires.
 */
int feature_profile_apply(const struct feature_profile *p, uint64_t supported,
			  uint64_t *features)
{
	uint64_t missing = p->required & ~supported;
	const char *name;
	unsigned int bit;

	if (missing) {
		for (bit = 0; bit < 64; bit++) {
			if (!(missing & BIT_ULL(bit)))
				continue;
			name = feature_name(bit, VIRTIO_ID_NET);
			pr_err("profile %s needs %s, which the management device does not offer",
			       p->name, name ? name : "an unnamed bit");
		}
		return -1;
	}
	*features = supported & p->allowed;
	return 0;
}

const struct feature *feature_table(size_t *count)
{
	*count = ARRAY_SIZE(features);
	return features;
}

static const struct feature *feature_by_bit(unsigned int bit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i].bit == bit)
			return &features[i];
	return NULL;
}

/* The name of @bit for a device of @device_id (network names only for 1). */
const char *feature_name(unsigned int bit, uint32_t device_id)
{
	const struct feature *f = feature_by_bit(bit);

	if (!f || (!f->transport && device_id != VIRTIO_ID_NET))
		return NULL;
	return f->name;
}

/* Strips @prefix from the @len-byte word *@s, ignoring case. */
static bool strip_prefix(const char **s, size_t *len, const char *prefix)
{
	size_t n = strlen(prefix);

	if (n > *len || strncasecmp(*s, prefix, n))
		return false;
	*s += n;
	*len -= n;
	return true;
}

static bool name_is(const char *word, size_t len, const char *name)
{
	return name && strlen(name) == len && !strncasecmp(word, name, len);
}

/* "bit_N" with N in 0..63, no leading zero: N, else -1. */
static int bit_word(const char *w, size_t len)
{
	unsigned int bit = 0;
	size_t i;

	if (len < 5 || len > 6 || strncasecmp(w, "bit_", 4))
		return -1;
	if (len == 6 && w[4] == '0')
		return -1;
	for (i = 4; i < len; i++) {
		if (!isdigit((unsigned char)w[i]))
			return -1;
		bit = bit * 10 + w[i] - '0';
	}
	return bit < 64 ? (int)bit : -1;
}

/* One word of a feature list (@len bytes): a name or bit_N.  -1 if unknown. */
static int feature_word(const char *word, size_t len)
{
	const char *w = word;
	bool net_prefix, tr_prefix = false;
	const struct feature *f;
	size_t i;
	int bit;

	bit = bit_word(word, len);
	if (bit >= 0)
		return bit;

	net_prefix = strip_prefix(&w, &len, "VIRTIO_NET_F_");
	if (!net_prefix)
		tr_prefix = strip_prefix(&w, &len, "VIRTIO_F_") ||
			    strip_prefix(&w, &len, "VIRTIO_RING_F_");
	for (i = 0; i < ARRAY_SIZE(features); i++) {
		f = &features[i];
		if ((net_prefix && f->transport) || (tr_prefix && !f->transport))
			continue;
		if (name_is(w, len, f->name) || name_is(w, len, f->alias))
			return f->bit;
	}
	return -1;
}

/*
 * "0x<hex>", or a comma-separated list of names.  On error prints which
 * word is wrong and returns -1.
 */
int features_parse(const char *s, uint64_t *features_out)
{
	uint64_t mask = 0;
	const char *end;
	size_t len;
	int bit;

	if (!strncasecmp(s, "0x", 2)) {
		if (parse_u64(s, UINT64_MAX, &mask)) {
			pr_err("\"%s\" is not a 64-bit hexadecimal feature mask", s);
			return -1;
		}
		*features_out = mask;
		return 0;
	}
	for (;;) {
		end = strchr(s, ',');
		len = end ? (size_t)(end - s) : strlen(s);
		if (!len) {
			pr_err("empty feature name in the feature list");
			return -1;
		}
		bit = feature_word(s, len);
		if (bit < 0) {
			pr_err("unknown feature \"%.*s\" (see \"vdpa-ctl feature show\")",
			       (int)len, s);
			return -1;
		}
		mask |= BIT_ULL(bit);
		if (!end)
			break;
		s = end + 1;
	}
	*features_out = mask;
	return 0;
}

/* A list of feature names, in bit order. */
void print_features(const char *key, uint64_t mask, uint32_t device_id)
{
	const char *name;
	char buf[8];
	unsigned int bit;

	print_list_start(key);
	for (bit = 0; bit < 64; bit++) {
		if (!(mask & BIT_ULL(bit)))
			continue;
		name = feature_name(bit, device_id);
		if (!name) {
			snprintf(buf, sizeof(buf), "bit_%u", bit);
			name = buf;
		}
		print_list_str(name);
	}
	print_list_end();
}
