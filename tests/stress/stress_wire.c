// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * stress: the network beyond the port: bursts from the network, from new
 * source addresses now and then, and what the card sent out fed back in.
 */
#include <string.h>

#include "stress_frame.h"
#include "stress_wire.h"

/* ---- the network beyond the port ---- */

void *st_wire_thread(void *arg)
{
	struct st_test *t = arg;
	static struct tp_wire_slot echo[8];
	uint8_t frames[8][1536], dst[6], src[6];
	const void *ptr[16];
	uint32_t len[16], seq = 0, rnd = 0x9e3779b9u;

	/* softirq: the data path's context */
	tp_thread_atomic(true);
	while (!st_stopping(t)) {
		unsigned int n = 0, k, fresh = 1 + st_rand(&rnd) % 8;

		k = tp_wire_pop(t->plat, echo, st_rand(&rnd) % 9);
		for (; n < k; n++) {
			ptr[n] = echo[n].data;
			len[n] = echo[n].len;
		}
		for (k = 0; k < fresh; k++, n++) {
			uint32_t r = st_rand(&rnd), pick = r % 100;

			if (pick < 50)
				st_dev_mac(dst, (r >> 8) % ST_DEVS);
			else if (pick < 65)
				memcpy(dst, st_bcast, 6);
			else if (pick < 75)
				st_mac(dst, 0xbb, (uint8_t)((r >> 8) % ST_DEVS),
				       (uint8_t)((r >> 12) % 4));
			else if (pick < 85)
				st_mac(dst, 0xcc, (uint8_t)((r >> 8) % ST_DEVS),
				       (uint8_t)((r >> 12) % 4));
			else
				st_mac(dst, 0xdd, 0, (uint8_t)(r >> 8));
			/* a few sources, and now and then a new one */
			if (r % t->new_src_every == 0)
				st_mac(src, 0xaa, (uint8_t)(r >> 8),
				       (uint8_t)(r >> 16));
			else
				st_mac(src, 0xaa, 0, (uint8_t)((r >> 20) % 8));
			len[n] = st_frame(frames[k], dst, src, -1,
					  60 + (r >> 4) % 1455, ST_WIRE_DEV,
					  seq++);
			ptr[n] = frames[k];
		}
		ovnic_card_wire_rx_burst(t->card, ptr, len, n);
		t->wire_frames += n;
		st_usleep(100 + st_rand(&rnd) % 400);
	}
	return NULL;
}
