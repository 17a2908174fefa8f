use domain::FieldErrors;
use store::StoreError;
use thiserror::Error;

/// Errors of the vehicles layer; the server maps each to one HTTP status once.
#[derive(Debug, Error)]
pub enum VehiclesError {
    /// Bad input, by field path (422): `vin`, `year`, `video`, `frameCount`.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// No such vehicle or job in the organisation (404), exactly like a missing id.
    #[error("not found")]
    NotFound,
    /// The job's state does not allow it (409): cancelling a finished job.
    #[error("not allowed while the job is {status}")]
    WrongState { status: &'static str },
    /// The upload is over the size limit (413).
    #[error("the video is larger than {limit_bytes} bytes")]
    TooLarge { limit_bytes: u64 },
    #[error("storage: {0}")]
    Storage(#[from] blob::BlobError),
    #[error(transparent)]
    Store(StoreError),
}

impl VehiclesError {
    pub fn field(path: &str, message: impl Into<String>) -> VehiclesError {
        let mut fields = FieldErrors::new();
        fields.add(path, message);
        VehiclesError::Invalid(fields)
    }
}

impl From<StoreError> for VehiclesError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => VehiclesError::NotFound,
            StoreError::WrongState { status } => VehiclesError::WrongState { status },
            StoreError::UnknownReference { field } => VehiclesError::field(field, "does not exist"),
            other => VehiclesError::Store(other),
        }
    }
}
