#pragma once
// Ethtool seam. Live: the SIOCETHTOOL ioctl on an AF_INET datagram socket in the current
// network namespace. Under --root: DIR/.vtune/ethtool/<ifname>.json, in the JSON form given
// by ethtool_state_to_json (which is also what `vtune snapshot` writes).
#include <cerrno>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/core/qdisc_netlink.h"
#include "engine/core/result.h"
#include "engine/facts/facts.h"

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
};

std::unique_ptr<EthtoolPort> make_ioctl_ethtool();
std::unique_ptr<EthtoolPort> make_snapshot_ethtool(const HostFs& fs);

// Everything the port knows about one interface, in the snapshot's JSON form:
// {"ring": {...}, "channels": {...}, "coalesce": {...}, "features": {name: {active,
// changeable}}, "coalesce_supported": [name, ...], "qdisc": {"root": kind,
// "children": [kind, ...]}}. A query that failed is left out.
Facts ethtool_state_to_json(const EthtoolPort& port, std::string_view ifname);

}  // namespace vtune
