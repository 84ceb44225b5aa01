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

const struct feature *feature_table(size_t *count);
const char *feature_name(unsigned int bit, uint32_t device_id);
int features_parse(const char *s, uint64_t *features);
void print_features(const char *key, uint64_t features, uint32_t device_id);

#endif
