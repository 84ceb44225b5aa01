// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The embedded switch: one uplink (the physical port) and the card's
 * devices.  Unicast follows the forwarding database (provisioned and
 * learned addresses); broadcast, multicast and unknown unicast flood, and
 * each device's receive filter (virtio 1.2 5.1.6.5.1, 5.1.6.5.2,
 * 5.1.6.5.3) decides what it accepts.  A device in loopback is a port with
 * a loopback plug: what it sends comes straight back to it, and the switch
 * delivers nothing to it.
 *
 * Frames run through in bursts (struct fw_switch_in): deliveries to one
 * receive queue in a row share its lock (net_rx.c's batch), which the
 * switch ends before it learns a source (the database's lock nests inside
 * no receive queue's) or lets a frame leave the card.
 */
#include "device.h"
#include "eswitch.h"
#include "net_offload.h"
#include "offload_state.h"

/* 5.1.4.2: nothing longer than the MTU plus the Ethernet header. */
static bool fits_mtu(const struct ovnic_dev *dev, const struct ovnic_frame *f)
{
	u32 max = dev->mtu + 14u;

	if (f->head_len >= 14 && f->head[12] == 0x81 && f->head[13] == 0x00)
		max += 4;
	return f->len <= max;
}

/*
 * Whether @dev takes GSO frame @f whole (5.1.6.4): the matching GUEST_*
 * offload in force, and GUEST_CSUM, as the frame's checksum is partial.
 */
static bool takes_gso(const struct ovnic_dev *dev, const struct ovnic_frame *f)
{
	u8 type = f->off.gso_type & ~VIRTIO_NET_HDR_GSO_ECN;
	unsigned int bit;

	if (!fw_dev_rx_offload(dev, VIRTIO_NET_F_GUEST_CSUM))
		return false;
	if (f->off.gso_type & VIRTIO_NET_HDR_GSO_ECN &&
	    !fw_dev_rx_offload(dev, VIRTIO_NET_F_GUEST_ECN))
		return false;
	if (type == VIRTIO_NET_HDR_GSO_TCPV4)
		bit = VIRTIO_NET_F_GUEST_TSO4;
	else if (type == VIRTIO_NET_HDR_GSO_TCPV6)
		bit = VIRTIO_NET_F_GUEST_TSO6;
	else if (f->head[f->off.l3_off] >> 4 == 4)
		bit = VIRTIO_NET_F_GUEST_USO4;
	else
		bit = VIRTIO_NET_F_GUEST_USO6;
	return fw_dev_rx_offload(dev, bit);
}

struct segment_to {
	struct ovnic_dev *dev;
	struct fw_switch_in *in;
	u64 bytes;
};

static void deliver_segment(void *arg, const struct ovnic_frame *seg)
{
	struct segment_to *to = arg;

	to->bytes += seg->len;
	if (!fits_mtu(to->dev, seg)) {
		fw_atomic_add(&to->dev->vq[0].stats.c[OVNIC_VQC_DROP_TOO_BIG],
			      1);
		return;
	}
	fw_net_rx_deliver(to->dev, seg, &to->in->rxb);
}

/*
 * The receiver can't take @f whole: the card cuts it, each segment copied
 * once from the sender's buffers into the receiver's.  A receiver with
 * GUEST_CSUM gets partial checksums, which costs the card nothing.
 */
static fw_noinline void deliver_segmented(struct ovnic_dev *dev,
					  const struct ovnic_frame *f,
					  struct fw_switch_in *in)
{
	struct segment_to to = { dev, in, 0 };
	struct fw_gso_scratch scr;
	u32 n;

	n = fw_gso_segment(f, &scr,
			   fw_dev_rx_offload(dev, VIRTIO_NET_F_GUEST_CSUM),
			   deliver_segment, &to);
	in->segmented = true;
	if (in->sender) {
		fw_count(&in->sender->c[OVNIC_VQC_GSO_SEGMENTS], n);
		fw_count(&in->sender->c[OVNIC_VQC_GSO_SEGMENT_BYTES], to.bytes);
	}
}

/* Receive @f on @dev as any frame for it: MTU, receive filter, queues. */
static void deliver(struct ovnic_dev *dev, const struct ovnic_frame *f,
		    struct fw_switch_in *in)
{
	/*
	 * Any core or the wire may get here: the counters are atomic.  A
	 * device that doesn't run takes nothing, as when flooding: its
	 * filter and features are being reset.
	 */
	if (!fw_dev_running(dev))
		return;
	if (!f->off.gso_type && !fits_mtu(dev, f)) {
		fw_atomic_add(&dev->vq[0].stats.c[OVNIC_VQC_DROP_TOO_BIG], 1);
		return;
	}
	if (!fw_rx_filter_accepts(dev, f)) {
		fw_atomic_add(&dev->vq[0].stats.c[OVNIC_VQC_DROP_FILTERED], 1);
		return;
	}
	if (f->off.gso_type && !takes_gso(dev, f)) {
		deliver_segmented(dev, f, in);
		return;
	}
	fw_net_rx_deliver(dev, f, &in->rxb);
}

/* A frame the switch forwards to @dev, unless @dev is in loopback. */
static void switch_deliver(struct ovnic_dev *dev, const struct ovnic_frame *f,
			   struct fw_switch_in *in)
{
	if (fw_read_once(&dev->loopback)) {
		fw_atomic_add(&dev->vq[0].stats.c[OVNIC_VQC_DROP_FILTERED], 1);
		return;
	}
	deliver(dev, f, in);
}

/* A frame @dev transmitted while in loopback: back to @dev, off the switch. */
void fw_switch_loopback(struct ovnic_dev *dev, struct fw_switch_in *in,
			const struct ovnic_frame *f)
{
	deliver(dev, f, in);
}

/* Out through the uplink, counted in the sending core's counters. */
static void wire_out(struct fw_switch *sw, struct fw_switch_in *in,
		     const struct ovnic_frame *f)
{
	struct ovnic_vq_counters *to_wire = in->to_wire;
	struct ovnic_wire_hdr hdr;

	/* The host may hand the frame back to the card from wire_tx(). */
	fw_rx_batch_end(&in->rxb);
	if (!fw_read_once(&sw->wire_link)) {
		fw_count(&to_wire->c[OVNIC_VQC_DROP_FILTERED], 1);
		return;
	}
	fw_count(&to_wire->c[OVNIC_VQC_PACKETS], 1);
	fw_count(&to_wire->c[OVNIC_VQC_BYTES], f->len);
	hdr.flags = f->off.flags;
	hdr.gso_type = f->off.gso_type;
	hdr.hdr_len = ovnic_cpu_to_le16(f->off.hdr_len);
	hdr.gso_size = ovnic_cpu_to_le16(f->off.gso_size);
	hdr.csum_start = ovnic_cpu_to_le16(f->off.csum_start);
	hdr.csum_offset = ovnic_cpu_to_le16(f->off.csum_offset);
	sw->pf->host.wire_tx(sw->pf->host.ctx, &hdr,
			     (const void *const *)f->piece, f->piece_len,
			     f->npieces);
}

/*
 * Flood to every device but @in_port.  @unknown_unicast: an address no
 * port owns or was learned at (the gateway's, before the card learned
 * it): only to the devices that may see other stations' unicast at all
 * (mac_policy.c: trusted, or driven by the host kernel) and whose receive
 * filter takes it (promiscuous, their MAC table lists it or overflowed);
 * the others don't count it as filtered.  Listing an address never draws
 * traffic that the forwarding database sends to its owner.
 */
static void flood(struct fw_switch *sw, struct fw_switch_in *in,
		  const struct ovnic_frame *f, bool unknown_unicast)
{
	u32 i;

	for (i = 0; i < sw->num_ports; i++) {
		struct ovnic_dev *dev = __atomic_load_n(&sw->port[i],
							__ATOMIC_ACQUIRE);

		if (!dev || i == in->port || !fw_dev_running(dev))
			continue;
		if (unknown_unicast && (!fw_mac_takes_unknown(dev) ||
					!fw_rx_filter_accepts(dev, f)))
			continue;
		switch_deliver(dev, f, in);
	}
}

/*
 * Called inside an epoch, from a device core or a wire receive (@in's port
 * the uplink: nothing goes back to the wire).
 */
void fw_switch_forward(struct fw_switch *sw, struct fw_switch_in *in,
		       const struct ovnic_frame *f)
{
	const u8 *dst = f->head;
	struct ovnic_dev *dev;
	u8 port;

	if (dst[0] & 1) {
		flood(sw, in, f, false);
		if (in->port != OVNIC_UPLINK_PORT)
			wire_out(sw, in, f);
		return;
	}
	port = fw_fdb_lookup(&sw->fdb, dst, in->memo);
	if (port == in->port)
		return;		/* never back where it came from */
	if (port < sw->num_ports) {
		dev = __atomic_load_n(&sw->port[port], __ATOMIC_ACQUIRE);
		if (dev) {
			switch_deliver(dev, f, in);
			return;
		}
	}
	if (in->port != OVNIC_UPLINK_PORT)
		wire_out(sw, in, f);
	if (port != OVNIC_UPLINK_PORT)
		flood(sw, in, f, true);
}

/* The end of a burst: what it delivered reaches the drivers. */
void fw_switch_end(struct fw_switch_in *in)
{
	fw_rx_batch_end(&in->rxb);
}

/* Describe a wire frame; false (counted) when the card can't take it. */
static bool wire_frame(struct fw_switch *sw, struct ovnic_frame *f,
		       const void *frame, u32 len)
{
	if (len < 14 || len > OVNIC_FRAME_MAX) {
		fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_DROP_BAD_DESC], 1);
		return false;
	}
	if (!fw_read_once(&sw->wire_link)) {
		fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_DROP_FILTERED], 1);
		return false;
	}

	f->off = (struct ovnic_offload){ 0 };
	f->len = len;
	f->npieces = 1;
	f->piece[0] = frame;
	f->piece_len[0] = len;
	f->head_len = MIN(len, (u32)sizeof(f->head));
	fw_memcpy(f->head, frame, f->head_len);
	return true;
}

/* Frames from the wire, in an epoch (the caller's). */
void fw_switch_wire_rx(struct fw_switch *sw, const void *const *frame,
		       const ovnic_u32 *len, ovnic_u32 n)
{
	struct fw_fdb_memo memo = { 0 };
	struct fw_switch_in in = { .port = OVNIC_UPLINK_PORT, .memo = &memo };
	struct ovnic_frame f;
	u64 packets = 0, bytes = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		if (!wire_frame(sw, &f, frame[i], len[i]))
			continue;
		packets++;
		bytes += len[i];
		fw_switch_source(sw, &in, f.head + 6, true);
		fw_switch_forward(sw, &in, &f);
	}
	fw_switch_end(&in);
	/* Counted once per burst: several callers may share the port. */
	fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_PACKETS], packets);
	fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_BYTES], bytes);
}

/*
 * A frame from the wire in pieces, with its offload state, checked as a
 * driver's transmit header is: the host's stack may hand the port any GSO
 * type the uplink advertises.  What the host verified (DATA_VALID) stays
 * true across the card.  False (counted) when the card can't take it.
 */
static bool wire_frame_sg(struct fw_switch *sw, struct ovnic_frame *f,
			  const struct ovnic_wire_frame *w)
{
	const struct ovnic_wire_hdr *hdr = &w->hdr;
	struct virtio_net_hdr_v1 vh = {
		.flags = hdr->flags,
		.gso_type = hdr->gso_type,
		.hdr_len = hdr->hdr_len,
		.gso_size = hdr->gso_size,
		.csum_start = hdr->csum_start,
		.csum_offset = hdr->csum_offset,
	};
	u64 len = 0;
	u32 i;

	if (!w->npieces || w->npieces > OVNIC_WIRE_MAX_PIECES)
		goto bad;
	for (i = 0; i < w->npieces; i++) {
		f->piece[i] = w->piece[i];
		f->piece_len[i] = w->piece_len[i];
		len += w->piece_len[i];
	}
	if (len < 14 || len > OVNIC_WIRE_GSO_MAX)
		goto bad;
	if (!fw_read_once(&sw->wire_link)) {
		fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_DROP_FILTERED], 1);
		return false;
	}
	f->len = (u32)len;
	f->npieces = w->npieces;
	fw_frame_fill_head(f);
	if (fw_offload_from_hdr(f, &vh, FW_HOST_OFFLOADS)) {
		fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_DROP_BAD_OFFLOAD], 1);
		return false;
	}
	if (!f->off.gso_type && f->len > OVNIC_FRAME_MAX)
		goto bad;
	if (hdr->flags & VIRTIO_NET_HDR_F_DATA_VALID && !f->off.flags)
		f->off.flags = VIRTIO_NET_HDR_F_DATA_VALID;
	return true;
bad:
	fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_DROP_BAD_DESC], 1);
	return false;
}

/*
 * Frames from the host's side of the port, in an epoch (the caller's),
 * one receive batch for the burst: a run of frames to one receive queue
 * takes its lock and decides its interrupt once, as a device's transmit
 * burst does (net_tx.c).  Returns the frames taken: @n, or 0 past the
 * burst's limit.
 */
u32 fw_switch_wire_rx_sg(struct fw_switch *sw,
			 const struct ovnic_wire_frame *frame, u32 n)
{
	struct fw_fdb_memo memo = { 0 };
	struct fw_switch_in in = { .port = OVNIC_UPLINK_PORT, .memo = &memo };
	struct ovnic_frame f;
	u64 packets = 0, bytes = 0;
	u32 i;

	if (n > OVNIC_WIRE_BURST_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (!wire_frame_sg(sw, &f, &frame[i]))
			continue;
		packets++;
		bytes += f.len;
		fw_switch_source(sw, &in, f.head + 6, true);
		fw_switch_forward(sw, &in, &f);
	}
	fw_switch_end(&in);
	/* Counted once per burst: several callers may share the port. */
	fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_PACKETS], packets);
	fw_atomic_add(&sw->from_wire.c[OVNIC_VQC_BYTES], bytes);
	return n;
}

void fw_switch_init(struct fw_switch *sw, struct fw_platform *pf,
		    unsigned int num_ports, struct ovnic_lock *fdb_lock)
{
	sw->pf = pf;
	sw->num_ports = num_ports;
	sw->wire_link = 1;
	fw_fdb_init(&sw->fdb, pf, fdb_lock);
}
