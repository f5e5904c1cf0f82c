/* arch-probe.c: the smallest static program that runs: it exits 0. Built once per
 * architecture by scripts/make-arch-fixtures (gcc for amd64, Debian's
 * gcc-aarch64-linux-gnu for arm64), so each image's entrypoint is a real ELF of
 * its own machine (EM_X86_64 = 62, EM_AARCH64 = 183). No libc: -nostdlib. */
#if defined(__x86_64__)
__asm__(".globl _start\n_start:\n\tmov $60, %eax\n\txor %edi, %edi\n\tsyscall\n");
#elif defined(__aarch64__)
__asm__(".globl _start\n_start:\n\tmov x8, #93\n\tmov x0, #0\n\tsvc #0\n");
#else
#error "arch-probe.c: only x86_64 and aarch64"
#endif
