// The set half of the ethtool seam under --root: the snapshot port checks a change as a
// driver would, rewrites the interface's JSON atomically with only that section changed,
// and reads back what it wrote. The shared checks are tested on their own too.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "engine/core/ethtool_json.h"
#include "engine/core/ethtool_set.h"
#include "engine/core/memory_host_fs.h"
#include "tests/unit/temp_root.h"

namespace vtune {
namespace {

constexpr const char* kPath = "/.vtune/ethtool/eth0.json";

Json eth0_document() {
  Json doc = Json::object();
  doc["ring"] = ring_to_json(EthtoolRing{512, 0, 0, 512, 4096, 0, 0, 4096});
  doc["channels"] = channels_to_json(EthtoolChannels{0, 0, 1, 8, 0, 0, 1, 16});
  doc["coalesce"] = coalesce_to_json({{"rx_usecs", 50}, {"tx_usecs", 50}, {"adaptive_rx", 1}});
  doc["features"] = features_to_json({{"rx-gro", {true, true}},
                                      {"tx-tcp-segmentation", {true, true}},
                                      {"rx-lro", {false, false}}});
  doc["coalesce_supported"] = Json::array({"rx_usecs", "tx_usecs"});  // a section we do not own
  return doc;
}

struct SnapshotHost {
  MemoryHostFs fs;
  std::unique_ptr<EthtoolPort> port;
  SnapshotHost() {
    fs.add_file(kPath, eth0_document().dump(2) + "\n");
    port = make_snapshot_ethtool(fs);
  }
  Json doc() const { return Json::parse(fs.files().at(kPath)); }
};

}  // namespace

TEST_CASE("ethtool set (snapshot): a ring change within the maximum is written back") {
  SnapshotHost host;
  Result<EthtoolRing> after = host.port->set_ring("eth0", EthtoolRingChange{4096, {}, {}, {}});
  REQUIRE(after.ok());
  CHECK(after->rx == 4096);
  CHECK(after->tx == 512);  // not given: kept
  CHECK(host.doc()["ring"]["rx"] == 4096);
  CHECK(host.doc()["ring"]["rx_max"] == 4096);
  CHECK(host.doc()["coalesce_supported"] == Json::array({"rx_usecs", "tx_usecs"}));
  CHECK(host.port->ring("eth0").value().rx == 4096);
  // One atomic replace, nothing written in place.
  std::vector<FsOpRecord> w = host.fs.writes();
  REQUIRE(w.size() == 1);
  CHECK(w[0].op == FsOp::Replace);
  CHECK(w[0].path == kPath);
}

TEST_CASE("ethtool set (snapshot): above the maximum is EINVAL naming device and field") {
  SnapshotHost host;
  const std::string before = host.fs.files().at(kPath);
  Result<EthtoolRing> r = host.port->set_ring("eth0", EthtoolRingChange{8192, {}, {}, {}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().err == EINVAL);
  CHECK(r.error().path == "eth0");
  CHECK(r.error().message() == "set ring.rx 8192 (max 4096) on eth0: Invalid argument");
  CHECK(host.fs.files().at(kPath) == before);
  CHECK(host.fs.writes().empty());

  Result<EthtoolChannels> ch = host.port->set_channels("eth0", {{}, {}, {}, 17});
  REQUIRE_FALSE(ch.ok());
  CHECK(ch.error().err == EINVAL);
  CHECK(ch.error().message().find("channels.combined 17 (max 16)") != std::string::npos);
  // A jumbo ring the driver does not have (max 0) is refused as well.
  CHECK(host.port->set_ring("eth0", EthtoolRingChange{{}, {}, 1, {}}).error().err == EINVAL);
}

TEST_CASE("ethtool set (snapshot): channels need an rx and a tx channel, as in the kernel") {
  SnapshotHost host;
  Result<EthtoolChannels> ok = host.port->set_channels("eth0", {{}, {}, {}, 16});
  REQUIRE(ok.ok());
  CHECK(ok->combined == 16);
  CHECK(ok->other == 1);
  CHECK(host.doc()["channels"]["combined"] == 16);
  Result<EthtoolChannels> none = host.port->set_channels("eth0", {{}, {}, {}, 0});
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().err == EINVAL);
  CHECK(none.error().message().find("channels.combined 0") != std::string::npos);
}

TEST_CASE("ethtool set (snapshot): coalescing changes only the given fields") {
  SnapshotHost host;
  Result<EthtoolCoalesce> after = host.port->set_coalesce("eth0", {{"rx_usecs", 8}});
  REQUIRE(after.ok());
  CHECK(*after == EthtoolCoalesce{{"rx_usecs", 8}, {"tx_usecs", 50}, {"adaptive_rx", 1}});
  Result<EthtoolCoalesce> absent = host.port->set_coalesce("eth0", {{"rx_max_frames", 64}});
  REQUIRE_FALSE(absent.ok());
  CHECK(absent.error().err == EOPNOTSUPP);
  CHECK(absent.error().message().find("coalesce.rx_max_frames 64") != std::string::npos);
  Result<EthtoolCoalesce> unknown = host.port->set_coalesce("eth0", {{"rx_useconds", 1}});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().err == EINVAL);
  CHECK(host.doc()["coalesce"]["rx_usecs"] == 8);
}

TEST_CASE("ethtool set (snapshot): features by name; unknown and fixed ones refused") {
  SnapshotHost host;
  Result<EthtoolFeaturesResult> off = host.port->set_features("eth0", {{"rx-gro", false}});
  REQUIRE(off.ok());
  CHECK_FALSE(off->after.at("rx-gro").active);
  CHECK(off->after.at("rx-gro").changeable);
  CHECK(off->unmet.empty());
  CHECK(off->also_changed.empty());
  CHECK(host.doc()["features"]["rx-gro"] == Json{{"active", false}, {"changeable", true}});

  Result<EthtoolFeaturesResult> fixed = host.port->set_features("eth0", {{"rx-lro", true}});
  REQUIRE_FALSE(fixed.ok());
  CHECK(fixed.error().err == EOPNOTSUPP);
  CHECK(fixed.error().message() ==
        "set feature rx-lro on (fixed) on eth0: Operation not supported");
  // Asking a fixed feature for the state it is in changes nothing and is no error.
  CHECK(host.port->set_features("eth0", {{"rx-lro", false}}).ok());
  Result<EthtoolFeaturesResult> unknown = host.port->set_features("eth0", {{"rx-fancy", true}});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().err == EINVAL);
}

TEST_CASE("ethtool set (snapshot): failures leave the file as it was") {
  SnapshotHost host;
  const std::string before = host.fs.files().at(kPath);
  host.fs.fail_nth_write(1, EIO);
  Result<EthtoolRing> r = host.port->set_ring("eth0", EthtoolRingChange{1024, {}, {}, {}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().err == EIO);
  CHECK(host.fs.files().at(kPath) == before);

  // No section: the capture could not read it, which a set reports as the driver would.
  host.fs.add_file("/.vtune/ethtool/veth0.json", "{\"features\": {}}\n");
  Result<EthtoolRing> none = host.port->set_ring("veth0", EthtoolRingChange{1, {}, {}, {}});
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().err == EOPNOTSUPP);
  CHECK(none.error().path == "veth0");
  CHECK(host.port->set_ring("nosuch0", {}).error().err == ENOENT);
  CHECK(host.port->set_ring("../x", {}).error().err == EINVAL);
}

TEST_CASE("ethtool set (snapshot): a port over a const HostFs only reads") {
  MemoryHostFs fs;
  fs.add_file(kPath, eth0_document().dump());
  const HostFs& read_only = fs;
  std::unique_ptr<EthtoolPort> port = make_snapshot_ethtool(read_only);
  CHECK(port->ring("eth0").ok());
  Result<EthtoolRing> r = port->set_ring("eth0", EthtoolRingChange{1024, {}, {}, {}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().err == EROFS);
  CHECK(fs.writes().empty());
}

TEST_CASE("ethtool set (snapshot, on disk): a shorter document leaves no tail, mode kept") {
  test::TempRoot root;
  Json doc = eth0_document();
  doc["padding"] = std::string(4096, 'x');  // the file shrinks a lot when this goes
  root.put(kPath, doc.dump(2) + "\n");
  REQUIRE(::chmod((root.dir + kPath).c_str(), 0640) == 0);
  std::unique_ptr<HostFs> fs = make_disk_host_fs(root.dir);
  std::unique_ptr<EthtoolPort> port = make_snapshot_ethtool(*fs);
  REQUIRE(port->set_ring("eth0", EthtoolRingChange{1024, {}, {}, 2048}).ok());
  // Someone trimmed the padding meanwhile; the next set must not leave the old tail.
  doc = Json::parse(root.slurp(kPath));
  doc.erase("padding");
  root.put(kPath, doc.dump() + "\n");
  REQUIRE(port->set_channels("eth0", {{}, {}, {}, 4}).ok());
  Json written = Json::parse(root.slurp(kPath));  // throws on trailing garbage
  CHECK(written["ring"]["rx"] == 1024);
  CHECK(written["ring"]["tx"] == 2048);
  CHECK(written["channels"]["combined"] == 4);
  struct stat st {};
  REQUIRE(::stat((root.dir + kPath).c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
}

TEST_CASE("feature_outcome: unmet wishes and dependent features the kernel changed") {
  EthtoolFeatures before{{"tx-checksum-ip-generic", {true, true}},
                         {"tx-tcp-segmentation", {true, true}},
                         {"rx-gro", {true, true}}};
  EthtoolFeatures after{{"tx-checksum-ip-generic", {false, true}},
                        {"tx-tcp-segmentation", {false, true}},
                        {"rx-gro", {true, true}}};
  EthtoolFeaturesResult r = feature_outcome(
      before, after, {{"tx-checksum-ip-generic", false}, {"rx-gro", false}, {"gone", true}});
  CHECK(r.unmet == std::vector<std::string>{"rx-gro", "gone"});
  CHECK(r.also_changed == std::vector<std::string>{"tx-tcp-segmentation"});
}

TEST_CASE("describe_change names every field given") {
  CHECK(describe_change(EthtoolRingChange{8192, {}, {}, 1024}) == "ring.rx 8192, ring.tx 1024");
  CHECK(describe_change(EthtoolChannelsChange{{}, {}, {}, 4}) == "channels.combined 4");
  CHECK(describe_change(EthtoolCoalesce{{"rx_usecs", 3}}) == "coalesce.rx_usecs 3");
  CHECK(describe_change(EthtoolFeatureChange{{"rx-gro", false}}) == "feature rx-gro off");
}

}  // namespace vtune
