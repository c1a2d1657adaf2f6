#pragma once
// Ethtool seam. Live: the SIOCETHTOOL ioctl on an AF_INET datagram socket in the current
// network namespace. Under --root: DIR/.vtune/ethtool/<ifname>.json, in the JSON form given
// by ethtool_state_to_json (which is also what `vtune snapshot` writes).
//
// The set operations change only the fields they are given, and return the state read
// back afterwards (the kernel or driver may round a value or change dependent features).
// A refusal is a SysError with path = the interface and `what` naming the field and the
// value: "set ring.rx 8192 (max 4096) on eth0: Invalid argument". Values above the
// driver's *_max are EINVAL, a coalescing field the driver lacks or a fixed feature is
// EOPNOTSUPP, a name nobody knows is EINVAL.
#include <cerrno>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/core/json.h"
#include "engine/core/qdisc_netlink.h"
#include "engine/core/result.h"

namespace vtune {

struct EthtoolRing {
  uint32_t rx = 0, rx_mini = 0, rx_jumbo = 0, tx = 0;
  uint32_t rx_max = 0, rx_mini_max = 0, rx_jumbo_max = 0, tx_max = 0;
};

struct EthtoolChannels {
  uint32_t rx = 0, tx = 0, other = 0, combined = 0;
  uint32_t rx_max = 0, tx_max = 0, other_max = 0, combined_max = 0;
};

// Coalescing parameters by their ethtool_coalesce field name without the type prefix:
// rx_usecs, rx_max_frames (rx_max_coalesced_frames), tx_usecs, adaptive_rx, adaptive_tx, ...
using EthtoolCoalesce = std::map<std::string, uint32_t>;

struct EthtoolFeature {
  bool active = false;      // currently on
  bool changeable = false;  // the driver lets it be toggled
};
// By the kernel's feature string: "tx-tcp-segmentation", "rx-gro", "rx-checksum", ...
using EthtoolFeatures = std::map<std::string, EthtoolFeature>;

// The ring or channel counts to set; a field left empty keeps its current value.
struct EthtoolRingChange {
  std::optional<uint32_t> rx, rx_mini, rx_jumbo, tx;
};
struct EthtoolChannelsChange {
  std::optional<uint32_t> rx, tx, other, combined;
};
// Features to turn on (true) or off (false), by name.
using EthtoolFeatureChange = std::map<std::string, bool>;

// What set_features did: the features read back afterwards, the asked-for ones the kernel
// did not put in the asked state (it may refuse a combination), and the ones it changed
// though not asked to (turning off tx-checksumming takes TSO with it).
struct EthtoolFeaturesResult {
  EthtoolFeatures after;
  std::vector<std::string> unmet;
  std::vector<std::string> also_changed;
};

class EthtoolPort {
 public:
  virtual ~EthtoolPort() = default;
  virtual Result<EthtoolRing> ring(std::string_view ifname) const = 0;
  virtual Result<EthtoolChannels> channels(std::string_view ifname) const = 0;
  virtual Result<EthtoolCoalesce> coalesce(std::string_view ifname) const = 0;
  virtual Result<EthtoolFeatures> features(std::string_view ifname) const = 0;
  // The coalescing parameters (kEthtoolCoalesceNames) the driver supports, from ethtool
  // netlink's COALESCE_GET (live) or "coalesce_supported" in the snapshot. An error means
  // unknown (no netlink, an old capture), never "all supported". A port without the
  // query cannot tell.
  virtual Result<std::vector<std::string>> coalesce_supported(std::string_view ifname) const {
    return SysError{ENOSYS, std::string(ifname), "coalesce_supported"};
  }
  // The interface's root qdisc and its children's kinds: rtnetlink live, "qdisc" in the
  // snapshot. Not ethtool, but per-interface netlink state captured in the same file.
  virtual Result<QdiscState> qdisc(std::string_view ifname) const {
    return SysError{ENOSYS, std::string(ifname), "qdisc"};
  }

  // The writing half. A port that cannot change anything (a read-only snapshot, a test
  // fake) refuses with EROFS.
  virtual Result<EthtoolRing> set_ring(std::string_view ifname, const EthtoolRingChange& change) {
    return refuse(ifname, "ring");
  }
  virtual Result<EthtoolChannels> set_channels(std::string_view ifname,
                                               const EthtoolChannelsChange& change) {
    return refuse(ifname, "channels");
  }
  // Read-modify-write: only the named fields (kEthtoolCoalesceNames) change.
  virtual Result<EthtoolCoalesce> set_coalesce(std::string_view ifname,
                                               const EthtoolCoalesce& change) {
    return refuse(ifname, "coalesce");
  }
  virtual Result<EthtoolFeaturesResult> set_features(std::string_view ifname,
                                                     const EthtoolFeatureChange& change) {
    return refuse(ifname, "features");
  }

 private:
  static SysError refuse(std::string_view ifname, const char* group) {
    return SysError{EROFS, std::string(ifname), std::string("set ") + group + " on"};
  }
};

std::unique_ptr<EthtoolPort> make_ioctl_ethtool();
// Reads only: the set operations refuse with EROFS.
std::unique_ptr<EthtoolPort> make_snapshot_ethtool(const HostFs& fs);
// Reads and writes: a set rewrites the interface's JSON file atomically through `fs`,
// after checking the values as a driver would (EINVAL above *_max, ...).
std::unique_ptr<EthtoolPort> make_snapshot_ethtool(HostFs& fs);

// Everything the port knows about one interface, in the snapshot's JSON form:
// {"ring": {...}, "channels": {...}, "coalesce": {...}, "features": {name: {active,
// changeable}}, "coalesce_supported": [name, ...], "qdisc": {"root": kind,
// "children": [kind, ...]}}. A query that failed is left out.
Json ethtool_state_to_json(const EthtoolPort& port, std::string_view ifname);

}  // namespace vtune
