//! PostgreSQL ends a statement that runs past the pool's statement timeout
//! (issue 17, finding 3: statements went on for ~110 s after their request
//! had answered 408, and held the pool).

use std::time::{Duration, Instant};

use store::Db;
use store::testing::TestDb;

#[tokio::test]
async fn postgres_ends_a_statement_past_the_timeout() {
    let test_db = TestDb::postgres().await;
    let db = Db::connect_with(&test_db.url, 2, Duration::from_millis(300)).await.expect("connect");
    let shown: String = sqlx::query_scalar("SHOW statement_timeout").fetch_one(db.pool()).await.expect("show");
    assert_eq!(shown, "300ms");
    let started = Instant::now();
    let slow = sqlx::query("SELECT pg_sleep(5)").execute(db.pool()).await;
    let took = started.elapsed();
    let err = slow.expect_err("the statement is cancelled");
    assert!(err.to_string().contains("statement timeout"), "{err}");
    assert!(took < Duration::from_secs(3), "cancelled after {took:?}");
    // The connection is usable again at once.
    let one: i32 = sqlx::query_scalar("SELECT 1").fetch_one(db.pool()).await.expect("after the timeout");
    assert_eq!(one, 1);
    db.close().await;
}

#[tokio::test]
async fn the_default_timeout_is_thirty_seconds() {
    let test_db = TestDb::postgres().await;
    let shown: String = sqlx::query_scalar("SHOW statement_timeout").fetch_one(test_db.db.pool()).await.expect("show");
    assert_eq!(shown, "30s");
    assert_eq!(store::DEFAULT_STATEMENT_TIMEOUT, Duration::from_secs(30));
}
