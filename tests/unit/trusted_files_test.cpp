// Run as root, rule and profile files others can write are refused, with the directories
// holding them; as another user nothing is checked. On a MemoryHostFs, as any uid.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/core/memory_host_fs.h"
#include "engine/profile/trusted_files.h"

namespace vtune {
namespace {

// /etc/vtune/rules/{a,b}.vtr and /etc/vtune/profiles/web.toml, all root's, 0644 and 0755.
MemoryHostFs tree() {
  MemoryHostFs fs;
  fs.add_file("/etc/vtune/rules/a.vtr", "rule a \"a\" {}\n");
  fs.add_file("/etc/vtune/rules/b.vtr", "rule b \"b\" {}\n");
  fs.add_file("/etc/vtune/profiles/web.toml", "[profile]\n");
  return fs;
}

const std::vector<std::string> kLoaded = {"/etc/vtune/rules/a.vtr", "/etc/vtune/rules/b.vtr",
                                          "/etc/vtune/profiles/web.toml"};

std::vector<std::string> refused(const MemoryHostFs& fs, uint32_t euid = 0) {
  std::vector<std::string> out;
  for (const UntrustedFile& f : untrusted_files(fs, kLoaded, euid)) out.push_back(f.path);
  return out;
}

TEST_CASE("trusted files: root's files, not writable by others, pass") {
  MemoryHostFs fs = tree();
  CHECK(refused(fs).empty());
  // Every file and every directory up to / was looked at, each directory once.
  std::vector<std::string> statted;
  for (const FsOpRecord& op : fs.ops())
    if (op.op == FsOp::Mode) statted.push_back(op.path);
  CHECK(statted == std::vector<std::string>{"/etc/vtune/rules/a.vtr", "/etc/vtune/rules",
                                            "/etc/vtune", "/etc", "/", "/etc/vtune/rules/b.vtr",
                                            "/etc/vtune/profiles/web.toml", "/etc/vtune/profiles"});
}

TEST_CASE("trusted files: group- or world-writable, or not root's, is refused") {
  MemoryHostFs fs = tree();
  fs.set_perms("/etc/vtune/rules/a.vtr", 0664);
  fs.set_owner("/etc/vtune/profiles/web.toml", 1000, 1000);
  fs.set_perms("/etc/vtune", 0757);
  std::vector<UntrustedFile> bad = untrusted_files(fs, kLoaded, 0);
  REQUIRE(bad.size() == 3);
  CHECK(bad[0].path == "/etc/vtune/rules/a.vtr");
  CHECK_FALSE(bad[0].is_dir);
  CHECK(bad[0].perms == 0664);
  CHECK(bad[1].path == "/etc/vtune");
  CHECK(bad[1].is_dir);
  CHECK(bad[1].loaded == "/etc/vtune/rules/a.vtr");  // reported once, for the first file
  CHECK(bad[2].path == "/etc/vtune/profiles/web.toml");
  CHECK(bad[2].uid == 1000);

  std::string file = describe_untrusted(bad[0], "root");
  CHECK(file.find("refusing rule file /etc/vtune/rules/a.vtr: owned by root (uid 0), mode 0664 "
                  "(group-writable)") == 0);
  CHECK(file.find("fix: chown root:root /etc/vtune/rules/a.vtr && chmod go-w "
                  "/etc/vtune/rules/a.vtr") != std::string::npos);
  std::string dir = describe_untrusted(bad[1], "");
  CHECK(dir.find("refusing directory /etc/vtune (holding rule file /etc/vtune/rules/a.vtr): "
                 "owned by uid 0, mode 0757 (world-writable)") == 0);
  CHECK(dir.find("chmod go-w /etc/vtune\n") == std::string::npos);
  CHECK(dir.ends_with("chown root:root /etc/vtune && chmod go-w /etc/vtune"));
  std::string profile = describe_untrusted(bad[2], "alice");
  CHECK(profile.find("refusing profile /etc/vtune/profiles/web.toml: owned by alice (uid 1000), "
                     "mode 0644 (not owned by root)") == 0);
}

TEST_CASE("trusted files: a directory owned by another user is refused even at 0755") {
  MemoryHostFs fs = tree();
  fs.set_owner("/etc/vtune/rules", 1000, 0);
  CHECK(refused(fs) == std::vector<std::string>{"/etc/vtune/rules"});
}

TEST_CASE(
    "trusted files: a sticky world-writable ancestor (like /tmp) is fine, a file in it "
    "is not") {
  MemoryHostFs fs;
  fs.add_file("/tmp/vtune-x/rules/a.vtr", "");
  fs.set_perms("/tmp", 01777);
  const std::vector<std::string> loaded = {"/tmp/vtune-x/rules/a.vtr"};
  CHECK(untrusted_files(fs, loaded, 0).empty());
  fs.set_perms("/tmp/vtune-x", 0777);  // not sticky: anyone may swap rules/ for their own
  std::vector<UntrustedFile> bad = untrusted_files(fs, loaded, 0);
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].path == "/tmp/vtune-x");
  // The sticky bit does not excuse a file that others can write.
  fs.set_perms("/tmp/vtune-x", 01777);
  fs.set_perms("/tmp/vtune-x/rules/a.vtr", 01666);
  bad = untrusted_files(fs, loaded, 0);
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].path == "/tmp/vtune-x/rules/a.vtr");
}

TEST_CASE("trusted files: a file that cannot be stat'ed, or a relative path, is refused") {
  MemoryHostFs fs = tree();
  const std::vector<std::string> loaded = {"/etc/vtune/rules/gone.vtr", "rules/a.vtr"};
  std::vector<UntrustedFile> bad = untrusted_files(fs, loaded, 0);
  REQUIRE(bad.size() == 2);
  CHECK(bad[0].path == "/etc/vtune/rules/gone.vtr");
  CHECK(bad[0].stat_error.find("No such file") != std::string::npos);
  CHECK(describe_untrusted(bad[0], "").find("cannot check who may write it") != std::string::npos);
  CHECK(bad[1].stat_error == "not an absolute path");
}

TEST_CASE("trusted files: a run as another user checks nothing") {
  MemoryHostFs fs = tree();
  fs.set_perms("/etc/vtune/rules/a.vtr", 0666);
  fs.set_owner("/etc/vtune/rules", 1000, 1000);
  fs.clear_ops();
  CHECK(refused(fs, 1000).empty());
  CHECK(fs.ops().empty());
  CHECK(refused(fs, 0).size() == 2);
}

}  // namespace
}  // namespace vtune
