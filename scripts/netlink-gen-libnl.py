#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""libnl policies for a reader of a YNL family's replies and events.

    netlink-gen-libnl.py --ynl DIR --spec SPEC (--header | --source) -o OUT

writes one libnl "struct nla_policy" table per attribute set of SPEC,
indexed by the uapi header's attribute enum (name-prefix of the set): the
libnl type of each attribute and the lengths that are its wire format.
DIR is the kernel's tools/net/ynl (its lib package reads the spec).
scripts/netlink-gen.sh runs it for vdpa-ctl (make netlink-gen).

A policy for replies is not the kernel's policy for requests.  It checks
what a reader relies on -- the size of each integer, a NUL at the end of a
string, the exact length of a binary (exact-len, min-len) -- and none of the
limits the kernel puts on what it accepts (max-len, min, max, flags-mask,
enum): a reply may legitimately exceed them (a vDPA device's name may be
longer than one a request can give), and libnl has no ranges.
"""

import argparse
import os
import sys

# YNL type -> libnl type, for types whose size libnl checks by itself
LIBNL_TYPES = {
    'u8': 'NLA_U8',
    'u16': 'NLA_U16',
    'u32': 'NLA_U32',
    'u64': 'NLA_U64',
    'string': 'NLA_STRING',
    'flag': 'NLA_FLAG',
    'nest': 'NLA_NESTED',
    'binary': 'NLA_BINARY',
}
# libnl has types for these but no minimal length: give it
SIGNED = {'s8': 1, 's16': 2, 's32': 4, 's64': 8}


def c_upper(name):
    return name.upper().replace('-', '_')


def c_lower(name):
    return name.lower().replace('-', '_')


def attr_enum(aset, attr):
    return c_upper(aset.yaml.get('name-prefix', '') + attr.name)


def attr_max(family, aset):
    """The uapi's name of the set's last attribute (what ynl-gen-c writes)."""
    if 'attr-max-name' in aset.yaml:
        return c_upper(aset.yaml['attr-max-name'])
    return c_upper(family.name + '-a-' + aset.name + '-max')


def policy_name(family, aset):
    if aset.name == family.name:
        return c_lower(family.name) + '_policy'
    return c_lower(family.name + '-' + aset.name) + '_policy'


def entry(attr):
    """The policy of one attribute as C initializer fields, or None."""
    t = attr.type
    checks = attr.yaml.get('checks', {})
    if t in ('unused', 'pad'):
        return None
    if t in SIGNED:
        n = SIGNED[t]
        return ['.type = NLA_%s' % c_upper(t), '.minlen = %d' % n]
    if t in ('uint', 'sint'):
        return ['.minlen = 4', '.maxlen = 8']
    if t not in LIBNL_TYPES:
        raise SystemExit('netlink-gen-libnl: %s: type %s has no libnl policy'
                         % (attr.name, t))
    fields = ['.type = ' + LIBNL_TYPES[t]]
    if t == 'binary':
        exact = checks.get('exact-len')
        if exact is not None:
            fields += ['.minlen = %s' % exact, '.maxlen = %s' % exact]
        elif 'min-len' in checks:
            fields.append('.minlen = %s' % checks['min-len'])
    return fields


def write(out, args, family):
    spec = args.spec
    guard = 'VDPA_CTL_%s_POLICY_GEN_H' % c_upper(family.name)
    sets = list(family.attr_sets.values())
    cmt = '//' if args.source else '/*'
    end = '' if args.source else ' */'
    out.write('%s SPDX-License-Identifier: %s%s\n'
              % (cmt, family.license, end))
    out.write('/*\n'
              ' * Generated from %s\n'
              ' * by scripts/netlink-gen-libnl.py, do not edit; '
              'make netlink-gen.\n'
              ' * What a reader of the %s family\'s replies and events '
              'checks\n'
              ' * (the script says what).\n'
              ' */\n' % (spec, family.name))
    if args.header:
        out.write('#ifndef %s\n#define %s\n\n' % (guard, guard))
        out.write('#include <netlink/attr.h>\n\n')
        out.write('#include "uapi/%s"\n\n' % family.yaml['uapi-header'])
        for aset in sets:
            out.write('extern const struct nla_policy %s[%s + 1];\n'
                      % (policy_name(family, aset), attr_max(family, aset)))
        out.write('\n#endif\n')
        return
    header = os.path.splitext(os.path.basename(args.output))[0] + '.h'
    out.write('#include "%s"\n' % header)
    for aset in sets:
        out.write('\nconst struct nla_policy %s[%s + 1] = {\n'
                  % (policy_name(family, aset), attr_max(family, aset)))
        for attr in aset.attrs.values():
            fields = entry(attr)
            if fields:
                out.write('\t[%s] = { %s },\n'
                          % (attr_enum(aset, attr), ', '.join(fields)))
        out.write('};\n')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--ynl', required=True,
                   help="the kernel's tools/net/ynl directory")
    p.add_argument('--spec', required=True)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument('--header', action='store_true')
    mode.add_argument('--source', action='store_true')
    p.add_argument('-o', dest='output', required=True)
    args = p.parse_args()

    sys.path.insert(0, args.ynl)
    from lib import SpecFamily  # noqa: E402

    family = SpecFamily(args.spec)
    tmp = args.output + '.tmp'
    with open(tmp, 'w') as out:
        write(out, args, family)
    os.replace(tmp, args.output)


if __name__ == '__main__':
    main()
