// SPDX-License-Identifier: GPL-2.0
/*
 * vhost-phys: an untrusted vhost-vdpa user that programs its rings and
 * buffers at *host physical* addresses without mapping anything, for the
 * VM tests of the card's DMA window.  It stands for a compromised QEMU or
 * DPDK application: if the card took its addresses as physical ones, it
 * would read and write any host memory.
 *
 * The victim memory is the tool's own (its physical addresses come from
 * /proc/self/pagemap, which needs root): pages no IOTLB entry maps, filled
 * with a pattern.  The tool negotiates features, sets up one queue with
 * every address physical, sets DRIVER_OK and
 *   tx: publishes a descriptor of a broadcast frame (at a physical address)
 *       on transmitq1 and kicks;
 *   rx: posts a receive buffer (at a physical address) on receiveq1 and
 *       waits while the test sends frames into the card;
 * then waits @secs seconds and reports.
 *
 *	vhost-phys /dev/vhost-vdpa-N tx|rx SECS
 *
 * Prints "status 0x.. used N buffer intact|WRITTEN|read-only" and exits 0
 * when the card touched none of the pages (the used index and, for rx, the
 * pattern unchanged) and set DEVICE_NEEDS_RESET; 1 when it read or wrote
 * them, or did not report the bad address.  Whether a transmitted frame
 * left the card, the test sees on the uplink.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vhost-user.h"
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

#define PAGE		4096
#define QSIZE		16
#define DESC_OFF	0x000
#define AVAIL_OFF	0x400
#define USED_OFF	0x800
#define NET_HDR_LEN	12
#define PATTERN		0x5a

/* Host physical address of our page @p (locked and present). */
static uint64_t phys_of(const void *p)
{
	uint64_t entry, vpn = (uintptr_t)p / PAGE;
	int pm = open("/proc/self/pagemap", O_RDONLY);

	if (pm < 0)
		die("/proc/self/pagemap");
	if (pread(pm, &entry, sizeof(entry), vpn * sizeof(entry)) !=
	    sizeof(entry))
		die("pagemap read");
	close(pm);
	if (!(entry & (1ULL << 63)) || !(entry & ((1ULL << 55) - 1))) {
		fprintf(stderr, "vhost-phys: no PFN for %p (not root?)\n", p);
		exit(1);
	}
	return (entry & ((1ULL << 55) - 1)) * PAGE + (uintptr_t)p % PAGE;
}

static int pattern_intact(const uint8_t *b)
{
	for (int i = 0; i < PAGE; i++)
		if (b[i] != PATTERN)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	struct vhost_vring_state num, base, enable;
	struct vhost_vring_addr addr;
	struct vhost_vring_file kick, call;
	uint64_t one = 1;
	uint8_t *ring, *data, status;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	int tx, secs, ok;

	if (argc != 4 || (strcmp(argv[2], "tx") && strcmp(argv[2], "rx"))) {
		fprintf(stderr, "usage: vhost-phys /dev/vhost-vdpa-N tx|rx SECS\n");
		return 2;
	}
	tx = !strcmp(argv[2], "tx");
	secs = atoi(argv[3]);
	vu_name = "vhost-phys";
	vu_fd = open(argv[1], O_RDWR);
	if (vu_fd < 0)
		die(argv[1]);
	ring = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_LOCKED,
		    -1, 0);
	if (ring == MAP_FAILED)
		die("mmap");
	memset(ring, 0, PAGE);
	data = ring + PAGE;
	memset(data, PATTERN, PAGE);
	desc = (struct vring_desc *)(ring + DESC_OFF);
	avail = (struct vring_avail *)(ring + AVAIL_OFF);
	used = (struct vring_used *)(ring + USED_OFF);

	if (!negotiate()) {
		fprintf(stderr, "vhost-phys: FEATURES_OK refused\n");
		return 1;
	}

	/* No IOTLB update at all: every address below is physical. */
	num = (struct vhost_vring_state){ tx, QSIZE };
	base = (struct vhost_vring_state){ tx, 0 };
	enable = (struct vhost_vring_state){ tx, 1 };
	addr = (struct vhost_vring_addr){
		.index = tx,
		.desc_user_addr = phys_of(desc),
		.avail_user_addr = phys_of(avail),
		.used_user_addr = phys_of(used),
	};
	kick = (struct vhost_vring_file){ tx, eventfd(0, 0) };
	call = (struct vhost_vring_file){ tx, eventfd(0, EFD_NONBLOCK) };
	if (kick.fd < 0 || call.fd < 0)
		die("eventfd");
	xioctl(VHOST_SET_VRING_NUM, &num, "VHOST_SET_VRING_NUM");
	xioctl(VHOST_SET_VRING_ADDR, &addr, "VHOST_SET_VRING_ADDR");
	xioctl(VHOST_SET_VRING_BASE, &base, "VHOST_SET_VRING_BASE");
	xioctl(VHOST_SET_VRING_KICK, &kick, "VHOST_SET_VRING_KICK");
	xioctl(VHOST_SET_VRING_CALL, &call, "VHOST_SET_VRING_CALL");
	xioctl(VHOST_VDPA_SET_VRING_ENABLE, &enable,
	       "VHOST_VDPA_SET_VRING_ENABLE");

	if (tx) {
		/* header, then a broadcast frame, in the pattern page */
		uint8_t *f = data;

		memset(f, 0, NET_HDR_LEN);
		memset(f + NET_HDR_LEN, 0xff, 6);
		memcpy(f + NET_HDR_LEN + 6, "\x02\x00\x00\x00\x99\x01", 6);
		memcpy(f + NET_HDR_LEN + 12, "\x88\xb5", 2);
		desc[0].addr = phys_of(f);
		desc[0].len = NET_HDR_LEN + 60;
		desc[0].flags = 0;
	} else {
		desc[0].addr = phys_of(data);
		desc[0].len = PAGE;
		desc[0].flags = VRING_DESC_F_WRITE;
	}
	avail->ring[0] = 0;
	__atomic_store_n(&avail->idx, 1, __ATOMIC_RELEASE);
	add_status(VIRTIO_CONFIG_S_DRIVER_OK);
	if (write(kick.fd, &one, sizeof(one)) != sizeof(one))
		die("kick");
	printf("ready\n");
	fflush(stdout);
	sleep(secs);

	/* A card that read the ring would have returned the buffer. */
	status = get_status();
	ok = __atomic_load_n(&used->idx, __ATOMIC_ACQUIRE) == 0 &&
	     (tx || pattern_intact(data));
	printf("status %#x used %u buffer %s\n", status, used->idx,
	       tx ? "read-only" : pattern_intact(data) ? "intact" : "WRITTEN");
	return ok && status & VIRTIO_CONFIG_S_NEEDS_RESET ? 0 : 1;
}
