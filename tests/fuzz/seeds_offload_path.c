// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: the seeds of fuzz_offload_path, in its input format
 * (fop_input.h): TSO4, TSO6 and USO frames of up to 64 KiB taken whole or
 * cut, with mergeable buffers and with big-packet chains; checksums alone;
 * ECN; CTRL_GUEST_OFFLOADS turning offloads off and on; GSO frames from
 * the wire; features that FEATURES_OK refuses; starving receivers;
 * chains cut through the header; jumbo MTU; the 20-byte hash header;
 * chains the card must refuse; 69 frames in one kick; tiny buffers.
 */
#include <stdlib.h>

#include "fop_input.h"
#include "mkseeds.h"

#define S(x)		(1u << FP_SEL_##x)
#define GUESTS		(S(GUEST_CSUM) | S(GUEST_TSO4) | S(GUEST_TSO6) | \
			 S(GUEST_ECN) | S(GUEST_USO4) | S(GUEST_USO6))
#define HOSTS		(S(CSUM) | S(HOST_TSO4) | S(HOST_TSO6) | \
			 S(HOST_ECN) | S(HOST_USO))
#define CTRL		(S(CTRL_VQ) | S(CTRL_GUEST_OFFLOADS))
#define FULL		(GUESTS | HOSTS | CTRL | S(GUEST_HDRLEN))

/* Frame kinds: valid (bit 0), and the FP_K_* flags. */
#define TCP4		1u
#define TCP6		(1u | FP_K_V6)
#define UDP4		(1u | FP_K_UDP)
#define UDP6		(1u | FP_K_UDP | FP_K_V6)

#define BIG_PAYLOAD	64000u

/* One device: features, flags, its receive buffers. */
static void dev(struct seed *s, unsigned int sel, unsigned int flags,
		unsigned int kind, unsigned int cnt, unsigned int size)
{
	u16(s, sel);
	u8(s, flags);
	u8(s, kind);
	u8(s, cnt);
	u16(s, size);
}

/* Mergeable-style buffers of @size bytes (20 + size % 4077). */
static void dev_mrg(struct seed *s, unsigned int sel, unsigned int size)
{
	dev(s, sel | S(MRG_RXBUF), 0, FP_RX_SMALL, 128, size - 20);
}

/* A frame: kind, t, payload, header mode, gso_size. */
static void frame(struct seed *s, unsigned int k, unsigned int t,
		  unsigned int pay, unsigned int hm, unsigned int gso)
{
	u8(s, k);
	u8(s, t);
	u16(s, pay);
	u8(s, hm);
	u16(s, gso);
}

/* The transmit op's byte: sender @src, @n frames, copies to follow. */
static unsigned int tx_byte_copies(unsigned int src, unsigned int n,
				   int copies)
{
	unsigned int b;

	for (b = copies ? 0x80 : 0; b < (copies ? 256u : 0x80u); b++)
		if (b % FP_NDEV == src && 1 + (b >> 2) % 4 == n)
			return b;
	abort();
}

static unsigned int tx_byte(unsigned int src, unsigned int n)
{
	return tx_byte_copies(src, n, 0);
}

/* One frame from @src to @dst in one descriptor. */
static void tx(struct seed *s, unsigned int src, unsigned int dst,
	       unsigned int k, unsigned int pay, unsigned int hm,
	       unsigned int gso)
{
	u8(s, FP_OP_TX);
	u8(s, tx_byte(src, 1));
	u8(s, dst);
	u8(s, FP_LAY_ONE);
	frame(s, k, 0, pay, hm, gso);
}

static void wire(struct seed *s, unsigned int dst, unsigned int pieces,
		 unsigned int k, unsigned int pay, unsigned int hm,
		 unsigned int gso)
{
	unsigned int i;

	u8(s, FP_OP_WIRE);
	u8(s, dst);
	u8(s, pieces);
	frame(s, k, 0, pay, hm, gso);
	for (i = 0; i + 1 < pieces; i++)
		u16(s, 40 + 700 * i);
}

static void ctrl(struct seed *s, unsigned int d, unsigned int go)
{
	u8(s, FP_OP_CTRL);
	u8(s, d);
	u8(s, go);
}

static void rx(struct seed *s, unsigned int d, unsigned int kind,
	       unsigned int cnt, unsigned int size)
{
	u8(s, FP_OP_RX);
	u8(s, d);
	u8(s, kind);
	u8(s, cnt);
	u16(s, size);
}

/* The receive op's byte: device @d, first a bad chain of kind @bad. */
static unsigned int rx_bad(unsigned int d, unsigned int bad)
{
	unsigned int b;

	for (b = 0x80; b < 256; b++)
		if (b % FP_NDEV == d && (b >> 4) % 4 == bad)
			return b;
	abort();
}

void seeds_offload_path(void)
{
	const char *t = "fuzz_offload_path";
	struct seed s;
	unsigned int i, k;

	/*
	 * Mergeable buffers: device 1 takes everything whole, device 2
	 * (host offloads only) gets everything cut and completed.
	 */
	s.n = 0;
	dev_mrg(&s, FULL, 1536);
	dev_mrg(&s, FULL, 1536);
	dev_mrg(&s, HOSTS | S(CTRL_VQ), 1536);
	tx(&s, 0, 1, TCP4, BIG_PAYLOAD, FP_H_GSO, 1448);
	tx(&s, 0, 2, TCP4, 20000, FP_H_GSO, 1448);
	tx(&s, 1, FP_DST_BCAST, TCP6, 9000, FP_H_GSO, 1440);
	tx(&s, 1, 2, UDP4, 7000, FP_H_GSO, 1200);
	tx(&s, 2, 0, UDP6, 30000, FP_H_GSO, 1000);
	tx(&s, 0, 2, TCP4, 1400, FP_H_CSUM, 0);
	tx(&s, 2, 1, UDP6, 1000, FP_H_CSUM, 0);
	tx(&s, 0, FP_DST_STATION, TCP4, 40000, FP_H_GSO, 1448);
	save(t, &s, "mrg_tso_uso");

	/* Linux's big packets without MRG_RXBUF; MTU-sized buffers */
	s.n = 0;
	dev(&s, FULL, 0, FP_RX_SMALL, 64, 1600 - 20);
	dev(&s, FULL, 0, FP_RX_BIG, 8, 16);
	dev(&s, HOSTS, 0, FP_RX_SMALL, 128, 1600 - 20);
	tx(&s, 0, 1, TCP4, BIG_PAYLOAD, FP_H_GSO, 1448);
	tx(&s, 0, 1, UDP6, 50000, FP_H_GSO, 1400);
	tx(&s, 1, 2, TCP6, 30000, FP_H_GSO, 1440);
	tx(&s, 1, 0, TCP4, 3000, FP_H_GSO, 1448);
	tx(&s, 2, 0, TCP4, 1000, FP_H_CSUM, 0);
	save(t, &s, "big_packets");

	/* ECN: taken whole with GUEST_ECN only, and CWR on the first cut */
	s.n = 0;
	dev_mrg(&s, FULL, 4096);
	dev_mrg(&s, FULL & ~S(GUEST_ECN), 4096);
	dev_mrg(&s, FULL, 2048);
	u8(&s, FP_OP_TX);
	u8(&s, tx_byte(0, 3));
	for (i = 1; i <= 2; i++) {
		u8(&s, i);
		u8(&s, FP_LAY_ONE);
		frame(&s, TCP6 | FP_K_TCPFLAGS, 0x80 | 0x10 | 0x08 | 0x01,
		      12000, FP_H_GSO | FP_H_ECN, 1000);
	}
	u8(&s, FP_DST_BCAST);
	u8(&s, FP_LAY_ONE);
	frame(&s, TCP4 | FP_K_TCPFLAGS | FP_K_TCPOPT, 0x80 | 0x10, 9000,
	      FP_H_GSO | FP_H_ECN, 1436);
	save(t, &s, "ecn");

	/* CTRL_GUEST_OFFLOADS: off, GUEST_CSUM alone, all back */
	s.n = 0;
	dev_mrg(&s, FULL, 1536);
	dev_mrg(&s, FULL, 1536);
	dev_mrg(&s, FULL, 1536);
	ctrl(&s, 1, 0);
	tx(&s, 0, 1, TCP4, 8000, FP_H_GSO, 1448);
	tx(&s, 0, 1, UDP4, 900, FP_H_CSUM, 0);
	ctrl(&s, 1, 1u << FP_GO_CSUM | 1u << FP_GO_HDRLEN);
	tx(&s, 0, 1, TCP4, 8000, FP_H_GSO, 1448);
	ctrl(&s, 1, 0x7f);
	tx(&s, 0, 1, TCP4, 8000, FP_H_GSO, 1448);
	ctrl(&s, 2, 1u << FP_GO_UFO);	/* never negotiated: refused */
	save(t, &s, "ctrl_offloads");

	/* from the wire: GSO whole and cut, DATA_VALID, pieces */
	s.n = 0;
	dev_mrg(&s, FULL, 1536);
	dev(&s, GUESTS | S(MRG_RXBUF), 0, FP_RX_BIG, 4, 16);
	dev_mrg(&s, S(CSUM), 1536);
	wire(&s, 0, 4, TCP4, 30000, FP_H_GSO, 1448);
	wire(&s, 2, 3, TCP6, 20000, FP_H_GSO, 1440);
	wire(&s, FP_DST_BCAST, 2, UDP4, 5000, FP_H_GSO, 1472);
	wire(&s, 1, 1, UDP6 | FP_K_COMPLETE, 1200, FP_H_DATA_VALID, 0);
	wire(&s, 2, 1, TCP4, 1200, FP_H_CSUM, 0);
	save(t, &s, "wire_gso");

	/*
	 * Features FEATURES_OK refuses: mended on device 1, left refused on
	 * device 2 until a reset with a valid set.
	 */
	s.n = 0;
	dev_mrg(&s, FULL, 1536);
	dev(&s, S(GUEST_TSO4) | S(HOST_TSO4) | S(CTRL_GUEST_OFFLOADS) |
	    S(MRG_RXBUF), 0, FP_RX_SMALL, 64, 1000);
	dev(&s, S(GUEST_ECN) | S(HOST_ECN) | S(HASH_REPORT) | S(MRG_RXBUF),
	    FP_DEVF_KEEP_REFUSED, FP_RX_SMALL, 64, 1000);
	tx(&s, 0, 1, TCP4, 5000, FP_H_GSO, 1448);
	tx(&s, 0, 2, TCP4, 5000, FP_H_GSO, 1448);
	u8(&s, FP_OP_RESET);
	u8(&s, 0x80);			/* device 2 (128 % 3), new features */
	u16(&s, FULL | S(MRG_RXBUF) | S(HASH_REPORT));
	u8(&s, 0);
	tx(&s, 0, 2, TCP6, 5000, FP_H_GSO, 1440);
	tx(&s, 2, 0, UDP4, 5000, FP_H_GSO, 1400);
	save(t, &s, "features_refused");

	/* a starved receiver, then refilled */
	s.n = 0;
	dev_mrg(&s, FULL, 1536);
	dev(&s, HOSTS | S(MRG_RXBUF), 0, FP_RX_SMALL, 6, 256 - 20);
	dev(&s, S(GUEST_CSUM), 0, FP_RX_NONE, 0, 0);
	tx(&s, 0, 1, TCP4, 20000, FP_H_GSO, 1448);
	tx(&s, 0, 2, TCP4, 1000, FP_H_CSUM, 0);
	rx(&s, 1, FP_RX_SMALL | 4, 120, 512 - 20);
	rx(&s, 2, FP_RX_SMALL | 8, 40, 1600 - 20);
	tx(&s, 0, 1, TCP4, 20000, FP_H_GSO, 1448);
	tx(&s, 0, 2, TCP4, 1000, FP_H_CSUM, 0);
	save(t, &s, "starve_refill");

	/* chains cut through the virtio-net header and the checksum */
	s.n = 0;
	dev_mrg(&s, FULL, 1536);
	dev_mrg(&s, HOSTS, 1536);
	dev_mrg(&s, FULL, 1536);
	u8(&s, FP_OP_TX);
	u8(&s, tx_byte(0, 2));
	u8(&s, 1);
	u8(&s, FP_LAY_CUTS | 3 << 2);	/* 4 cuts */
	frame(&s, TCP4 | FP_K_VLAN, 3, 6000, FP_H_GSO, 1448);
	u16(&s, 5);
	u16(&s, 12 + 14 + 20 + 17);	/* in the TCP checksum */
	u16(&s, 12 + 60);
	u16(&s, 3000);
	u8(&s, 2 | 0x80);		/* indirect */
	u8(&s, FP_LAY_EVEN | 40 << 2);	/* 41 pieces */
	frame(&s, UDP6, 0, 20000, FP_H_GSO, 1000);
	u8(&s, FP_OP_TX);
	u8(&s, tx_byte(2, 1));
	u8(&s, 0);
	u8(&s, FP_LAY_HDR | 20 << 2);
	frame(&s, UDP4 | FP_K_VLAN, 5, 1400, FP_H_CSUM, 0);
	save(t, &s, "layouts");

	/* jumbo MTU, the hash header, a corrupted frame and a raw header */
	s.n = 0;
	dev(&s, FULL | S(MRG_RXBUF), FP_DEVF_JUMBO, FP_RX_SMALL, 128,
	    4096 - 20);
	dev(&s, HOSTS | S(CTRL_VQ) | S(HASH_REPORT) | S(MRG_RXBUF),
	    FP_DEVF_JUMBO | 1 << FP_DEVF_CHUNK_SHIFT, FP_RX_SMALL, 128,
	    4096 - 20);
	dev(&s, FULL, 2 << FP_DEVF_CHUNK_SHIFT, FP_RX_BIG, 6, 16);
	tx(&s, 0, 1, TCP4, 60000, FP_H_GSO, 8948);
	tx(&s, 1, 2, TCP6, 8900, FP_H_CSUM, 0);
	tx(&s, 1, 0, UDP4, 40000, FP_H_GSO, 8000);
	u8(&s, FP_OP_TX);
	u8(&s, tx_byte(0, 1));
	u8(&s, 2);
	u8(&s, FP_LAY_ONE);
	frame(&s, 0 | FP_K_UDP, 0, 3000, FP_H_GSO, 1000);
	u8(&s, 2);			/* two bytes flipped */
	u8(&s, 14 + 9 - 12);		/* the IPv4 protocol */
	u8(&s, 0x11 ^ 0x06);
	u8(&s, 14 + 20 + 12 - 12);	/* where a TCP data offset goes */
	u8(&s, 0x50);
	tx(&s, 2, 0, TCP4, 100, FP_H_RAW, 536);
	u8(&s, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	u8(&s, VIRTIO_NET_HDR_GSO_TCPV4);
	u16(&s, 54);			/* hdr_len */
	u16(&s, 34);			/* csum_start */
	u16(&s, 16);			/* csum_offset */
	save(t, &s, "jumbo_hash_raw");

	/*
	 * An untrusted driver's chains: receive chains the card must refuse
	 * behind a few good ones, hit in the middle of a mergeable frame
	 * and first; transmit chains outside the window.
	 */
	s.n = 0;
	dev_mrg(&s, FULL, 1536);
	dev(&s, FULL | S(MRG_RXBUF), 0, FP_RX_SMALL, 6, 1024 - 20);
	dev(&s, FULL, 0, FP_RX_BIG, 2, 16);
	for (i = 0; i < 2; i++) {
		rx(&s, rx_bad(1, 2 * i), FP_RX_SMALL, 6, 1024 - 20);
		tx(&s, 0, 1, TCP4, 20000, FP_H_GSO, 1448);
		u8(&s, FP_OP_TX);
		u8(&s, tx_byte(0, 4));
		for (k = 0; k < 4; k++) {
			u8(&s, 1);
			u8(&s, FP_LAY_ONE);
			frame(&s, UDP4, 0, 1400, FP_H_CSUM, 0);
		}
		rx(&s, rx_bad(2, 1 + 2 * i), FP_RX_BIG, 2, 16);
		tx(&s, 0, 2, UDP6, 30000, FP_H_GSO, 1400);
		tx(&s, 0, 2, UDP6, 30000, FP_H_GSO, 1400);
		tx(&s, 0, 2, UDP6, 30000, FP_H_GSO, 1400);
	}
	u8(&s, FP_OP_TX);
	u8(&s, tx_byte(1, 3));
	u8(&s, 0x40);			/* outside the window */
	u8(&s, FP_LAY_ONE);
	frame(&s, TCP4, 0, 1000, FP_H_CSUM, 0);
	u8(&s, 0x60);			/* across its end */
	u8(&s, FP_LAY_ONE);
	frame(&s, TCP4, 0, 1000, FP_H_CSUM, 0);
	u8(&s, 0);
	u8(&s, FP_LAY_ONE);
	frame(&s, TCP4, 0, 1000, FP_H_CSUM, 0);
	save(t, &s, "bad_chains");

	/*
	 * 69 frames in one kick (more than the card's burst and a poll's
	 * budget); receive buffers of 24 bytes in 3 descriptors each.
	 */
	s.n = 0;
	dev_mrg(&s, FULL, 1536);
	dev(&s, FULL | S(MRG_RXBUF), 0, FP_RX_SMALL | 2 << 3, 128, 24 - 20);
	dev_mrg(&s, HOSTS, 2048);
	u8(&s, FP_OP_TX);
	u8(&s, tx_byte_copies(1, 1, 1));
	u8(&s, 0);
	u8(&s, FP_LAY_ONE);
	frame(&s, UDP4, 0, 600, FP_H_CSUM, 0);
	u8(&s, 68);			/* copies */
	tx(&s, 0, 1, TCP6, 1000, FP_H_GSO, 200);
	tx(&s, 2, 1, TCP4, 1400, FP_H_CSUM, 0);
	save(t, &s, "burst_tiny_bufs");
}
