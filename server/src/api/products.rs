//! `/api/v1/products…`: the catalog for integrators. Reads for every
//! signed-in user, writes for admins (checked in `catalog`), the public
//! catalog of an organisation for anyone.
use app::catalog::{self as public_catalog, PublicCatalog};
use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use catalog::ProductFilter;
use domain::{Category, PriceInput, Product, ProductInput, Removal, Vertical};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::ApiError;
use super::actor::Actor;
use crate::state::AppState;

/// `GET /api/v1/orgs/{slug}/products`: the active catalog, public. The same
/// `PublicCatalog` the pages load through their server function.
pub async fn list_public(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PublicQuery>,
) -> Result<Json<PublicCatalog>, ApiError> {
    let vertical = query.vertical.as_deref().map(parse_vertical).transpose()?;
    public_catalog::load(&state.db, &slug, query.date.as_deref(), vertical).await?.map(Json).ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize)]
pub struct PublicQuery {
    date: Option<String>,
    vertical: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    category_id: String,
    vertical: Option<String>,
    include_inactive: bool,
}

/// `GET /api/v1/products`: the organisation's products priced today.
pub async fn list(State(state): State<AppState>, actor: Actor, Query(query): Query<ListQuery>) -> Result<Json<Vec<Product>>, ApiError> {
    let filter = ProductFilter {
        q: query.q,
        category_id: query.category_id,
        vertical: query.vertical.as_deref().map(parse_vertical).transpose()?,
        include_inactive: query.include_inactive,
    };
    Ok(Json(state.catalog.products(&actor.user, &filter).await?))
}

/// `GET /api/v1/products/by-vertical/{vertical}`: the active products offered in a vertical.
pub async fn by_vertical(State(state): State<AppState>, actor: Actor, Path(vertical): Path<String>) -> Result<Json<Vec<Product>>, ApiError> {
    let filter = ProductFilter { vertical: Some(parse_vertical(&vertical)?), ..ProductFilter::default() };
    Ok(Json(state.catalog.products(&actor.user, &filter).await?))
}

/// `GET /api/v1/products/categories`.
pub async fn categories(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(state.catalog.categories(&actor.user).await?))
}

/// `GET /api/v1/products/{id}`, with `ETag: "v{version}"` for `If-Match`.
pub async fn get(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Response, ApiError> {
    let product = state.catalog.product(&actor.user, &id).await?;
    Ok(with_etag(StatusCode::OK, product))
}

/// `POST /api/v1/products`: a product and (optionally, under `price`) its first price. 201.
pub async fn create(State(state): State<AppState>, actor: Actor, body: Body) -> Result<Response, ApiError> {
    let mut body = read_object(&state, body).await?;
    let price = take_price(&mut body)?;
    let mut fields = serde_json::to_value(ProductInput { active: true, ..ProductInput::default() })
        .map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    overlay(&mut fields, body);
    let input: ProductInput = from_value(fields)?;
    let product = state.catalog.create_product(&actor.user, &input, price.as_ref()).await.map_err(|e| match e {
        // The price's fields sit under `price` in this API.
        ::catalog::CatalogError::Invalid(fields) => ApiError::Invalid {
            what: "request",
            fields: domain::FieldErrors(
                fields
                    .0
                    .into_iter()
                    .map(|(k, v)| if PRICE_FIELDS.contains(&k.as_str()) { (format!("price.{k}"), v) } else { (k, v) })
                    .collect(),
            ),
        },
        other => other.into(),
    })?;
    Ok(with_etag(StatusCode::CREATED, product))
}

/// `PUT /api/v1/products/{id}`: changes the fields given (others stay). The
/// version the change was made from comes as `version` in the body or as
/// `If-Match: "v3"`; if the product changed since, 409 and nothing is written.
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let mut body = read_object(&state, body).await?;
    if body.contains_key("price") {
        return Err(field("price", "is changed with POST /api/v1/products/{id}/prices"));
    }
    let version = match body.remove("version") {
        Some(v) => v.as_i64().ok_or_else(|| field("version", "must be a whole number"))?,
        None => if_match_version(&headers).ok_or_else(|| field("version", "is required (or send If-Match)"))?,
    };
    let current = state.catalog.product(&actor.user, &id).await?;
    let mut fields = serde_json::to_value(current.draft().to_input()).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    overlay(&mut fields, body);
    let input: ProductInput = from_value(fields)?;
    let product = state.catalog.update_product(&actor.user, &id, version, &input).await?;
    Ok(with_etag(StatusCode::OK, product))
}

/// `DELETE /api/v1/products/{id}`: deleted, or retired when quotes use it.
pub async fn delete(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let removal = state.catalog.delete_product(&actor.user, &id).await?;
    Ok(Json(json!({ "result": match removal { Removal::Deleted => "deleted", Removal::Deactivated => "deactivated" } })))
}

const PRICE_FIELDS: &[&str] = &["material_price", "installation_price", "valid_from", "valid_until"];

fn parse_vertical(v: &str) -> Result<Vertical, ApiError> {
    v.parse::<Vertical>().map_err(|_| field("vertical", domain::messages::CHOICE))
}

fn field(path: &str, message: &str) -> ApiError {
    let mut fields = domain::FieldErrors::new();
    fields.add(path, message);
    ApiError::Invalid { what: "request", fields }
}

fn with_etag(status: StatusCode, product: Product) -> Response {
    let etag = HeaderValue::from_str(&format!("\"v{}\"", product.version)).ok();
    let mut response = (status, Json(product)).into_response();
    if let Some(etag) = etag {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

fn if_match_version(headers: &HeaderMap) -> Option<i64> {
    let value = headers.get(header::IF_MATCH)?.to_str().ok()?.trim();
    value.trim_start_matches("W/").trim_matches('"').trim_start_matches('v').parse().ok()
}

/// Reads a JSON object body within the size limit.
pub(super) async fn read_object(state: &AppState, body: Body) -> Result<Map<String, Value>, ApiError> {
    let limit = state.config.max_json_body_bytes;
    let bytes = to_bytes(body, limit).await.map_err(|_| ApiError::TooLarge { limit })?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::MalformedJson("expected a JSON object".into())),
        Err(e) => Err(ApiError::MalformedJson(e.to_string())),
    }
}

/// Numbers may come as JSON numbers or strings: the model reads text.
pub(super) fn textify(value: Value) -> Value {
    match value {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Null => Value::String(String::new()),
        other => other,
    }
}

fn overlay(target: &mut Value, body: Map<String, Value>) {
    if let Value::Object(target) = target {
        for (k, v) in body {
            let v = if k == "verticals" || k == "active" { v } else { textify(v) };
            target.insert(k, v);
        }
    }
}

pub(super) fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::MalformedJson(e.to_string()))
}

fn take_price(body: &mut Map<String, Value>) -> Result<Option<PriceInput>, ApiError> {
    match body.remove("price") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(p)) => Ok(Some(from_value(Value::Object(p.into_iter().map(|(k, v)| (k, textify(v))).collect()))?)),
        Some(_) => Err(ApiError::MalformedJson("price must be an object".into())),
    }
}
