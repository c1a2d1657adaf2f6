#pragma once
// Run as root, vtune takes its instructions from rule (.vtr) and profile (.toml) files: who
// can rewrite one of them, or the directory it sits in, can make root write any value vtune
// manages. So a run as root refuses such a file unless it is owned by root and not group-
// or world-writable, and every directory from its parent up to / is owned by root and not
// group- or world-writable (a sticky directory like /tmp is fine: others cannot rename or
// remove what root owns there, and whatever they add is itself refused). A run as another
// user takes nothing from the files it could not already do, and checks nothing.
//
// Everything is stat'ed through a HostFs (mode() following links) and the effective uid is
// an argument, so tests run the check on a MemoryHostFs as any user.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/host_fs.h"

namespace vtune {

struct UntrustedFile {
  std::string path;  // the file or directory refused
  bool is_dir = false;
  std::string loaded;      // the rule or profile file it was checked for
  uint32_t uid = 0;        // its owner
  unsigned perms = 0;      // its permission bits
  std::string stat_error;  // set when it could not even be stat'ed (refused too)
};

// The files a run loads (rule files, the profile include chain), checked as `euid` would
// need them: empty when euid is not 0 or when every file and directory is trusted. Paths
// are absolute; each directory is checked once, in the order met.
std::vector<UntrustedFile> untrusted_files(const HostFs& fs, std::span<const std::string> files,
                                           uint32_t euid);

// One paragraph for the operator: what is refused and why, its owner (`owner_name`, e.g.
// "alice", or empty for the bare uid) and mode, and the command that fixes it:
//   refusing rule file /etc/vtune/rules/x.vtr: owned by alice (uid 1000), mode 0664 (not
//   owned by root, group-writable); run as root, vtune loads rules and profiles only where
//   no other user can change them
//     fix: chown root:root /etc/vtune/rules/x.vtr && chmod go-w /etc/vtune/rules/x.vtr
std::string describe_untrusted(const UntrustedFile& f, const std::string& owner_name);

}  // namespace vtune
