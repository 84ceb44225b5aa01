// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Which addresses a device owns (DEV_SET_MAC_POLICY, mac_policy.c): the
 * host decides, not the guest.  A guest can't take another port's traffic
 * by claiming its MAC, can't send from addresses it doesn't own when the
 * host checks sources, and can't fill the forwarding table so that a
 * neighbour becomes unreachable.
 */
#include "unit.h"

#define NDEV 3

static const uint8_t gw[6] = { 0x02, 0x47, 0x57, 0, 0, 1 };
static const uint8_t newmac[6] = { 0x02, 0, 0, 0, 0x66, 0x01 };

static const uint8_t *far_src(void)
{
	static const uint8_t far[6] = { 0x02, 0x47, 0x57, 0, 0, 9 };

	return far;
}

struct mp {
	struct ut_env *e;
	struct vd_dev *d[UT_MAX_DEVS];
	unsigned int n;
};

static void mp_refill(struct mp *m)
{
	unsigned int i;

	for (i = 0; i < m->n; i++) {
		vd_rx_fill(vd_rxq(m->d[i], 0), 32, 1540);
		vd_vq_kick_run(vd_rxq(m->d[i], 0));
	}
}

/* @n devices, promiscuous off, the uplink up. */
static void mp_setup(struct mp *m, void **state, unsigned int n,
		     const struct ovnic_card_params *params)
{
	unsigned int i;

	m->e = *state;
	if (params) {
		ut_env_free(m->e);
		m->e = *state = ut_env_new(params);
	}
	m->n = n;
	vd_reg_write(m->e->c, OVNIC_REG_WIRE_LINK, 1);
	for (i = 0; i < n; i++) {
		m->d[i] = ut_dev(m->e, (uint16_t)i, NULL);
		assert_int_equal(vd_ctrl_rx_mode(m->d[i],
						 VIRTIO_NET_CTRL_RX_PROMISC, 0),
				 VIRTIO_NET_OK);
	}
	mp_refill(m);
}

/* Send from device @from (-1: the wire). */
static void mp_send(struct mp *m, int from, const void *f, uint32_t len)
{
	if (from < 0) {
		assert_int_equal(vd_wire_rx(m->e->c, f, len), 0);
		return;
	}
	assert_int_equal(ut_send(m->d[from], f, len), 0);
	assert_int_equal(vd_vq_drain(vd_txq(m->d[from], 0)), 1);
}

/* Bit i of the result: device i received one frame; *wire: the uplink. */
static unsigned int mp_who(struct mp *m, bool *wire)
{
	static struct vd_rx_pkt pkt;
	unsigned int i, mask = 0;

	for (i = 0; i < m->n; i++)
		while (vd_rx_recv(vd_rxq(m->d[i], 0), &pkt) == 1)
			mask |= 1u << i;
	*wire = up_wire_pending(m->e->c->plat) > 0;
	up_wire_clear(m->e->c->plat);
	mp_refill(m);
	return mask;
}

static uint32_t mp_frame(uint8_t *f, const uint8_t *dst, const uint8_t *src)
{
	return vd_frame(f, dst, src, VD_NO_VLAN, 0x0800, 64, 7);
}

static int mp_policy(struct mp *m, unsigned int i, uint8_t flags,
		     uint8_t spoof, const uint8_t (*allowed)[6], uint8_t n)
{
	return vd_cmd_mac_policy_set(m->e->c, m->d[i]->dev_id, flags, spoof,
				     allowed, n);
}

/*
 * Device @i as a vhost user drives it: its window maps the arena (no
 * identity), the driver set up again through it, promiscuous off.
 */
static void mp_vhost(struct mp *m, unsigned int i)
{
	struct up_arena *a = &m->e->c->plat->arena[0];

	assert_int_equal(vd_dev_mr_reset(m->d[i]), 0);
	assert_int_equal(vd_dev_mr_map(m->d[i], VD_IOVA_BASE, a->base, a->size,
				       OVNIC_MR_PERM_READ |
				       OVNIC_MR_PERM_WRITE), 0);
	assert_int_equal(vd_dev_reinit(m->d[i]), 0);
	assert_int_equal(vd_ctrl_rx_mode(m->d[i], VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
	mp_refill(m);
}

/* By default a driver can't move its device to another address. */
static void mp_addr_set_refused_by_default(void **state)
{
	struct mp m;
	uint8_t f[128], cfgmac[6];
	uint32_t len;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	assert_int_equal(vd_ctrl_mac_addr(m.d[1], newmac), VIRTIO_NET_ERR);
	assert_int_equal(vd_config_read(m.d[1], 0, cfgmac, 6), 0);
	assert_memory_equal(cfgmac, m.d[1]->mac, 6);
	/* nor by writing the config space, as a legacy driver would */
	assert_int_equal(vd_cmd_config_write(m.e->c, 1, 0, 6, newmac),
			 OVNIC_STATUS_NOT_SUPPORTED);
	len = mp_frame(f, newmac, gw);
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	/* its own address still works */
	len = mp_frame(f, m.d[1]->mac, gw);
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1);
}

/*
 * The reproducer of the MAC hijack: the gateway lives on the wire; a
 * tenant claims its MAC (address and table) and must get none of the
 * others' traffic to it, promiscuous or not.
 */
static void mp_gateway_not_stolen(void **state)
{
	uint8_t tbl[1][6], f[128];
	struct mp m;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	memcpy(tbl[0], gw, 6);
	len = mp_frame(f, m.d[0]->mac, gw);
	mp_send(&m, -1, f, len);		/* the card learns the gateway */
	assert_int_equal(mp_who(&m, &wire), 1u << 0);
	assert_int_equal(vd_ctrl_mac_addr(m.d[1], gw), VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_mac_table(m.d[1], tbl, 1, NULL, 0),
			 VIRTIO_NET_OK);
	len = mp_frame(f, gw, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_true(wire);
	assert_int_equal(vd_ctrl_rx_mode(m.d[1], VIRTIO_NET_CTRL_RX_PROMISC,
					 1), VIRTIO_NET_OK);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_true(wire);
	/* and a device's address is safe from a trusted neighbour too */
	assert_int_equal(mp_policy(&m, 2, OVNIC_MACP_ANY, OVNIC_SPOOF_AUTO,
				   NULL, 0), OVNIC_STATUS_OK);
	assert_int_equal(vd_ctrl_mac_addr(m.d[2], m.d[0]->mac),
			 VIRTIO_NET_ERR);
}

/* Addresses the host allows: the driver may switch to them. */
static void mp_allowed(void **state)
{
	uint8_t allow[2][6], f[128];
	struct ovnic_resp_dev_mac_policy r;
	struct mp m;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	memcpy(allow[0], newmac, 6);
	memcpy(allow[1], m.d[2]->mac, 6);
	/* another port's address: refused, nothing changes */
	assert_int_equal(mp_policy(&m, 1, 0, OVNIC_SPOOF_AUTO, allow, 2),
			 OVNIC_STATUS_EXISTS);
	assert_int_equal(vd_ctrl_mac_addr(m.d[1], newmac), VIRTIO_NET_ERR);
	assert_int_equal(mp_policy(&m, 1, 0, OVNIC_SPOOF_AUTO, allow, 1),
			 OVNIC_STATUS_OK);
	/*
	 * Traffic to an allowed address is the device's even before use
	 * (its receive filter takes it once the driver switches to it).
	 */
	len = mp_frame(f, newmac, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_false(wire);
	assert_int_equal(vd_ctrl_mac_addr(m.d[1], newmac), VIRTIO_NET_OK);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1);
	assert_false(wire);
	assert_int_equal(vd_cmd_mac_policy_get(m.e->c, 1, &r), 0);
	assert_memory_equal(r.mac, newmac, 6);
	assert_int_equal(r.policy.n_allowed, 1);
	assert_memory_equal(r.policy.allowed[0], newmac, 6);
	assert_int_equal(r.n_claimed, 0);
	/* nobody else may have it now */
	assert_int_equal(mp_policy(&m, 2, 0, OVNIC_SPOOF_AUTO, allow, 1),
			 OVNIC_STATUS_EXISTS);
}

static void mp_bad_policies(void **state)
{
	static const uint8_t mcast[1][6] = { { 0x01, 0, 0x5e, 0, 0, 1 } };
	static const uint8_t zero[1][6];
	uint8_t many[8][6];
	struct ovnic_cmd_dev_mac_policy cmd = { 0 };
	struct ovnic_resp_hdr resp;
	struct mp m;
	unsigned int i;

	mp_setup(&m, state, 2, NULL);
	assert_int_equal(mp_policy(&m, 1, 0, 0, mcast, 1),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(mp_policy(&m, 1, 0, 0, zero, 1),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(mp_policy(&m, 1, 0x80, 0, NULL, 0),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(mp_policy(&m, 1, 0, 3, NULL, 0),
			 OVNIC_STATUS_BAD_PARAM);
	for (i = 0; i < 8; i++)
		vd_mac(many[i], 0x40, (uint8_t)i);
	/* the wrapper clamps; the raw command may not */
	memcpy(cmd.policy.allowed, many, sizeof(cmd.policy.allowed));
	cmd.policy.n_allowed = OVNIC_MAC_ALLOWED_MAX + 1;
	vd_cmd_hdr_init(&cmd.hdr, OVNIC_CMD_DEV_SET_MAC_POLICY, 1);
	assert_int_equal(vd_mbox(m.e->c, &cmd, sizeof(cmd), &resp,
				 sizeof(resp)), OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(mp_policy(&m, 1, 0, 0, many, OVNIC_MAC_ALLOWED_MAX),
			 OVNIC_STATUS_OK);
	/* a device created with an address another device is allowed */
	{
		struct vd_dev_cfg cfg = { .dev_id = 2 };
		int err;

		memcpy(cfg.mac, many[3], 6);
		assert_null(vd_dev_new(m.e->c, &cfg, &err));
		assert_int_equal(err, OVNIC_STATUS_EXISTS);
	}
}

/* The device's config-space MAC. */
static void mp_cfg_mac(struct mp *m, unsigned int i, uint8_t out[6])
{
	assert_int_equal(vd_config_read(m->d[i], 0, out, 6), 0);
}

/*
 * The host gives a device a new provisioned MAC (DEV_SET_MAC): the device
 * owns it and is reached there, the old one is nobody's; the driver that
 * used the old one sees the new one in config space, with a config
 * interrupt, and keeps it across a reset.
 */
static void mp_provision(void **state)
{
	uint8_t old[6], cfgmac[6], f[128];
	struct ovnic_resp_dev_mac_policy r;
	uint32_t irqs, len;
	struct mp m;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	memcpy(old, m.d[1]->mac, 6);
	irqs = vd_config_irqs(m.d[1]);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 1, newmac), 0);
	mp_cfg_mac(&m, 1, cfgmac);
	assert_memory_equal(cfgmac, newmac, 6);
	assert_true(vd_config_irqs(m.d[1]) > irqs);
	assert_int_equal(vd_cmd_mac_policy_get(m.e->c, 1, &r), 0);
	assert_memory_equal(r.mac, newmac, 6);
	len = mp_frame(f, newmac, gw);
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1);
	len = mp_frame(f, newmac, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1);
	assert_false(wire);
	/* the old address reaches nobody, and is free for another port */
	len = mp_frame(f, old, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 2, old), 0);
	len = mp_frame(f, old, gw);
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 2);
	/* the same address again changes nothing */
	irqs = vd_config_irqs(m.d[1]);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 1, newmac), 0);
	assert_int_equal(vd_config_irqs(m.d[1]), irqs);
	/* a reset keeps the new provisioned address */
	assert_int_equal(vd_dev_reinit(m.d[1]), 0);
	mp_cfg_mac(&m, 1, cfgmac);
	assert_memory_equal(cfgmac, newmac, 6);
}

/* Refused: not unicast, another port's; nothing changes. */
static void mp_provision_refused(void **state)
{
	static const uint8_t mcast[6] = { 0x01, 0, 0x5e, 0, 0, 1 };
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];
	uint8_t allow[1][6], cfgmac[6], f[128];
	struct ovnic_cmd_dev_set_mac cmd = { 0 };
	struct ovnic_resp_hdr resp;
	struct mp m;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 1, mcast),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 1, bcast),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 1, zero),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 1, m.d[0]->mac),
			 OVNIC_STATUS_EXISTS);
	/* an address the host allows another device is that device's */
	memcpy(allow[0], newmac, 6);
	assert_int_equal(mp_policy(&m, 2, 0, OVNIC_SPOOF_AUTO, allow, 1),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 1, newmac),
			 OVNIC_STATUS_EXISTS);
	/* a short command, and no such device */
	vd_cmd_hdr_init(&cmd.hdr, OVNIC_CMD_DEV_SET_MAC, 1);
	memcpy(cmd.mac, newmac, 6);
	assert_int_equal(vd_mbox(m.e->c, &cmd, sizeof(cmd) - 4, &resp,
				 sizeof(resp)), OVNIC_STATUS_BAD_LENGTH);
	vd_cmd_hdr_init(&cmd.hdr, OVNIC_CMD_DEV_SET_MAC, 7);
	assert_int_equal(vd_mbox(m.e->c, &cmd, sizeof(cmd), &resp,
				 sizeof(resp)), OVNIC_STATUS_NO_DEVICE);
	mp_cfg_mac(&m, 1, cfgmac);
	assert_memory_equal(cfgmac, m.d[1]->mac, 6);
	len = mp_frame(f, m.d[1]->mac, gw);
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1);
}

/*
 * The driver's own choices stay its own: a driver on another (allowed)
 * address keeps it; an address it claimed becomes the provisioned one
 * and survives the reset that ends its claims.
 */
static void mp_provision_driver_mac(void **state)
{
	static const uint8_t other[6] = { 0x02, 0, 0, 0, 0x77, 0x01 };
	uint8_t allow[1][6], cfgmac[6], f[128];
	struct mp m;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	memcpy(allow[0], newmac, 6);
	assert_int_equal(mp_policy(&m, 0, 0, OVNIC_SPOOF_AUTO, allow, 1),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_ctrl_mac_addr(m.d[0], newmac), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 0, other), 0);
	mp_cfg_mac(&m, 0, cfgmac);
	assert_memory_equal(cfgmac, newmac, 6);
	/* the allowed address stays the device's */
	len = mp_frame(f, newmac, gw);
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 0);

	/* d2, trusted, claims an address the host then provisions */
	assert_int_equal(mp_policy(&m, 2, OVNIC_MACP_ANY, OVNIC_SPOOF_AUTO,
				   NULL, 0), OVNIC_STATUS_OK);
	vd_mac(allow[0], 0x55, 2);
	assert_int_equal(vd_ctrl_mac_addr(m.d[2], allow[0]), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 2, allow[0]), 0);
	assert_int_equal(vd_dev_reinit(m.d[2]), 0);
	assert_int_equal(vd_ctrl_rx_mode(m.d[2], VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
	mp_refill(&m);
	len = mp_frame(f, allow[0], gw);
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 2);
	assert_int_equal(vd_cmd_dev_set_mac(m.e->c, 1, allow[0]),
			 OVNIC_STATUS_EXISTS);
}

/* The host takes an address back: the device returns to its own. */
static void mp_revoke(void **state)
{
	uint8_t allow[1][6], f[128], cfgmac[6];
	struct mp m;
	uint32_t len, irqs;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	memcpy(allow[0], newmac, 6);
	assert_int_equal(mp_policy(&m, 1, 0, 0, allow, 1), OVNIC_STATUS_OK);
	assert_int_equal(vd_ctrl_mac_addr(m.d[1], newmac), VIRTIO_NET_OK);
	irqs = vd_config_irqs(m.d[1]);
	assert_int_equal(mp_policy(&m, 1, 0, 0, NULL, 0), OVNIC_STATUS_OK);
	assert_int_equal(vd_config_irqs(m.d[1]), irqs + 1);
	assert_int_equal(vd_config_read(m.d[1], 0, cfgmac, 6), 0);
	assert_memory_equal(cfgmac, m.d[1]->mac, 6);
	len = mp_frame(f, newmac, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_true(wire);
}

/* Under ANY the driver claims, within the per-device quota. */
static void mp_any_quota(void **state)
{
	static uint8_t tbl[64][6];
	struct ovnic_resp_dev_mac_policy r;
	uint8_t f[128];
	struct mp m;
	unsigned int i, got = 0;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	assert_int_equal(mp_policy(&m, 1, OVNIC_MACP_ANY, 0, NULL, 0),
			 OVNIC_STATUS_OK);
	for (i = 0; i < 64; i++)
		vd_mac(tbl[i], 0x70, (uint8_t)i);
	assert_int_equal(vd_ctrl_mac_table(m.d[1], tbl, 64, NULL, 0),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_mac_policy_get(m.e->c, 1, &r), 0);
	assert_int_equal(r.n_claimed, OVNIC_MAC_OWNED_MAX - 1);
	/* claimed ones are the device's alone; the rest only filter */
	for (i = 0; i < 64; i++) {
		len = mp_frame(f, tbl[i], m.d[0]->mac);
		mp_send(&m, 0, f, len);
		assert_int_equal(mp_who(&m, &wire), 1u << 1);
		got += !wire;
	}
	assert_int_equal(got, OVNIC_MAC_OWNED_MAX - 1);
	/* no room left for one more address */
	assert_int_equal(vd_ctrl_mac_addr(m.d[1], newmac), VIRTIO_NET_ERR);
	/* a reset gives every claim back */
	assert_int_equal(vd_dev_reinit(m.d[1]), 0);
	assert_int_equal(vd_cmd_mac_policy_get(m.e->c, 1, &r), 0);
	assert_int_equal(r.n_claimed, 0);
	assert_int_equal(r.policy.flags, OVNIC_MACP_ANY);
	assert_int_equal(vd_ctrl_mac_addr(m.d[1], newmac), VIRTIO_NET_OK);
}

/*
 * Before the card learned the gateway, frames to it flood: never to an
 * untrusted tenant, promiscuous or listing the address; to a trusted one,
 * or one the host kernel drives, as to a bridge port.
 */
static void mp_unknown_unicast_untrusted(void **state)
{
	uint8_t tbl[1][6], f[128];
	struct mp m;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	mp_vhost(&m, 1);
	memcpy(tbl[0], gw, 6);
	assert_int_equal(vd_ctrl_rx_mode(m.d[1], VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_mac_table(m.d[1], tbl, 1, NULL, 0),
			 VIRTIO_NET_OK);
	len = mp_frame(f, gw, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_true(wire);
	/* from the wire too; broadcast still reaches it */
	len = mp_frame(f, gw, far_src());
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	len = mp_frame(f, vd_bcast, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1 | 1u << 2);
	/*
	 * The host trusts it: its table now claims the address, and other
	 * unknown unicast reaches it as any promiscuous bridge port...
	 */
	assert_int_equal(mp_policy(&m, 1, OVNIC_MACP_ANY, OVNIC_SPOOF_AUTO,
				   NULL, 0), OVNIC_STATUS_OK);
	len = mp_frame(f, gw, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1);
	assert_false(wire);
	len = mp_frame(f, newmac, m.d[0]->mac);	/* nobody's */
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1);
	assert_true(wire);
	/* ...as it reaches a device the host kernel drives */
	assert_int_equal(vd_ctrl_rx_mode(m.d[2], VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1 | 1u << 2);
}

/* Source addresses: dropped and counted when the host checks them. */
static void mp_spoof(void **state)
{
	static const uint8_t forged[6] = { 0x02, 0xf0, 0, 0, 0, 1 };
	struct ovnic_resp_dev_mac_policy r;
	struct vd_vq *tx;
	uint8_t f[128];
	struct mp m;
	uint32_t len;
	uint64_t pkts;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	tx = vd_txq(m.d[1], 0);
	/* AUTO on an identity window (the host kernel's driver): off */
	assert_int_equal(vd_cmd_mac_policy_get(m.e->c, 1, &r), 0);
	assert_int_equal(r.policy.spoof, OVNIC_SPOOF_AUTO);
	assert_int_equal(r.spoof_active, 0);
	len = mp_frame(f, m.d[0]->mac, forged);
	mp_send(&m, 1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 0);

	assert_int_equal(mp_policy(&m, 1, 0, OVNIC_SPOOF_ON, NULL, 0),
			 OVNIC_STATUS_OK);
	pkts = ut_ctr(tx, OVNIC_VQC_PACKETS);
	mp_send(&m, 1, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_false(wire);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_DROP_SPOOFED), 1);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_PACKETS), pkts);
	/* broadcast from a forged source too */
	len = mp_frame(f, vd_bcast, forged);
	mp_send(&m, 1, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_DROP_SPOOFED), 2);
	/* its own address passes */
	len = mp_frame(f, m.d[0]->mac, m.d[1]->mac);
	mp_send(&m, 1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 0);

	/* AUTO on a mapped window (a vhost user): on */
	assert_int_equal(mp_policy(&m, 1, 0, OVNIC_SPOOF_AUTO, NULL, 0),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_mr_reset(m.d[1]), 0);
	{
		struct up_arena *a = &m.e->c->plat->arena[0];

		assert_int_equal(vd_dev_mr_map(m.d[1], VD_IOVA_BASE, a->base,
					       a->size, OVNIC_MR_PERM_READ |
					       OVNIC_MR_PERM_WRITE), 0);
	}
	assert_int_equal(vd_dev_reinit(m.d[1]), 0);
	assert_int_equal(vd_cmd_mac_policy_get(m.e->c, 1, &r), 0);
	assert_int_equal(r.spoof_active, 1);
	len = mp_frame(f, m.d[0]->mac, forged);
	mp_send(&m, 1, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_int_equal(ut_ctr(vd_txq(m.d[1], 0), OVNIC_VQC_DROP_SPOOFED), 3);
}

/*
 * A forged frame that anti-spoofing drops teaches the switch nothing: the
 * gateway's address stays where the card learned it.
 */
static void mp_spoofed_source_not_learned(void **state)
{
	uint8_t f[128];
	struct mp m;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, NDEV, NULL);
	len = mp_frame(f, m.d[0]->mac, gw);
	mp_send(&m, -1, f, len);		/* the card learns the gateway */
	assert_int_equal(mp_who(&m, &wire), 1u << 0);
	assert_int_equal(mp_policy(&m, 1, 0, OVNIC_SPOOF_ON, NULL, 0),
			 OVNIC_STATUS_OK);
	len = mp_frame(f, vd_bcast, gw);	/* forged source: dropped */
	mp_send(&m, 1, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_int_equal(ut_ctr(vd_txq(m.d[1], 0), OVNIC_VQC_DROP_SPOOFED), 1);
	assert_int_equal(vd_ctrl_rx_mode(m.d[1], VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
	len = mp_frame(f, gw, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 0);
	assert_true(wire);
	/* with the check off, the same frame is learned (and goes out) */
	assert_int_equal(mp_policy(&m, 1, 0, OVNIC_SPOOF_OFF, NULL, 0),
			 OVNIC_STATUS_OK);
	len = mp_frame(f, vd_bcast, gw);
	mp_send(&m, 1, f, len);
	mp_who(&m, &wire);
	assert_true(wire);
	len = mp_frame(f, gw, m.d[0]->mac);
	mp_send(&m, 0, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 1);
}

/*
 * The reproducer of the table exhaustion: thirteen trusted devices with
 * 64 table entries each, sending from many sources, then a fourteenth
 * device: it is created, reachable, and its traffic goes nowhere else.
 */
static void mp_fdb_exhaustion(void **state)
{
	static const struct ovnic_card_params p16 = {
		.max_devices = 16, .max_vqp = 1, .max_queue_size = 256,
		.num_cores = 2,
	};
	static uint8_t tbl[64][6];
	struct vd_dev_cfg cfg = { .dev_id = 13 };
	struct vd_dev *v;
	uint8_t f[128], src[6];
	struct mp m;
	unsigned int i, j;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, 13, &p16);
	for (i = 0; i < 13; i++) {
		assert_int_equal(mp_policy(&m, i, OVNIC_MACP_ANY,
					   OVNIC_SPOOF_OFF, NULL, 0),
				 OVNIC_STATUS_OK);
		for (j = 0; j < 64; j++)
			vd_mac(tbl[j], (uint8_t)(0x80 + i), (uint8_t)j);
		assert_int_equal(vd_ctrl_mac_table(m.d[i], tbl, 64, NULL, 0),
				 VIRTIO_NET_OK);
		/* and learned sources, as many as it likes */
		for (j = 0; j < 64; j++) {
			vd_mac(src, (uint8_t)(0xa0 + i), (uint8_t)j);
			len = mp_frame(f, vd_bcast, src);
			mp_send(&m, (int)i, f, len);
			mp_who(&m, &wire);
		}
	}
	assert_int_equal(vd_ctrl_rx_mode(m.d[0], VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
	v = m.d[13] = ut_dev(m.e, 13, &cfg);
	m.n = 14;
	assert_int_equal(vd_ctrl_rx_mode(v, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
	mp_refill(&m);
	/* from the wire: to the new device only, not the promiscuous one */
	len = mp_frame(f, v->mac, gw);
	mp_send(&m, -1, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 13);
	/* from a neighbour: to the new device, not the wire */
	len = mp_frame(f, v->mac, m.d[5]->mac);
	mp_send(&m, 5, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 13);
	assert_false(wire);
	/* and its unicast to a neighbour does not leak to the wire */
	len = mp_frame(f, m.d[7]->mac, v->mac);
	mp_send(&m, 13, f, len);
	assert_int_equal(mp_who(&m, &wire), 1u << 7);
	assert_false(wire);
}

/* A device port learns a bounded number of addresses. */
static void mp_learn_quota(void **state)
{
	uint8_t f[128], src[6];
	struct mp m;
	unsigned int j, to_dev = 0;
	uint32_t len;
	bool wire;

	mp_setup(&m, state, 2, NULL);
	assert_int_equal(mp_policy(&m, 1, 0, OVNIC_SPOOF_OFF, NULL, 0),
			 OVNIC_STATUS_OK);
	for (j = 0; j < 200; j++) {
		vd_mac(src, 0xb0, (uint8_t)j);
		len = mp_frame(f, vd_bcast, src);
		mp_send(&m, 1, f, len);
		mp_who(&m, &wire);
	}
	/* learned addresses lead to the device, the others are unknown */
	for (j = 0; j < 200; j++) {
		vd_mac(src, 0xb0, (uint8_t)j);
		len = mp_frame(f, src, m.d[0]->mac);
		mp_send(&m, 0, f, len);
		mp_who(&m, &wire);
		to_dev += !wire;
	}
	assert_int_equal(to_dev, 32);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, mp_addr_set_refused_by_default);
	UT_ADD(&l, mp_gateway_not_stolen);
	UT_ADD(&l, mp_allowed);
	UT_ADD(&l, mp_bad_policies);
	UT_ADD(&l, mp_revoke);
	UT_ADD(&l, mp_provision);
	UT_ADD(&l, mp_provision_refused);
	UT_ADD(&l, mp_provision_driver_mac);
	UT_ADD(&l, mp_any_quota);
	UT_ADD(&l, mp_unknown_unicast_untrusted);
	UT_ADD(&l, mp_spoof);
	UT_ADD(&l, mp_spoofed_source_not_learned);
	UT_ADD(&l, mp_fdb_exhaustion);
	UT_ADD(&l, mp_learn_quota);
	return ut_run("macpolicy", &l);
}
