use super::*;

fn feed(tap: &mut SecretTap, path: &str, body: &[u8], chunk: usize) -> bool {
    let want = tap.start(FileStart {
        path,
        size: body.len() as u64,
        mode: 0o644,
    });
    if want {
        for c in body.chunks(chunk) {
            tap.chunk(c);
        }
        tap.end(true);
    }
    want
}

fn token() -> String {
    format!("ghp_{}", "Zq9X".repeat(9))
}

#[test]
fn a_token_across_every_chunk_boundary_is_found_once() {
    let t = token();
    for chunk in [1, 3, 7, 64, 641, 700, 1000, 8192] {
        for pad in [
            0usize, 1, 300, 319, 320, 321, 639, 640, 641, 8150, 8180, 8191, 20000,
        ] {
            let mut body = vec![b'.'; pad];
            body.extend_from_slice(b" ");
            body.extend_from_slice(t.as_bytes());
            body.extend_from_slice(b"\n");
            body.extend(std::iter::repeat_n(b'.', 9000));
            let mut tap = SecretTap::default();
            assert!(feed(&mut tap, "srv/app/settings.py", &body, chunk));
            let out = tap.finish();
            assert_eq!(out.hits.len(), 1, "chunk {chunk}, pad {pad}: {out:?}");
            assert_eq!(out.hits[0].kind, SecretKind::GithubToken);
            assert_eq!(out.hits[0].count, 1, "chunk {chunk}, pad {pad}");
        }
    }
}

#[test]
fn the_value_is_kept_masked_only() {
    let t = token();
    let mut tap = SecretTap::default();
    feed(
        &mut tap,
        "etc/app.conf",
        format!("token = {t}\n").as_bytes(),
        8192,
    );
    let out = tap.finish();
    let json = serde_json::to_string(&out).unwrap();
    assert!(!json.contains(&t[..5]), "{json}");
    assert_eq!(out.hits[0].masked, mask(&t));
}

#[test]
fn big_and_empty_files_are_not_read() {
    let mut tap = SecretTap::default();
    assert!(!tap.start(FileStart {
        path: "a",
        size: MAX_FILE + 1,
        mode: 0o644
    }));
    assert!(!tap.start(FileStart {
        path: "a",
        size: 0,
        mode: 0o644
    }));
    assert!(tap.start(FileStart {
        path: "a",
        size: MAX_FILE,
        mode: 0o644
    }));
}

#[test]
fn test_example_and_doc_paths_are_quiet() {
    let body = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n",
        "MIIEowIBAAKCAQEA".repeat(6)
    );
    let mut tap = SecretTap::default();
    feed(
        &mut tap,
        "usr/lib/python3/dist-packages/foo/tests/data/server.txt",
        body.as_bytes(),
        100,
    );
    feed(
        &mut tap,
        "usr/lib/python3/dist-packages/foo/tests/keys/id_rsa",
        body.as_bytes(),
        100,
    );
    feed(
        &mut tap,
        "usr/share/doc/libxmlsec1-dev/examples/rsakey.pem",
        body.as_bytes(),
        100,
    );
    feed(
        &mut tap,
        "etc/ssl/private/ssl-cert-snakeoil.key",
        body.as_bytes(),
        100,
    );
    feed(&mut tap, "root/.ssh/id_rsa", body.as_bytes(), 100);
    let paths: Vec<String> = tap.finish().hits.into_iter().map(|h| h.path).collect();
    assert_eq!(
        paths,
        ["etc/ssl/private/ssl-cert-snakeoil.key", "root/.ssh/id_rsa"]
    );
}

#[test]
fn named_files_by_their_lines() {
    let cases: &[(&str, &str, Option<SecretKind>)] = &[
        (
            "app/.env",
            "DB_PASSWORD=s3cr3t-Passw0rd\nDEBUG=1\n",
            Some(SecretKind::Password),
        ),
        (
            "app/.env",
            "DB_PASSWORD=${DB_PASSWORD}\nGPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
            None,
        ),
        ("app/.env.example", "DB_PASSWORD=s3cr3t-Passw0rd\n", None),
        (
            "root/.netrc",
            "machine example.com login bob password hunter2hunter2\n",
            Some(SecretKind::Password),
        ),
        (
            "root/.git-credentials",
            "https://bob:hunter2hunter2@git.example.com\n",
            Some(SecretKind::Password),
        ),
        (
            "root/.aws/credentials",
            "[default]\naws_secret_access_key = abcdEFGHijklMNOPqrstUVWXyz0123456789ABCD\n",
            Some(SecretKind::AwsKey),
        ),
        (
            "root/.kube/config",
            "users:\n- name: u\n  user:\n    token: eyJhbGciOiJSUzI1NiIsImtpZCI6\n",
            Some(SecretKind::KubeToken),
        ),
        (
            "home/u/.npmrc",
            "_auth=Ym9iOmh1bnRlcjI=\n",
            Some(SecretKind::NpmToken),
        ),
        (
            "home/u/.pypirc",
            "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc\n",
            Some(SecretKind::Password),
        ),
        ("etc/app.conf", "DB_PASSWORD=s3cr3t-Passw0rd\n", None),
    ];
    for (path, body, want) in cases {
        let mut tap = SecretTap::default();
        feed(&mut tap, path, body.as_bytes(), 5);
        let got: Vec<SecretKind> = tap.finish().hits.into_iter().map(|h| h.kind).collect();
        assert_eq!(
            got,
            want.iter().copied().collect::<Vec<_>>(),
            "{path}: {body}"
        );
    }
}

#[test]
fn hits_are_capped_per_layer() {
    let body = format!("x {}\n", token());
    let mut tap = SecretTap::default();
    for i in 0..MAX_HITS + 5 {
        feed(&mut tap, &format!("srv/f{i}"), body.as_bytes(), 8192);
    }
    let out = tap.finish();
    assert_eq!(out.hits.len(), MAX_HITS);
    assert!(out.capped);
}

#[test]
fn an_aws_pair_split_by_chunks_is_found_once() {
    let id = format!("AKIA{}", "Q7ZX".repeat(4));
    let secret = "wJalrX9tnFEMIK7MDENGbPxRwJalrX9tnFEMIK7M";
    for chunk in [5, 640, 641, 700, 8192] {
        for pad in [0usize, 100, 319, 640, 700, 8100, 8190] {
            let mut body = vec![b'#'; pad];
            body.extend_from_slice(format!("\nkey_id={id}\nsecret={secret}\n").as_bytes());
            body.extend(std::iter::repeat_n(b'#', 3000));
            let mut tap = SecretTap::default();
            feed(&mut tap, "srv/app/settings.py", &body, chunk);
            let kinds: Vec<(SecretKind, u32)> = tap
                .finish()
                .hits
                .into_iter()
                .map(|h| (h.kind, h.count))
                .collect();
            assert_eq!(kinds, [(SecretKind::AwsKey, 1)], "chunk {chunk}, pad {pad}");
        }
    }
}

#[test]
fn mask_text_masks_pattern_and_named_values_and_keeps_the_rest() {
    let token = "ghp_e1WnlpGBrHfcFhr3cwnNlmJg1ex97GbMo5SA";
    let text = format!("# deploy\nDB_PASSWORD=hunter2-but-longer\nGITHUB={token}\nMODE=prod\n");
    let (out, n) = super::mask_text("app/.env", &text);
    assert_eq!(n, 2, "{out}");
    assert!(!out.contains(token) && !out.contains(&token[..5]), "{out}");
    assert!(!out.contains("hunter2-but-longer"), "{out}");
    assert!(
        out.contains("MODE=prod") && out.contains("# deploy"),
        "{out}"
    );
    assert!(out.contains("…[masked, 40 chars]"), "{out}");
    // a file not named like a credentials file: only the patterns
    let (out, n) = super::mask_text("srv/app.conf", &text);
    assert_eq!(n, 1, "{out}");
    assert!(out.contains("hunter2-but-longer"));
    assert_eq!(
        super::mask_text("a.txt", "nothing here é"),
        ("nothing here é".to_string(), 0)
    );
}
