//! The tenant-isolation matrix: for every route and server function that
//! takes an id, another organisation's id answers exactly like a missing id
//! (404, same body) and changes nothing. Adding a route is one line in CASES.
use crate::app_test;
use crate::test_app::{Called, TestApp};
use reqwest::StatusCode;

/// A server function and its form; `{user}`, `{invitation}`, `{product}`,
/// `{price}`, `{category}`, `{api_key}`, `{quote}`, `{property}`, `{room}`,
/// `{opening}`, `{customer}`, `{sent_quote}`, `{video_job}`, `{vehicle}`, `{spin_job}` stand for an id of the victim organisation (or
/// a random one for the "missing" call).
const CASES: &[(&str, &[(&str, &str)])] = &[
    ("set_user_role", &[("id", "{user}"), ("role", "admin")]),
    ("set_user_disabled", &[("id", "{user}"), ("disabled", "true")]),
    ("revoke_invitation", &[("id", "{invitation}")]),
    ("revoke_api_key", &[("id", "{api_key}")]),
    ("catalog_product", &[("id", "{product}")]),
    ("update_product", &[("id", "{product}"), ("version", "1"), ("sku", "HIJACK"), ("name_es", "Hijack"), ("product_type", "vinyl"), ("unit", "m2"), ("residential", "on")]),
    ("delete_product", &[("id", "{product}")]),
    ("add_price", &[("id", "{product}"), ("material_price", "1"), ("installation_price", "1")]),
    ("withdraw_price", &[("id", "{product}"), ("price_id", "{price}")]),
    ("change_category_prices", &[("category_id", "{category}"), ("percent", "50")]),
    ("quote_page", &[("id", "{quote}")]),
    ("send_quote", &[("id", "{quote}")]),
    ("decide_quote", &[("id", "{quote}"), ("decision", "confirm")]),
    ("duplicate_quote", &[("id", "{quote}")]),
    ("customer", &[("id", "{customer}")]),
    ("quote_editor", &[("id", "{quote}")]),
    ("quote_editor", &[("customer", "{customer}")]),
    ("auto_quote_editor", &[("id", "{quote}")]),
    ("auto_quote_editor", &[("vehicle", "{vehicle}")]),
    ("auto_quote_editor", &[("customer", "{customer}")]),
];

/// A REST call (method, path, JSON body) with the same placeholders.
const REST_CASES: &[(&str, &str, Option<&str>)] = &[
    ("GET", "/api/v1/products/{product}", None),
    ("PUT", "/api/v1/products/{product}", Some(r#"{"version": 1, "name_es": "Hijack"}"#)),
    ("DELETE", "/api/v1/products/{product}", None),
    ("GET", "/api/v1/products/{product}/prices", None),
    ("POST", "/api/v1/products/{product}/prices", Some(r#"{"material_price": "1", "installation_price": "1"}"#)),
    ("DELETE", "/api/v1/products/{product}/prices/{price}", None),
    ("DELETE", "/api/v1/products/{product}/photo", None),
    ("POST", "/api/v1/products/categories/{category}/price-change", Some(r#"{"percent": "50"}"#)),
    ("DELETE", "/api/v1/api-keys/{api_key}", None),
    ("GET", "/api/v1/quotations/{quote}", None),
    ("PUT", "/api/v1/quotations/{quote}", Some(r#"{"version": 1, "extreme_weather": true}"#)),
    ("DELETE", "/api/v1/quotations/{quote}", None),
    ("POST", "/api/v1/quotations/{quote}/send", None),
    ("POST", "/api/v1/quotations/{quote}/confirm", Some(r#"{"reason": "hijack"}"#)),
    ("POST", "/api/v1/quotations/{quote}/reject", None),
    ("GET", "/api/v1/quotations/{quote}/pdf", None),
    ("GET", "/api/v1/properties/{property}/rooms", None),
    ("POST", "/api/v1/properties/{property}/rooms", Some(r#"{"name": "Hijack", "openings": [{"kind": "window", "width_m": 1, "height_m": 1, "quantity": 1, "sku": "VICTIM-1"}]}"#)),
    ("GET", "/api/v1/rooms/{room}", None),
    ("PUT", "/api/v1/rooms/{room}", Some(r#"{"name": "Hijack"}"#)),
    ("DELETE", "/api/v1/rooms/{room}", None),
    ("GET", "/api/v1/rooms/{room}/openings", None),
    ("POST", "/api/v1/rooms/{room}/openings", Some(r#"{"kind": "door", "width_m": 1, "height_m": 2, "quantity": 1, "sku": "VICTIM-1"}"#)),
    ("GET", "/api/v1/openings/{opening}", None),
    ("PUT", "/api/v1/openings/{opening}", Some(r#"{"kind": "door", "width_m": 1, "height_m": 2, "quantity": 9, "sku": "VICTIM-1"}"#)),
    ("DELETE", "/api/v1/openings/{opening}", None),
    ("POST", "/api/video-renders/quotes/{sent_quote}", None),
    ("GET", "/api/video-renders/{video_job}", None),
    ("POST", "/api/video-renders/{video_job}/retry", None),
    ("GET", "/api/video-renders/{video_job}/download", None),
    ("GET", "/api/videos/{video_job}", None),
    ("GET", "/api/v1/vehicles/{vehicle}", None),
    ("PUT", "/api/v1/vehicles/{vehicle}", Some(r#"{"make": "Hijack", "model": "X", "year": 2020, "bodyType": "suv"}"#)),
    ("DELETE", "/api/v1/vehicles/{vehicle}", None),
    ("POST", "/api/video360/jobs", Some(r#"{"vehicleId": "{vehicle}", "videoUrl": "https://cdn.example.com/hijack.mp4"}"#)),
    ("GET", "/api/video360/jobs/{spin_job}", None),
    ("POST", "/api/video360/jobs/{spin_job}/cancel", None),
    ("POST", "/api/video360/jobs/{spin_job}/retry", None),
    ("GET", "/api/video360/vehicles/{vehicle}/view", None),
];

/// Two organisations with data; `attacker` is the other organisation's admin.
struct Tenants {
    attacker: String,
    victim: String,
    ids: Ids,
}

/// The victim's ids the placeholders stand for.
struct Ids {
    user: String,
    invitation: String,
    product: String,
    price: String,
    category: String,
    api_key: String,
    quote: String,
    property: String,
    room: String,
    opening: String,
    customer: String,
    /// A sent quote with a video job.
    sent_quote: String,
    video_job: String,
    vehicle: String,
    spin_job: String,
}

impl Ids {
    fn missing() -> Ids {
        let m = uuid_like();
        Ids {
            user: m.clone(),
            invitation: m.clone(),
            product: m.clone(),
            price: m.clone(),
            category: m.clone(),
            api_key: m.clone(),
            quote: m.clone(),
            property: m.clone(),
            room: m.clone(),
            opening: m.clone(),
            customer: m.clone(),
            sent_quote: m.clone(),
            video_job: m.clone(),
            vehicle: m.clone(),
            spin_job: m,
        }
    }

    fn fill(&self, text: &str) -> String {
        text.replace("{user}", &self.user)
            .replace("{invitation}", &self.invitation)
            .replace("{product}", &self.product)
            .replace("{price}", &self.price)
            .replace("{category}", &self.category)
            .replace("{api_key}", &self.api_key)
            .replace("{quote}", &self.quote)
            .replace("{property}", &self.property)
            .replace("{room}", &self.room)
            .replace("{opening}", &self.opening)
            .replace("{customer}", &self.customer)
            .replace("{sent_quote}", &self.sent_quote)
            .replace("{video_job}", &self.video_job)
            .replace("{vehicle}", &self.vehicle)
            .replace("{spin_job}", &self.spin_job)
    }
}

async fn tenants(app: &TestApp) -> Tenants {
    let victim = app.sign_up("victima").await;
    let sales = app.invite_and_accept(&victim, "ventas@victima.test", "sales").await;
    app.call(Some(&victim), "invite_user", &[("email", "pendiente@victima.test"), ("role", "admin")]).await;
    let victim_user = app.call(Some(&sales), "me", &[]).await.json["user_id"].as_str().expect("id").to_owned();
    let team = app.call(Some(&victim), "team", &[]).await;
    let victim_invitation = team.json["invitations"][0]["id"].as_str().expect("open invitation").to_owned();
    let (_, categories) = app.rest("GET", Some(&victim), "/api/v1/products/categories", None).await;
    let category = categories[0]["id"].as_str().expect("a category").to_owned();
    let (status, product) = app.rest("POST", Some(&victim), "/api/v1/products", Some(serde_json::json!({
        "sku": "VICTIM-1", "name_es": "Lámina de la víctima", "type": "security", "unit": "m2", "category_id": category,
        "verticals": ["residential"], "price": {"material_price": "45", "installation_price": "15"}}))).await;
    assert_eq!(status, StatusCode::CREATED, "{product}");
    let product = product["id"].as_str().expect("product id").to_owned();
    let (status, price) = app.rest("POST", Some(&victim), &format!("/api/v1/products/{product}/prices"), Some(serde_json::json!({
        "material_price": "50", "installation_price": "16", "valid_from": "2999-01-01"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{price}");
    let price = price["id"].as_str().expect("price id").to_owned();
    let (status, key) = app.rest("POST", Some(&victim), "/api/v1/api-keys", Some(serde_json::json!({"name": "ERP", "role": "admin"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{key}");
    let api_key = key["id"].as_str().expect("api key id").to_owned();
    // A draft quote with two rooms: its property, rooms and openings are ids too.
    let (status, quote) = app.rest("POST", Some(&victim), "/api/v1/quotations/residential", Some(victim_quote())).await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    let id = |v: &serde_json::Value, what: &str| v.as_str().unwrap_or_else(|| panic!("{what}")).to_owned();
    let (quote_id, property, customer) = (id(&quote["id"], "quote id"), id(&quote["property_id"], "property id"), id(&quote["customer_id"], "customer id"));
    let (_, rooms) = app.rest("GET", Some(&victim), &format!("/api/v1/properties/{property}/rooms"), None).await;
    let (room, opening) = (id(&rooms[0]["id"], "room id"), id(&rooms[0]["openings"][0]["id"], "opening id"));
    // A sent quote of the same customer, with its video asked for.
    let mut sent = victim_quote();
    sent["send"] = serde_json::json!(true);
    let (status, sent) = app.rest("POST", Some(&victim), "/api/v1/quotations/residential", Some(sent)).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let sent_quote = id(&sent["id"], "sent quote id");
    let (status, job) = app.rest("POST", Some(&victim), &format!("/api/video-renders/quotes/{sent_quote}"), None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    let video_job = id(&job["id"], "video job id");
    // A vehicle with a 360° job (from a link; no worker runs here).
    let (status, vehicle) = app.rest("POST", Some(&victim), "/api/v1/vehicles", Some(serde_json::json!({
        "make": "Toyota", "model": "Corolla", "year": 2020, "bodyType": "sedan", "plate": "VICT01"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{vehicle}");
    let vehicle = id(&vehicle["id"], "vehicle id");
    let (status, spin) = app.rest("POST", Some(&victim), "/api/video360/jobs", Some(serde_json::json!({
        "vehicleId": vehicle, "videoUrl": "https://cdn.example.com/victim.mp4"}))).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{spin}");
    let spin_job = id(&spin["id"], "360 job id");
    let attacker = app.sign_up("atacante").await;
    let ids = Ids {
        user: victim_user,
        invitation: victim_invitation,
        product,
        price,
        category,
        api_key,
        quote: quote_id,
        property,
        room,
        opening,
        customer,
        sent_quote,
        video_job,
        vehicle,
        spin_job,
    };
    Tenants { attacker, victim, ids }
}

fn victim_quote() -> serde_json::Value {
    let opening = serde_json::json!({"kind": "window", "width_m": "1.20", "height_m": "1.50", "quantity": 2, "sku": "VICTIM-1"});
    serde_json::json!({
        "contact": {"name": "Víctor Víctima", "phone": "+56 9 3333 4444", "address": "Calle Falsa 123"},
        "rooms": [{"name": "Living", "openings": [opening]}, {"name": "Cocina", "floor": 2, "openings": [opening]}]})
}

async fn call_case(app: &TestApp, cookie: &str, endpoint: &str, form: &[(&str, &str)], ids: &Ids) -> Called {
    let filled: Vec<(&str, String)> = form.iter().map(|(k, v)| (*k, ids.fill(v))).collect();
    let borrowed: Vec<(&str, &str)> = filled.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(Some(cookie), endpoint, &borrowed).await
}

app_test! {
    async fn another_organisations_ids_are_404_like_missing_ids(app) {
        let t = tenants(&app).await;
        let missing = Ids::missing();
        for (endpoint, form) in CASES {
            let foreign = call_case(&app, &t.attacker, endpoint, form, &t.ids).await;
            let absent = call_case(&app, &t.attacker, endpoint, form, &missing).await;
            assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{endpoint}: {foreign:?}");
            assert_eq!((foreign.status, &foreign.json), (absent.status, &absent.json), "{endpoint}: indistinguishable from a missing id");
        }
        for (method, path, body) in REST_CASES {
            let body = |ids: &Ids| body.map(|b| serde_json::from_str(&ids.fill(b)).expect("case body"));
            let foreign = app.rest(method, Some(&t.attacker), &t.ids.fill(path), body(&t.ids)).await;
            let absent = app.rest(method, Some(&t.attacker), &missing.fill(path), body(&missing)).await;
            assert_eq!(foreign.0, StatusCode::NOT_FOUND, "{method} {path}: {foreign:?}");
            assert_eq!(foreign, absent, "{method} {path}: indistinguishable from a missing id");
        }
        // A photo upload to another organisation's product is refused the same way.
        let photo = |id: &str| app.client.put(app.url(&format!("/api/v1/products/{id}/photo")))
            .header("cookie", format!("cotiza_session={}", t.attacker)).header("content-type", "image/png").body(vec![0u8; 16]).send();
        assert_eq!(photo(&t.ids.product).await.expect("upload").status(), StatusCode::NOT_FOUND);
        assert_eq!(photo(&missing.product).await.expect("upload").status(), StatusCode::NOT_FOUND);
        // The victim's product and prices are as they were.
        let (_, product) = app.rest("GET", Some(&t.victim), &format!("/api/v1/products/{}", t.ids.product), None).await;
        assert_eq!((product["name_es"].as_str(), product["version"].as_i64(), product["active"].as_bool()), (Some("Lámina de la víctima"), Some(1), Some(true)));
        let (_, history) = app.rest("GET", Some(&t.victim), &format!("/api/v1/products/{}/prices", t.ids.product), None).await;
        assert_eq!(history.as_array().map(Vec::len), Some(2), "no price added or withdrawn");
        assert_eq!(product["price"]["material_price"], "45");
        // Nothing of the victim changed.
        let victim_admin = app.call(None, "log_in", &[("email", "admin@victima.test"), ("password", crate::test_app::PASSWORD)]).await.session().expect("login");
        let team = app.call(Some(&victim_admin), "team", &[]).await;
        let sales = team.json["members"].as_array().expect("members").iter().find(|m| m["id"] == t.ids.user.as_str()).expect("still there").clone();
        assert_eq!((sales["role"].as_str(), sales["disabled"].as_bool()), (Some("sales"), Some(false)));
        assert_eq!(team.json["invitations"].as_array().map(Vec::len), Some(1), "the invitation is still open");
        let (_, keys) = app.rest("GET", Some(&victim_admin), "/api/v1/api-keys", None).await;
        assert_eq!((keys[0]["id"].as_str(), keys[0]["revoked_at"].is_null()), (Some(t.ids.api_key.as_str()), true), "the API key is still live");
        let (_, their_keys) = app.rest("GET", Some(&t.attacker), "/api/v1/api-keys", None).await;
        assert_eq!(their_keys, serde_json::json!([]), "no API key of the victim is listed");
        // And the attacker's lists show none of it.
        let theirs = app.call(Some(&t.attacker), "team", &[]).await;
        assert_eq!(theirs.json["members"].as_array().map(Vec::len), Some(1));
        assert_eq!(theirs.json["invitations"].as_array().map(Vec::len), Some(0));
        let (_, their_products) = app.rest("GET", Some(&t.attacker), "/api/v1/products?include_inactive=true", None).await;
        assert_eq!(their_products, serde_json::json!([]), "no product of the victim is listed");
        let (_, their_quotes) = app.rest("GET", Some(&t.attacker), &format!("/api/v1/quotations?customer_id={}", t.ids.customer), None).await;
        assert_eq!(their_quotes["quotations"], serde_json::json!([]), "no quote of the victim is listed");
        let (_, their_properties) = app.rest("GET", Some(&t.attacker), "/api/v1/properties", None).await;
        assert_eq!(their_properties, serde_json::json!([]), "no property of the victim is listed");
        let their_customers = app.call(Some(&t.attacker), "customers", &[]).await;
        assert_eq!(their_customers.json, serde_json::json!([]), "no customer of the victim is listed");

        // The victim's quote is as it was: a draft at version 1, never saved again (a save would give its rooms new ids).
        let (status, quote) = app.rest("GET", Some(&victim_admin), &format!("/api/v1/quotations/{}", t.ids.quote), None).await;
        assert_eq!(status, StatusCode::OK, "{quote}");
        assert_eq!((quote["status"].as_str(), quote["version"].as_i64(), quote["versions"].as_array().map(Vec::len)), (Some("draft"), Some(1), Some(1)));
        assert_eq!((quote["document"]["extreme_weather"].as_bool(), quote["rejection_reason"].is_null()), (Some(false), true));
        let (_, rooms) = app.rest("GET", Some(&victim_admin), &format!("/api/v1/properties/{}/rooms", t.ids.property), None).await;
        assert_eq!(rooms.as_array().map(Vec::len), Some(2), "{rooms}");
        assert_eq!((rooms[0]["id"].as_str(), rooms[0]["name"].as_str()), (Some(t.ids.room.as_str()), Some("Living")));
        assert_eq!((rooms[0]["openings"][0]["id"].as_str(), rooms[0]["openings"][0]["quantity"].as_i64()), (Some(t.ids.opening.as_str()), Some(2)));
        let (_, list) = app.rest("GET", Some(&victim_admin), "/api/v1/quotations", None).await;
        assert_eq!(list["quotations"].as_array().map(Vec::len), Some(2), "nothing was duplicated into the victim's list");
        let customer = app.call(Some(&victim_admin), "customer", &[("id", &t.ids.customer)]).await;
        assert_eq!(customer.json["quotes"].as_array().map(Vec::len), Some(2));
        // The victim's video job is the one it asked for, still queued (no worker runs here), no retry made.
        let (_, jobs) = app.rest("GET", Some(&victim_admin), "/api/video-renders", None).await;
        assert_eq!(jobs.as_array().map(Vec::len), Some(1), "{jobs}");
        assert_eq!((jobs[0]["id"].as_str(), jobs[0]["status"].as_str()), (Some(t.ids.video_job.as_str()), Some("queued")));
        let (_, their_jobs) = app.rest("GET", Some(&t.attacker), "/api/video-renders", None).await;
        assert_eq!(their_jobs, serde_json::json!([]), "no job of the victim is listed");
        // The victim's vehicle and its 360° job are as they were; the attacker lists neither.
        let (_, vehicle) = app.rest("GET", Some(&victim_admin), &format!("/api/v1/vehicles/{}", t.ids.vehicle), None).await;
        assert_eq!((vehicle["make"].as_str(), vehicle["plate"].as_str()), (Some("Toyota"), Some("VICT01")));
        let (_, spins) = app.rest("GET", Some(&victim_admin), "/api/video360/jobs", None).await;
        assert_eq!(spins.as_array().map(Vec::len), Some(1), "no job added: {spins}");
        assert_eq!((spins[0]["id"].as_str(), spins[0]["status"].as_str()), (Some(t.ids.spin_job.as_str()), Some("Pending")));
        let (_, their_vehicles) = app.rest("GET", Some(&t.attacker), "/api/v1/vehicles", None).await;
        assert_eq!(their_vehicles, serde_json::json!([]), "no vehicle of the victim is listed");
        let (_, their_spins) = app.rest("GET", Some(&t.attacker), "/api/video360/jobs", None).await;
        assert_eq!(their_spins, serde_json::json!([]), "no 360° job of the victim is listed");
    }

    async fn automotive_quotes_and_settings_stay_in_their_organisation(app) {
        let t = tenants(&app).await;
        let missing = Ids::missing();
        // The attacker sells a car film, so only the vehicle can fail: the victim's is unknown, like a missing one.
        let (status, product) = app.rest("POST", Some(&t.attacker), "/api/v1/products", Some(serde_json::json!({
            "sku": "AUTO-50", "name_es": "Lámina auto 50", "type": "solar_control", "unit": "m2",
            "verticals": ["automotive"], "price": {"material_price": "40", "installation_price": "10"}}))).await;
        assert_eq!(status, StatusCode::CREATED, "{product}");
        let quote_for = |vehicle: &str| serde_json::json!({
            "contact": {"name": "Ana Atacante", "phone": "+56 9 1111 2222", "address": "Calle 1"},
            "vehicle_id": vehicle, "items": [{"position": "windshield", "sku": "AUTO-50"}]});
        let foreign = app.rest("POST", Some(&t.attacker), "/api/v1/quotations/automotive", Some(quote_for(&t.ids.vehicle))).await;
        let absent = app.rest("POST", Some(&t.attacker), "/api/v1/quotations/automotive", Some(quote_for(&missing.vehicle))).await;
        assert_eq!(foreign.0, StatusCode::UNPROCESSABLE_ENTITY, "{foreign:?}");
        assert!(foreign.1["fields"]["vehicle_id"].is_string(), "{foreign:?}");
        assert_eq!(foreign, absent, "the victim's vehicle is indistinguishable from a missing one");
        let (_, theirs) = app.rest("GET", Some(&t.attacker), "/api/v1/quotations", None).await;
        assert_eq!(theirs["quotations"], serde_json::json!([]), "no quote was made");

        // The victim's own glass size, package and legal minimum are only the victim's.
        let victim = &t.victim;
        let set = app.call(Some(victim), "set_glass_size", &[("body", "sedan"), ("position", "windshield"), ("width_m", "1,9"), ("height_m", "1")]).await;
        assert_eq!(set.status, StatusCode::OK, "{set:?}");
        let saved = app.call(Some(victim), "save_package", &[("code", "solo_victima"), ("name_es", "Solo víctima"), ("positions[0]", "windshield")]).await;
        assert_eq!(saved.status, StatusCode::OK, "{saved:?}");
        assert_eq!(app.call(Some(victim), "set_min_front_vlt", &[("min_front_vlt", "50")]).await.status, StatusCode::OK);
        let (_, catalog) = app.rest("GET", Some(&t.attacker), "/api/v1/automotive/catalog", None).await;
        assert!(catalog["minFrontVlt"].is_null(), "{catalog}");
        assert!(!catalog["packages"].as_array().expect("packages").iter().any(|p| p["code"] == "solo_victima"), "{catalog}");
        let sedan_windshield = catalog["templates"].as_array().expect("templates").iter().rev()
            .find(|t| t["body"] == "sedan" && t["position"] == "windshield").expect("a size").clone();
        assert_ne!(sedan_windshield["width_m"], "1.9", "the attacker quotes with the default size");
        // Deleting or resetting the victim's changes is 404 for the attacker, like something it never had.
        for (endpoint, form) in [("delete_package", &[("code", "solo_victima")][..]), ("reset_glass_size", &[("body", "sedan"), ("position", "windshield")][..])] {
            assert_eq!(app.call(Some(&t.attacker), endpoint, form).await.status, StatusCode::NOT_FOUND, "{endpoint}");
        }
        let (_, theirs) = app.rest("GET", Some(victim), "/api/v1/automotive/catalog", None).await;
        assert_eq!(theirs["minFrontVlt"], 50);
        assert!(theirs["packages"].as_array().expect("packages").iter().any(|p| p["code"] == "solo_victima"), "the victim's package is still there");
    }

    async fn the_editors_save_of_a_foreign_quote_is_404_like_a_missing_one(app) {
        let t = tenants(&app).await;
        // The attacker's own catalog has the form's film, so only the id can fail.
        let (status, product) = app.rest("POST", Some(&t.attacker), "/api/v1/products", Some(serde_json::json!({
            "sku": "SOL-50", "name_es": "Control solar 50", "type": "solar_control", "unit": "m2",
            "verticals": ["residential"], "price": {"material_price": "80", "installation_price": "20"}}))).await;
        assert_eq!(status, StatusCode::CREATED, "{product}");
        let form = crate::quotes::form(1);
        let foreign = crate::quotes::save(&app, &t.attacker, &t.ids.quote, 1, &form).await;
        let absent = crate::quotes::save(&app, &t.attacker, &Ids::missing().quote, 1, &form).await;
        assert_eq!(foreign.0, StatusCode::NOT_FOUND, "{foreign:?}");
        assert_eq!(foreign, absent, "indistinguishable from a missing id");
        let (_, quote) = app.rest("GET", Some(&t.victim), &format!("/api/v1/quotations/{}", t.ids.quote), None).await;
        assert_eq!((quote["status"].as_str(), quote["version"].as_i64()), (Some("draft"), Some(1)));
        assert_eq!(quote["document"]["contact"]["name"], "Víctor Víctima", "the content is the victim's");
        let (_, theirs) = app.rest("GET", Some(&t.attacker), "/api/v1/quotations", None).await;
        assert_eq!(theirs["quotations"], serde_json::json!([]), "no quote was made for the attacker either");
    }
}

fn uuid_like() -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", std::process::id(), 42)
}
