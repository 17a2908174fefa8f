//! Server functions of vehicles (automotive vertical) and their 360°
//! videos for sales: the vehicles list and form, a vehicle's spin, and the
//! frame-extraction jobs (the vehicle page and the jobs page poll them while
//! one is pending or processing). The video itself is uploaded to the REST
//! endpoint `POST /api/video360/jobs/upload` (a multipart form: streamed to
//! disk, which a server function cannot do). Every signed-in user may use them.
use domain::{BodyType, Vehicle, VehicleInput, VehicleView, Video360Job};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{fail, require_session, spins, vehicles};

/// Where a no-JavaScript form of the video goes (the REST upload).
pub const UPLOAD_PATH: &str = "/api/video360/jobs/upload";

/// The form's text as typed, turned into the service's input. A year that
/// is not a number, or a body type that is not one, is a field error here
/// (the service sees year 0 / no body type and names them too).
pub fn vehicle_input(
    vin: Option<String>,
    make: String,
    model: String,
    year: &str,
    body_type: &str,
    plate: Option<String>,
    colour: Option<String>,
) -> (VehicleInput, Vec<(&'static str, &'static str)>) {
    let mut problems = Vec::new();
    let year = match year.trim() {
        "" => 0,
        y => y.parse::<i32>().unwrap_or_else(|_| {
            problems.push(("year", "must be a whole number"));
            0
        }),
    };
    let body_type = match body_type.trim() {
        "" => None,
        b => b.parse::<BodyType>().ok().or_else(|| {
            problems.push(("body_type", domain::messages::CHOICE));
            None
        }),
    };
    let input = VehicleInput {
        customer_id: None,
        vin: vin.filter(|v| !v.trim().is_empty()),
        make,
        model,
        year,
        body_type,
        plate: plate.unwrap_or_default(),
        colour: colour.unwrap_or_default(),
    };
    (input, problems)
}

/// The form's field names for the service's paths (`bodyType` → `body_type`).
pub fn form_field(path: &str) -> &str {
    match path {
        "bodyType" => "body_type",
        other => other,
    }
}

#[cfg(feature = "ssr")]
impl From<vehicles::VehiclesError> for AppError {
    fn from(err: vehicles::VehiclesError) -> Self {
        use vehicles::VehiclesError as E;
        match err {
            E::Invalid(fields) => AppError::Invalid {
                fields: fields.0.into_iter().map(|(path, message)| (form_field(&path).to_owned(), message)).collect(),
                kept: Default::default(),
            },
            E::NotFound => AppError::NotFound,
            E::WrongState { status } => AppError::WrongState { status: status.to_owned() },
            E::TooLarge { limit_bytes } => AppError::TooLarge { limit: usize::try_from(limit_bytes).unwrap_or(usize::MAX) },
            other => {
                tracing::error!(error = %other, "vehicles server function failed");
                AppError::Internal
            }
        }
    }
}

/// A failed save: the service's field errors (or the form's own), with
/// what was typed kept for a page rendered without JavaScript.
#[cfg(feature = "ssr")]
fn refused(err: AppError, problems: &[(&'static str, &'static str)], typed: &[(&str, &str)]) -> AppError {
    let mut err = err;
    if let AppError::Invalid { fields, .. } = &mut err {
        for (field, message) in problems {
            fields.insert((*field).to_owned(), (*message).to_owned());
        }
    }
    fail(err.keeping(typed))
}

/// A form the server cannot even read (a year that is not a number, an
/// unknown body type) is refused before the service, with every other bad
/// field named too (the domain's check runs with stand-ins for those two).
#[cfg(feature = "ssr")]
fn precheck(input: &VehicleInput, problems: &[(&'static str, &'static str)], typed: &[(&str, &str)]) -> Result<(), AppError> {
    if problems.is_empty() {
        return Ok(());
    }
    let stand_in = VehicleInput { year: domain::MIN_VEHICLE_YEAR, body_type: Some(BodyType::Sedan), ..input.clone() };
    let err = match stand_in.check(i32::MAX - 1) {
        Ok(_) => AppError::Invalid { fields: Default::default(), kept: Default::default() },
        Err(fields) => vehicles::VehiclesError::Invalid(fields).into(),
    };
    Err(refused(err, problems, typed))
}

/// The organisation's vehicles, newest first; `q` matches make, model,
/// plate or VIN.
#[server(endpoint = "list_vehicles")]
pub async fn list_vehicles(#[server(default)] q: String) -> Result<Vec<Vehicle>, AppError> {
    let session = require_session()?;
    vehicles()?.list(&session.user, None, q.trim()).await.map_err(fail)
}

/// Adds a vehicle; then goes to its page.
#[server(endpoint = "create_vehicle")]
pub async fn create_vehicle(
    vin: Option<String>,
    make: String,
    model: String,
    year: String,
    body_type: String,
    plate: Option<String>,
    colour: Option<String>,
) -> Result<Vehicle, AppError> {
    let session = require_session()?;
    let typed = [
        ("vin", vin.clone().unwrap_or_default()),
        ("make", make.clone()),
        ("model", model.clone()),
        ("year", year.clone()),
        ("body_type", body_type.clone()),
        ("plate", plate.clone().unwrap_or_default()),
        ("colour", colour.clone().unwrap_or_default()),
    ];
    let typed: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (input, problems) = vehicle_input(vin, make, model, &year, &body_type, plate, colour);
    precheck(&input, &problems, &typed)?;
    let vehicle = vehicles()?.create(&session.user, &input).await.map_err(|e| refused(e.into(), &[], &typed))?;
    leptos_axum::redirect(&format!("/app/vehicles/{}", vehicle.id));
    Ok(vehicle)
}

#[server(endpoint = "get_vehicle")]
pub async fn get_vehicle(id: String) -> Result<Vehicle, AppError> {
    let session = require_session()?;
    vehicles()?.get(&session.user, &id).await.map_err(fail)
}

/// Saves the vehicle's details; then back to its page.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "update_vehicle")]
pub async fn update_vehicle(
    id: String,
    vin: Option<String>,
    make: String,
    model: String,
    year: String,
    body_type: String,
    plate: Option<String>,
    colour: Option<String>,
) -> Result<Vehicle, AppError> {
    let session = require_session()?;
    let typed = [
        ("vin", vin.clone().unwrap_or_default()),
        ("make", make.clone()),
        ("model", model.clone()),
        ("year", year.clone()),
        ("body_type", body_type.clone()),
        ("plate", plate.clone().unwrap_or_default()),
        ("colour", colour.clone().unwrap_or_default()),
    ];
    let typed: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (input, problems) = vehicle_input(vin, make, model, &year, &body_type, plate, colour);
    precheck(&input, &problems, &typed)?;
    let vehicle = vehicles()?.update(&session.user, &id, &input).await.map_err(|e| refused(e.into(), &[], &typed))?;
    leptos_axum::redirect(&format!("/app/vehicles/{}?saved=1", vehicle.id));
    Ok(vehicle)
}

#[server(endpoint = "delete_vehicle")]
pub async fn delete_vehicle(id: String) -> Result<(), AppError> {
    let session = require_session()?;
    vehicles()?.delete(&session.user, &id).await.map_err(fail)?;
    leptos_axum::redirect("/app/vehicles?deleted=1");
    Ok(())
}

/// The vehicle's spin: the newest completed job's frames (signed links),
/// or `is_ready: false`.
#[server(endpoint = "vehicle_spin")]
pub async fn vehicle_spin(vehicle_id: String) -> Result<VehicleView, AppError> {
    let session = require_session()?;
    spins()?.view(&session.user, &vehicle_id).await.map_err(fail)
}

/// 360° jobs, newest first: one vehicle's (404 when it is not the
/// organisation's), or the organisation's when `vehicle_id` is empty.
#[server(endpoint = "vehicle_spin_jobs")]
pub async fn vehicle_spin_jobs(#[server(default)] vehicle_id: String) -> Result<Vec<Video360Job>, AppError> {
    let session = require_session()?;
    // Every context lookup before the first await (see `vehicle_page`).
    let (vehicles, spins) = (vehicles()?, spins()?);
    let vehicle = Some(vehicle_id.trim()).filter(|v| !v.is_empty());
    if let Some(id) = vehicle {
        // Another organisation's vehicle is a 404, like a missing one (not an empty list).
        vehicles.get(&session.user, id).await.map_err(fail)?;
    }
    spins.jobs(&session.user, vehicle).await.map_err(fail)
}

/// What a vehicle's page shows, in one call: its details, its spin and its
/// 360° jobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VehiclePageData {
    pub vehicle: Vehicle,
    pub spin: VehicleView,
    pub jobs: Vec<Video360Job>,
}

/// A vehicle's page data. One server function per page resource, with
/// every context lookup (session, services) before its first await: the
/// server may render a dashboard page more than once before its final
/// pass, and a lookup after an await in an abandoned pass finds no request
/// (it would answer "not logged in" into the page's serialized data).
#[server(endpoint = "vehicle_page")]
pub async fn vehicle_page(id: String) -> Result<VehiclePageData, AppError> {
    let session = require_session()?;
    let (vehicles, spins) = (vehicles()?, spins()?);
    let vehicle = vehicles.get(&session.user, &id).await.map_err(fail)?;
    let spin = spins.view(&session.user, &id).await.map_err(fail)?;
    let jobs = spins.jobs(&session.user, Some(&id)).await.map_err(fail)?;
    Ok(VehiclePageData { vehicle, spin, jobs })
}

/// The jobs page's 360° section: the organisation's jobs, and the names
/// of their vehicles (id → label; a vehicle beyond the newest 200 has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpinJobsData {
    pub jobs: Vec<Video360Job>,
    pub names: Vec<(String, String)>,
}

#[server(endpoint = "spin_jobs_page")]
pub async fn spin_jobs_page() -> Result<SpinJobsData, AppError> {
    let session = require_session()?;
    let (vehicles, spins) = (vehicles()?, spins()?);
    let jobs = spins.jobs(&session.user, None).await.map_err(fail)?;
    let names = if jobs.is_empty() {
        Vec::new()
    } else {
        vehicles.list(&session.user, None, "").await.map_err(fail)?.into_iter().map(|v| (v.id.clone(), v.label())).collect()
    };
    Ok(SpinJobsData { jobs, names })
}

/// Stops a pending or processing job (409 once it ended).
#[server(endpoint = "cancel_spin_job")]
pub async fn cancel_spin_job(id: String) -> Result<Video360Job, AppError> {
    let session = require_session()?;
    spins()?.cancel(&session.user, &id).await.map_err(fail)
}

/// A new job with the same video for a failed one (which is kept).
#[server(endpoint = "retry_spin_job")]
pub async fn retry_spin_job(id: String) -> Result<Video360Job, AppError> {
    let session = require_session()?;
    spins()?.retry(&session.user, &id).await.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_text_becomes_the_input_and_names_what_is_not_a_number_or_a_choice() {
        let (input, problems) =
            vehicle_input(Some(" ".into()), "Honda".into(), "Accord".into(), " 2003 ", "sedan", Some("ab12".into()), None);
        assert_eq!((input.vin, input.year, input.body_type, input.plate.as_str()), (None, 2003, Some(BodyType::Sedan), "ab12"));
        assert!(problems.is_empty());
        let (input, problems) = vehicle_input(None, String::new(), String::new(), "dos mil", "tank", None, None);
        assert_eq!((input.year, input.body_type), (0, None));
        assert_eq!(problems, [("year", "must be a whole number"), ("body_type", domain::messages::CHOICE)]);
        assert_eq!(form_field("bodyType"), "body_type");
    }
}
