/* waste-sh.c: the /bin/sh of the images scripts/make-waste-fixtures builds.
 *
 * The RUN steps of a Containerfile need a shell inside the image, and nothing can be pulled
 * here. Debian's static busybox is 2 MB (1 MB gzip'd, in every archive); this, linked
 * statically with musl (`musl-gcc -static -Os -s`), is about 60 KB. It does only what the
 * fixtures' RUN steps say, with the same effect on the file system as the real commands:
 *
 *   sh -c 'CMD && CMD && ...'    commands split on "&&", words on spaces (no quoting)
 *   rm [-r] [-f] [-rf] PATH...   unlink / rmdir, depth first with -r
 *   mkdir [-p] PATH...           mode 0755
 *   chown [-R] UID:GID PATH...   lchown, recursive with -R
 *   chmod [-R] OCTAL PATH...     chmod (symlinks skipped)
 *   ln [-s] TARGET NAME          link(2) / symlink(2)
 *   cp SRC DST                   a new file with SRC's bytes and permission bits
 *   mv SRC DST                   rename(2)
 *   true
 *
 * Any error prints a line on stderr and exits 1, so a broken step fails the build.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_WORDS 64

static int fail(const char *what, const char *path) {
  fprintf(stderr, "sh: %s %s: %s\n", what, path, strerror(errno));
  exit(1);
}

static uid_t own_uid;
static gid_t own_gid;
static mode_t own_mode;

static int rm_one(const char *p, const struct stat *s, int type, struct FTW *w) {
  (void)s; (void)w;
  if (type == FTW_DP) return rmdir(p) ? fail("rmdir", p) : 0;
  return unlink(p) ? fail("unlink", p) : 0;
}

static int chown_one(const char *p, const struct stat *s, int type, struct FTW *w) {
  (void)s; (void)type; (void)w;
  return lchown(p, own_uid, own_gid) ? fail("chown", p) : 0;
}

static int chmod_one(const char *p, const struct stat *s, int type, struct FTW *w) {
  (void)w;
  if (type == FTW_SL || S_ISLNK(s->st_mode)) return 0;
  return chmod(p, own_mode) ? fail("chmod", p) : 0;
}

/* Flags: leading words that start with '-'; returns the index of the first operand. */
static int flags(char **v, int n, int *recursive, int *other) {
  int i = 1;
  for (; i < n && v[i][0] == '-'; i++)
    for (const char *f = v[i] + 1; *f; f++) {
      if (*f == 'r' || *f == 'R') *recursive = 1;
      else *other = 1;
    }
  return i;
}

static void cmd_rm(char **v, int n) {
  int r = 0, force = 0;
  for (int i = flags(v, n, &r, &force); i < n; i++) {
    struct stat s;
    if (lstat(v[i], &s)) {
      if (force && errno == ENOENT) continue;
      fail("rm", v[i]);
    }
    if (S_ISDIR(s.st_mode) && r) nftw(v[i], rm_one, 16, FTW_DEPTH | FTW_PHYS);
    else if (unlink(v[i])) fail("rm", v[i]);
  }
}

static void cmd_mkdir(char **v, int n) {
  int r = 0, parents = 0;
  for (int i = flags(v, n, &r, &parents); i < n; i++) {
    if (parents)
      for (char *c = v[i] + 1; *c; c++)
        if (*c == '/') {
          *c = 0;
          if (mkdir(v[i], 0755) && errno != EEXIST) fail("mkdir", v[i]);
          *c = '/';
        }
    if (mkdir(v[i], 0755) && !(parents && errno == EEXIST)) fail("mkdir", v[i]);
  }
}

static void cmd_walk(char **v, int n, int (*one)(const char *, const struct stat *, int, struct FTW *)) {
  int r = 0, other = 0;
  int i = flags(v, n, &r, &other);
  for (i++; i < n; i++) {
    if (r) {
      if (nftw(v[i], one, 16, FTW_PHYS)) fail("walk", v[i]);
    } else {
      struct stat s;
      if (lstat(v[i], &s)) fail("stat", v[i]);
      one(v[i], &s, S_ISLNK(s.st_mode) ? FTW_SL : FTW_F, NULL);
    }
  }
}

static void cmd_chown(char **v, int n) {
  int r = 0, other = 0;
  int i = flags(v, n, &r, &other);
  if (i >= n || sscanf(v[i], "%u:%u", &own_uid, &own_gid) != 2) fail("chown: bad owner", i < n ? v[i] : "");
  cmd_walk(v, n, chown_one);
}

static void cmd_chmod(char **v, int n) {
  int r = 0, other = 0;
  int i = flags(v, n, &r, &other);
  if (i >= n) fail("chmod: no mode", "");
  own_mode = (mode_t)strtoul(v[i], NULL, 8);
  cmd_walk(v, n, chmod_one);
}

static void cmd_cp(char **v, int n) {
  if (n != 3) fail("cp: want SRC DST", "");
  struct stat s;
  int in = open(v[1], O_RDONLY);
  if (in < 0 || fstat(in, &s)) fail("cp", v[1]);
  int out = open(v[2], O_WRONLY | O_CREAT | O_TRUNC, s.st_mode & 07777);
  if (out < 0) fail("cp", v[2]);
  char buf[65536];
  ssize_t k;
  while ((k = read(in, buf, sizeof buf)) > 0)
    if (write(out, buf, (size_t)k) != k) fail("cp: write", v[2]);
  if (k < 0) fail("cp: read", v[1]);
  if (fchmod(out, s.st_mode & 07777) || close(out) || close(in)) fail("cp", v[2]);
}

static void cmd_ln(char **v, int n) {
  int symbolic = 0, other = 0;
  int i = flags(v, n, &other, &symbolic);
  if (n - i != 2) fail("ln: want TARGET NAME", "");
  if ((symbolic ? symlink(v[i], v[i + 1]) : link(v[i], v[i + 1]))) fail("ln", v[i + 1]);
}

static void run(char **v, int n) {
  if (n == 0) return;
  const char *c = v[0];
  if (!strcmp(c, "rm")) cmd_rm(v, n);
  else if (!strcmp(c, "mkdir")) cmd_mkdir(v, n);
  else if (!strcmp(c, "chown")) cmd_chown(v, n);
  else if (!strcmp(c, "chmod")) cmd_chmod(v, n);
  else if (!strcmp(c, "cp")) cmd_cp(v, n);
  else if (!strcmp(c, "ln")) cmd_ln(v, n);
  else if (!strcmp(c, "mv")) {
    if (n != 3 || rename(v[1], v[2])) fail("mv", n > 1 ? v[1] : "");
  } else if (strcmp(c, "true")) {
    fprintf(stderr, "sh: %s: not supported by waste-sh\n", c);
    exit(127);
  }
}

int main(int argc, char **argv) {
  if (argc != 3 || strcmp(argv[1], "-c")) {
    fprintf(stderr, "usage: sh -c 'CMD && CMD ...'\n");
    return 2;
  }
  char *words[MAX_WORDS];
  int n = 0;
  for (char *tok = strtok(argv[2], " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
    if (!strcmp(tok, "&&")) {
      run(words, n);
      n = 0;
    } else if (n < MAX_WORDS) {
      words[n++] = tok;
    } else {
      fprintf(stderr, "sh: too many words\n");
      return 2;
    }
  }
  run(words, n);
  return 0;
}
