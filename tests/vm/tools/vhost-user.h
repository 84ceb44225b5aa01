/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the small vhost-vdpa users of the VM tests share: the device fd,
 * fatal errors, ioctls, and the status byte.  Each tool is one .c file
 * compiled in the guest with this header beside it.
 */
#ifndef OVNIC_VHOST_USER_H
#define OVNIC_VHOST_USER_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/vhost.h>
#include <linux/virtio_config.h>

static int vu_fd;
static const char *vu_name;	/* the tool, for messages */

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", vu_name, what, strerror(errno));
	exit(1);
}

static void xioctl(unsigned long req, void *arg, const char *what)
{
	if (ioctl(vu_fd, req, arg) < 0)
		die(what);
}

static uint8_t get_status(void)
{
	uint8_t s;

	xioctl(VHOST_VDPA_GET_STATUS, &s, "VHOST_VDPA_GET_STATUS");
	return s;
}

static void add_status(uint8_t bits)
{
	uint8_t s = get_status() | bits;

	xioctl(VHOST_VDPA_SET_STATUS, &s, "VHOST_VDPA_SET_STATUS");
}

/*
 * ACKNOWLEDGE, DRIVER, VERSION_1 and ACCESS_PLATFORM (what the card needs),
 * FEATURES_OK: false when the device refused the features.
 */
static inline int negotiate(void)
{
	uint64_t features, want;

	xioctl(VHOST_SET_OWNER, NULL, "VHOST_SET_OWNER");
	add_status(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	xioctl(VHOST_GET_FEATURES, &features, "VHOST_GET_FEATURES");
	want = features & (1ULL << VIRTIO_F_VERSION_1 |
			   1ULL << VIRTIO_F_ACCESS_PLATFORM);
	xioctl(VHOST_SET_FEATURES, &want, "VHOST_SET_FEATURES");
	add_status(VIRTIO_CONFIG_S_FEATURES_OK);
	return !!(get_status() & VIRTIO_CONFIG_S_FEATURES_OK);
}

#endif /* OVNIC_VHOST_USER_H */
