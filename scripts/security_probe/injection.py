"""SQL injection in every query parameter and in text fields of create
bodies, and HTML/title injection in every page that shows names typed by
customers, staff or the sign-up form.
"""
import json
import re
from urllib.parse import quote, urlencode

SQLI = [
    "' OR 1=1--", "' OR '1'='1", '" OR ""="', '"; DROP TABLE quotes;--', "'; DROP TABLE quotes;--",
    "1) UNION SELECT id, password_hash, email FROM users--", "1' UNION SELECT NULL,NULL,NULL--", "%27", "%' OR 1=1 --",
    "') OR ('1'='1", "'; SELECT pg_sleep(3);--", "1' AND 1=(SELECT 1 FROM pg_sleep(3))--", "' || (SELECT sqlite_version()) || '",
    "\\' OR 1=1 #", "admin'--", "1;--", "*/ OR /**/ 1=1 --", "\x00' OR 1=1--",
]
# Logins with these emails count against this address's failed-login limit (30): only a few.
LOGIN_SQLI = ["' OR 1=1--", "admin'--", '"; DROP TABLE users;--', "\x00' OR 1=1--"]
BENIGN = "zzzz-nada"
SLOW = 2.5


def items(r):
    j = r.json
    if isinstance(j, list):
        return j
    if isinstance(j, dict):
        for k in ("quotations", "quotes", "products", "films", "jobs"):
            if isinstance(j.get(k), list):
                return j[k]
    return []


def rows(r):
    return len(items(r))


def ids(r):
    return {json.dumps(x.get("id", x), sort_keys=True) if isinstance(x, dict) else json.dumps(x) for x in items(r)}


def query_targets(o):
    """(label, function(value) -> response) for every parameter that reaches a query."""
    a = {"cookie": o["admin"]}
    out = []
    for p in ("status", "vertical", "q", "from", "to", "customer_id", "limit"):
        out.append((f"GET /api/v1/quotations?{p}=", lambda v, p=p: ("rest", "GET", "/api/v1/quotations?" + urlencode({p: v}), a)))
    for p in ("q", "category_id", "vertical", "include_inactive"):
        out.append((f"GET /api/v1/products?{p}=", lambda v, p=p: ("rest", "GET", "/api/v1/products?" + urlencode({p: v}), a)))
    out += [
        ("GET /api/v1/products/by-vertical/{v}", lambda v: ("rest", "GET", "/api/v1/products/by-vertical/" + quote(v, safe=""), a)),
        ("GET /api/v1/orgs/{slug}/products?date=", lambda v: ("rest", "GET", f"/api/v1/orgs/{o['slug']}/products?" + urlencode({"date": v}), {})),
        ("GET /api/v1/orgs/{slug}/products?vertical=", lambda v: ("rest", "GET", f"/api/v1/orgs/{o['slug']}/products?" + urlencode({"vertical": v}), {})),
        ("GET /api/v1/orgs/{v}/products", lambda v: ("rest", "GET", f"/api/v1/orgs/{quote(v, safe='')}/products", {})),
        ("GET /api/v1/properties?customer_id=", lambda v: ("rest", "GET", "/api/v1/properties?" + urlencode({"customer_id": v}), a)),
        ("GET /api/v1/vehicles?q=", lambda v: ("rest", "GET", "/api/v1/vehicles?" + urlencode({"q": v}), a)),
        ("GET /api/v1/vehicles?customerId=", lambda v: ("rest", "GET", "/api/v1/vehicles?" + urlencode({"customerId": v}), a)),
        ("GET /api/video360/jobs?vehicleId=", lambda v: ("rest", "GET", "/api/video360/jobs?" + urlencode({"vehicleId": v}), a)),
        ("GET /api/videos?quoteId=", lambda v: ("rest", "GET", "/api/videos?" + urlencode({"quoteId": v}), a)),
        ("GET /api/v1/vehicles/decode-vin/{v}", lambda v: ("rest", "GET", "/api/v1/vehicles/decode-vin/" + quote(v, safe=""), a)),
        ("GET /api/v1/quotations/{v}", lambda v: ("rest", "GET", "/api/v1/quotations/" + quote(v, safe=""), a)),
        ("GET /api/v1/products/{v}", lambda v: ("rest", "GET", "/api/v1/products/" + quote(v, safe=""), a)),
        ("GET /api/v1/vehicles/{v}", lambda v: ("rest", "GET", "/api/v1/vehicles/" + quote(v, safe=""), a)),
        ("GET /api/v1/quotations/{id}/pdf?lang=", lambda v: ("rest", "GET", f"/api/v1/quotations/{o['quote']}/pdf?" + urlencode({"lang": v}), a)),
        ("GET /q/{slug}/catalogo?date=", lambda v: ("page", "GET", f"/q/{o['slug']}/catalogo?" + urlencode({"date": v}), {})),
        ("GET /app/quotes?q=", lambda v: ("page", "GET", "/app/quotes?" + urlencode({"q": v}), a)),
    ]
    for p in ("q", "status", "vertical", "from", "to", "customer"):
        out.append((f"fn quotes({p})", lambda v, p=p: ("fn", "quotes", [(p, v)], a)))
    for p in ("q", "category", "vertical"):
        out.append((f"fn catalog({p})", lambda v, p=p: ("fn", "catalog", [(p, v)], a)))
    for name, p in (("customers", "q"), ("list_vehicles", "q"), ("video_jobs", "quote_id"), ("vehicle_spin_jobs", "vehicle_id"),
                    ("public_quote", "token"), ("org_brand", "slug"), ("invitation", "token"), ("automotive_wizard_data", "slug")):
        out.append((f"fn {name}({p})", lambda v, name=name, p=p: ("fn", name, [(p, v)], a)))
    return out


def send(c, spec):
    kind = spec[0]
    if kind == "fn":
        _, name, form, auth = spec
        return c.fn(name, form, **auth)
    _, method, path, auth = spec
    if kind == "page":
        return c.page(path, **auth)
    return c.rest(method, path, **auth)


def run_sqli(c, t, o):
    t.cat("sql injection")
    for label, target in query_targets(o):
        base = send(c, target(BENIGN))
        everything = ids(send(c, target("")))
        for p in SQLI:
            r = send(c, target(p))
            what = f"{label}{p!r}"
            t.check(r.status < 500, f"{what}: no server error", r)
            t.check(r.elapsed < SLOW, f"{what}: answered in {r.elapsed:.1f}s (no injected sleep)", r)
            foreign = ids(r) - everything
            t.check(r.status != 200 or not foreign, f"{what}: only the organisation's own rows (as without a filter)", r, str(sorted(foreign))[:200])
            extra = r.status == 200 and (base.status != 200 or rows(r) > rows(base))
            t.check(not extra, f"{what}: no more rows than a harmless value ({base.status}, {rows(base)} rows)", r)
    for p in SQLI:
        form = [("org_name", "Sonda"), ("slug", p), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"), ("language", "es"),
                ("name", "Sonda"), ("email", p), ("password", p + "-larga-1234"), ("password_confirmation", p + "-larga-1234"), ("phone", p)]
        r = c.fn("sign_up", form)
        t.check(r.status == 422, f"sign_up with {p!r} as slug, email and phone: refused by validation (422)", r)
        r = c.fn("accept_invitation", [("token", p), ("name", p), ("password", "larga-segura-1234"), ("password_confirmation", "larga-segura-1234")])
        t.check(400 <= r.status < 500, f"accept_invitation with token {p!r}: refused (4xx)", r)
    for p in LOGIN_SQLI:
        r = c.fn("log_in", [("email", p), ("password", p)])
        t.check(r.status == 401, f"log_in with {p!r} as email and password: 401", r)
    stored_text(c, t, o)


def stored_text(c, t, o):
    """Payloads in text fields are saved and read back as the same text; nothing else is added."""
    a = {"cookie": o["admin"]}
    for i, p in enumerate(SQLI):
        before = rows(c.rest("GET", "/api/v1/products?include_inactive=true", **a))
        r = c.rest("POST", "/api/v1/products", {"sku": f"SQLI-{i}", "name_es": p, "name_en": p, "description_es": p,
                                                "type": "security", "unit": "m2", "verticals": ["residential"]}, **a)
        if t.check(r.status == 201, f"product named {p!r}: created", r):
            got = c.rest("GET", f"/api/v1/products/{r.json['id']}", **a).json
            t.check((got["name_es"], got["name_en"], got["description_es"]) == (p, p, p), f"product named {p!r}: stored as text", None, str(got)[:200])
            t.check(rows(c.rest("GET", "/api/v1/products?include_inactive=true", **a)) == before + 1, f"product named {p!r}: one row more")
            d = c.rest("DELETE", f"/api/v1/products/{r.json['id']}", **a)
            t.check(d.status in (200, 204), f"product named {p!r}: deleted", d)
        body = {"contact": {"name": p[:120], "phone": "+56 9 5555 6666", "address": p}, "rooms": [{"name": p, "openings": [
            {"kind": "window", "width_m": "1", "height_m": "1", "quantity": 1, "sku": o["sku"]}]}]}
        before = rows(c.rest("GET", "/api/v1/quotations?limit=500", **a))
        r = c.rest("POST", "/api/v1/quotations/residential", body, **a)
        if t.check(r.status == 201, f"quote with contact {p!r}: created", r):
            got = c.rest("GET", f"/api/v1/quotations/{r.json['id']}", **a).json
            doc = got["document"]
            t.check((doc["contact"]["name"], doc["contact"]["address"], doc["rooms"][0]["name"]) == (p[:120], p, p),
                    f"quote with contact {p!r}: stored as text", None, str(doc.get("contact"))[:200])
            t.check(rows(c.rest("GET", "/api/v1/quotations?limit=500", **a)) == before + 1, f"quote with contact {p!r}: one row more")
            d = c.rest("DELETE", f"/api/v1/quotations/{r.json['id']}", **a)
            t.check(d.status in (200, 204), f"quote with contact {p!r}: draft deleted", d)
        r = c.rest("POST", "/api/v1/vehicles", {"make": p[:60], "model": p[:60], "year": 2019, "bodyType": "suv"}, **a)
        if t.check(r.status == 201, f"vehicle made by {p!r}: created", r):
            got = c.rest("GET", f"/api/v1/vehicles/{r.json['id']}", **a).json
            t.check((got["make"], got["model"]) == (p[:60].strip(), p[:60].strip()), f"vehicle made by {p!r}: stored as text", None, str(got)[:200])
            d = c.rest("DELETE", f"/api/v1/vehicles/{r.json['id']}", **a)
            t.check(d.status in (200, 204), f"vehicle made by {p!r}: deleted", d)
        r = c.rest("POST", "/api/v1/api-keys", {"name": p, "role": "sales"}, **a)
        if t.check(r.status == 201, f"API key named {p!r}: created", r):
            listed = [k for k in c.rest("GET", "/api/v1/api-keys", **a).json if k["id"] == r.json["id"]]
            t.check(bool(listed) and listed[0]["name"] == p, f"API key named {p!r}: stored as text", None, str(listed)[:200])
            c.rest("DELETE", f"/api/v1/api-keys/{r.json['id']}", **a)
        r = c.fn("create_category", [("code", f"sqli{i}"), ("name_es", p)], **a)
        if t.check(200 <= r.status < 400, f"category named {p!r}: created", r):
            names = [x.get("name_es") for x in c.rest("GET", "/api/v1/products/categories", **a).json]
            t.check(names.count(p) == 1, f"category named {p!r}: stored once as text", None, str(names)[:200])
    # The tables the payloads named are all still there.
    for path in ("/api/v1/quotations", "/api/v1/products", "/api/v1/vehicles", "/api/v1/api-keys"):
        r = c.rest("GET", path, **a)
        t.check(r.status == 200, f"GET {path} still answers after the payloads", r)


RAW = [re.compile(r"<script>alert\(1\)", re.I), re.compile(r"<img src=x", re.I)]
ESCAPED = ("&lt;script&gt;alert(1)", "&lt;/title&gt;", "\\u003cscript\\u003ealert(1)", "\\u003c/title\\u003e", "&lt;img src=x")
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


def page_ok(t, r, what, shows=True):
    if not t.check(r.status == 200, f"{what}: 200", r):
        return
    raw = [rx.pattern for rx in RAW if rx.search(r.text)]
    t.check(not raw, f"{what}: no raw markup from the data", r, ", ".join(raw) + context(r.text))
    titles = TITLE.findall(r.text)
    t.check(len(titles) == 1 and "<" not in titles[0], f"{what}: one <title>, its text escaped", r, str(titles)[:200])
    if shows:
        t.check(any(e in r.text for e in ESCAPED), f"{what}: the name is shown (escaped)", r)


def context(text):
    for rx in RAW:
        m = rx.search(text)
        if m:
            return " … " + text[max(0, m.start() - 120):m.end() + 40].replace("\n", " ")
    return ""


def run_html(c, t, orgs):
    t.cat("html injection")
    for o in orgs:
        link = c.fn("invite_user", [("email", f"html@{o['slug']}.test"), ("role", "sales")], cookie=o["admin"]).json
        token = link.rsplit("/", 1)[-1] if isinstance(link, str) else "x"
        staff = ["/app", "/app/quotes", f"/app/quotes/{o['wizard_quote']}", f"/app/quotes/{o['wizard_quote']}/edit",
                 f"/app/quotes/{o['sent_quote']}", "/app/customers", f"/app/customers/{o['wizard_customer']}", "/app/catalog",
                 f"/app/catalog/{o['product']}", "/app/catalog/tools", "/app/catalog/import", "/app/vehicles", f"/app/vehicles/{o['vehicle']}",
                 "/app/jobs", "/app/settings", "/app/settings/automotive", "/app/users", "/app/api-keys", "/app/audit", "/app/quotes/new"]
        quiet = {"/app/catalog/tools", "/app/catalog/import", "/app/users", "/app/api-keys", "/app/quotes/new", "/app/settings/automotive"}
        for path in staff:
            for who in ("admin", "sales"):
                if who == "sales" and path in ("/app/audit", "/app/api-keys", "/app/catalog/import"):
                    continue
                page_ok(t, c.page(path, cookie=o[who]), f"{path} as {who}", shows=path not in quiet)
        for path in (f"/q/{o['slug']}", f"/q/{o['slug']}/auto", f"/q/{o['slug']}/catalogo", f"/p/{o['token']}", f"/invite/{token}",
                     f"/q/{o['slug']}?lang=en", f"/p/{o['token']}?lang=en"):
            page_ok(t, c.page(path), f"{path} (public)")
