//! The catalog over HTTP: REST for integrators, the pages' server functions,
//! photos, CSV, and what the public wizard catalog shows on a given day.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::TestApp;

pub(crate) fn film(sku: &str) -> Value {
    json!({"sku": sku, "name_es": format!("Lámina {sku}"), "name_en": format!("Film {sku}"), "type": "solar_control",
           "unit": "m2", "verticals": ["residential", "commercial"], "vlt_pct": 35, "warranty_years": "10",
           "price": {"material_price": 85.5, "installation_price": "20"}})
}

pub(crate) async fn create(app: &TestApp, cookie: &str, body: Value) -> Value {
    let (status, product) = app.rest("POST", Some(cookie), "/api/v1/products", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{product}");
    product
}

pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

fn day_after(day: &str, days: usize) -> String {
    (0..days).fold(day.to_owned(), |d, _| domain::next_day(&d).expect("a day"))
}

app_test! {
    async fn an_admin_keeps_products_over_rest(app) {
        let admin = app.sign_up("rest-admin").await;
        let product = create(&app, &admin, film("SOL-35")).await;
        assert_eq!((product["sku"].as_str(), product["version"].as_i64()), (Some("SOL-35"), Some(1)));
        assert_eq!(product["waste_class"], "solar_control", "defaulted from the type");
        assert_eq!(product["specs"]["vlt_pct"], "35");
        assert_eq!(product["price"]["material_price"], "85.5");
        let id = product["id"].as_str().expect("id");

        let (status, edited) = app.rest("PUT", Some(&admin), &format!("/api/v1/products/{id}"), Some(json!({"version": 1, "name_en": "Smoke 35"}))).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!((edited["name_en"].as_str(), edited["name_es"].as_str(), edited["version"].as_i64()), (Some("Smoke 35"), Some("Lámina SOL-35"), Some(2)), "fields not sent stay");

        // Someone else's edit from the old version: 409, nothing written.
        let (status, conflict) = app.rest("PUT", Some(&admin), &format!("/api/v1/products/{id}"), Some(json!({"version": 1, "name_en": "Stale"}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{conflict}");
        assert_eq!(conflict["current_version"], 2);
        let (_, now) = app.rest("GET", Some(&admin), &format!("/api/v1/products/{id}"), None).await;
        assert_eq!(now["name_en"], "Smoke 35");

        // If-Match carries the version too.
        let response = app.client.put(app.url(&format!("/api/v1/products/{id}"))).header("cookie", format!("cotiza_session={admin}"))
            .header("if-match", "\"v2\"").json(&json!({"active": false})).send().await.expect("put");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers().get("etag").and_then(|v| v.to_str().ok()), Some("\"v3\""));

        let (status, listed) = app.rest("GET", Some(&admin), "/api/v1/products", None).await;
        assert_eq!((status, listed.as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "inactive products are hidden by default");
        let (_, listed) = app.rest("GET", Some(&admin), "/api/v1/products?include_inactive=true&q=smoke", None).await;
        assert_eq!(listed.as_array().map(Vec::len), Some(1));

        let (status, deleted) = app.rest("DELETE", Some(&admin), &format!("/api/v1/products/{id}"), None).await;
        assert_eq!((status, deleted), (StatusCode::OK, json!({"result": "deleted"})));
        assert_eq!(app.rest("GET", Some(&admin), &format!("/api/v1/products/{id}"), None).await.0, StatusCode::NOT_FOUND);
    }

    async fn bad_products_get_422_with_field_paths(app) {
        let admin = app.sign_up("rest-bad").await;
        let mut bad = film("BAD 1");
        bad["price"] = json!({"material_price": "-1", "installation_price": "2", "valid_from": "2027-01-10", "valid_until": "2027-01-01"});
        bad["vlt_pct"] = json!(120);
        let (status, body) = app.rest("POST", Some(&admin), "/api/v1/products", Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"], json!({
            "sku": domain::product_messages::SKU,
            "vlt_pct": domain::product_messages::PERCENT,
            "price.material_price": domain::product_messages::NEGATIVE,
            "price.valid_until": domain::product_messages::UNTIL_BEFORE_FROM,
        }));
        create(&app, &admin, film("DUP")).await;
        let (status, body) = app.rest("POST", Some(&admin), "/api/v1/products", Some(film("dup"))).await;
        assert_eq!((status, &body["fields"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!({"sku": "is already taken"})), "skus are unique, case-insensitively");
        let (status, _) = app.rest("POST", Some(&admin), "/api/v1/products", Some(json!("not an object"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    async fn roles_and_sessions_guard_the_catalog(app) {
        let admin = app.sign_up("rest-roles").await;
        let sales = app.invite_and_accept(&admin, "ventas@rest-roles.test", "sales").await;
        let product = create(&app, &admin, film("ROLE-1")).await;
        let id = product["id"].as_str().expect("id");
        let (status, listed) = app.rest("GET", Some(&sales), "/api/v1/products", None).await;
        assert_eq!((status, listed.as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "sales read the catalog");
        for (method, path, body) in [
            ("POST", "/api/v1/products".to_owned(), Some(film("ROLE-2"))),
            ("PUT", format!("/api/v1/products/{id}"), Some(json!({"version": 1, "name_es": "x"}))),
            ("DELETE", format!("/api/v1/products/{id}"), None),
            ("POST", format!("/api/v1/products/{id}/prices"), Some(json!({"material_price": "1", "installation_price": "1"}))),
        ] {
            let (status, _) = app.rest(method, Some(&sales), &path, body.clone()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "sales may not {method} {path}");
            let (status, _) = app.rest(method, None, &path, body).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "nobody may {method} {path} without a session");
        }
        let (_, after) = app.rest("GET", Some(&admin), &format!("/api/v1/products/{id}"), None).await;
        assert_eq!((after["version"].as_i64(), after["name_es"].as_str()), (Some(1), Some("Lámina ROLE-1")));
    }

    async fn categories_and_verticals(app) {
        let admin = app.sign_up("rest-cats").await;
        let (status, categories) = app.rest("GET", Some(&admin), "/api/v1/products/categories", None).await;
        assert_eq!(status, StatusCode::OK);
        let codes: Vec<&str> = categories.as_array().expect("list").iter().filter_map(|c| c["code"].as_str()).collect();
        assert_eq!(codes, ["security", "solar", "decorative", "privacy"], "every organisation starts with these");
        create(&app, &admin, film("HOME")).await;
        let mut car = film("CAR");
        car["verticals"] = json!(["automotive"]);
        create(&app, &admin, car).await;
        let (_, auto) = app.rest("GET", Some(&admin), "/api/v1/products/by-vertical/automotive", None).await;
        let skus: Vec<&str> = auto.as_array().expect("list").iter().filter_map(|p| p["sku"].as_str()).collect();
        assert_eq!(skus, ["CAR"]);
        let (status, body) = app.rest("GET", Some(&admin), "/api/v1/products/by-vertical/boats", None).await;
        assert_eq!((status, &body["fields"]["vertical"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("is not one of the choices")));
    }

    async fn a_scheduled_price_shows_in_the_wizard_catalog_from_its_day(app) {
        let admin = app.sign_up("rest-sched").await;
        let product = create(&app, &admin, film("SCHED")).await;
        let id = product["id"].as_str().expect("id");
        let today = catalog::today();
        let start = day_after(&today, 10);
        let (status, price) = app.rest("POST", Some(&admin), &format!("/api/v1/products/{id}/prices"),
            Some(json!({"material_price": "99.90", "installation_price": "25", "valid_from": start}))).await;
        assert_eq!(status, StatusCode::CREATED, "{price}");
        let (_, now) = app.get_json("/api/v1/orgs/rest-sched/products").await;
        assert_eq!((now["day"].as_str(), &now["products"][0]["material_price"]), (Some(today.as_str()), &json!("85.5")));
        let (_, day_before) = app.get_json(&format!("/api/v1/orgs/rest-sched/products?date={}", day_after(&today, 9))).await;
        assert_eq!(day_before["products"][0]["material_price"], "85.5");
        let (_, then) = app.get_json(&format!("/api/v1/orgs/rest-sched/products?date={start}")).await;
        assert_eq!(then["products"][0]["material_price"], "99.9", "stored normalised");
        let (_, admin_view) = app.rest("GET", Some(&admin), &format!("/api/v1/products/{id}"), None).await;
        assert_eq!(admin_view["next_price"]["starts"].as_str(), Some(start.as_str()));
        // The calculate API prices today, with today's price.
        let (status, calc) = app.calculate(&json!({"org": "rest-sched", "rooms": [{"name": "Sala", "openings": [
            {"kind": "window", "width_m": "1", "height_m": "1", "quantity": 1, "sku": "SCHED"}]}]})).await;
        assert_eq!(status, StatusCode::OK, "{calc}");
        assert_eq!(calc["lines"][0]["material"], "98", "1.15 m² × 85.5 = 98.325, in CLP 98");
        // A new price cannot start in the past: the past stays as it was.
        let (status, body) = app.rest("POST", Some(&admin), &format!("/api/v1/products/{id}/prices"),
            Some(json!({"material_price": "1", "installation_price": "1", "valid_from": "2020-01-01"}))).await;
        assert_eq!((status, &body["fields"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!({"valid_from": domain::product_messages::PAST})));
        // A scheduled price can be withdrawn; a price in effect cannot, unless it
        // was entered today to start today (a mistake caught the same day).
        let price_id = price["id"].as_str().expect("price id");
        assert_eq!(app.rest("DELETE", Some(&admin), &format!("/api/v1/products/{id}/prices/{price_id}"), None).await.0, StatusCode::NO_CONTENT);
        let current = product["price"]["id"].as_str().expect("current price id");
        // Entered yesterday: history now.
        sqlx::query("UPDATE product_prices SET created_at = created_at - 86400000 WHERE id = $1")
            .bind(current)
            .execute(app.db.pool())
            .await
            .expect("backdate the price");
        let (status, body) = app.rest("DELETE", Some(&admin), &format!("/api/v1/products/{id}/prices/{current}"), None).await;
        assert_eq!((status, &body["fields"]["price"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!(domain::product_messages::IN_EFFECT)));
    }

    async fn csv_import_previews_then_applies_all_or_nothing(app) {
        let admin = app.sign_up("rest-csv").await;
        create(&app, &admin, film("OLD-1")).await;
        let good = "sku,name_es,type,unit,verticals,category,material_price,installation_price\n\
                    OLD-1,Lámina renombrada,solar_control,m2,residential|commercial,solar,,\n\
                    NEW-1,Vinilo nuevo,decorative,m2,residential,decorative,\"40,50\",12\n";
        let bad = format!("{good}NEW-2,Otro,decorative,m2,residential,,-5,1\n");
        let post = |body: String, dry: bool| app.client.post(app.url(&format!("/api/v1/products/import?dry_run={dry}")))
            .header("cookie", format!("cotiza_session={admin}")).header("content-type", "text/csv").body(body).send();
        let preview: Value = post(bad.clone(), true).await.expect("preview").json().await.expect("json");
        assert_eq!(preview["errors"], json!([{"line": 4, "sku": "NEW-2", "field": "material_price", "message": domain::product_messages::NEGATIVE}]));
        let actions: Vec<(&str, &str)> = preview["rows"].as_array().expect("rows").iter().map(|r| (r["sku"].as_str().unwrap_or(""), r["action"].as_str().unwrap_or(""))).collect();
        assert_eq!(actions, [("OLD-1", "update"), ("NEW-1", "create")]);
        let refused = post(bad, false).await.expect("import");
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (_, listed) = app.rest("GET", Some(&admin), "/api/v1/products", None).await;
        assert_eq!(listed.as_array().map(Vec::len), Some(1), "nothing of a file with an error is written");
        assert_eq!(listed[0]["name_es"], "Lámina OLD-1");
        let applied: Value = post(good.to_owned(), false).await.expect("import").json().await.expect("json");
        assert_eq!(applied, json!({"created": 1, "updated": 1, "prices": 1}));
        let (_, listed) = app.rest("GET", Some(&admin), "/api/v1/products?q=NEW-1", None).await;
        assert_eq!(listed[0]["price"]["material_price"], "40.5", "\"40,50\" read exactly");
        assert_eq!(listed[0]["specs"], json!({"vlt_pct": null, "uv_rejection_pct": null, "tser_pct": null, "thickness_mil": null, "warranty_years": null, "finish": null}));

        let export = app.client.get(app.url("/api/v1/products/export")).header("cookie", format!("cotiza_session={admin}")).send().await.expect("export");
        assert_eq!(export.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/csv; charset=utf-8"));
        let text = export.text().await.expect("csv");
        assert!(text.starts_with("sku,name_es,name_en,"), "{text}");
        let again: Value = post(text, true).await.expect("preview").json().await.expect("json");
        assert!(again["rows"].as_array().expect("rows").iter().all(|r| r["action"] == "unchanged" && r["new_price"].is_null()), "an export re-imports as no change: {again}");
    }

    async fn photos_are_stored_with_a_thumbnail(app) {
        let admin = app.sign_up("rest-photo").await;
        let product = create(&app, &admin, film("PHOTO")).await;
        let id = product["id"].as_str().expect("id");
        let upload = |bytes: Vec<u8>, content_type: &'static str| app.client.put(app.url(&format!("/api/v1/products/{id}/photo")))
            .header("cookie", format!("cotiza_session={admin}")).header("content-type", content_type).body(bytes).send();
        let stored: Value = upload(png(1200, 600), "image/png").await.expect("upload").json().await.expect("json");
        let thumb = stored["thumb_key"].as_str().expect("thumbnail key");
        let served = app.client.get(app.url(&format!("/media/{thumb}"))).send().await.expect("thumbnail");
        assert_eq!(served.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/jpeg"));
        let decoded = image::load_from_memory(&served.bytes().await.expect("bytes")).expect("a real image");
        assert_eq!((decoded.width(), decoded.height()), (480, 240));
        let (_, public) = app.get_json("/api/v1/orgs/rest-photo/products").await;
        assert_eq!(public["products"][0]["thumbnail_url"], format!("/media/{thumb}"));

        let too_big = upload(vec![0u8; catalog::PHOTO_MAX_BYTES + 1], "image/png").await.expect("upload");
        assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let not_an_image = upload(b"GIF89a not really".to_vec(), "image/gif").await.expect("upload");
        assert_eq!(not_an_image.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (_, still) = app.rest("GET", Some(&admin), &format!("/api/v1/products/{id}"), None).await;
        assert_eq!(still["thumb_key"].as_str(), Some(thumb), "a refused upload keeps the photo there was");

        // A browser form (multipart, Accept: text/html) is sent back to the product page.
        let form = reqwest::multipart::Form::new().part("photo", reqwest::multipart::Part::bytes(png(300, 300)).file_name("p.png").mime_str("image/png").expect("mime"));
        let response = app.client.post(app.url(&format!("/api/v1/products/{id}/photo"))).header("cookie", format!("cotiza_session={admin}"))
            .header("accept", "text/html").header("origin", app.url("")).multipart(form).send().await.expect("form");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some(format!("/app/catalog/{id}?photo=1").as_str()));
        let (_, replaced) = app.rest("GET", Some(&admin), &format!("/api/v1/products/{id}"), None).await;
        assert_ne!(replaced["thumb_key"].as_str(), Some(thumb));
        assert_eq!(app.client.get(app.url(&format!("/media/{thumb}"))).send().await.expect("old").status(), StatusCode::NOT_FOUND, "the old file is gone");
    }

    async fn the_catalog_forms_keep_what_was_typed_and_report_conflicts(app) {
        let admin = app.sign_up("forms").await;
        let bad = app.call(Some(&admin), "create_product", &[("sku", "F-1"), ("name_es", "Lámina"), ("product_type", "security"), ("unit", "m2"),
            ("residential", "on"), ("active", "on"), ("material_price", "-3"), ("installation_price", "10"), ("vlt_pct", "50")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert_eq!(bad.json["Invalid"]["fields"]["material_price"], domain::product_messages::NEGATIVE);
        assert_eq!(bad.json["Invalid"]["kept"]["vlt_pct"], "50", "typed values ride back");
        let created = app.call(Some(&admin), "create_product", &[("sku", "F-1"), ("name_es", "Lámina"), ("product_type", "security"), ("unit", "m2"),
            ("residential", "on"), ("active", "on"), ("material_price", "45"), ("installation_price", "10")]).await;
        assert!(created.status.is_success(), "{created:?}");
        let id = created.json.as_str().expect("the new id").to_owned();
        let edit = async |name: &str| {
            app.call(Some(&admin), "update_product", &[("id", &id), ("version", "1"), ("sku", "F-1"), ("name_es", name), ("product_type", "security"),
                ("unit", "m2"), ("residential", "on"), ("active", "on")]).await
        };
        assert!(edit("Primera").await.status.is_success());
        let stale = edit("Segunda").await;
        assert_eq!((stale.status, &stale.json), (StatusCode::CONFLICT, &json!("Conflict")));
        let page = app.call(Some(&admin), "catalog_product", &[("id", &id)]).await;
        assert_eq!(page.json["product"]["name_es"], "Primera");
        assert_eq!(page.json["history"].as_array().map(Vec::len), Some(1));
    }

    async fn catalog_forms_read_money_the_local_way_and_undo_a_same_day_mistake(app) {
        let admin = app.sign_up("local-money").await; // a CLP organisation
        let product = |price: &'static str| [("sku", "L-1"), ("name_es", "Lámina"), ("product_type", "security"), ("unit", "m2"),
            ("residential", "on"), ("active", "on"), ("material_price", price), ("installation_price", "7.000"), ("lang", "es")];
        let created = app.call(Some(&admin), "create_product", &product("18.000")).await;
        assert!(created.status.is_success(), "{created:?}");
        let id = created.json.as_str().expect("the new id").to_owned();
        let history = async || app.call(Some(&admin), "catalog_product", &[("id", &id)]).await.json["history"].clone();
        assert_eq!((&history().await[0]["material_price"], &history().await[0]["installation_price"]), (&json!("18000"), &json!("7000")), "not 18 pesos");

        let refused = app.call(Some(&admin), "add_price", &[("id", &id), ("material_price", "1.234,5"), ("installation_price", "0"), ("lang", "es")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{refused:?}");
        assert_eq!(refused.json["Invalid"]["fields"]["material_price"], "CLP no lleva decimales: «1.234,5» se leyó como 1234,5");
        assert_eq!(refused.json["Invalid"]["kept"]["material_price"], "1.234,5", "what was typed rides back");
        let english = app.call(Some(&admin), "add_price", &[("id", &id), ("material_price", "18,500"), ("installation_price", "7,000"), ("lang", "en")]).await;
        assert!(english.status.is_success(), "{english:?}");
        assert_eq!(english.json["material_price"], "18500", "an English page groups with commas");
        assert_eq!(history().await.as_array().map(Vec::len), Some(2));

        // Both prices were entered today to start today: the admin undoes the last one, audited.
        let mistake = english.json["id"].as_str().expect("price id").to_owned();
        let withdrawn = app.call(Some(&admin), "withdraw_price", &[("id", &id), ("price_id", &mistake)]).await;
        assert!(withdrawn.status.is_success(), "{withdrawn:?}");
        let left = history().await;
        assert_eq!((left.as_array().map(Vec::len), &left[0]["material_price"]), (Some(1), &json!("18000")));
    }
}
