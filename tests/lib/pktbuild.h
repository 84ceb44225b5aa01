/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * pktbuild: packets for the receive-hash tests and benchmarks.  IPv4 and
 * IPv6 (with the extension headers virtio's _EX hash types look at), TCP
 * and UDP, and the nine encapsulations of virtio's inner header hash.
 * Checksums are left zero: the card does not check them.
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

#endif /* OVNIC_TEST_PKTBUILD_H */
