/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the split ring tests share (test_ring*.c): device 0 with the
 * uplink up, and frames to the wire from it and from the wire to it.
 */
#ifndef OVNIC_UNIT_TEST_RING_H
#define OVNIC_UNIT_TEST_RING_H

#include "unit.h"

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

static inline struct vd_dev *ring_dev(struct ut_env *e,
				      const struct vd_dev_cfg *cfg)
{
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	return ut_dev(e, 0, cfg);
}

/* A frame towards the wire (unknown destination) from @d. */
static inline uint32_t tx_frame(struct vd_dev *d, uint8_t *buf,
				 uint32_t payload, uint8_t seed)
{
	return vd_frame(buf, far_mac, d->mac, VD_NO_VLAN, 0x88b5, payload,
			seed);
}

/* A frame from the wire to @d. */
static inline uint32_t rx_frame(struct vd_dev *d, uint8_t *buf,
				 uint32_t payload, uint8_t seed)
{
	return vd_frame(buf, d->mac, far_mac, VD_NO_VLAN, 0x88b5, payload,
			seed);
}

#endif /* OVNIC_UNIT_TEST_RING_H */
