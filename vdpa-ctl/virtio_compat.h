/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio uAPI constants vdpa-ctl names, from the build host's headers
 * (<linux/virtio_config.h>, <linux/virtio_net.h>, <linux/virtio_ring.h>,
 * <linux/virtio_ids.h>).
 *
 * Debian 12's linux-libc-dev is 6.1: the bits Linux 6.12's headers added
 * are defined below only when the host's headers lack them, with 6.12's
 * values.  VIRTIO_NET_F_HASH_TUNNEL and the VIRTIO_NET_HASH_TUNNEL_TYPE_*
 * bits are virtio 1.4's and in no Linux uAPI header 6.12 has; they carry
 * the spec's names, so a host header that has them takes over.
 */
#ifndef VDPA_CTL_VIRTIO_COMPAT_H
#define VDPA_CTL_VIRTIO_COMPAT_H

#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_net.h>
#include <linux/virtio_ring.h>

/* include/uapi/linux/virtio_config.h of Linux 6.12 */
#ifndef VIRTIO_F_NOTIFICATION_DATA
#define VIRTIO_F_NOTIFICATION_DATA	38
#endif
#ifndef VIRTIO_F_NOTIF_CONFIG_DATA
#define VIRTIO_F_NOTIF_CONFIG_DATA	39
#endif
#ifndef VIRTIO_F_RING_RESET
#define VIRTIO_F_RING_RESET		40
#endif
#ifndef VIRTIO_F_ADMIN_VQ
#define VIRTIO_F_ADMIN_VQ		41
#endif

/* include/uapi/linux/virtio_net.h of Linux 6.12 */
#ifndef VIRTIO_NET_F_DEVICE_STATS
#define VIRTIO_NET_F_DEVICE_STATS	50
#endif
#ifndef VIRTIO_NET_F_VQ_NOTF_COAL
#define VIRTIO_NET_F_VQ_NOTF_COAL	52
#endif
#ifndef VIRTIO_NET_F_GUEST_USO4
#define VIRTIO_NET_F_GUEST_USO4		54
#endif
#ifndef VIRTIO_NET_F_GUEST_USO6
#define VIRTIO_NET_F_GUEST_USO6		55
#endif
#ifndef VIRTIO_NET_F_HOST_USO
#define VIRTIO_NET_F_HOST_USO		56
#endif
#ifndef VIRTIO_NET_F_GUEST_HDRLEN
#define VIRTIO_NET_F_GUEST_HDRLEN	59
#endif

/* virtio 1.4, 5.1.3 and 5.1.6.4.3.4: inner-header hash */
#ifndef VIRTIO_NET_F_HASH_TUNNEL
#define VIRTIO_NET_F_HASH_TUNNEL	51
#endif
#ifndef VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2784
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2784	(1 << 0)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2890	(1 << 1)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_7676	(1 << 2)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_UDP	(1 << 3)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN	(1 << 4)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN_GPE	(1 << 5)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GENEVE	(1 << 6)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_IPIP	(1 << 7)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_NVGRE	(1 << 8)
#endif

#endif
