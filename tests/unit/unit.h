/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Shared fixtures of the unit tests: a card with its userspace platform,
 * devices brought up through vdriver, and the checks every test ends with
 * (no lock misuse, nothing leaked by the firmware).
 */
#ifndef OVNIC_UNIT_H
#define OVNIC_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vdriver.h"

#define UT_MAX_DEVS	16

struct ut_env {
	struct vd_card *c;
	struct vd_dev *dev[UT_MAX_DEVS];
	const void *param;	/* table row of a parameterised test */
};

#define UT_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static inline struct ut_env *ut_env_new(const struct ovnic_card_params *p)
{
	struct ut_env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	e->c = vd_card_new(p);
	assert_non_null(e->c);
	return e;
}

/*
 * Free the firmware, check it gave everything back and never misused a
 * lock, then free the platform.
 */
static inline void ut_card_free(struct vd_card *c)
{
	struct up_plat *p = c->plat;
	unsigned int i;

	ovnic_card_free(c->card);
	c->card = NULL;
	for (i = c->params.num_cores; i < UP_MAX_CORES; i++)
		assert_int_equal(p->wake_count[i], 0);
	assert_int_equal(p->lock_errors, 0);
	for (i = 0; i < OVNIC_LOCK_CLASSES; i++)
		assert_int_equal(p->held_by_class[i], 0);
	assert_int_equal(p->irq_bad_vector, 0);
	assert_int_equal(p->allocs, 0);
	assert_int_equal(p->locks_live, 0);
	assert_int_equal(p->timer.live, 0);
	vd_card_free(c);
}

static inline void ut_env_free(struct ut_env *e)
{
	unsigned int i;

	for (i = 0; i < UT_MAX_DEVS; i++)
		vd_dev_free(e->dev[i]);
	ut_card_free(e->c);
	free(e);
}

static inline int ut_teardown(void **state)
{
	if (*state)
		ut_env_free(*state);
	*state = NULL;
	return 0;
}

/* Setup with the card's defaults and no device. */
static inline int ut_setup_card(void **state)
{
	const void *param = *state;
	struct ut_env *e = ut_env_new(NULL);

	e->param = param;
	*state = e;
	return 0;
}

/* Bring up device @dev_id with @cfg's other fields, asserting success. */
static inline struct vd_dev *ut_dev(struct ut_env *e, uint16_t dev_id,
				    const struct vd_dev_cfg *cfg)
{
	struct vd_dev_cfg def = { 0 };
	struct vd_dev *d;
	int err = 0;

	if (cfg)
		def = *cfg;
	def.dev_id = dev_id;
	d = vd_dev_bringup(e->c, &def, &err);
	if (!d)
		fail_msg("bring-up of device %u failed: %d", dev_id, err);
	e->dev[dev_id] = d;
	return d;
}

/* Counter of queue @q, asserting the stats command works. */
static inline uint64_t ut_ctr(struct vd_vq *q, enum ovnic_vq_counter w)
{
	uint64_t v = vd_vq_counter(q, w);

	assert_true(v != UINT64_MAX);
	return v;
}

/* The driver never saw a bogus used entry or an overrun. */
static inline void ut_vq_clean(struct vd_vq *q)
{
	assert_int_equal(q->bad_used, 0);
	assert_int_equal(q->bad_len, 0);
	assert_int_equal(q->poison_hits, 0);
}

/* Send one frame on @d's TX queue 0, kick and run the card. */
static inline int ut_send(struct vd_dev *d, const void *frame, uint32_t len)
{
	int head = vd_tx_post(vd_txq(d, 0), frame, len, NULL);

	if (head < 0)
		return head;
	vd_vq_kick(vd_txq(d, 0));
	return vd_card_run(d->card);
}

/* Number of frames waiting in @d's RX queue 0, all reaped. */
static inline int ut_rx_count(struct vd_dev *d)
{
	struct vd_vq *q = vd_rxq(d, 0);

	return vd_vq_drain(q);
}

/* Pop the next wire frame and compare it with @frame. */
static inline void ut_expect_wire(struct vd_card *c, const void *frame,
				  uint32_t len)
{
	struct up_frame *f = up_wire_pop(c->plat);

	assert_non_null(f);
	assert_int_equal(f->len, len);
	assert_memory_equal(f->data, frame, len);
	free(f);
}

/*
 * A group of tests built at run time, so every row of a table-driven test
 * shows up under its own name in cmocka's output.
 */
struct ut_list {
	struct CMUnitTest *t;
	size_t n;
	size_t cap;
	char *owned[1024];	/* names built by UT_ADD_TABLE */
	size_t nowned;
};

static inline void ut_add_named(struct ut_list *l, const char *name,
				CMUnitTestFunction fn, const void *row)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->t = realloc(l->t, l->cap * sizeof(*l->t));
		if (!l->t)
			abort();
	}
	l->t[l->n++] = (struct CMUnitTest){
		.name		= name,
		.test_func	= fn,
		.setup_func	= ut_setup_card,
		.teardown_func	= ut_teardown,
		.initial_state	= (void *)row,
	};
}

#define UT_ADD(l, fn)	ut_add_named((l), #fn, fn, NULL)

/* Adds one test per row, named "<fn>/<row name>"; rows have a .name. */
#define UT_ADD_TABLE(l, fn, table)					\
	do {								\
		size_t _i;						\
		for (_i = 0; _i < UT_ARRAY_SIZE(table); _i++) {		\
			char *_n;					\
			if (asprintf(&_n, "%s/%s", #fn,			\
				     (table)[_i].name) < 0)		\
				abort();				\
			if ((l)->nowned < UT_ARRAY_SIZE((l)->owned))	\
				(l)->owned[(l)->nowned++] = _n;		\
			ut_add_named((l), _n, fn, &(table)[_i]);	\
		}							\
	} while (0)

/*
 * UT_FILTER / UT_SKIP in the environment: cmocka patterns (* and ?) of the
 * tests to run or to leave out, e.g. UT_FILTER='malformed/rx_*'.
 */
static inline int ut_run(const char *group, struct ut_list *l)
{
	int ret;

	/* whole lines, in order, when stdout and stderr share a pipe */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("UT_FILTER"))
		cmocka_set_test_filter(getenv("UT_FILTER"));
	if (getenv("UT_SKIP"))
		cmocka_set_skip_filter(getenv("UT_SKIP"));
	ret = _cmocka_run_group_tests(group, l->t, l->n, NULL, NULL);
	while (l->nowned)
		free(l->owned[--l->nowned]);
	free(l->t);
	/* any failure is exit 1: 4 would read as a kselftest skip */
	return ret ? 1 : 0;
}

#endif /* OVNIC_UNIT_H */
