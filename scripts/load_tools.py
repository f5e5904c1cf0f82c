"""The tool runs of scripts/record-load-results: processes with timeouts, the private
dockerd and containerd, and one function per tool that runs it on an input and returns the
recorded row (see that script for what each does)."""

import json
import os
import re
import signal
import subprocess
import sys
import time

MAX_MESSAGE = 700
PROGRESS = re.compile(r"^(Getting image source signatures|Copying (blob|config) |Writing manifest"
                      r"|Storing signatures|Writing manifest to image destination)")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# per-run temporary names, so that a second run writes the same file
RANDOM = [(re.compile(r"(docker-import|oci|storage|container_images_[a-z_]+|docker-tar)-?[0-9]{6,}"),
           r"\1-N"),
          (re.compile(r'time="[0-9T:.Z+-]+" '), ""),
          (re.compile(r"containerd-mount[0-9]+"), "containerd-mount-N"),
          (re.compile(r"snapshots/[0-9]+/"), "snapshots/N/"),
          (re.compile(r"extract-[0-9]+-[A-Za-z0-9_-]{4}\b"), "extract-N"),
          (re.compile(r"\bimport-[0-9]{4}-[0-9]{2}-[0-9]{2}\b"), "import-YYYY-MM-DD")]



def rmtree(path):
    """Removes a tree however deep (shutil.rmtree recurses once per level: a layer of 2 000
    nested directories, unpacked by podman or umoci, overflows Python's stack)."""
    subprocess.run(["rm", "-rf", "--one-file-system", "--", path], stderr=subprocess.DEVNULL)


def log(msg):
    print(f"==> {msg}", file=sys.stderr, flush=True)


def die(msg):
    print(f"record-load-results: error: {msg}", file=sys.stderr)
    sys.exit(1)


# ------------------------------------------------------------------------------ processes
class Ran:
    def __init__(self, code, out, seconds, timed_out):
        self.code, self.out, self.seconds, self.timed_out = code, out, seconds, timed_out


def run(argv, timeout, env=None, cwd=None):
    """Runs argv in its own process group (niced); kills the group after it or on timeout."""
    start = time.monotonic()
    p = subprocess.Popen(["nice", "-n", "10"] + argv, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                         start_new_session=True)
    timed_out = False
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    code = 124 if timed_out else p.returncode
    return Ran(code, out.decode("utf-8", "replace"), time.monotonic() - start, timed_out)


def tidy(text, subs):
    """The message as recorded: paths replaced, progress and blank lines dropped, trimmed."""
    text = ANSI.sub("", text).replace("\r", "\n")
    for old, new in subs:
        text = text.replace(old, new)
    for pat, new in RANDOM:
        text = pat.sub(new, text)
    lines = [l.strip() for l in text.splitlines()]
    lines = [l for l in lines if l and not PROGRESS.match(l)]
    msg = " | ".join(lines)
    if len(msg) > MAX_MESSAGE:
        msg = msg[: MAX_MESSAGE - 1] + "…"
    return msg


# ------------------------------------------------------------------------------ services
class Services:
    def __init__(self, work):
        self.work = work
        self.procs = []
        self.docker_env = None
        self.ctr_sock = None
        self.docker_driver = None

    def start_dockerd(self):
        d = os.path.join(self.work, "docker")
        for driver in ("overlay2", "vfs"):
            rmtree(d)
            os.makedirs(os.path.join(d, "data"))
            os.makedirs(os.path.join(d, "exec"))
            sock = os.path.join(d, "docker.sock")
            logf = open(os.path.join(d, "dockerd.log"), "wb")
            p = subprocess.Popen(
                ["/usr/sbin/dockerd", "--data-root", f"{d}/data", "--exec-root", f"{d}/exec",
                 "--pidfile", f"{d}/docker.pid", "-H", f"unix://{sock}", "--bridge=none",
                 "--iptables=false", "--ip6tables=false", "--storage-driver", driver],
                stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
            env = dict(os.environ, DOCKER_HOST=f"unix://{sock}",
                       DOCKER_CONFIG=os.path.join(d, "cli-config"))
            for _ in range(120):
                if run(["/usr/bin/docker", "version"], 10, env=env).code == 0:
                    break
                if p.poll() is not None:
                    break
                time.sleep(0.5)
            up = p.poll() is None and run(["/usr/bin/docker", "info", "--format", "{{.Driver}}"],
                                          20, env=env).out.strip() == driver
            if up:
                self.procs.append(p)
                self.docker_env, self.docker_driver = env, driver
                return
            self.stop(p)
            log(f"dockerd did not come up on {driver}; trying the next driver")
        die(f"dockerd did not start; see {d}/dockerd.log")

    def start_containerd(self):
        d = os.path.join(self.work, "containerd")
        os.makedirs(d, exist_ok=True)
        self.ctr_sock = os.path.join(d, "containerd.sock")
        with open(os.path.join(d, "config.toml"), "w") as f:
            f.write(f'version = 2\nroot = "{d}/root"\nstate = "{d}/state"\n'
                    f'disabled_plugins = ["io.containerd.grpc.v1.cri"]\n'
                    f'[grpc]\n  address = "{self.ctr_sock}"\n'
                    f'[ttrpc]\n  address = "{self.ctr_sock}.ttrpc"\n')
        logf = open(os.path.join(d, "containerd.log"), "wb")
        p = subprocess.Popen(["containerd", "--config", f"{d}/config.toml"], stdout=logf,
                             stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(60):
            if run(["ctr", "-a", self.ctr_sock, "version"], 10).code == 0:
                self.procs.append(p)
                return
            if p.poll() is not None:
                break
            time.sleep(0.5)
        self.stop(p)
        die(f"containerd did not start; see {d}/containerd.log")

    @staticmethod
    def stop(p):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def stop_all(self):
        for p in reversed(self.procs):
            self.stop(p)
        self.procs = []


# ------------------------------------------------------------------------------ the tools
def versions(svc):
    def first(argv, env=None):
        return run(argv, 30, env=env).out.strip()
    return {
        "docker": first(["/usr/bin/docker", "version", "--format", "{{.Server.Version}}"],
                        svc.docker_env) if svc.docker_env else None,
        "docker_storage_driver": svc.docker_driver,
        "docker_containerd": first(["containerd", "--version"]).split(" ")[2]
        if svc.docker_env else None,
        "containerd": first(["ctr", "-a", svc.ctr_sock, "version"]).split("Server:")[-1]
        .split("Version:")[-1].split()[0] if svc.ctr_sock else None,
        "podman": first(["podman", "--version"]).split()[-1],
        "skopeo": first(["skopeo", "--version"]).split()[-1],
        "umoci": first(["umoci", "--version"]).split()[-1],
        "debian": open("/etc/debian_version").read().strip(),
    }


def record(tool, action, command, r, subs, **extra):
    msg = tidy(r.out, subs)
    if r.code == 0 and len(msg) > 200:  # success chatter ("unpacking … done"): the start is enough
        msg = msg[:199] + "…"
    row = {"tool": tool, "action": action, "command": command, "exit": r.code, "message": msg}
    if r.timed_out:
        row["timed_out"] = True
    row.update(extra)
    return row


def image_rows(text):
    """`REPO:TAG ID` lines -> (names without <none>, distinct image IDs)."""
    names, ids = set(), set()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 2:
            continue
        ref, iid = parts
        ids.add(iid)
        if "<none>" not in ref:
            names.add(ref)
    return sorted(names), len(ids)


def run_docker(svc, path, subs, timeout):
    env = svc.docker_env
    r = run(["/usr/bin/docker", "load", "-i", path], timeout, env=env)
    ls = run(["/usr/bin/docker", "images", "-a", "--no-trunc", "--format",
              "{{.Repository}}:{{.Tag}} {{.ID}}"], 60, env=env)
    names, count = image_rows(ls.out)
    ids = sorted({l.split()[-1] for l in ls.out.splitlines() if l.strip()})
    if ids:
        run(["/usr/bin/docker", "rmi", "-f"] + ids, 120, env=env)
    left = run(["/usr/bin/docker", "images", "-a", "-q"], 60, env=env).out.strip()
    if left:  # something survived: start over with an empty store
        log("docker images left after rmi; restarting dockerd with a fresh data-root")
        for p in list(svc.procs):
            if "dockerd" in " ".join(p.args):
                svc.stop(p)
                svc.procs.remove(p)
        svc.start_dockerd()
    return record("docker", "load", "docker load -i F", r, subs, images=count, names=names)


def run_ctr(svc, path, subs, timeout, all_platforms, ns):
    base = ["ctr", "-a", svc.ctr_sock, "-n", ns]
    flags = ["--all-platforms"] if all_platforms else []
    r = run(base + ["images", "import"] + flags + [path], timeout)
    names = sorted(l.strip() for l in run(base + ["images", "ls", "-q"], 60).out.splitlines()
                   if l.strip())
    shown = sorted({tidy(n, []) for n in names})
    # "complete (3/3)" or "incomplete (2/5)": whether the host platform's blobs are all there
    check = run(base + ["images", "check"], 60).out.splitlines()[1:]
    status = sorted({tidy(" ".join(l.split()[3:5]), []) for l in check if len(l.split()) >= 5})
    if names:  # a synchronous GC first (tag, then rm --sync), so only referenced blobs count
        run(base + ["images", "tag", names[0], "ocilens.invalid/gc:now"], 60)
        run(base + ["images", "rm", "--sync", "ocilens.invalid/gc:now"], 60)
    blobs = run(base + ["content", "ls", "-q"], 60).out.split() if names else []
    for n in names:
        run(base + ["images", "rm", "--sync", n], 60)
    for c in run(base + ["content", "ls", "-q"], 60).out.split():
        run(base + ["content", "rm", c], 60)
    snaps = run(base + ["snapshots", "ls"], 60).out.splitlines()[1:]
    for s in reversed(snaps):
        if s.split():
            run(base + ["snapshots", "rm", s.split()[0]], 60)
    run(["ctr", "-a", svc.ctr_sock, "namespaces", "rm", ns], 60)
    cmd = "ctr images import" + (" --all-platforms" if all_platforms else "") + " F"
    return record("containerd", "import", cmd, r, subs, all_platforms=all_platforms,
                  images=len(names), names=shown, status=status,
                  blobs=len(blobs))


def run_ctr_thrice(svc, path, subs, timeout, all_platforms, seq):
    """ctr races with itself on some inputs (two images under one name: the unpack of the
    first against the GC of its content), so every import runs three times; a run that ends
    both ways is recorded as its failure, with `outcomes` (exit status -> count)."""
    kind = "all" if all_platforms else "default"
    rows = [run_ctr(svc, path, subs, timeout, all_platforms, f"ocilens-{seq}-{kind}-{n}")
            for n in range(3)]
    exits = [r["exit"] for r in rows]
    if len(set(exits)) == 1:
        return rows[0]
    row = next(r for r in rows if r["exit"] != 0)
    row["outcomes"] = {str(e): exits.count(e) for e in sorted(set(exits))}
    return row


def podman_env(work, store):
    conf = os.path.join(store, "containers.conf")
    with open(conf, "w") as f:
        f.write(f'[network]\nnetwork_config_dir = "{store}/net"\n[engine]\n'
                f'cgroup_manager = "cgroupfs"\nevents_logger = "file"\n'
                f'events_logfile_path = "{store}/events.log"\n'
                f'image_copy_tmp_dir = "{work}/tmp"\n')
    sconf = os.path.join(store, "storage.conf")
    with open(sconf, "w") as f:
        f.write(f'[storage]\ndriver = "vfs"\nrunroot = "{store}/run"\ngraphroot = "{store}/root"\n')
    return dict(os.environ, CONTAINERS_CONF=conf, CONTAINERS_STORAGE_CONF=sconf,
                CONTAINERS_REGISTRIES_CONF=os.path.join(work, "registries.conf"),
                TMPDIR=os.path.join(work, "tmp"))


def run_podman(work, path, subs, timeout):
    store = os.path.join(work, "podman")
    rmtree(store)
    os.makedirs(os.path.join(store, "net"))
    env = podman_env(work, store)
    base = ["podman", "--root", f"{store}/root", "--runroot", f"{store}/run",
            "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "file"]
    r = run(base + ["load", "-i", path], timeout, env=env)
    ls = run(base + ["images", "-a", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"],
             60, env=env)
    names, count = image_rows(ls.out)
    rmtree(store)
    return record("podman", "load", "podman load -i F", r, subs + [(store, "$STORE")],
                  images=count, names=names)


def run_skopeo(work, path, kind, subs, timeout):
    dest = os.path.join(work, "skopeo-dir")
    rmtree(dest)
    transport = "oci-archive" if kind == "oci-layout" else "docker-archive"
    env = dict(os.environ, CONTAINERS_REGISTRIES_CONF=os.path.join(work, "registries.conf"),
               TMPDIR=os.path.join(work, "tmp"))
    r = run(["skopeo", "--policy", os.path.join(work, "policy.json"), "copy",
             f"{transport}:{path}", f"dir:{dest}"], timeout, env=env)
    copied = 1 if os.path.exists(os.path.join(dest, "manifest.json")) else 0
    rmtree(dest)
    return record("skopeo", "copy", f"skopeo copy {transport}:F dir:D", r,
                  subs + [(dest, "D")], transport=transport, images=copied)


def layout_refs(layout):
    try:
        with open(os.path.join(layout, "index.json"), "rb") as f:
            index = json.loads(f.read(64 << 20))  # 10 000 manifests are over 1 MiB
        refs = []
        for m in index.get("manifests") or []:
            ref = ((m or {}).get("annotations") or {}).get("org.opencontainers.image.ref.name")
            if isinstance(ref, str) and ref not in refs:
                refs.append(ref)
        return refs
    except (OSError, ValueError, AttributeError, RecursionError):  # a 10 000-deep index.json
        return []


def run_umoci(work, path, subs, timeout):
    layout, bundle = os.path.join(work, "umoci-layout"), os.path.join(work, "umoci-bundle")
    for d in (layout, bundle):
        rmtree(d)
    os.makedirs(layout)
    x = run(["tar", "-xf", path, "-C", layout], timeout)
    if x.code != 0:
        rmtree(layout)
        return [record("umoci", "unpack", "tar -xf F -C L", x, subs + [(layout, "L")],
                       step="extract", ref=None)]
    rows = []
    for ref in layout_refs(layout)[:8] or [None]:
        image = layout if ref is None else f"{layout}:{ref}"
        r = run(["umoci", "unpack", "--image", image, bundle], timeout)
        cmd = "umoci unpack --image L" + ("" if ref is None else f":{ref}") + " B"
        rows.append(record("umoci", "unpack", cmd, r, subs + [(layout, "L"), (bundle, "B")],
                           step="unpack", ref=ref))
        rmtree(bundle)
    rmtree(layout)
    return rows


def runs_for(item, svc, work, tools, timeout, seq):
    path = item["path"]
    subs = [(path, "F"), (work, "$WORK")]
    kind = item["format"]
    rows = []
    if "docker" in tools:
        rows.append(run_docker(svc, path, subs, timeout))
    if "ctr" in tools:
        for all_platforms in (True, False):
            rows.append(run_ctr_thrice(svc, path, subs, timeout, all_platforms, seq))
    if "podman" in tools:
        rows.append(run_podman(work, path, subs, timeout))
    if "skopeo" in tools:
        rows.append(run_skopeo(work, path, kind, subs, timeout))
    if "umoci" in tools and kind == "oci-layout":
        rows.extend(run_umoci(work, path, subs, timeout))
    return rows
