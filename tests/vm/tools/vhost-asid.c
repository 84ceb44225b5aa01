// SPDX-License-Identifier: GPL-2.0
/*
 * vhost-asid: virtqueue groups and address spaces through vhost-vdpa, as
 * QEMU uses them to shadow the control queue, for the VM tests.
 *
 *	vhost-asid /dev/vhost-vdpa-N mq|nomq
 *
 * It checks that the device has two groups and two address spaces, that
 * the control queue alone is in group 1 (index 2 without MQ, 2 * max_vqp
 * with it: "mq" negotiates MQ), that bad groups and address spaces are
 * refused with EINVAL (an IOTLB message for a space the device lacks:
 * EFAULT, as vhost's write() reports every refusal), then runs a control command
 * (RX promiscuous on) end to end three times:
 *
 *  A. group 1 in address space 1; the rings and command mapped in space 1
 *     only, the same IOVAs in space 0 mapping other, zeroed memory: the
 *     command is answered OK.  Moving the group while its queue is
 *     enabled is refused (EBUSY).
 *  B. after a reset, without SET_GROUP_ASID: the group is back in space 0
 *     and the command, in space 0's memory, is answered.
 *  C. after a reset, group 1 in space 1 again (before the features are
 *     set, as QEMU does) but the rings in space 0 only: the card answers
 *     nothing and sets DEVICE_NEEDS_RESET.
 *
 * Exit status: 0 when every check held, 1 otherwise (the first failure is
 * printed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "vhost-user.h"
#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/virtio_ring.h>

#define QSIZE		16
#define IOVA		0x200000ULL
#define WINDOW		(64 * 1024)
#define DESC_OFF	0x0000
#define AVAIL_OFF	0x1000
#define USED_OFF	0x2000
#define CMD_OFF		0x3000		/* class, command, data, ack */
#define ACK_UNSET	0xa5

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "vhost-asid: FAIL: " __VA_ARGS__); \
			fputc('\n', stderr);				\
			exit(1);					\
		}							\
	} while (0)

static uint8_t *space_mem[2];	/* what each address space maps at IOVA */

/* One IOTLB message in the V2 format, with its address space. */
static int iotlb(uint32_t asid, uint8_t type, uint64_t iova, uint64_t size,
		 void *uaddr)
{
	struct vhost_msg_v2 msg = {
		.type = VHOST_IOTLB_MSG_V2,
		.asid = asid,
		.iotlb = {
			.iova = iova,
			.size = size,
			.uaddr = (uintptr_t)uaddr,
			.perm = VHOST_ACCESS_RW,
			.type = type,
		},
	};

	return write(vu_fd, &msg, sizeof(msg)) == sizeof(msg) ? 0 : -errno;
}

static void map_space(uint32_t asid)
{
	CHECK(!iotlb(asid, VHOST_IOTLB_UPDATE, IOVA, WINDOW, space_mem[asid]),
	      "IOTLB update in address space %u: %s", asid, strerror(errno));
}

static void unmap_space(uint32_t asid)
{
	CHECK(!iotlb(asid, VHOST_IOTLB_INVALIDATE, IOVA, WINDOW, NULL),
	      "IOTLB invalidate in address space %u: %s", asid,
	      strerror(errno));
}

/*
 * After a reset the card's window may be empty (vhost_vdpa resets with
 * CLEAN_MAP unless IOTLB_PERSIST was negotiated): map again.
 */
static void remap_space(uint32_t asid)
{
	unmap_space(asid);
	map_space(asid);
}

static int set_group_asid(unsigned int group, unsigned int asid)
{
	struct vhost_vring_state s = { .index = group, .num = asid };

	return ioctl(vu_fd, VHOST_VDPA_SET_GROUP_ASID, &s) ? -errno : 0;
}

static void reset(void)
{
	uint8_t s = 0;

	xioctl(VHOST_VDPA_SET_STATUS, &s, "VHOST_VDPA_SET_STATUS 0");
}

/* Features for a control queue; with @mq, MQ too.  Returns the cvq index. */
static unsigned int negotiate_cvq(int mq)
{
	uint64_t features, want;
	struct {
		struct vhost_vdpa_config hdr;
		uint16_t max_vqp;
	} cfg = { .hdr = {
		.off = offsetof(struct virtio_net_config, max_virtqueue_pairs),
		.len = 2,
	} };

	add_status(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	xioctl(VHOST_GET_FEATURES, &features, "VHOST_GET_FEATURES");
	want = 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_F_ACCESS_PLATFORM |
	       1ULL << VIRTIO_NET_F_CTRL_VQ | 1ULL << VIRTIO_NET_F_CTRL_RX;
	if (mq)
		want |= 1ULL << VIRTIO_NET_F_MQ;
	CHECK((features & want) == want, "device features %#llx lack %#llx",
	      (unsigned long long)features, (unsigned long long)want);
	xioctl(VHOST_SET_FEATURES, &want, "VHOST_SET_FEATURES");
	add_status(VIRTIO_CONFIG_S_FEATURES_OK);
	CHECK(get_status() & VIRTIO_CONFIG_S_FEATURES_OK, "FEATURES_OK refused");
	if (!mq)
		return 2;
	xioctl(VHOST_VDPA_GET_CONFIG, &cfg, "VHOST_VDPA_GET_CONFIG");
	return 2 * cfg.max_vqp;		/* little endian: x86 */
}

/* Each queue's group: the control queue alone in group 1. */
static void check_groups(unsigned int cvq)
{
	unsigned int nvqs, i;

	xioctl(VHOST_VDPA_GET_VQS_COUNT, &nvqs, "VHOST_VDPA_GET_VQS_COUNT");
	CHECK(cvq < nvqs, "control queue %u of %u queues", cvq, nvqs);
	for (i = 0; i < nvqs; i++) {
		struct vhost_vring_state s = { .index = i };

		xioctl(VHOST_VDPA_GET_VRING_GROUP, &s,
		       "VHOST_VDPA_GET_VRING_GROUP");
		CHECK(s.num == (i == cvq), "queue %u in group %u", i, s.num);
	}
	printf("groups: %u queues, control queue %u alone in group 1\n", nvqs,
	       cvq);
}

static struct vhost_vring_file kick, call;

/* The control queue at IOVA, enabled, and DRIVER_OK. */
static void start_cvq(unsigned int cvq)
{
	struct vhost_vring_state num = { cvq, QSIZE }, base = { cvq, 0 };
	struct vhost_vring_state enable = { cvq, 1 };
	struct vhost_vring_addr addr = {
		.index = cvq,
		.desc_user_addr = IOVA + DESC_OFF,
		.avail_user_addr = IOVA + AVAIL_OFF,
		.used_user_addr = IOVA + USED_OFF,
	};

	kick.index = cvq;
	call.index = cvq;
	xioctl(VHOST_SET_VRING_NUM, &num, "VHOST_SET_VRING_NUM");
	xioctl(VHOST_SET_VRING_ADDR, &addr, "VHOST_SET_VRING_ADDR");
	xioctl(VHOST_SET_VRING_BASE, &base, "VHOST_SET_VRING_BASE");
	xioctl(VHOST_SET_VRING_KICK, &kick, "VHOST_SET_VRING_KICK");
	xioctl(VHOST_SET_VRING_CALL, &call, "VHOST_SET_VRING_CALL");
	xioctl(VHOST_VDPA_SET_VRING_ENABLE, &enable,
	       "VHOST_VDPA_SET_VRING_ENABLE");
	add_status(VIRTIO_CONFIG_S_DRIVER_OK);
}

/*
 * RX promiscuous on, written into @mem (what one space maps at IOVA):
 * the ack byte, or -1 when the card answered nothing within 3 s.
 */
static int ctrl_promisc(uint8_t *mem)
{
	struct vring_desc *desc = (struct vring_desc *)(mem + DESC_OFF);
	struct vring_avail *avail = (struct vring_avail *)(mem + AVAIL_OFF);
	struct vring_used *used = (struct vring_used *)(mem + USED_OFF);
	uint8_t *cmd = mem + CMD_OFF;
	uint64_t one = 1;
	int ms;

	memset(mem, 0, WINDOW);
	cmd[0] = VIRTIO_NET_CTRL_RX;
	cmd[1] = VIRTIO_NET_CTRL_RX_PROMISC;
	cmd[2] = 1;
	cmd[3] = ACK_UNSET;
	desc[0] = (struct vring_desc){ IOVA + CMD_OFF, 2, VRING_DESC_F_NEXT, 1 };
	desc[1] = (struct vring_desc){ IOVA + CMD_OFF + 2, 1,
				       VRING_DESC_F_NEXT, 2 };
	desc[2] = (struct vring_desc){ IOVA + CMD_OFF + 3, 1,
				       VRING_DESC_F_WRITE, 0 };
	avail->ring[0] = 0;
	__atomic_store_n(&avail->idx, 1, __ATOMIC_RELEASE);
	if (write(kick.fd, &one, sizeof(one)) != sizeof(one))
		die("kick");
	for (ms = 0; ms < 3000; ms += 10) {
		if (__atomic_load_n(&used->idx, __ATOMIC_ACQUIRE) == 1)
			return cmd[3];
		usleep(10000);
	}
	return -1;
}

int main(int argc, char **argv)
{
	uint64_t backend, want;
	unsigned int ngroups, nas, cvq;
	int mq, ack;

	if (argc != 3 || (strcmp(argv[2], "mq") && strcmp(argv[2], "nomq"))) {
		fprintf(stderr, "usage: vhost-asid /dev/vhost-vdpa-N mq|nomq\n");
		return 2;
	}
	mq = !strcmp(argv[2], "mq");
	vu_name = "vhost-asid";
	vu_fd = open(argv[1], O_RDWR);
	if (vu_fd < 0)
		die(argv[1]);
	for (nas = 0; nas < 2; nas++) {
		space_mem[nas] = mmap(NULL, WINDOW, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS |
				      MAP_POPULATE, -1, 0);
		if (space_mem[nas] == MAP_FAILED)
			die("mmap");
	}
	kick.fd = eventfd(0, 0);
	call.fd = eventfd(0, EFD_NONBLOCK);
	if (kick.fd < 0 || call.fd < 0)
		die("eventfd");

	xioctl(VHOST_SET_OWNER, NULL, "VHOST_SET_OWNER");
	xioctl(VHOST_VDPA_GET_GROUP_NUM, &ngroups, "VHOST_VDPA_GET_GROUP_NUM");
	xioctl(VHOST_VDPA_GET_AS_NUM, &nas, "VHOST_VDPA_GET_AS_NUM");
	CHECK(ngroups == 2 && nas == 2, "%u groups, %u address spaces", ngroups,
	      nas);

	/* Without IOTLB_ASID, a V2 message names no address space. */
	xioctl(VHOST_GET_BACKEND_FEATURES, &backend,
	       "VHOST_GET_BACKEND_FEATURES");
	want = 1ULL << VHOST_BACKEND_F_IOTLB_MSG_V2 |
	       1ULL << VHOST_BACKEND_F_IOTLB_ASID;
	CHECK((backend & want) == want, "backend features %#llx",
	      (unsigned long long)backend);
	xioctl(VHOST_SET_BACKEND_FEATURES, &want, "VHOST_SET_BACKEND_FEATURES");

	cvq = negotiate_cvq(mq);
	check_groups(cvq);

	/* Bad group, bad address space, bad IOTLB address space. */
	CHECK(set_group_asid(2, 0) == -EINVAL, "group 2 not refused");
	CHECK(set_group_asid(1, 2) == -EINVAL, "address space 2 not refused");
	CHECK(set_group_asid(0, 0xffffffff) == -EINVAL,
	      "address space 0xffffffff not refused");
	/* vhost_vdpa refuses it (EINVAL); vhost's write() says EFAULT */
	CHECK(iotlb(2, VHOST_IOTLB_UPDATE, IOVA, WINDOW, space_mem[0]) ==
	      -EFAULT, "IOTLB update in address space 2 not refused");
	printf("bad group, address space and IOTLB address space refused\n");

	/* A: the control queue in space 1, space 0 maps other memory. */
	CHECK(!set_group_asid(1, 1), "group 1 to address space 1: %s",
	      strerror(errno));
	map_space(0);
	map_space(1);
	start_cvq(cvq);
	CHECK(set_group_asid(1, 0) == -EBUSY,
	      "group moved while its queue is enabled");
	ack = ctrl_promisc(space_mem[1]);
	CHECK(ack == VIRTIO_NET_OK, "A: control command in space 1: ack %d",
	      ack);
	CHECK(!(get_status() & VIRTIO_CONFIG_S_NEEDS_RESET), "A: NEEDS_RESET");
	printf("A: control command through address space 1 answered OK\n");

	/* B: a reset puts the group back in space 0. */
	reset();
	remap_space(0);
	CHECK(negotiate_cvq(mq) == cvq, "B: control queue moved");
	start_cvq(cvq);
	ack = ctrl_promisc(space_mem[0]);
	CHECK(ack == VIRTIO_NET_OK, "B: control command in space 0: ack %d",
	      ack);
	printf("B: after reset, control command through address space 0 answered OK\n");

	/* C: the control queue in space 1, its rings mapped in space 0 only. */
	reset();
	remap_space(0);
	unmap_space(1);
	/*
	 * In QEMU's order: the group moves before the features are set
	 * (the control queue is then where all the device offers puts it),
	 * and the queue the features make the control queue gets the
	 * group's space when it is enabled.
	 */
	CHECK(!set_group_asid(1, 1), "C: group 1 to address space 1: %s",
	      strerror(errno));
	CHECK(negotiate_cvq(mq) == cvq, "C: control queue moved");
	start_cvq(cvq);
	ack = ctrl_promisc(space_mem[0]);
	CHECK(ack == -1, "C: command in the wrong space answered (ack %d)",
	      ack);
	CHECK(get_status() & VIRTIO_CONFIG_S_NEEDS_RESET,
	      "C: no NEEDS_RESET (status %#x)", get_status());
	printf("C: rings outside the control queue's space: unanswered, NEEDS_RESET\n");
	reset();
	return 0;
}
