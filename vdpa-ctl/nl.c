// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink socket, family resolution, requests and replies, and the
 * one place that reports the kernel's errors (with their extended ack
 * message, which libnl does not parse: see nlctl_extack_msg()).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "nl.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

static struct nl_sock *nl_sk;

static int nlctl_open(void)
{
	int one = 1, err;

	if (nl_sk)
		return 0;
	nl_sk = nl_socket_alloc();
	if (!nl_sk) {
		pr_err("out of memory");
		return -1;
	}
	err = genl_connect(nl_sk);
	if (err) {
		pr_err("cannot open a generic netlink socket: %s", nl_geterror(err));
		nl_socket_free(nl_sk);
		nl_sk = NULL;
		return -1;
	}
	/* Error messages with the errors; no copy of our request in them. */
	setsockopt(nl_socket_get_fd(nl_sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl_sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	return 0;
}

void nlctl_close(void)
{
	nl_socket_free(nl_sk);
	nl_sk = NULL;
}

static int nlctl_resolve(struct nlctl_family *family)
{
	int id;

	if (family->id)
		return 0;
	if (nlctl_open())
		return -1;
	id = genl_ctrl_resolve(nl_sk, family->name);
	if (id < 0) {
		pr_err("generic netlink family \"%s\" not found%s%s", family->name,
		       family->hint ? ": " : "", family->hint ? family->hint : "");
		return -1;
	}
	family->id = id;
	return 0;
}

/* A request of @family; NULL (with a message) on error. */
struct nl_msg *nlctl_req(struct nlctl_family *family, uint8_t cmd, int flags)
{
	struct nl_msg *msg;

	if (nlctl_resolve(family))
		return NULL;
	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family->id, 0,
				 flags, cmd, family->version)) {
		nlmsg_free(msg);
		pr_err("out of memory");
		return NULL;
	}
	return msg;
}

/*
 * The NLMSGERR_ATTR_MSG of an error, ack or dump-done message, or NULL.
 *
 * An NLMSG_ERROR message is struct nlmsgerr (the error and the header of
 * our request), then our request's payload unless the kernel capped it
 * (NLM_F_CAPPED), then, with NLM_F_ACK_TLVS, attributes.  NLMSG_DONE has
 * an int (the dump's error) before its attributes.
 */
const char *nlctl_extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN;
	const char *s;
	size_t len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		off += NLMSG_ALIGN(sizeof(int));
	} else {
		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
			return NULL;
		off += sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (nlh->nlmsg_len <= off)
		return NULL;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, NULL) || !tb[NLMSGERR_ATTR_MSG])
		return NULL;
	s = nla_data(tb[NLMSGERR_ATTR_MSG]);
	len = nla_len(tb[NLMSGERR_ATTR_MSG]);
	if (!len || s[len - 1] != '\0')
		return NULL;
	return s;
}

struct nl_state {
	nlctl_reply_fn reply;
	void *arg;
	bool done;
	int status;		/* exit status */
};

static void nl_report(const struct nlmsghdr *nlh, int error)
{
	const char *msg = nlctl_extack_msg(nlh);

	if (msg)
		pr_err("%s", msg);
	else
		pr_err("%s", strerror(error));
}

static int nl_error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;
	struct nl_state *st = arg;

	(void)nla;
	nl_report(nlh, -e->error);
	st->status = EXIT_FAIL;
	st->done = true;
	return NL_STOP;
}

/* An ack with error 0; it may carry a warning. */
static int nl_ack_cb(struct nl_msg *msg, void *arg)
{
	const char *warning = nlctl_extack_msg(nlmsg_hdr(msg));
	struct nl_state *st = arg;

	if (warning)
		pr_warn("%s", warning);
	st->done = true;
	return NL_STOP;
}

/* End of a dump, which reports a dump's error in its payload. */
static int nl_finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_state *st = arg;
	int error = 0;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&error, nlmsg_data(nlh), sizeof(error));
	if (error < 0) {
		nl_report(nlh, -error);
		st->status = EXIT_FAIL;
	}
	st->done = true;
	return NL_STOP;
}

static int nl_valid_cb(struct nl_msg *msg, void *arg)
{
	struct nl_state *st = arg;
	int ret;

	if (!st->reply || st->status)
		return NL_SKIP;
	ret = st->reply(msg, st->arg);
	if (ret) {
		st->status = ret;
		return NL_SKIP;
	}
	return NL_OK;
}

/*
 * Sends @msg (and frees it), hands each reply to @reply, and waits for the
 * ack or the end of the dump.  Returns an exit status; errors are printed.
 */
int nlctl_run(struct nl_msg *msg, nlctl_reply_fn reply, void *arg)
{
	struct nl_state st = { .reply = reply, .arg = arg };
	struct nl_cb *cb;
	int err;

	if (!msg)
		return EXIT_FAIL;
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		nlmsg_free(msg);
		pr_err("out of memory");
		return EXIT_FAIL;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nl_valid_cb, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, nl_ack_cb, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, nl_finish_cb, &st);
	nl_cb_err(cb, NL_CB_CUSTOM, nl_error_cb, &st);

	err = nl_send_auto(nl_sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		pr_err("cannot send the request: %s", nl_geterror(err));
		st.status = EXIT_FAIL;
		st.done = true;
	}
	while (!st.done) {
		err = nl_recvmsgs(nl_sk, cb);
		if (err < 0 && !st.done) {
			pr_err("cannot read the kernel's answer: %s", nl_geterror(err));
			st.status = EXIT_FAIL;
			break;
		}
	}
	nl_cb_put(cb);
	return st.status;
}
