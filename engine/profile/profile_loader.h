#pragma once
// Finding profiles by name, resolving their includes (with cycle detection) and merging the
// chain into one Profile. Files are read through a HostFs, so tests can load profiles from
// a MemoryHostFs and the CLI from the disk.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/core/host_fs.h"
#include "engine/profile/profile.h"
#include "engine/profile/profile_file.h"

namespace vtune {

struct ProfileSearchInputs {
  std::string explicit_dir;     // --profiles DIR, or empty
  std::string host_root = "/";  // --root: local overrides live in ROOT/etc/vtune/profiles
  std::string env_dir;          // $VTUNE_PROFILES_DIR, or empty
  std::string installed_dir;    // the profiles installed with the binary, or empty
  std::string exe_dir;          // the running binary's directory, or empty
};

// The directories to look in, in order: --profiles DIR; ROOT/etc/vtune/profiles (local
// overrides); $VTUNE_PROFILES_DIR; the profiles installed with the binary
// (PREFIX/share/vtune/profiles, found relative to it); EXE/../profiles; the source tree's
// profiles/ when EXE is a CMake build directory (found from its CMakeCache.txt, read through
// `fs`); /usr/share/vtune/profiles. Absolute, normalised, without duplicates.
std::vector<std::string> profile_search_path(const ProfileSearchInputs& in, const HostFs& fs);

struct ProfileListing {
  std::string name;
  std::string summary;
  std::string file;
  std::vector<std::string> includes;
};

class ProfileLoader {
 public:
  ProfileLoader(const HostFs& fs, std::vector<std::string> search_path);

  // NAME (found as NAME.toml on the search path) or a path to a .toml file. Returns the
  // merged profile, or nullopt after reporting at least one error; warnings alone still
  // give a profile.
  std::optional<Profile> load(std::string_view name_or_path, Diagnostics& diags);

  // Every NAME.toml on the search path. A name in an earlier directory hides the same name
  // in later ones, as it would for load(). Files that do not parse are reported and left out.
  std::vector<ProfileListing> list(Diagnostics& diags);

  // The text of every file read, for rendering diagnostics with their source line.
  const SourceFiles& sources() const { return sources_; }
  const std::vector<std::string>& search_path() const { return search_path_; }

 private:
  std::optional<std::string> find_named(std::string_view name, size_t first_dir) const;
  std::optional<std::string> find_include(const ProfileRef& inc, const std::string& from) const;
  const ProfileFile* parse(const std::string& path, const SourceSpan& asked_at, Diagnostics& diags);
  // Depth-first over includes, parents before children; `stack` holds the files being
  // visited, so meeting one of them again is a cycle.
  void visit(const std::string& path, const SourceSpan& asked_at, std::vector<std::string>& stack,
             std::vector<std::string>& done, std::vector<const ProfileFile*>& order,
             Diagnostics& diags);

  struct Parsed {
    std::optional<ProfileFile> file;  // nullopt: unreadable or not TOML
    Diagnostics diags;                // the file's own problems, replayed on each load
  };

  const HostFs& fs_;
  std::vector<std::string> search_path_;
  std::map<std::string, Parsed> parsed_;  // by path
  SourceFiles sources_;
};

// Folds files, parents first, into one profile; the last file is the profile itself. Pure:
// exposed for the tests of merge order.
Profile merge_profile_chain(const std::vector<const ProfileFile*>& files);

}  // namespace vtune
