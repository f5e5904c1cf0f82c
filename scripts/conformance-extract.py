#!/usr/bin/env python3
"""Extracts the JSON test documents of image-spec's schema tests
(`schema/*_test.go` in opencontainers/image-spec) into tests/conformance/.

Usage: scripts/conformance-extract.py GIT_DIR [COMMIT]

Reads the Go test files with `git show COMMIT:schema/<file>` (COMMIT defaults
to HEAD), and for every table entry writes the document exactly as the raw
string holds it to tests/conformance/<schema>-<n>.json (n: the entry's index
in its Go table, as upstream's "test %d" messages count) and one line to
tests/conformance/cases.tsv: name, schema, expected validity (the entry's
`fail`, false when absent, as Go's zero value), the upstream file and index,
the upstream digest (backwards-compatibility entries only) and the comment
above the entry. Only the documents are copied; no Go code.
"""
import os
import re
import subprocess
import sys

FILES = [
    ("manifest_test.go", {"manifest": "manifest"}),
    ("config_test.go", {"config": "config"}),
    ("imageindex_test.go", {"imageIndex": "index"}),
    ("descriptor_test.go", {"descriptor": "descriptor"}),
    ("imagelayout_test.go", {"imageLayout": "layout"}),
    (
        "backwards_compatibility_test.go",
        {"imageIndex": "compat-index", "manifest": "compat-manifest", "config": "compat-config"},
    ),
]

FIELD = re.compile(r"\b(manifest|config|imageIndex|descriptor|imageLayout):\s*`([^`]*)`")


def main():
    git_dir = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
    commit = subprocess.check_output(["git", "--git-dir", git_dir, "rev-parse", commit], text=True).strip()
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "conformance")
    rows = []
    for file, schemas in FILES:
        src = subprocess.check_output(
            ["git", "--git-dir", git_dir, "show", f"{commit}:schema/{file}"], text=True
        )
        matches = list(FIELD.finditer(src))
        counters = {}
        prev_end = 0
        for k, m in enumerate(matches):
            field, doc = m.group(1), m.group(2)
            schema = schemas[field]
            # a new test function restarts the numbering of its table
            n = counters.get(schema, 0)
            counters[schema] = n + 1
            nxt = matches[k + 1].start() if k + 1 < len(matches) else len(src)
            tail = src[m.end():nxt]
            before = src[prev_end:m.start()]
            fail = re.search(r"\bfail:\s*(true|false)", tail)
            # the entry's own `fail` comes before the closing `},` of its entry
            entry_tail = tail.split("\n\t\t},", 1)[0]
            fail = re.search(r"\bfail:\s*(true|false)", entry_tail)
            if fail is None:
                fail = re.search(r"\bfail:\s*(true|false)", before)
            invalid = fail is not None and fail.group(1) == "true"
            digest = re.search(r'\bdigest:\s*"(sha256:[0-9a-f]{64})"', before + entry_tail)
            # the comment block right above the entry's `{`
            comments = []
            for line in reversed(before.split("\n")):
                t = line.strip()
                if t in ("", "{"):
                    if comments:
                        break
                    continue
                if not t.startswith("//"):
                    break
                comments.insert(0, t.lstrip("/").strip())
            comments = [c for c in comments if c]
            reason = comments[0] if comments else ("backwards compatibility" if schema.startswith("compat") else "")
            name = f"{schema}-{n}"
            with open(os.path.join(out_dir, f"{name}.json"), "w", newline="") as f:
                f.write(doc)
            rows.append(
                (
                    name,
                    schema,
                    "invalid" if invalid else "valid",
                    f"schema/{file}#{n}",
                    digest.group(1) if (digest and schema.startswith("compat")) else "",
                    reason.replace("\t", " "),
                )
            )
            prev_end = m.end() + len(entry_tail)
    with open(os.path.join(out_dir, "cases.tsv"), "w") as f:
        f.write(f"# image-spec {commit} schema/*_test.go: name\tschema\texpect\tupstream\tdigest\treason\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{len(rows)} documents, {sum(r[2] == 'invalid' for r in rows)} invalid")


if __name__ == "__main__":
    main()
