#include "engine/profile/trusted_files.h"

#include <cstdio>
#include <set>

namespace vtune {
namespace {

constexpr unsigned kSticky = 01000;

bool writable_by_others(const FileMode& m, bool is_dir) {
  if (!m.group_or_world_writable()) return false;
  // In a sticky directory only an entry's owner (or root) may rename or remove it, and
  // whatever another user adds is refused by its own check.
  return !(is_dir && (m.perms & kSticky) != 0);
}

// "/a/b/c.vtr" -> "/a/b", "/a", "/"; nothing for a relative path or "/".
std::vector<std::string> parents(const std::string& path) {
  std::vector<std::string> out;
  if (path.empty() || path.front() != '/') return out;
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  while (p.size() > 1) {
    size_t slash = p.find_last_of('/');
    p = slash == 0 ? "/" : p.substr(0, slash);
    out.push_back(p);
  }
  return out;
}

std::string octal(unsigned perms) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", perms & 07777);
  return buf;
}

std::string kind_of(const std::string& loaded) {
  return loaded.ends_with(".toml") ? "profile" : "rule file";
}

}  // namespace

std::vector<UntrustedFile> untrusted_files(const HostFs& fs, std::span<const std::string> files,
                                           uint32_t euid) {
  std::vector<UntrustedFile> out;
  if (euid != 0) return out;
  std::set<std::string> seen;
  auto check = [&](const std::string& path, bool is_dir, const std::string& loaded) {
    if (!seen.insert(path).second) return;
    UntrustedFile f{path, is_dir, loaded, 0, 0, {}};
    Result<FileMode> m = fs.mode(path, FollowLinks::Yes);
    if (!m) {
      f.stat_error = m.error().message();
      out.push_back(std::move(f));
      return;
    }
    f.uid = m->uid;
    f.perms = m->perms;
    if (m->uid != 0 || writable_by_others(*m, is_dir)) out.push_back(std::move(f));
  };
  for (const std::string& file : files) {
    if (file.empty() || file.front() != '/') {
      // Only an absolute path says which directories to check: refuse rather than guess.
      out.push_back({file, false, file, 0, 0, "not an absolute path"});
      continue;
    }
    check(file, false, file);
    for (const std::string& dir : parents(file)) check(dir, true, file);
  }
  return out;
}

std::string describe_untrusted(const UntrustedFile& f, const std::string& owner_name) {
  std::string what =
      f.is_dir ? "directory " + f.path + " (holding " + kind_of(f.loaded) + " " + f.loaded + ")"
               : kind_of(f.loaded) + " " + f.path;
  std::string out = "refusing " + what + ": ";
  if (!f.stat_error.empty()) {
    out += "cannot check who may write it (" + f.stat_error + ")";
  } else {
    std::string uid = "uid " + std::to_string(f.uid);
    out += "owned by " + (owner_name.empty() ? uid : owner_name + " (" + uid + ")") + ", mode " +
           octal(f.perms);
    std::vector<std::string> why;
    if (f.uid != 0) why.push_back("not owned by root");
    if (f.perms & 020) why.push_back("group-writable");
    if (f.perms & 002) why.push_back("world-writable");
    out += " (";
    for (size_t i = 0; i < why.size(); ++i) out += (i ? ", " : "") + why[i];
    out += ")";
  }
  out +=
      "; run as root, vtune loads rules and profiles only where no other user can change them"
      "\n  fix: chown root:root " +
      f.path + " && chmod go-w " + f.path;
  return out;
}

}  // namespace vtune
