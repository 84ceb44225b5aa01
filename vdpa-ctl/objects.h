/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The objects vdpa-ctl manages: each file exports its command table and,
 * for the tests, the functions that print a kernel reply.
 */
#ifndef VDPA_CTL_OBJECTS_H
#define VDPA_CTL_OBJECTS_H

#include <netlink/msg.h>

#include "cmd.h"

/* mgmtdev.c: the vdpa family's management devices */
extern const struct cmd mgmtdev_cmds[];
int mgmtdev_print(struct nl_msg *msg, void *arg);

/* dev.c: the vdpa family's devices */
extern const struct cmd dev_cmds[];
int dev_print(struct nl_msg *msg, void *arg);
int dev_config_print(struct nl_msg *msg, void *arg);
int dev_vstats_print(struct nl_msg *msg, void *arg);

/* feature.c: the feature names vdpa-ctl knows */
extern const struct cmd feature_cmds[];

#endif
