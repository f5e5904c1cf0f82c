"""Helpers of scripts/make-package-fixtures: the oracle TSV, the OCI layout tars, the sqlite sample.

  package_fixtures.py dpkg ROOT ROOT2 BEFORE.tsv AFTER.tsv ORACLE.tsv OUT.tar
  package_fixtures.py rpm ROOT OUT.tar
  package_fixtures.py rpmsizes ROOT WORKDIR QA.tsv  (prints QA.tsv with a size column)
  package_fixtures.py sqlite OUT.sqlite
"""

import gzip
import hashlib
import io
import json
import os
import sqlite3
import stat
import sys
import tarfile

EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))


def resolve(root, path):
    """The host path of `path` inside `root`, chroot-style: the parents' symlinks are followed
    within root (an absolute target starts again at root), the last component is not."""
    done = []
    todo = [c for c in path.split("/") if c not in ("", ".")]
    hops = 0
    while todo:
        c = todo.pop(0)
        if c == "..":
            if done:
                done.pop()
            continue
        done.append(c)
        if not todo:
            break
        host = os.path.join(root, *done)
        if os.path.islink(host):
            hops += 1
            if hops > 40:
                return None
            target = os.readlink(host)
            done.pop()
            if target.startswith("/"):
                done = []
            todo = [t for t in target.split("/") if t not in ("", ".")] + todo
    return os.path.join(root, *done)


def regular_size(root, path):
    host = resolve(root, path)
    if host is None:
        return None
    try:
        st = os.lstat(host)
    except OSError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def list_file(root, name, arch):
    info = os.path.join(root, "var/lib/dpkg/info")
    for n in (f"{name}:{arch}.list", f"{name}.list"):
        p = os.path.join(info, n)
        if os.path.exists(p):
            return p
    return None


def package_size(list_path, root):
    seen = set()
    total = 0
    with open(list_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            p = line.rstrip("\n")
            if not p or p in seen:
                continue
            seen.add(p)
            s = regular_size(root, p)
            if s is not None:
                total += s
    return total


def read_tsv(p):
    with open(p) as f:
        return [tuple(line.rstrip("\n").split("\t")) for line in f if line.strip()]


class Zeros(io.RawIOBase):
    def __init__(self, n):
        self.left = n

    def readable(self):
        return True

    def readinto(self, b):
        n = min(len(b), self.left)
        b[:n] = bytes(n)
        self.left -= n
        return n


def keep_real(rel):
    return rel == "var/lib/dpkg/status" or (
        rel.startswith("var/lib/dpkg/info/") and rel.endswith(".list")
    )


def add_entry(tar, root, rel, real, links):
    host = os.path.join(root, rel)
    st = os.lstat(host)
    ti = tarfile.TarInfo(rel + ("/" if stat.S_ISDIR(st.st_mode) else ""))
    ti.mode = stat.S_IMODE(st.st_mode)
    ti.mtime = EPOCH
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    if stat.S_ISDIR(st.st_mode):
        ti.type = tarfile.DIRTYPE
        tar.addfile(ti)
    elif stat.S_ISLNK(st.st_mode):
        ti.type = tarfile.SYMTYPE
        ti.linkname = os.readlink(host)
        tar.addfile(ti)
    elif stat.S_ISREG(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if st.st_nlink > 1 and key in links:
            ti.type = tarfile.LNKTYPE
            ti.linkname = links[key]
            tar.addfile(ti)
            return
        links[key] = rel
        ti.size = st.st_size
        if real(rel):
            with open(host, "rb") as f:
                tar.addfile(ti, f)
        else:
            tar.addfile(ti, io.BufferedReader(Zeros(st.st_size)))
    # devices, fifos and sockets are left out: a layer needs none of them here


def walk(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        rel_d = os.path.relpath(d, root)
        for name in sorted(dirs + files):
            rel = name if rel_d == "." else f"{rel_d}/{name}"
            if rel.split("/")[0] in ("proc", "sys", "dev"):
                if "/" in rel:
                    continue
            out.append(rel)
    return out


def layer_tar(build):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        build(tar)
    return buf.getvalue()


def whiteout(tar, rel):
    d, name = os.path.split(rel)
    ti = tarfile.TarInfo(os.path.join(d, ".wh." + name))
    ti.mtime = EPOCH
    tar.addfile(ti)


def oci_tar(layers, out, ref, history):
    blobs = {}

    def blob(b):
        d = hashlib.sha256(b).hexdigest()
        blobs[d] = b
        return "sha256:" + d

    descs, diff_ids = [], []
    for raw in layers:
        z = gzip.compress(raw, compresslevel=9, mtime=0)
        diff_ids.append("sha256:" + hashlib.sha256(raw).hexdigest())
        descs.append(
            {
                "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                "digest": blob(z),
                "size": len(z),
            }
        )
    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "config": {},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": [{"created_by": h} for h in history],
        },
        separators=(",", ":"),
    ).encode()
    cd = blob(config)
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": cd,
                "size": len(config),
            },
            "layers": descs,
        },
        separators=(",", ":"),
    ).encode()
    md = blob(manifest)
    index = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [
                {
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": md,
                    "size": len(manifest),
                    "annotations": {"org.opencontainers.image.ref.name": ref},
                }
            ],
        },
        separators=(",", ":"),
    ).encode()
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:

        def put(name, data=None):
            ti = tarfile.TarInfo(name)
            ti.mtime = EPOCH
            if data is None:
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                tar.addfile(ti)
            else:
                ti.size = len(data)
                ti.mode = 0o644
                tar.addfile(ti, io.BytesIO(data))

        put("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        put("index.json", index)
        put("blobs/")
        put("blobs/sha256/")
        for d in sorted(blobs):
            put("blobs/sha256/" + d, blobs[d])


def dpkg(root, root2, before_tsv, after_tsv, oracle, out):
    before = read_tsv(before_tsv)
    after = {(n, a): v for n, v, a in read_tsv(after_tsv)}
    rows = []
    for name, version, arch in before:
        removed = "-" if (name, arch) in after else "1"
        src = root2 if removed == "-" else root
        lp = list_file(src, name, arch)
        size = "-" if lp is None else str(package_size(lp, root2))
        rows.append((name, after.get((name, arch), version), arch, "0", removed, size))
    assert all(k in {(r[0], r[2]) for r in rows} for k in after), "purge added packages"
    with open(oracle, "w") as f:
        for r in sorted(rows):
            f.write("\t".join(r) + "\n")

    def base(tar):
        links = {}
        for rel in walk(root):
            add_entry(tar, root, rel, keep_real, links)

    def purge(tar):
        old, new = set(walk(root)), set(walk(root2))
        gone = sorted(p for p in old - new if os.path.dirname(p) not in old - new)
        for rel in gone:
            whiteout(tar, rel)
        links = {}
        for rel in sorted(new):
            h2 = os.path.join(root2, rel)
            h1 = os.path.join(root, rel)
            st2 = os.lstat(h2)
            if rel in old:
                st1 = os.lstat(h1)
                same_type = stat.S_IFMT(st1.st_mode) == stat.S_IFMT(st2.st_mode)
                if stat.S_ISDIR(st2.st_mode) and same_type:
                    continue
                if stat.S_ISREG(st2.st_mode) and same_type and st1.st_size == st2.st_size:
                    with open(h1, "rb") as a, open(h2, "rb") as b:
                        if a.read() == b.read():
                            continue
                if stat.S_ISLNK(st2.st_mode) and same_type and os.readlink(h1) == os.readlink(h2):
                    continue
            add_entry(tar, root2, rel, keep_real, links)

    layers = [layer_tar(base), layer_tar(purge)]
    oci_tar(
        layers,
        out,
        "ocilens/packages:debian",
        ["debootstrap --variant=minbase bookworm", "dpkg --purge (one package)"],
    )


def rpm(root, out):
    def build(tar):
        links = {}
        for rel in walk(root):
            add_entry(tar, root, rel, lambda _: True, links)

    oci_tar([layer_tar(build)], out, "ocilens/packages:rpm", ["rpm -i"])


def rpmsizes(root, work, qa):
    for row in read_tsv(qa):
        with open(os.path.join(work, row[0] + ".files")) as f:
            paths = sorted({line.rstrip("\n") for line in f if line.strip()})
        size = sum(s for s in (regular_size(root, p) for p in paths) if s is not None)
        print("\t".join(row + (str(size),)))


def sample(out):
    if os.path.exists(out):
        os.remove(out)
    db = sqlite3.connect(out)
    db.execute("PRAGMA page_size=1024")
    db.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)")
    db.execute("CREATE TABLE Other (a TEXT, b INTEGER)")
    for i in range(1, 201):
        n = 3000 + i if i % 25 == 0 else 40 + (i * 13) % 200
        db.execute(
            "INSERT INTO Packages (hnum, blob) VALUES (?, ?)",
            (i, bytes((i * 7 + j) % 251 for j in range(n))),
        )
        db.execute("INSERT INTO Other VALUES (?, ?)", (f"row {i}", -i * 1000003))
    db.execute("DELETE FROM Packages WHERE hnum % 10 = 0")
    db.commit()
    db.close()


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"dpkg": dpkg, "rpm": rpm, "rpmsizes": rpmsizes, "sqlite": sample}[cmd](*args)
