"""Limits against abuse (server-function body size and decoding, the
wizard's size cap and hourly limit, `videoUrl` forms, sign-up and login
throttles) and what `/metrics` gives away.

The throttles run last: they block this address's logins and sign-ups for
the rest of their windows.
"""
import json
import secrets

from .world import PASSWORD, log_in, wizard_form

SSRF = ["http://127.0.0.1/car.mp4", "http://127.0.0.1:3000/metrics", "http://localhost/car.mp4", "http://LOCALHOST./car.mp4",
        "http://10.0.0.7/car.mp4", "http://10.255.255.1:8080/x.mp4", "http://172.16.0.1/x.mp4", "http://192.168.1.1/x.mp4",
        "http://169.254.169.254/latest/meta-data", "http://[::1]/car.mp4", "http://[::1]:3000/car.mp4", "http://[::ffff:127.0.0.1]/x.mp4",
        "http://[fe80::1]/x.mp4", "http://[fd00::1]/x.mp4", "http://2130706433/car.mp4", "http://0177.0.0.1/car.mp4",
        "http://0x7f000001/car.mp4", "http://0x7f.0.0.1/car.mp4", "http://127.1/car.mp4", "http://0/car.mp4", "http://0.0.0.0/car.mp4",
        "http://2852039166/latest/meta-data", "http://0xA9FEA9FE/latest/meta-data", "file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO",
        "ftp://example.com/car.mp4", "dict://127.0.0.1:11211/", "http://user:pass@example.com/car.mp4", "HTTP://127.0.0.1/car.mp4",
        "http://127.0.0.1%2f@example.com/x.mp4", "javascript:alert(1)", "//127.0.0.1/car.mp4", "http:///car.mp4"]


def retry_after_ok(r):
    v = r.header("retry-after") or ""
    return v.isdigit() and int(v) > 0


def run_edges(c, t, o):
    t.cat("server-fn edge")
    big = [("code", "grande"), ("name_es", "a" * (600 * 1024))]
    r = c.fn("create_category", big, cookie=o["admin"])
    t.check(r.status == 413, "a 600 KiB server-function body: 413", r)

    def chunks():
        for _ in range(600):
            yield b"a" * 1024
    r = c.request("POST", "/api/create_category", cookie=o["admin"], raw=chunks(), content_type="application/x-www-form-urlencoded")
    t.check(r.status == 413, "a 600 KiB chunked server-function body (no Content-Length): 413", r)
    r = c.request("POST", "/api/v1/quotations/residential", cookie=o["admin"], raw=b'{"x":"' + b"a" * (1100 * 1024) + b'"}',
                  content_type="application/json")
    t.check(r.status == 413, "a 1.1 MB REST JSON body: 413", r)
    for name, form in (("set_user_disabled", [("id", o["sales_user"]), ("disabled", "quizás")]), ("invite_user", [("email", "x@y.test")]),
                       ("quote_page", []), ("add_price", [("id", o["product"])]), ("set_glass_size", [("body", "sedan")])):
        r = c.fn(name, form, cookie=o["admin"])
        t.check(r.status == 400, f"fn {name} with arguments that do not decode: 400", r)
    for name, raw, ctype in (("submit_quote", b"not json", "application/json"), ("submit_quote", b'{"slug": 5}', "application/json"),
                             ("save_quote", b"id=1&version=x", "application/json"), ("me", b"\xff\xfe", "application/x-www-form-urlencoded")):
        r = c.request("POST", f"/api/{name}", cookie=o["admin"], raw=raw, content_type=ctype)
        t.check(r.status in (400, 415) if name != "me" else r.status < 500, f"fn {name} with body {raw[:20]!r}: 400", r)
    for method, path, raw in (("POST", "/api/v1/quotations/residential", b"{not json"), ("PUT", f"/api/v1/products/{o['product']}", b"[]"),
                              ("POST", "/api/v1/vehicles", b'{"year": "x"}'), ("POST", "/api/video360/jobs", b'{"vehicleId": 1}')):
        r = c.request(method, path, cookie=o["admin"], raw=raw, content_type="application/json")
        t.check(400 <= r.status < 500, f"{method} {path} with a body that is not the shape: 4xx", r)


def run_wizard(c, t, o, prior_submits, per_ip):
    t.cat("wizard limits")
    big = wizard_form(o["sku"], "Tope", "+56 9 7777 8888", rooms=1, openings=100)
    r = c.fn_json("submit_quote", {"slug": o["slug"], "form": big, "lang": "es"})
    t.check(r.status == 200, "a wizard quote of 100 openings is taken", r)
    for rooms, openings in ((1, 101), (11, 10), (101, 1)):
        form = wizard_form(o["sku"], "Tope", "+56 9 7777 8888", rooms=rooms, openings=openings)
        r = c.fn_json("submit_quote", {"slug": o["slug"], "form": form, "lang": "es"})
        fields = json.dumps(r.json or {})
        t.check(r.status == 422 and "100" in fields, f"a wizard quote of {rooms * openings} openings is refused (422, the reason)", r)
    used = prior_submits + 1
    accepted, first_refusal = 0, None
    for i in range(per_ip + 5):
        form = wizard_form(o["sku"], f"Cliente {i}", f"+56 9 6{i:03d} 1234")
        r = c.fn_json("submit_quote", {"slug": o["slug"], "form": form, "lang": "es"})
        if r.status == 429:
            first_refusal = r
            break
        t.check(r.status == 200, f"wizard submit {used + accepted + 1} of {per_ip}: taken", r)
        accepted += 1
    t.check(first_refusal is not None and used + accepted == per_ip,
            f"the {per_ip + 1}th wizard submit from one address is 429", first_refusal, f"{used + accepted} were taken")
    if first_refusal is not None:
        t.check(retry_after_ok(first_refusal), "the wizard's 429 says when to come back (Retry-After)", first_refusal)
        form = wizard_form(o["sku"], "Otro", "+56 9 6999 1234")
        r = c.fn_json("submit_quote", {"slug": o["slug"], "form": form, "lang": "es"}, headers={"x-forwarded-for": "203.0.113.7"})
        t.check(r.status == 429, "an X-Forwarded-For the server does not trust does not reset the wizard limit", r)
        r = c.fn_json("submit_quote", {"slug": "demo", "form": wizard_form("SOL-CERAMIC-70", "Otro", "+56 9 6998 1234"), "lang": "es"})
        t.check(r.status == 429, "the limit is per address: another organisation's wizard is refused too", r)
        pairs = [("step", "contact"), ("vertical", "residential"), ("rooms[0].name", "A"), ("rooms[0].floor", "1"),
                 ("rooms[0].openings[0].kind", "window"), ("rooms[0].openings[0].width", "1"), ("rooms[0].openings[0].height", "1"),
                 ("rooms[0].openings[0].quantity", "1"), ("rooms[0].openings[0].sku", o["sku"]), ("contact.name", "Sin JS"),
                 ("contact.phone", "+56 9 6997 1234"), ("contact.address", "Calle Sin JS 1"), ("lang", "es"), ("op", "submit")]
        r = c.request("POST", f"/q/{o['slug']}/submit", form=pairs)
        loc = r.header("location") or ""
        t.check(r.status == 303 and "error.form" in loc, "the no-JS wizard over the limit goes back to the form with the reason", r)


def run_ssrf(c, t, o):
    t.cat("videoUrl forms")
    before = len(c.rest("GET", "/api/video360/jobs", cookie=o["admin"]).json)
    taken = 0
    for url in SSRF:
        r = c.rest("POST", "/api/video360/jobs", {"vehicleId": o["vehicle"], "videoUrl": url}, cookie=o["admin"])
        field = isinstance(r.json, dict) and "videoUrl" in json.dumps(r.json.get("fields", {}))
        t.check(r.status == 422 and field, f"videoUrl {url!r}: refused at submit (422 on videoUrl)", r)
        taken += r.status == 202
    after = len(c.rest("GET", "/api/video360/jobs", cookie=o["admin"]).json)
    t.check(after == before + taken, "no 360° job was made from a refused videoUrl", None, f"{before} -> {after}, {taken} taken")


def run_throttles(c, t, orgs):
    t.cat("sign-up and login limits")
    a, b = orgs
    # Five failed logins for one account, then even the right password waits.
    for i in range(5):
        r = log_in(c, b["sales_email"], "contraseña-mala-%d" % i)
        t.check(r.status in (401, 422), f"failed login {i + 1} for one email: refused, not yet throttled", r)
    r = log_in(c, b["sales_email"])
    t.check(r.status == 429 and retry_after_ok(r), "the 6th login for that email is 429 with Retry-After", r)
    r = log_in(c, b["sales_email"].upper())
    t.check(r.status == 429, "the same email in capitals is the same account (429)", r)
    # Sign-up: five attempts an hour per email (a taken address here: each one creates nothing).
    email = f"limite-{secrets.token_hex(3)}@sonda.test"
    for i in range(5):
        r = c.fn("sign_up", signup_form(a["slug"], email))
        t.check(r.status in (409, 422), f"sign-up attempt {i + 1} with a taken address: refused, not throttled", r)
    r = c.fn("sign_up", signup_form(f"libre-{secrets.token_hex(3)}", email))
    t.check(r.status == 429 and retry_after_ok(r), "the 6th sign-up for one email in an hour is 429 with Retry-After", r)
    # Ten attempts that create nothing per address and hour.
    refused_at = None
    for i in range(12):
        r = c.fn("sign_up", signup_form(a["slug"], f"otro-{i}-{secrets.token_hex(3)}@sonda.test"))
        if r.status == 429:
            refused_at = i
            break
    t.check(refused_at is not None and refused_at <= 5, "sign-ups that create nothing are throttled per address (429)", r, f"after {refused_at}")
    r = c.fn("sign_up", signup_form(f"libre-{secrets.token_hex(3)}", f"nuevo-{secrets.token_hex(3)}@sonda.test"),
             headers={"x-forwarded-for": "198.51.100.23"})
    t.check(r.status == 429 and retry_after_ok(r), "then even a good sign-up from that address waits (an untrusted X-Forwarded-For changes nothing)", r)
    # Thirty failed logins from one address, whatever the emails.
    throttled = None
    for i in range(35):
        r = log_in(c, f"nadie-{i}-{secrets.token_hex(2)}@sonda.test", "contraseña-mala")
        if r.status == 429:
            throttled = i
            break
    t.check(throttled is not None, "failed logins from one address are throttled (429)", r, f"after {throttled}")
    r = c.fn("log_in", [("email", a["admin_email"]), ("password", PASSWORD)], headers={"x-forwarded-for": "192.0.2.55"})
    t.check(r.status == 429 and retry_after_ok(r), "then a good login from that address waits too (429, Retry-After)", r)


def signup_form(slug, email):
    return [("org_name", "Límite"), ("slug", slug), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"), ("language", "es"),
            ("name", "Límite"), ("email", email), ("password", PASSWORD), ("password_confirmation", PASSWORD),
            ("phone", "+56 2 2345 6789")]


def run_metrics(c, t, orgs, token):
    t.cat("metrics")
    if token:
        for label, headers in (("no token", {}), ("a wrong token", {"authorization": "Bearer " + token[:-1] + "x"}),
                               ("the token with more", {"authorization": "Bearer " + token + "x"}),
                               ("the token as Basic", {"authorization": "Basic " + token}), ("an empty Bearer", {"authorization": "Bearer "})):
            r = c.request("GET", "/metrics", site=None, headers=headers)
            t.check(r.status == 401 and "video_render" not in r.text, f"/metrics with {label}: 401", r)
    r = c.request("GET", "/metrics", site=None, headers={"authorization": f"Bearer {token}"} if token else {})
    t.check(r.status == 200 and "video_render_jobs_total" in r.text, "/metrics with the token: the queue's figures", r)
    for o in orgs:
        secrets_of = [o["slug"], o["name"][:12], o["admin_email"], o["sku"], o["product"], o["quote"], o["vehicle"], o["video_job"],
                      o["spin_job"], o["admin_user"], o["customer"], "cdn.example.com", "Ana ", "Víctor"]
        leaked = [s for s in secrets_of if s and s in r.text]
        t.check(not leaked, f"/metrics shows nothing of organisation {o['tag']}", r, ", ".join(leaked))
