// A sysfs glob setting becomes one setting per matching file, so that each plan item, journal
// record and rollback concerns exactly one file.
#include <doctest/doctest.h>

#include "engine/core/memory_host_fs.h"
#include "engine/plan/sysfs_globs.h"

using namespace vtune;

namespace {

lang::Setting sysfs_setting(std::string path, std::string value) {
  lang::Setting s;
  s.knob = Knob{KnobKind::Sysfs, std::move(path), {}};
  s.value = value;
  s.json = value;
  s.rule = "cpu.m4-governor";
  return s;
}

}  // namespace

TEST_CASE("a sysfs glob setting is planned once per matching file") {
  MemoryHostFs fs;
  fs.add_file("/sys/devices/system/cpu/cpufreq/policy0/scaling_governor", "powersave\n");
  fs.add_file("/sys/devices/system/cpu/cpufreq/policy1/scaling_governor", "powersave\n");
  fs.add_file("/sys/devices/system/cpu/cpufreq/boost", "1\n");
  std::vector<lang::Setting> in = {
      sysfs_setting("/sys/devices/system/cpu/cpufreq/policy*/scaling_governor", "performance"),
      sysfs_setting("/sys/kernel/mm/transparent_hugepage/enabled", "madvise")};

  std::vector<lang::Setting> out = expand_sysfs_globs(in, fs);

  REQUIRE(out.size() == 3);
  CHECK(out[0].knob.subject == "/sys/devices/system/cpu/cpufreq/policy0/scaling_governor");
  CHECK(out[1].knob.subject == "/sys/devices/system/cpu/cpufreq/policy1/scaling_governor");
  CHECK(out[0].rule == "cpu.m4-governor");
  CHECK(out[1].json == "performance");
  CHECK(out[2].knob.subject == "/sys/kernel/mm/transparent_hugepage/enabled");
}

TEST_CASE("a sysfs glob that matches nothing is kept, so the read reports it") {
  MemoryHostFs fs;
  fs.add_file("/sys/devices/system/cpu/online", "0-1\n");
  std::vector<lang::Setting> in = {
      sysfs_setting("/sys/devices/system/cpu/cpu*/power/energy_perf_bias", "0")};
  std::vector<lang::Setting> out = expand_sysfs_globs(in, fs);
  REQUIRE(out.size() == 1);
  CHECK(out[0].knob.subject == in[0].knob.subject);
}
