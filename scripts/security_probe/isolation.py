"""Tenant isolation: every server function, REST route and page that takes
an id, called by the other organisation's admin, sales user and API keys
with the victim's id and with a random one — the two answers must be the
same (status and body, ids masked), and the victim's data unchanged.

The lists come from server/tests/api/tenant_isolation.rs (CASES,
REST_CASES) plus every route with an id in server/src/api.rs (ROUTES,
VIDEO_ROUTES) and the dashboard pages with an id.
"""
import json
import re
import uuid

from .world import diff, snapshot, wizard_form

# Server functions: (name, form). {x} = an id of the victim; {own_sku} = the attacker's film.
FN_CASES = [
    ("set_user_role", [("id", "{sales_user}"), ("role", "admin")]),
    ("set_user_disabled", [("id", "{admin_user}"), ("disabled", "true")]),
    ("revoke_invitation", [("id", "{invitation}")]),
    ("revoke_api_key", [("id", "{key_admin_id}")]),
    ("catalog_product", [("id", "{product}")]),
    ("update_product", [("id", "{product}"), ("version", "1"), ("sku", "HIJACK"), ("name_es", "Hijack"), ("product_type", "vinyl"), ("unit", "m2"), ("residential", "on")]),
    ("delete_product", [("id", "{product}")]),
    ("add_price", [("id", "{product}"), ("material_price", "1"), ("installation_price", "1")]),
    ("withdraw_price", [("id", "{product}"), ("price_id", "{price}")]),
    ("change_category_prices", [("category_id", "{category}"), ("percent", "50")]),
    ("quote_page", [("id", "{quote}")]),
    ("quote_editor", [("id", "{quote}")]),
    ("send_quote", [("id", "{quote}")]),
    ("decide_quote", [("id", "{sent_quote}"), ("decision", "confirm")]),
    ("duplicate_quote", [("id", "{quote}")]),
    ("customer", [("id", "{customer}")]),
    ("quotes", [("customer", "{customer}")]),
    ("catalog", [("category", "{category}")]),
    ("request_video", [("quote_id", "{sent_quote}")]),
    ("retry_video", [("job_id", "{video_job}")]),
    ("video_jobs", [("quote_id", "{sent_quote}")]),
    ("get_vehicle", [("id", "{vehicle}")]),
    ("update_vehicle", [("id", "{vehicle}"), ("make", "Hijack"), ("model", "X"), ("year", "2020"), ("body_type", "suv")]),
    ("delete_vehicle", [("id", "{vehicle}")]),
    ("vehicle_spin", [("vehicle_id", "{vehicle}")]),
    ("vehicle_spin_jobs", [("vehicle_id", "{vehicle}")]),
    ("vehicle_page", [("id", "{vehicle}")]),
    ("cancel_spin_job", [("id", "{spin_job}")]),
    ("retry_spin_job", [("id", "{spin_job}")]),
    ("delete_package", [("code", "{package}")]),
    ("hide_package", [("code", "{package}")]),
]

# REST: (method, path, body).
REST_CASES = [
    ("GET", "/api/v1/products/{product}", None),
    ("PUT", "/api/v1/products/{product}", {"version": 1, "name_es": "Hijack"}),
    ("DELETE", "/api/v1/products/{product}", None),
    ("GET", "/api/v1/products/{product}/prices", None),
    ("POST", "/api/v1/products/{product}/prices", {"material_price": "1", "installation_price": "1"}),
    ("DELETE", "/api/v1/products/{product}/prices/{price}", None),
    ("DELETE", "/api/v1/products/{product}/photo", None),
    ("POST", "/api/v1/products/categories/{category}/price-change", {"percent": "50"}),
    ("POST", "/api/v1/products", {"sku": "HIJACK-CAT", "name_es": "Hijack", "type": "security", "unit": "m2", "category_id": "{category}", "verticals": ["residential"]}),
    ("GET", "/api/v1/products?category_id={category}&include_inactive=true", None),
    ("DELETE", "/api/v1/api-keys/{key_admin_id}", None),
    ("GET", "/api/v1/quotations/{quote}", None),
    ("PUT", "/api/v1/quotations/{quote}", {"version": 1, "extreme_weather": True}),
    ("DELETE", "/api/v1/quotations/{quote}", None),
    ("POST", "/api/v1/quotations/{quote}/send", None),
    ("POST", "/api/v1/quotations/{sent_quote}/confirm", {"reason": "hijack"}),
    ("POST", "/api/v1/quotations/{sent_quote}/reject", None),
    ("GET", "/api/v1/quotations/{quote}/pdf", None),
    ("GET", "/api/v1/quotations?customer_id={customer}", None),
    ("GET", "/api/v1/properties?customer_id={customer}", None),
    ("GET", "/api/v1/properties/{property}/rooms", None),
    ("POST", "/api/v1/properties/{property}/rooms", {"name": "Hijack", "openings": [{"kind": "window", "width_m": 1, "height_m": 1, "quantity": 1, "sku": "{victim_sku}"}]}),
    ("GET", "/api/v1/rooms/{room}", None),
    ("PUT", "/api/v1/rooms/{room}", {"name": "Hijack"}),
    ("DELETE", "/api/v1/rooms/{room}", None),
    ("GET", "/api/v1/rooms/{room}/openings", None),
    ("POST", "/api/v1/rooms/{room}/openings", {"kind": "door", "width_m": 1, "height_m": 2, "quantity": 1, "sku": "{victim_sku}"}),
    ("GET", "/api/v1/openings/{opening}", None),
    ("PUT", "/api/v1/openings/{opening}", {"kind": "door", "width_m": 1, "height_m": 2, "quantity": 9, "sku": "{victim_sku}"}),
    ("DELETE", "/api/v1/openings/{opening}", None),
    ("POST", "/api/video-renders/quotes/{sent_quote}", None),
    ("GET", "/api/video-renders/{video_job}", None),
    ("POST", "/api/video-renders/{video_job}/retry", None),
    ("GET", "/api/video-renders/{video_job}/download", None),
    ("GET", "/api/videos/{video_job}", None),
    ("GET", "/api/videos?quoteId={sent_quote}", None),
    ("GET", "/api/v1/vehicles/{vehicle}", None),
    ("PUT", "/api/v1/vehicles/{vehicle}", {"make": "Hijack", "model": "X", "year": 2020, "bodyType": "suv"}),
    ("DELETE", "/api/v1/vehicles/{vehicle}", None),
    ("GET", "/api/v1/vehicles?customerId={customer}", None),
    ("POST", "/api/video360/jobs", {"vehicleId": "{vehicle}", "videoUrl": "https://cdn.example.com/hijack.mp4"}),
    ("GET", "/api/video360/jobs?vehicleId={vehicle}", None),
    ("GET", "/api/video360/jobs/{spin_job}", None),
    ("POST", "/api/video360/jobs/{spin_job}/cancel", None),
    ("POST", "/api/video360/jobs/{spin_job}/retry", None),
    ("GET", "/api/video360/vehicles/{vehicle}/view", None),
    ("POST", "/api/v1/quotations/automotive", {"contact": {"name": "Ana", "phone": "+56 9 1111 2222", "address": "Calle 1"}, "vehicle_id": "{vehicle}", "items": [{"position": "windshield", "sku": "{own_sku}"}]}),
]

# Dashboard pages with an id, rendered on the server with the attacker's session.
PAGE_CASES = ["/app/quotes/{quote}", "/app/quotes/{quote}/edit", "/app/customers/{customer}", "/app/catalog/{product}", "/app/vehicles/{vehicle}"]

ID_KEYS = ["sales_user", "admin_user", "invitation", "key_admin_id", "product", "price", "category", "quote", "sent_quote",
           "customer", "video_job", "vehicle", "spin_job", "property", "room", "opening"]

NONCE = re.compile(r'(nonce|crossorigin)="[^"]*"|nonce=[A-Za-z0-9+/=_-]+')
RESOLVED = re.compile(r'__RESOLVED_RESOURCES\[\d+\] = "(?:[^"\\]|\\.)*";')


def ids_of(victim, attacker, random_ids):
    """Placeholder -> value: the victim's ids, or one random id for all of them."""
    values = {}
    rid = str(uuid.uuid4())
    for k in ID_KEYS:
        values[k] = rid if random_ids else victim[k]
    values["package"] = f"solo_{uuid.uuid4().hex[:6]}" if random_ids else f"solo_{victim['tag']}"
    values["victim_sku"] = victim["sku"]
    values["own_sku"] = attacker["sku"]
    return values, rid


def fill(text, values):
    for k, v in values.items():
        text = text.replace("{" + k + "}", v)
    return text


def fill_body(body, values):
    return None if body is None else json.loads(fill(json.dumps(body), values))


def masked(resp, values):
    """Status and body with every id of the call replaced (HTML nonces too)."""
    text = resp.text
    for k, v in values.items():
        if k not in ("victim_sku", "own_sku") and v:
            text = text.replace(v, "{ID}")
    text = NONCE.sub("nonce", text)
    # A page streams its resources in chunks whose boundaries depend on timing: compare them as a set.
    resolved = sorted(RESOLVED.findall(text))
    text = re.sub(r"<script[^>]*>\s*</script>", "", RESOLVED.sub("", text))
    return resp.status, text, resolved


def principals(attacker):
    return [("admin session", {"cookie": attacker["admin"]}), ("sales session", {"cookie": attacker["sales"]}),
            ("admin key", {"key": attacker["key_admin"]}), ("sales key", {"key": attacker["key_sales"]})]


def pair(t, what, call, victim, attacker, expect_404):
    """Calls with the victim's ids then random ids; both answers must be the same."""
    vv, _ = ids_of(victim, attacker, False)
    rv, _ = ids_of(victim, attacker, True)
    a = call(vv)
    b = call(rv)
    same = masked(a, vv) == masked(b, rv)
    t.check(same, f"{what}: the victim's id answers like a random id", a,
            "" if same else f"random id answered {b.status} {b.text[:200]!r}")
    if expect_404:
        t.check(a.status == 404, f"{what}: 404 for another organisation's id", a)
    t.check(a.status < 500 and b.status < 500, f"{what}: no server error", a if a.status >= 500 else b)


def run(c, t, orgs):
    t.cat("tenant isolation")
    before = {o["tag"]: snapshot(c, o) for o in orgs}
    for victim, attacker in ((orgs[0], orgs[1]), (orgs[1], orgs[0])):
        for name, form in FN_CASES:
            for who, auth in principals(attacker)[:2]:
                # Sales may be refused by role first (403 both times); an admin must get the 404.
                expect = who == "admin session" and name not in ("quotes", "catalog", "video_jobs")
                pair(t, f"fn {name} as {who}", lambda v, n=name, f=form, a=auth: c.fn(n, [(k, fill(x, v)) for k, x in f], **a),
                     victim, attacker, expect)
        for method, path, body in REST_CASES:
            for who, auth in principals(attacker):
                listing = "?" in path or path.endswith("/api/v1/products") or path.endswith("/automotive")
                expect = not listing and not (path.startswith("/api/v1/api-keys") and who != "admin session") and who.startswith("admin")
                pair(t, f"{method} {path} as {who}",
                     lambda v, m=method, p=path, b=body, a=auth: c.rest(m, fill(p, v), fill_body(b, v), **a),
                     victim, attacker, expect)
        for path in PAGE_CASES:
            for who, auth in principals(attacker)[:2]:
                pair(t, f"page {path} as {who}", lambda v, p=path, a=auth: c.page(fill(p, v), cookie=a["cookie"]),
                     victim, attacker, False)
        # The photo upload and the no-JS editor's save take their id in the body or path too.
        for who, auth in principals(attacker):
            pair(t, f"PUT photo as {who}", lambda v, a=auth: c.request("PUT", fill("/api/v1/products/{product}/photo", v),
                 raw=b"\x89PNG\r\n\x1a\n" + b"\0" * 16, content_type="image/png", **a), victim, attacker, who.startswith("admin"))
        for who, auth in principals(attacker)[:2]:
            pair(t, f"save_quote (JSON) as {who}", lambda v, a=auth: c.fn_json(
                "save_quote", {"id": v["quote"], "version": 1, "form": wizard_form(attacker["sku"], "Hijack", "+56 9 1111 2222")}, **a),
                victim, attacker, who == "admin session")
            pair(t, f"POST /app/quotes/save as {who}", lambda v, a=auth: c.request(
                "POST", "/app/quotes/save", cookie=a["cookie"], form=[("quote_id", v["quote"]), ("version", "1"), ("lang", "es")] + pairs_of(
                    wizard_form(attacker["sku"], "Hijack", "+56 9 1111 2222"))), victim, attacker, who == "admin session")
    after = {o["tag"]: snapshot(c, o) for o in orgs}
    for o in orgs:
        changes = diff(before[o["tag"]], after[o["tag"]])
        t.check(not changes, f"organisation {o['tag']}: nothing changed after the isolation probes", None, "; ".join(changes))
    for victim, attacker in ((orgs[0], orgs[1]), (orgs[1], orgs[0])):
        text = json.dumps(after[attacker["tag"]])
        leaked = [k for k in ID_KEYS if victim[k] in text]
        t.check(not leaked, f"{attacker['tag']}'s lists show nothing of {victim['tag']}", None, ", ".join(leaked))
    return after


def pairs_of(form):
    out = [("step", form["step"]), ("vertical", form["vertical"]), ("units", form["units"])]
    for i, r in enumerate(form["rooms"]):
        out += [(f"rooms[{i}].name", r["name"]), (f"rooms[{i}].floor", r["floor"])]
        for j, o in enumerate(r["openings"]):
            for f in ("kind", "width", "height", "quantity", "sku"):
                out.append((f"rooms[{i}].openings[{j}].{f}", o[f]))
    out += [(f"contact.{k}", v) for k, v in form["contact"].items()]
    return out
