"""The two organisations the probe attacks each other with, made through the
public sign-up and the product's own routes, and a snapshot of what each
owns (to prove a probe changed nothing).
"""
import secrets
import time

from .client import ok, session_of

PASSWORD = "sonda-segura-2026"
XSS_SCRIPT = "</title><script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS = XSS_SCRIPT + XSS_IMG


class SetupError(Exception):
    pass


def need(cond, what, resp=None):
    if not cond:
        raise SetupError(what + ("" if resp is None else f": {resp.brief(600)}"))


def sign_up(c, slug, org_name, email):
    r = c.fn("sign_up", [("org_name", org_name), ("slug", slug), ("country", "CL"), ("currency", "CLP"),
                         ("tax_rate", "19"), ("language", "es"), ("name", "Admin Sonda"), ("email", email),
                         ("password", PASSWORD), ("password_confirmation", PASSWORD),
                         ("phone", "+56 2 2345 6789")])
    need(ok(r) and session_of(r), f"sign up {slug}", r)
    return session_of(r)


def log_in(c, email, password=PASSWORD, next_=None):
    form = [("email", email), ("password", password)]
    if next_ is not None:
        form.append(("next", next_))
    return c.fn("log_in", form)


def invite_and_accept(c, admin, email, role):
    r = c.fn("invite_user", [("email", email), ("role", role)], cookie=admin)
    need(ok(r) and isinstance(r.json, str), f"invite {email}", r)
    token = r.json.rsplit("/", 1)[-1]
    r = c.fn("accept_invitation", [("token", token), ("name", "Vendedor Sonda"), ("password", PASSWORD),
                                   ("password_confirmation", PASSWORD)])
    need(ok(r) and session_of(r), f"accept {email}", r)
    return session_of(r)


def wizard_form(sku, name, phone, rooms=1, openings=1):
    opening = {"kind": "window", "width": "1,20", "height": "1,50", "quantity": "1", "sku": sku, "curved": False, "difficult": False}
    return {
        "step": "contact", "vertical": "residential", "units": "m", "extreme_weather": False,
        "rooms": [{"name": f"Pieza {i}", "floor": "1", "openings": [dict(opening) for _ in range(openings)]} for i in range(rooms)],
        "contact": {"name": name, "phone": phone, "email": "cliente@example.com", "address": "Av. Sonda 123",
                    "commune": "Providencia", "contact_time": "afternoon", "language": ""},
    }


def rest_quote(sku, name, send=False):
    opening = {"kind": "window", "width_m": "1.20", "height_m": "1.50", "quantity": 2, "sku": sku}
    return {"send": send, "contact": {"name": name, "phone": "+56 9 3333 4444", "address": "Calle Falsa 123"},
            "rooms": [{"name": "Living", "openings": [opening]}, {"name": "Cocina", "floor": 2, "openings": [dict(opening)]}]}


def make_org(c, tag, run, video_file=None):
    """An organisation with an admin, a sales user, keys, a product, quotes, a customer, a vehicle and jobs."""
    slug = f"sonda-{run}-{tag}"
    o = {"tag": tag, "slug": slug, "name": f"Láminas {tag.upper()} {XSS}", "admin_email": f"admin@{slug}.test"}
    o["admin"] = sign_up(c, slug, o["name"], o["admin_email"])
    o["sales_email"] = f"ventas@{slug}.test"
    o["sales"] = invite_and_accept(c, o["admin"], o["sales_email"], "sales")
    o["admin_user"] = c.fn("me", cookie=o["admin"]).json["user_id"]
    o["sales_user"] = c.fn("me", cookie=o["sales"]).json["user_id"]
    r = c.fn("invite_user", [("email", f"pendiente@{slug}.test"), ("role", "admin")], cookie=o["admin"])
    need(ok(r), "second invitation", r)
    team = c.fn("team", cookie=o["admin"]).json
    o["invitation"] = team["invitations"][0]["id"]
    for role in ("admin", "sales"):
        r = c.rest("POST", "/api/v1/api-keys", {"name": f"ERP {role}", "role": role}, cookie=o["admin"])
        need(r.status == 201 and r.json.get("secret"), f"{role} API key", r)
        o[f"key_{role}"], o[f"key_{role}_id"] = r.json["secret"], r.json["id"]
    cats = c.rest("GET", "/api/v1/products/categories", cookie=o["admin"]).json
    o["category"] = cats[0]["id"]
    o["sku"] = f"SONDA-{tag.upper()}"
    r = c.rest("POST", "/api/v1/products", {
        "sku": o["sku"], "name_es": f"Lámina {XSS}", "type": "security", "unit": "m2", "category_id": o["category"],
        "verticals": ["residential", "commercial"], "price": {"material_price": "45", "installation_price": "15"}}, cookie=o["admin"])
    need(r.status == 201, "product", r)
    o["product"] = r.json["id"]
    r = c.rest("POST", f"/api/v1/products/{o['product']}/prices",
               {"material_price": "50", "installation_price": "16", "valid_from": "2999-01-01"}, cookie=o["admin"])
    need(r.status == 201, "scheduled price", r)
    o["price"] = r.json["id"]
    r = c.rest("POST", "/api/v1/quotations/residential", rest_quote(o["sku"], "Víctor Víctima"), cookie=o["admin"])
    need(r.status == 201, "draft quote (REST)", r)
    o["quote"], o["property"], o["customer"] = r.json["id"], r.json["property_id"], r.json["customer_id"]
    rooms = c.rest("GET", f"/api/v1/properties/{o['property']}/rooms", cookie=o["admin"]).json
    o["room"], o["opening"] = rooms[0]["id"], rooms[0]["openings"][0]["id"]
    r = c.rest("POST", "/api/v1/quotations/residential", rest_quote(o["sku"], "Víctor Víctima", send=True), key=o["key_sales"])
    need(r.status == 201, "sent quote (REST, sales key)", r)
    o["sent_quote"] = r.json["id"]
    phone = f"+56 9 {secrets.randbelow(9000) + 1000} {secrets.randbelow(9000) + 1000}"
    r = c.fn_json("submit_quote", {"slug": slug, "form": wizard_form(o["sku"], f"Ana {XSS}", phone), "lang": "es"})
    need(r.status == 200 and isinstance(r.json, str), "wizard submit", r)
    o["token"] = r.json
    quotes = c.rest("GET", "/api/v1/quotations?status=pending", cookie=o["admin"]).json["quotations"]
    wizard = [q for q in quotes if q["id"] not in (o["sent_quote"],)]
    need(wizard, "the wizard's quote in the list")
    o["wizard_quote"], o["wizard_customer"] = wizard[0]["id"], wizard[0]["customer_id"]
    r = c.rest("POST", f"/api/video-renders/quotes/{o['sent_quote']}", cookie=o["sales"])
    need(r.status == 202, "video job", r)
    o["video_job"] = r.json["id"]
    r = c.rest("POST", "/api/v1/vehicles", {"make": XSS_SCRIPT, "model": XSS_IMG, "year": 2020, "bodyType": "sedan",
                                            "plate": f"SND{tag.upper()}1"}, cookie=o["admin"])
    need(r.status == 201, "vehicle", r)
    o["vehicle"] = r.json["id"]
    r = c.rest("POST", "/api/video360/jobs", {"vehicleId": o["vehicle"], "videoUrl": f"https://cdn.example.com/{slug}.mp4"}, cookie=o["sales"])
    need(r.status == 202, "360 job from a URL", r)
    o["spin_job"] = r.json["id"]
    o["upload_job"] = None
    if video_file:
        with open(video_file, "rb") as f:
            r = c.request("POST", "/api/video360/jobs/upload", cookie=o["admin"],
                          files={"vehicleId": (None, o["vehicle"]), "video": ("car.mp4", f, "video/mp4")})
        need(r.status == 202, "360 upload", r)
        o["upload_job"] = r.json["id"]
    r = c.fn("save_package", [("code", f"solo_{tag}"), ("name_es", "Solo sonda"), ("positions[0]", "windshield")], cookie=o["admin"])
    need(ok(r), "automotive package", r)
    r = c.fn("set_glass_size", [("body", "sedan"), ("position", "windshield"), ("width_m", "1,9"), ("height_m", "1")], cookie=o["admin"])
    need(ok(r), "glass size", r)
    return o


def settle_jobs(c, orgs, timeout=90):
    """Waits until every job left queued/running, so snapshots are stable; fills in the files' links."""
    deadline = time.time() + timeout
    while True:
        busy = False
        for o in orgs:
            v = c.rest("GET", f"/api/video-renders/{o['video_job']}", cookie=o["admin"]).json
            o["video"] = v
            busy |= v["status"] in ("queued", "running")
            for k in ("spin_job", "upload_job"):
                if o.get(k):
                    s = c.rest("GET", f"/api/video360/jobs/{o[k]}", cookie=o["admin"]).json
                    o[k + "_view"] = s
                    busy |= s["status"] in ("Pending", "Processing")
        if not busy or time.time() > deadline:
            return not busy
        time.sleep(1)


def snapshot(c, o):
    """What the organisation owns, as its admin reads it (volatile fields left out)."""
    a = o["admin"]
    s = {}
    team = c.fn("team", cookie=a).json
    s["members"] = sorted((m["id"], m["role"], m["disabled"]) for m in team["members"])
    s["invitations"] = sorted(i["id"] for i in team["invitations"])
    s["keys"] = sorted((k["id"], k["revoked_at"] is None) for k in c.rest("GET", "/api/v1/api-keys", cookie=a).json)
    products = c.rest("GET", "/api/v1/products?include_inactive=true", cookie=a).json
    s["products"] = sorted((p["id"], p["sku"], p["name_es"], p["version"], p["active"], p.get("photo_url")) for p in products)
    s["prices"] = sorted(p["id"] for p in c.rest("GET", f"/api/v1/products/{o['product']}/prices", cookie=a).json)
    s["categories"] = sorted((x["id"], x.get("name_es")) for x in c.rest("GET", "/api/v1/products/categories", cookie=a).json)
    quotes = c.rest("GET", "/api/v1/quotations?limit=500", cookie=a).json
    s["quotes"] = sorted((q["id"], q["status"], q["version"]) for q in quotes["quotations"])
    for k in ("quote", "sent_quote", "wizard_quote"):
        q = c.rest("GET", f"/api/v1/quotations/{o[k]}", cookie=a).json
        s[k] = (q["status"], q["version"], len(q["versions"]), q["document"].get("extreme_weather"), q.get("rejection_reason"))
    rooms = c.rest("GET", f"/api/v1/properties/{o['property']}/rooms", cookie=a).json
    s["rooms"] = [(r["id"], r["name"], [(x["id"], x["quantity"], x.get("kind")) for x in r["openings"]]) for r in rooms]
    s["customers"] = sorted((x["id"], x["name"]) for x in c.fn("customers", cookie=a).json)
    s["vehicles"] = sorted((v["id"], v["make"], v["model"], v.get("plate")) for v in c.rest("GET", "/api/v1/vehicles", cookie=a).json)
    s["video_jobs"] = sorted((j["id"], j["status"]) for j in c.rest("GET", "/api/video-renders", cookie=a).json)
    s["spin_jobs"] = sorted((j["id"], j["status"]) for j in c.rest("GET", "/api/video360/jobs", cookie=a).json)
    settings = c.fn("settings", cookie=a).json
    s["settings"] = {k: settings.get(k) for k in ("name", "country", "currency", "tax_rate", "language", "validity_days", "brand_color")}
    auto = c.rest("GET", "/api/v1/automotive/catalog", cookie=a).json
    s["automotive"] = (auto.get("minFrontVlt"), sorted(p["code"] for p in auto.get("packages", [])), len(auto.get("templates", [])))
    s["sessions_alive"] = (c.fn("me", cookie=a).json or {}).get("user_id"), (c.fn("me", cookie=o["sales"]).json or {}).get("user_id")
    return s


def diff(before, after):
    """The keys whose values differ, with both values (short)."""
    out = []
    for k in before:
        if before[k] != after.get(k):
            out.append(f"{k}: {str(before[k])[:200]} -> {str(after.get(k))[:200]}")
    return out
