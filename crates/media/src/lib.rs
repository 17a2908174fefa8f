//! Images for the catalog: checks uploaded photos and makes thumbnails.
//!
//! [`process_photo`] is synchronous, pure and CPU-bound: the web server calls
//! it inside `tokio::task::spawn_blocking`, then stores the result with `blob`.
#![forbid(unsafe_code)]

mod photo;

pub use photo::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE, Photo, PhotoError, THUMB_SIDE, process_photo};
