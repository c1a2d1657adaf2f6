// ReadCacheFs (engine/audit/read_cache_fs.h): each read reaches the snapshot once, the
// answers (errors included) are the inner filesystem's, and nothing can be written.
#include <doctest/doctest.h>

#include "engine/audit/read_cache_fs.h"
#include "engine/core/memory_host_fs.h"

namespace vtune {

TEST_CASE("read cache: one read per path, the same answers, writes refused") {
  auto inner = std::make_unique<MemoryHostFs>();
  inner->add_file("/sys/devices/system/cpu/online", "0-3\n");
  MemoryHostFs* mem = inner.get();
  ReadCacheFs fs(std::move(inner));
  for (int i = 0; i < 5; ++i) {
    Result<std::string> online = fs.read_file("/sys/devices/system/cpu/online");
    REQUIRE(online);
    CHECK(*online == "0-3\n");
    CHECK(fs.exists("/sys/devices/system/cpu/online"));
    Result<std::string> missing = fs.read_file("/proc/nothing");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().err == ENOENT);
  }
  size_t reads = 0;
  for (const FsOpRecord& op : mem->ops())
    if (op.op == FsOp::Read) ++reads;
  CHECK(reads == 2);  // one for the file, one for the missing path
  Result<std::vector<DirEntry>> dir = fs.list_dir("/sys/devices/system/cpu");
  REQUIRE(dir);
  CHECK(dir->size() == 1);
  Result<void> w = fs.write_file("/sys/devices/system/cpu/online", "0");
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EROFS);
  CHECK(fs.replace_file("/x", "y", 0644).error().err == EROFS);
  CHECK(fs.make_dirs("/x", 0755).error().err == EROFS);
  CHECK(mem->writes().empty());
  CHECK(*fs.read_file("/sys/devices/system/cpu/online") == "0-3\n");
}

}  // namespace vtune
