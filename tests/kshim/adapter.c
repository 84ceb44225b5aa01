// SPDX-License-Identifier: GPL-2.0
/*
 * The adapter glue of the userspace build of kernel/cmds.c: the two
 * accessors cmds.h asks for and ovnic_hw_mailbox() on the card library,
 * as kernel/main.c and kernel/card/bus.c give them in the module.
 */
#include <string.h>

#include "adapter.h"

void ovnic_adapter_init(struct ovnic_adapter *ad, struct ovnic_card *card,
			ovnic_hw_mailbox_fn mailbox, void *priv,
			const char *name)
{
	memset(ad, 0, sizeof(*ad));
	ad->hw.card = card;
	ad->hw.mailbox = mailbox;
	ad->hw.priv = priv;
	ad->dev.name = name;
}

struct ovnic_hw *ovnic_cmds_hw(struct ovnic_adapter *ad)
{
	return &ad->hw;
}

struct device *ovnic_cmds_dev(struct ovnic_adapter *ad)
{
	return &ad->dev;
}

int ovnic_hw_mailbox(struct ovnic_hw *hw, const void *cmd, ovnic_u32 cmd_len,
		     void *resp, ovnic_u32 resp_len)
{
	const struct ovnic_resp_hdr *r = resp;
	int ret;

	if (hw->mailbox)
		ret = hw->mailbox(hw, cmd, cmd_len, resp, resp_len);
	else
		ret = ovnic_card_mailbox(hw->card, cmd, cmd_len, resp,
					 resp_len);
	hw->answered = ret >= 0 && resp_len >= sizeof(*r);
	hw->status = ret > 0 ? ret : hw->answered ? r->status : 0;
	if (hw->tap && hw->answered)
		memcpy(hw->tap, resp, resp_len < hw->tap_len ? resp_len :
		       hw->tap_len);
	return ret;
}
