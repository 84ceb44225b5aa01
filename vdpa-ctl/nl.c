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
	/* Replies larger than a page (per-queue statistics) are not cut. */
	nl_socket_enable_msg_peek(nl_sk);
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
	struct nlctl_error *err;	/* or NULL: print errors */
	bool done;
	int status;		/* exit status */
};

void nlctl_report(const struct nlctl_error *err)
{
	if (err->msg[0])
		pr_err("%s", err->msg);
	else if (err->error == EPERM)
		pr_err("%s (changes need CAP_NET_ADMIN)", strerror(err->error));
	else
		pr_err("%s", strerror(err->error));
}

static void nl_report(struct nl_state *st, const struct nlmsghdr *nlh,
		      int error)
{
	const char *msg = nlctl_extack_msg(nlh);
	struct nlctl_error e = { .error = error };

	if (msg)
		snprintf(e.msg, sizeof(e.msg), "%s", msg);
	if (st->err)
		*st->err = e;
	else
		nlctl_report(&e);
}

static int nl_error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;
	struct nl_state *st = arg;

	(void)nla;
	nl_report(st, nlh, -e->error);
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
		nl_report(st, nlh, -error);
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
	return nlctl_exec(msg, reply, arg, NULL);
}

/* As nlctl_run(), but a kernel error goes to @kerr (if not NULL) unprinted. */
int nlctl_exec(struct nl_msg *msg, nlctl_reply_fn reply, void *arg,
	       struct nlctl_error *kerr)
{
	struct nl_state st = { .reply = reply, .arg = arg, .err = kerr };
	struct nl_cb *cb;
	int err;

	if (kerr)
		*kerr = (struct nlctl_error){ 0 };
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

static int listen_cb(struct nl_msg *msg, void *arg)
{
	struct nl_state *st = arg;

	st->status = st->reply(msg, st->arg);
	return st->status ? NL_STOP : NL_OK;
}

/*
 * Joins multicast group @group of @family on a socket of its own and hands
 * every message to @fn until it returns nonzero (EXIT_OK from a callback
 * that wants to stop early is spelled NLCTL_STOP).  Returns an exit status.
 */
int nlctl_listen(struct nlctl_family *family, const char *group,
		 nlctl_reply_fn fn, void *arg)
{
	struct nl_state st = { .reply = fn, .arg = arg };
	struct nl_sock *ev;
	int grp, err;

	if (nlctl_resolve(family))
		return EXIT_FAIL;
	grp = genl_ctrl_resolve_grp(nl_sk, family->name, group);
	if (grp < 0) {
		pr_err("family \"%s\" has no multicast group \"%s\": %s",
		       family->name, group, nl_geterror(grp));
		return EXIT_FAIL;
	}
	ev = nl_socket_alloc();
	if (!ev) {
		pr_err("out of memory");
		return EXIT_FAIL;
	}
	nl_socket_disable_seq_check(ev);
	nl_socket_enable_msg_peek(ev);
	err = genl_connect(ev);
	if (!err)
		err = nl_socket_add_membership(ev, grp);
	if (!err)
		err = nl_socket_modify_cb(ev, NL_CB_VALID, NL_CB_CUSTOM,
					  listen_cb, &st);
	if (err) {
		pr_err("cannot listen to %s/%s: %s", family->name, group,
		       nl_geterror(err));
		nl_socket_free(ev);
		return EXIT_FAIL;
	}
	while (!st.status) {
		err = nl_recvmsgs_default(ev);
		if (err == -NLE_NOMEM) {	/* ENOBUFS: we were too slow */
			pr_warn("events were lost (receive buffer overrun)");
			continue;
		}
		if (err < 0 && err != -NLE_INTR) {
			pr_err("cannot read events: %s", nl_geterror(err));
			st.status = EXIT_FAIL;
		}
	}
	nl_socket_free(ev);
	return st.status == NLCTL_STOP ? EXIT_OK : st.status;
}
