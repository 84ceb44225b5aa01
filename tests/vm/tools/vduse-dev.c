// SPDX-License-Identifier: GPL-2.0
/*
 * vduse-dev: create or destroy a VDUSE block device, so that the VM tests
 * have a vDPA device of another parent than ovnic ("vdpa dev add name NAME
 * mgmtdev vduse" then puts it on the vDPA bus).  Nothing serves it: bind
 * no bus driver to it.
 *
 *	vduse-dev create NAME
 *	vduse-dev destroy NAME
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vduse.h>
#include <linux/virtio_blk.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>

/* The vDPA bus takes the device once its queue has a size. */
static int setup_vq(const char *name)
{
	struct vduse_vq_config vq = { .index = 0, .max_size = 256 };
	char path[VDUSE_NAME_MAX + 16];
	int fd, ret;

	snprintf(path, sizeof(path), "/dev/vduse/%s", name);
	for (ret = 0; ret < 100 && access(path, F_OK); ret++)
		usleep(100000);	/* devtmpfs makes the node */
	fd = open(path, O_RDWR);
	if (fd < 0)
		return -1;
	ret = ioctl(fd, VDUSE_VQ_SETUP, &vq);
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	struct {
		struct vduse_dev_config dev;
		struct virtio_blk_config blk;
	} c;
	char name[VDUSE_NAME_MAX] = "";
	int fd, ret;

	if (argc != 3 || strlen(argv[2]) >= sizeof(name) ||
	    (strcmp(argv[1], "create") && strcmp(argv[1], "destroy"))) {
		fprintf(stderr, "usage: vduse-dev { create | destroy } NAME\n");
		return 2;
	}
	fd = open("/dev/vduse/control", O_RDWR);
	if (fd < 0) {
		perror("/dev/vduse/control");
		return 1;
	}
	if (!strcmp(argv[1], "destroy")) {
		strcpy(name, argv[2]);
		ret = ioctl(fd, VDUSE_DESTROY_DEV, name);
	} else {
		memset(&c, 0, sizeof(c));
		strcpy(c.dev.name, argv[2]);
		c.dev.device_id = VIRTIO_ID_BLOCK;
		c.dev.features = 1ULL << VIRTIO_F_VERSION_1 |
				 1ULL << VIRTIO_F_ACCESS_PLATFORM;
		c.dev.vq_num = 1;
		c.dev.vq_align = 4096;
		c.dev.config_size = sizeof(c.blk);
		c.blk.capacity = 2048;
		ret = ioctl(fd, VDUSE_CREATE_DEV, &c);
		if (!ret)
			ret = setup_vq(argv[2]);
	}
	if (ret < 0) {
		fprintf(stderr, "vduse-dev %s %s: %s\n", argv[1], argv[2],
			strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}
