// Whom the host trusts with the files it reads: root and the user it runs as (its
// effective uid), as sshd's StrictModes does. A file or directory that anyone else
// owns, or that its group or others may write, could be changed or swapped under the
// host by another local user, so the host refuses it rather than read or load it.
// docs/security.md states the rules and where each applies.
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>

namespace connector::host {

enum class TrustedOwner {
  running_user,          // what the host keeps in the state directory (secrets/)
  root_or_running_user,  // the state directory; the plugin directory, its parents, libraries
};

// Whether the group may write. Only the state directory allows it, and only for the
// running user's own group (its effective gid): a volume Kubernetes mounts with
// fsGroup is group-writable by the pod's group, a user's private group has no one else.
enum class GroupWrite { refused, allowed_for_own_group };

// Why the file or directory `info` describes may be changed by someone the host does
// not trust, or nullopt when it may not. One clause, eg: "owned by uid 1000, not by
// the running user (uid 0)", "writable by others (mode 0777)".
std::optional<std::string> untrusted_because(const struct stat& info, TrustedOwner owner,
                                             GroupWrite group_write = GroupWrite::refused);

// The permission bits of `mode` as chmod takes them, eg: "0755", "1777".
std::string octal_mode(mode_t mode);

}  // namespace connector::host
