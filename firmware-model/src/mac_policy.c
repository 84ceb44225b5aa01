// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Which MAC addresses a device owns: the host decides (DEV_SET_MAC_POLICY,
 * ovnic_hw.h), as a PF decides for its SR-IOV VFs ("trusted", "spoofchk").
 * An owned address holds a static forwarding entry (eswitch.c), so traffic
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
#include "fw.h"

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
bool _fw_mac_claim(struct ovnic_dev *dev, const u8 *mac)
{
	struct fw_mac_policy *p = &dev->macp;

	if (fw_mac_owned(dev, mac))
		return true;
	if (!(p->flags & OVNIC_MACP_ANY) || !mac_valid_unicast(mac) ||
	    1u + p->n_allowed + p->n_claimed >= OVNIC_MAC_OWNED_MAX ||
	    !fw_fdb_set(dev->card, mac, (u8)dev->id))
		return false;
	fw_memcpy(p->claimed[p->n_claimed++], mac, 6);
	return true;
}

/* Give back the claims neither the current MAC nor the table uses. */
void _fw_mac_release_unused(struct ovnic_dev *dev)
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
		fw_fdb_del(dev->card, mac, (u8)dev->id);
		p->n_claimed--;
		fw_memcpy(p->claimed[i], p->claimed[p->n_claimed], 6);
	}
}

/* After a reset: the driver's claims go, the host's policy stays. */
void _fw_mac_release_claims(struct ovnic_dev *dev)
{
	struct fw_mac_policy *p = &dev->macp;

	while (p->n_claimed)
		fw_fdb_del(dev->card, p->claimed[--p->n_claimed],
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

int fw_mac_policy_set(struct ovnic_dev *dev, const struct ovnic_mac_policy *in)
{
	struct ovnic_card *card = dev->card;
	struct fw_mac_policy *p = &dev->macp;
	u8 old[OVNIC_MAC_ALLOWED_MAX + OVNIC_MAC_OWNED_MAX][6];
	u32 i, n_old;

	if (in->n_allowed > OVNIC_MAC_ALLOWED_MAX ||
	    in->flags & ~OVNIC_MACP_ANY || in->spoof > OVNIC_SPOOF_OFF)
		return OVNIC_STATUS_BAD_PARAM;
	for (i = 0; i < in->n_allowed; i++)
		if (!mac_valid_unicast(in->allowed[i]))
			return OVNIC_STATUS_BAD_PARAM;

	card->plat.lock(dev->cfg_lock);
	/* Reserve the new addresses first: all of them, or none. */
	for (i = 0; i < in->n_allowed; i++) {
		if (fw_mac_owned(dev, in->allowed[i]) ||
		    fw_fdb_set(card, in->allowed[i], (u8)dev->id))
			continue;
		while (i--)
			if (!fw_mac_owned(dev, in->allowed[i]))
				fw_fdb_del(card, in->allowed[i], (u8)dev->id);
		card->plat.unlock(dev->cfg_lock);
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
			fw_fdb_del(card, old[i], (u8)dev->id);
	fw_write_once(&p->flags, in->flags);
	if (p->spoof != in->spoof) {
		fw_write_once(&p->spoof, in->spoof);
		/* memos of what was not learned while checking go stale */
		fw_fdb_touch(card);
	}
	/* The driver's claims, as far as the new policy lets it keep them. */
	if (!_fw_mac_claim(dev, dev->cur_mac)) {
		/* The host took the driver's address away. */
		_fw_dev_set_cur_mac(dev, dev->mac);
		fw_dev_config_changed(dev);
	}
	for (i = 0; i < dev->filter.uc_count; i++)
		_fw_mac_claim(dev, dev->filter.uc[i]);
	card->plat.unlock(dev->cfg_lock);
	/* Frames sent after the command see the new spoofing mode. */
	fw_epoch_sync(card);
	return OVNIC_STATUS_OK;
}

void fw_mac_policy_get(struct ovnic_dev *dev,
		       struct ovnic_resp_dev_mac_policy *r)
{
	struct fw_mac_policy *p = &dev->macp;

	dev->card->plat.lock(dev->cfg_lock);
	r->policy.flags = p->flags;
	r->policy.spoof = p->spoof;
	r->policy.n_allowed = p->n_allowed;
	fw_memcpy(r->policy.allowed, p->allowed, sizeof(p->allowed));
	fw_memcpy(r->mac, dev->cur_mac, 6);
	r->spoof_active = fw_mac_spoof_check(dev);
	r->n_claimed = p->n_claimed;
	fw_memcpy(r->claimed, p->claimed, sizeof(p->claimed));
	dev->card->plat.unlock(dev->cfg_lock);
}
