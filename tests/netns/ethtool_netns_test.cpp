// The ethtool ioctl port and the nic probe against a real kernel: a veth pair inside a
// private network namespace. The namespace, and the sysfs mounted for it, vanish with the
// process, so the machine's own interfaces are never touched.
#include <sched.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/ethtool_json.h"
#include "engine/facts/host_backend.h"
#include "probes/probes.h"
#include "tests/netns/netns_harness.h"

using namespace vtune;
using namespace vtune::netns;

namespace {

void make_veth_pair() {
  if (std::system("ip link add vt0 type veth peer name vt1 >/dev/null 2>&1") != 0)
    skip("cannot create a veth pair (iproute2 or the veth module missing)");
  if (std::system("ip link set vt0 up") != 0) {
    std::printf("FAIL: ip link set vt0 up\n");
    std::exit(1);
  }
}

std::string read_trimmed(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}

void check_ioctl_port() {
  std::unique_ptr<EthtoolPort> port = make_ioctl_ethtool();

  Result<EthtoolFeatures> f = port->features("vt0");
  check(f.ok(), "features(vt0) " + (f.ok() ? std::string("ok") : f.error().message()));
  if (f) {
    check(f->size() > 20, "veth reports its feature strings (" + std::to_string(f->size()) + ")");
    check(f->count("rx-checksum") == 1, "features has rx-checksum");
    auto generic = f->find("tx-checksum-ip-generic");
    check(generic != f->end() && generic->second.active && generic->second.changeable,
          "tx-checksum-ip-generic is on and changeable on veth");
    auto ipv4 = f->find("tx-checksum-ipv4");
    check(ipv4 != f->end() && !ipv4->second.active && !ipv4->second.changeable,
          "tx-checksum-ipv4 is off [fixed] on veth");
    auto lro = f->find("rx-lro");
    check(lro != f->end() && !lro->second.changeable, "rx-lro is fixed on veth");
  }

  Result<EthtoolChannels> ch = port->channels("vt0");
  if (ch) {
    check(ch->rx >= 1 && ch->rx <= ch->rx_max && ch->tx >= 1 && ch->tx <= ch->tx_max,
          "channels(vt0): rx " + std::to_string(ch->rx) + " of " + std::to_string(ch->rx_max) +
              ", tx " + std::to_string(ch->tx) + " of " + std::to_string(ch->tx_max));
  } else {
    check(ch.error().err == EOPNOTSUPP && ch.error().path == "vt0",
          "channels(vt0) unsupported cleanly: " + ch.error().message());
  }

  Result<EthtoolRing> ring = port->ring("vt0");
  if (ring) {
    check(ring->rx <= ring->rx_max && ring->tx <= ring->tx_max, "ring(vt0) within its maxima");
  } else {
    check(ring.error().err == EOPNOTSUPP && ring.error().path == "vt0",
          "ring(vt0) unsupported cleanly: " + ring.error().message());
  }

  Result<EthtoolCoalesce> co = port->coalesce("vt0");
  check(co.ok() || co.error().err == EOPNOTSUPP,
        "coalesce(vt0) works or is unsupported: " + (co.ok() ? "ok" : co.error().message()));

  Result<EthtoolFeatures> none = port->features("nosuch0");
  check(!none.ok() && none.error().err == ENODEV && none.error().path == "nosuch0",
        "a missing interface is ENODEV naming it");

  Json state = ethtool_state_to_json(*port, "vt0");
  check(state.contains("features"), "ethtool_state_to_json(vt0) carries the features");
}

void check_nic_probe() {
  HostBackend backend("/");
  Warnings warnings;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, warnings);
  Facts facts = Json::object();
  kNicProbe.collect(ctx, facts);
  for (const Warning& w : warnings.items())
    std::printf("warning: %s: %s\n", w.path.c_str(), w.message.c_str());

  const Json& nics = facts["nics"];
  check(nics.is_array() && nics.size() == 2, "the namespace holds exactly vt0 and vt1");
  for (const char* name : {"vt0", "vt1"}) {
    const Json* nic = nullptr;
    for (const Json& n : nics)
      if (n["name"] == name) nic = &n;
    check(nic != nullptr, std::string(name) + " is listed");
    if (nic == nullptr) continue;
    std::string sys = std::string("/sys/class/net/") + name;
    size_t rx = 0, tx = 0;
    for (const auto& e : std::filesystem::directory_iterator(sys + "/queues")) {
      std::string q = e.path().filename();
      rx += q.rfind("rx-", 0) == 0;
      tx += q.rfind("tx-", 0) == 0;
    }
    check((*nic)["virtual"] == true, std::string(name) + " is virtual");
    check((*nic)["mtu"] == 1500, std::string(name) + " mtu 1500");
    check((*nic)["driver"] == nullptr && (*nic)["pci"] == nullptr,
          std::string(name) + " has no driver link or PCI function");
    check((*nic)["queues"] == Json{{"rx", rx}, {"tx", tx}},
          std::string(name) + " queues match sysfs: " + (*nic)["queues"].dump());
    const Json& rps = (*nic)["rps_cpus"];
    bool rps_ok = rps.is_array() && rps.size() == rx;
    for (const Json& m : rps) rps_ok = rps_ok && m.is_string();
    check(rps_ok, std::string(name) + " rps_cpus readable: " + rps.dump());
    check((*nic)["mac"] == read_trimmed(sys + "/address"), std::string(name) + " mac");
    check((*nic)["features"].is_object() && (*nic)["features"].contains("rx-checksum"),
          std::string(name) + " features come from the ioctl");
    check((*nic)["irqs"] == Json::array(), std::string(name) + " has no IRQs");
  }
  check(facts["irqbalance"]["running"].is_boolean(), "irqbalance.running is known");
}

}  // namespace

int main() {
  enter_private_namespace(netns::Sysfs::Private);
  make_veth_pair();
  check_ioctl_port();
  check_nic_probe();
  return netns::finish();
}
