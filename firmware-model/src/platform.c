// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The firmware's bottom layer (platform.h): the host's services, epochs,
 * and which device core runs which queue.
 */
#include "platform.h"

void fw_platform_init(struct fw_platform *pf, const struct ovnic_platform *host,
		      unsigned int num_cores)
{
	pf->host = *host;
	pf->num_cores = num_cores;
}

void fw_log(const struct fw_platform *pf, enum ovnic_log_level level,
	    const char *fmt, ...)
{
	__builtin_va_list ap;

	if (!pf->host.log)
		return;
	__builtin_va_start(ap, fmt);
	pf->host.log(pf->host.ctx, level, fmt, ap);
	__builtin_va_end(ap);
}

void fw_raise_irq(const struct fw_platform *pf, u32 vector)
{
	pf->host.irq(pf->host.ctx, vector);
}

/*
 * Epochs: a reader announces itself on the counter of the current epoch
 * and checks the epoch did not move meanwhile; a writer moves the epoch
 * and waits for the old counter to drain.  Readers are device-core bursts
 * and wire receive calls, which the host runs without preemption.
 */
u32 fw_epoch_enter(struct fw_platform *pf)
{
	struct fw_epoch *e = &pf->epoch;

	for (;;) {
		u32 idx = __atomic_load_n(&e->index, __ATOMIC_SEQ_CST) & 1;

		__atomic_add_fetch(&e->readers[idx], 1, __ATOMIC_SEQ_CST);
		if ((__atomic_load_n(&e->index, __ATOMIC_SEQ_CST) & 1) == idx)
			return idx;
		__atomic_sub_fetch(&e->readers[idx], 1, __ATOMIC_SEQ_CST);
	}
}

void fw_epoch_exit(struct fw_platform *pf, u32 idx)
{
	__atomic_sub_fetch(&pf->epoch.readers[idx], 1, __ATOMIC_RELEASE);
}

/* Called on the control path only (serialized by the control lock). */
void fw_epoch_sync(struct fw_platform *pf)
{
	struct fw_epoch *e = &pf->epoch;
	u32 old = __atomic_fetch_add(&e->index, 1, __ATOMIC_SEQ_CST) & 1;

	while (__atomic_load_n(&e->readers[old], __ATOMIC_SEQ_CST))
		fw_cpu_relax();
}

/*
 * Host memory moved (hotplug): translations of identity address spaces
 * are looked up again, once no reader uses the old ones.
 */
void fw_host_memory_changed(struct fw_platform *pf)
{
	fw_atomic_add(&pf->mem_generation, 1);
	fw_epoch_sync(pf);
}

/* The device core that runs queue @qid of device @dev_id (a pair each). */
unsigned int fw_vq_core(const struct fw_platform *pf, u16 dev_id, u16 qid)
{
	return (dev_id + qid / 2u) % pf->num_cores;
}

/* Have the core of @qid look at device @dev_id: any context. */
void fw_core_kick(struct fw_platform *pf, u16 dev_id, u16 qid)
{
	unsigned int core = fw_vq_core(pf, dev_id, qid);

	fw_atomic_or(&pf->core[core].pending, 1ull << dev_id);
	pf->host.wake_core(pf->host.ctx, core);
}

/* The devices with work on @core, which the caller now serves. */
u64 fw_core_take_work(struct fw_platform *pf, unsigned int core)
{
	return fw_atomic_xchg(&pf->core[core].pending, 0);
}

/* Devices the caller could not finish: served at the core's next poll. */
void fw_core_return_work(struct fw_platform *pf, unsigned int core, u64 devs)
{
	fw_atomic_or(&pf->core[core].pending, devs);
}
