/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The embedded switch (eswitch.c): the card's devices and one uplink, the
 * physical port.
 */
#ifndef OVNIC_FW_ESWITCH_H
#define OVNIC_FW_ESWITCH_H

#include "fdb.h"
#include "net_rx.h"
#include "virtqueue.h"

struct fw_switch {
	struct fw_platform *pf;
	unsigned int num_ports;	/* device ports */
	u32 wire_link;		/* the uplink's link (OVNIC_REG_WIRE_LINK) */
	struct ovnic_dev *port[OVNIC_FW_MAX_DEVICES];
	struct fw_fdb fdb;
	/* Frames from the port (PORT_STATS); any wire caller adds. */
	struct ovnic_vq_counters from_wire;
};

/*
 * Where frames enter the switch, and what a run of them carries along:
 * the sender's forwarding memo, the receive batch its deliveries hold,
 * and the sending core's port counters (NULL from the wire).
 */
struct fw_switch_in {
	u8 port;		/* a device's id, or OVNIC_UPLINK_PORT */
	struct fw_fdb_memo *memo;
	struct fw_rx_batch rxb;
	struct ovnic_vq_counters *to_wire;
	/*
	 * The sending queue's counters (NULL from the wire), for the GSO
	 * segments the switch cuts for receivers; @segmented: it cut the
	 * frame being forwarded for at least one.
	 */
	struct ovnic_vq_counters *sender;
	bool segmented;
};

void fw_switch_init(struct fw_switch *sw, struct fw_platform *pf,
		    unsigned int num_ports, struct ovnic_lock *fdb_lock);
void fw_switch_forward(struct fw_switch *sw, struct fw_switch_in *in,
		       const struct ovnic_frame *f);
void fw_switch_loopback(struct ovnic_dev *dev, struct fw_switch_in *in,
			const struct ovnic_frame *f);
void fw_switch_end(struct fw_switch_in *in);
void fw_switch_wire_rx(struct fw_switch *sw, const void *const *frame,
		       const ovnic_u32 *len, ovnic_u32 n);
u32 fw_switch_wire_rx_sg(struct fw_switch *sw,
			 const struct ovnic_wire_frame *frame, u32 n);

/*
 * A frame from @in's port with source @mac: whether the port owns the
 * address.  With @learn, an address nobody owns is learned at the port,
 * after the receive batch ended (the database's lock nests inside no
 * receive queue's).
 */
static inline bool fw_switch_source(struct fw_switch *sw,
				    struct fw_switch_in *in, const u8 *mac,
				    bool learn)
{
	bool learnable, owned;

	owned = fw_fdb_source(&sw->fdb, mac, in->port, in->memo, &learnable);
	if (unlikely(learn && learnable)) {
		fw_rx_batch_end(&in->rxb);
		fw_fdb_learn(&sw->fdb, mac, in->port);
	}
	return owned;
}

#endif /* OVNIC_FW_ESWITCH_H */
