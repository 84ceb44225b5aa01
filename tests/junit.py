#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn tests/run-all.sh's results (TSV: suite, test, result, seconds,
detail) into JUnit XML, one <testsuite> per suite, for CI tools to read.

    junit.py RESULTS.tsv OUT.xml TOTAL_SECONDS
"""
import sys
import xml.etree.ElementTree as ET


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    suites = {}
    order = []
    for line in open(sys.argv[1], encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 4:
            continue
        suite, name, result, seconds = fields[:4]
        detail = fields[4] if len(fields) > 4 else ""
        if suite not in suites:
            suites[suite] = {"cases": [], "time": 0.0}
            order.append(suite)
        if result == "time":
            suites[suite]["time"] = float(seconds or 0)
            continue
        suites[suite]["cases"].append((name, result, float(seconds or 0), detail))
    root = ET.Element("testsuites", name="ovnic", time=sys.argv[3])
    for suite in order:
        cases = suites[suite]["cases"]
        time = suites[suite]["time"] or sum(c[2] for c in cases)
        ts = ET.SubElement(root, "testsuite", name=suite,
                           tests=str(len(cases)),
                           failures=str(sum(c[1] == "fail" for c in cases)),
                           skipped=str(sum(c[1] == "skip" for c in cases)),
                           time="%.3f" % time)
        for name, result, seconds, detail in cases:
            tc = ET.SubElement(ts, "testcase", classname=suite, name=name,
                               time="%.3f" % seconds)
            if result == "fail":
                ET.SubElement(tc, "failure", message=detail or "failed")
            elif result == "skip":
                ET.SubElement(tc, "skipped")
    ET.ElementTree(root).write(sys.argv[2], encoding="utf-8",
                               xml_declaration=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
