// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel driver's command layer (kernel/cmds.c), built in userspace
 * over tests/kshim and run against a scripted mailbox: how each card
 * status becomes an errno, what a wrong response or a failing transport
 * gives, what a failure logs and how often.
 */
#include <errno.h>

#include "adapter.h"
#include "unit.h"

#define LOG_MAX		64
/* kernel/cmds.c limits each command to the kernel's defaults */
#define INTERVAL_MS	(5 * KSHIM_HZ)	/* DEFAULT_RATELIMIT_INTERVAL */
#define BURST		10		/* DEFAULT_RATELIMIT_BURST */

/* A mailbox that answers what the test says, and the log it caught. */
struct fake {
	struct ovnic_adapter ad;
	const void *param;	/* table row */
	int ret;		/* < 0: transport error; else the status */
	bool status_in_hdr;	/* return 0, the status only in the header */
	u16 opcode_xor;		/* answer as for another opcode */
	const void *body;	/* response bytes after the header */
	u32 body_len;
	unsigned int calls;
	u8 cmd[512];		/* the last command */
	u32 cmd_len;
	unsigned int nlog;
	char log[LOG_MAX][256];	/* dev_err lines about this adapter */
	unsigned int nother;	/* other lines (the rate limit's own) */
};

static int fake_mailbox(struct ovnic_hw *hw, const void *cmd, u32 cmd_len,
			void *resp, u32 resp_len)
{
	const struct ovnic_cmd_hdr *c = cmd;
	struct ovnic_resp_hdr *r = resp;
	struct fake *f = hw->priv;
	u32 room = resp_len - sizeof(*r);

	f->calls++;
	f->cmd_len = cmd_len < sizeof(f->cmd) ? cmd_len : sizeof(f->cmd);
	memcpy(f->cmd, cmd, f->cmd_len);
	if (f->ret < 0)
		return f->ret;
	memset(resp, 0, resp_len);
	if (f->body)
		memcpy(r + 1, f->body, f->body_len < room ? f->body_len : room);
	r->opcode = ovnic_cpu_to_le16(ovnic_le16_to_cpu(c->opcode) ^
				      f->opcode_xor);
	r->status = (u8)f->ret;
	return f->status_in_hdr ? 0 : f->ret;
}

static void fake_log(void *ctx, enum kshim_level level,
		     const struct device *dev, const char *msg)
{
	struct fake *f = ctx;

	if (level != KSHIM_ERR || dev != &f->ad.dev) {
		f->nother++;
		return;
	}
	assert_true(f->nlog < LOG_MAX);
	snprintf(f->log[f->nlog++], sizeof(f->log[0]), "%s", msg);
}

static int fake_setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	ovnic_adapter_init(&f->ad, NULL, fake_mailbox, f, "fake0");
	kshim_set_log(fake_log, f);
	/* every rate limit starts a new interval: no test sees another's */
	kshim_jiffies_advance(INTERVAL_MS + 1);
	f->param = *state;
	*state = f;
	return 0;
}

static int fake_teardown(void **state)
{
	kshim_set_log(NULL, NULL);
	free(*state);
	*state = NULL;
	return 0;
}

/* ---- status to errno ---- */

struct status_row {
	const char *name;
	int status;
	int err;
};

static const struct status_row status_rows[] = {
	{ "OK",			OVNIC_STATUS_OK,		0 },
	{ "BAD_OPCODE",		OVNIC_STATUS_BAD_OPCODE,	-EOPNOTSUPP },
	{ "BAD_VERSION",	OVNIC_STATUS_BAD_VERSION,	-EPROTO },
	{ "BAD_LENGTH",		OVNIC_STATUS_BAD_LENGTH,	-EMSGSIZE },
	{ "BAD_PARAM",		OVNIC_STATUS_BAD_PARAM,		-EINVAL },
	{ "NO_DEVICE",		OVNIC_STATUS_NO_DEVICE,		-ENODEV },
	{ "BUSY",		OVNIC_STATUS_BUSY,		-EBUSY },
	{ "NO_SPACE",		OVNIC_STATUS_NO_SPACE,		-ENOSPC },
	{ "NOT_SUPPORTED",	OVNIC_STATUS_NOT_SUPPORTED,	-EOPNOTSUPP },
	{ "NO_MEMORY",		OVNIC_STATUS_NO_MEMORY,		-ENOMEM },
	{ "EXISTS",		OVNIC_STATUS_EXISTS,		-EEXIST },
	/* a status this driver doesn't know */
	{ "unknown_11",		OVNIC_STATUS_EXISTS + 1,	-EIO },
	{ "unknown_0x7f",	0x7f,				-EIO },
	{ "unknown_0xff",	0xff,				-EIO },
};

/*
 * The card returns the status and writes it into the response header; a
 * mailbox returning 0 leaves the header to say it.  Both read the same.
 */
static void cmds_status_errno(void **state)
{
	struct fake *f = *state;
	const struct status_row *r = f->param;
	int hdr;

	for (hdr = 0; hdr < 2; hdr++) {
		f->ret = r->status;
		f->status_in_hdr = hdr;
		assert_int_equal(ovnic_cmd_dev_reset(&f->ad, 3), r->err);
	}
	assert_int_equal(f->calls, 2);
	assert_int_equal(f->nlog, r->err ? 2 : 0);
}

/* The full table of ovnic_hw.h: every status the card names is mapped. */
static void cmds_every_status_known(void **state)
{
	struct fake *f = *state;
	int s;

	for (s = OVNIC_STATUS_BAD_OPCODE; s <= OVNIC_STATUS_EXISTS; s++) {
		f->ret = s;
		assert_int_not_equal(ovnic_cmd_dev_reset(&f->ad, 0), -EIO);
	}
}

/* ---- responses and transport ---- */

static void cmds_opcode_mismatch(void **state)
{
	static const struct ovnic_dev_info untouched = { .status = 0x5a };
	struct fake *f = *state;
	struct ovnic_dev_info info = untouched;
	u8 body[sizeof(struct ovnic_resp_dev_query)];

	memset(body, 0x11, sizeof(body));
	f->body = body;
	f->body_len = sizeof(body);
	f->opcode_xor = 0x40;
	f->ret = OVNIC_STATUS_OK;
	assert_int_equal(ovnic_cmd_dev_query(&f->ad, 1, &info), -EPROTO);
	/* nothing of another command's answer reaches the caller */
	assert_memory_equal(&info, &untouched, sizeof(info));
	assert_int_equal(f->nlog, 1);
	assert_string_equal(f->log[0], "device 1: DEV_QUERY failed: -EPROTO\n");
	/* a refusal says more than the opcode it came with */
	f->ret = OVNIC_STATUS_BUSY;
	assert_int_equal(ovnic_cmd_dev_query(&f->ad, 1, &info), -EBUSY);
}

struct transport_row {
	const char *name;
	int err;
	const char *errname;
};

static const struct transport_row transport_rows[] = {
	{ "ETIMEDOUT",	-ETIMEDOUT,	"-ETIMEDOUT" },
	{ "EIO",	-EIO,		"-EIO" },
	{ "ENODEV",	-ENODEV,	"-ENODEV" },
	{ "EINTR",	-EINTR,		"-EINTR" },
	{ "unnamed",	-4000,		"-4000" },
};

static void cmds_transport_error(void **state)
{
	struct fake *f = *state;
	const struct transport_row *r = f->param;
	struct ovnic_vq_info info;
	char want[128];

	f->ret = r->err;
	assert_int_equal(ovnic_cmd_vq_query(&f->ad, 2, 4, &info), r->err);
	assert_int_equal(f->nlog, 1);
	snprintf(want, sizeof(want), "device 2: VQ_QUERY failed: %s\n",
		 r->errname);
	assert_string_equal(f->log[0], want);
}

/* ---- what a failure logs ---- */

struct log_row {
	const char *name;
	int (*run)(struct ovnic_adapter *ad);
	const char *line;
};

static int run_dev_create(struct ovnic_adapter *ad)
{
	struct ovnic_dev_params p = { .mtu = 1500, .max_vqp = 1 };

	return ovnic_cmd_dev_create(ad, 7, &p, 0);
}

static int run_set_status(struct ovnic_adapter *ad)
{
	return ovnic_cmd_dev_set_status(ad, 7, 0x0f);
}

static int run_config_write(struct ovnic_adapter *ad)
{
	static const u8 mac[6];

	return ovnic_cmd_dev_config_write(ad, 7, 0, mac, sizeof(mac));
}

static int run_vq_addr(struct ovnic_adapter *ad)
{
	return ovnic_cmd_vq_set_addr(ad, 7, 1, 0x1000, 0x2000, 0x3000);
}

static int run_vq_size(struct ovnic_adapter *ad)
{
	return ovnic_cmd_vq_set_size(ad, 7, 2, 256);
}

static int run_vq_ready(struct ovnic_adapter *ad)
{
	return ovnic_cmd_vq_set_ready(ad, 7, 3, true, 9, 0);
}

static int run_vq_unready(struct ovnic_adapter *ad)
{
	return ovnic_cmd_vq_set_ready(ad, 7, 4, false, 0, 0);
}

static int run_vq_state(struct ovnic_adapter *ad)
{
	return ovnic_cmd_vq_set_state(ad, 7, 5, 10, 10);
}

static int run_mr_map(struct ovnic_adapter *ad)
{
	return ovnic_cmd_mr_map(ad, 7, 1, 0x100000000ull, 0x2000, 0x5000,
				OVNIC_MR_PERM_READ);
}

static int run_mr_unmap(struct ovnic_adapter *ad)
{
	return ovnic_cmd_mr_unmap(ad, 7, 0, 0x4000, 0x1000);
}

static int run_port_stats(struct ovnic_adapter *ad)
{
	u64 to[OVNIC_VQC_NUM], from[OVNIC_VQC_NUM];

	return ovnic_cmd_port_stats(ad, to, from);
}

static int run_rss_query(struct ovnic_adapter *ad)
{
	struct ovnic_rss_info info;

	return ovnic_cmd_rss_query(ad, 7, &info);
}

static int run_coal_set(struct ovnic_adapter *ad)
{
	struct ovnic_coal_params p = { .rx_usecs = 8 };

	return ovnic_cmd_coal_policy_set(ad, 7, &p);
}

static int run_mac_policy_set(struct ovnic_adapter *ad)
{
	struct ovnic_mac_params p = { .n_allowed = 0 };

	return ovnic_cmd_mac_policy_set(ad, 7, &p);
}

static const struct log_row log_rows[] = {
	{ "DEV_CREATE", run_dev_create,
	  "device 7: DEV_CREATE failed: -EINVAL\n" },
	{ "DEV_SET_STATUS", run_set_status,
	  "device 7: DEV_SET_STATUS failed: -EINVAL\n" },
	{ "DEV_CONFIG_WRITE", run_config_write,
	  "device 7: DEV_CONFIG_WRITE failed: -EINVAL\n" },
	{ "VQ_MODIFY_ADDR", run_vq_addr,
	  "device 7: VQ_MODIFY ADDR of queue 1 failed: -EINVAL\n" },
	{ "VQ_MODIFY_SIZE", run_vq_size,
	  "device 7: VQ_MODIFY SIZE of queue 2 failed: -EINVAL\n" },
	{ "VQ_MODIFY_READY", run_vq_ready,
	  "device 7: VQ_MODIFY READY of queue 3 failed: -EINVAL\n" },
	{ "VQ_MODIFY_UNREADY", run_vq_unready,
	  "device 7: VQ_MODIFY READY of queue 4 failed: -EINVAL\n" },
	{ "VQ_MODIFY_STATE", run_vq_state,
	  "device 7: VQ_MODIFY STATE of queue 5 failed: -EINVAL\n" },
	{ "MR_MAP", run_mr_map,
	  "device 7: MR_MAP asid 1 iova 0x100000000 size 0x2000 failed: -EINVAL\n" },
	{ "MR_UNMAP", run_mr_unmap,
	  "device 7: MR_UNMAP asid 0 iova 0x4000 size 0x1000 failed: -EINVAL\n" },
	{ "PORT_STATS", run_port_stats,
	  "device 0: PORT_STATS failed: -EINVAL\n" },
	{ "RSS_QUERY", run_rss_query,
	  "device 7: RSS_QUERY failed: -EINVAL\n" },
	{ "COAL_POLICY_SET", run_coal_set,
	  "device 7: COAL_POLICY_SET failed: -EINVAL\n" },
	{ "DEV_SET_MAC_POLICY", run_mac_policy_set,
	  "device 7: DEV_SET_MAC_POLICY failed: -EINVAL\n" },
};

/* One failure, one line: the command's name and what it was about. */
static void cmds_log_once(void **state)
{
	struct fake *f = *state;
	const struct log_row *r = f->param;

	f->ret = OVNIC_STATUS_BAD_PARAM;
	assert_int_equal(r->run(&f->ad), -EINVAL);
	assert_int_equal(f->calls, 1);
	assert_int_equal(f->nlog, 1);
	assert_string_equal(f->log[0], r->line);
	/* and success is silent */
	f->ret = OVNIC_STATUS_OK;
	assert_int_equal(r->run(&f->ad), 0);
	assert_int_equal(f->nlog, 1);
}

/* EEXIST from MAC policy is the requester's to report, not the log's. */
static void cmds_mac_policy_exists_unlogged(void **state)
{
	struct fake *f = *state;

	f->ret = OVNIC_STATUS_EXISTS;
	assert_int_equal(run_mac_policy_set(&f->ad), -EEXIST);
	assert_int_equal(f->nlog, 0);
	/* other commands still log it */
	assert_int_equal(ovnic_cmd_dev_reset(&f->ad, 7), -EEXIST);
	assert_int_equal(f->nlog, 1);
}

/* ---- the rate limit: per command ---- */

static void cmds_ratelimit_per_command(void **state)
{
	struct fake *f = *state;
	int i;

	f->ret = OVNIC_STATUS_BUSY;
	for (i = 0; i < 3 * BURST; i++)
		assert_int_equal(ovnic_cmd_dev_reset(&f->ad, 1), -EBUSY);
	assert_int_equal(f->calls, 3 * BURST);
	assert_int_equal(f->nlog, BURST);
	for (i = 0; i < BURST; i++)
		assert_string_equal(f->log[i],
				    "device 1: DEV_RESET failed: -EBUSY\n");
	/* another command's failure is not held back by DEV_RESET's */
	assert_int_equal(ovnic_cmd_dev_destroy(&f->ad, 1), -EBUSY);
	assert_int_equal(f->nlog, BURST + 1);
	assert_string_equal(f->log[BURST],
			    "device 1: DEV_DESTROY failed: -EBUSY\n");
	/* nor by the same opcode's with other details */
	assert_int_equal(run_vq_size(&f->ad), -EBUSY);
	assert_int_equal(f->nlog, BURST + 2);
	/* the interval over, DEV_RESET is heard again, and what it missed */
	kshim_jiffies_advance(INTERVAL_MS + 1);
	f->nother = 0;
	assert_int_equal(ovnic_cmd_dev_reset(&f->ad, 1), -EBUSY);
	assert_int_equal(f->nlog, BURST + 3);
	assert_int_equal(f->nother, 1);
}

/* ---- commands on the wire ---- */

static void cmds_encoding(void **state)
{
	struct fake *f = *state;
	const struct ovnic_cmd_mr_map *map = (const void *)f->cmd;
	struct ovnic_resp_dev_query q = {
		.device_features = ovnic_cpu_to_le64(0x1234567890ull),
		.config_size	= ovnic_cpu_to_le32(24),
		.max_vqp	= ovnic_cpu_to_le16(4),
		.status		= 0x0f,
		.loopback	= OVNIC_LOOPBACK_ON,
	};
	struct ovnic_dev_info info;
	u8 buf[OVNIC_CONFIG_CHUNK + 1];

	f->ret = OVNIC_STATUS_OK;
	assert_int_equal(run_mr_map(&f->ad), 0);
	assert_int_equal(f->cmd_len, sizeof(*map));
	assert_int_equal(ovnic_le16_to_cpu(map->hdr.opcode), OVNIC_CMD_MR_MAP);
	assert_int_equal(ovnic_le16_to_cpu(map->hdr.version),
			 OVNIC_CMD_VERSION);
	assert_int_equal(ovnic_le16_to_cpu(map->hdr.dev_id), 7);
	assert_int_equal(ovnic_le64_to_cpu(map->iova), 0x100000000ull);
	assert_int_equal(ovnic_le64_to_cpu(map->size), 0x2000);
	assert_int_equal(ovnic_le64_to_cpu(map->host_addr), 0x5000);
	assert_int_equal(ovnic_le32_to_cpu(map->asid), 1);
	assert_int_equal(ovnic_le32_to_cpu(map->perm), OVNIC_MR_PERM_READ);

	f->body = (const u8 *)&q + sizeof(struct ovnic_resp_hdr);
	f->body_len = sizeof(q) - sizeof(struct ovnic_resp_hdr);
	assert_int_equal(ovnic_cmd_dev_query(&f->ad, 2, &info), 0);
	assert_int_equal(info.device_features, 0x1234567890ull);
	assert_int_equal(info.config_size, 24);
	assert_int_equal(info.max_vqp, 4);
	assert_int_equal(info.status, 0x0f);
	assert_true(info.loopback);

	/* refused before the card is asked */
	assert_int_equal(ovnic_cmd_dev_config_read(&f->ad, 2, 0, buf,
						   sizeof(buf)), -EINVAL);
	assert_int_equal(f->calls, 2);
	assert_int_equal(f->nlog, 0);
}

/* ---- the shim's printk ---- */

static void fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	kshim_vsnprintf(buf, size, f, ap);
	va_end(ap);
}

static void cmds_shim_printk(void **state)
{
	char buf[64];

	(void)state;
	fmt(buf, sizeof(buf), "%u %#x %#llx %s %d%%", 7u, 0x10u,
	    0x100000000ull, "x", -3);
	assert_string_equal(buf, "7 0x10 0x100000000 x -3%");
	fmt(buf, sizeof(buf), "[%pe] [%pe]", (void *)(long)-EMSGSIZE,
	    (void *)(long)-EOPNOTSUPP);
	assert_string_equal(buf, "[-EMSGSIZE] [-EOPNOTSUPP]");
	fmt(buf, 8, "%s", "truncated");
	assert_string_equal(buf, "truncat");
}

#define CMDS_ADD(l, fn)		ut_add_named((l), #fn, fn, NULL)

int main(void)
{
	struct ut_list l = { 0 };
	size_t i;

	CMDS_ADD(&l, cmds_every_status_known);
	UT_ADD_TABLE(&l, cmds_status_errno, status_rows);
	CMDS_ADD(&l, cmds_opcode_mismatch);
	UT_ADD_TABLE(&l, cmds_transport_error, transport_rows);
	UT_ADD_TABLE(&l, cmds_log_once, log_rows);
	CMDS_ADD(&l, cmds_mac_policy_exists_unlogged);
	CMDS_ADD(&l, cmds_ratelimit_per_command);
	CMDS_ADD(&l, cmds_encoding);
	CMDS_ADD(&l, cmds_shim_printk);
	/* no card: each test gets the scripted mailbox */
	for (i = 0; i < l.n; i++) {
		l.t[i].setup_func = fake_setup;
		l.t[i].teardown_func = fake_teardown;
	}
	return ut_run("cmds", &l);
}
