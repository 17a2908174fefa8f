//! Cotiza's file storage: one interface over the local disk (the embedded
//! default) and S3-compatible object storage (AWS S3, Cloudflare R2, MinIO…),
//! plus signed, expiring download links.
//!
//! Callers name files with a validated [`BlobKey`] (a relative path such as
//! `orgs/42/products/7/photo.jpg`) and go through [`Blobs`]: `put`,
//! `put_file` (streams a file from disk: rendered videos), `get`, `head` /
//! `size`, `exists`, `delete` and `list` (by key prefix, for clean-up). Every
//! file is stored with its content type. Both backends behave the same for
//! every call; the tests run one list of checks against each.
//!
//! Which backend is a deployment choice, made by URL with [`Blobs::from_url`]:
//! nothing (the local disk under the data folder, see [`Blobs::local`] for
//! the layout), `file:///abs/path`, or `s3://bucket/prefix` with the usual
//! `AWS_*` variables ([`S3Config::from_url`]; [`Blobs::s3`] takes them
//! explicitly). The S3 client is `aws-sdk-s3` without `aws-config`, on
//! rustls with ring.
//!
//! Files reach phones through [`Blobs::download_url`]: a presigned GET on
//! S3, or on the local disk a `/files/{key}?exp=…&sig=…` path whose HMAC
//! signature our server checks with [`Blobs::verify_link`] before serving the
//! file (with HTTP range support, from [`Blobs::local_path`]). Links made by
//! one server are accepted by another only if both use the same key
//! ([`Blobs::with_link_signing_key`]).
#![forbid(unsafe_code)]

mod blobs;
mod error;
mod key;
mod link;
mod local_disk;
mod s3;

pub use blobs::{Blob, BlobInfo, Blobs, now_unix};
pub use error::{BlobError, LinkError};
pub use key::{BlobKey, MAX_KEY_LEN};
pub use link::{LINK_PATH_PREFIX, MIN_LINK_KEY_LEN, load_or_create_link_signing_key, new_link_signing_key};
pub use s3::{DEFAULT_REGION, S3Config};
