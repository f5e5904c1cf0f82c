//! Tests of reference parsing, from upstream distribution/reference tables.

use super::*;

const HEX64: &str = "86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";

fn sha(hex: &str) -> String {
    format!("sha256:{hex}")
}

/// (input, registry, repository, tag, digest, normalized, familiar)
type Ok7<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    &'a str,
);

fn check_ok(cases: &[Ok7<'_>]) {
    for &(input, registry, repository, tag, digest, normalized, familiar) in cases {
        let r =
            parse_normalized(input).unwrap_or_else(|e| panic!("{input:?} should parse, got {e:?}"));
        assert_eq!(r.registry, registry, "registry of {input:?}");
        assert_eq!(r.repository, repository, "repository of {input:?}");
        assert_eq!(r.tag.as_deref(), tag, "tag of {input:?}");
        assert_eq!(r.digest.as_deref(), digest, "digest of {input:?}");
        assert_eq!(r.normalized(), normalized, "normalized of {input:?}");
        assert_eq!(r.familiar(), familiar, "familiar of {input:?}");
        // Both printed forms parse back to the same reference.
        assert_eq!(
            parse_normalized(&r.normalized()).as_ref(),
            Ok(&r),
            "{input:?}"
        );
        assert_eq!(
            parse_normalized(&r.familiar()).as_ref(),
            Ok(&r),
            "{input:?}"
        );
    }
}

#[test]
#[rustfmt::skip]
fn normalizes_docker_hub_names() {
    check_ok(&[
        ("busybox", "docker.io", "library/busybox", None, None, "docker.io/library/busybox", "busybox"),
        ("busybox:latest", "docker.io", "library/busybox", Some("latest"), None, "docker.io/library/busybox:latest", "busybox:latest"),
        ("library/busybox", "docker.io", "library/busybox", None, None, "docker.io/library/busybox", "busybox"),
        ("docker.io/busybox", "docker.io", "library/busybox", None, None, "docker.io/library/busybox", "busybox"),
        ("docker.io/library/busybox:latest", "docker.io", "library/busybox", Some("latest"), None, "docker.io/library/busybox:latest", "busybox:latest"),
        ("index.docker.io/busybox", "docker.io", "library/busybox", None, None, "docker.io/library/busybox", "busybox"),
        ("index.docker.io/library/debian", "docker.io", "library/debian", None, None, "docker.io/library/debian", "debian"),
        ("index.docker.io/fooo/bar", "docker.io", "fooo/bar", None, None, "docker.io/fooo/bar", "fooo/bar"),
        ("kimai/kimai2:apache", "docker.io", "kimai/kimai2", Some("apache"), None, "docker.io/kimai/kimai2:apache", "kimai/kimai2:apache"),
        ("docker.io/kimai/kimai2", "docker.io", "kimai/kimai2", None, None, "docker.io/kimai/kimai2", "kimai/kimai2"),
        ("docker.io/kimai/kimai2:apache", "docker.io", "kimai/kimai2", Some("apache"), None, "docker.io/kimai/kimai2:apache", "kimai/kimai2:apache"),
        ("library/foo/bar", "docker.io", "library/foo/bar", None, None, "docker.io/library/foo/bar", "library/foo/bar"),
        ("docker.io/library/foo/bar", "docker.io", "library/foo/bar", None, None, "docker.io/library/foo/bar", "library/foo/bar"),
        ("store/foo/bar", "docker.io", "store/foo/bar", None, None, "docker.io/store/foo/bar", "store/foo/bar"),
        ("other/library", "docker.io", "other/library", None, None, "docker.io/other/library", "other/library"),
        ("ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base", None, None, "docker.io/library/ubuntu-12.04-base", "ubuntu-12.04-base"),
        ("test_com/foo", "docker.io", "test_com/foo", None, None, "docker.io/test_com/foo", "test_com/foo"),
        ("docker/migrator", "docker.io", "docker/migrator", None, None, "docker.io/docker/migrator", "docker/migrator"),
        ("lowercase:Uppercase", "docker.io", "library/lowercase", Some("Uppercase"), None, "docker.io/library/lowercase:Uppercase", "lowercase:Uppercase"),
        // No '/': "localhost:5000" and an IPv4 address are a Docker Hub name (and tag).
        ("localhost:5000", "docker.io", "library/localhost", Some("5000"), None, "docker.io/library/localhost:5000", "localhost:5000"),
        ("192.168.0.1", "docker.io", "library/192.168.0.1", None, None, "docker.io/library/192.168.0.1", "192.168.0.1"),
        ("192.168.0.1:80", "docker.io", "library/192.168.0.1", Some("80"), None, "docker.io/library/192.168.0.1:80", "192.168.0.1:80"),
        // 64 characters that are not all hex are a name; 63 hex digits too.
        ("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker.io", "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", None, None, "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"),
        ("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "docker.io", "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", None, None, "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9"),
        ("docker---rules/docker", "docker.io", "docker---rules/docker", None, None, "docker.io/docker---rules/docker", "docker---rules/docker"),
        ("dock__er/docker", "docker.io", "dock__er/docker", None, None, "docker.io/dock__er/docker", "dock__er/docker"),
        ("d/docker", "docker.io", "d/docker", None, None, "docker.io/d/docker", "d/docker"),
        ("jess/t", "docker.io", "jess/t", None, None, "docker.io/jess/t", "jess/t"),
    ]);
}

#[test]
#[rustfmt::skip]
fn keeps_other_registries() {
    check_ok(&[
        ("localhost/foo", "localhost", "foo", None, None, "localhost/foo", "localhost/foo"),
        ("localhost:5000/foo", "localhost:5000", "foo", None, None, "localhost:5000/foo", "localhost:5000/foo"),
        ("ghcr.io/x/y", "ghcr.io", "x/y", None, None, "ghcr.io/x/y", "ghcr.io/x/y"),
        ("ghcr.io/a/b:1", "ghcr.io", "a/b", Some("1"), None, "ghcr.io/a/b:1", "ghcr.io/a/b:1"),
        ("example.com/privatebase", "example.com", "privatebase", None, None, "example.com/privatebase", "example.com/privatebase"),
        ("example.com:8000/private/moonbase", "example.com:8000", "private/moonbase", None, None, "example.com:8000/private/moonbase", "example.com:8000/private/moonbase"),
        ("127.0.0.1:8000/privatebase", "127.0.0.1:8000", "privatebase", None, None, "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase"),
        ("127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian", None, None, "127.0.0.1:5000/library/debian", "127.0.0.1:5000/library/debian"),
        ("test-com:8080/foo", "test-com:8080", "foo", None, None, "test-com:8080/foo", "test-com:8080/foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", None, None, "xn--n3h.com:18080/foo", "xn--n3h.com:18080/foo"),
        ("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", Some("test.example.com"), None, "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io/test.example.com/my-app:test.example.com"),
        ("[::1]:5000/foo", "[::1]:5000", "foo", None, None, "[::1]:5000/foo", "[::1]:5000/foo"),
        ("[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", None, None, "[fc00::1]:5000/docker/docker", "[fc00::1]:5000/docker/docker"),
        ("[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", None, None, "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000/library/debian"),
        ("[2001:db8::1]/repo:tag", "[2001:db8::1]", "repo", Some("tag"), None, "[2001:db8::1]/repo:tag", "[2001:db8::1]/repo:tag"),
        // An upper-case first component is taken as a registry (upstream).
        ("Docker/docker", "Docker", "docker", None, None, "Docker/docker", "Docker/docker"),
        ("FOO/bar", "FOO", "bar", None, None, "FOO/bar", "FOO/bar"),
        ("UPPER/case", "UPPER", "case", None, None, "UPPER/case", "UPPER/case"),
        // A '.' makes a registry candidate; not a valid host but a valid
        // path: upstream keeps a name without a domain.
        ("foo_bar.com/x", "", "foo_bar.com/x", None, None, "foo_bar.com/x", "foo_bar.com/x"),
    ]);
}

#[test]
#[rustfmt::skip]
fn keeps_tags_and_digests() {
    let d = sha(HEX64);
    let busybox_both = format!("busybox:latest@{d}");
    let busybox_both_full = format!("docker.io/library/busybox:latest@{d}");
    let busybox_digest = format!("busybox@{d}");
    let busybox_digest_full = format!("docker.io/library/busybox@{d}");
    let registry = format!("foo.com:8080/bar:tag@{d}");
    let ipv6 = format!("[2001:db8::1]:5000/repo:tag@{d}");
    let sha512 = format!("sha512:{}", "f".repeat(128));
    let punycode = format!("xn--7o8h.com/myimage:xn--7o8h.com@{sha512}");
    let sha384 = format!("sha384:{}", "0".repeat(96));
    let sha384_ref = format!("example.com/x@{sha384}");
    let tag128 = format!("t{}", "x".repeat(127));
    let tag128_ref = format!("foo:{tag128}");
    let tag128_full = format!("docker.io/library/foo:{tag128}");
    let hex_path = format!("docker.io/{}", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a");
    let hex_full = format!("docker.io/library/{}", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a");
    let hex_repo = format!("library/{}", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a");
    check_ok(&[
        (&busybox_both, "docker.io", "library/busybox", Some("latest"), Some(&d), &busybox_both_full, &busybox_both),
        (&busybox_digest, "docker.io", "library/busybox", None, Some(&d), &busybox_digest_full, &busybox_digest),
        (&registry, "foo.com:8080", "bar", Some("tag"), Some(&d), &registry, &registry),
        (&ipv6, "[2001:db8::1]:5000", "repo", Some("tag"), Some(&d), &ipv6, &ipv6),
        (&punycode, "xn--7o8h.com", "myimage", Some("xn--7o8h.com"), Some(&sha512), &punycode, &punycode),
        (&sha384_ref, "example.com", "x", None, Some(&sha384), &sha384_ref, &sha384_ref),
        (&tag128_ref, "docker.io", "library/foo", Some(&tag128), None, &tag128_full, &tag128_ref),
    ]);
    // The familiar form of a 64-hex repository is an image ID, so it does
    // not parse back (upstream too): check it apart.
    let r = parse_normalized(&hex_path).unwrap();
    assert_eq!(r.repository, hex_repo);
    assert_eq!(r.normalized(), hex_full);
    assert_eq!(parse_normalized(&r.familiar()), Err(ReferenceError::InvalidFormat));
}

#[test]
fn repository_length_limit() {
    // The limit counts the path (with "library/"), not the registry.
    let max = format!("example.com/{}", "a".repeat(255));
    assert!(parse_normalized(&max).is_ok());
    let over = format!("example.com/{}", "a".repeat(256));
    assert_eq!(parse_normalized(&over), Err(ReferenceError::NameTooLong));
    let deep = format!("{}a:tag-puts-this-over-max", "a/".repeat(127));
    let r = parse_normalized(&deep).unwrap();
    assert_eq!(r.registry, "docker.io");
    assert_eq!(r.repository.len(), 255);
    let official = "a".repeat(248); // "library/" + 248 = 256
    assert_eq!(
        parse_normalized(&official),
        Err(ReferenceError::NameTooLong)
    );
    assert!(parse_normalized(&"a".repeat(247)).is_ok());
    let namespace = format!(
        "{}/docker",
        ["this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255"; 4].join("_")
    );
    assert_eq!(
        parse_normalized(&namespace),
        Err(ReferenceError::NameTooLong)
    );
}

#[test]
#[rustfmt::skip]
fn rejects_with_reason() {
    use ReferenceError::*;
    let d = sha(HEX64);
    let long_tag = format!("foo:{}", "a".repeat(129));
    let short_digest = format!("repo@sha256:{}", "f".repeat(34));
    let unsupported = format!("validname@invaliddigest:{}", "f".repeat(64));
    let upper_hex = format!("foo@sha256:{}", "F".repeat(64));
    let md5 = format!("foo@md5:{}", "0".repeat(32));
    let no_name = format!("@{d}");
    let two_digests = format!("foo@{d}@{d}");
    let cases: Vec<(&str, ReferenceError)> = vec![
        ("", Empty),
        (HEX64, InvalidFormat),
        ("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", InvalidFormat),
        ("docker/Docker", UppercaseRepository),
        ("docker.io/docker/Docker", UppercaseRepository),
        ("Uppercase", UppercaseRepository),
        ("Uppercase:tag", UppercaseRepository),
        ("ghcr.io/Foo/bar", UppercaseRepository),
        ("test:5000/Uppercase/lowercase:tag", UppercaseRepository),
        ("Foo.bar_baz/x", NameContainsUppercase),
        ("a:b:c", InvalidFormat),
        ("foo/", InvalidFormat),
        ("docker/", InvalidFormat),
        ("docker//foo", InvalidFormat),
        ("docker///docker", InvalidFormat),
        ("docker.io/docker///docker", InvalidFormat),
        ("/foo", InvalidFormat),
        (":justtag", InvalidFormat),
        (&no_name, InvalidFormat),
        ("https://github.com/docker/docker", InvalidFormat),
        ("-docker", InvalidFormat),
        ("-docker/docker", InvalidFormat),
        ("-docker.io/docker/docker", InvalidFormat),
        ("docker-/docker", InvalidFormat),
        ("-docker-/docker", InvalidFormat),
        ("____/____", InvalidFormat),
        ("_docker/_docker", InvalidFormat),
        ("dock..er/docker", InvalidFormat),
        ("dock_.er/docker", InvalidFormat),
        ("dock-.er/docker", InvalidFormat),
        ("dock___er/docker", InvalidFormat),
        ("aa/asdf$$^/aa", InvalidFormat),
        ("foo bar", InvalidFormat),
        ("[fc00::1]", InvalidFormat),
        ("[fc00::1]:5000", InvalidFormat),
        ("fc00::1:5000/debian", InvalidFormat),
        ("[fe80::1%eth0]:5000/debian", InvalidFormat),
        ("[fe80::1%@invalidzone]:5000/repo", InvalidFormat),
        ("[2001:db8:3:4::192.0.2.33]:5000/debian", InvalidFormat),
        ("[]:5000/foo", InvalidFormat),
        ("localhost:/foo", InvalidFormat),
        ("example.com:80a/foo", InvalidFormat),
        (&long_tag, InvalidTag),
        ("foo:", InvalidTag),
        ("foo:-bad", InvalidTag),
        ("foo:.bad", InvalidTag),
        ("ghcr.io/a/b:t+t", InvalidTag),
        ("foo@sha256:abc", InvalidDigest),
        ("foo@", InvalidDigest),
        (&short_digest, InvalidDigest),
        (&unsupported, InvalidDigest),
        (&upper_hex, InvalidDigest),
        (&md5, InvalidDigest),
        (&two_digests, InvalidDigest),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_normalized(input), Err(expected), "{input:?}");
    }
}

/// Upstream `TestReferenceParse`, against the un-normalised `parse`:
/// (input, Ok((domain, path, tag, digest)) or Err).
#[test]
#[rustfmt::skip]
fn upstream_parse_table() {
    use ReferenceError::*;
    let f64 = "f".repeat(64);
    let d = sha(&f64);
    let sha512 = format!("sha512:{}", "f".repeat(128));
    type Want<'a> = Result<(&'a str, &'a str, Option<&'a str>, Option<&'a str>), ReferenceError>;
    let i1 = format!("test:5000/repo@{d}");
    let i2 = format!("test:5000/repo:tag@{d}");
    let i3 = format!("@{d}");
    let i4 = format!("repo@sha256:{}", "f".repeat(34));
    let i5 = format!("validname@invaliddigest:{f64}");
    let i6 = format!("domain/{}:tag", "a".repeat(256));
    let i7 = format!("{}a:tag-puts-this-over-max", "a/".repeat(127));
    let p7 = format!("{}a", "a/".repeat(126));
    let i8 = format!("xn--7o8h.com/myimage:xn--7o8h.com@{sha512}");
    let i9 = format!("[2001:db8::1]:5000/repo@{d}");
    let i10 = format!("[2001:db8::1]:5000/repo:tag@{d}");
    let i11 = format!("example.com/{}:tag", "a".repeat(255));
    let p11 = "a".repeat(255);
    let cases: Vec<(&str, Want<'_>)> = vec![
        ("test_com", Ok(("", "test_com", None, None))),
        ("test.com:tag", Ok(("", "test.com", Some("tag"), None))),
        ("test.com:5000", Ok(("", "test.com", Some("5000"), None))),
        ("test.com/repo:tag", Ok(("test.com", "repo", Some("tag"), None))),
        ("test:5000/repo", Ok(("test:5000", "repo", None, None))),
        ("test:5000/repo:tag", Ok(("test:5000", "repo", Some("tag"), None))),
        (&i1, Ok(("test:5000", "repo", None, Some(&d)))),
        (&i2, Ok(("test:5000", "repo", Some("tag"), Some(&d)))),
        ("", Err(Empty)),
        (":justtag", Err(InvalidFormat)),
        (&i3, Err(InvalidFormat)),
        (&i4, Err(InvalidDigest)),
        (&i5, Err(InvalidDigest)),
        ("Uppercase:tag", Err(NameContainsUppercase)),
        ("Uppercase/lowercase:tag", Ok(("Uppercase", "lowercase", Some("tag"), None))),
        ("test:5000/Uppercase/lowercase:tag", Err(NameContainsUppercase)),
        ("lowercase:Uppercase", Ok(("", "lowercase", Some("Uppercase"), None))),
        (&i6, Err(NameTooLong)),
        (&i7, Ok(("a", &p7, Some("tag-puts-this-over-max"), None))),
        ("aa/asdf$$^/aa", Err(InvalidFormat)),
        ("sub-dom1.foo.com/bar/baz/quux", Ok(("sub-dom1.foo.com", "bar/baz/quux", None, None))),
        ("sub-dom1.foo.com/bar/baz/quux:some-long-tag", Ok(("sub-dom1.foo.com", "bar/baz/quux", Some("some-long-tag"), None))),
        ("b.gcr.io/test.example.com/my-app:test.example.com", Ok(("b.gcr.io", "test.example.com/my-app", Some("test.example.com"), None))),
        ("xn--n3h.com/myimage:xn--n3h.com", Ok(("xn--n3h.com", "myimage", Some("xn--n3h.com"), None))),
        (&i8, Ok(("xn--7o8h.com", "myimage", Some("xn--7o8h.com"), Some(&sha512)))),
        ("foo_bar.com:8080", Ok(("", "foo_bar.com", Some("8080"), None))),
        ("foo/foo_bar.com:8080", Ok(("foo", "foo_bar.com", Some("8080"), None))),
        ("192.168.1.1", Ok(("", "192.168.1.1", None, None))),
        ("192.168.1.1:tag", Ok(("", "192.168.1.1", Some("tag"), None))),
        ("192.168.1.1:5000", Ok(("", "192.168.1.1", Some("5000"), None))),
        ("192.168.1.1/repo", Ok(("192.168.1.1", "repo", None, None))),
        ("192.168.1.1:5000/repo", Ok(("192.168.1.1:5000", "repo", None, None))),
        ("192.168.1.1:5000/repo:5050", Ok(("192.168.1.1:5000", "repo", Some("5050"), None))),
        ("[2001:db8::1]", Err(InvalidFormat)),
        ("[2001:db8::1]:5000", Err(InvalidFormat)),
        ("[2001:db8::1]:tag", Err(InvalidFormat)),
        ("[2001:db8::1]/repo", Ok(("[2001:db8::1]", "repo", None, None))),
        ("[2001:db8:1:2:3:4:5:6]/repo:tag", Ok(("[2001:db8:1:2:3:4:5:6]", "repo", Some("tag"), None))),
        ("[2001:db8::1]:5000/repo", Ok(("[2001:db8::1]:5000", "repo", None, None))),
        ("[2001:db8::1]:5000/repo:tag", Ok(("[2001:db8::1]:5000", "repo", Some("tag"), None))),
        (&i9, Ok(("[2001:db8::1]:5000", "repo", None, Some(&d)))),
        (&i10, Ok(("[2001:db8::1]:5000", "repo", Some("tag"), Some(&d)))),
        ("[2001:db8::]:5000/repo", Ok(("[2001:db8::]:5000", "repo", None, None))),
        ("[::1]:5000/repo", Ok(("[::1]:5000", "repo", None, None))),
        ("[fe80::1%eth0]:5000/repo", Err(InvalidFormat)),
        ("[fe80::1%@invalidzone]:5000/repo", Err(InvalidFormat)),
        (&i11, Ok(("example.com", &p11, Some("tag"), None))),
    ];
    for (input, want) in cases {
        let got = parse(input).map(|r| {
            (r.registry, r.repository, r.tag, r.digest)
        });
        let want = want.map(|(d, p, t, g)| {
            (d.to_string(), p.to_string(), t.map(str::to_string), g.map(str::to_string))
        });
        assert_eq!(got, want, "{input:?}");
    }
}

#[test]
fn upstream_valid_names() {
    for name in [
        "docker/docker",
        "library/debian",
        "debian",
        "docker.io/docker/docker",
        "docker.io/library/debian",
        "docker.io/debian",
        "index.docker.io/docker/docker",
        "index.docker.io/library/debian",
        "index.docker.io/debian",
        "127.0.0.1:5000/docker/docker",
        "127.0.0.1:5000/library/debian",
        "127.0.0.1:5000/debian",
        "192.168.0.1",
        "192.168.0.1:80",
        "192.168.0.1:8/debian",
        "192.168.0.2:25000/debian",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        "[fc00::1]:5000/docker",
        "[fc00::1]:5000/docker/docker",
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        "Docker/docker",
        "DOCKER/docker",
        "docker-rules/docker",
        "doc/docker",
        "xn--n3h.com/foo",
        "test.com:8080/foo",
    ] {
        assert!(parse_normalized(name).is_ok(), "{name:?}");
    }
}

#[test]
#[rustfmt::skip]
fn split_hostname_table() {
    for (input, domain, path) in [
        ("test.com/foo", "test.com", "foo"),
        ("test_com/foo", "docker.io", "test_com/foo"),
        ("docker/migrator", "docker.io", "docker/migrator"),
        ("test.com:8080/foo", "test.com:8080", "foo"),
        ("test-com:8080/foo", "test-com:8080", "foo"),
        ("foo", "docker.io", "library/foo"),
        ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
        ("docker.io/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
    ] {
        let r = parse_normalized(input).unwrap();
        assert_eq!((r.registry.as_str(), r.repository.as_str()), (domain, path), "{input:?}");
    }
}

#[test]
fn tags() {
    let max = format!("A{}", "b".repeat(127));
    let over = format!("A{}", "b".repeat(128));
    for (tag, valid) in [
        ("latest", true),
        ("1.0.0-rc.1", true),
        ("_private", true),
        ("UPPER", true),
        ("a", true),
        (max.as_str(), true),
        (over.as_str(), false),
        ("", false),
        ("-x", false),
        (".x", false),
        ("a:b", false),
        ("a/b", false),
        ("a+b", false),
        ("é", false),
    ] {
        assert_eq!(is_valid_tag(tag), valid, "{tag:?}");
    }
}

#[test]
fn errors_display_in_words() {
    use ReferenceError::*;
    for e in [
        Empty,
        InvalidFormat,
        UppercaseRepository,
        NameTooLong,
        InvalidTag,
        InvalidDigest,
        NameContainsUppercase,
    ] {
        assert!(!e.to_string().is_empty());
    }
    assert_eq!(
        NameContainsUppercase.to_string(),
        "repository names must be lower case"
    );
}

#[test]
fn display_is_normalized() {
    let r = parse_normalized("kimai/kimai2:apache").unwrap();
    assert_eq!(r.to_string(), "docker.io/kimai/kimai2:apache");
    assert_eq!(r.name(), "docker.io/kimai/kimai2");
    assert_eq!(r.familiar_name(), "kimai/kimai2");
}
