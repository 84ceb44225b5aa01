#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# completion.sh GRAMMAR_DUMP VDPA_CTL COMPLETION: checks the bash completion
# against vdpa-ctl's command tables, as GRAMMAR_DUMP (tests/grammar_dump.c)
# prints them: every command under every object, every keyword of every
# command (after a device name where the command takes one), every fixed
# value of every keyword, the deprecated objects too.  Feature names come
# from VDPA_CTL itself (feature show needs no kernel).  Fails, naming what
# is missing, when an entry of the tables is not offered.
set -u
dump=$1 prog=$2
# shellcheck source=/dev/null
. "$3" || exit 1
# Device names: none from sysfs or the kernel in this test.
_vdpa_ctl_devs() { :; }
_vdpa_ctl_mgmtdevs() { :; }

failed=0 checked=0

# offers WORDS_BEFORE_CUR... CUR: the completion for that command line.
offers() {
	COMP_WORDS=("$prog" "$@")
	COMP_CWORD=$(($# ))
	COMPREPLY=()
	_vdpa_ctl
	printf '%s\n' "${COMPREPLY[@]}"
}

# expect_cur "LINE" CUR WORD...: completing CUR after LINE's words offers
# every WORD.
expect_cur() {
	local line=$1 cur=$2 w got
	shift 2
	# shellcheck disable=SC2086 # word splitting wanted
	got=" $(offers $line "$cur" | tr '\n' ' ') "
	for w in "$@"; do
		checked=$((checked + 1))
		if [[ $got != *" $w "* ]]; then
			echo "completion: after \"vdpa-ctl $line $cur\" no \"$w\" (offered:$got)" >&2
			failed=$((failed + 1))
		fi
	done
}

# expect "LINE" WORD...: the next word after LINE may be any WORD.
expect() {
	local line=$1
	shift
	expect_cur "$line" '' "$@"
}

dumped=$("$dump") || { echo "completion: $dump failed" >&2; exit 1; }
while IFS='|' read -r kind path a b; do
	case $kind in
	cmds)
		# shellcheck disable=SC2086
		expect "$path" $a help ;;
	args)
		# a command taking a device: the keywords after its name
		[ "$a" = - ] && pre=$path || pre="$path d0"
		# shellcheck disable=SC2086
		[ -n "${b// /}" ] && expect "$pre" $b
		[ "$a" = - ] || expect "$path" help ;;
	values)
		if grep -qF "args|$path|-|" <<<"$dumped"; then
			pre=$path
		else
			pre="$path d0"
		fi
		# shellcheck disable=SC2086
		expect "$pre $a" $b ;;
	nospec)
		echo "completion: \"$path\" has no cmd_spec in its table" >&2
		failed=$((failed + 1)) ;;
	*)
		echo "completion: unknown line \"$kind\" from $dump" >&2
		failed=$((failed + 1)) ;;
	esac
done <<<"$dumped"

# Partial words, lists and the global options.
expect_cur dev co coal config
expect "-j dev coal set d0 adaptive_rx" on off
expect_cur "dev hash set d0 tunnel" vxlan,g vxlan,gre_2784 vxlan,geneve
expect_cur "dev add name x device_features" VERSION_1,M VERSION_1,MAC VERSION_1,MQ
expect "coal set d0 rx_usecs 5" rx_frames irq_rate
expect_cur "" - --json -p

if ((failed)); then
	echo "completion: $failed of $checked checks failed" >&2
	exit 1
fi
echo "completion: all $checked checks passed"
