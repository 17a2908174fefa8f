//! The organisation's vehicles: create, read, list, change, delete; VINs
//! decoded offline.
use domain::{DecodedVin, FieldErrors, Vehicle, VehicleInput};
use store::{Db, User};

use crate::VehiclesError;

/// The vehicles service; cheap to clone.
#[derive(Clone)]
pub struct Vehicles {
    db: Db,
}

impl Vehicles {
    pub fn new(db: Db) -> Vehicles {
        Vehicles { db }
    }

    pub async fn create(&self, actor: &User, input: &VehicleInput) -> Result<Vehicle, VehiclesError> {
        let checked = input.check(current_year()).map_err(VehiclesError::Invalid)?;
        Ok(self.db.create_vehicle(&actor.organization_id, &checked).await?)
    }

    pub async fn get(&self, actor: &User, id: &str) -> Result<Vehicle, VehiclesError> {
        Ok(self.db.vehicle(&actor.organization_id, id).await?)
    }

    /// Newest first; one customer's when given; `q` matches make, model,
    /// plate or VIN.
    pub async fn list(&self, actor: &User, customer_id: Option<&str>, q: &str) -> Result<Vec<Vehicle>, VehiclesError> {
        Ok(self.db.vehicles(&actor.organization_id, customer_id, q, 200).await?)
    }

    pub async fn update(&self, actor: &User, id: &str, input: &VehicleInput) -> Result<Vehicle, VehiclesError> {
        let checked = input.check(current_year()).map_err(VehiclesError::Invalid)?;
        Ok(self.db.update_vehicle(&actor.organization_id, id, &checked).await?)
    }

    pub async fn delete(&self, actor: &User, id: &str) -> Result<(), VehiclesError> {
        Ok(self.db.delete_vehicle(&actor.organization_id, id).await?)
    }

    /// What a VIN says, offline; a bad VIN is a `vin` field error naming
    /// the rule it breaks (`vin.check_digit`…).
    pub fn decode_vin(vin: &str) -> Result<DecodedVin, VehiclesError> {
        domain::decode_vin(vin).map_err(|e| {
            let mut fields = FieldErrors::new();
            fields.add("vin", format!("{e} ({})", e.code()));
            VehiclesError::Invalid(fields)
        })
    }
}

/// This year (UTC): the newest model year accepted is the next one.
fn current_year() -> i32 {
    store::today().get(0..4).and_then(|y| y.parse().ok()).unwrap_or(2026)
}
