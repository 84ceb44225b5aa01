#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "ovnic" netlink family from its spec, Documentation/netlink/specs/ovnic.yaml,
# with the kernel's own generator (tools/net/ynl/ynl-gen-c.py) from Debian's
# linux-source-6.12, and vdpa-ctl's policies for replies and events with
# scripts/netlink-gen-libnl.py (over the same kernel's YNL library):
#	scripts/netlink-gen.sh			regenerate the checked-in files
#	scripts/netlink-gen.sh check		exit 1 (and show the diff) if
#						they differ from what the spec
#						gives now
#	scripts/netlink-gen.sh tree		only extract the generator; print
#						its tools/net/ynl directory (the
#						tests' PYTHONPATH is its lib/..)
# The generator, its YNL library and the spec schemas are extracted once from
# the tarball (OVNIC_KERNEL_SOURCE, default /usr/src/linux-source-6.12.tar.xz)
# into build/ynl and extracted again when the tarball changes.  The spec is
# copied into that tree at the path it has here, so that the generator finds
# the kernel's schema (Documentation/netlink/genetlink-c.yaml) and writes the
# spec's path into the files it makes.  Needs python3-yaml and
# python3-jsonschema (make setup).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARBALL=${OVNIC_KERNEL_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
TREE=$REPO/build/ynl/linux-source-6.12
SPEC=Documentation/netlink/specs/ovnic.yaml
PYTHON=${PYTHON:-}

# generated file <- generator (ynl: ynl-gen-c.py, libnl: netlink-gen-libnl.py)
# and its arguments
OUTPUTS=(
	"kernel/include/uapi/linux/ovnic.h:ynl --mode uapi --header"
	"kernel/nl_gen.h:ynl --mode kernel --header"
	"kernel/nl_gen.c:ynl --mode kernel --source"
	"vdpa-ctl/ovnic_policy_gen.h:libnl --header"
	"vdpa-ctl/ovnic_policy_gen.c:libnl --source"
)

die() {
	echo "netlink-gen: $*" >&2
	exit 1
}

# The generator and its library, extracted when missing or the tarball changed.
# One extraction at a time (VM tests may start side by side).
tree() {
	local stamp=$REPO/build/ynl/stamp want
	[ -s "$TARBALL" ] || die "no $TARBALL: install linux-source-6.12 (make setup)"
	want=$(stat -c '%s %Y' "$TARBALL")
	mkdir -p "$REPO/build"
	exec 8>"$REPO/build/.ynl.lock"
	flock -w 300 8 || die "timed out waiting for build/.ynl.lock"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
	   [ -f "$TREE/tools/net/ynl/ynl-gen-c.py" ]; then
		return
	fi
	rm -rf "$REPO/build/ynl"
	mkdir -p "$REPO/build/ynl"
	nice -n 19 tar -C "$REPO/build/ynl" -xJf "$TARBALL" --wildcards \
		'linux-source-6.12/tools/net/ynl/*' \
		'linux-source-6.12/Documentation/netlink/*' \
		linux-source-6.12/MAINTAINERS ||
		die "cannot extract tools/net/ynl from $TARBALL"
	echo "$want" >"$stamp"
}

# A python3 with yaml and jsonschema: $PYTHON, else the first on PATH
# that has them, else Debian's.
python() {
	local p
	for p in ${PYTHON:-$(type -ap python3) /usr/bin/python3}; do
		if "$p" -c 'import yaml, jsonschema' 2>/dev/null; then
			PYTHON=$p
			return
		fi
	done
	die "no python3 with yaml and jsonschema: install python3-yaml python3-jsonschema (make setup)"
}

# gen DIR: the generated files under DIR, at their paths in the repository.
gen() {
	local dir=$1 out file mode
	tree
	python
	mkdir -p "$TREE/$(dirname "$SPEC")"
	cp "$REPO/$SPEC" "$TREE/$SPEC"
	for out in "${OUTPUTS[@]}"; do
		file=${out%%:*}
		mode=${out#*:}
		args=${mode#* }
		mkdir -p "$dir/$(dirname "$file")"
		# shellcheck disable=SC2086 # the generator's options
		case ${mode%% *} in
		ynl)
			(cd "$TREE/tools/net/ynl" &&
			 "$PYTHON" ./ynl-gen-c.py $args --spec "$TREE/$SPEC" \
				-o "$dir/$file") >/dev/null ||
				die "ynl-gen-c.py $args failed on $SPEC"
			;;
		libnl)
			# from the tree, so that the file names the spec's
			# path here and the schema is found beside it
			(cd "$TREE" &&
			 "$PYTHON" "$REPO/scripts/netlink-gen-libnl.py" \
				--ynl tools/net/ynl $args --spec "$SPEC" \
				-o "$dir/$file") ||
				die "netlink-gen-libnl.py $args failed on $SPEC"
			;;
		esac
	done
}

case "${1:-}" in
"")
	gen "$REPO"
	echo "netlink-gen: ${OUTPUTS[*]%%:*} from $SPEC"
	;;
check)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	gen "$tmp"
	rc=0
	for out in "${OUTPUTS[@]}"; do
		file=${out%%:*}
		diff -u "$REPO/$file" "$tmp/$file" || rc=1
	done
	if [ $rc -ne 0 ]; then
		echo "netlink-gen: the generated files are stale: run make netlink-gen" >&2
		exit 1
	fi
	echo "netlink-gen: the generated files are current"
	;;
tree)
	tree
	echo "$TREE/tools/net/ynl"
	;;
*)
	sed -n '3,22s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
