/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The card's firmware as a library: the platform it needs from its host and
 * the narrow API a host (the kernel's card glue, the userspace tests and
 * benchmarks) uses to run it.  The API mirrors the bus in ovnic_hw.h one to
 * one, plus the device-core entry point the host schedules.
 */
#ifndef OVNIC_CARD_H
#define OVNIC_CARD_H

#include "ovnic_hw.h"

/* Lock classes, so a host's lock validator can tell nesting levels apart. */
enum ovnic_lock_class {
	OVNIC_LOCK_CONTROL,	/* mailbox: may sleep, outermost */
	OVNIC_LOCK_DEV,		/* a device's MAC, filter and MAC policy */
	OVNIC_LOCK_SWITCH,	/* forwarding database */
	OVNIC_LOCK_RXQ,		/* one receive queue's producer side */
	OVNIC_LOCK_CLASSES,
};

enum ovnic_log_level { OVNIC_LOG_ERR, OVNIC_LOG_WARN, OVNIC_LOG_INFO,
		       OVNIC_LOG_DEBUG };

struct ovnic_lock;
struct ovnic_timer;

/*
 * A timer's callback runs in the host's timer context (the kernel's is
 * hard interrupt context): it must not sleep or allocate.  The firmware's
 * callbacks only set a flag and call wake_core(), which must therefore be
 * usable there too.
 */
typedef void ovnic_timer_fn(void *arg);

/*
 * Services the host provides.  All callbacks get @ctx.  Data-path locks
 * (every class but CONTROL) must be usable from the host's device cores and
 * from ovnic_card_wire_rx() callers; CONTROL locks may sleep.
 */
struct ovnic_platform {
	void *ctx;
	void *(*zalloc)(void *ctx, unsigned long size);
	void (*free)(void *ctx, void *ptr);
	/*
	 * Pointer to host physical memory [pa, pa + len), or NULL when the
	 * card must not touch it.  The range is contiguous for the caller.
	 */
	void *(*phys_to_ptr)(void *ctx, ovnic_u64 pa, ovnic_u64 len);
	/*
	 * Optional: the stretch [*first, *last] of host physical memory
	 * around @pa that phys_to_ptr() accepts in any part, and the pointer
	 * for *first; NULL when @pa is outside such memory.  With it the
	 * card caches identity translations; the host then calls
	 * ovnic_card_host_memory_changed() whenever the stretches change.
	 */
	void *(*phys_span)(void *ctx, ovnic_u64 pa, ovnic_u64 *first,
			   ovnic_u64 *last);
	struct ovnic_lock *(*lock_new)(void *ctx, enum ovnic_lock_class cls);
	void (*lock_free)(void *ctx, struct ovnic_lock *lock);
	void (*lock)(struct ovnic_lock *lock);
	void (*unlock)(struct ovnic_lock *lock);
	ovnic_u64 (*now_ns)(void *ctx);
	/*
	 * One-shot timers.  timer_new() and timer_free() are control-path
	 * calls (they may sleep); timer_free() cancels the timer and waits
	 * for a callback that is running.  timer_arm() and timer_cancel()
	 * are data-path calls, usable in any context without allocating:
	 * arming an armed timer moves its expiry, and timer_cancel() does
	 * not wait, so a callback may still run once after it.
	 * timer_cancel_sync() (control path) waits for that callback.
	 */
	struct ovnic_timer *(*timer_new)(void *ctx, ovnic_timer_fn *fn,
					 void *arg);
	void (*timer_free)(void *ctx, struct ovnic_timer *timer);
	void (*timer_arm)(struct ovnic_timer *timer, ovnic_u64 delay_ns);
	void (*timer_cancel)(struct ovnic_timer *timer);
	void (*timer_cancel_sync)(struct ovnic_timer *timer);
	/* Ask the host to run ovnic_card_core_poll() for @core soon. */
	void (*wake_core)(void *ctx, unsigned int core);
	void (*irq)(void *ctx, ovnic_u32 vector);
	void (*wire_tx)(void *ctx, const struct ovnic_wire_hdr *hdr,
			const void *const *piece, const ovnic_u32 *piece_len,
			ovnic_u32 npieces);
	void (*log)(void *ctx, enum ovnic_log_level level, const char *fmt,
		    __builtin_va_list ap) __attribute__((format(printf, 3, 0)));
};

struct ovnic_card_params {
	ovnic_u32 max_devices;		/* at most 64 */
	ovnic_u32 max_vqp;		/* queue pairs per device, at most 32 */
	ovnic_u32 max_queue_size;	/* power of two, at most 32768 */
	ovnic_u32 num_cores;		/* device cores, at most 16 */
};

struct ovnic_card;

struct ovnic_card *ovnic_card_new(const struct ovnic_platform *plat,
				  const struct ovnic_card_params *params);
void ovnic_card_free(struct ovnic_card *card);

ovnic_u32 ovnic_card_reg_read(struct ovnic_card *card, ovnic_u32 offset);
void ovnic_card_reg_write(struct ovnic_card *card, ovnic_u32 offset,
			  ovnic_u32 val);
int ovnic_card_mailbox(struct ovnic_card *card, const void *cmd,
		       ovnic_u32 cmd_len, void *resp, ovnic_u32 resp_len);
void ovnic_card_doorbell(struct ovnic_card *card, ovnic_u16 dev_id,
			 ovnic_u32 val);
/*
 * The same, from a context that may take the card's locks (in the kernel:
 * interrupts on, bottom halves off): a control queue's commands, a few,
 * are answered before it returns, as a NIC answers in microseconds.
 */
void ovnic_card_doorbell_serve(struct ovnic_card *card, ovnic_u16 dev_id,
			       ovnic_u32 val);
/*
 * The data doorbell (ovnic_hw.h): @data is a virtio notification (2.9);
 * @serve as ovnic_card_doorbell_serve() when non-zero.
 */
void ovnic_card_doorbell_data(struct ovnic_card *card, ovnic_u16 dev_id,
			      ovnic_u32 data, int serve);
void ovnic_card_wire_rx(struct ovnic_card *card, const void *frame,
			ovnic_u32 len);
void ovnic_card_wire_rx_sg(struct ovnic_card *card,
			   const struct ovnic_wire_hdr *hdr,
			   const void *const *piece, const ovnic_u32 *piece_len,
			   ovnic_u32 npieces);
/*
 * @n frames from the wire at once: what they share (the epoch, receive
 * queue locks, used-ring publication) is paid once.
 */
void ovnic_card_wire_rx_burst(struct ovnic_card *card,
			      const void *const *frame, const ovnic_u32 *len,
			      ovnic_u32 n);
/* Frames from the host in pieces, as ovnic_hw_wire_rx_sg_burst(). */
ovnic_u32 ovnic_card_wire_rx_sg_burst(struct ovnic_card *card,
				      const struct ovnic_wire_frame *frame,
				      ovnic_u32 n);
/*
 * The host's physical memory changed (hotplug): forget translations taken
 * through phys_span().  Returns once no data path uses them.  May sleep.
 */
void ovnic_card_host_memory_changed(struct ovnic_card *card);

/*
 * Device core @core: process up to @budget packets over the queues it owns.
 * Returns nonzero when work remains and the host should call again.  One
 * thread at a time per core: a core's scratch and counters are its own.
 */
int ovnic_card_core_poll(struct ovnic_card *card, unsigned int core,
			 unsigned int budget);

#endif /* OVNIC_CARD_H */
