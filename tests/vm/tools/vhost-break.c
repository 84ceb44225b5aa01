// SPDX-License-Identifier: GPL-2.0
/*
 * vhost-break: a vhost-vdpa driver that breaks a ring on purpose, for the
 * VM tests.  It negotiates VERSION_1, maps one buffer as its DMA window,
 * sets up transmit queue 1 and, after DRIVER_OK, publishes a descriptor
 * head outside the ring (virtio 2.7.13: the device may then set
 * DEVICE_NEEDS_RESET).  It waits for the config interrupt and prints the
 * device status.
 *
 *	vhost-break /dev/vhost-vdpa-N
 *
 * Exit status: 0 when the device reported NEEDS_RESET with a config
 * interrupt, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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

#define QID		1		/* transmitq1 */
#define QSIZE		64
#define IOVA		0x100000ULL
#define WINDOW		(64 * 1024)
#define DESC_OFF	0x0000
#define AVAIL_OFF	0x1000
#define USED_OFF	0x2000

static void map_window(void *buf)
{
	struct vhost_msg msg = {
		.type = VHOST_IOTLB_MSG,
		.iotlb = {
			.iova = IOVA,
			.size = WINDOW,
			.uaddr = (uintptr_t)buf,
			.perm = VHOST_ACCESS_RW,
			.type = VHOST_IOTLB_UPDATE,
		},
	};

	if (write(vu_fd, &msg, sizeof(msg)) != sizeof(msg))
		die("IOTLB update");
}

int main(int argc, char **argv)
{
	struct vhost_vring_state num = { QID, QSIZE }, base = { QID, 0 };
	struct vhost_vring_state enable = { QID, 1 };
	struct vhost_vring_addr addr = {
		.index = QID,
		.desc_user_addr = IOVA + DESC_OFF,
		.avail_user_addr = IOVA + AVAIL_OFF,
		.used_user_addr = IOVA + USED_OFF,
	};
	struct vhost_vring_file kick, call;
	uint64_t one = 1;
	struct vring_avail *avail;
	struct pollfd pfd;
	int config_fd;
	uint8_t status;
	void *buf;

	if (argc != 2) {
		fprintf(stderr, "usage: vhost-break /dev/vhost-vdpa-N\n");
		return 2;
	}
	vu_name = "vhost-break";
	vu_fd = open(argv[1], O_RDWR);
	if (vu_fd < 0)
		die(argv[1]);
	buf = mmap(NULL, WINDOW, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap");
	memset(buf, 0, WINDOW);

	if (!negotiate()) {
		fprintf(stderr, "vhost-break: FEATURES_OK refused\n");
		return 1;
	}
	map_window(buf);

	config_fd = eventfd(0, EFD_NONBLOCK);
	kick.index = QID;
	kick.fd = eventfd(0, 0);
	call.index = QID;
	call.fd = eventfd(0, EFD_NONBLOCK);
	if (config_fd < 0 || kick.fd < 0 || call.fd < 0)
		die("eventfd");
	xioctl(VHOST_VDPA_SET_CONFIG_CALL, &config_fd, "VHOST_VDPA_SET_CONFIG_CALL");
	xioctl(VHOST_SET_VRING_NUM, &num, "VHOST_SET_VRING_NUM");
	xioctl(VHOST_SET_VRING_ADDR, &addr, "VHOST_SET_VRING_ADDR");
	xioctl(VHOST_SET_VRING_BASE, &base, "VHOST_SET_VRING_BASE");
	xioctl(VHOST_SET_VRING_KICK, &kick, "VHOST_SET_VRING_KICK");
	xioctl(VHOST_SET_VRING_CALL, &call, "VHOST_SET_VRING_CALL");
	xioctl(VHOST_VDPA_SET_VRING_ENABLE, &enable, "VHOST_VDPA_SET_VRING_ENABLE");
	add_status(VIRTIO_CONFIG_S_DRIVER_OK);

	/* One available entry whose head is no descriptor of the ring. */
	avail = (struct vring_avail *)((char *)buf + AVAIL_OFF);
	avail->ring[0] = QSIZE + 7;
	__atomic_store_n(&avail->idx, 1, __ATOMIC_RELEASE);
	if (write(kick.fd, &one, sizeof(one)) != sizeof(one))
		die("kick");

	pfd = (struct pollfd){ .fd = config_fd, .events = POLLIN };
	if (poll(&pfd, 1, 30000) != 1) {
		fprintf(stderr, "vhost-break: no config interrupt (status %#x)\n",
			get_status());
		return 1;
	}
	status = get_status();
	printf("config interrupt, status %#x\n", status);
	return status & VIRTIO_CONFIG_S_NEEDS_RESET ? 0 : 1;
}
