/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test XDP programs count, in one array map "counts" that
 * t-xdp.sh reads with bpftool: every frame seen, the large ones (whole
 * length above XDP_BIG_LEN, fragments included), those of them that came
 * in more than one buffer (a multi-buffer xdp_buff: MRG_RXBUF at work), and
 * the frames the program acted on (dropped, bounced).
 */
#ifndef XDP_COUNT_H
#define XDP_COUNT_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Larger than any frame of a 1500-byte MTU. */
#define XDP_BIG_LEN	1600

enum xdp_count {
	CNT_ALL,	/* frames seen */
	CNT_BIG,	/* whole length > XDP_BIG_LEN */
	CNT_FRAGS,	/* of those, in more than one buffer */
	CNT_ACTED,	/* dropped (xdp_drop), bounced (xdp_tx) */
	CNT_MAX
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void count(__u32 what)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &what);

	if (v)
		__sync_fetch_and_add(v, 1);
}

/*
 * Count @ctx as seen, big and fragmented as it is; returns true for a big
 * frame.
 */
static __always_inline int count_frame(struct xdp_md *ctx)
{
	__u64 len = bpf_xdp_get_buff_len(ctx);
	__u64 head = ctx->data_end - ctx->data;

	count(CNT_ALL);
	if (len <= XDP_BIG_LEN)
		return 0;
	count(CNT_BIG);
	if (len > head)
		count(CNT_FRAGS);
	return 1;
}

char _license[] SEC("license") = "GPL";

#endif /* XDP_COUNT_H */
