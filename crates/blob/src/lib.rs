//! Cotiza's file storage: one interface over local disk (the embedded
//! default) and, later, S3-compatible storage.
//!
//! Callers name files with a validated [`BlobKey`] (a relative path such as
//! `orgs/42/products/7/photo.jpg`) and go through [`Blobs`]: `put`, `get`,
//! `delete`, `exists`. Every file is stored with its content type.
//!
//! Today the only backend is the local disk ([`Blobs::local`]); see
//! [`Blobs::local`] for how files are laid out under its root. The planned
//! second backend is S3-compatible object storage (through `aws-sdk-s3`,
//! covering AWS S3, Cloudflare R2, MinIO…), added as another variant behind
//! this same API so no caller has to change.
#![forbid(unsafe_code)]

mod blobs;
mod error;
mod key;
mod local_disk;

pub use blobs::{Blob, Blobs};
pub use error::BlobError;
pub use key::{BlobKey, MAX_KEY_LEN};
