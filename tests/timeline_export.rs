//! The TimelineJS3 export maps every timeline entry and keeps its precision.

use std::path::PathBuf;

use dossier::build::{BuildOptions, build, load};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_event_and_dated_article_maps_with_its_precision() {
    let out = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        root: repo(),
        output_dir: Some(out.path().join("public")),
        ..Default::default()
    };
    build(&opts).unwrap();
    let (site, _) = load(&opts).unwrap();
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("public/timeline.json")).unwrap())
            .unwrap();
    let events = json["events"].as_array().expect("events array");

    let mut expected: Vec<(String, dossier::date::PartialDate)> = site
        .timeline
        .events
        .iter()
        .map(|e| (e.id.clone(), e.date))
        .collect();
    expected.extend(
        site.articles
            .iter()
            .filter_map(|a| a.date.map(|d| (format!("article-{}", a.slug), d))),
    );
    assert_eq!(
        events.len(),
        expected.len(),
        "one TimelineJS event per entry"
    );
    assert!(!expected.is_empty());

    for (id, date) in expected {
        let ev = events
            .iter()
            .find(|e| e["unique_id"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} missing from timeline.json"));
        let start = &ev["start_date"];
        assert_eq!(start["year"], date.year, "{id}");
        assert_eq!(
            start.get("month").and_then(Value::as_u64),
            date.month.map(u64::from),
            "{id}: month"
        );
        assert_eq!(
            start.get("day").and_then(Value::as_u64),
            date.day.map(u64::from),
            "{id}: day"
        );
        assert!(
            ev["text"]["headline"]
                .as_str()
                .is_some_and(|h| !h.is_empty()),
            "{id}: headline"
        );
        assert!(ev["group"].as_str().is_some(), "{id}: group");
    }
}
