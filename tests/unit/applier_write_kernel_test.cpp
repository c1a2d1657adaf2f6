// The write side of the sysctl and sysfs appliers: resolve, capture, write, read back,
// restore, on a copy of a fixture root (bytes compared exactly) and on MemoryHostFs for
// the refusals a tree cannot give. Without privileges.
#include <doctest/doctest.h>

#include "appliers/sysfs_applier.h"
#include "tests/unit/applier_test_hosts.h"
#include "tests/unit/applier_write_test_hosts.h"

using namespace vtune;
using namespace vtune::test;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// capture -> write -> read back equals `desired` -> restore -> the file's bytes as before.
void round_trip(WritableFixture& host, const Applier& a, const std::string& text,
                const Json& desired, const std::string& file_after_write) {
  CAPTURE(text);
  Knob k = knob(text);
  Result<Target> target = a.resolve(k);
  REQUIRE_MESSAGE(target, target.error().message());
  const std::string before = host.root.slurp(target->path);
  Result<BeforeImage> image = a.capture(k);
  REQUIRE(image);
  CHECK(image->raw == before);
  CHECK(image->files.empty());
  Result<KnobValue> was = a.read(k);
  REQUIRE(was);
  CHECK(image->value == was->value);

  Result<WriteEffect> effect = a.write(k, desired);
  REQUIRE_MESSAGE(effect, effect.error().message());
  CHECK(effect->activation.empty());
  CHECK(host.root.slurp(target->path) == file_after_write);
  Result<KnobValue> now = a.read(k);
  REQUIRE(now);
  CHECK(a.equal(k, now->value, desired));

  Result<void> back = a.restore(k, *image);
  REQUIRE_MESSAGE(back, back.error().message());
  CHECK(host.root.slurp(target->path) == before);
  CHECK(a.equal(k, a.read(k)->value, was->value));
}

void add_missing_attributes(const TempRoot& root) {
  // kvm-guest has no rq_affinity and no cpufreq; real kernels do.
  root.put("/sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda/queue/rq_affinity", "1\n");
  root.put("/sys/devices/system/cpu/cpufreq/policy0/scaling_available_governors",
           "performance powersave\n");
  root.put("/sys/devices/system/cpu/cpufreq/policy0/scaling_governor", "powersave\n");
}

}  // namespace

TEST_CASE("sysctl write: resolve, capture, write, read back, restore byte for byte") {
  WritableFixture host("kvm-guest");
  const Applier& a = host.applier(KnobKind::Sysctl);
  Result<Target> t = a.resolve(knob("sysctl:net.ipv4.tcp_rmem"));
  REQUIRE(t);
  CHECK(t->path == "/proc/sys/net/ipv4/tcp_rmem");
  CHECK(t->describe == "/proc/sys/net/ipv4/tcp_rmem");
  CHECK(t->device.empty());

  // Multi-value keys go in space-separated; the kernel's tabs come back on restore.
  round_trip(host, a, "sysctl:net.ipv4.tcp_rmem", Json::array({4096, 87380, 16777216}),
             "4096 87380 16777216");
  round_trip(host, a, "sysctl:net.core.somaxconn", 65535, "65535");
  round_trip(host, a, "sysctl:net.ipv4.tcp_congestion_control", "bbr", "bbr");
}

TEST_CASE("sysctl write: keys that do not name a file are refused before any write") {
  WritableMemoryHost host;
  host.fs.add_file("/proc/sys/net/core/somaxconn", "4096\n");
  const Applier& a = host.applier(KnobKind::Sysctl);
  // A hand-built knob may hold anything; parse_knob would not give these.
  for (const char* bad : {"net..core", "net/core/somaxconn", "../../etc/passwd", ""}) {
    CAPTURE(bad);
    Knob k{KnobKind::Sysctl, bad, ""};
    Result<Target> t = a.resolve(k);
    REQUIRE_FALSE(t);
    CHECK(t.error().err == EINVAL);
    CHECK_FALSE(a.write(k, 1));
  }
  Result<Target> dir = a.resolve(knob("sysctl:net.core"));
  REQUIRE_FALSE(dir);
  CHECK(dir.error().err == EISDIR);
  Result<Target> gone = a.resolve(knob("sysctl:net.core.no_such_key"));
  REQUIRE_FALSE(gone);
  CHECK(gone.error().err == ENOENT);
  CHECK(has(gone.error().message(), "net.core.no_such_key"));
  CHECK_FALSE(a.write(knob("sysctl:net.core.no_such_key"), 1));
  CHECK(host.fs.writes().empty());
}

TEST_CASE("sysctl write: a refusal by the kernel is an error naming the knob and the path") {
  WritableMemoryHost host;
  host.fs.add_file("/proc/sys/net/core/somaxconn", "4096\n");
  host.fs.fail_writes_to("/proc/sys/net/core/somaxconn", EINVAL);
  const Applier& a = host.applier(KnobKind::Sysctl);
  Result<WriteEffect> w = a.write(knob("sysctl:net.core.somaxconn"), 65535);
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EINVAL);
  CHECK(w.error().message() ==
        "write sysctl:net.core.somaxconn = '65535' to mem:/proc/sys/net/core/somaxconn: "
        "Invalid argument");
  CHECK(host.fs.files().at("/proc/sys/net/core/somaxconn") == "4096\n");

  Result<BeforeImage> image = a.capture(knob("sysctl:net.core.somaxconn"));
  REQUIRE(image);
  Result<void> r = a.restore(knob("sysctl:net.core.somaxconn"), *image);
  REQUIRE_FALSE(r);
  CHECK(r.error().err == EINVAL);

  host.fs.clear_faults();
  REQUIRE(a.write(knob("sysctl:net.core.somaxconn"), 65535));
  std::vector<FsOpRecord> writes = host.fs.writes();
  REQUIRE(!writes.empty());
  CHECK(writes.back().op == FsOp::Write);  // in place, truncating: never a replace
  CHECK(writes.back().data == "65535");
}

TEST_CASE("sysctl and sysfs write: a read-only run refuses with EROFS naming the knob") {
  MemoryHost host;  // no write seams
  host.fs.add_file("/proc/sys/net/core/somaxconn", "4096\n");
  host.fs.add_file("/sys/kernel/mm/ksm/run", "0\n");
  for (const char* text : {"sysctl:net.core.somaxconn", "sysfs:/sys/kernel/mm/ksm/run"}) {
    CAPTURE(text);
    Knob k = knob(text);
    const Applier& a = host.set.applier_for(k.kind);
    REQUIRE(a.resolve(k));  // resolving and capturing only read
    Result<BeforeImage> image = a.capture(k);
    REQUIRE(image);
    Result<WriteEffect> w = a.write(k, 1);
    REQUIRE_FALSE(w);
    CHECK(w.error().err == EROFS);
    CHECK(has(w.error().message(), text));
    Result<void> r = a.restore(k, *image);
    REQUIRE_FALSE(r);
    CHECK(r.error().err == EROFS);
  }
  CHECK(host.fs.writes().empty());
}

TEST_CASE("sysfs write: block queue, SCSI, THP, KSM and cpufreq round trips on a fixture") {
  WritableFixture host("kvm-guest", add_missing_attributes);
  const Applier& a = host.applier(KnobKind::Sysfs);
  round_trip(host, a, "sysfs:/sys/block/vda/queue/nr_requests", 64, "64");
  round_trip(host, a, "sysfs:/sys/block/vda/queue/read_ahead_kb", 4096, "4096");
  round_trip(host, a, "sysfs:/sys/block/vda/queue/rq_affinity", 2, "2");
  round_trip(host, a, "sysfs:/sys/block/sdb/device/queue_depth", 32, "32");
  round_trip(host, a, "sysfs:/sys/kernel/mm/ksm/run", 1, "1");
  round_trip(host, a, "sysfs:/sys/devices/system/cpu/cpufreq/policy0/scaling_governor",
             "performance", "performance");

  Result<Target> t = a.resolve(knob("sysfs:/sys/block/vda/queue/scheduler"));
  REQUIRE(t);
  CHECK(t->path == "/sys/block/vda/queue/scheduler");  // the path as named, links and all
  CHECK(t->device == "vda");
  CHECK(a.resolve(knob("sysfs:/sys/block/sdb/device/queue_depth"))->device == "sdb");
  CHECK(a.resolve(knob("sysfs:/sys/kernel/mm/ksm/run"))->device.empty());
  // A glob that matches one file resolves to it.
  Result<Target> one =
      a.resolve(knob("sysfs:/sys/devices/system/cpu/cpufreq/policy*/scaling_governor"));
  REQUIRE(one);
  CHECK(one->path == "/sys/devices/system/cpu/cpufreq/policy0/scaling_governor");
}

TEST_CASE("sysfs write: a bracket-choice file is restored by its selected word") {
  WritableFixture host("kvm-guest");
  const Applier& a = host.applier(KnobKind::Sysfs);
  for (auto [text, word, other] :
       {std::tuple{"sysfs:/sys/block/vda/queue/scheduler", "mq-deadline", "none"},
        std::tuple{"sysfs:/sys/kernel/mm/transparent_hugepage/enabled", "always", "madvise"},
        std::tuple{"sysfs:/sys/kernel/mm/transparent_hugepage/defrag", "madvise", "never"}}) {
    CAPTURE(text);
    Knob k = knob(text);
    const std::string path = k.subject;
    const std::string line = host.root.slurp(path);
    Result<BeforeImage> image = a.capture(k);
    REQUIRE(image);
    CHECK(image->raw == line);  // the whole line, "[mq-deadline] none\n"
    CHECK(image->value == word);
    REQUIRE(a.write(k, other));
    CHECK(host.root.slurp(path) == other);
    CHECK(a.equal(k, a.read(k)->value, other));
    REQUIRE(a.restore(k, *image));
    // The kernel takes one word; a plain file keeps what was written.
    CHECK(host.root.slurp(path) == word);
    CHECK(a.read(k)->value == word);
  }
}

TEST_CASE("sysfs write: bracket-choice restore on MemoryHostFs writes only the word") {
  WritableMemoryHost host;
  host.fs.add_file("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
  const Applier& a = host.applier(KnobKind::Sysfs);
  Knob k = knob("sysfs:/sys/kernel/mm/transparent_hugepage/enabled");
  Result<BeforeImage> image = a.capture(k);
  REQUIRE(image);
  CHECK(image->raw == "always [madvise] never\n");
  CHECK(image->value == "madvise");
  REQUIRE(a.write(k, "never"));
  REQUIRE(a.restore(k, *image));
  std::vector<FsOpRecord> w = host.fs.writes();
  REQUIRE(w.size() == 2);
  CHECK(w[0].data == "never");
  CHECK(w[1].data == "madvise");
}

TEST_CASE("sysfs write: paths that leave /sys, links at the last component, globs") {
  WritableFixture host("kvm-guest", [](const TempRoot& root) {
    root.put("/etc/secret", "keep\n");
    root.link("/sys/kernel/mm/ksm/evil", "/etc/secret");               // absolute, out of /sys
    root.link("/sys/kernel/mm/ksm/sneaky", "../../../../etc/secret");  // relative, out of /sys
    root.link("/sys/kernel/mm/ksm/alias", "run");                      // a link inside /sys
    root.link("/sys/block/escape", "../../etc");                       // a directory outside
  });
  const Applier& a = host.applier(KnobKind::Sysfs);
  auto refused = [&](const Knob& k, int err) {
    CAPTURE(k.subject);
    Result<Target> t = a.resolve(k);
    REQUIRE_FALSE(t);
    CHECK(t.error().err == err);
    Result<WriteEffect> w = a.write(k, "1");
    REQUIRE_FALSE(w);
    CHECK(w.error().err == err);
    CHECK_FALSE(a.capture(k));
    CHECK_FALSE(a.restore(k, BeforeImage{Json("0"), "0\n", {}}));
  };
  refused(Knob{KnobKind::Sysfs, "/sys/../etc/secret", ""}, EINVAL);  // parse_knob refuses it
  refused(knob("sysfs:/sys/kernel/mm/ksm/evil"), EXDEV);
  refused(knob("sysfs:/sys/kernel/mm/ksm/sneaky"), EXDEV);
  refused(knob("sysfs:/sys/kernel/mm/ksm/alias"), ELOOP);
  refused(knob("sysfs:/sys/block/escape/secret"), EXDEV);
  refused(knob("sysfs:/sys/block/vda/queue"), EINVAL);  // a directory
  refused(knob("sysfs:/sys/block/vda/queue/no_such_attribute"), ENOENT);
  // A glob with several matches: a write names one file.
  Result<Target> many = a.resolve(knob("sysfs:/sys/block/*/queue/scheduler"));
  REQUIRE_FALSE(many);
  CHECK(many.error().err == EINVAL);
  CHECK(has(many.error().message(), "match the glob"));
  CHECK(host.root.slurp("/etc/secret") == "keep\n");
  CHECK(host.root.slurp("/sys/kernel/mm/ksm/run") == "0\n");
}

TEST_CASE("sysfs write: canonical paths through links, on MemoryHostFs") {
  MemoryHostFs fs;
  fs.add_link("/sys/class/net/eth0", "../../devices/pci0000:00/net/eth0");
  fs.add_file("/sys/devices/pci0000:00/net/eth0/queues/rx-0/rps_cpus", "0\n");
  fs.add_link("/sys/a", "b");
  fs.add_link("/sys/b", "a");
  fs.add_link("/sys/root", "/");
  fs.add_file("/sys/x/attr", "1\n");
  CHECK(canonical_path(fs, "/sys/class/net/eth0/queues/rx-0/rps_cpus").value_or("") ==
        "/sys/devices/pci0000:00/net/eth0/queues/rx-0/rps_cpus");
  CHECK(canonical_path(fs, "/sys/x/../x/./attr").value_or("") == "/sys/x/attr");
  CHECK(canonical_path(fs, "/sys/root/sys/x/attr").value_or("") == "/sys/x/attr");
  CHECK(canonical_path(fs, "/sys/../../sys/x/attr").value_or("") == "/sys/x/attr");
  Result<std::string> loop = canonical_path(fs, "/sys/a/attr");
  REQUIRE_FALSE(loop);
  CHECK(loop.error().err == ELOOP);
  Result<std::string> missing = canonical_path(fs, "/sys/nothing/attr");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().err == ENOENT);
  CHECK(sysfs_write_path(fs, "/sys/x/attr").value_or("") == "/sys/x/attr");
  Result<std::string> link = sysfs_write_path(fs, "/sys/a");
  REQUIRE_FALSE(link);
  CHECK(link.error().err == ELOOP);
}

TEST_CASE("sysfs write: a refused write names the path and changes nothing") {
  WritableMemoryHost host;
  host.fs.add_file("/sys/block/sda/queue/scheduler", "[mq-deadline] none\n");
  host.fs.fail_writes_to("/sys/block/sda/queue/scheduler", EINVAL);
  const Applier& a = host.applier(KnobKind::Sysfs);
  Result<WriteEffect> w = a.write(knob("sysfs:/sys/block/sda/queue/scheduler"), "bfq");
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EINVAL);
  CHECK(has(w.error().message(), "mem:/sys/block/sda/queue/scheduler"));
  CHECK(has(w.error().message(), "'bfq'"));
  CHECK(host.fs.files().at("/sys/block/sda/queue/scheduler") == "[mq-deadline] none\n");
}
