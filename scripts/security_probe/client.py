"""HTTP client and the tally of checks for the security probe.

Every request goes through `Client.request`: no cookie jar (sessions are
passed explicitly), no redirect following, and it is counted against the
category the probe is in.
"""
import http.cookiejar
import json
import time
from collections import OrderedDict

import requests

SESSION_COOKIE = "cotiza_session"


class Resp:
    """What a request answered: status, headers, text and JSON (None if not JSON)."""

    def __init__(self, method, path, r):
        self.method = method
        self.path = path
        self.status = r.status_code
        self.headers = r.headers
        self.text = r.text
        self.elapsed = r.elapsed.total_seconds()
        try:
            self.json = json.loads(self.text) if self.text else None
        except ValueError:
            self.json = None

    def header(self, name):
        return self.headers.get(name)

    def brief(self, limit=300):
        body = self.text.replace("\n", " ")
        if len(body) > limit:
            body = body[:limit] + "…"
        location = self.headers.get("location")
        extra = f" Location: {location}" if location else ""
        return f"{self.method} {self.path} -> {self.status}{extra} {body}"


class Tally:
    """Checks per category: how many, passed, failed, the first failure, requests sent."""

    def __init__(self):
        self.cats = OrderedDict()
        self.current = "setup"
        self.notes = []

    def cat(self, name):
        self.current = name
        self.cats.setdefault(name, {"checks": 0, "passed": 0, "failed": 0, "requests": 0, "first": None, "failures": []})
        return self

    def count_request(self):
        self.cats.setdefault(self.current, {"checks": 0, "passed": 0, "failed": 0, "requests": 0, "first": None, "failures": []})
        self.cats[self.current]["requests"] += 1

    def check(self, ok, what, resp=None, detail=""):
        c = self.cats[self.current]
        c["checks"] += 1
        if ok:
            c["passed"] += 1
            return True
        c["failed"] += 1
        text = what
        if detail:
            text += f" — {detail}"
        if resp is not None:
            text += f"\n      {resp.brief()}"
        if c["first"] is None:
            c["first"] = text
        c["failures"].append(text)
        return False

    def note(self, text):
        self.notes.append(text)

    def failed(self):
        return sum(c["failed"] for c in self.cats.values())


class Client:
    def __init__(self, base, tally, timeout=60):
        self.base = base.rstrip("/")
        self.tally = tally
        self.timeout = timeout
        self.http = requests.Session()
        # Never keep cookies: every call names its session itself.
        self.http.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))

    def request(self, method, path, *, cookie=None, key=None, site="same-origin", headers=None, form=None,
                body=None, raw=None, content_type=None, files=None):
        h = {}
        if site:
            h["sec-fetch-site"] = site
        if cookie:
            h["cookie"] = f"{SESSION_COOKIE}={cookie}"
        if key:
            h["authorization"] = f"Bearer {key}"
        if content_type:
            h["content-type"] = content_type
        h.update(headers or {})
        kwargs = {}
        if form is not None:
            kwargs["data"] = form
        elif body is not None:
            kwargs["json"] = body
        elif raw is not None:
            kwargs["data"] = raw
        if files is not None:
            kwargs["files"] = files
        for attempt in range(3):
            try:
                r = self.http.request(method, self.base + path, headers=h, allow_redirects=False, timeout=self.timeout, **kwargs)
                break
            except requests.ConnectionError:
                if attempt == 2:
                    raise
                time.sleep(0.5)
        self.tally.count_request()
        return Resp(method, path, r)

    # Server functions: POST /api/{name}, form-encoded, same-origin.
    def fn(self, name, form=(), *, cookie=None, site="same-origin", headers=None):
        return self.request("POST", f"/api/{name}", cookie=cookie, site=site, headers=headers, form=list(form))

    def fn_json(self, name, body, *, cookie=None, site="same-origin", headers=None):
        return self.request("POST", f"/api/{name}", cookie=cookie, site=site, headers=headers, body=body)

    # REST with a session cookie or an API key.
    def rest(self, method, path, body=None, *, cookie=None, key=None, site="same-origin", headers=None):
        return self.request(method, path, cookie=cookie, key=key, site=site, headers=headers, body=body)

    def page(self, path, *, cookie=None, headers=None):
        return self.request("GET", path, cookie=cookie, site=None, headers=headers)


def session_of(resp):
    """The session token a Set-Cookie of this answer carried, if any."""
    raw = resp.headers.get("set-cookie") or ""
    for part in raw.split(","):
        part = part.strip()
        if part.startswith(SESSION_COOKIE + "="):
            token = part[len(SESSION_COOKIE) + 1:].split(";")[0]
            if token:
                return token
    return None


def ok(resp):
    return 200 <= resp.status < 400
