//! Cotiza's job runner. Media work (quote videos, 360° frames) is done here
//! with ffmpeg-next; the job queue itself lives in the `store` crate.
#![forbid(unsafe_code)]

pub mod command;
pub mod demo;
pub mod frame_files;
pub mod frames_job;
pub mod media_check;
pub mod render;
pub mod runner;
