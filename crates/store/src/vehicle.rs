//! Vehicles of an organisation (automotive vertical). A vehicle may belong
//! to one of the organisation's customers; its 360° videos are jobs of the
//! render queue (`video360.rs`).
use std::str::FromStr;

use domain::{BodyType, CheckedVehicle, Vehicle};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, parse};

const COLUMNS: &str = "id, customer_id, vin, make, model, year, body_type, plate, colour, created_at, updated_at";

impl Db {
    /// Saves a new vehicle. A `customer_id` must name a customer of the
    /// same organisation (`UnknownReference { field: "customerId" }`).
    pub async fn create_vehicle(&self, org: &OrgId, vehicle: &CheckedVehicle) -> Result<Vehicle, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_new_vehicle(&mut tx, org, vehicle).await?;
        let saved = fetch_vehicle(&mut tx, org, &id).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// One vehicle of the organisation.
    pub async fn vehicle(&self, org: &OrgId, id: &str) -> Result<Vehicle, StoreError> {
        let mut conn = self.pool().acquire().await?;
        fetch_vehicle(&mut conn, org, id).await
    }

    /// The organisation's vehicles, newest first; only one customer's when
    /// `customer_id` is given; `q` matches make, model, plate or VIN.
    pub async fn vehicles(&self, org: &OrgId, customer_id: Option<&str>, q: &str, limit: i64) -> Result<Vec<Vehicle>, StoreError> {
        let pattern = crate::search::like_pattern(q);
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM vehicles
             WHERE organization_id = $1 AND ($2 = '' OR customer_id = $2)
               AND (LOWER(make) LIKE $3 ESCAPE '\\' OR LOWER(model) LIKE $3 ESCAPE '\\'
                    OR LOWER(plate) LIKE $3 ESCAPE '\\' OR LOWER(COALESCE(vin, '')) LIKE $3 ESCAPE '\\')
             ORDER BY created_at DESC, id DESC LIMIT $4"
        ))
        .bind(org.as_str())
        .bind(customer_id.unwrap_or_default())
        .bind(pattern)
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(vehicle_from_row).collect()
    }

    /// Replaces a vehicle's fields.
    pub async fn update_vehicle(&self, org: &OrgId, id: &str, vehicle: &CheckedVehicle) -> Result<Vehicle, StoreError> {
        let mut tx = self.begin_write().await?;
        check_customer(&mut tx, org, vehicle.customer_id.as_deref()).await?;
        let query = sqlx::query(
            "UPDATE vehicles SET customer_id = $1, vin = $2, make = $3, model = $4, year = $5, body_type = $6,
                 plate = $7, colour = $8, updated_at = $9
             WHERE organization_id = $10 AND id = $11",
        );
        let updated =
            bind_vehicle(query, vehicle).bind(now_ms()).bind(org.as_str()).bind(id).execute(&mut *tx).await?.rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound);
        }
        let saved = fetch_vehicle(&mut tx, org, id).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Deletes a vehicle; its 360° jobs and frames stay on record until
    /// their organisation goes (the jobs page still lists them).
    pub async fn delete_vehicle(&self, org: &OrgId, id: &str) -> Result<(), StoreError> {
        let deleted = sqlx::query("DELETE FROM vehicles WHERE organization_id = $1 AND id = $2")
            .bind(org.as_str())
            .bind(id)
            .execute(self.pool())
            .await?
            .rows_affected();
        if deleted == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}

/// The vehicle a new quote describes, in the caller's transaction; returns
/// its id. The organisation's vehicle with the same VIN — or, when none
/// has it, with the same plate (spaces, dashes and dots aside) and no
/// other VIN — is reused, so the quote meets that vehicle's 360° spin: only
/// its empty fields (VIN, plate, colour, customer) are filled, nothing it
/// holds is overwritten (the describer may be anyone on the public wizard).
/// Otherwise a new vehicle is inserted. A `customer_id` must name a
/// customer of the same organisation.
pub(crate) async fn insert_vehicle(conn: &mut AnyConnection, org: &OrgId, vehicle: &CheckedVehicle) -> Result<String, StoreError> {
    check_customer(conn, org, vehicle.customer_id.as_deref()).await?;
    let Some(existing) = matching_vehicle(conn, org, vehicle).await? else {
        return insert_new_vehicle(conn, org, vehicle).await;
    };
    let filled = CheckedVehicle {
        customer_id: existing.customer_id.clone().or_else(|| vehicle.customer_id.clone()),
        vin: existing.vin.clone().filter(|v| !v.trim().is_empty()).or_else(|| vehicle.vin.clone()),
        make: existing.make.clone(),
        model: existing.model.clone(),
        year: existing.year,
        body_type: existing.body_type,
        plate: if existing.plate.trim().is_empty() { vehicle.plate.clone() } else { existing.plate.clone() },
        colour: if existing.colour.trim().is_empty() { vehicle.colour.clone() } else { existing.colour.clone() },
    };
    let unchanged = filled.customer_id == existing.customer_id
        && filled.vin == existing.vin
        && filled.plate == existing.plate
        && filled.colour == existing.colour;
    if !unchanged {
        let query = sqlx::query(
            "UPDATE vehicles SET customer_id = $1, vin = $2, make = $3, model = $4, year = $5, body_type = $6,
                 plate = $7, colour = $8, updated_at = $9
             WHERE organization_id = $10 AND id = $11",
        );
        bind_vehicle(query, &filled).bind(now_ms()).bind(org.as_str()).bind(&existing.id).execute(&mut *conn).await?;
    }
    tracing::info!(org = %org, vehicle_id = %existing.id, filled = !unchanged, "vehicle of a new quote found by VIN or plate");
    Ok(existing.id)
}

/// `AB-CD 12` → `ABCD12`: a plate as compared.
fn plate_key(plate: &str) -> String {
    plate.chars().filter(char::is_ascii_alphanumeric).flat_map(char::to_uppercase).collect()
}

/// The organisation's vehicle that `vehicle` is (the oldest when several
/// are): the same VIN; else the same plate, holding no other VIN.
async fn matching_vehicle(conn: &mut AnyConnection, org: &OrgId, vehicle: &CheckedVehicle) -> Result<Option<Vehicle>, StoreError> {
    let vin = vehicle.vin.as_deref().map(|v| v.trim().to_uppercase()).filter(|v| !v.is_empty());
    if let Some(vin) = &vin {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM vehicles WHERE organization_id = $1 AND UPPER(TRIM(COALESCE(vin, ''))) = $2
             ORDER BY created_at, id LIMIT 1"
        ))
        .bind(org.as_str())
        .bind(vin)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = row {
            return vehicle_from_row(&row).map(Some);
        }
    }
    let plate = plate_key(&vehicle.plate);
    if plate.is_empty() {
        return Ok(None);
    }
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM vehicles
         WHERE organization_id = $1
           AND UPPER(REPLACE(REPLACE(REPLACE(plate, ' ', ''), '-', ''), '.', '')) = $2
           AND ($3 = '' OR COALESCE(TRIM(vin), '') = '')
         ORDER BY created_at, id LIMIT 1"
    ))
    .bind(org.as_str())
    .bind(plate)
    .bind(vin.unwrap_or_default())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(vehicle_from_row).transpose()
}

/// Inserts a new vehicle in the caller's transaction; returns its id.
async fn insert_new_vehicle(conn: &mut AnyConnection, org: &OrgId, vehicle: &CheckedVehicle) -> Result<String, StoreError> {
    check_customer(conn, org, vehicle.customer_id.as_deref()).await?;
    let id = uuid::Uuid::new_v4().to_string();
    let now = now_ms();
    let query = sqlx::query(
        "INSERT INTO vehicles (customer_id, vin, make, model, year, body_type, plate, colour, id, organization_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    );
    bind_vehicle(query, vehicle).bind(&id).bind(org.as_str()).bind(now).execute(&mut *conn).await?;
    Ok(id)
}

/// Binds a vehicle's columns as `$1`…`$8` (customer … colour), in the order both statements name them.
fn bind_vehicle<'q>(query: Query<'q, Any, AnyArguments<'q>>, vehicle: &'q CheckedVehicle) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(vehicle.customer_id.as_deref())
        .bind(vehicle.vin.as_deref())
        .bind(&vehicle.make)
        .bind(&vehicle.model)
        .bind(i64::from(vehicle.year))
        .bind(vehicle.body_type.as_str())
        .bind(&vehicle.plate)
        .bind(&vehicle.colour)
}

pub(crate) async fn fetch_vehicle(conn: &mut AnyConnection, org: &OrgId, id: &str) -> Result<Vehicle, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM vehicles WHERE organization_id = $1 AND id = $2"))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    vehicle_from_row(&row)
}

async fn check_customer(conn: &mut AnyConnection, org: &OrgId, customer_id: Option<&str>) -> Result<(), StoreError> {
    let Some(customer_id) = customer_id else { return Ok(()) };
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM customers WHERE organization_id = $1 AND id = $2")
        .bind(org.as_str())
        .bind(customer_id)
        .fetch_optional(&mut *conn)
        .await?;
    found.map(|_| ()).ok_or(StoreError::UnknownReference { field: "customerId" })
}

fn vehicle_from_row(row: &AnyRow) -> Result<Vehicle, StoreError> {
    let year: i64 = row.try_get("year")?;
    Ok(Vehicle {
        id: row.try_get("id")?,
        customer_id: row.try_get("customer_id")?,
        vin: row.try_get("vin")?,
        make: row.try_get("make")?,
        model: row.try_get("model")?,
        year: i32::try_from(year).map_err(|_| StoreError::Corrupt(format!("vehicles.year {year}")))?,
        body_type: parse(row, "body_type", BodyType::from_str)?,
        plate: row.try_get("plate")?,
        colour: row.try_get("colour")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}
