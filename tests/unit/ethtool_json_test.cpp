#include <doctest/doctest.h>

#include <set>

#include "engine/core/ethtool_json.h"
#include "engine/core/memory_host_fs.h"

using namespace vtune;

namespace {

// A port that answers from fixed values, or EOPNOTSUPP where a value is absent.
class FakePort final : public EthtoolPort {
 public:
  std::optional<EthtoolRing> r;
  std::optional<EthtoolChannels> ch;
  std::optional<EthtoolCoalesce> co;
  std::optional<EthtoolFeatures> fe;

  template <class T>
  static Result<T> answer(const std::optional<T>& v, std::string_view ifname) {
    if (v) return *v;
    return SysError{EOPNOTSUPP, std::string(ifname), "fake"};
  }
  Result<EthtoolRing> ring(std::string_view n) const override { return answer(r, n); }
  Result<EthtoolChannels> channels(std::string_view n) const override { return answer(ch, n); }
  Result<EthtoolCoalesce> coalesce(std::string_view n) const override { return answer(co, n); }
  Result<EthtoolFeatures> features(std::string_view n) const override { return answer(fe, n); }
};

}  // namespace

TEST_CASE("ethtool json: the snapshot port reads back what ethtool_state_to_json wrote") {
  FakePort live;
  live.r = EthtoolRing{512, 0, 0, 256, 4096, 0, 0, 4096};
  live.ch = EthtoolChannels{0, 0, 1, 64, 0, 0, 1, 64};
  live.co = EthtoolCoalesce{{"rx_usecs", 1}, {"adaptive_rx", 0}, {"tx_max_frames_irq", 256}};
  live.fe = EthtoolFeatures{{"rx-gro", {true, true}}, {"highdma", {true, false}}};

  MemoryHostFs fs;
  fs.add_file("/.vtune/ethtool/eno1.json", ethtool_state_to_json(live, "eno1").dump());
  std::unique_ptr<EthtoolPort> snap = make_snapshot_ethtool(fs);

  Result<EthtoolRing> ring = snap->ring("eno1");
  REQUIRE(ring.ok());
  CHECK(ring->rx == 512);
  CHECK(ring->tx == 256);
  CHECK(ring->rx_max == 4096);
  CHECK(ring->tx_max == 4096);
  Result<EthtoolChannels> ch = snap->channels("eno1");
  REQUIRE(ch.ok());
  CHECK(ch->combined == 64);
  CHECK(ch->combined_max == 64);
  CHECK(ch->other == 1);
  Result<EthtoolCoalesce> co = snap->coalesce("eno1");
  REQUIRE(co.ok());
  CHECK(*co == *live.co);
  Result<EthtoolFeatures> fe = snap->features("eno1");
  REQUIRE(fe.ok());
  CHECK(fe->at("rx-gro").active);
  CHECK(fe->at("rx-gro").changeable);
  CHECK(fe->at("highdma").active);
  CHECK_FALSE(fe->at("highdma").changeable);
}

TEST_CASE("ethtool json: a failed query is left out and reads back as EOPNOTSUPP") {
  FakePort live;
  live.r = EthtoolRing{256, 0, 0, 256, 4096, 0, 0, 4096};
  Json j = ethtool_state_to_json(live, "ens224");
  CHECK(j.contains("ring"));
  CHECK_FALSE(j.contains("channels"));
  CHECK_FALSE(j.contains("coalesce"));
  CHECK_FALSE(j.contains("features"));
  Result<EthtoolChannels> ch = channels_from_json(j, "x.json");
  REQUIRE_FALSE(ch.ok());
  CHECK(ch.error().err == EOPNOTSUPP);
}

TEST_CASE("ethtool json: malformed snapshots are EINVAL naming the file and the key") {
  Result<Json> broken = parse_ethtool_document("{\"ring\": {\"rx\": 1,", "e.json");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().err == EINVAL);
  CHECK(broken.error().path == "e.json");
  CHECK(broken.error().message().find("malformed JSON at byte") != std::string::npos);

  CHECK(parse_ethtool_document("[1, 2]", "e.json").error().err == EINVAL);

  Json doc = Json::parse(R"({"ring": {"rx": -1}, "channels": "8",
      "coalesce": {"rx_usecs": 1.5}, "features": {"rx-gro": {"active": 1}}})");
  Result<EthtoolRing> ring = ring_from_json(doc, "e.json");
  REQUIRE_FALSE(ring.ok());
  CHECK(ring.error().err == EINVAL);
  CHECK(ring.error().message().find("ring.rx") != std::string::npos);
  CHECK(channels_from_json(doc, "e.json").error().err == EINVAL);
  Result<EthtoolCoalesce> co = coalesce_from_json(doc, "e.json");
  REQUIRE_FALSE(co.ok());
  CHECK(co.error().message().find("coalesce.rx_usecs") != std::string::npos);
  Result<EthtoolFeatures> fe = features_from_json(doc, "e.json");
  REQUIRE_FALSE(fe.ok());
  CHECK(fe.error().message().find("features.rx-gro.active") != std::string::npos);

  // Every ring field is required: a missing one would have to be invented.
  Json partial = Json::parse(R"({"ring": {"rx": 1, "tx": 1}})");
  Result<EthtoolRing> short_ring = ring_from_json(partial, "e.json");
  REQUIRE_FALSE(short_ring.ok());
  CHECK(short_ring.error().message().find("ring.rx_mini: missing") != std::string::npos);
  // Values past __u32 cannot come from the kernel.
  Json huge = Json::parse(R"({"coalesce": {"rx_usecs": 4294967296}})");
  CHECK(coalesce_from_json(huge, "e.json").error().err == EINVAL);
}

TEST_CASE("ethtool snapshot port: missing file, broken file, hostile names") {
  MemoryHostFs fs;
  fs.add_file("/.vtune/ethtool/bad.json", "{not json");
  fs.add_error("/.vtune/ethtool/eacces.json", EACCES);
  std::unique_ptr<EthtoolPort> snap = make_snapshot_ethtool(fs);

  Result<EthtoolRing> missing = snap->ring("eth9");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().err == ENOENT);
  CHECK(missing.error().path == "mem:/.vtune/ethtool/eth9.json");

  Result<EthtoolFeatures> bad = snap->features("bad");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().err == EINVAL);
  CHECK(bad.error().path == "mem:/.vtune/ethtool/bad.json");

  CHECK(snap->coalesce("eacces").error().err == EACCES);
  CHECK(snap->channels("../../etc/passwd").error().err == EINVAL);
  CHECK(snap->channels("..").error().err == EINVAL);
  CHECK(snap->channels("").error().err == EINVAL);
}

TEST_CASE("ethtool coalesce names are unique and in the kernel's struct order") {
  std::set<std::string_view> seen(std::begin(kEthtoolCoalesceNames),
                                  std::end(kEthtoolCoalesceNames));
  CHECK(seen.size() == std::size(kEthtoolCoalesceNames));
  CHECK(kEthtoolCoalesceNames[0] == "rx_usecs");
  CHECK(kEthtoolCoalesceNames[9] == "adaptive_rx");
  CHECK(kEthtoolCoalesceNames[21] == "sample_interval");
}
