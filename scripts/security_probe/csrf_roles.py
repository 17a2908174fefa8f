"""CSRF (every server function and REST write from another site with a
session cookie: 403, nothing changed) and role checks (admin-only work by a
sales user or a sales API key: 403; nothing without a session: 401).
"""
from urllib.parse import urlencode

from .world import PASSWORD, diff, rest_quote, snapshot, wizard_form

CROSS_SITE = [
    ("sec-fetch-site: cross-site", "cross-site", {}),
    ("sec-fetch-site: same-site", "same-site", {}),
    ("Origin: https://evil.example", None, {"origin": "https://evil.example"}),
    ("Origin: null", None, {"origin": "null"}),
]
REFUSED = "cross-site request refused"


def fn_cases(o):
    """Every server function with a session-worthy form (ids of `o`); True = it writes."""
    v = o
    csv = "sku,name_es,type,unit,verticals\nCSRF-1,Hijack,security,m2,residential\n"
    return [
        ("me", [], False), ("team", [], False), ("settings", [], False), ("audit_log", [], False), ("api_keys", [], False),
        ("catalog", [], False), ("catalog_new_product", [], False), ("quotes", [], False), ("customers", [], False),
        ("list_vehicles", [], False), ("spin_jobs_page", [], False), ("video_jobs", [], False), ("automotive_settings", [], False),
        ("vehicle_spin_jobs", [], False), ("org_brand", [("slug", v["slug"])], False),
        ("automotive_wizard_data", [("slug", v["slug"])], False), ("public_quote", [("token", v["token"])], False),
        ("invitation", [("token", "x" * 43)], False), ("catalog_product", [("id", v["product"])], False),
        ("quote_page", [("id", v["quote"])], False), ("quote_editor", [("id", v["quote"])], False),
        ("customer", [("id", v["customer"])], False), ("get_vehicle", [("id", v["vehicle"])], False),
        ("vehicle_spin", [("vehicle_id", v["vehicle"])], False), ("vehicle_page", [("id", v["vehicle"])], False),
        ("sign_up", [("org_name", "CSRF"), ("slug", "csrf-" + v["tag"]), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"),
                     ("language", "es"), ("name", "X"), ("email", f"csrf@{v['slug']}.test"), ("password", PASSWORD),
                     ("password_confirmation", PASSWORD), ("phone", "+56 2 2345 6789")], True),
        ("log_in", [("email", v["admin_email"]), ("password", PASSWORD)], True),
        ("log_out", [], True), ("log_out_everywhere", [], True),
        ("accept_invitation", [("token", "x" * 43), ("name", "X"), ("password", PASSWORD), ("password_confirmation", PASSWORD)], True),
        ("set_min_front_vlt", [("min_front_vlt", "10")], True),
        ("set_glass_size", [("body", "suv"), ("position", "windshield"), ("width_m", "2"), ("height_m", "1")], True),
        ("reset_glass_size", [("body", "sedan"), ("position", "windshield")], True),
        ("save_package", [("code", "csrf_pkg"), ("name_es", "CSRF"), ("positions[0]", "windshield")], True),
        ("delete_package", [("code", f"solo_{v['tag']}")], True), ("hide_package", [("code", "front_two")], True),
        ("create_vehicle", [("make", "CSRF"), ("model", "X"), ("year", "2020"), ("body_type", "suv")], True),
        ("update_vehicle", [("id", v["vehicle"]), ("make", "CSRF"), ("model", "X"), ("year", "2020"), ("body_type", "suv")], True),
        ("delete_vehicle", [("id", v["vehicle"])], True),
        ("cancel_spin_job", [("id", v["spin_job"])], True), ("retry_spin_job", [("id", v["spin_job"])], True),
        ("invite_user", [("email", f"csrf@{v['slug']}.test"), ("role", "admin")], True),
        ("revoke_invitation", [("id", v["invitation"])], True),
        ("set_user_role", [("id", v["sales_user"]), ("role", "admin")], True),
        ("set_user_disabled", [("id", v["sales_user"]), ("disabled", "true")], True),
        ("create_product", [("sku", "CSRF-1"), ("name_es", "CSRF"), ("product_type", "vinyl"), ("unit", "m2"), ("residential", "on"),
                            ("material_price", "1"), ("installation_price", "1")], True),
        ("update_product", [("id", v["product"]), ("version", "1"), ("sku", v["sku"]), ("name_es", "CSRF"), ("product_type", "vinyl"),
                            ("unit", "m2"), ("residential", "on")], True),
        ("delete_product", [("id", v["product"])], True),
        ("add_price", [("id", v["product"]), ("material_price", "1"), ("installation_price", "1")], True),
        ("withdraw_price", [("id", v["product"]), ("price_id", v["price"])], True),
        ("create_category", [("code", "csrf"), ("name_es", "CSRF")], True),
        ("change_category_prices", [("category_id", v["category"]), ("percent", "50")], True),
        ("preview_catalog_import", [("csv", csv)], True), ("apply_catalog_import", [("csv", csv)], True),
        ("update_settings", [("name", "CSRF"), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"), ("language", "es")], True),
        ("set_my_language", [("language", "en")], True),
        ("answer_quote", [("token", v["token"]), ("decision", "reject"), ("version", "1")], True),
        ("create_api_key", [("name", "CSRF"), ("role", "admin")], True), ("revoke_api_key", [("id", v["key_admin_id"])], True),
        ("send_quote", [("id", v["quote"])], True), ("decide_quote", [("id", v["sent_quote"]), ("decision", "confirm")], True),
        ("duplicate_quote", [("id", v["quote"])], True),
        ("request_video", [("quote_id", v["sent_quote"])], True), ("retry_video", [("job_id", v["video_job"])], True),
    ]


def json_fns(o):
    return [("submit_quote", {"slug": o["slug"], "form": wizard_form(o["sku"], "CSRF", "+56 9 2222 3333"), "lang": "es"}),
            ("save_quote", {"id": o["quote"], "version": 1, "form": wizard_form(o["sku"], "CSRF", "+56 9 2222 3333")}),
            ("submit_automotive_quote", {"slug": o["slug"], "request": {}})]


def rest_writes(o):
    q = rest_quote(o["sku"], "CSRF")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    return [
        ("POST", "/api/v1/quotations", q), ("POST", "/api/v1/quotations/residential", q), ("POST", "/api/v1/quotations/commercial", q),
        ("POST", "/api/v1/quotations/automotive", {}), ("PUT", f"/api/v1/quotations/{o['quote']}", {"version": 1, "extreme_weather": True}),
        ("DELETE", f"/api/v1/quotations/{o['quote']}", None), ("POST", f"/api/v1/quotations/{o['quote']}/send", None),
        ("POST", f"/api/v1/quotations/{o['sent_quote']}/confirm", None), ("POST", f"/api/v1/quotations/{o['sent_quote']}/reject", None),
        ("POST", f"/api/v1/properties/{o['property']}/rooms", {"name": "CSRF", "openings": []}),
        ("PUT", f"/api/v1/rooms/{o['room']}", {"name": "CSRF"}), ("DELETE", f"/api/v1/rooms/{o['room']}", None),
        ("POST", f"/api/v1/rooms/{o['room']}/openings", {"kind": "door", "width_m": 1, "height_m": 2, "quantity": 1, "sku": o["sku"]}),
        ("PUT", f"/api/v1/openings/{o['opening']}", {"quantity": 9}), ("DELETE", f"/api/v1/openings/{o['opening']}", None),
        ("POST", "/api/v1/products", {"sku": "CSRF-2", "name_es": "CSRF", "type": "security", "unit": "m2", "verticals": ["residential"]}),
        ("POST", "/api/v1/products/import", "raw:sku,name_es,type,unit,verticals\nCSRF-3,X,security,m2,residential\n"),
        ("POST", f"/api/v1/products/categories/{o['category']}/price-change", {"percent": "50"}),
        ("PUT", f"/api/v1/products/{o['product']}", {"version": 1, "name_es": "CSRF"}), ("DELETE", f"/api/v1/products/{o['product']}", None),
        ("POST", f"/api/v1/products/{o['product']}/prices", {"material_price": "1", "installation_price": "1"}),
        ("DELETE", f"/api/v1/products/{o['product']}/prices/{o['price']}", None),
        ("PUT", f"/api/v1/products/{o['product']}/photo", png), ("POST", f"/api/v1/products/{o['product']}/photo", png),
        ("DELETE", f"/api/v1/products/{o['product']}/photo", None),
        ("POST", "/api/v1/vehicles", {"make": "CSRF", "model": "X", "year": 2020, "bodyType": "suv"}),
        ("PUT", f"/api/v1/vehicles/{o['vehicle']}", {"make": "CSRF", "model": "X", "year": 2020, "bodyType": "suv"}),
        ("DELETE", f"/api/v1/vehicles/{o['vehicle']}", None),
        ("POST", "/api/v1/api-keys", {"name": "CSRF", "role": "admin"}), ("DELETE", f"/api/v1/api-keys/{o['key_admin_id']}", None),
        ("POST", f"/api/video-renders/quotes/{o['sent_quote']}", None), ("POST", f"/api/video-renders/{o['video_job']}/retry", None),
        ("POST", "/api/video360/jobs", {"vehicleId": o["vehicle"], "videoUrl": "https://cdn.example.com/csrf.mp4"}),
        ("POST", "/api/video360/jobs/upload", b"--x--\r\n"), ("POST", f"/api/video360/jobs/{o['spin_job']}/cancel", None),
        ("POST", f"/api/video360/jobs/{o['spin_job']}/retry", None),
    ]


def send_rest(c, method, path, body, **kw):
    if isinstance(body, bytes):
        return c.request(method, path, raw=body, content_type="image/png" if "photo" in path else "multipart/form-data; boundary=x", **kw)
    if isinstance(body, str) and body.startswith("raw:"):
        return c.request(method, path, raw=body[4:].encode(), content_type="text/csv", **kw)
    return c.rest(method, path, body, **kw)


def refused(t, r, what):
    t.check(r.status == 403 and REFUSED in r.text, what + ": 403 cross-site request refused", r)


def run_csrf(c, t, o):
    t.cat("csrf")
    before = snapshot(c, o)
    cookie = o["admin"]
    for name, form, _writes in fn_cases(o):
        for label, site, headers in CROSS_SITE:
            refused(t, c.fn(name, form, cookie=cookie, site=site, headers=headers), f"fn {name} with {label}")
    for name, body in json_fns(o):
        for label, site, headers in CROSS_SITE:
            refused(t, c.fn_json(name, body, cookie=cookie, site=site, headers=headers), f"fn {name} (JSON) with {label}")
    for method, path, body in rest_writes(o):
        for label, site, headers in CROSS_SITE:
            refused(t, send_rest(c, method, path, body, cookie=cookie, site=site, headers=headers), f"{method} {path} with {label}")
        # An API key beside the cookie does not make a cross-site call pass: the cookie rides along.
        refused(t, send_rest(c, method, path, body, cookie=cookie, key=o["key_admin"], site="cross-site"),
                f"{method} {path} with a cookie and a Bearer key, cross-site")
    form = [("quote_id", o["quote"]), ("version", "1"), ("lang", "es")]
    for path in (f"/q/{o['slug']}/submit", f"/q/{o['slug']}/auto/submit", "/app/quotes/save"):
        for label, site, headers in CROSS_SITE:
            refused(t, c.request("POST", path, cookie=cookie, site=site, headers=headers, form=form), f"POST {path} with {label}")
    # A server function never acts on a GET (which the CSRF guard lets through).
    for name, form, writes in fn_cases(o):
        if writes:
            query = ("?" + urlencode(form)) if form else ""
            r = c.request("GET", f"/api/{name}{query}", cookie=cookie, site="cross-site")
            t.check(not (200 <= r.status < 400) and r.status < 500, f"GET /api/{name}: not run on a GET", r)
    after = snapshot(c, o)
    changes = diff(before, after)
    t.check(not changes, f"organisation {o['tag']}: nothing changed by the cross-site calls", None, "; ".join(changes))


def admin_fns(o):
    csv = "sku,name_es,type,unit,verticals\nROLE-1,X,security,m2,residential\n"
    return [
        ("invite_user", [("email", f"rol@{o['slug']}.test"), ("role", "admin")]), ("revoke_invitation", [("id", o["invitation"])]),
        ("set_user_role", [("id", o["sales_user"]), ("role", "admin")]), ("set_user_disabled", [("id", o["admin_user"]), ("disabled", "true")]),
        ("audit_log", []), ("update_settings", [("name", "Rol"), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"), ("language", "es")]),
        ("catalog_new_product", []),
        ("create_product", [("sku", "ROLE-1"), ("name_es", "Rol"), ("product_type", "vinyl"), ("unit", "m2"), ("residential", "on"),
                            ("material_price", "1"), ("installation_price", "1")]),
        ("update_product", [("id", o["product"]), ("version", "1"), ("sku", o["sku"]), ("name_es", "Rol"), ("product_type", "vinyl"),
                            ("unit", "m2"), ("residential", "on")]),
        ("delete_product", [("id", o["product"])]), ("add_price", [("id", o["product"]), ("material_price", "1"), ("installation_price", "1")]),
        ("withdraw_price", [("id", o["product"]), ("price_id", o["price"])]), ("create_category", [("code", "rol"), ("name_es", "Rol")]),
        ("change_category_prices", [("category_id", o["category"]), ("percent", "50")]),
        ("preview_catalog_import", [("csv", csv)]), ("apply_catalog_import", [("csv", csv)]),
        ("api_keys", []), ("create_api_key", [("name", "Rol"), ("role", "sales")]), ("revoke_api_key", [("id", o["key_admin_id"])]),
        ("set_min_front_vlt", [("min_front_vlt", "10")]),
        ("set_glass_size", [("body", "suv"), ("position", "windshield"), ("width_m", "2"), ("height_m", "1")]),
        ("reset_glass_size", [("body", "sedan"), ("position", "windshield")]),
        ("save_package", [("code", "rol_pkg"), ("name_es", "Rol"), ("positions[0]", "windshield")]),
        ("delete_package", [("code", f"solo_{o['tag']}")]), ("hide_package", [("code", "front_two")]),
    ]


def admin_rest(o):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    csv = "raw:sku,name_es,type,unit,verticals\nROLE-2,X,security,m2,residential\n"
    return [
        ("POST", "/api/v1/products", {"sku": "ROLE-2", "name_es": "Rol", "type": "security", "unit": "m2", "verticals": ["residential"]}),
        ("PUT", f"/api/v1/products/{o['product']}", {"version": 1, "name_es": "Rol"}), ("DELETE", f"/api/v1/products/{o['product']}", None),
        ("POST", f"/api/v1/products/{o['product']}/prices", {"material_price": "1", "installation_price": "1"}),
        ("DELETE", f"/api/v1/products/{o['product']}/prices/{o['price']}", None),
        ("PUT", f"/api/v1/products/{o['product']}/photo", png), ("POST", f"/api/v1/products/{o['product']}/photo", png),
        ("DELETE", f"/api/v1/products/{o['product']}/photo", None),
        ("POST", "/api/v1/products/import", csv), ("POST", "/api/v1/products/import?dry_run=true", csv),
        ("POST", f"/api/v1/products/categories/{o['category']}/price-change", {"percent": "50"}),
        ("GET", "/api/v1/api-keys", None), ("POST", "/api/v1/api-keys", {"name": "Rol", "role": "sales"}),
        ("DELETE", f"/api/v1/api-keys/{o['key_admin_id']}", None),
    ]


def run_roles(c, t, orgs):
    t.cat("role checks")
    before = {o["tag"]: snapshot(c, o) for o in orgs}
    for o in orgs:
        for name, form in admin_fns(o):
            r = c.fn(name, form, cookie=o["sales"])
            t.check(r.status == 403, f"fn {name} by a sales user: 403", r)
            r = c.fn(name, form)
            t.check(r.status == 401, f"fn {name} without a session: 401", r)
        for method, path, body in admin_rest(o):
            for who, auth in (("sales session", {"cookie": o["sales"]}), ("sales key", {"key": o["key_sales"]})):
                r = send_rest(c, method, path, body, **auth)
                t.check(r.status == 403, f"{method} {path} by a {who}: 403", r)
            r = send_rest(c, method, path, body)
            t.check(r.status == 401, f"{method} {path} without a session: 401", r)
        for method, path, body in admin_rest(o)[-3:]:
            r = send_rest(c, method, path, body, key=o["key_admin"])
            t.check(r.status == 403, f"{method} {path} by an admin API key (keys never manage keys): 403", r)
        # Forged or revoked-looking keys and sessions are nobody.
        for label, auth in (("a made-up key", {"key": "ctz_" + "A" * 43}), ("a made-up session", {"cookie": "A" * 43})):
            r = c.rest("GET", "/api/v1/quotations", **auth)
            t.check(r.status == 401, f"GET /api/v1/quotations with {label}: 401", r)
    after = {o["tag"]: snapshot(c, o) for o in orgs}
    for o in orgs:
        changes = diff(before[o["tag"]], after[o["tag"]])
        t.check(not changes, f"organisation {o['tag']}: nothing changed by the refused calls", None, "; ".join(changes))
