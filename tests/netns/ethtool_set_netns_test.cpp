// The ethtool ioctl port's set operations against a real kernel: a veth pair with four
// queues inside a private network namespace. Everything set is restored before the end,
// even after a failed check, and the namespace (with the pair) vanishes with the process,
// so the machine's own interfaces are never touched.
#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "appliers/registry.h"
#include "engine/core/ethtool_port.h"
#include "tests/netns/netns_harness.h"

using namespace vtune;
using namespace vtune::netns;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void make_veth_pair() {
  if (std::system("ip link add vs0 numtxqueues 4 numrxqueues 4 type veth peer name vs1 "
                  "numtxqueues 4 numrxqueues 4 >/dev/null 2>&1") != 0)
    skip("cannot create a veth pair with 4 queues (iproute2 or the veth module missing)");
  if (std::system("ip link set vs0 up && ip link set vs1 up") != 0) {
    std::printf("FAIL: ip link set up\n");
    std::exit(1);
  }
}

// Puts back the channel counts and features found at the start, whatever happened between.
class Restore {
 public:
  explicit Restore(EthtoolPort& port) : port_(port) {
    if (Result<EthtoolChannels> c = port.channels("vs0")) channels_ = *c;
    if (Result<EthtoolFeatures> f = port.features("vs0")) features_ = *f;
  }
  ~Restore() {
    if (channels_) (void)port_.set_channels("vs0", {channels_->rx, channels_->tx, {}, {}});
    if (!features_) return;
    EthtoolFeatureChange back;
    for (const auto& [name, f] : *features_)
      if (f.changeable) back[name] = f.active;
    Result<EthtoolFeaturesResult> r = port_.set_features("vs0", back);
    bool restored = r.ok();
    if (r)
      for (const auto& [name, f] : *features_)
        restored = restored && r->after.count(name) && r->after.at(name).active == f.active;
    check(restored, "features of vs0 restored");
  }
  const std::optional<EthtoolChannels>& channels() const { return channels_; }

 private:
  EthtoolPort& port_;
  std::optional<EthtoolChannels> channels_;
  std::optional<EthtoolFeatures> features_;
};

void check_channels(EthtoolPort& port, const Restore& start) {
  if (!start.channels()) {
    Result<EthtoolChannels> c = port.set_channels("vs0", {2, 2, {}, {}});
    check(!c.ok() && c.error().err == EOPNOTSUPP && c.error().path == "vs0",
          "set_channels unsupported on this kernel's veth, cleanly: " +
              (c.ok() ? std::string("ok?") : c.error().message()));
    return;
  }
  const EthtoolChannels& was = *start.channels();
  std::printf("vs0 channels: rx %u/%u tx %u/%u combined %u/%u\n", was.rx, was.rx_max, was.tx,
              was.tx_max, was.combined, was.combined_max);
  check(was.rx_max == 4 && was.tx_max == 4, "veth made with 4 queues reports max rx/tx 4");

  Result<EthtoolChannels> two = port.set_channels("vs0", {2, 2, {}, {}});
  if (!two && two.error().err == EOPNOTSUPP) {
    std::printf("SKIP (part): this kernel's veth cannot change channels: %s\n",
                two.error().message().c_str());
  } else {
    check(two.ok() && two->rx == 2 && two->tx == 2,
          "set_channels rx 2 tx 2 reads back 2/2: " +
              (two.ok() ? std::to_string(two->rx) + "/" + std::to_string(two->tx)
                        : two.error().message()));
    Result<EthtoolChannels> again = port.channels("vs0");
    check(again.ok() && again->rx == 2 && again->tx == 2, "channels() agrees afterwards");

    // The kernel's own refusal (veth needs an rx and a tx queue), named by field.
    Result<EthtoolChannels> zero = port.set_channels("vs0", {0, {}, {}, {}});
    check(!zero.ok() && zero.error().err == EINVAL && zero.error().path == "vs0" &&
              contains(zero.error().message(), "channels.rx 0"),
          "rx 0 is refused naming vs0 and channels.rx: " +
              (zero.ok() ? std::string("accepted?") : zero.error().message()));
  }

  Result<EthtoolChannels> over = port.set_channels("vs0", {was.rx_max + 1, {}, {}, {}});
  check(!over.ok() && over.error().err == EINVAL && over.error().path == "vs0" &&
            contains(over.error().message(), "channels.rx " + std::to_string(was.rx_max + 1) +
                                                 " (max " + std::to_string(was.rx_max) + ")"),
        "above the max is EINVAL naming device and field: " +
            (over.ok() ? std::string("accepted?") : over.error().message()));
  Result<EthtoolChannels> unchanged = port.channels("vs0");
  check(unchanged.ok() && unchanged->rx <= unchanged->rx_max, "a refused set changed nothing");
}

void check_features(EthtoolPort& port) {
  Result<EthtoolFeatures> f = port.features("vs0");
  if (!f) {
    check(false, "features(vs0): " + f.error().message());
    return;
  }
  for (const char* name : {"rx-gro", "tx-tcp-segmentation", "tx-checksum-ip-generic"}) {
    auto it = f->find(name);
    if (it == f->end() || !it->second.changeable)
      skip(std::string(name) + " is not changeable on this kernel's veth");
  }

  Result<EthtoolFeaturesResult> gro_off = port.set_features("vs0", {{"rx-gro", false}});
  check(gro_off.ok() && !gro_off->after.at("rx-gro").active && gro_off->unmet.empty(),
        "rx-gro off reads back off: " + (gro_off.ok() ? "ok" : gro_off.error().message()));
  Result<EthtoolFeaturesResult> gro_on = port.set_features("vs0", {{"rx-gro", true}});
  check(gro_on.ok() && gro_on->after.at("rx-gro").active, "rx-gro back on");

  Result<EthtoolFeaturesResult> tso_off =
      port.set_features("vs0", {{"tx-tcp-segmentation", false}});
  check(tso_off.ok() && !tso_off->after.at("tx-tcp-segmentation").active,
        "tx-tcp-segmentation off reads back off");

  // Without checksumming the kernel drops TSO by itself (netdev_fix_features): the
  // read-back says so, and asking for TSO then is a wish it does not grant.
  if (Result<EthtoolFeaturesResult> on = port.set_features("vs0", {{"tx-tcp-segmentation", true}});
      !on || !on->after.at("tx-tcp-segmentation").active) {
    check(false, "tx-tcp-segmentation back on");
    return;
  }
  Result<EthtoolFeaturesResult> csum_off =
      port.set_features("vs0", {{"tx-checksum-ip-generic", false}});
  check(csum_off.ok() && has(csum_off->also_changed, "tx-tcp-segmentation"),
        "turning off tx-checksum-ip-generic takes tx-tcp-segmentation with it: " +
            (csum_off.ok() ? std::to_string(csum_off->also_changed.size()) + " also changed"
                           : csum_off.error().message()));
  Result<EthtoolFeaturesResult> wish = port.set_features("vs0", {{"tx-tcp-segmentation", true}});
  check(wish.ok() && has(wish->unmet, "tx-tcp-segmentation"),
        "TSO without checksumming is reported unmet, not silently accepted");

  Result<EthtoolFeaturesResult> fixed = port.set_features("vs0", {{"rx-lro", true}});
  check(!fixed.ok() && fixed.error().err == EOPNOTSUPP &&
            contains(fixed.error().message(), "rx-lro") && fixed.error().path == "vs0",
        "a fixed feature is refused naming it: " +
            (fixed.ok() ? std::string("accepted?") : fixed.error().message()));
  Result<EthtoolFeaturesResult> unknown = port.set_features("vs0", {{"rx-nonesuch", true}});
  check(!unknown.ok() && unknown.error().err == EINVAL, "an unknown feature is EINVAL");
}

void check_ring_and_coalesce(EthtoolPort& port) {
  Result<EthtoolRing> ring = port.ring("vs0");
  if (ring) {
    Result<EthtoolRing> same = port.set_ring("vs0", {ring->rx, {}, {}, ring->tx});
    check(same.ok() || same.error().err == EOPNOTSUPP,
          "set_ring to the current sizes: " + (same.ok() ? "ok" : same.error().message()));
  } else {
    Result<EthtoolRing> r = port.set_ring("vs0", {256, {}, {}, {}});
    check(!r.ok() && r.error().err == EOPNOTSUPP && r.error().path == "vs0",
          "set_ring on veth without rings is EOPNOTSUPP naming it: " +
              (r.ok() ? std::string("ok?") : r.error().message()));
  }
  Result<EthtoolCoalesce> co = port.coalesce("vs0");
  if (co) {
    Result<EthtoolCoalesce> same = port.set_coalesce("vs0", {{"rx_usecs", co->at("rx_usecs")}});
    check(same.ok() || same.error().err == EOPNOTSUPP,
          "set_coalesce to the current value: " + (same.ok() ? "ok" : same.error().message()));
  } else {
    Result<EthtoolCoalesce> c = port.set_coalesce("vs0", {{"rx_usecs", 10}});
    check(!c.ok() && c.error().err == EOPNOTSUPP && c.error().path == "vs0",
          "set_coalesce on veth without coalescing is EOPNOTSUPP naming it");
  }
  Result<EthtoolChannels> gone = port.set_channels("nosuch0", {1, {}, {}, {}});
  check(!gone.ok() && gone.error().err == ENODEV && gone.error().path == "nosuch0",
        "a missing interface is ENODEV naming it");
}

// The ethtool applier over the ioctl port: what the transaction does to one knob (capture,
// write, read back, restore), and a refusal named by device and field.
void check_applier(EthtoolPort& port, const Restore& start) {
  std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
  Facts facts = Json::object();
  ApplierSet set(ApplierContext{*fs, port, facts, nullptr, &port});
  const Applier& a = set.applier_for(KnobKind::Ethtool);
  auto round_trip = [&](const char* text, const Json& desired) {
    Knob k = *parse_knob(text).knob;
    Result<Target> t = a.resolve(k);
    check(t.ok() && t->device == "vs0",
          std::string("resolve ") + text + ": " + (t ? t->describe : t.error().message()));
    Result<BeforeImage> before = a.capture(k);
    if (!before) return check(false, "capture: " + before.error().message());
    Result<WriteEffect> w = a.write(k, desired);
    check(w.ok(), std::string("applier writes ") + text + " = " + desired.dump() + ": " +
                      (w ? "ok" : w.error().message()));
    Result<KnobValue> now = a.read(k);
    check(now.ok() && a.equal(k, now->value, desired), "the kernel reads back the new value");
    Result<void> r = a.restore(k, *before);
    Result<KnobValue> back = a.read(k);
    check(r.ok() && back.ok() && back->value == before->value,
          std::string("restore puts ") + text + " back to " + before->value.dump());
  };
  round_trip("ethtool:vs0:feature.rx-gro", false);
  if (!start.channels()) return;
  round_trip("ethtool:vs0:channels.rx", 1);
  const uint32_t max = start.channels()->rx_max;
  Result<WriteEffect> over =
      a.write(*parse_knob("ethtool:vs0:channels.rx").knob, static_cast<int>(max + 1));
  const std::string want = "vs0: channels.rx = " + std::to_string(max + 1) + " refused (max " +
                           std::to_string(max) + "): Invalid argument";
  check(!over.ok() && over.error().err == EINVAL && over.error().message() == want,
        "the applier names the refusal: " +
            (over ? std::string("accepted?") : over.error().message()));
}

}  // namespace

int main() {
  enter_private_namespace();
  make_veth_pair();
  std::unique_ptr<EthtoolPort> port = make_ioctl_ethtool();
  {
    Restore restore(*port);
    check_channels(*port, restore);
    check_features(*port);
    check_ring_and_coalesce(*port);
    check_applier(*port, restore);
  }
  return netns::finish();
}
