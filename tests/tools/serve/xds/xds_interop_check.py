#!/usr/bin/env python3
"""Interop test of `meshsim serve --xds-port` with a real xDS client (issue 9, docs/xds.md).

Runs scenarios/scale-up-down.yaml paced at --speed, points the client (the C++ gRPC library's
xDS resolver, or @grpc/grpc-js-xds) at meshsim with a bootstrap file, dialing
xds:///colorapp.howto-k8s-cloudmap.svc.cluster.local, and reads the server's protocol log
(--xds-log): the client must ACK an EDS response holding the colorapp endpoints (blue and red
pods), then a later one with another set of blue pods, after the scenario scales colorapp-blue
(1 -> 4 at 1m, 4 -> 1 at 3m: a client slow to start, such as node on a loaded machine, may
first see 4 pods and then the scale-down; either change counts).

Exit 0 on success, 1 on failure, 77 (skip, with the reason) when the client cannot be had.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

TARGET = "xds:///colorapp.howto-k8s-cloudmap.svc.cluster.local"
NODE = "interop-client"
BLUE = "howto-k8s-cloudmap/colorapp-blue"
RED = "howto-k8s-cloudmap/colorapp-red"
NODE_PACKAGES = ["@grpc/grpc-js-xds@1.14.1", "@grpc/grpc-js@1.14.7"]


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(77)


def node_modules(build_dir):
    """Installs the pinned Node client into the build tree once; returns its node_modules."""
    if shutil.which("node") is None:
        skip("node is not installed")
    prefix = os.path.join(build_dir, "xds-node")
    modules = os.path.join(prefix, "node_modules")
    if not os.path.isdir(os.path.join(modules, "@grpc", "grpc-js-xds")):
        if shutil.which("npm") is None:
            skip("npm is not installed (needed once to fetch " + " ".join(NODE_PACKAGES) + ")")
        os.makedirs(prefix, exist_ok=True)
        r = subprocess.run(["npm", "install", "--prefix", prefix, "--no-save", "--no-audit",
                            "--no-fund", *NODE_PACKAGES], capture_output=True, text=True,
                           timeout=600)
        if r.returncode != 0:
            skip("npm install " + " ".join(NODE_PACKAGES) + " failed: " + r.stderr[-400:])
    return modules


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--meshsim", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--client", choices=["cpp", "node"], required=True)
    ap.add_argument("--cpp-client")
    ap.add_argument("--node-script")
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--speed", default="10")
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()

    env = dict(os.environ)
    if args.client == "node":
        env["NODE_PATH"] = node_modules(args.build_dir)
        client_cmd = ["node", args.node_script, TARGET, str(int(args.timeout))]
    else:
        client_cmd = [args.cpp_client, TARGET, str(int(args.timeout))]

    serve = subprocess.Popen(
        [args.meshsim, "serve", args.scenario, "--cloudmap-port", "0", "--xds-port", "0",
         "--xds-log", "--speed", args.speed],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = []
    port = None
    deadline = time.monotonic() + 30
    while port is None and time.monotonic() < deadline:
        line = serve.stdout.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(r"serving xDS \(ADS, gRPC\) at 127\.0\.0\.1:(\d+)", line)
        if m:
            port = int(m.group(1))
    if port is None:
        serve.kill()
        print("FAIL: meshsim serve did not print its xDS port:\n" + "".join(lines))
        return 1

    tmp = tempfile.mkdtemp(prefix="meshsim-xds-")
    bootstrap = os.path.join(tmp, "bootstrap.json")
    with open(bootstrap, "w") as f:
        json.dump({"xds_servers": [{"server_uri": f"127.0.0.1:{port}",
                                    "channel_creds": [{"type": "insecure"}],
                                    "server_features": ["xds_v3"]}],
                   "node": {"id": NODE, "cluster": "howto-k8s-cloudmap/front",
                            "locality": {"region": "meshsim", "zone": "z1"}}}, f)
    env["GRPC_XDS_BOOTSTRAP"] = bootstrap
    client = subprocess.Popen(client_cmd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    client_out = []
    threading.Thread(target=lambda: client_out.extend(client.stdout), daemon=True).start()

    sent = {}    # nonce -> {cluster: [endpoints]} of EDS responses to the client
    acked = []   # the EDS contents the client ACKed, in order
    first_ok = scaled_ok = first_blue = None
    start = time.monotonic()
    send_re = re.compile(rf"xds: node={NODE} send EDS version=(\S+) nonce=(\S+) resources=\[[^\]]*\](.*)")
    ack_re = re.compile(rf"xds: node={NODE} ACK EDS version=(\S+) nonce=(\S+)")
    nack_re = re.compile(rf"xds: node={NODE} NACK .*")
    try:
        while time.monotonic() - start < args.timeout and scaled_ok is None:
            line = serve.stdout.readline()
            if not line:
                break
            lines.append(line)
            if nack_re.search(line):
                print("client NACKed: " + line.strip())
            m = send_re.search(line)
            if m:
                clusters = {}
                for name, eps in re.findall(r" (\S+?)=\[([^\]]*)\]", m.group(3)):
                    clusters[name] = [e for e in eps.split(",") if e]
                sent[m.group(2)] = clusters
                continue
            m = ack_re.search(line)
            if m and m.group(2) in sent:
                got = sent[m.group(2)]
                acked.append(got)
                blue, red = len(got.get(BLUE, [])), len(got.get(RED, []))
                elapsed = time.monotonic() - start
                print(f"+{elapsed:.2f}s {args.client} client ACKed EDS version={m.group(1)}: "
                      f"blue={got.get(BLUE, [])} red={got.get(RED, [])}")
                if first_ok is None and blue >= 1 and red >= 1:
                    first_ok, first_blue = elapsed, got.get(BLUE)
                elif first_ok is not None and blue >= 1 and got.get(BLUE) != first_blue:
                    scaled_ok = elapsed
    finally:
        client.kill()
        serve.terminate()
        try:
            serve.wait(timeout=10)
        except subprocess.TimeoutExpired:
            serve.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    if first_ok is None or scaled_ok is None:
        print("FAIL: the client did not ACK "
              + ("the colorapp endpoints" if first_ok is None else "the scaled colorapp-blue")
              + f" within {args.timeout:.0f}s")
        print("--- meshsim serve (last 40 lines):\n" + "".join(lines[-40:]))
        print("--- client (last 20 lines):\n" + "".join(client_out[-20:]))
        return 1
    print(f"PASS: {args.client} client received the colorapp endpoints after {first_ok:.2f}s "
          f"and the scaled colorapp-blue after {scaled_ok:.2f}s (wall, speed {args.speed}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
