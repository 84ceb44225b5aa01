/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The firmware's bottom layer: the host's services (memory, locks, clock,
 * timers, interrupts, log, host memory), epochs, and the device cores'
 * pending work.  Every other layer reaches the host through here.
 */
#ifndef OVNIC_FW_PLATFORM_H
#define OVNIC_FW_PLATFORM_H

#include "fw_base.h"

/* Lifetime of what the data path reads (platform.c). */
struct fw_epoch {
	u32 index;
	u32 readers[2];
};

/*
 * Devices with work on one core, a cache line apart from the next core's
 * (padded, not aligned: hosts allocate the card with their own alignment).
 */
struct fw_core_work {
	u64 pending;		/* bit per device */
	u8 pad[56];
};

struct fw_platform {
	struct ovnic_platform host;
	unsigned int num_cores;
	u32 mem_generation;	/* bumped when host memory changes */
	struct fw_epoch epoch;
	struct fw_core_work core[OVNIC_FW_MAX_CORES];
};

void fw_platform_init(struct fw_platform *pf, const struct ovnic_platform *host,
		      unsigned int num_cores);
void fw_log(const struct fw_platform *pf, enum ovnic_log_level level,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void fw_raise_irq(const struct fw_platform *pf, u32 vector);

u32 fw_epoch_enter(struct fw_platform *pf);
void fw_epoch_exit(struct fw_platform *pf, u32 idx);
void fw_epoch_sync(struct fw_platform *pf);
void fw_host_memory_changed(struct fw_platform *pf);

unsigned int fw_vq_core(const struct fw_platform *pf, u16 dev_id, u16 qid);
void fw_core_kick(struct fw_platform *pf, u16 dev_id, u16 qid);
u64 fw_core_take_work(struct fw_platform *pf, unsigned int core);
void fw_core_return_work(struct fw_platform *pf, unsigned int core, u64 devs);

static inline void fw_lock(const struct fw_platform *pf, struct ovnic_lock *l)
{
	pf->host.lock(l);
}

static inline void fw_unlock(const struct fw_platform *pf,
			     struct ovnic_lock *l)
{
	pf->host.unlock(l);
}

static inline struct ovnic_lock *fw_lock_new(const struct fw_platform *pf,
					     enum ovnic_lock_class cls)
{
	return pf->host.lock_new(pf->host.ctx, cls);
}

static inline void fw_lock_free(const struct fw_platform *pf,
				struct ovnic_lock *l)
{
	pf->host.lock_free(pf->host.ctx, l);
}

static inline void *fw_zalloc(const struct fw_platform *pf, unsigned long size)
{
	return pf->host.zalloc(pf->host.ctx, size);
}

static inline void fw_free(const struct fw_platform *pf, void *p)
{
	pf->host.free(pf->host.ctx, p);
}

static inline u64 fw_now_ns(const struct fw_platform *pf)
{
	return pf->host.now_ns(pf->host.ctx);
}

#endif /* OVNIC_FW_PLATFORM_H */
