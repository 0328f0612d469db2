//! The window's app layer enforces every role rule itself: an auditor writes through no command,
//! a contractor changes only their own pending after-care entries. Every command and record kind
//! is enumerated (a new variant fails to compile here until it is covered), and every refusal
//! leaves the ledger's records and audit head exactly as they were.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::*;
use restoration_ledger::app::Role;
use restoration_ledger::app::session::{
    Command, Rec, Session, SessionError, Table, blank_aftercare,
};
use restoration_ledger::domain::*;

/// Names every variant; no wildcard, so a new command or record kind must be added here.
fn command_name(c: &Command) -> String {
    let rec = |r: &Rec| match r {
        Rec::Bench(_) => "bench",
        Rec::Work(_) => "work",
        Rec::Planting(_) => "planting",
        Rec::Survey(_) => "survey",
        Rec::Aftercare(_) => "aftercare",
        Rec::Problem(_) => "problem",
        Rec::Reading(_) => "reading",
        Rec::Rule(_) => "rule",
        Rec::Mine(_) => "mine",
        Rec::Pile(_) => "pile",
        Rec::Point(_) => "point",
        Rec::SignOff(_) => "sign_off",
    };
    let table = |t: &Table| match t {
        Table::Bench => "bench",
        Table::Work => "work",
        Table::Planting => "planting",
        Table::Survey => "survey",
        Table::Aftercare => "aftercare",
        Table::Problem => "problem",
        Table::Reading => "reading",
        Table::Rule => "rule",
        Table::Mine => "mine",
        Table::Pile => "pile",
        Table::Point => "point",
        Table::SignOff => "sign_off",
    };
    match c {
        Command::Insert(r) => format!("Insert({})", rec(r)),
        Command::Update { rec: r, .. } => format!("Update({})", rec(r)),
        Command::Delete { table: t, .. } => format!("Delete({})", table(t)),
        Command::AddAftercare { photos, .. } => format!("AddAftercare({} photos)", photos.len()),
        Command::Review { approve, .. } => format!("Review(approve={approve})"),
        Command::EditAftercare { photos, .. } => format!("EditAftercare({} photos)", photos.len()),
        Command::ExtendDeadline { .. } => "ExtendDeadline".into(),
        Command::AddProblemPhotos { photos, .. } => {
            format!("AddProblemPhotos({} photos)", photos.len())
        }
        Command::ReviewMany {
            entries, approve, ..
        } => {
            format!("ReviewMany({} entries, approve={approve})", entries.len())
        }
        Command::Rectify { .. } => "Rectify".into(),
        Command::Verify { .. } => "Verify".into(),
        Command::ResolveConflict { .. } => "ResolveConflict".into(),
        Command::LoadPhoto(_) => "LoadPhoto".into(),
        Command::LoadHistory => "LoadHistory".into(),
    }
}

const TABLES: [Table; 12] = [
    Table::Bench,
    Table::Work,
    Table::Planting,
    Table::Survey,
    Table::Aftercare,
    Table::Problem,
    Table::Reading,
    Table::Rule,
    Table::Mine,
    Table::Pile,
    Table::Point,
    Table::SignOff,
];

fn fresh<T: Clone>(r: &T, meta: impl Fn(&mut T)) -> T {
    let mut r = r.clone();
    meta(&mut r);
    r
}

/// Every record kind, as (existing record, a new one like it).
fn recs(d: &LedgerData, op: &str) -> Vec<(Rec, Rec)> {
    let m = || Meta::new(op, &restoration_ledger::clock::now_stamp());
    vec![
        (
            Rec::Bench(d.benches[0].clone()),
            Rec::Bench(fresh(&d.benches[0], |r| {
                r.meta = m();
                r.number += 1000;
            })),
        ),
        (
            Rec::Work(d.works[0].clone()),
            Rec::Work(fresh(&d.works[0], |r| r.meta = m())),
        ),
        (
            Rec::Planting(d.plantings[0].clone()),
            Rec::Planting(fresh(&d.plantings[0], |r| r.meta = m())),
        ),
        (
            Rec::Survey(d.surveys[0].clone()),
            Rec::Survey(fresh(&d.surveys[0], |r| r.meta = m())),
        ),
        (
            Rec::Aftercare(d.aftercare[0].clone()),
            Rec::Aftercare(fresh(&d.aftercare[0], |r| r.meta = m())),
        ),
        (
            Rec::Problem(d.problems[0].clone()),
            Rec::Problem(fresh(&d.problems[0], |r| r.meta = m())),
        ),
        (
            Rec::Reading(d.readings[0].clone()),
            Rec::Reading(fresh(&d.readings[0], |r| r.meta = m())),
        ),
        (
            Rec::Rule(d.rules[0].clone()),
            Rec::Rule(fresh(&d.rules[0], |r| r.meta = m())),
        ),
        (
            Rec::Mine(d.mines[0].clone()),
            Rec::Mine(fresh(&d.mines[0], |r| r.meta = m())),
        ),
        (
            Rec::Pile(d.piles[0].clone()),
            Rec::Pile(fresh(&d.piles[0], |r| r.meta = m())),
        ),
        (
            Rec::Point(d.monitoring_points[0].clone()),
            Rec::Point(fresh(&d.monitoring_points[0], |r| r.meta = m())),
        ),
        (
            Rec::SignOff(d.sign_offs[0].clone()),
            Rec::SignOff(fresh(&d.sign_offs[0], |r| r.meta = m())),
        ),
    ]
}

fn meta_of(d: &LedgerData, t: Table) -> &Meta {
    match t {
        Table::Bench => &d.benches[0].meta,
        Table::Work => &d.works[0].meta,
        Table::Planting => &d.plantings[0].meta,
        Table::Survey => &d.surveys[0].meta,
        Table::Aftercare => &d.aftercare[0].meta,
        Table::Problem => &d.problems[0].meta,
        Table::Reading => &d.readings[0].meta,
        Table::Rule => &d.rules[0].meta,
        Table::Mine => &d.mines[0].meta,
        Table::Pile => &d.piles[0].meta,
        Table::Point => &d.monitoring_points[0].meta,
        Table::SignOff => &d.sign_offs[0].meta,
    }
}

/// Every write command the window can send, against the demo's records.
fn all_writes(d: &LedgerData, op: &str, photo: &Path) -> Vec<Command> {
    let mut cmds = Vec::new();
    for (existing, new) in recs(d, op) {
        cmds.push(Command::Insert(new));
        cmds.push(Command::Update {
            rec: existing,
            reason: "audit test".into(),
        });
    }
    for t in TABLES {
        let m = meta_of(d, t);
        cmds.push(Command::Delete {
            table: t,
            id: m.id,
            version: m.version,
            reason: "audit test".into(),
        });
    }
    let date = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
    let entry = blank_aftercare(d, op, date);
    cmds.push(Command::AddAftercare {
        entry: entry.clone(),
        photos: vec![],
    });
    cmds.push(Command::AddAftercare {
        entry,
        photos: vec![photo.to_path_buf()],
    });
    let pending = d
        .aftercare
        .iter()
        .find(|e| e.review == ReviewState::Pending)
        .unwrap();
    for approve in [true, false] {
        cmds.push(Command::Review {
            id: pending.meta.id,
            version: pending.meta.version,
            approve,
            comment: "ok".into(),
        });
    }
    cmds.push(Command::ReviewMany {
        entries: vec![(pending.meta.id, pending.meta.version)],
        approve: true,
        comment: String::new(),
    });
    cmds.push(Command::EditAftercare {
        entry: d.aftercare[0].clone(),
        reason: "audit test".into(),
        photos: vec![photo.to_path_buf()],
    });
    let open = d
        .problems
        .iter()
        .find(|p| p.status == ProblemStatus::Open)
        .unwrap();
    cmds.push(Command::ExtendDeadline {
        id: open.meta.id,
        version: open.meta.version,
        deadline: open.deadline + chrono::Days::new(30),
        reason: "audit test".into(),
    });
    cmds.push(Command::AddProblemPhotos {
        id: open.meta.id,
        photos: vec![photo.to_path_buf()],
    });
    cmds.push(Command::Rectify {
        id: open.meta.id,
        version: open.meta.version,
        rectification: "done".into(),
        date,
    });
    let rectified = d
        .problems
        .iter()
        .find(|p| p.status == ProblemStatus::Rectified)
        .unwrap_or(open);
    cmds.push(Command::Verify {
        id: rectified.meta.id,
        version: rectified.meta.version,
        by: "x".into(),
        date,
    });
    // The demo keeps no merge conflict: any id is refused by role before it is looked up.
    cmds.push(Command::ResolveConflict {
        id: uuid::Uuid::new_v4(),
        take: ConflictTake::Theirs,
    });
    cmds
}

fn demo_photo(dir: &Path) -> PathBuf {
    use base64::Engine;
    let demo: serde_json::Value = serde_json::from_str(restoration_ledger::app::DEMO_JSON).unwrap();
    let jpeg = base64::engine::general_purpose::STANDARD
        .decode(demo["photos"][0]["data"].as_str().unwrap())
        .unwrap();
    let p = dir.join("site.jpg");
    std::fs::write(&p, jpeg).unwrap();
    p
}

#[test]
fn the_auditor_writes_through_no_command_and_the_file_stays_byte_identical() {
    let d = demo_ledger();
    let photo = demo_photo(d.dir.path());
    let before = bytes(&d.path);
    let head = state(&d.path);
    let mut s = Session::open(&d.path, "审计员", Role::Auditor).unwrap();
    assert!(s.read_only());
    let cmds = all_writes(&s.data, "审计员", &photo);
    // 12 record kinds x (insert, update) + 12 deletions + 2 add-with-photos + 2 reviews + a
    // batch review + an edit with photos + a deadline extension + a problem's photos + rectify +
    // verify + a merge conflict's resolution.
    assert_eq!(cmds.len(), 12 * 2 + 12 + 2 + 2 + 4 + 2 + 1);
    for cmd in cmds {
        let name = command_name(&cmd);
        assert!(!cmd.is_read(), "{name}");
        let r = s.apply(cmd.clone());
        assert!(
            matches!(
                r,
                Err(SessionError::Denied {
                    role: Role::Auditor
                })
            ),
            "{name}: {r:?}"
        );
        assert_eq!(bytes(&d.path), before, "{name}: byte-identical");
        assert_eq!(state(&d.path), head, "{name}: audit head unchanged");

        // Even if a view flipped the role field, the read-only file refuses the write.
        s.role = Role::Department;
        let r = s.apply(cmd);
        assert!(r.is_err(), "{name} with the role field changed: {r:?}");
        s.role = Role::Auditor;
        assert_eq!(bytes(&d.path), before, "{name}: byte-identical");
        assert_eq!(state(&d.path), head, "{name}: audit head unchanged");
    }
    // Reading stays allowed and writes nothing.
    let photo_id = s.data.photos[0].meta.id;
    for cmd in [Command::LoadPhoto(photo_id), Command::LoadHistory] {
        let name = command_name(&cmd);
        s.apply(cmd).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(s.history.as_ref().is_some_and(|h| !h.is_empty()));
    assert!(s.photos.contains_key(&photo_id));
    drop(s);
    assert_eq!(bytes(&d.path), before);
    assert_eq!(state(&d.path), head);
}

#[test]
fn a_contractor_may_not_touch_anything_but_own_pending_entries() {
    let d = demo_ledger();
    let photo = demo_photo(d.dir.path());
    let op = "王师傅";
    let mut s = Session::open(&d.path, op, Role::Contractor).unwrap();
    let head = state(&d.path);
    let mut refused = 0;
    for cmd in all_writes(&s.data, op, &photo) {
        let name = command_name(&cmd);
        let own_new_entry = matches!(cmd, Command::AddAftercare { .. })
            || matches!(&cmd, Command::Insert(Rec::Aftercare(e)) if e.review == ReviewState::Pending && e.reviewer.is_empty());
        if own_new_entry {
            continue;
        }
        let r = s.check(&cmd);
        assert!(
            matches!(
                r,
                Err(SessionError::Denied {
                    role: Role::Contractor
                })
            ),
            "{name}: {r:?}"
        );
        assert!(s.apply(cmd).is_err(), "{name}");
        assert_eq!(state(&d.path), head, "{name}: nothing written");
        refused += 1;
    }
    assert!(refused >= 20, "{refused}");

    // The contractor's own entry: added, then every way of overreaching refused.
    let mut e = blank_aftercare(&s.data, op, s.today);
    e.note = "own".into();
    for forged in [
        AftercareEntry {
            review: ReviewState::Approved,
            ..e.clone()
        },
        AftercareEntry {
            reviewer: "李科长".into(),
            ..e.clone()
        },
        AftercareEntry {
            review_comment: "同意".into(),
            ..e.clone()
        },
        AftercareEntry {
            reviewed_at: Some(
                restoration_ledger::domain::Stamp::parse("2024-01-01T00:00:00Z").unwrap(),
            ),
            ..e.clone()
        },
    ] {
        for cmd in [
            Command::Insert(Rec::Aftercare(forged.clone())),
            Command::AddAftercare {
                entry: forged.clone(),
                photos: vec![],
            },
        ] {
            let name = command_name(&cmd);
            assert!(
                matches!(s.apply(cmd), Err(SessionError::Denied { .. })),
                "{name} with a review of its own making"
            );
            assert_eq!(state(&d.path), head);
        }
    }
    s.apply(Command::AddAftercare {
        entry: e,
        photos: vec![],
    })
    .unwrap();
    let own = s
        .data
        .aftercare
        .iter()
        .find(|e| e.note == "own")
        .unwrap()
        .clone();
    assert_eq!(own.meta.created_by, op);
    let head = state(&d.path);
    let forged_updates = [
        AftercareEntry {
            review: ReviewState::Approved,
            ..own.clone()
        },
        AftercareEntry {
            reviewer: "李科长".into(),
            ..own.clone()
        },
        AftercareEntry {
            review_comment: "同意".into(),
            ..own.clone()
        },
        AftercareEntry {
            reviewed_at: Some(
                restoration_ledger::domain::Stamp::parse("2024-01-01T00:00:00Z").unwrap(),
            ),
            ..own.clone()
        },
    ];
    for f in forged_updates {
        let r = s.apply(Command::Update {
            rec: Rec::Aftercare(f),
            reason: "x".into(),
        });
        assert!(matches!(r, Err(SessionError::Denied { .. })), "{r:?}");
        assert_eq!(state(&d.path), head);
    }
    // Reviewing one's own entry is refused too.
    let r = s.apply(Command::Review {
        id: own.meta.id,
        version: own.meta.version,
        approve: true,
        comment: String::new(),
    });
    assert!(matches!(r, Err(SessionError::Denied { .. })), "{r:?}");
    assert_eq!(state(&d.path), head);
    // Another contractor may not change or delete it.
    let mut other = Session::open(&d.path, "赵师傅", Role::Contractor).unwrap();
    let mut changed = own.clone();
    changed.note = "changed by someone else".into();
    for cmd in [
        Command::Update {
            rec: Rec::Aftercare(changed),
            reason: "x".into(),
        },
        Command::Delete {
            table: Table::Aftercare,
            id: own.meta.id,
            version: own.meta.version,
            reason: "x".into(),
        },
    ] {
        let name = command_name(&cmd);
        assert!(
            matches!(other.apply(cmd), Err(SessionError::Denied { .. })),
            "{name}"
        );
        assert_eq!(state(&d.path), head);
    }
    // The owner may delete it while it is pending.
    s.apply(Command::Delete {
        table: Table::Aftercare,
        id: own.meta.id,
        version: own.meta.version,
        reason: "mistake".into(),
    })
    .unwrap();
}

/// Bug pinned: the window saved records that the exchange format refuses (a verified problem with
/// no verifier, a deadline before the problem was found, a second rule of one kind), so an export
/// of the ledger could no longer be imported: the backup lost every record.
#[test]
fn the_window_saves_only_records_an_import_accepts_and_the_ledger_round_trips() {
    let d = demo_ledger();
    let mut s = Session::open(&d.path, "李科长", Role::Department).unwrap();
    let open = s
        .data
        .problems
        .iter()
        .find(|p| p.status == ProblemStatus::Open)
        .unwrap()
        .clone();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let before_found = open.found_on.pred_opt().unwrap();
    let head = state(&d.path);
    let mut early_deadline = open.clone();
    early_deadline.deadline = before_found;
    let mut second_rule = s.data.rules[0].clone();
    second_rule.meta = Meta::draft();
    let mut same_bench = s.data.benches[0].clone();
    same_bench.meta = Meta::draft();
    // (what, command, words the refusal must contain)
    let refusals: Vec<(&str, Command, &str)> = vec![
        (
            "rectified without saying how",
            Command::Rectify {
                id: open.meta.id,
                version: open.meta.version,
                rectification: "  ".into(),
                date: open.found_on,
            },
            "rectify",
        ),
        (
            "rectified before it was found",
            Command::Rectify {
                id: open.meta.id,
                version: open.meta.version,
                rectification: "清淤".into(),
                date: before_found,
            },
            "before the problem was found",
        ),
        (
            "deadline before found",
            Command::Update {
                rec: Rec::Problem(early_deadline),
                reason: "x".into(),
            },
            "deadline",
        ),
        (
            "a second rule of one kind",
            Command::Insert(Rec::Rule(second_rule)),
            "kind",
        ),
        (
            "a second bench with the same number",
            Command::Insert(Rec::Bench(same_bench)),
            "number",
        ),
    ];
    for (what, cmd, needle) in refusals {
        let err = s.apply(cmd).expect_err(what).to_string();
        assert!(err.contains(needle), "{what}: {err}");
        assert_eq!(state(&d.path), head, "{what}: nothing written");
    }

    // The closed loop, done properly; then verification without a verifier, or dated before the
    // rectification, and rectifying a closed problem, are refused.
    s.apply(Command::Rectify {
        id: open.meta.id,
        version: open.meta.version,
        rectification: "已清淤".into(),
        date: day("2024-03-01"),
    })
    .unwrap();
    let p = s
        .data
        .problems
        .iter()
        .find(|p| p.meta.id == open.meta.id)
        .unwrap()
        .clone();
    let head = state(&d.path);
    for (what, by, date) in [
        ("no verifier", " ", day("2024-03-02")),
        ("verified before rectified", "监理 张工", day("2024-02-28")),
    ] {
        let r = s.apply(Command::Verify {
            id: p.meta.id,
            version: p.meta.version,
            by: by.into(),
            date,
        });
        assert!(matches!(r, Err(SessionError::Refused(_))), "{what}: {r:?}");
        assert_eq!(state(&d.path), head, "{what}");
    }
    s.apply(Command::Verify {
        id: p.meta.id,
        version: p.meta.version,
        by: "监理 张工".into(),
        date: day("2024-03-02"),
    })
    .unwrap();
    let p = s
        .data
        .problems
        .iter()
        .find(|p| p.meta.id == open.meta.id)
        .unwrap()
        .clone();
    assert_eq!(p.status, ProblemStatus::Verified);
    let r = s.apply(Command::Rectify {
        id: p.meta.id,
        version: p.meta.version,
        rectification: "again".into(),
        date: day("2024-03-03"),
    });
    assert!(matches!(r, Err(SessionError::Refused(_))), "{r:?}");

    // Everything the window wrote exports and imports again, with its history.
    let out = d.dir.path().join("all.json");
    let store = open_ro(&d.path);
    let n = restoration_ledger::app::export_file(&store, &out, OPERATOR, false).unwrap();
    let copy = d.dir.path().join("copy.ledger");
    let o = restoration_ledger::app::import_file(&copy, &out, OPERATOR).unwrap();
    assert_eq!(o.records, n);
    assert!(o.restored_audit > 0);
    assert_eq!(state(&copy), state(&d.path));
}

/// Bug pinned: deleting a bench that works still point at was refused with SQLite's words only
/// ("FOREIGN KEY constraint failed"); now the message says what refers to it. Nothing is written
/// and the ledger still exports and imports afterwards.
#[test]
fn deleting_a_referenced_record_is_refused_and_writes_nothing() {
    let d = demo_ledger();
    let mut s = Session::open(&d.path, "李科长", Role::Department).unwrap();
    let bench = s
        .data
        .benches
        .iter()
        .find(|b| s.data.works.iter().any(|w| w.bench_id == Some(b.meta.id)))
        .unwrap()
        .clone();
    let head = state(&d.path);
    let r = s.apply(Command::Delete {
        table: Table::Bench,
        id: bench.meta.id,
        version: bench.meta.version,
        reason: "test".into(),
    });
    let err = r.expect_err("a referenced bench").to_string();
    assert!(
        err.contains("still referred to") && err.contains("works"),
        "names what refers to it: {err}"
    );
    assert_eq!(state(&d.path), head, "{err}");
    let out = d.dir.path().join("all.json");
    restoration_ledger::app::export_file(&open_ro(&d.path), &out, OPERATOR, false).unwrap();
    let copy = d.dir.path().join("copy.ledger");
    restoration_ledger::app::import_file(&copy, &out, OPERATOR).unwrap();
}

/// An after-care entry deleted with its photos attached leaves no photo pointing at nothing: the
/// ledger still exports and imports whole.
#[test]
fn deleting_an_entry_with_photos_keeps_the_ledger_importable() {
    let d = demo_ledger();
    let photo = demo_photo(d.dir.path());
    let op = "王师傅";
    let mut s = Session::open(&d.path, op, Role::Contractor).unwrap();
    let mut e = blank_aftercare(&s.data, op, s.today);
    e.note = "with photo".into();
    s.apply(Command::AddAftercare {
        entry: e,
        photos: vec![photo],
    })
    .unwrap();
    let own = s
        .data
        .aftercare
        .iter()
        .find(|e| e.note == "with photo")
        .unwrap()
        .clone();
    let r = s.apply(Command::Delete {
        table: Table::Aftercare,
        id: own.meta.id,
        version: own.meta.version,
        reason: "mistake".into(),
    });
    r.unwrap();
    let orphans = open_ro(&d.path)
        .list::<Photo>()
        .unwrap()
        .into_iter()
        .filter(|p| p.owner_id == own.meta.id)
        .count();
    assert_eq!(orphans, 0, "the entry's photos went with it");
    let out = d.dir.path().join("all.json");
    restoration_ledger::app::export_file(&open_ro(&d.path), &out, OPERATOR, false).unwrap();
    let copy = d.dir.path().join("copy.ledger");
    restoration_ledger::app::import_file(&copy, &out, OPERATOR).unwrap();
}
