/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * pktbuild: packets for the receive-hash tests and benchmarks.  IPv4 and
 * IPv6 (with the extension headers virtio's _EX hash types look at), TCP
 * and UDP, and the nine encapsulations of virtio's inner header hash.
 * Their checksums are left zero: the card does not check them.
 *
 * For the offload tests (pktbuild_l4.c): TCP and UDP over IPv4 and IPv6
 * frames of any size up to 64 KiB of IP, with real checksums or with the
 * L4 field holding the pseudo-header sum a driver leaves for NEEDS_CSUM; a
 * parser, and checksum helpers written from RFC 1071 / 791 / 793 / 768 /
 * 8200, independently of the card's net_offload.c.
 *
 * Also a plain bit-by-bit Toeplitz hash, written from Microsoft's RSS
 * specification independently of the card's table-driven one, so tests
 * can compute the hash a packet must get.
 */
#ifndef OVNIC_TEST_PKTBUILD_H
#define OVNIC_TEST_PKTBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PB_MAX		2048	/* largest packet built */

/* An IP packet: the fields that go into the hash, and the extras. */
struct pb_ip {
	bool v6;
	uint8_t src[16];	/* IPv4: first 4 bytes */
	uint8_t dst[16];
	uint8_t proto;		/* 6 TCP and 17 UDP get a header */
	uint16_t sport, dport;
	uint32_t payload;	/* bytes after the L4 header (pattern) */
	/* IPv6 extension headers, in this order */
	bool hbh;		/* hop-by-hop options, 8 bytes of padding */
	bool home;		/* destination options with a home address */
	uint8_t home_addr[16];
	bool rh2;		/* type 2 routing header */
	uint8_t rh2_addr[16];
	bool frag;		/* IPv4 MF / IPv6 fragment with offset 8 */
};

/*
 * The IP header(s), the TCP/UDP header when proto asks for one, then
 * @inner (may be NULL) and ip->payload pattern bytes.  Returns the length.
 */
uint32_t pb_ip(uint8_t *out, const struct pb_ip *ip, const uint8_t *inner,
	       uint32_t inner_len);

/* Ethernet header with @type (and an 802.1Q tag unless vlan is 0xffff). */
uint32_t pb_eth(uint8_t *out, const uint8_t dst[6], const uint8_t src[6],
		uint16_t vlan, uint16_t type, const uint8_t *payload,
		uint32_t len);

/* The encapsulations of virtio's inner header hash. */
enum pb_tunnel {
	PB_GRE,		/* GRE, no key: RFC 2784 (7676 with IPv6) */
	PB_GRE_KEY,	/* GRE with key and sequence number: RFC 2890 */
	PB_GRE_CSUM,	/* GRE with checksum, no key */
	PB_GRE_TEB,	/* GRE, Ethernet inside, no key */
	PB_NVGRE,	/* GRE, key, Ethernet inside: RFC 7637 */
	PB_GRE_UDP,	/* UDP 4754 + GRE: RFC 8086 */
	PB_VXLAN,	/* UDP 4789 */
	PB_VXLAN_GPE,	/* UDP 4790, next protocol IPv4/IPv6 */
	PB_VXLAN_GPE_ETH,	/* UDP 4790, next protocol Ethernet */
	PB_GENEVE,	/* UDP 6081, 8 bytes of options, Ethernet inside */
	PB_GENEVE_IP,	/* UDP 6081, no options, IP inside */
	PB_IPIP,	/* IP protocol 4 / 41 */
	PB_TUNNEL_NUM,
};

/*
 * A frame to @dst carrying @inner (an IP packet) through @t over @outer
 * (v6, addresses and, for UDP tunnels, sport; proto and dport are set
 * here).  Returns the frame length.
 */
uint32_t pb_tunnel(uint8_t *out, enum pb_tunnel t, const uint8_t dst[6],
		   const uint8_t src[6], const struct pb_ip *outer,
		   const struct pb_ip *inner);

/* Address helpers. */
void pb_v4(uint8_t a[16], uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3);
/* 2001:db8::<hi>:<lo> */
void pb_v6(uint8_t a[16], uint16_t hi, uint16_t lo);

/* Toeplitz, bit by bit; key bytes past @key_len count as zero. */
uint32_t pb_toeplitz(const uint8_t *key, uint32_t key_len,
		     const uint8_t *in, uint32_t len);

/*
 * The hash virtio says @ip gets under @types (5.1.6.4.3), from the
 * builder's own description rather than from the bytes: *report gets the
 * VIRTIO_NET_HASH_REPORT_* value, 0 when no hash applies.
 */
uint32_t pb_expected_hash(const struct pb_ip *ip, uint32_t types,
			  const uint8_t *key, uint32_t key_len,
			  uint16_t *report);

/* Microsoft's RSS verification key. */
extern const uint8_t pb_ms_key[40];

/* ---- TCP and UDP frames for the offload tests (pktbuild_l4.c) ---- */

#define PB_TCP		6
#define PB_UDP		17

#define PB_TCP_FIN	0x01
#define PB_TCP_SYN	0x02
#define PB_TCP_RST	0x04
#define PB_TCP_PSH	0x08
#define PB_TCP_ACK	0x10
#define PB_TCP_URG	0x20
#define PB_TCP_ECE	0x40
#define PB_TCP_CWR	0x80

#define PB_NO_VLAN	0xffff
/* The largest IP packet an IPv4 or IPv6 header here can describe. */
#define PB_IP_MAX	65535

/* One TCP or UDP frame, as a sender's stack hands it to its driver. */
struct pb_flow {
	bool v6;
	uint8_t proto;		/* PB_TCP or PB_UDP */
	uint16_t vlan;		/* 802.1Q VID; PB_NO_VLAN: untagged */
	uint8_t dst_mac[6];
	uint8_t src_mac[6];
	uint8_t src[16];	/* IPv4: the first 4 bytes */
	uint8_t dst[16];
	uint16_t sport, dport;
	uint8_t tos;		/* IPv4 TOS / IPv6 traffic class (ECN bits) */
	uint16_t ip_id;		/* IPv4 identification */
	uint32_t seq;		/* TCP */
	uint8_t tcp_flags;	/* 0: ACK | PSH */
	uint8_t tcp_opt_len;	/* bytes of TCP options, a multiple of 4 */
	uint32_t payload;	/* L4 payload bytes, a pattern from @seed */
	uint8_t seed;
	/*
	 * The L4 checksum field holds the folded pseudo-header sum (over the
	 * whole L4 length, as Linux leaves it for CHECKSUM_PARTIAL, GSO or
	 * not) instead of the complete checksum.
	 */
	bool csum_partial;
};

/* Where things are in a frame pb_flow_frame() built. */
struct pb_layout {
	uint32_t len;		/* the frame */
	uint16_t l3_off;	/* IP header */
	uint16_t l4_off;	/* TCP/UDP header: csum_start */
	uint16_t hdr_len;	/* Ethernet through the TCP/UDP header */
	uint16_t csum_offset;	/* 16 (TCP) or 6 (UDP) */
	uint8_t gso_type;	/* VIRTIO_NET_HDR_GSO_TCPV4/TCPV6/UDP_L4 */
};

/*
 * Build @fl into @out (@cap bytes).  Returns the frame length, 0 when it
 * doesn't fit @cap or the IP length fields; fills @lay when not NULL.
 */
uint32_t pb_flow_frame(uint8_t *out, uint32_t cap, const struct pb_flow *fl,
		       struct pb_layout *lay);
/* The payload byte at offset @off of a flow with @seed. */
uint8_t pb_flow_byte(uint8_t seed, uint32_t off);

/* A TCP/UDP frame taken apart; the other fields are in the bytes. */
struct pb_pkt {
	uint16_t vlan;		/* PB_NO_VLAN when untagged */
	bool v6;
	uint8_t proto;
	uint16_t l3_off;
	uint16_t l4_off;
	uint16_t l4_hlen;	/* TCP data offset * 4, or 8 */
	uint16_t pay_off;	/* payload: pay_off .. pay_off + pay_len */
	uint32_t pay_len;
	uint32_t ip_len;	/* IP header + payload, per its length field */
	uint16_t ip_id;		/* IPv4 */
	uint8_t tos;
	uint8_t ttl;		/* hop limit */
	uint16_t sport, dport;
	uint32_t seq;		/* TCP */
	uint8_t tcp_flags;
	uint16_t udp_len;	/* UDP length field */
	uint16_t l4_csum;	/* the checksum field as it is */
};

/*
 * Parse Ethernet (one optional 802.1Q tag), IPv4 without options or IPv6
 * without extension headers, TCP or UDP.  0, or -1 when the frame is not
 * one of those or its length fields disagree with @len (bytes after the
 * IP packet are refused too).
 */
int pb_parse(const uint8_t *f, uint32_t len, struct pb_pkt *p);

/* RFC 1071: 16-bit big-endian words summed (odd byte padded) into @sum. */
uint64_t pb_sum16(uint64_t sum, const uint8_t *p, uint32_t len);
/* The sum folded to 16 bits (not inverted). */
uint16_t pb_fold(uint64_t sum);
/* The pseudo-header sum (RFC 793 / 768 / 8200 8.1), not folded. */
uint64_t pb_pseudo_sum(bool v6, const uint8_t *src, const uint8_t *dst,
		       uint8_t proto, uint32_t l4_len);

/* IPv4: the header checksum is right.  IPv6 frames: true. */
bool pb_ip_csum_ok(const uint8_t *f, uint32_t len);
/*
 * The TCP/UDP checksum over pseudo header, header and payload is right;
 * an IPv4 UDP checksum of 0 ("none") counts as wrong here.
 */
bool pb_l4_csum_ok(const uint8_t *f, uint32_t len);
/* The L4 field holds the pseudo-header sum (what NEEDS_CSUM leaves). */
bool pb_l4_csum_partial(const uint8_t *f, uint32_t len);
/*
 * What a driver does with NEEDS_CSUM (virtio 1.2 5.1.6.4): the sum from
 * @start to the end of the frame, inverted, at @start + @offset (0 becomes
 * 0xffff).  -1 when that is outside @len.
 */
int pb_csum_finish(uint8_t *f, uint32_t len, uint16_t start,
		   uint16_t offset);
/*
 * The sum from @start to the end folds to 0xffff: a completed checksum
 * whose field was zero before and sits at an even offset from @start.
 */
bool pb_csum_region_ok(const uint8_t *f, uint32_t len, uint16_t start);

/*
 * Segment @i of GSO frame @f cut at @gso payload bytes as Linux's GSO cuts
 * it (IP lengths, IPv4 id + i for TCP, TCP sequence advanced, FIN/PSH
 * only on the last and CWR only on the first, UDP lengths), checksums
 * complete.  Returns its length, 0 past the last segment or when it
 * doesn't fit @cap.  The tests' own reference, to check their checks.
 */
uint32_t pb_segment(uint8_t *out, uint32_t cap, const uint8_t *f,
		    uint32_t len, uint16_t gso, uint32_t i);

#endif /* OVNIC_TEST_PKTBUILD_H */
