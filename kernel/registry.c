// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of the driver's vDPA devices (registry.h): one table for
 * every card, the serial numbers, lookup by name, the bus driver bound to
 * each device, and the listener told of devices coming and going.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/string.h>
#include <linux/vdpa.h>

#include "ovnic.h"
#include "registry.h"

/*
 * ovnic_reg_lock_mutex guards ovnic_reg_devs[], the serial numbers and
 * every entry's @driver.  Netlink holds it through every operation on a
 * device (pre_doit to post_doit, or one dumpit call), so removal (vdpa
 * dev del, rmmod) waits for the operation in flight.  Nothing holding it
 * ever waits for a vDPA device's device_lock, which a bus driver's unbind
 * may hold indefinitely (vhost_vdpa's waits for its file to be closed);
 * the bus notifier takes it under device_lock.  Lock order: the vDPA
 * core's vdpa_dev_lock, a vDPA device's device_lock, this lock, the card's
 * control lock.  The interrupt path never takes it.
 */
static DEFINE_MUTEX(ovnic_reg_lock_mutex);
/* Entered devices, by card and slot; published ones have a serial. */
static struct ovnic_reg_dev *ovnic_reg_devs[OVNIC_MAX_CARDS *
					    OVNIC_MAX_DEVICES];
/* The last serial number given to a device. */
static u64 ovnic_reg_serial;
/* Set at module init, before any device, and cleared after the last. */
static const struct ovnic_reg_listener *ovnic_reg_listener;

void ovnic_reg_lock(void)
{
	mutex_lock(&ovnic_reg_lock_mutex);
}

void ovnic_reg_unlock(void)
{
	mutex_unlock(&ovnic_reg_lock_mutex);
}

void ovnic_reg_listen(const struct ovnic_reg_listener *l)
{
	WRITE_ONCE(ovnic_reg_listener, l);
}

void ovnic_reg_unlisten(void)
{
	WRITE_ONCE(ovnic_reg_listener, NULL);
}

/* ---- The bus driver bound to a device ---- */

static struct ovnic_reg_dev *_ovnic_reg_of(struct device *dev)
{
	unsigned int i;

	lockdep_assert_held(&ovnic_reg_lock_mutex);
	for (i = 0; i < ARRAY_SIZE(ovnic_reg_devs); i++)
		if (ovnic_reg_devs[i] && &ovnic_reg_devs[i]->vdpa->dev == dev)
			return ovnic_reg_devs[i];
	return NULL;
}

/*
 * What the driver core says of binding on the vDPA bus, for the devices
 * entered here.  It runs under the device's device_lock; a driver cannot
 * go while it is bound, so neither can its name until UNBOUND_DRIVER.
 */
static int ovnic_reg_bus_event(struct notifier_block *nb,
			       unsigned long action, void *data)
{
	struct device *dev = data;
	struct ovnic_reg_dev *rd;
	const char *driver;

	switch (action) {
	case BUS_NOTIFY_BOUND_DRIVER:
		driver = dev->driver->name;
		break;
	case BUS_NOTIFY_UNBOUND_DRIVER:
	case BUS_NOTIFY_DRIVER_NOT_BOUND:
		driver = NULL;
		break;
	default:
		return NOTIFY_DONE;
	}
	mutex_lock(&ovnic_reg_lock_mutex);
	rd = _ovnic_reg_of(dev);
	if (rd)
		rd->driver = driver;
	mutex_unlock(&ovnic_reg_lock_mutex);
	return rd ? NOTIFY_OK : NOTIFY_DONE;
}

static struct notifier_block ovnic_reg_bus_nb = {
	.notifier_call	= ovnic_reg_bus_event,
};

/*
 * The vDPA bus is the vDPA core's own: the registry learns it from the
 * first device entered (vdpa_alloc_device() sets it) and watches it until
 * the module goes.  ovnic_reg_bus_lock guards ovnic_reg_bus; it is not the
 * registry lock, which the notifier takes while the bus's notifier chain
 * is held.
 */
static DEFINE_MUTEX(ovnic_reg_bus_lock);
static const struct bus_type *ovnic_reg_bus;

static int ovnic_reg_watch_bus(const struct bus_type *bus)
{
	int err = 0;

	mutex_lock(&ovnic_reg_bus_lock);
	if (!ovnic_reg_bus) {
		err = bus_register_notifier(bus, &ovnic_reg_bus_nb);
		if (!err)
			ovnic_reg_bus = bus;
	}
	mutex_unlock(&ovnic_reg_bus_lock);
	return err;
}

void ovnic_reg_exit(void)
{
	mutex_lock(&ovnic_reg_bus_lock);
	if (ovnic_reg_bus)
		bus_unregister_notifier(ovnic_reg_bus, &ovnic_reg_bus_nb);
	ovnic_reg_bus = NULL;
	mutex_unlock(&ovnic_reg_bus_lock);
}

const char *ovnic_reg_driver(const struct ovnic_reg_dev *rd)
{
	lockdep_assert_held(&ovnic_reg_lock_mutex);
	return rd->driver;
}

/* ---- A device's life ---- */

int ovnic_reg_enter(struct ovnic_reg_dev *rd, struct vdpa_device *vdpa,
		    unsigned int card, unsigned int slot)
{
	int err;

	err = ovnic_reg_watch_bus(vdpa->dev.bus);
	if (err)
		return err;
	*rd = (struct ovnic_reg_dev) {
		.vdpa	= vdpa,
		.pos	= card * OVNIC_MAX_DEVICES + slot,
	};
	mutex_lock(&ovnic_reg_lock_mutex);
	WARN_ON_ONCE(ovnic_reg_devs[rd->pos]);
	ovnic_reg_devs[rd->pos] = rd;
	mutex_unlock(&ovnic_reg_lock_mutex);
	return 0;
}

void ovnic_reg_publish(struct ovnic_reg_dev *rd)
{
	const struct ovnic_reg_listener *l = READ_ONCE(ovnic_reg_listener);

	mutex_lock(&ovnic_reg_lock_mutex);
	rd->serial = ++ovnic_reg_serial;
	mutex_unlock(&ovnic_reg_lock_mutex);
	if (l)
		l->added(rd);
}

void ovnic_reg_remove(struct ovnic_reg_dev *rd)
{
	const struct ovnic_reg_listener *l = READ_ONCE(ovnic_reg_listener);
	bool published = false;

	mutex_lock(&ovnic_reg_lock_mutex);
	if (rd->vdpa && ovnic_reg_devs[rd->pos] == rd) {
		ovnic_reg_devs[rd->pos] = NULL;
		published = rd->serial;
	}
	mutex_unlock(&ovnic_reg_lock_mutex);
	if (published && l)
		l->removed(rd);
}

void ovnic_reg_notify_needs_reset(struct ovnic_reg_dev *rd, u8 status)
{
	const struct ovnic_reg_listener *l = READ_ONCE(ovnic_reg_listener);

	if (l)
		l->needs_reset(rd, status);
}

/* ---- Lookups ---- */

bool ovnic_reg_published(const struct ovnic_reg_dev *rd)
{
	lockdep_assert_held(&ovnic_reg_lock_mutex);
	return ovnic_reg_devs[rd->pos] == rd && rd->serial;
}

struct ovnic_reg_dev *ovnic_reg_find(const char *name)
{
	struct ovnic_reg_dev *rd;
	unsigned int i;

	lockdep_assert_held(&ovnic_reg_lock_mutex);
	for (i = 0; i < ARRAY_SIZE(ovnic_reg_devs); i++) {
		rd = ovnic_reg_devs[i];
		if (rd && rd->serial && !strcmp(dev_name(&rd->vdpa->dev), name))
			return rd;
	}
	return NULL;
}

struct ovnic_reg_dev *ovnic_reg_next(unsigned long *pos)
{
	struct ovnic_reg_dev *rd;

	lockdep_assert_held(&ovnic_reg_lock_mutex);
	for (; *pos < ARRAY_SIZE(ovnic_reg_devs); ++*pos) {
		rd = ovnic_reg_devs[*pos];
		if (rd && rd->serial)
			return rd;
	}
	return NULL;
}
