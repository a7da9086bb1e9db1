// without_landlock COMMAND [ARG...]: runs COMMAND as on a kernel without Landlock.
// A seccomp filter answers ENOSYS to Landlock's three system calls, as a kernel older
// than 5.13 (or built without it) does; the filter is inherited by COMMAND's children,
// so connector-host's workers meet it too. The tests' way to show what a host says
// and does where the kernel offers no sandbox.
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: without_landlock COMMAND [ARG...]\n");
    return 2;
  }
  // landlock_create_ruleset, landlock_add_rule and landlock_restrict_self are numbered
  // consecutively, with the same numbers on every architecture (the unified table of
  // system calls added since Linux 5.1), so the filter needs no architecture check.
  static_assert(SYS_landlock_add_rule == SYS_landlock_create_ruleset + 1);
  static_assert(SYS_landlock_restrict_self == SYS_landlock_create_ruleset + 2);
  sock_filter program[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      // Below the first: allow. Above the last: allow. Else: ENOSYS.
      BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, SYS_landlock_create_ruleset, 0, 2),
      BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, SYS_landlock_restrict_self, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  const sock_fprog filter{static_cast<unsigned short>(sizeof program / sizeof program[0]), program};
  // An unprivileged process may install a filter only once it can gain no privileges.
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) != 0) {
    std::fprintf(stderr, "without_landlock: cannot install the seccomp filter: %s\n",
                 std::strerror(errno));
    return 2;
  }
  ::execvp(argv[1], argv + 1);
  std::fprintf(stderr, "without_landlock: cannot run %s: %s\n", argv[1], std::strerror(errno));
  return 127;
}
