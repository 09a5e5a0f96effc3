#!/usr/bin/env python3
"""Runs the real aws CLI against `meshsim serve` (and, in --mode differential, against moto's
server too) and checks the answers. Exit 0 pass, 1 fail, 77 skipped (aws or moto missing).

  --mode walkthrough   the walkthrough's three discover-instances commands against `meshsim
                       serve SCENARIO --speed 60` once its world ran the scenario's duration;
                       the answers must equal `meshsim run`'s views of the same commands.
  --mode differential  one fixed sequence of `aws servicediscovery` calls against moto and
                       meshsim; normalises ids, ARNs, dates and tokens and compares. Every
                       difference must be listed in EXPECTED (docs/cloudmap-differences.md).
"""
import argparse, json, os, re, socket, subprocess, sys, tempfile, time

SKIP = 77
NS = "howto-k8s-cloudmap.pvt.aws.local"

# step name -> why meshsim (following AWS) differs from moto; see docs/cloudmap-differences.md.
EXPECTED = {
    "get-namespace-http": "D1 moto omits ServiceCount/ResourceOwner; HTTP DnsProperties",
    "list-namespaces": "D1 moto omits ServiceCount/ResourceOwner, HttpName of DNS namespaces",
    "get-operation-namespace": "D2 moto operations are born SUCCESS with other fields",
    "create-service-colorteller": "D3 moto Service lacks Type/InstanceCount/ResourceOwner/CreatedByAccount",
    "create-service-dns": "D3 moto Service lacks Type/InstanceCount/ResourceOwner/CreatedByAccount",
    "get-service": "D3 moto Service lacks Type/InstanceCount/ResourceOwner/CreatedByAccount",
    "list-services": "D3 moto ServiceSummary lacks Type/InstanceCount/... ",
    "list-instances": "D4 moto Instance lacks CreatedByAccount, no ResourceOwner",
    "list-instances-page1": "D4/D5 moto ignores MaxResults (no NextToken)",
    "get-instance": "D4 moto Instance lacks CreatedByAccount, no ResourceOwner",
    "discover-default": "D6 AWS_INIT_HEALTH_STATUS honoured; InstancesRevision semantics",
    "discover-all": "D6 AWS_INIT_HEALTH_STATUS honoured; InstancesRevision semantics",
    "discover-healthy": "D6 AWS_INIT_HEALTH_STATUS honoured",
    "discover-unhealthy": "D6 AWS_INIT_HEALTH_STATUS honoured",
    "discover-healthy-or-else-all": "D6 AWS_INIT_HEALTH_STATUS honoured",
    "discover-optional": "D6 AWS_INIT_HEALTH_STATUS honoured; InstancesRevision semantics",
    "health-status": "D6 AWS_INIT_HEALTH_STATUS honoured; custom health takes ~30 s on AWS",
    "health-status-after-update": "D8 custom health change applies after ~30 s on AWS",
    "error-duplicate-service": "D9 moto never raises ServiceAlreadyExists",
    "error-delete-nonempty-service": "D9 moto deletes a service with instances (AWS ResourceInUse)",
    "error-delete-nonempty-namespace": "D9 moto deletes a namespace with services (AWS ResourceInUse)",
    "deregister-blue": "D9 moto already deleted the non-empty service (ServiceNotFound)",
    "deregister-red": "D9 moto already deleted the non-empty service (ServiceNotFound)",
    "deregister-white": "D9 moto already deleted the non-empty service (ServiceNotFound)",
    "error-get-service-arn": "D10 moto accepts ids only",
    "error-bad-health-status": "D11 moto answers CustomHealthNotFound",
    "error-discover-max-results": "D12 moto does not enforce MaxResults <= 1000",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def have(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def wait_port(port, proc, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def start_meshsim(meshsim, scenario=None, extra=()):
    cmd = [meshsim, "serve"] + ([scenario] if scenario else []) + ["--cloudmap-port", "0"] + list(extra)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"serving Cloud Map at (http://\S+)", line)
        if m:
            return proc, m.group(1)
    stop(proc)
    raise SystemExit("meshsim serve did not print its URL")


def wait_line(proc, text, seconds):
    """Waits until a line of proc's output contains `text` (False at EOF or after `seconds`);
    keeps draining the output afterwards so the pipe never fills."""
    import threading
    found = threading.Event()

    def drain():
        for line in proc.stdout:
            if text in line:
                found.set()
    threading.Thread(target=drain, daemon=True).start()
    return found.wait(seconds)


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class Cli:
    def __init__(self, url, home):
        self.url = url
        self.env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                        AWS_DEFAULT_REGION="us-west-2", AWS_DISABLE_HOST_PREFIX_INJECTION="true",
                        AWS_PAGER="", AWS_MAX_ATTEMPTS="1", AWS_EC2_METADATA_DISABLED="true",
                        AWS_CONFIG_FILE=os.path.join(home, "config"),
                        AWS_SHARED_CREDENTIALS_FILE=os.path.join(home, "credentials"))

    def __call__(self, *args):
        cmd = ["aws", "--endpoint-url", self.url, "--output", "json", "servicediscovery"] + list(args)
        p = subprocess.run(cmd, capture_output=True, text=True, env=self.env, timeout=60)
        if p.returncode != 0:
            m = re.search(r"An error occurred \((\w+)\)", p.stderr)
            return {"error": m.group(1) if m else "exit %d: %s" % (p.returncode, p.stderr.strip()[:200])}
        return json.loads(p.stdout) if p.stdout.strip() else {}


def wait_operation(cli, op_id, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        r = cli("get-operation", "--operation-id", op_id)
        if r.get("Operation", {}).get("Status") in ("SUCCESS", "FAIL") or "error" in r:
            return r
        time.sleep(0.25)
    return r


ATTRS = [("192.168.10.38", "blue", "HEALTHY"), ("192.168.10.39", "red", "HEALTHY"),
         ("192.168.10.40", "white", "UNHEALTHY")]


def attrs(ip, version, init):
    return ("AWS_INSTANCE_IPV4=%s,AWS_INIT_HEALTH_STATUS=%s,app=colorapp,version=%s,"
            "pod-template-hash=6f99884fd4,k8s.io/namespace=howto-k8s-cloudmap,"
            "k8s.io/pod=colorapp-%s-6f99884fd4-2h4jt" % (ip, init, version, version))


def sequence(cli):
    """Runs the fixed sequence; returns [(step, result)]."""
    out = []

    def step(name, *args):
        r = cli(*args)
        out.append((name, r))
        return r

    ids = {}
    for kind, args in (("http", ["create-http-namespace", "--name", "diff-http.local"]),
                       ("private", ["create-private-dns-namespace", "--name", NS, "--vpc", "vpc-1234"]),
                       ("public", ["create-public-dns-namespace", "--name", "diff-public.example.com"])):
        r = step("create-namespace-" + kind, *args)
        op = wait_operation(cli, r.get("OperationId", "none"))
        ids[kind] = op.get("Operation", {}).get("Targets", {}).get("NAMESPACE", "none")
        if kind == "http":
            out.append(("get-operation-namespace", op))
    step("list-namespaces", "list-namespaces")
    step("get-namespace-http", "get-namespace", "--id", ids["http"])
    svc = step("create-service-colorteller", "create-service", "--name", "colorapp", "--namespace-id",
               ids["private"], "--dns-config", "RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=300}]",
               "--health-check-custom-config", "FailureThreshold=1")
    sid = svc.get("Service", {}).get("Id", "none")
    step("create-service-dns", "create-service", "--name", "front", "--namespace-id", ids["private"],
         "--dns-config", "RoutingPolicy=WEIGHTED,DnsRecords=[{Type=A,TTL=60}]")
    step("get-service", "get-service", "--id", sid)
    step("list-services", "list-services")
    for ip, version, init in ATTRS:
        r = step("register-" + version, "register-instance", "--service-id", sid, "--instance-id", ip,
                 "--attributes", attrs(ip, version, init))
        wait_operation(cli, r.get("OperationId", "none"))
    step("list-instances", "list-instances", "--service-id", sid)
    step("list-instances-page1", "list-instances", "--service-id", sid, "--max-results", "1", "--no-paginate")
    step("get-instance", "get-instance", "--service-id", sid, "--instance-id", "192.168.10.38")
    d = ["discover-instances", "--namespace-name", NS, "--service-name", "colorapp"]
    step("discover-default", *d)
    for f in ("ALL", "HEALTHY", "UNHEALTHY", "HEALTHY_OR_ELSE_ALL"):
        step("discover-" + f.lower().replace("_", "-"), *d, "--health-status", f)
    step("discover-blue", *d, "--query-parameters", "version=blue")
    step("discover-optional", *d, "--optional-parameters", "version=green")
    step("discover-revision", "discover-instances-revision", "--namespace-name", NS, "--service-name", "colorapp")
    step("health-status", "get-instances-health-status", "--service-id", sid)
    step("update-health", "update-instance-custom-health-status", "--service-id", sid,
         "--instance-id", "192.168.10.38", "--status", "UNHEALTHY")
    step("health-status-after-update", "get-instances-health-status", "--service-id", sid)
    # Errors.
    step("error-get-service", "get-service", "--id", "srv-doesnotexist00000")
    step("error-get-namespace", "get-namespace", "--id", "ns-doesnotexist00000")
    step("error-get-operation", "get-operation", "--operation-id", "nosuchoperation")
    step("error-get-instance", "get-instance", "--service-id", sid, "--instance-id", "10.9.9.9")
    step("error-discover-namespace", "discover-instances", "--namespace-name", "nope.local",
         "--service-name", "colorapp")
    step("error-duplicate-service", "create-service", "--name", "colorapp", "--namespace-id", ids["private"],
         "--dns-config", "RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=300}]")
    step("error-delete-nonempty-service", "delete-service", "--id", sid)
    step("error-delete-nonempty-namespace", "delete-namespace", "--id", ids["private"])
    step("error-get-service-arn", "get-service", "--id", svc.get("Service", {}).get("Arn", "none"))
    step("error-bad-health-status", "update-instance-custom-health-status", "--service-id", sid,
         "--instance-id", "192.168.10.38", "--status", "GREEN")
    step("error-discover-max-results", *d, "--max-results", "5000")
    # Clean up.
    for ip, version, _ in ATTRS:
        r = step("deregister-" + version, "deregister-instance", "--service-id", sid, "--instance-id", ip)
        wait_operation(cli, r.get("OperationId", "none"))
    step("delete-service", "delete-service", "--id", sid)
    return out


ID_RE = re.compile(r"\b(ns|srv)-[a-z0-9]+\b")
OP_KEYS = {"OperationId", "CreateDate", "UpdateDate", "NextToken", "HostedZoneId", "Id", "Arn",
           "NamespaceId", "InstancesRevision", "CreatorRequestId"}


def normalise(v, key=None):
    if isinstance(v, dict):
        return {k: normalise(x, k) for k, x in sorted(v.items())}
    if isinstance(v, list):
        items = [normalise(x) for x in v]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    if key in OP_KEYS and key not in ("Id",) or (key == "Id" and isinstance(v, str) and
                                                  (ID_RE.match(v) or len(v) > 20)):
        return "<%s>" % key
    if isinstance(v, str):
        return ID_RE.sub(lambda m: "<%s-id>" % m.group(1), re.sub(r"arn:aws:servicediscovery:[^\s\"]+", "<arn>", v))
    return v


def differential(meshsim):
    home = tempfile.mkdtemp()
    moto_port = free_port()
    moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    serve = None
    try:
        if not wait_port(moto_port, moto):
            print("FAIL: moto server did not start")
            return 1
        serve, url = start_meshsim(meshsim)
        theirs = sequence(Cli("http://127.0.0.1:%d" % moto_port, home))
        ours = sequence(Cli(url, home))
    finally:
        stop(serve)
        stop(moto)
    new, gone = [], []
    for (name, a), (_, b) in zip(theirs, ours):
        na, nb = normalise(a), normalise(b)
        same = na == nb
        if not same and name not in EXPECTED:
            new.append(name)
            print("NEW DIFFERENCE in %s\n  moto:    %s\n  meshsim: %s" % (name, json.dumps(na, sort_keys=True),
                                                                            json.dumps(nb, sort_keys=True)))
        elif same and name in EXPECTED:
            gone.append(name)
        elif not same:
            print("expected difference in %s (%s)" % (name, EXPECTED[name]))
    for name in gone:
        print("note: %s no longer differs; remove it from EXPECTED" % name)
    print("%d steps, %d new differences" % (len(ours), len(new)))
    return 1 if new else 0


SPEED = 60  # simulated seconds per wall second: the walkthrough's 4m15s take about 4 s


def run_views(meshsim, scenario):
    """`meshsim run`'s discover-instances views: [(argv after 'discover-instances', answer)]."""
    p = subprocess.run([meshsim, "run", scenario], capture_output=True, text=True, timeout=600)
    views, text, decoder = [], p.stdout, json.JSONDecoder()
    for m in re.finditer(r"^\$ aws servicediscovery discover-instances (.*)$", text, re.M):
        answer, _ = decoder.raw_decode(text[m.end():].lstrip())
        views.append((m.group(1).split(), answer))
    return views


def same_answer(got, want):
    key = lambda i: i.get("InstanceId", "")
    return (sorted(got.get("Instances", []), key=key) == sorted(want.get("Instances", []), key=key)
            and got.get("InstancesRevision") == want.get("InstancesRevision"))


def walkthrough(meshsim, scenario):
    """The seed's three discover-instances commands, verbatim plus --endpoint-url, against
    `meshsim serve SCENARIO --speed 60` once its world reached the scenario's duration; each
    answer must equal what `meshsim run` prints for the same command (same scenario, same seed)
    and show the walkthrough's facts (one front pod; only the blue, only the red pod)."""
    home = tempfile.mkdtemp()
    views = run_views(meshsim, scenario)
    if len(views) != 3:
        print("FAIL: meshsim run printed %d discover-instances views, expected 3" % len(views))
        return 1
    serve, url = start_meshsim(meshsim, scenario, ["--speed", str(SPEED)])
    try:
        if not wait_line(serve, "reached the scenario's duration", 300):
            print("FAIL: meshsim serve never reported reaching the scenario's duration")
            return 1
        cli = Cli(url, home)
        failures = 0
        for argv, want in views:
            got = cli("discover-instances", *argv)
            inst = got.get("Instances", [])
            facts = (len(inst) == 1 and all(
                i["InstanceId"] == i["Attributes"].get("AWS_INSTANCE_IPV4") and
                i["NamespaceName"] == NS and i["ServiceName"] == argv[argv.index("--service-name") + 1]
                for i in inst))
            if "--query-parameters" in argv:
                version = argv[argv.index("--query-parameters") + 1].split("=")[1]
                facts = facts and all(i["Attributes"].get("version") == version for i in inst)
            ok = facts and same_answer(got, want)
            print(("ok   " if ok else "FAIL ") + "discover-instances " + " ".join(argv) + " -> " +
                  json.dumps(got, sort_keys=True))
            if not ok:
                print("     meshsim run printed: " + json.dumps(want, sort_keys=True))
                failures += 1
        return 1 if failures else 0
    finally:
        stop(serve)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--meshsim", required=True)
    ap.add_argument("--mode", choices=["walkthrough", "differential"], required=True)
    ap.add_argument("--scenario")
    a = ap.parse_args()
    if not have(["aws", "--version"]):
        print("SKIPPED: the aws CLI is not installed (aws --version failed)")
        return SKIP
    if a.mode == "differential":
        if not have([sys.executable, "-c", "import moto.server"]):
            print("SKIPPED: moto is not installed (python3 -c 'import moto' failed)")
            return SKIP
        return differential(a.meshsim)
    return walkthrough(a.meshsim, a.scenario)


if __name__ == "__main__":
    sys.exit(main())
