#!/usr/bin/env python3
"""meshsim serve stops cleanly (exit 0) on a SIGTERM that arrives before its handler is installed.

A SIGTERM during start-up (loading the scenario, building the world, starting the gRPC server's
threads, or right after "serving xDS" is printed) used to kill the process with the default
action: exit 143 instead of the clean stop. This check makes that window as wide as it can be:
the child starts with SIGTERM blocked (a blocked mask survives exec) and is sent SIGTERM at once,
so the signal is pending from before main(). meshsim serve must hold it until its handler is up,
then stop cleanly: exit 0 and its "signal 15, stopping" line. Before the fix the signal was never
taken (hang, then killed here: failure) or, unblocked, killed the process (-15: failure).

usage: serve_signal_check.py MESHSIM SCENARIO
"""
import signal
import subprocess
import sys


def main():
    meshsim, scenario = sys.argv[1], sys.argv[2]
    cmd = [meshsim, "serve", scenario, "--cloudmap-port", "0", "--xds-port", "0", "--speed", "10"]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}))
    proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        print("FAIL: the SIGTERM held during start-up never stopped meshsim serve:\n" + out)
        return 1
    if proc.returncode != 0 or "signal 15, stopping" not in out:
        print(f"FAIL: exit {proc.returncode} (want 0 and a clean stop):\n{out}")
        return 1
    print("PASS: a SIGTERM from before start-up stopped meshsim serve cleanly:\n" + out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
