//! Properties with their rooms and openings, as integrators read them. The
//! rows are the working copy of the owning quote's current content: every
//! save of the quote rewrites them (new room and opening ids), so an id is
//! stable until the quote's content is saved again. Changes go through the
//! quote (a new version), never straight to these rows; the lookups here
//! say which quote and which position a row stands for.
use std::str::FromStr;

use domain::{OpeningKind, QuoteStatus};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, parse};

/// A property of the organisation: the customer's address a quote is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropertyRecord {
    pub id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub address: String,
    pub commune: String,
    /// The quote whose rooms these are.
    pub quote_id: String,
    pub quote_number: String,
    pub quote_status: QuoteStatus,
    pub quote_version: i64,
    pub rooms: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A room of a property, in the order of its quote's rooms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomRecord {
    pub id: String,
    pub property_id: String,
    pub quote_id: String,
    pub quote_version: i64,
    /// Its index in the quote's `rooms` (0-based).
    pub position: i64,
    pub name: String,
    pub floor: i64,
    pub openings: Vec<OpeningRecord>,
}

/// An opening of a room, in the order of the room's openings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpeningRecord {
    pub id: String,
    pub room_id: String,
    pub quote_id: String,
    pub quote_version: i64,
    /// Its index in the room's `openings` (0-based).
    pub position: i64,
    pub kind: OpeningKind,
    pub width_m: Decimal,
    pub height_m: Decimal,
    pub quantity: i64,
    pub sku: String,
    pub curved_glass: bool,
    pub difficult_access: bool,
}

/// Where a property, room or opening sits in its quote's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub quote_id: String,
    pub property_id: String,
    /// Index in the quote's rooms (none for a property).
    pub room: Option<usize>,
    /// Index in the room's openings (only for an opening).
    pub opening: Option<usize>,
}

const ROOM_COLUMNS: &str = "r.id, r.property_id, r.position, r.name, r.floor";
const OPENING_COLUMNS: &str = "o.id, o.room_id, o.position, o.kind, o.width_m, o.height_m, o.quantity, o.sku, \
    CASE WHEN o.curved_glass THEN 1 ELSE 0 END AS curved_glass, CASE WHEN o.difficult_access THEN 1 ELSE 0 END AS difficult_access";
/// The quote that owns a row's property (`quotes_org_property_idx`).
const OWNER_COLUMNS: &str = "q.id AS quote_id, q.current_version AS quote_version";
/// Rooms joined to the quote that owns their property.
const ROOMS_OF_QUOTES: &str =
    "rooms r JOIN quotes q ON q.organization_id = r.organization_id AND q.property_id = r.property_id";
/// Openings joined to their room and its quote.
const OPENINGS_OF_QUOTES: &str = "openings o JOIN rooms r ON r.id = o.room_id AND r.organization_id = o.organization_id \
    JOIN quotes q ON q.organization_id = r.organization_id AND q.property_id = r.property_id";

/// The statements of [`Db::property_rooms`], the property first: its quote
/// by `(organization_id, property_id)`, its rooms by
/// `(organization_id, property_id)`, their openings by
/// `(organization_id, room_id)`. None of them reads another property's rows
/// (the organisation's other quotes and openings are never scanned).
const PROPERTY_OWNER_SQL: &str = "SELECT id, current_version FROM quotes WHERE organization_id = $1 AND property_id = $2";
const PROPERTY_ROOMS_SQL: &str = "SELECT r.id, r.property_id, r.position, r.name, r.floor FROM rooms r \
    WHERE r.organization_id = $1 AND r.property_id = $2 ORDER BY r.position";
const PROPERTY_OPENINGS_SQL: &str = "SELECT o.id, o.room_id, o.position, o.kind, o.width_m, o.height_m, o.quantity, o.sku, \
    CASE WHEN o.curved_glass THEN 1 ELSE 0 END AS curved_glass, CASE WHEN o.difficult_access THEN 1 ELSE 0 END AS difficult_access \
    FROM openings o WHERE o.organization_id = $1 \
    AND o.room_id IN (SELECT r.id FROM rooms r WHERE r.organization_id = $1 AND r.property_id = $2) ORDER BY o.room_id, o.position";

/// The quote a row stands in (its id and current version).
struct Owner {
    quote_id: String,
    version: i64,
}

impl Owner {
    fn of_row(row: &AnyRow) -> Result<Owner, StoreError> {
        Ok(Owner { quote_id: row.try_get("quote_id")?, version: row.try_get("quote_version")? })
    }
}

impl Db {
    /// The organisation's properties with their customer and quote, newest first.
    pub async fn properties(&self, org: &OrgId, customer_id: Option<&str>) -> Result<Vec<PropertyRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.customer_id, c.name AS customer_name, p.address, p.commune, q.id AS quote_id,
                    q.number AS quote_number, q.status AS quote_status, q.current_version AS quote_version,
                    (SELECT COUNT(*) FROM rooms r WHERE r.organization_id = p.organization_id AND r.property_id = p.id) AS rooms,
                    p.created_at, p.updated_at
             FROM properties p
             JOIN customers c ON c.id = p.customer_id AND c.organization_id = p.organization_id
             JOIN quotes q ON q.property_id = p.id AND q.organization_id = p.organization_id
             WHERE p.organization_id = $1 AND ($2 = '' OR p.customer_id = $2)
             ORDER BY p.created_at DESC, p.id
             LIMIT 1000",
        )
        .bind(org.as_str())
        .bind(customer_id.unwrap_or_default())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(property_from_row).collect()
    }

    /// A property's rooms with their openings, in the quote's order. The
    /// property is found first and only its rows are read (see
    /// [`PROPERTY_OPENINGS_SQL`]), so the time does not grow with the
    /// organisation's other quotes.
    pub async fn property_rooms(&self, org: &OrgId, property_id: &str) -> Result<Vec<RoomRecord>, StoreError> {
        // 404 for a property of no quote of the organisation, even without rooms.
        let owner = self.property_owner(org, property_id).await?;
        let rooms = sqlx::query(PROPERTY_ROOMS_SQL).bind(org.as_str()).bind(property_id).fetch_all(self.pool()).await?;
        let openings = sqlx::query(PROPERTY_OPENINGS_SQL).bind(org.as_str()).bind(property_id).fetch_all(self.pool()).await?;
        let mut by_room: std::collections::HashMap<String, Vec<OpeningRecord>> = std::collections::HashMap::new();
        for row in &openings {
            let opening = opening_from_row(row, &owner)?;
            by_room.entry(opening.room_id.clone()).or_default().push(opening);
        }
        rooms
            .iter()
            .map(|row| {
                let mut room = room_from_row(row, &owner)?;
                room.openings = by_room.remove(&room.id).unwrap_or_default();
                room.openings.sort_by_key(|o| o.position);
                Ok(room)
            })
            .collect()
    }

    /// The quote (id and current version) whose property this is.
    async fn property_owner(&self, org: &OrgId, property_id: &str) -> Result<Owner, StoreError> {
        let row = sqlx::query(PROPERTY_OWNER_SQL).bind(org.as_str()).bind(property_id).fetch_one(self.pool()).await?;
        Ok(Owner { quote_id: row.try_get("id")?, version: row.try_get("current_version")? })
    }

    /// The plan the database picks for each statement of
    /// [`Db::property_rooms`] (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on
    /// PostgreSQL), one text per statement, for tests that bound it.
    #[cfg(feature = "testing")]
    pub async fn property_rooms_plans(&self, org: &OrgId, property_id: &str) -> Result<Vec<String>, StoreError> {
        let mut plans = Vec::new();
        for sql in [PROPERTY_OWNER_SQL, PROPERTY_ROOMS_SQL, PROPERTY_OPENINGS_SQL] {
            let explain = match self.backend() {
                crate::Backend::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
                crate::Backend::Postgres => format!("EXPLAIN {sql}"),
            };
            let rows = sqlx::query(&explain).bind(org.as_str()).bind(property_id).fetch_all(self.pool()).await?;
            let column = match self.backend() {
                crate::Backend::Sqlite => "detail",
                crate::Backend::Postgres => "QUERY PLAN",
            };
            let lines: Vec<String> = rows.iter().map(|r| r.try_get::<String, _>(column)).collect::<Result<_, _>>()?;
            plans.push(lines.join("\n"));
        }
        Ok(plans)
    }

    /// One room with its openings.
    pub async fn room(&self, org: &OrgId, id: &str) -> Result<RoomRecord, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ROOM_COLUMNS}, {OWNER_COLUMNS} FROM {ROOMS_OF_QUOTES} WHERE r.organization_id = $1 AND r.id = $2"
        ))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        let owner = Owner::of_row(&row)?;
        let mut room = room_from_row(&row, &owner)?;
        room.openings = self.openings_of_room(org, id, &owner).await?;
        Ok(room)
    }

    /// The room at `position` of a property (after a save gave it a new id).
    pub async fn room_at(&self, org: &OrgId, property_id: &str, position: usize) -> Result<RoomRecord, StoreError> {
        let id: String = sqlx::query_scalar("SELECT id FROM rooms WHERE organization_id = $1 AND property_id = $2 AND position = $3")
            .bind(org.as_str())
            .bind(property_id)
            .bind(position_value(position)?)
            .fetch_one(self.pool())
            .await?;
        self.room(org, &id).await
    }

    /// A room's openings in order (empty for a room without openings; 404 for no such room).
    pub async fn room_openings(&self, org: &OrgId, room_id: &str) -> Result<Vec<OpeningRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {OWNER_COLUMNS} FROM {ROOMS_OF_QUOTES} WHERE r.organization_id = $1 AND r.id = $2"))
            .bind(org.as_str())
            .bind(room_id)
            .fetch_one(self.pool())
            .await?;
        self.openings_of_room(org, room_id, &Owner::of_row(&row)?).await
    }

    /// The openings of a room already found, by `(organization_id, room_id)`.
    async fn openings_of_room(&self, org: &OrgId, room_id: &str, owner: &Owner) -> Result<Vec<OpeningRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {OPENING_COLUMNS} FROM openings o WHERE o.organization_id = $1 AND o.room_id = $2 ORDER BY o.position"
        ))
        .bind(org.as_str())
        .bind(room_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|row| opening_from_row(row, owner)).collect()
    }

    pub async fn opening(&self, org: &OrgId, id: &str) -> Result<OpeningRecord, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {OPENING_COLUMNS}, {OWNER_COLUMNS} FROM {OPENINGS_OF_QUOTES} WHERE o.organization_id = $1 AND o.id = $2"
        ))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        opening_from_row(&row, &Owner::of_row(&row)?)
    }

    /// The quote a property belongs to.
    pub async fn property_placement(&self, org: &OrgId, property_id: &str) -> Result<Placement, StoreError> {
        let quote_id = self.property_owner(org, property_id).await?.quote_id;
        Ok(Placement { quote_id, property_id: property_id.to_owned(), room: None, opening: None })
    }

    /// The quote and the room index a room stands for.
    pub async fn room_placement(&self, org: &OrgId, room_id: &str) -> Result<Placement, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT q.id AS quote_id, r.property_id, r.position FROM {ROOMS_OF_QUOTES} WHERE r.organization_id = $1 AND r.id = $2"
        ))
        .bind(org.as_str())
        .bind(room_id)
        .fetch_one(self.pool())
        .await?;
        Ok(Placement {
            quote_id: row.try_get("quote_id")?,
            property_id: row.try_get("property_id")?,
            room: Some(index(&row, "position")?),
            opening: None,
        })
    }

    /// The quote, room index and opening index an opening stands for.
    pub async fn opening_placement(&self, org: &OrgId, opening_id: &str) -> Result<Placement, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT q.id AS quote_id, r.property_id, r.position AS room_position, o.position AS opening_position
             FROM {OPENINGS_OF_QUOTES} WHERE o.organization_id = $1 AND o.id = $2"
        ))
        .bind(org.as_str())
        .bind(opening_id)
        .fetch_one(self.pool())
        .await?;
        Ok(Placement {
            quote_id: row.try_get("quote_id")?,
            property_id: row.try_get("property_id")?,
            room: Some(index(&row, "room_position")?),
            opening: Some(index(&row, "opening_position")?),
        })
    }

    /// The property whose rooms are a quote's working copy.
    pub async fn quote_property_id(&self, org: &OrgId, quote_id: &str) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar("SELECT property_id FROM quotes WHERE organization_id = $1 AND id = $2")
            .bind(org.as_str())
            .bind(quote_id)
            .fetch_one(self.pool())
            .await?)
    }
}

fn position_value(position: usize) -> Result<i32, StoreError> {
    i32::try_from(position).map_err(|_| StoreError::NotFound)
}

/// An INTEGER column or a 0/1 flag (sqlx's Any driver decodes no SQLite
/// BOOLEAN column, so flags are selected as `CASE WHEN … THEN 1 ELSE 0 END`).
fn integer(row: &AnyRow, column: &str) -> Result<i64, StoreError> {
    match row.try_get::<i64, _>(column) {
        Ok(v) => Ok(v),
        Err(_) => Ok(i64::from(row.try_get::<i32, _>(column)?)),
    }
}

fn index(row: &AnyRow, column: &str) -> Result<usize, StoreError> {
    let value = integer(row, column)?;
    usize::try_from(value).map_err(|_| StoreError::Corrupt(format!("{column} {value}")))
}

fn property_from_row(row: &AnyRow) -> Result<PropertyRecord, StoreError> {
    Ok(PropertyRecord {
        id: row.try_get("id")?,
        customer_id: row.try_get("customer_id")?,
        customer_name: row.try_get("customer_name")?,
        address: row.try_get("address")?,
        commune: row.try_get("commune")?,
        quote_id: row.try_get("quote_id")?,
        quote_number: row.try_get("quote_number")?,
        quote_status: parse(row, "quote_status", QuoteStatus::from_str)?,
        quote_version: row.try_get("quote_version")?,
        rooms: row.try_get("rooms")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn room_from_row(row: &AnyRow, owner: &Owner) -> Result<RoomRecord, StoreError> {
    Ok(RoomRecord {
        id: row.try_get("id")?,
        property_id: row.try_get("property_id")?,
        quote_id: owner.quote_id.clone(),
        quote_version: owner.version,
        position: integer(row, "position")?,
        name: row.try_get("name")?,
        floor: integer(row, "floor")?,
        openings: Vec::new(),
    })
}

fn opening_from_row(row: &AnyRow, owner: &Owner) -> Result<OpeningRecord, StoreError> {
    Ok(OpeningRecord {
        id: row.try_get("id")?,
        room_id: row.try_get("room_id")?,
        quote_id: owner.quote_id.clone(),
        quote_version: owner.version,
        position: integer(row, "position")?,
        kind: parse(row, "kind", OpeningKind::from_str)?,
        width_m: parse(row, "width_m", Decimal::from_str_exact)?,
        height_m: parse(row, "height_m", Decimal::from_str_exact)?,
        quantity: integer(row, "quantity")?,
        sku: row.try_get("sku")?,
        curved_glass: integer(row, "curved_glass")? != 0,
        difficult_access: integer(row, "difficult_access")? != 0,
    })
}
