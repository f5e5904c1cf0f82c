//! The reader against a database python's sqlite3 wrote
//! (`tests/fixtures/packages/sample.sqlite`, scripts/make-package-fixtures:
//! 1 KiB pages, interior pages, overflow chains, a freelist) and against
//! hostile files: cut short, bytes flipped, cycles, depth.

use super::*;

const SAMPLE: &[u8] = include_bytes!("../../../../tests/fixtures/packages/sample.sqlite");

/// What make-package-fixtures inserted: the blob of row `i`.
fn blob(i: i64) -> Vec<u8> {
    let n = if i % 25 == 0 {
        3000 + i
    } else {
        40 + (i * 13) % 200
    };
    (0..n).map(|j| ((i * 7 + j) % 251) as u8).collect()
}

fn all_rows(db: &Db<'_>, table: &str) -> Result<Vec<(i64, Vec<Value>)>, SqlError> {
    let root = db.table_root(table)?.expect("table exists");
    let mut out = Vec::new();
    db.rows(root, &mut |id, cols| {
        out.push((id, cols));
        true
    })?;
    Ok(out)
}

#[test]
fn reads_what_python_sqlite3_wrote() {
    let db = Db::open(SAMPLE).unwrap();
    let rows = all_rows(&db, "Packages").unwrap();
    let want: Vec<i64> = (1..=200).filter(|i| i % 10 != 0).collect();
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), want);
    for (id, cols) in &rows {
        // the INTEGER PRIMARY KEY column is stored as NULL (it is the rowid)
        assert_eq!(cols, &vec![Value::Null, Value::Blob(blob(*id))], "row {id}");
    }
    assert!(rows
        .iter()
        .any(|(_, c)| matches!(&c[1], Value::Blob(b) if b.len() > 3000)));
    let other = all_rows(&db, "other").unwrap();
    assert_eq!(other.len(), 200);
    for (n, (id, cols)) in other.iter().enumerate() {
        let i = n as i64 + 1;
        assert_eq!(*id, i);
        let text = Value::Text(format!("row {i}").into_bytes());
        assert_eq!(cols, &vec![text, Value::Int(-i * 1_000_003)]);
    }
    assert_eq!(db.table_root("NoSuch").unwrap(), None);
}

#[test]
fn varints() {
    assert_eq!(varint(&[0x05], 0), Some((5, 1)));
    assert_eq!(varint(&[0x81, 0x00], 0), Some((128, 2)));
    assert_eq!(varint(&[0xff; 9], 0), Some((u64::MAX, 9)));
    assert_eq!(varint(&[0x81], 0), None);
}

#[test]
fn every_cut_is_an_error_or_a_prefix_never_a_panic() {
    for cut in (0..SAMPLE.len()).step_by(97) {
        let bytes = &SAMPLE[..cut];
        if let Ok(db) = Db::open(bytes) {
            let _ = all_rows_or_none(&db);
        }
    }
}

fn all_rows_or_none(db: &Db<'_>) -> Option<usize> {
    let root = db.table_root("Packages").ok()??;
    let mut n = 0;
    db.rows(root, &mut |_, _| {
        n += 1;
        true
    })
    .ok()?;
    Some(n)
}

#[test]
fn flipped_bytes_never_panic() {
    let mut bytes = SAMPLE.to_vec();
    for at in (0..bytes.len()).step_by(31) {
        for x in [0xff, 0x80, 0x01] {
            bytes[at] ^= x;
            if let Ok(db) = Db::open(&bytes) {
                let n = all_rows_or_none(&db);
                assert!(n.unwrap_or(0) <= 200 * 2, "at {at}");
            }
            bytes[at] ^= x;
        }
    }
}

/// A database of `pages` 512-byte pages; page 1 is a schema leaf naming
/// table `t` rooted at page 2.
fn crafted(pages: usize) -> Vec<u8> {
    let mut b = vec![0u8; 512 * pages];
    b[..16].copy_from_slice(b"SQLite format 3\0");
    b[16..18].copy_from_slice(&512u16.to_be_bytes());
    b[56..60].copy_from_slice(&1u32.to_be_bytes());
    // page 1: a table leaf with one cell, the schema row ('table','t','t',2,'')
    let rec = [
        6u8, 0x17, 0x0f, 0x0f, 0x01, 0x0d, b't', b'a', b'b', b'l', b'e', b't', b't', 2,
    ];
    let cell_at = 400usize;
    b[100] = 13;
    b[103..105].copy_from_slice(&1u16.to_be_bytes());
    b[108..110].copy_from_slice(&(cell_at as u16).to_be_bytes());
    b[cell_at] = rec.len() as u8;
    b[cell_at + 1] = 1;
    b[cell_at + 2..cell_at + 2 + rec.len()].copy_from_slice(&rec);
    b
}

/// Makes page `n` an interior table page with no cells and right child `child`.
fn interior(b: &mut [u8], n: usize, child: u32) {
    let at = (n - 1) * 512;
    b[at] = 5;
    b[at + 8..at + 12].copy_from_slice(&child.to_be_bytes());
}

#[test]
fn the_crafted_schema_is_read() {
    let mut b = crafted(2);
    b[512] = 13; // page 2: an empty leaf
    let db = Db::open(&b).unwrap();
    assert_eq!(db.table_root("t").unwrap(), Some(2));
    assert_eq!(all_rows(&db, "t").unwrap(), vec![]);
}

#[test]
fn a_cycle_is_an_error() {
    let mut b = crafted(3);
    interior(&mut b, 2, 3);
    interior(&mut b, 3, 2);
    let db = Db::open(&b).unwrap();
    let e = all_rows(&db, "t").unwrap_err();
    assert!(e.0.contains("reached twice"), "{e}");
}

#[test]
fn a_deep_tree_is_an_error() {
    let n = MAX_DEPTH + 5;
    let mut b = crafted(n);
    for p in 2..n {
        interior(&mut b, p, p as u32 + 1);
    }
    b[(n - 1) * 512] = 13;
    let db = Db::open(&b).unwrap();
    let e = all_rows(&db, "t").unwrap_err();
    assert!(e.0.contains("deeper"), "{e}");
    // one level less than the cap is read
    let mut b = crafted(MAX_DEPTH);
    for p in 2..MAX_DEPTH {
        interior(&mut b, p, p as u32 + 1);
    }
    b[(MAX_DEPTH - 1) * 512] = 13;
    assert_eq!(all_rows(&Db::open(&b).unwrap(), "t").unwrap(), vec![]);
}

#[test]
fn an_overflow_cycle_is_an_error() {
    // page 2: a leaf whose one cell claims 2000 bytes of payload; the
    // overflow chain is page 3 -> page 3
    let mut b = crafted(5); // longer than the payload claimed
    let at = 512;
    let cell = 16;
    b[at] = 13;
    b[at + 3..at + 5].copy_from_slice(&1u16.to_be_bytes());
    b[at + 8..at + 10].copy_from_slice(&(cell as u16).to_be_bytes());
    b[at + cell] = 0x8f; // varint 2000 = 0x8f 0x50
    b[at + cell + 1] = 0x50;
    b[at + cell + 2] = 1; // rowid
                          // the local part (fileformat2 §1.6): M = (U-12)*32/255-23, K = M+(P-M)%(U-4)
    let m = (500 * 32 / 255) - 23;
    let k = m + (2000 - m) % 508;
    let local = if k <= 512 - 35 { k } else { m };
    let next = at + cell + 3 + local;
    b[next..next + 4].copy_from_slice(&3u32.to_be_bytes());
    b[2 * 512..2 * 512 + 4].copy_from_slice(&3u32.to_be_bytes());
    let db = Db::open(&b).unwrap();
    let e = all_rows(&db, "t").unwrap_err();
    assert!(e.0.contains("reached twice"), "{e}");
}

#[test]
fn headers_that_are_not_sqlite() {
    assert!(Db::open(b"").is_err());
    assert!(Db::open(b"SQLite format 2\0").is_err());
    let mut b = crafted(1);
    b[16..18].copy_from_slice(&1000u16.to_be_bytes());
    assert!(Db::open(&b).unwrap_err().0.contains("page size"));
}
