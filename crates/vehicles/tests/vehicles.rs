//! Vehicles and their 360° uploads as sales use them: checked input,
//! tenants that never see each other, uploads checked by content and kept
//! only when their job exists, cancel. Every test runs on SQLite and
//! PostgreSQL.
use std::path::{Path, PathBuf};
use std::process::Command;

use blob::{BlobKey, Blobs};
use domain::{BodyType, ImageFormat, Video360Status, VehicleInput};
use store::{Db, User, test_both_backends};
use vehicles::{SpinPolicy, SpinRequest, Spins, Vehicles, VehiclesError};

fn corolla() -> VehicleInput {
    VehicleInput {
        make: "Toyota".into(),
        model: "Corolla".into(),
        year: 2020,
        body_type: Some(BodyType::Sedan),
        plate: "abcd12".into(),
        ..VehicleInput::default()
    }
}

/// A folder of its own under the temp dir, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("cotiza-vehicles-{name}-{}-{}", std::process::id(), store::now_ms()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A 4 s 320x568 H.264 MP4 made with the ffmpeg CLI (installed by setup.sh).
fn phone_video(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x568:rate=30", "-t", "4"])
        .args(["-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mp4"])
        .arg(&path)
        .status()
        .expect("run ffmpeg");
    assert!(status.success(), "ffmpeg made the test video");
    path
}

fn spins(db: &Db, root: &Path) -> (Spins, Blobs) {
    let blobs = Blobs::local(root.join("files"));
    (Spins::new(db.clone(), blobs.clone(), SpinPolicy::default()), blobs)
}

async fn stored_keys(blobs: &Blobs, admin: &User) -> Vec<String> {
    let prefix = format!("orgs/{}/video360/", admin.organization_id.as_str());
    blobs.list(&prefix).await.expect("list").into_iter().map(|k| k.as_str().to_owned()).collect()
}

test_both_backends! {
    async fn vehicles_are_checked_and_kept_per_organisation(db) {
        let vehicles = Vehicles::new(db.clone());
        let admin = store::testing::org_with_admin(&db, "autos-a").await;
        let other = store::testing::org_with_admin(&db, "autos-b").await;

        let car = vehicles.create(&admin, &corolla()).await.expect("create");
        assert_eq!((car.make.as_str(), car.plate.as_str(), car.year), ("Toyota", "ABCD12", 2020));
        assert_eq!(vehicles.get(&admin, &car.id).await.expect("get"), car);

        // A VIN fills the make and must agree with the year; every bad field is named.
        let honda = VehicleInput { vin: Some("1HGCM82633A004352".into()), make: String::new(), year: 2003, ..corolla() };
        let honda = vehicles.create(&admin, &honda).await.expect("VIN vehicle");
        assert_eq!((honda.make.as_str(), honda.vin.as_deref()), ("Honda", Some("1HGCM82633A004352")));
        let Err(VehiclesError::Invalid(fields)) =
            vehicles.create(&admin, &VehicleInput { vin: Some("1HGCM82633A004353".into()), body_type: None, ..corolla() }).await
        else {
            panic!("a mistyped VIN was accepted");
        };
        assert!(fields.get("vin").is_some_and(|m| m.contains("vin.check_digit")), "{fields:?}");
        assert!(fields.get("bodyType").is_some(), "{fields:?}");

        // Another organisation sees nothing of it, exactly like a missing id.
        assert!(matches!(vehicles.get(&other, &car.id).await, Err(VehiclesError::NotFound)));
        assert!(matches!(vehicles.update(&other, &car.id, &corolla()).await, Err(VehiclesError::NotFound)));
        assert!(matches!(vehicles.delete(&other, &car.id).await, Err(VehiclesError::NotFound)));
        assert!(vehicles.list(&other, None, "").await.expect("list").is_empty());
        assert_eq!(vehicles.list(&admin, None, "honda").await.expect("search").len(), 1);

        // A customer of another organisation cannot own it.
        let foreign = VehicleInput { customer_id: Some("not-ours".into()), ..corolla() };
        let Err(VehiclesError::Invalid(fields)) = vehicles.update(&admin, &car.id, &foreign).await else {
            panic!("a foreign customer was accepted");
        };
        assert!(fields.get("customerId").is_some(), "{fields:?}");
        assert_eq!(vehicles.get(&admin, &car.id).await.expect("unchanged"), car, "nothing saved by a refused change");

        vehicles.delete(&admin, &car.id).await.expect("delete");
        assert!(matches!(vehicles.get(&admin, &car.id).await, Err(VehiclesError::NotFound)));
    }

    async fn an_upload_is_checked_by_content_and_queued(db) {
        let tmp = TempDir::new("upload");
        let (spins, blobs) = spins(&db, &tmp.0);
        let admin = store::testing::org_with_admin(&db, "spin-a").await;
        let other = store::testing::org_with_admin(&db, "spin-b").await;
        let car = Vehicles::new(db.clone()).create(&admin, &corolla()).await.expect("vehicle");
        let request = SpinRequest { vehicle_id: car.id.clone(), frame_count: Some(8), format: Some(ImageFormat::Png), quality: None };

        // An MP4 named .avi is accepted: its content decides.
        let video = phone_video(&tmp.0, "car.avi");
        let job = spins.submit_upload(&admin, &request, &video).await.expect("queued");
        assert_eq!((job.status, job.frame_count, job.image_format, job.progress), (Video360Status::Pending, 8, ImageFormat::Png, 0));
        assert_eq!(job.cost_usd, "0.00");
        let keys = stored_keys(&blobs, &admin).await;
        assert_eq!(keys, [format!("orgs/{}/video360/{}/source.mp4", admin.organization_id.as_str(), job.id)]);
        let stored = blobs.get(&BlobKey::new(keys[0].as_str()).expect("key")).await.expect("get").expect("stored");
        assert_eq!(stored.bytes, std::fs::read(&video).expect("read"), "the upload is stored byte for byte");
        assert_eq!(spins.jobs(&admin, Some(&car.id)).await.expect("jobs").len(), 1);
        assert!(!spins.view(&admin, &car.id).await.expect("view").is_ready, "no frames yet");

        // Not a video: a field error, nothing stored, no job.
        let text = tmp.0.join("notes.mp4");
        std::fs::write(&text, "#EXTM3U\n#EXT-X-ENDLIST\n").expect("write");
        let Err(VehiclesError::Invalid(fields)) = spins.submit_upload(&admin, &request, &text).await else {
            panic!("a playlist named .mp4 was accepted");
        };
        assert!(fields.get("video").is_some(), "{fields:?}");
        assert_eq!(stored_keys(&blobs, &admin).await.len(), 1);

        // Another organisation's vehicle: 404, and its upload is not kept.
        assert!(matches!(spins.submit_upload(&other, &request, &video).await, Err(VehiclesError::NotFound)));
        assert!(stored_keys(&blobs, &other).await.is_empty());
        assert!(matches!(spins.job(&other, &job.id).await, Err(VehiclesError::NotFound)));
        assert!(matches!(spins.cancel(&other, &job.id).await, Err(VehiclesError::NotFound)));
        assert!(matches!(spins.view(&other, &car.id).await, Err(VehiclesError::NotFound)));
        assert!(spins.jobs(&other, None).await.expect("jobs").is_empty());

        // Over the size limit: 413's error, checked before anything is read.
        let small = Spins::new(db.clone(), blobs.clone(), SpinPolicy { max_upload_bytes: 1000, ..SpinPolicy::default() });
        assert!(matches!(small.submit_upload(&admin, &request, &video).await, Err(VehiclesError::TooLarge { limit_bytes: 1000 })));

        // Cancel once; a second time is refused (409's error).
        let cancelled = spins.cancel(&admin, &job.id).await.expect("cancel");
        assert_eq!(cancelled.status, Video360Status::Cancelled);
        assert!(matches!(spins.cancel(&admin, &job.id).await, Err(VehiclesError::WrongState { status: "cancelled" })));
        // A quote video's list never shows it.
        assert!(db.video_jobs(&admin.organization_id, None, false, 100).await.expect("render jobs").is_empty());
    }

    async fn a_video_url_must_be_public_http(db) {
        let tmp = TempDir::new("url");
        let (spins, _) = spins(&db, &tmp.0);
        let admin = store::testing::org_with_admin(&db, "spin-url").await;
        let car = Vehicles::new(db.clone()).create(&admin, &corolla()).await.expect("vehicle");
        let request = SpinRequest { vehicle_id: car.id.clone(), ..SpinRequest::default() };
        for bad in ["file:///etc/passwd", "http://127.0.0.1:8080/car.mp4", "http://169.254.169.254/latest", "gopher://x"] {
            let Err(VehiclesError::Invalid(fields)) = spins.submit_url(&admin, &request, bad).await else {
                panic!("{bad} was accepted");
            };
            assert!(fields.get("videoUrl").is_some(), "{bad}: {fields:?}");
        }
        let job = spins.submit_url(&admin, &request, "https://cdn.example.com/car.mp4").await.expect("queued");
        assert_eq!(job.status, Video360Status::Pending);
        assert_eq!(spins.jobs(&admin, None).await.expect("jobs").len(), 1);
    }
}
