/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registry of the driver's vDPA devices, every card's: which exist, by
 * card and slot; their serial numbers and names, by which netlink
 * addresses them; the bus driver bound to each, as the driver core says.
 * vdpa_dev.c enters and removes devices, netlink looks them up and walks
 * them; the registry calls neither: it tells one listener (netlink) of
 * events through the callbacks that listener hands it.
 */
#ifndef OVNIC_REGISTRY_H
#define OVNIC_REGISTRY_H

#include <linux/types.h>

struct vdpa_device;

/* A device's entry, embedded in the device; the registry fills it. */
struct ovnic_reg_dev {
	struct vdpa_device *vdpa;
	unsigned long pos;	/* its card, then its slot */
	u64 serial;		/* 0 until published, then never reused */
	const char *driver;	/* the bound bus driver's name; registry lock */
};

/* What the listener is told; process context, no registry lock held. */
struct ovnic_reg_listener {
	void (*added)(struct ovnic_reg_dev *rd);
	void (*removed)(struct ovnic_reg_dev *rd);
	void (*needs_reset)(struct ovnic_reg_dev *rd, u8 status);
};

/*
 * The listener comes before the first device and goes after the last:
 * at module init and exit.
 */
void ovnic_reg_listen(const struct ovnic_reg_listener *l);
void ovnic_reg_unlisten(void);
/* At module exit, after the last device: stops watching the vDPA bus. */
void ovnic_reg_exit(void);

/*
 * A device's life in the registry: entered before its vDPA device is
 * registered (so that the driver it binds to is seen), published after
 * (addressable from then on, the listener's added()), removed before it
 * is unregistered (removed() if it was published; waits for whoever holds
 * the registry lock).  Removing one never entered is harmless.
 */
int ovnic_reg_enter(struct ovnic_reg_dev *rd, struct vdpa_device *vdpa,
		    unsigned int card, unsigned int slot);
void ovnic_reg_publish(struct ovnic_reg_dev *rd);
void ovnic_reg_remove(struct ovnic_reg_dev *rd);

/* Process context; the listener's needs_reset(). */
void ovnic_reg_notify_needs_reset(struct ovnic_reg_dev *rd, u8 status);

/*
 * Lookups, with the registry lock held: while it is, a published device,
 * its card slot and its card all exist, and the driver a device is bound
 * to stays bound (ovnic_reg_driver()'s name stays valid).
 */
void ovnic_reg_lock(void);
void ovnic_reg_unlock(void);
struct ovnic_reg_dev *ovnic_reg_find(const char *name);
/* The first published device at or after *@pos, which it moves there. */
struct ovnic_reg_dev *ovnic_reg_next(unsigned long *pos);
bool ovnic_reg_published(const struct ovnic_reg_dev *rd);
/* The name of the bus driver bound to @rd, or NULL. */
const char *ovnic_reg_driver(const struct ovnic_reg_dev *rd);

#endif /* OVNIC_REGISTRY_H */
