// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Which MAC addresses a device owns: the host decides (DEV_SET_MAC_POLICY,
 * ovnic_hw.h), as a PF decides for its SR-IOV VFs ("trusted", "spoofchk").
 * An owned address holds a static forwarding entry (fdb.c), so traffic
 * to it reaches the device and nobody else.  A device owns
 *   - its provisioned MAC, reserved at creation;
 *   - the addresses the host allows it;
 *   - with the host's ANY policy, what its driver claimed (its MAC, its
 *     unicast table), at most OVNIC_MAC_OWNED_MAX addresses in all: the
 *     per-device quota that keeps every device's owned addresses in the
 *     forwarding table.
 * Everything here runs with the device lock held (control queue or
 * mailbox), the forwarding database's own lock inside it.
 */
#include "device.h"
#include "ctrl_cmd.h"
#include "rx_filter.h"

static bool mac_in(const u8 (*list)[6], u32 n, const u8 *mac)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (!fw_memcmp(list[i], mac, 6))
			return true;
	return false;
}

static bool mac_valid_unicast(const u8 *mac)
{
	static const u8 zero[6];

	return !(mac[0] & 1) && fw_memcmp(mac, zero, 6);
}

bool fw_mac_owned(const struct ovnic_dev *dev, const u8 *mac)
{
	const struct fw_mac_policy *p = &dev->macp;

	return !fw_memcmp(mac, dev->mac, 6) ||
	       mac_in(p->allowed, p->n_allowed, mac) ||
	       mac_in(p->claimed, p->n_claimed, mac);
}

/*
 * The driver asks for @mac (its MAC, or its unicast table under ANY):
 * true when the device owns it already or could claim it.
 */
static bool mac_claim(struct ovnic_dev *dev, const u8 *mac)
{
	struct fw_mac_policy *p = &dev->macp;

	if (fw_mac_owned(dev, mac))
		return true;
	if (!(p->flags & OVNIC_MACP_ANY) || !mac_valid_unicast(mac) ||
	    1u + p->n_allowed + p->n_claimed >= OVNIC_MAC_OWNED_MAX ||
	    !fw_fdb_set(dev->fdb, mac, (u8)dev->id))
		return false;
	fw_memcpy(p->claimed[p->n_claimed++], mac, 6);
	return true;
}

/* Give back the claims neither the current MAC nor the table uses. */
static void mac_release_unused(struct ovnic_dev *dev)
{
	struct fw_mac_policy *p = &dev->macp;
	const struct ovnic_rx_filter *f = &dev->filter;
	u32 i = 0;

	while (i < p->n_claimed) {
		const u8 *mac = p->claimed[i];

		if (!fw_memcmp(mac, dev->cur_mac, 6) ||
		    mac_in(f->uc, f->uc_count, mac)) {
			i++;
			continue;
		}
		fw_fdb_del(dev->fdb, mac, (u8)dev->id);
		p->n_claimed--;
		fw_memcpy(p->claimed[i], p->claimed[p->n_claimed], 6);
	}
}

/*
 * The driver's MAC (config write or CTRL_MAC_ADDR_SET): one the device
 * owns, or one the host's policy lets it claim; refused otherwise.  A
 * claimed address nothing uses any more is given back.
 */
bool _fw_mac_set(struct ovnic_dev *dev, const u8 *mac)
{
	if (!mac_claim(dev, mac))
		return false;
	_fw_rx_filter_set_mac(dev, mac);
	mac_release_unused(dev);
	return true;
}

/* 5.1.6.5.2 Setting MAC address filtering, and the driver's MAC */
u8 fw_ctrl_mac(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	bool ok;
	u32 i;

	if (c->cmd == VIRTIO_NET_CTRL_MAC_ADDR_SET) {
		if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_MAC_ADDR) ||
		    c->len != 6 || (c->data[0] & 1))
			return VIRTIO_NET_ERR;
		fw_lock(dev->pf, dev->cfg_lock);
		ok = _fw_mac_set(dev, c->data);
		fw_unlock(dev->pf, dev->cfg_lock);
		return ok ? VIRTIO_NET_OK : VIRTIO_NET_ERR;
	}
	if (c->cmd != VIRTIO_NET_CTRL_MAC_TABLE_SET ||
	    !fw_dev_has(dev, VIRTIO_NET_F_CTRL_RX))
		return VIRTIO_NET_ERR;
	fw_lock(dev->pf, dev->cfg_lock);
	ok = _fw_rx_filter_set_tables(dev, c->data, c->len);
	/*
	 * The table filters what the device receives.  Only where the host
	 * lets the driver claim addresses (ANY) does it move traffic here.
	 */
	for (i = 0; ok && i < dev->filter.uc_count; i++)
		mac_claim(dev, dev->filter.uc[i]);
	if (ok)
		mac_release_unused(dev);
	fw_unlock(dev->pf, dev->cfg_lock);
	return ok ? VIRTIO_NET_OK : VIRTIO_NET_ERR;
}

/* A MAC table too large for the card: it filters nothing, claims nothing. */
void fw_mac_table_overflow(struct ovnic_dev *dev)
{
	fw_lock(dev->pf, dev->cfg_lock);
	_fw_rx_filter_overflow(dev);
	mac_release_unused(dev);
	fw_unlock(dev->pf, dev->cfg_lock);
}

/* After a reset: the driver's claims go, the host's policy stays. */
void _fw_mac_release_claims(struct ovnic_dev *dev)
{
	struct fw_mac_policy *p = &dev->macp;

	while (p->n_claimed)
		fw_fdb_del(dev->fdb, p->claimed[--p->n_claimed],
			   (u8)dev->id);
}

/*
 * Unicast to addresses nobody owns (floods): only for a device the host
 * trusts (ANY) or the host kernel drives (identity window).  An untrusted
 * tenant's promiscuous mode shows it its own traffic, broadcast and
 * multicast, as an untrusted SR-IOV VF's does, never another station's.
 */
bool fw_mac_takes_unknown(const struct ovnic_dev *dev)
{
	return fw_read_once(&dev->macp.flags) & OVNIC_MACP_ANY ||
	       fw_read_once(&dev->as[0].identity);
}

/* Source-address checks on transmit: the host's choice, or the default. */
bool fw_mac_spoof_check(const struct ovnic_dev *dev)
{
	u8 mode = fw_read_once(&dev->macp.spoof);

	if (mode == OVNIC_SPOOF_AUTO)
		return !fw_read_once(&dev->as[0].identity);
	return mode == OVNIC_SPOOF_ON;
}

/*
 * The driver's claim of an address that is provisioned now: the entry in
 * the forwarding table is the provisioned address's from here on, and a
 * later release of the claim must not take it away.
 */
static void mac_forget_claim(struct ovnic_dev *dev, const u8 *mac)
{
	struct fw_mac_policy *p = &dev->macp;
	u32 i;

	for (i = 0; i < p->n_claimed; i++) {
		if (fw_memcmp(p->claimed[i], mac, 6))
			continue;
		p->n_claimed--;
		fw_memcpy(p->claimed[i], p->claimed[p->n_claimed], 6);
		return;
	}
}

/*
 * The host replaces the provisioned MAC: the new one is reserved before
 * anything changes, so a refusal leaves the device as it was; the old one
 * leaves the forwarding table unless the device still owns it otherwise.
 */
int fw_mac_provision(struct ovnic_dev *dev, const u8 *mac)
{
	u8 old[6];

	if (!mac_valid_unicast(mac))
		return OVNIC_STATUS_BAD_PARAM;
	fw_lock(dev->pf, dev->cfg_lock);
	if (!fw_memcmp(mac, dev->mac, 6)) {
		fw_unlock(dev->pf, dev->cfg_lock);
		return OVNIC_STATUS_OK;
	}
	if (!fw_mac_owned(dev, mac) && !fw_fdb_set(dev->fdb, mac, (u8)dev->id)) {
		fw_unlock(dev->pf, dev->cfg_lock);
		return OVNIC_STATUS_EXISTS;
	}
	fw_memcpy(old, dev->mac, 6);
	fw_mac_write_once(dev->mac, mac);
	if (!fw_memcmp(dev->cur_mac, old, 6)) {
		_fw_rx_filter_set_mac(dev, mac);
		fw_status_config_changed(&dev->st);
	}
	mac_forget_claim(dev, mac);
	if (!fw_mac_owned(dev, old))
		fw_fdb_del(dev->fdb, old, (u8)dev->id);
	fw_unlock(dev->pf, dev->cfg_lock);
	/* Frames sent after the command see the new owner. */
	fw_epoch_sync(dev->pf);
	return OVNIC_STATUS_OK;
}

int fw_mac_policy_set(struct ovnic_dev *dev, const struct ovnic_mac_policy *in)
{
	struct fw_fdb *fdb = dev->fdb;
	struct fw_mac_policy *p = &dev->macp;
	u8 old[OVNIC_MAC_ALLOWED_MAX + OVNIC_MAC_OWNED_MAX][6];
	u32 i, n_old;

	if (in->n_allowed > OVNIC_MAC_ALLOWED_MAX ||
	    in->flags & ~OVNIC_MACP_ANY || in->spoof > OVNIC_SPOOF_OFF)
		return OVNIC_STATUS_BAD_PARAM;
	for (i = 0; i < in->n_allowed; i++)
		if (!mac_valid_unicast(in->allowed[i]))
			return OVNIC_STATUS_BAD_PARAM;

	fw_lock(dev->pf, dev->cfg_lock);
	/* Reserve the new addresses first: all of them, or none. */
	for (i = 0; i < in->n_allowed; i++) {
		if (fw_mac_owned(dev, in->allowed[i]) ||
		    fw_fdb_set(fdb, in->allowed[i], (u8)dev->id))
			continue;
		while (i--)
			if (!fw_mac_owned(dev, in->allowed[i]))
				fw_fdb_del(fdb, in->allowed[i], (u8)dev->id);
		fw_unlock(dev->pf, dev->cfg_lock);
		return OVNIC_STATUS_EXISTS;
	}
	/* What the device owned, less what it still owns, is released. */
	n_old = p->n_allowed;
	fw_memcpy(old, p->allowed, n_old * 6ul);
	fw_memcpy(old + n_old, p->claimed, p->n_claimed * 6ul);
	n_old += p->n_claimed;
	fw_memcpy(p->allowed, in->allowed, sizeof(p->allowed));
	p->n_allowed = in->n_allowed;
	p->n_claimed = 0;
	for (i = 0; i < n_old; i++)
		if (!fw_mac_owned(dev, old[i]))
			fw_fdb_del(fdb, old[i], (u8)dev->id);
	fw_write_once(&p->flags, in->flags);
	if (p->spoof != in->spoof) {
		fw_write_once(&p->spoof, in->spoof);
		/* memos of what was not learned while checking go stale */
		fw_fdb_touch(fdb);
	}
	/* The driver's claims, as far as the new policy lets it keep them. */
	if (!mac_claim(dev, dev->cur_mac)) {
		/* The host took the driver's address away. */
		_fw_rx_filter_set_mac(dev, dev->mac);
		fw_status_config_changed(&dev->st);
	}
	for (i = 0; i < dev->filter.uc_count; i++)
		mac_claim(dev, dev->filter.uc[i]);
	fw_unlock(dev->pf, dev->cfg_lock);
	/* Frames sent after the command see the new spoofing mode. */
	fw_epoch_sync(dev->pf);
	return OVNIC_STATUS_OK;
}

void fw_mac_policy_get(struct ovnic_dev *dev,
		       struct ovnic_resp_dev_mac_policy *r)
{
	struct fw_mac_policy *p = &dev->macp;

	fw_lock(dev->pf, dev->cfg_lock);
	r->policy.flags = p->flags;
	r->policy.spoof = p->spoof;
	r->policy.n_allowed = p->n_allowed;
	fw_memcpy(r->policy.allowed, p->allowed, sizeof(p->allowed));
	fw_memcpy(r->mac, dev->cur_mac, 6);
	r->spoof_active = fw_mac_spoof_check(dev);
	r->n_claimed = p->n_claimed;
	fw_memcpy(r->claimed, p->claimed, sizeof(p->claimed));
	fw_unlock(dev->pf, dev->cfg_lock);
}
