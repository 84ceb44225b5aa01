// SPDX-License-Identifier: GPL-2.0
/*
 * What the command layer (cmds.c) knows of an adapter: its card's bus and
 * the device its failures are logged against.  The userspace build of
 * cmds.c has its own (tests/kshim/adapter.c).
 */
#include "cmds.h"
#include "ovnic.h"

struct ovnic_hw *ovnic_cmds_hw(struct ovnic_adapter *ad)
{
	return ad->hw;
}

struct device *ovnic_cmds_dev(struct ovnic_adapter *ad)
{
	return ovnic_adapter_dev(ad);
}
