#!/usr/bin/env python3
"""Runs one scenario with `meshsim run --report-dir` and checks the five report files:
report.json validates against docs/report.schema.json, junit.xml parses with one testcase per
assertion, trace.json is Chrome trace-event JSON (every event has the fields its phase needs),
report.html is one self-contained page with its charts (a timeline, request outcomes over time
when there was traffic and a CDF per hop with samples, each with labelled ticks on both axes),
the request outcomes in report.json add up, and report.md has its sections.

Usage: check_report_files.py MESHSIM SCENARIO SCHEMA OUT_DIR
Exit 0: all good; 1: a check failed (the reason is printed); 77: python3-jsonschema missing.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check_json(out, schema_path):
    import jsonschema
    with open(schema_path) as f:
        schema = json.load(f)
    with open(os.path.join(out, "report.json")) as f:
        report = json.load(f)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(report), key=str)
    if errors:
        fail("report.json does not match the schema: %s at %s" %
             (errors[0].message, "/".join(str(p) for p in errors[0].absolute_path)))
    return report


def check_junit(out, report):
    root = ET.parse(os.path.join(out, "junit.xml")).getroot()
    cases = root.findall(".//testcase")
    assertions = report["run"]["assertions"]
    if len(cases) != len(assertions):
        fail("junit.xml has %d testcases for %d assertions" % (len(cases), len(assertions)))
    failures = len(root.findall(".//testcase/failure"))
    if failures != report["run"]["failed"]:
        fail("junit.xml has %d failures, report.json %d" % (failures, report["run"]["failed"]))


def check_trace(out):
    with open(os.path.join(out, "trace.json")) as f:
        trace = json.load(f)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    if not isinstance(events, list) or not events:
        fail("trace.json has no traceEvents")
    for e in events:
        ph = e.get("ph")
        need = {"X": ["name", "ts", "dur", "pid", "tid"], "i": ["name", "ts", "pid", "tid"],
                "M": ["name", "pid", "args"], "B": ["name", "ts", "pid", "tid"],
                "E": ["ts", "pid", "tid"]}.get(ph)
        if need is None:
            fail("trace.json event with unexpected phase %r: %r" % (ph, e))
        missing = [k for k in need if k not in e]
        if missing:
            fail("trace.json %s event without %s: %r" % (ph, missing, e))
        if "ts" in e and not isinstance(e["ts"], (int, float)):
            fail("trace.json ts is not a number: %r" % e)


def check_html(out, report):
    with open(os.path.join(out, "report.html")) as f:
        html = f.read()
    if not html.startswith("<!DOCTYPE html>") or "</html>" not in html:
        fail("report.html is not a complete HTML document")
    for forbidden in ("<script", "http://", "https://", "<link"):
        if forbidden in html.replace('xmlns="http://www.w3.org/2000/svg"', ""):
            fail("report.html is not self-contained: it has %r" % forbidden)
    if 'id="timeline"' not in html:
        fail("report.html has no timeline chart")
    for hop, stats in report["hops"].items():
        if stats["count"] > 0 and ('id="cdf-%s"' % hop) not in html:
            fail("report.html has no CDF chart for hop %s (%d samples)" % (hop, stats["count"]))
    if "<h2>What it did to traffic</h2>" not in html:
        fail("report.html has no traffic section")
    if report["requests"]["total"]["total"] > 0 and 'id="requests"' not in html:
        fail("report.html has no request outcomes chart for %d requests" %
             report["requests"]["total"]["total"])
    # Every chart can be read: labelled ticks on both axes, a unit on the time axes.
    for svg in re.findall(r"<svg .*?</svg>", html, re.S):
        chart = re.search(r'id="([^"]+)"', svg).group(1)
        x_ticks = re.findall(r'<text class="tick x"[^>]*>([^<]+)</text>', svg)
        y_ticks = re.findall(r'<text class="tick y"[^>]*>([^<]+)</text>', svg)
        if len(x_ticks) < 2 or len(y_ticks) < 2:
            fail("report.html chart %s lacks tick labels (x %s, y %s)" % (chart, x_ticks, y_ticks))
        if not all(re.fullmatch(r"[0-9.e+-]+(ms|s|min|h)", t) for t in x_ticks):
            fail("report.html chart %s has x ticks without a time unit: %s" % (chart, x_ticks))


def check_requests(report):
    """The request outcomes add up: per second and per stream to the total."""
    requests = report["requests"]
    total = requests["total"]
    kinds = ("success", "retried", "connect_failure", "no_healthy_upstream")
    for name, counts in [("total", total)] + list(requests["by_stream"].items()):
        if counts["failed"] != counts["connect_failure"] + counts["no_healthy_upstream"]:
            fail("report.json requests %s: failed is not connect_failure + no_healthy_upstream" % name)
        if counts["total"] != sum(counts[k] for k in kinds):
            fail("report.json requests %s: total is not the sum of the outcomes" % name)
    for k in kinds + ("unsent",):
        by_stream = sum(c[k] for c in requests["by_stream"].values())
        if by_stream != total[k]:
            fail("report.json requests: %s per stream sums to %d, total says %d" % (k, by_stream, total[k]))
    for k in kinds:
        per_second = sum(row[k] for row in requests["per_second"])
        if per_second != total[k]:
            fail("report.json requests: %s per second sums to %d, total says %d" % (k, per_second, total[k]))


def check_markdown(out):
    with open(os.path.join(out, "report.md")) as f:
        md = f.read()
    for section in ("# meshsim report:", "## Propagation latency, all pods",
                    "## What it did to traffic", "## Assertions"):
        if section not in md:
            fail("report.md lacks %r" % section)


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    meshsim, scenario, schema, out = argv[1:]
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        print("skipped: python3-jsonschema is not installed (apt-get install python3-jsonschema)")
        sys.exit(77)
    run = subprocess.run([meshsim, "run", scenario, "--quiet", "--report-dir", out],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if run.returncode not in (0, 1):
        fail("meshsim run exited %d:\n%s" % (run.returncode, run.stdout))
    report = check_json(out, schema)
    check_requests(report)
    check_junit(out, report)
    check_trace(out)
    check_html(out, report)
    check_markdown(out)
    print("ok: %s: report.json (schema), junit.xml, trace.json, report.html, report.md" % out)


if __name__ == "__main__":
    main(sys.argv)
