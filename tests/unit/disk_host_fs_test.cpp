// DiskHostFs on a real directory tree: reads stay inside the root whatever the links say,
// odd files are refused, and reads below a listed directory (the shortcut that opens the
// rest of the path beneath it) give exactly the answers of a walk from the root.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "engine/core/host_fs.h"
#include "tests/unit/temp_root.h"

namespace vtune {
namespace {

namespace fs = std::filesystem;

using test::TempRoot;

std::string read(const HostFs& h, const std::string& path) {
  Result<std::string> r = h.read_file(path);
  return r ? *r : "<" + std::to_string(r.error().err) + ">";
}

}  // namespace

TEST_CASE("DiskHostFs: links resolve inside the root, before and after listing") {
  TempRoot root;
  root.put("/etc/secret", "inside\n");
  root.put("/sys/class/q/rx-0/rps_cpus", "ff\n");
  root.link("/sys/class/q/rx-0/abs", "/etc/secret");            // absolute: the root's /etc
  root.link("/sys/class/q/rx-0/up", "../../../../etc/secret");  // climbs out of the listed dir
  root.link("/sys/class/q/rx-0/far", "../../../../../../../etc/secret");  // past the root
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);

  auto all_reads = [&] {
    return std::vector<std::string>{
        read(*h, "/sys/class/q/rx-0/rps_cpus"), read(*h, "/sys/class/q/rx-0/abs"),
        read(*h, "/sys/class/q/rx-0/up"), read(*h, "/sys/class/q/rx-0/far"),
        read(*h, "/sys/class/q/rx-0/missing")};
  };
  std::vector<std::string> before = all_reads();
  CHECK(before[0] == "ff\n");
  CHECK(before[1] == "inside\n");
  CHECK(before[2] == "inside\n");
  CHECK(before[3] == "inside\n");  // ".." stops at the root, as at "/"
  CHECK(before[4] == "<" + std::to_string(ENOENT) + ">");

  // Listing the queue directory makes later reads open beneath it; the answers are the same.
  REQUIRE(h->list_dir("/sys/class/q").ok());
  REQUIRE(h->list_dir("/sys/class/q/rx-0").ok());
  CHECK(all_reads() == before);
  CHECK(h->exists("/sys/class/q/rx-0/rps_cpus"));
  CHECK_FALSE(h->exists("/sys/class/q/rx-0/missing"));
}

TEST_CASE("DiskHostFs: a directory replaced after listing is read anew after a write") {
  TempRoot root;
  root.put("/sys/q/rx-0/rps_cpus", "1\n");
  root.put("/sys/other", "x\n");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  REQUIRE(h->list_dir("/sys/q").ok());
  CHECK(read(*h, "/sys/q/rx-0/rps_cpus") == "1\n");
  // Replace the listed directory behind vtune's back, then write through HostFs.
  fs::rename(root.dir + "/sys/q", root.dir + "/sys/q-old");
  root.put("/sys/q/rx-0/rps_cpus", "2\n");
  REQUIRE(h->write_file("/sys/other", "y\n").ok());
  CHECK(read(*h, "/sys/q/rx-0/rps_cpus") == "2\n");
}

TEST_CASE("DiskHostFs: FIFOs and directories are not read as files") {
  TempRoot root;
  root.put("/proc/x", "1");
  REQUIRE(::mkfifo((root.dir + "/proc/fifo").c_str(), 0600) == 0);
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  CHECK_FALSE(h->read_file("/proc/fifo").ok());  // refused, and without blocking
  CHECK_FALSE(h->read_file("/proc").ok());
  CHECK(read(*h, "/proc/x") == "1");
  Result<std::vector<DirEntry>> entries = h->list_dir("/proc");
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 2);
  CHECK((*entries)[0].name == "fifo");
  CHECK((*entries)[0].kind == EntryKind::Other);
  CHECK((*entries)[1].kind == EntryKind::File);
}

TEST_CASE("DiskHostFs: the empty-directory marker is hidden under --root") {
  TempRoot root;
  root.put("/sys/module/kvm_pvm/.vtune-keep", "");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  Result<std::vector<DirEntry>> entries = h->list_dir("/sys/module/kvm_pvm");
  REQUIRE(entries.ok());
  CHECK(entries->empty());
  CHECK(h->exists("/sys/module/kvm_pvm"));
}

TEST_CASE("fixture hosts: no empty directory, which a git checkout would not have") {
  for (const auto& e :
       fs::recursive_directory_iterator(std::string(VTUNE_FIXTURES_DIR) + "/hosts")) {
    if (!e.is_directory() || e.is_symlink()) continue;
    const std::string why = e.path().string() + " is empty: put a .vtune-keep file in it";
    CHECK_MESSAGE(!fs::is_empty(e.path()), why);
  }
}

}  // namespace vtune
