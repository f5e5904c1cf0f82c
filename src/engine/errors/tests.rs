use super::catalogue;
use super::matcher::normalise;
use super::*;
use std::collections::HashSet;

fn entries() -> Vec<&'static Entry> {
    catalogue::entries().collect()
}

fn ids(text: &str) -> Vec<&'static str> {
    find(text).0.iter().map(|e| e.id).collect()
}

#[test]
fn the_catalogue_is_well_formed() {
    assert!(catalogue::len() >= 35, "{} entries", catalogue::len());
    assert_eq!(entries().len(), catalogue::len());
    let mut seen = HashSet::new();
    for e in entries() {
        assert!(seen.insert(e.id), "duplicate id {}", e.id);
        assert!(
            !e.codes.is_empty() || !e.facts.is_empty(),
            "{}: maps to nothing",
            e.id
        );
        assert!(
            e.source.starts_with("https://"),
            "{}: source {}",
            e.id,
            e.source
        );
        assert!(!e.pattern.is_empty(), "{}: empty pattern", e.id);
        for f in e.pattern {
            assert!(!f.is_empty(), "{}: empty fragment", e.id);
            assert_eq!(normalise(f), *f, "{}: fragment not normalised", e.id);
        }
        for text in [e.explanation, e.other_causes, e.tool] {
            assert!(!text.trim().is_empty(), "{}: empty text", e.id);
        }
    }
    let tools: HashSet<&str> = entries().iter().map(|e| e.tool).collect();
    for t in [
        "docker",
        "containerd",
        "podman",
        "skopeo",
        "buildah",
        "umoci",
        "crane",
        "k3s",
        "trivy",
        "dive",
    ] {
        assert!(tools.contains(t), "no entry for {t}");
    }
}

/// The ways a user pastes a message: bare, inside log lines, as logrus
/// quotes it, upper-cased by a CI log, wrapped at spaces by a terminal.
fn variants(text: &str) -> Vec<String> {
    let wrapped: String = text
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i % 5 == 4 {
                format!("\n    {w}")
            } else {
                format!(" {w}")
            }
        })
        .collect();
    vec![
        text.to_string(),
        format!("2025-03-14T10:11:12.000Z INFO  starting\n{text}\n\tat step 3 (exit status 125)"),
        format!(
            "time=\"2025-03-14T10:11:12Z\" level=fatal msg=\"{}\"",
            text.replace('\\', "\\\\").replace('"', "\\\"")
        ),
        text.to_ascii_uppercase(),
        wrapped,
    ]
}

#[test]
fn every_message_and_every_example_maps_to_its_codes() {
    for e in entries() {
        for source in [e.message, e.example] {
            for v in variants(source) {
                let got = explain(&v);
                assert!(got.recognised, "{}: not recognised in {v:?}", e.id);
                let m = got
                    .matches
                    .iter()
                    .find(|m| m.id == e.id)
                    .unwrap_or_else(|| panic!("{}: not among {:?} for {v:?}", e.id, ids(&v)));
                assert_eq!(m.codes, e.codes.to_vec(), "{}", e.id);
                assert_eq!(m.source, e.source);
            }
        }
    }
}

#[test]
fn the_seed_incidents_name_their_findings() {
    let cases: &[(&str, Code)] = &[
        ("⨯ create runtime bundle: unpack rootfs: layer sha256:80f8: blob is not correct mediatype: application/vnd.oci.image.layer.v1.tar+zstd", Code::CompatibilityZstd),
        ("Error: writing blob: layer 0 (blob \"sha256:57ec\"/\"\"/\"sha256:ebcc\") does not match config's DiffID \"sha256:57ec\"", Code::DiffidCompressedDigest),
        ("FATA[0007] creating an updated image manifest: Unknown media type during manifest conversion: \"application/vnd.docker.image.rootfs.diff.tar.gzip\"", Code::MediaTypeMixOciManifestDockerLayer),
        ("failed to register layer: Error processing tar file(exit status 1): archive/tar: invalid tar header", Code::CompatibilityZstd),
        ("ctr: image might be filtered out", Code::ConfigPlatformMismatch),
    ];
    for (text, code) in cases {
        let got = explain(text);
        assert!(
            got.matches.first().is_some_and(|m| m.codes.contains(code)),
            "{text}: {:?}",
            got.matches.iter().map(|m| &m.id).collect::<Vec<_>>()
        );
    }
}

#[test]
fn an_unknown_message_is_not_recognised() {
    for text in [
        "",
        "   \n ",
        "Error: something else entirely went wrong",
        "sha256:57eca825bd922bd6aa59c30ac95be594144816b3951caefa2cf0be2d86db12d2",
        "permission denied while trying to connect to the Docker daemon socket",
    ] {
        let got = explain(text);
        assert!(!got.recognised, "{text:?}: {:?}", ids(text));
        assert!(got.matches.is_empty());
        assert_eq!(got.advice.as_deref(), Some(NOT_RECOGNISED));
        assert_eq!(got.schema, SCHEMA);
    }
}

#[test]
fn the_json_schema_has_the_documented_fields() {
    let v = serde_json::to_value(explain("ctr: image might be filtered out")).unwrap();
    assert_eq!(v["schema"], "ocilens.explain-error/v1");
    assert_eq!(v["recognised"], true);
    let m = &v["matches"][0];
    for k in [
        "id",
        "tool",
        "message",
        "codes",
        "explanation",
        "other_causes",
        "source",
    ] {
        assert!(m.get(k).is_some(), "missing {k}");
    }
    assert!(m.get("in_image").is_none() && v.get("image").is_none() && v.get("advice").is_none());
    let back: Explanation = serde_json::from_value(v).unwrap();
    assert!(back.recognised);
}

/// A small seeded generator (xorshift64*), so the fuzz run is the same every time.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn random_text(rng: &mut Rng, all: &[&'static Entry], len: usize) -> String {
    const PIECES: &[&str] = &[
        "é", "😀", "\u{201C}", "\\", "\"", " ", "\n", "\t", "ǅ", "İ", "\u{0}", "ß",
    ];
    let mut s = String::with_capacity(len + 64);
    while s.len() < len {
        match rng.below(10) {
            0..=3 => s.push(char::from(b' ' + (rng.below(95) as u8))),
            4 | 5 => s.push_str(PIECES[rng.below(PIECES.len())]),
            6 | 7 => {
                // a catalogue fragment, maybe cut short
                let e = all[rng.below(all.len())];
                let f = e.pattern[rng.below(e.pattern.len())];
                let cut = rng.below(f.len() + 1);
                s.push_str(f.get(..cut).unwrap_or(f));
            }
            8 => s.push_str(all[rng.below(all.len())].message),
            _ => s.push(char::from_u32(rng.next() as u32 % 0x11_0000).unwrap_or('?')),
        }
    }
    s
}

#[test]
fn ten_thousand_random_texts_never_panic_and_stay_linear() {
    let mut rng = Rng(0x0C11_E45E_ED00_0011);
    let all = entries();
    let fragment_bytes: u64 = all.iter().map(|e| e.weight() as u64).sum();
    let start = std::time::Instant::now();
    let (mut total_bytes, mut total_steps, mut recognised) = (0u64, 0u64, 0usize);
    for i in 0..10_000 {
        let len = match i % 100 {
            0 => 100_000,
            1..=9 => 10_000 + rng.below(20_000),
            _ => rng.below(600),
        };
        let text = random_text(&mut rng, &all, len);
        let (hits, scan) = find(&text);
        let n = normalise(&text).len() as u64;
        assert!(n <= text.len() as u64);
        let bound = all.len() as u64 * n + 2 * fragment_bytes;
        assert!(
            scan.steps <= bound,
            "steps {} > {bound} for {} bytes",
            scan.steps,
            n
        );
        total_bytes += text.len() as u64;
        total_steps += scan.steps;
        recognised += usize::from(!hits.is_empty());
        let _ = explain(&text);
    }
    println!(
        "explain-error fuzz: 10000 texts, {total_bytes} bytes, {total_steps} steps ({:.1} per byte), {recognised} recognised, {:?}",
        total_steps as f64 / total_bytes as f64,
        start.elapsed()
    );
    assert!(recognised > 0);
}

#[test]
fn docs_table_lists_every_entry() {
    let md = markdown();
    for e in entries() {
        assert!(md.contains(&format!("| `{}` |", e.id)), "{}", e.id);
    }
}
