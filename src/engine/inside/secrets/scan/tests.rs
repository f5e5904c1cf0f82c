use super::*;

/// A value made at run time (no token-shaped literal in the sources).
fn tok(prefix: &str, unit: &str, n: usize) -> String {
    format!("{prefix}{}", unit.repeat(n))
}

fn kinds(text: &str) -> Vec<SecretKind> {
    scan_all(text.as_bytes())
        .into_iter()
        .map(|h| h.kind)
        .collect()
}

fn pem(label: &str) -> String {
    let body = "MIIEowIBAAKCAQEAx3".repeat(5);
    format!("-----BEGIN {label}-----\n{body}\n{body}\n-----END {label}-----\n")
}

#[test]
fn private_keys_need_a_label_and_a_body() {
    for label in [
        "RSA PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "PRIVATE KEY",
        "EC PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
    ] {
        assert_eq!(kinds(&pem(label)), vec![SecretKind::PrivateKey], "{label}");
    }
    assert!(
        kinds(&pem("CERTIFICATE")).is_empty(),
        "a certificate is public"
    );
    assert!(kinds(&pem("PUBLIC KEY")).is_empty());
    // the header as a string literal in source or a binary: no body
    assert!(kinds("if line == \"-----BEGIN RSA PRIVATE KEY-----\" { parse() }").is_empty());
    let h = scan_all(pem("RSA PRIVATE KEY").as_bytes());
    assert!(h[0].start > 20, "the value is the body, not the header");
}

#[test]
fn aws_ids_need_their_secret_nearby() {
    let id = tok("AKIA", "Q7ZX", 4);
    let secret = tok("", "wJalrX9tnFEMIK7MDENGbPxR", 2)
        .get(..40)
        .unwrap()
        .to_string();
    assert_eq!(
        kinds(&format!("id={id}\nsecret={secret}\n")),
        vec![SecretKind::AwsKey]
    );
    assert_eq!(
        kinds(&format!("secret={secret}\nid={id}\n")),
        vec![SecretKind::AwsKey],
        "before it too"
    );
    assert!(kinds(&format!("id={id}\n")).is_empty(), "an id alone");
    assert!(
        kinds(&format!("id={id}X\nsecret={secret}")).is_empty(),
        "17 characters"
    );
    let far = "x".repeat(400);
    assert!(
        kinds(&format!("id={id}{far}\nsecret={secret}")).is_empty(),
        "too far"
    );
    assert!(
        kinds("AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").is_empty(),
        "the documented example"
    );
}

#[test]
fn token_shapes() {
    let cases = [
        (tok("ghp_", "aB3d", 9), Some(SecretKind::GithubToken)),
        (tok("ghs_", "aB3d", 9), Some(SecretKind::GithubToken)),
        (tok("ghp_", "aB3d", 8), None),
        (
            tok("github_pat_", "11AbCdE_", 10),
            Some(SecretKind::GithubToken),
        ),
        (tok("glpat-", "x1Y2z3", 4), Some(SecretKind::GitlabToken)),
        (tok("glpat-", "ab", 4), None),
        (
            format!(
                "xoxb-{}-{}-{}",
                "1234567890",
                "9876543210",
                "aBcD".repeat(6)
            ),
            Some(SecretKind::SlackToken),
        ),
        ("xoxb-notatoken".to_string(), None),
        (tok("AIza", "Sy0_-aB", 5), Some(SecretKind::GoogleApiKey)),
        (tok("AIza", "Sy0_-aB", 4), None),
        (tok("npm_", "aB3d", 9), Some(SecretKind::NpmToken)),
        ("npm_config_cache".to_string(), None),
    ];
    for (text, want) in cases {
        let got = kinds(&format!("value: {text}\n"));
        assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{text}");
    }
    // inside a longer word: not a token
    assert!(kinds(&format!("x{}", tok("ghp_", "aB3d", 9))).is_empty());
}

#[test]
fn npm_and_registry_auth() {
    let npmrc = format!(
        "//registry.npmjs.org/:_authToken={}\n",
        "a1b2c3d4".repeat(3)
    );
    assert_eq!(kinds(&npmrc), vec![SecretKind::NpmToken]);
    assert!(kinds("//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n").is_empty());
    let auth = base64::engine::general_purpose::STANDARD.encode("bob:hunter2hunter2");
    let cfg = format!("{{\"auths\": {{\"registry.example.com\": {{\"auth\": \"{auth}\"}}}}}}");
    assert_eq!(kinds(&cfg), vec![SecretKind::RegistryAuth]);
    let not_creds = base64::engine::general_purpose::STANDARD.encode("no colon here");
    assert!(kinds(&format!("{{\"auth\": \"{not_creds}\"}}")).is_empty());
    assert!(kinds("{\"auth\": \"\"}").is_empty());
}

#[test]
fn hits_start_only_in_the_range_asked() {
    let t = format!("aaaa {} bbbb", tok("ghp_", "aB3d", 9));
    let at = t.find("ghp_").unwrap();
    let mut n = 0;
    scan(t.as_bytes(), 0, at, |_| n += 1);
    assert_eq!(n, 0, "starts at the limit: the next window's");
    scan(t.as_bytes(), at, t.len(), |_| n += 1);
    assert_eq!(n, 1);
}
