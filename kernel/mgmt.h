/* SPDX-License-Identifier: GPL-2.0 */
/* The card's vDPA management device ("vdpa mgmtdev show": ovnicN). */
#ifndef OVNIC_MGMT_H
#define OVNIC_MGMT_H

struct ovnic_adapter;

int ovnic_mgmt_parent_create(struct ovnic_adapter *ad);
void ovnic_mgmt_parent_destroy(struct ovnic_adapter *ad);
int ovnic_mgmt_register(struct ovnic_adapter *ad);
void ovnic_mgmt_unregister(struct ovnic_adapter *ad);

#endif /* OVNIC_MGMT_H */
