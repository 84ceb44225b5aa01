// SPDX-License-Identifier: GPL-2.0
/*
 * Keyword options: "name d0 mgmtdev ovnic0 mtu 9000".  Exact keyword
 * matching; each option at most once; a table gives every option's parser
 * and the message for a required one that is missing.
 */
#include <string.h>

#include "args.h"
#include "features.h"
#include "tunnel.h"

struct opt_def {
	uint64_t bit;
	const char *keyword;
	const char *missing;	/* what is wrong when it is required */
	int (*parse)(struct opts *o, const char *arg);
	const char *values;	/* the words it takes, if a fixed few */
	const char *alias;	/* a deprecated spelling of the keyword */
};

/* "[ DEV ]": the commands that show one device or every one. */
const struct cmd_spec spec_dev_optional = {
	.optional	= OPT_NAME,
	.positional	= OPT_NAME,
};

/* [BUS/]NAME, as the kernel reports a management device. */
static int parse_mgmtdev(struct opts *o, const char *arg)
{
	const char *slash = strchr(arg, '/');
	size_t n;

	o->mgmtdev_bus[0] = '\0';
	o->mgmtdev_name = arg;
	if (!slash)
		return *arg ? 0 : -1;
	n = slash - arg;
	if (!n || n >= sizeof(o->mgmtdev_bus) || !slash[1] ||
	    strchr(slash + 1, '/')) {
		pr_err("\"%s\" is not a management device (MGMTDEV or BUS/MGMTDEV)",
		       arg);
		return -1;
	}
	memcpy(o->mgmtdev_bus, arg, n);
	o->mgmtdev_bus[n] = '\0';
	o->mgmtdev_name = slash + 1;
	return 0;
}

static int parse_name(struct opts *o, const char *arg)
{
	o->name = arg;
	return *arg ? 0 : -1;
}

static int parse_mac_opt(struct opts *o, const char *arg)
{
	if (parse_mac(arg, o->mac)) {
		pr_err("\"%s\" is not a MAC address (XX:XX:XX:XX:XX:XX)", arg);
		return -1;
	}
	return 0;
}

static int parse_u16_opt(const char *arg, const char *what, uint16_t *val)
{
	uint64_t v;

	if (parse_u64(arg, UINT16_MAX, &v)) {
		pr_err("%s \"%s\" is not a number from 0 to %u", what, arg,
		       UINT16_MAX);
		return -1;
	}
	*val = v;
	return 0;
}

static int parse_mtu(struct opts *o, const char *arg)
{
	return parse_u16_opt(arg, "mtu", &o->mtu);
}

static int parse_max_vqp(struct opts *o, const char *arg)
{
	return parse_u16_opt(arg, "max_vqp", &o->max_vqp);
}

static int parse_features_opt(struct opts *o, const char *arg)
{
	return features_parse(arg, &o->features);
}

static int parse_profile(struct opts *o, const char *arg)
{
	o->profile = feature_profile_by_name(arg);
	if (!o->profile) {
		pr_err("unknown profile \"%s\" (known: %s)", arg,
		       FEATURE_PROFILE_NAMES);
		return -1;
	}
	return 0;
}

static int parse_qidx(struct opts *o, const char *arg)
{
	uint64_t v;

	if (parse_u64(arg, UINT32_MAX, &v)) {
		pr_err("qidx \"%s\" is not a queue index", arg);
		return -1;
	}
	o->qidx = v;
	return 0;
}

static int parse_count(struct opts *o, const char *arg)
{
	if (parse_u64(arg, UINT32_MAX, &o->count) || !o->count) {
		pr_err("count \"%s\" is not a number from 1 to %u", arg,
		       UINT32_MAX);
		return -1;
	}
	return 0;
}

static int parse_state(struct opts *o, const char *arg)
{
	if (str_eq(arg, "up") || str_eq(arg, "down")) {
		o->link_up = str_eq(arg, "up");
		return 0;
	}
	pr_err("state \"%s\" is neither up nor down", arg);
	return -1;
}

static int parse_max_pairs(struct opts *o, const char *arg)
{
	return parse_u16_opt(arg, "max_pairs", &o->max_pairs);
}

static int parse_max_size(struct opts *o, const char *arg)
{
	return parse_u16_opt(arg, "max_size", &o->max_size);
}

static int parse_scope(struct opts *o, const char *arg)
{
	if (str_eq(arg, "device") || str_eq(arg, "queue")) {
		o->scope = str_eq(arg, "queue") ? SCOPE_QUEUE : SCOPE_DEVICE;
		return 0;
	}
	pr_err("scope \"%s\" is neither device nor queue", arg);
	return -1;
}

/*
 * Seconds, with up to three decimals ("2", "0.5", "0.250"), from 1 ms to
 * an hour.  Returns 0, or -1 when @s is not such a number.
 */
int parse_interval(const char *s, uint64_t *ms)
{
	uint64_t sec = 0, frac = 0;
	const char *p = s;
	int digits = 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		sec = sec * 10 + (*p - '0');
		if (sec > INTERVAL_MAX_MS / 1000)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++digits > 3)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		if (!digits)
			return -1;
		for (; digits < 3; digits++)
			frac *= 10;
	}
	if (*p)
		return -1;
	*ms = sec * 1000 + frac;
	return *ms && *ms <= INTERVAL_MAX_MS ? 0 : -1;
}

static int parse_interval_opt(struct opts *o, const char *arg)
{
	if (parse_interval(arg, &o->interval_ms)) {
		pr_err("interval \"%s\" is not a number of seconds from 0.001 to %u",
		       arg, INTERVAL_MAX_MS / 1000);
		return -1;
	}
	return 0;
}

static int parse_u32_opt(const char *arg, const char *what, uint32_t *val)
{
	uint64_t v;

	if (parse_u64(arg, UINT32_MAX, &v)) {
		pr_err("%s \"%s\" is not a number from 0 to %u", what, arg,
		       UINT32_MAX);
		return -1;
	}
	*val = v;
	return 0;
}

static int parse_on_off(const char *arg, const char *what, bool *val)
{
	if (str_eq(arg, "on") || str_eq(arg, "off")) {
		*val = str_eq(arg, "on");
		return 0;
	}
	pr_err("%s \"%s\" is neither on nor off", what, arg);
	return -1;
}

static int parse_rx_usecs(struct opts *o, const char *arg)
{
	return parse_u32_opt(arg, "rx_usecs", &o->rx_usecs);
}

static int parse_rx_frames(struct opts *o, const char *arg)
{
	return parse_u32_opt(arg, "rx_frames", &o->rx_frames);
}

static int parse_tx_usecs(struct opts *o, const char *arg)
{
	return parse_u32_opt(arg, "tx_usecs", &o->tx_usecs);
}

static int parse_tx_frames(struct opts *o, const char *arg)
{
	return parse_u32_opt(arg, "tx_frames", &o->tx_frames);
}

static int parse_irq_rate(struct opts *o, const char *arg)
{
	return parse_u32_opt(arg, "irq_rate", &o->irq_rate);
}

static int parse_adaptive_rx(struct opts *o, const char *arg)
{
	return parse_on_off(arg, "adaptive_rx", &o->adaptive_rx);
}

static int parse_adaptive_tx(struct opts *o, const char *arg)
{
	return parse_on_off(arg, "adaptive_tx", &o->adaptive_tx);
}

static int parse_loopback(struct opts *o, const char *arg)
{
	return parse_on_off(arg, "loopback", &o->loopback);
}

static int parse_tunnel(struct opts *o, const char *arg)
{
	return tunnel_types_parse(arg, &o->tunnel_types);
}

static bool mac_listed(const uint8_t (*list)[ETH_ALEN_CTL], unsigned int n,
		       const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!memcmp(list[i], mac, ETH_ALEN_CTL))
			return true;
	return false;
}

/*
 * "none", or addresses separated by commas, each once, at most
 * OVNIC_NL_MAC_ALLOWED_MAX.  Whether a device may own them (unicast,
 * nobody else's) is the kernel's to say.
 */
static int parse_allow(struct opts *o, const char *arg)
{
	char tok[32];
	const char *p = arg, *end;
	uint8_t mac[ETH_ALEN_CTL];
	size_t len;

	o->n_allow = 0;
	if (!*arg)
		return -1;
	if (str_eq(arg, "none"))
		return 0;
	for (;; p = end + 1) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		snprintf(tok, sizeof(tok), "%.*s", (int)len, p);
		if (!len) {
			pr_err("allow \"%s\" has an empty address", arg);
			return -1;
		}
		if (str_eq(tok, "none")) {
			pr_err("allow: \"none\" goes alone, not with addresses");
			return -1;
		}
		if (len >= sizeof(tok) || parse_mac(tok, mac)) {
			pr_err("\"%.*s\" is not a MAC address (XX:XX:XX:XX:XX:XX)",
			       (int)len, p);
			return -1;
		}
		if (mac_listed(o->allow, o->n_allow, mac)) {
			pr_err("allow: %s is given twice", tok);
			return -1;
		}
		if (o->n_allow == OVNIC_NL_MAC_ALLOWED_MAX) {
			pr_err("allow: too many addresses (at most %u)",
			       OVNIC_NL_MAC_ALLOWED_MAX);
			return -1;
		}
		memcpy(o->allow[o->n_allow++], mac, ETH_ALEN_CTL);
		if (!end)
			return 0;
	}
}

static int parse_trust(struct opts *o, const char *arg)
{
	return parse_on_off(arg, "trust", &o->trust);
}

static int parse_spoofchk(struct opts *o, const char *arg)
{
	if (str_eq(arg, "on"))
		o->spoofchk = OVNIC_NL_SPOOFCHK_ON;
	else if (str_eq(arg, "off"))
		o->spoofchk = OVNIC_NL_SPOOFCHK_OFF;
	else if (str_eq(arg, "auto"))
		o->spoofchk = OVNIC_NL_SPOOFCHK_AUTO;
	else {
		pr_err("spoofchk \"%s\" is not on, off or auto", arg);
		return -1;
	}
	return 0;
}

#define ON_OFF	"on off"
#define OPT(b, kw, miss, fn, ...) \
	{ .bit = b, .keyword = kw, .missing = miss, .parse = fn, __VA_ARGS__ }

static const struct opt_def opt_defs[] = {
	OPT(OPT_NAME, "name", "device name is missing",
	    parse_name),
	OPT(OPT_MGMTDEV, "mgmtdev", "management device is missing (mgmtdev MGMTDEV)",
	    parse_mgmtdev),
	OPT(OPT_MAC, "mac", "mac is missing",
	    parse_mac_opt),
	OPT(OPT_MTU, "mtu", "mtu is missing",
	    parse_mtu),
	OPT(OPT_MAX_VQP, "max_vqp", "max_vqp is missing",
	    parse_max_vqp),
	OPT(OPT_FEATURES, "device_features", "device_features is missing",
	    parse_features_opt),
	OPT(OPT_PROFILE, "profile", "profile is missing (profile NAME)",
	    parse_profile, .values = FEATURE_PROFILE_NAMES),
	OPT(OPT_QIDX, "qidx", "queue index is missing (qidx N)",
	    parse_qidx),
	OPT(OPT_COUNT, "count", "count is missing",
	    parse_count),
	OPT(OPT_STATE, "state", "the link state is missing (state up|down)",
	    parse_state, .values = "up down"),
	OPT(OPT_MAX_PAIRS, "max_pairs", "max_pairs is missing",
	    parse_max_pairs),
	OPT(OPT_MAX_SIZE, "max_size", "max_size is missing",
	    parse_max_size),
	OPT(OPT_SCOPE, "scope", "scope is missing",
	    parse_scope, .values = "device queue"),
	OPT(OPT_INTERVAL, "interval", "interval is missing",
	    parse_interval_opt),
	OPT(OPT_RX_USECS, "rx_usecs", "rx_usecs is missing",
	    parse_rx_usecs, .alias = "rx-usecs"),
	OPT(OPT_RX_FRAMES, "rx_frames", "rx_frames is missing",
	    parse_rx_frames, .alias = "rx-frames"),
	OPT(OPT_TX_USECS, "tx_usecs", "tx_usecs is missing",
	    parse_tx_usecs, .alias = "tx-usecs"),
	OPT(OPT_TX_FRAMES, "tx_frames", "tx_frames is missing",
	    parse_tx_frames, .alias = "tx-frames"),
	OPT(OPT_ADAPTIVE_RX, "adaptive_rx", "adaptive_rx is missing",
	    parse_adaptive_rx, .values = ON_OFF, .alias = "adaptive-rx"),
	OPT(OPT_ADAPTIVE_TX, "adaptive_tx", "adaptive_tx is missing",
	    parse_adaptive_tx, .values = ON_OFF, .alias = "adaptive-tx"),
	OPT(OPT_IRQ_RATE, "irq_rate", "irq_rate is missing",
	    parse_irq_rate, .alias = "irq-rate"),
	OPT(OPT_TUNNEL, "tunnel", "tunnel types are missing (tunnel TYPES)",
	    parse_tunnel),
	OPT(OPT_LOOPBACK, "loopback", "loopback is missing (loopback on|off)",
	    parse_loopback, .values = ON_OFF),
	OPT(OPT_ALLOW, "allow", "allowed addresses are missing (allow MAC[,MAC...]|none)",
	    parse_allow),
	OPT(OPT_TRUST, "trust", "trust is missing (trust on|off)",
	    parse_trust, .values = ON_OFF),
	OPT(OPT_SPOOFCHK, "spoofchk", "spoofchk is missing (spoofchk on|off|auto)",
	    parse_spoofchk, .values = "on off auto"),
};

static const struct opt_def *opt_by_bit(uint64_t bit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opt_defs); i++)
		if (opt_defs[i].bit == bit)
			return &opt_defs[i];
	return NULL;
}

/* The option @word names among @allowed; warns of a deprecated spelling. */
static const struct opt_def *opt_by_keyword(const char *word, uint64_t allowed,
					    bool warn)
{
	const struct opt_def *d;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opt_defs); i++) {
		d = &opt_defs[i];
		if (!(d->bit & allowed))
			continue;
		if (str_eq(word, d->keyword))
			return d;
		if (d->alias && str_eq(word, d->alias)) {
			if (warn)
				pr_warn("\"%s\" is deprecated, use \"%s\"",
					d->alias, d->keyword);
			return d;
		}
	}
	return NULL;
}

/* The keyword of option @bit (one OPT_* bit), or NULL. */
const char *opt_keyword(uint64_t bit)
{
	const struct opt_def *d = opt_by_bit(bit);

	return d ? d->keyword : NULL;
}

/* The words option @bit takes, separated by spaces, if a fixed few; or NULL. */
const char *opt_values(uint64_t bit)
{
	const struct opt_def *d = opt_by_bit(bit);

	return d ? d->values : NULL;
}

static int opt_set(struct opts *o, const struct opt_def *d, const char *arg)
{
	if (o->present & d->bit) {
		pr_err("\"%s\" is given twice", d->keyword);
		return EXIT_USAGE;
	}
	if (d->parse(o, arg)) {
		if (!*arg)
			pr_err("empty value for \"%s\"", d->keyword);
		return EXIT_USAGE;
	}
	o->present |= d->bit;
	return EXIT_OK;
}

/* Parses @argv for a command; EXIT_OK, or EXIT_USAGE with a message. */
int opts_parse(struct opts *o, const struct cmd_spec *spec, int argc, char **argv)
{
	uint64_t allowed = spec->required | spec->optional;
	const struct opt_def *d;
	size_t i;
	int ret;

	memset(o, 0, sizeof(*o));
	if (spec->positional && argc > 0 &&
	    !opt_by_keyword(argv[0], allowed, false)) {
		ret = opt_set(o, opt_by_bit(spec->positional), argv[0]);
		if (ret)
			return ret;
		argc--;
		argv++;
	}
	for (; argc > 0; argc -= 2, argv += 2) {
		d = opt_by_keyword(argv[0], allowed, true);
		if (!d) {
			pr_err("unknown argument \"%s\"", argv[0]);
			return EXIT_USAGE;
		}
		if (argc < 2) {
			pr_err("\"%s\" needs a value", argv[0]);
			return EXIT_USAGE;
		}
		ret = opt_set(o, d, argv[1]);
		if (ret)
			return ret;
	}
	for (i = 0; i < ARRAY_SIZE(opt_defs); i++) {
		d = &opt_defs[i];
		if ((spec->required & d->bit) && !(o->present & d->bit)) {
			pr_err("%s", d->missing);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}
