/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio feature bits by name: the device-independent (transport) bits and
 * the network device's, numbered by the uAPI headers (virtio_compat.h).
 */
#ifndef VDPA_CTL_FEATURES_H
#define VDPA_CTL_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct feature {
	unsigned int bit;
	const char *name;	/* the spec's name without its prefix */
	const char *alias;	/* another accepted spelling, or NULL */
	bool transport;		/* VIRTIO_F_ (device independent), not VIRTIO_NET_F_ */
};

/*
 * A named feature set for "dev add ... profile NAME": the device offers what
 * its management device supports within @allowed, and must offer all of
 * @required.
 */
struct feature_profile {
	const char *name;
	uint64_t allowed;
	uint64_t required;
};

#define FEATURE_PROFILE_NAMES	"migratable"

const struct feature_profile *feature_profile_by_name(const char *name);
int feature_profile_apply(const struct feature_profile *p, uint64_t supported,
			  uint64_t *features);

const struct feature *feature_table(size_t *count);
const char *feature_name(unsigned int bit, uint32_t device_id);
int features_parse(const char *s, uint64_t *features);
void print_features(const char *key, uint64_t features, uint32_t device_id);

#endif
