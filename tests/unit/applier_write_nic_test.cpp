// The write side of the ethtool, irq_affinity, rps, rps_flow and xps appliers: on a copy of
// the kvm-guest fixture (the snapshot ethtool's JSON and the queue and IRQ files), and on
// MemoryHostFs for refusals. Without privileges.
#include <doctest/doctest.h>

#include "appliers/value_text.h"
#include "engine/core/ethtool_json.h"
#include "tests/unit/applier_test_hosts.h"
#include "tests/unit/applier_write_test_hosts.h"

using namespace vtune;
using namespace vtune::test;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* kEth0Json = "/.vtune/ethtool/eth0.json";

Json eth0_doc(const WritableFixture& host) {
  return Json::parse(host.root.slurp(kEth0Json));
}

// A field of the document: a number, or a feature's "active".
Json field(const Json& j) {
  return j.is_object() ? j["active"] : j;
}

// capture -> write -> read back equals `desired` -> restore -> the field as before, and the
// rest of the document untouched.
void ethtool_round_trip(WritableFixture& host, const std::string& text, const Json& desired,
                        const std::string& section, const std::string& key, const Json& written) {
  CAPTURE(text);
  const Applier& a = host.applier(KnobKind::Ethtool);
  Knob k = knob(text);
  const Json doc_before = eth0_doc(host);
  Result<BeforeImage> image = a.capture(k);
  REQUIRE_MESSAGE(image, image.error().message());
  CHECK(image->value == field(doc_before[section][key]));
  Result<WriteEffect> w = a.write(k, desired);
  REQUIRE_MESSAGE(w, w.error().message());
  CHECK(w->activation.empty());
  Json doc = eth0_doc(host);
  CHECK(field(doc[section][key]) == written);
  CHECK(a.equal(k, a.read(k)->value, desired));
  Json others = doc, others_before = doc_before;
  others[section].erase(key);
  others_before[section].erase(key);
  CHECK(json_equal(others, others_before));  // one field changed, nothing else
  REQUIRE(a.restore(k, *image));
  CHECK(json_equal(eth0_doc(host), doc_before));
}

int queue_irq(const Facts& facts, const std::string& ifname, size_t queue) {
  for (const Json& nic : facts["nics"])
    if (nic["name"] == ifname) return nic["irqs"][queue]["irq"].get<int>();
  FAIL("no nic " << ifname);
  return -1;
}

// The file round trip of a queue or IRQ knob: bytes identical after restore.
void file_round_trip(WritableFixture& host, const std::string& text, const Json& desired,
                     const std::string& expect_path, const std::string& file_after_write) {
  CAPTURE(text);
  Knob k = knob(text);
  const Applier& a = host.applier(k.kind);
  Result<Target> t = a.resolve(k);
  REQUIRE_MESSAGE(t, t.error().message());
  CHECK(t->path == expect_path);
  CHECK(t->describe == expect_path);
  const std::string before = host.root.slurp(t->path);
  Result<BeforeImage> image = a.capture(k);
  REQUIRE(image);
  CHECK(image->raw == before);
  Result<WriteEffect> w = a.write(k, desired);
  REQUIRE_MESSAGE(w, w.error().message());
  CHECK(w->activation.empty());
  CHECK(host.root.slurp(t->path) == file_after_write);
  CHECK(a.equal(k, a.read(k)->value, desired));
  REQUIRE(a.restore(k, *image));
  CHECK(host.root.slurp(t->path) == before);
}

}  // namespace

TEST_CASE("ethtool write: resolve names the ioctl, the device and the struct member") {
  FixtureHost host("kvm-guest");
  const Applier& a = host.set.applier_for(KnobKind::Ethtool);
  auto describe = [&](const char* text) {
    Result<Target> t = a.resolve(knob(text));
    REQUIRE_MESSAGE(t, t.error().message());
    CHECK(t->path.empty());
    CHECK(t->device == "eth0");
    return t->describe;
  };
  CHECK(describe("ethtool:eth0:ring.rx") == "SIOCETHTOOL SRINGPARAM rx_pending eth0");
  CHECK(describe("ethtool:eth0:ring.tx") == "SIOCETHTOOL SRINGPARAM tx_pending eth0");
  CHECK(describe("ethtool:eth0:channels.combined") == "SIOCETHTOOL SCHANNELS combined_count eth0");
  CHECK(describe("ethtool:eth0:coalesce.rx_max_frames") ==
        "SIOCETHTOOL SCOALESCE rx_max_coalesced_frames eth0");
  CHECK(describe("ethtool:eth0:feature.rx-gro") == "SIOCETHTOOL SFEATURES rx-gro eth0");
  Result<Target> gone = a.resolve(knob("ethtool:eth7:ring.rx"));
  CHECK_FALSE(gone);
  CHECK_FALSE(a.resolve(knob("ethtool:eth0:feature.no-such-feature")));
}

TEST_CASE("ethtool write: ring, channels, coalesce and features round trip on the snapshot") {
  WritableFixture host("kvm-guest");
  ethtool_round_trip(host, "ethtool:eth0:ring.rx", 128, "ring", "rx", 128);
  ethtool_round_trip(host, "ethtool:eth0:channels.combined", 8, "channels", "combined", 8);
  ethtool_round_trip(host, "ethtool:eth0:coalesce.rx_max_frames", 64, "coalesce", "rx_max_frames",
                     64);
  ethtool_round_trip(host, "ethtool:eth0:feature.rx-gro", false, "features", "rx-gro", false);
  ethtool_round_trip(host, "ethtool:eth0:feature.rx-gro-hw", "on", "features", "rx-gro-hw", true);
  // A before-image with only the raw text (as a journal keeps it) restores the same.
  const Applier& a = host.applier(KnobKind::Ethtool);
  for (auto [text, raw, changed, value] :
       {std::tuple{"ethtool:eth0:channels.combined", "4", Json(2), Json(4)},
        std::tuple{"ethtool:eth0:feature.rx-gro", "on", Json(false), Json(true)}}) {
    CAPTURE(text);
    Knob k = knob(text);
    REQUIRE(a.capture(k)->raw == raw);
    REQUIRE(a.write(k, changed));
    REQUIRE(a.restore(k, BeforeImage{Json(), raw, {}}));
    CHECK(a.read(k)->value == value);
  }
}

TEST_CASE("ethtool write: refusals name the device and the field; nothing changes") {
  WritableFixture host("kvm-guest");
  const Applier& a = host.applier(KnobKind::Ethtool);
  const std::string before = host.root.slurp(kEth0Json);

  Result<WriteEffect> many = a.write(knob("ethtool:eth0:channels.combined"), 64);
  REQUIRE_FALSE(many);
  CHECK(many.error().err == EINVAL);
  CHECK(many.error().message() == "eth0: channels.combined = 64 refused (max 8): Invalid argument");

  Result<WriteEffect> ring = a.write(knob("ethtool:eth0:ring.tx"), 4096);
  REQUIRE_FALSE(ring);
  CHECK(ring.error().err == EINVAL);
  CHECK(ring.error().message() == "eth0: ring.tx = 4096 refused (max 256): Invalid argument");

  // virtio_net coalesces by frames only: rx_usecs is not in its coalesce_supported list.
  Knob usecs = knob("ethtool:eth0:coalesce.rx_usecs");
  Result<WriteEffect> coalesce = a.write(usecs, 50);
  REQUIRE_FALSE(coalesce);
  CHECK(has(coalesce.error().message(), "eth0"));
  CHECK(has(coalesce.error().message(), "rx_usecs"));
  std::optional<std::string> why = a.validate(usecs, 50);
  REQUIRE(why);

  Knob fixed = knob("ethtool:eth0:feature.rx-checksum");
  Result<WriteEffect> feature = a.write(fixed, false);
  REQUIRE_FALSE(feature);
  CHECK(feature.error().err == EOPNOTSUPP);
  CHECK(has(feature.error().message(), "eth0: feature.rx-checksum = off refused"));

  CHECK(host.root.slurp(kEth0Json) == before);
}

TEST_CASE("ethtool write: a coalescing parameter outside coalesce_supported is refused") {
  WritableMemoryHost host;
  Json doc = Json::object();
  doc["coalesce"] = coalesce_to_json({{"rx_usecs", 8}, {"tx_usecs", 8}});
  doc["coalesce_supported"] = Json::array({"rx_usecs"});
  host.fs.add_file(kEth0Json, doc.dump() + "\n");
  const Applier& a = host.applier(KnobKind::Ethtool);
  Knob tx = knob("ethtool:eth0:coalesce.tx_usecs");
  Result<Target> t = a.resolve(tx);
  REQUIRE_FALSE(t);
  CHECK(t.error().err == EOPNOTSUPP);
  CHECK(t.error().message() ==
        "eth0: coalesce.tx_usecs is not supported by the driver (it has rx_usecs): Operation not "
        "supported");
  CHECK(a.validate(tx, 16) ==
        "eth0: coalesce.tx_usecs is not supported by the driver (it has "
        "rx_usecs)");
  CHECK_FALSE(a.write(tx, 16));
  REQUIRE(a.write(knob("ethtool:eth0:coalesce.rx_usecs"), 16));
  CHECK(Json::parse(host.fs.files().at(kEth0Json))["coalesce"]["rx_usecs"] == 16);
  // Without the list (an older capture), the driver judges.
  doc.erase("coalesce_supported");
  host.fs.add_file(kEth0Json, doc.dump() + "\n");
  REQUIRE(a.write(tx, 16));
}

TEST_CASE("ethtool write: a read-only run refuses with EROFS naming the knob") {
  FixtureHost host("kvm-guest");
  const Applier& a = host.set.applier_for(KnobKind::Ethtool);
  Knob k = knob("ethtool:eth0:channels.combined");
  Result<BeforeImage> image = a.capture(k);
  REQUIRE(image);
  CHECK(image->value == 4);
  CHECK(image->raw == "4");
  Result<WriteEffect> w = a.write(k, 2);
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EROFS);
  CHECK(has(w.error().message(), "ethtool:eth0:channels.combined"));
  CHECK(a.restore(k, *image).error().err == EROFS);
}

TEST_CASE("irq_affinity write: /proc/irq/N/smp_affinity_list of the queue's interrupt") {
  WritableFixture host("kvm-guest");
  const int irq = queue_irq(host.facts, "eth0", 1);
  const std::string path = "/proc/irq/" + std::to_string(irq) + "/smp_affinity_list";
  file_round_trip(host, "irq_affinity:eth0:1", "2-3", path, "2-3");
  file_round_trip(host, "irq_affinity:eth0:1", Json::array({1, 4, 5, 6}), path, "1,4-6");
  file_round_trip(host, "irq_affinity:eth0:1", "f0", path, "4-7");  // a mask, as cpulist
  CHECK(host.applier(KnobKind::IrqAffinity).resolve(knob("irq_affinity:eth0:1"))->device ==
        std::to_string(irq));
  Result<Target> none = host.applier(KnobKind::IrqAffinity).resolve(knob("irq_affinity:eth0:99"));
  REQUIRE_FALSE(none);
  CHECK(none.error().err == ENOENT);
}

TEST_CASE("irq_affinity write: a managed interrupt's refusal comes back as an error") {
  WritableMemoryHost host;
  host.facts = Json::parse(R"({"nics": [{"name": "eth0", "irqs": [{"irq": 45}]}]})");
  host.fs.add_file("/proc/irq/45/smp_affinity_list", "0-7\n");
  host.fs.fail_writes_to("/proc/irq/45/smp_affinity_list", EIO);
  const Applier& a = host.applier(KnobKind::IrqAffinity);
  Result<WriteEffect> w = a.write(knob("irq_affinity:eth0:0"), "0-1");
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EIO);
  CHECK(w.error().message() ==
        "write irq_affinity:eth0:0 = '0-1' to mem:/proc/irq/45/smp_affinity_list: "
        "Input/output error");
}

TEST_CASE("rps, xps and rps_flow write: the queue files, masks in the kernel's hex") {
  WritableFixture host("kvm-guest");
  const std::string q = "/sys/class/net/eth0/queues/";
  file_round_trip(host, "rps:eth0:0", "0-3", q + "rx-0/rps_cpus", "f");
  file_round_trip(host, "rps:eth0:1", Json::array({0, 7}), q + "rx-1/rps_cpus", "81");
  file_round_trip(host, "rps:eth0:2", "", q + "rx-2/rps_cpus", "0");   // steering off
  file_round_trip(host, "xps:eth0:3", "8", q + "tx-3/xps_cpus", "8");  // mask 8 = CPU 3
  file_round_trip(host, "rps_flow:eth0:0", 4096, q + "rx-0/rps_flow_cnt", "4096");
  CHECK(host.applier(KnobKind::Rps).resolve(knob("rps:eth0:0"))->device == "eth0");
}

TEST_CASE("rps write: masks above 32 CPUs are comma-grouped") {
  WritableMemoryHost host;
  host.fs.add_file("/sys/class/net/eth0/queues/rx-0/rps_cpus", "00000000,00000000\n");
  const Applier& a = host.applier(KnobKind::Rps);
  REQUIRE(a.write(knob("rps:eth0:0"), Json::array({0, 33})));
  CHECK(host.fs.files().at("/sys/class/net/eth0/queues/rx-0/rps_cpus") == "2,00000001");
}

TEST_CASE("rps and xps write: refusals, links and read-only runs") {
  WritableMemoryHost host;
  host.fs.add_file("/sys/class/net/eth0/queues/rx-0/rps_cpus", "0\n");
  host.fs.add_file("/etc/passwd", "root\n");
  host.fs.add_link("/sys/class/net/eth0/queues/tx-0/xps_cpus", "/etc/passwd");
  host.fs.add_file("/sys/class/net/eth0/queues/rx-1/rps_flow_cnt", "0\n");
  host.fs.fail_writes_to("/sys/class/net/eth0/queues/rx-0/rps_cpus", EINVAL);
  Result<WriteEffect> w = host.applier(KnobKind::Rps).write(knob("rps:eth0:0"), "1");
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EINVAL);
  CHECK(has(w.error().message(), "/sys/class/net/eth0/queues/rx-0/rps_cpus"));
  Result<WriteEffect> link = host.applier(KnobKind::Xps).write(knob("xps:eth0:0"), "1");
  REQUIRE_FALSE(link);
  CHECK(link.error().err == EXDEV);
  CHECK_FALSE(host.applier(KnobKind::RpsFlow).write(knob("rps_flow:eth0:1"), -1));

  MemoryHost ro;
  ro.fs.add_file("/sys/class/net/eth0/queues/rx-1/rps_flow_cnt", "0\n");
  Result<WriteEffect> erofs =
      ro.set.applier_for(KnobKind::RpsFlow).write(knob("rps_flow:eth0:1"), 1);
  REQUIRE_FALSE(erofs);
  CHECK(erofs.error().err == EROFS);
  CHECK(has(erofs.error().message(), "rps_flow:eth0:1"));

  std::vector<FsOpRecord> writes = host.fs.writes();
  REQUIRE(writes.size() == 1);  // only the one the fault refused
  CHECK(writes[0].err == EINVAL);
  CHECK(host.fs.files().at("/etc/passwd") == "root\n");
}
