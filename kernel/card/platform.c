// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware's platform in the kernel: memory, host physical memory
 * access, locks, clock, timers, logging, and the calls back into the
 * driver.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/memory.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/range.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "glue.h"

#define OVNIC_RAM_RANGES	64

/*
 * System RAM ranges, sorted and merged: the card may reach host memory
 * only inside them.  Looked up on the data path (under RCU), rebuilt on
 * memory hotplug.
 */
struct ovnic_ram_map {
	struct rcu_head rcu;
	unsigned int count;
	struct range r[OVNIC_RAM_RANGES];	/* inclusive ends */
};

struct ovnic_lock {
	enum ovnic_lock_class cls;
	union {
		struct mutex mutex;	/* OVNIC_LOCK_CONTROL */
		spinlock_t spin;	/* every other class, taken with BH off */
	};
};

static struct lock_class_key ovnic_lock_keys[OVNIC_LOCK_CLASSES];
static const char *const ovnic_lock_names[OVNIC_LOCK_CLASSES] = {
	[OVNIC_LOCK_CONTROL]	= "ovnic_control",
	[OVNIC_LOCK_DEV]	= "ovnic_dev",
	[OVNIC_LOCK_SWITCH]	= "ovnic_switch",
	[OVNIC_LOCK_RXQ]	= "ovnic_rxq",
};

static void *ovnic_plat_zalloc(void *ctx, unsigned long size)
{
	return kvzalloc(size, GFP_KERNEL);
}

static void ovnic_plat_free(void *ctx, void *ptr)
{
	kvfree(ptr);
}

static int ovnic_ram_add(struct resource *res, void *arg)
{
	struct ovnic_ram_map *map = arg;
	struct range *prev = map->count ? &map->r[map->count - 1] : NULL;

	if (prev && res->start <= prev->end + 1) {
		prev->end = max_t(u64, prev->end, res->end);
		return 0;
	}
	if (map->count == OVNIC_RAM_RANGES)
		return -ENOSPC;
	map->r[map->count].start = res->start;
	map->r[map->count].end = res->end;
	map->count++;
	return 0;
}

static struct ovnic_ram_map *ovnic_ram_map_build(struct ovnic_hw *hw)
{
	struct ovnic_ram_map *map;

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return NULL;
	if (walk_iomem_res_desc(IORES_DESC_NONE,
				IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0, -1,
				map, ovnic_ram_add) == -ENOSPC)
		pr_warn("card%u: more than %d System RAM ranges, the card reaches only the first\n",
			hw->index, OVNIC_RAM_RANGES);
	return map;
}

static const struct range *ovnic_ram_find(const struct ovnic_ram_map *map,
					  u64 pa)
{
	unsigned int lo = 0, hi = map->count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct range *r = &map->r[mid];

		if (pa < r->start)
			hi = mid;
		else if (pa > r->end)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

static bool ovnic_ram_covers(const struct ovnic_ram_map *map, u64 first,
			     u64 last)
{
	const struct range *r = ovnic_ram_find(map, first);

	return r && last <= r->end;
}

/*
 * Host physical [pa, pa + len) through the direct map.  The first and last
 * pages must have a memory map and the whole range must be System RAM.
 */
static void *ovnic_plat_phys_to_ptr(void *ctx, ovnic_u64 pa, ovnic_u64 len)
{
	struct ovnic_hw *hw = ctx;
	const struct ovnic_ram_map *map;
	bool ok;
	u64 last;

	if (!len || check_add_overflow(pa, len - 1, &last) ||
	    last > (u64)(phys_addr_t)~0ULL)
		return NULL;
	if (!pfn_valid(PHYS_PFN(pa)) || !pfn_valid(PHYS_PFN(last)))
		return NULL;
	rcu_read_lock();
	map = rcu_dereference(hw->ram);
	ok = map && ovnic_ram_covers(map, pa, last);
	rcu_read_unlock();
	return ok ? phys_to_virt(pa) : NULL;
}

/*
 * The System RAM range around @pa: all of it is behind the direct map, so
 * the card may cache it.  The memory notifier tells the card when the
 * ranges change.
 */
static void *ovnic_plat_phys_span(void *ctx, ovnic_u64 pa, ovnic_u64 *first,
				  ovnic_u64 *last)
{
	struct ovnic_hw *hw = ctx;
	const struct ovnic_ram_map *map;
	const struct range *r = NULL;
	u64 start = 0;

	if (pa > (u64)(phys_addr_t)~0ULL || !pfn_valid(PHYS_PFN(pa)))
		return NULL;
	rcu_read_lock();
	map = rcu_dereference(hw->ram);
	if (map)
		r = ovnic_ram_find(map, pa);
	if (r) {
		start = r->start;
		*first = r->start;
		*last = r->end;
	}
	rcu_read_unlock();
	return r ? phys_to_virt(start) : NULL;
}

static int ovnic_plat_memory_event(struct notifier_block *nb,
				   unsigned long action, void *arg)
{
	struct ovnic_hw *hw = container_of(nb, struct ovnic_hw, mem_nb);
	struct ovnic_ram_map *map, *old;

	if (action != MEM_ONLINE && action != MEM_OFFLINE)
		return NOTIFY_OK;
	map = ovnic_ram_map_build(hw);
	if (!map)
		return NOTIFY_OK;	/* keep the old map */
	mutex_lock(&hw->ram_lock);
	old = rcu_replace_pointer(hw->ram, map, lockdep_is_held(&hw->ram_lock));
	/* The card drops translations it cached from phys_span(). */
	if (hw->card)
		ovnic_card_host_memory_changed(hw->card);
	mutex_unlock(&hw->ram_lock);
	if (old)
		kfree_rcu(old, rcu);
	return NOTIFY_OK;
}

static struct ovnic_lock *ovnic_plat_lock_new(void *ctx,
					      enum ovnic_lock_class cls)
{
	struct ovnic_lock *lock;

	if (cls >= OVNIC_LOCK_CLASSES)
		return NULL;
	lock = kzalloc(sizeof(*lock), GFP_KERNEL);
	if (!lock)
		return NULL;
	lock->cls = cls;
	if (cls == OVNIC_LOCK_CONTROL) {
		mutex_init(&lock->mutex);
		lockdep_set_class_and_name(&lock->mutex, &ovnic_lock_keys[cls],
					   ovnic_lock_names[cls]);
	} else {
		spin_lock_init(&lock->spin);
		lockdep_set_class_and_name(&lock->spin, &ovnic_lock_keys[cls],
					   ovnic_lock_names[cls]);
	}
	return lock;
}

static void ovnic_plat_lock_free(void *ctx, struct ovnic_lock *lock)
{
	if (lock && lock->cls == OVNIC_LOCK_CONTROL)
		mutex_destroy(&lock->mutex);
	kfree(lock);
}

/* The __acquire()/__release() pairs balance sparse's lock contexts. */
static void ovnic_plat_lock(struct ovnic_lock *lock)
	__acquires(lock)
{
	if (lock->cls == OVNIC_LOCK_CONTROL) {
		mutex_lock(&lock->mutex);
		__acquire(lock);
	} else {
		spin_lock_bh(&lock->spin);
	}
}

static void ovnic_plat_unlock(struct ovnic_lock *lock)
	__releases(lock)
{
	if (lock->cls == OVNIC_LOCK_CONTROL) {
		mutex_unlock(&lock->mutex);
		__release(lock);
	} else {
		spin_unlock_bh(&lock->spin);
	}
}

static ovnic_u64 ovnic_plat_now_ns(void *ctx)
{
	return ktime_get_ns();
}

/*
 * The firmware's timers are hrtimers.  Their callbacks run in hard
 * interrupt context (softirq on PREEMPT_RT); the firmware's only set a flag
 * and wake a device core, whose thread raises the interrupt with bottom
 * halves off, so NAPI runs as soon as it re-enables them.
 */
struct ovnic_timer {
	struct hrtimer hrtimer;
	ovnic_timer_fn *fn;
	void *arg;
};

static enum hrtimer_restart ovnic_timer_expired(struct hrtimer *hrtimer)
{
	struct ovnic_timer *t = container_of(hrtimer, struct ovnic_timer,
					     hrtimer);

	t->fn(t->arg);
	return HRTIMER_NORESTART;
}

static struct ovnic_timer *ovnic_plat_timer_new(void *ctx, ovnic_timer_fn *fn,
						void *arg)
{
	struct ovnic_timer *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	hrtimer_init(&t->hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	t->hrtimer.function = ovnic_timer_expired;
	t->fn = fn;
	t->arg = arg;
	return t;
}

static void ovnic_plat_timer_free(void *ctx, struct ovnic_timer *t)
{
	hrtimer_cancel(&t->hrtimer);
	kfree(t);
}

static void ovnic_plat_timer_arm(struct ovnic_timer *t, ovnic_u64 delay_ns)
{
	hrtimer_start(&t->hrtimer, ns_to_ktime(delay_ns), HRTIMER_MODE_REL);
}

static void ovnic_plat_timer_cancel(struct ovnic_timer *t)
{
	hrtimer_try_to_cancel(&t->hrtimer);
}

static void ovnic_plat_timer_cancel_sync(struct ovnic_timer *t)
{
	hrtimer_cancel(&t->hrtimer);
}

static void ovnic_plat_wake_core(void *ctx, unsigned int core)
{
	struct ovnic_hw *hw = ctx;
	struct ovnic_cores *cores = READ_ONCE(hw->cores);

	if (cores)
		ovnic_cores_wake(cores, core);
}

static void ovnic_plat_irq(void *ctx, ovnic_u32 vector)
{
	struct ovnic_hw *hw = ctx;

	hw->ops->irq(hw->ctx, vector);
}

static void ovnic_plat_wire_tx(void *ctx, const struct ovnic_wire_hdr *hdr,
			       const void *const *piece,
			       const ovnic_u32 *piece_len, ovnic_u32 npieces)
{
	struct ovnic_hw *hw = ctx;

	hw->ops->wire_tx(hw->ctx, hdr, piece, piece_len, npieces);
}

static __printf(3, 0) void ovnic_plat_log(void *ctx, enum ovnic_log_level level,
			   const char *fmt, va_list ap)
{
	struct ovnic_hw *hw = ctx;
	char buf[192];
	size_t n;

	if (level != OVNIC_LOG_DEBUG && !__ratelimit(&hw->log_rs))
		return;
	n = vscnprintf(buf, sizeof(buf), fmt, ap);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';

	switch (level) {
	case OVNIC_LOG_ERR:
		pr_err("card%u: %s\n", hw->index, buf);
		break;
	case OVNIC_LOG_WARN:
		pr_warn("card%u: %s\n", hw->index, buf);
		break;
	case OVNIC_LOG_INFO:
		pr_info("card%u: %s\n", hw->index, buf);
		break;
	default:
		pr_debug("card%u: %s\n", hw->index, buf);
		break;
	}
}

int ovnic_platform_init(struct ovnic_hw *hw)
{
	struct ovnic_ram_map *map;
	int err;

	hw->plat = (struct ovnic_platform) {
		.ctx		= hw,
		.zalloc		= ovnic_plat_zalloc,
		.free		= ovnic_plat_free,
		.phys_to_ptr	= ovnic_plat_phys_to_ptr,
		.phys_span	= ovnic_plat_phys_span,
		.lock_new	= ovnic_plat_lock_new,
		.lock_free	= ovnic_plat_lock_free,
		.lock		= ovnic_plat_lock,
		.unlock		= ovnic_plat_unlock,
		.now_ns		= ovnic_plat_now_ns,
		.timer_new	= ovnic_plat_timer_new,
		.timer_free	= ovnic_plat_timer_free,
		.timer_arm	= ovnic_plat_timer_arm,
		.timer_cancel	= ovnic_plat_timer_cancel,
		.timer_cancel_sync = ovnic_plat_timer_cancel_sync,
		.wake_core	= ovnic_plat_wake_core,
		.irq		= ovnic_plat_irq,
		.wire_tx	= ovnic_plat_wire_tx,
		.log		= ovnic_plat_log,
	};
	ratelimit_state_init(&hw->log_rs, 5 * HZ, 20);
	mutex_init(&hw->ram_lock);

	map = ovnic_ram_map_build(hw);
	if (!map)
		return -ENOMEM;
	RCU_INIT_POINTER(hw->ram, map);

	hw->mem_nb.notifier_call = ovnic_plat_memory_event;
	err = register_memory_notifier(&hw->mem_nb);
	if (err) {
		RCU_INIT_POINTER(hw->ram, NULL);
		kfree(map);
		return err;
	}
	return 0;
}

void ovnic_platform_exit(struct ovnic_hw *hw)
{
	unregister_memory_notifier(&hw->mem_nb);
	kfree(rcu_dereference_protected(hw->ram, true));
	RCU_INIT_POINTER(hw->ram, NULL);
	mutex_destroy(&hw->ram_lock);
}
