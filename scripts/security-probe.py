#!/usr/bin/env python3
"""Black-box security probe of a running Cotiza server (issue 17).

Sets up two organisations through the public sign-up (admins, sales users,
API keys of both roles, products, prices, quotes from the wizard and REST,
customers, a vehicle, a quote video and 360° jobs), then probes tenant
isolation, CSRF, role checks, SQL and HTML injection, stored files, open
redirects, abuse limits and /metrics, counting every request. Prints a
table per category and exits 1 if any check failed (2 if setup failed).

    scripts/security-probe.py --base-url http://127.0.0.1:3000 [--video car.mp4] [--metrics-token T]

`scripts/security-probe.sh` builds the server and runs this against
SQLite and PostgreSQL. The server must be fresh (its throttles are
exercised to the end), listen on loopback and not trust proxy headers.
Python 3.11 with `requests`.
"""
import argparse
import json
import os
import secrets
import sys
import time
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from security_probe import csrf_roles, files_redirect, injection, isolation, limits, world  # noqa: E402
from security_probe.client import Client, Tally  # noqa: E402


def step(t, name, fn, *args):
    try:
        return fn(*args)
    except world.SetupError:
        raise
    except Exception as e:  # a crashed category is a failure, the others still run
        t.cat(name)
        t.check(False, f"{name} stopped: {type(e).__name__}: {e}", None, traceback.format_exc(limit=3).replace("\n", " | ")[-600:])
        return None


def summary(t, label, seconds, every=False):
    lines = [f"\nSecurity probe — {label} — {seconds:.0f} s", f"{'category':<26}{'requests':>9}{'checks':>8}{'passed':>8}{'failed':>8}"]
    total = {"requests": 0, "checks": 0, "passed": 0, "failed": 0}
    for name, cat in t.cats.items():
        lines.append(f"{name:<26}{cat['requests']:>9}{cat['checks']:>8}{cat['passed']:>8}{cat['failed']:>8}")
        for k in total:
            total[k] += cat[k]
    lines.append(f"{'total':<26}{total['requests']:>9}{total['checks']:>8}{total['passed']:>8}{total['failed']:>8}")
    for name, cat in t.cats.items():
        if cat["failed"]:
            lines.append(f"\n[{name}] {cat['failed']} failed; first: {cat['first']}")
            for more in cat["failures"][1:None if every else 6]:
                lines.append(f"    also: {more.splitlines()[0]}")
    for note in t.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines), total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--video", help="a short video for a 360° upload (its frames are probed too)")
    ap.add_argument("--metrics-token", default=os.environ.get("METRICS_TOKEN", ""))
    ap.add_argument("--wizard-per-ip", type=int, default=int(os.environ.get("WIZARD_SUBMITS_PER_HOUR_PER_IP", "20")))
    ap.add_argument("--json-out", help="write the counts here as JSON")
    ap.add_argument("--all-failures", action="store_true", help="list every failed check, not the first few")
    args = ap.parse_args()

    started = time.time()
    t = Tally()
    c = Client(args.base_url, t)
    run = secrets.token_hex(3)
    t.cat("setup")
    try:
        orgs = [world.make_org(c, tag, run, args.video) for tag in ("a", "b")]
    except world.SetupError as e:
        print(f"setup failed: {e}", file=sys.stderr)
        return 2
    settled = world.settle_jobs(c, orgs)
    t.check(settled, "the quote videos and 360° jobs finished before probing (stable snapshots)", None,
            "; ".join(f"{o['tag']}: video {o.get('video', {}).get('status')}, 360 {o.get('spin_job_view', {}).get('status')}" for o in orgs))
    step(t, "tenant isolation", isolation.run, c, t, orgs)
    step(t, "csrf", csrf_roles.run_csrf, c, t, orgs[0])
    step(t, "role checks", csrf_roles.run_roles, c, t, orgs)
    step(t, "html injection", injection.run_html, c, t, orgs)
    late = step(t, "files", files_redirect.run_files, c, t, orgs) or []
    step(t, "open redirect", files_redirect.run_redirect, c, t, orgs[0])
    step(t, "sql injection", injection.run_sqli, c, t, orgs[1])
    step(t, "server-fn edge", limits.run_edges, c, t, orgs[0])
    step(t, "videoUrl forms", limits.run_ssrf, c, t, orgs[0])
    step(t, "wizard limits", limits.run_wizard, c, t, orgs[1], len(orgs), args.wizard_per_ip)
    step(t, "metrics", limits.run_metrics, c, t, orgs, args.metrics_token)
    step(t, "files", files_redirect.run_expired, c, t, late)
    step(t, "sign-up and login limits", limits.run_throttles, c, t, orgs)
    seconds = time.time() - started
    text, total = summary(t, args.label or args.base_url, seconds, args.all_failures)
    print(text)
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump({"label": args.label, "seconds": round(seconds, 1), "total": total,
                       "categories": {k: {x: v[x] for x in ("requests", "checks", "passed", "failed", "first")} for k, v in t.cats.items()}},
                      f, indent=1)
    return 1 if t.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
