/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench_ctrl.c: a control command's round trip (fw_bench -s ctrl).
 */
#ifndef OVNIC_FW_BENCH_CTRL_H
#define OVNIC_FW_BENCH_CTRL_H

/* How the card takes the control queue's doorbell. */
enum ctrl_way {
	CTRL_SERVE,		/* ovnic_card_doorbell_serve(): inline */
	CTRL_CORE_SLEEP,	/* a sleeping core thread, woken */
	CTRL_WAYS,
};

/* @samples round trips each way, one output line each. */
void run_ctrl(unsigned int samples);

#endif /* OVNIC_FW_BENCH_CTRL_H */
