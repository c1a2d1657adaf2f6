// The live ethtool port: SIOCETHTOOL on an AF_INET datagram socket, which the kernel
// resolves in the caller's network namespace. Read-only queries; each opens its own
// socket so the port holds no state and is safe to share.
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <vector>

#include "engine/core/ethtool_json.h"
#include "engine/core/ethtool_netlink.h"
#include "engine/core/ethtool_port.h"

namespace vtune {
namespace {

class Socket {
 public:
  Socket() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Issues one ETHTOOL_* command with `data` as the ethtool_* argument.
Result<void> ethtool_ioctl(std::string_view ifname, void* data, const char* what) {
  std::string name(ifname);
  if (name.empty() || name.size() >= IFNAMSIZ)
    return SysError{EINVAL, name, std::string("ioctl ") + what};
  Socket sock;
  if (sock.get() < 0) return errno_error(std::string("socket for ioctl ") + what, name);
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, name.data(), name.size());
  ifr.ifr_data = static_cast<char*>(data);
  if (::ioctl(sock.get(), SIOCETHTOOL, &ifr) != 0)
    return errno_error(std::string("ioctl ") + what, name);
  return {};
}

// A buffer for the variable-length ethtool structs (a header followed by an array),
// u64-aligned because ethtool_sset_info has a u64 member.
template <class Header>
class VarStruct {
 public:
  explicit VarStruct(size_t tail_bytes)
      : words_((sizeof(Header) + tail_bytes + sizeof(uint64_t) - 1) / sizeof(uint64_t)) {}
  Header* get() { return reinterpret_cast<Header*>(words_.data()); }

 private:
  std::vector<uint64_t> words_;
};

// The ethtool_coalesce fields in struct order; their names are kEthtoolCoalesceNames.
constexpr __u32 ethtool_coalesce::*kCoalesceMembers[] = {
    &ethtool_coalesce::rx_coalesce_usecs,
    &ethtool_coalesce::rx_max_coalesced_frames,
    &ethtool_coalesce::rx_coalesce_usecs_irq,
    &ethtool_coalesce::rx_max_coalesced_frames_irq,
    &ethtool_coalesce::tx_coalesce_usecs,
    &ethtool_coalesce::tx_max_coalesced_frames,
    &ethtool_coalesce::tx_coalesce_usecs_irq,
    &ethtool_coalesce::tx_max_coalesced_frames_irq,
    &ethtool_coalesce::stats_block_coalesce_usecs,
    &ethtool_coalesce::use_adaptive_rx_coalesce,
    &ethtool_coalesce::use_adaptive_tx_coalesce,
    &ethtool_coalesce::pkt_rate_low,
    &ethtool_coalesce::rx_coalesce_usecs_low,
    &ethtool_coalesce::rx_max_coalesced_frames_low,
    &ethtool_coalesce::tx_coalesce_usecs_low,
    &ethtool_coalesce::tx_max_coalesced_frames_low,
    &ethtool_coalesce::pkt_rate_high,
    &ethtool_coalesce::rx_coalesce_usecs_high,
    &ethtool_coalesce::rx_max_coalesced_frames_high,
    &ethtool_coalesce::tx_coalesce_usecs_high,
    &ethtool_coalesce::tx_max_coalesced_frames_high,
    &ethtool_coalesce::rate_sample_interval,
};
static_assert(std::size(kCoalesceMembers) == std::size(kEthtoolCoalesceNames));

// Feature names come from the kernel, so a count it reports is trusted only this far.
constexpr uint32_t kMaxFeatureStrings = 4096;

class IoctlEthtool final : public EthtoolPort {
 public:
  Result<EthtoolRing> ring(std::string_view ifname) const override {
    ethtool_ringparam rp{};
    rp.cmd = ETHTOOL_GRINGPARAM;
    if (Result<void> r = ethtool_ioctl(ifname, &rp, "ETHTOOL_GRINGPARAM"); !r) return r.error();
    EthtoolRing out;
    out.rx = rp.rx_pending;
    out.rx_mini = rp.rx_mini_pending;
    out.rx_jumbo = rp.rx_jumbo_pending;
    out.tx = rp.tx_pending;
    out.rx_max = rp.rx_max_pending;
    out.rx_mini_max = rp.rx_mini_max_pending;
    out.rx_jumbo_max = rp.rx_jumbo_max_pending;
    out.tx_max = rp.tx_max_pending;
    return out;
  }

  Result<EthtoolChannels> channels(std::string_view ifname) const override {
    ethtool_channels ch{};
    ch.cmd = ETHTOOL_GCHANNELS;
    if (Result<void> r = ethtool_ioctl(ifname, &ch, "ETHTOOL_GCHANNELS"); !r) return r.error();
    EthtoolChannels out;
    out.rx = ch.rx_count;
    out.tx = ch.tx_count;
    out.other = ch.other_count;
    out.combined = ch.combined_count;
    out.rx_max = ch.max_rx;
    out.tx_max = ch.max_tx;
    out.other_max = ch.max_other;
    out.combined_max = ch.max_combined;
    return out;
  }

  Result<EthtoolCoalesce> coalesce(std::string_view ifname) const override {
    ethtool_coalesce ec{};
    ec.cmd = ETHTOOL_GCOALESCE;
    if (Result<void> r = ethtool_ioctl(ifname, &ec, "ETHTOOL_GCOALESCE"); !r) return r.error();
    EthtoolCoalesce out;
    for (size_t i = 0; i < std::size(kCoalesceMembers); ++i)
      out[std::string(kEthtoolCoalesceNames[i])] = ec.*(kCoalesceMembers[i]);
    return out;
  }

  Result<EthtoolFeatures> features(std::string_view ifname) const override {
    Result<uint32_t> count = feature_count(ifname);
    if (!count) return count.error();
    if (*count == 0) return EthtoolFeatures{};
    if (*count > kMaxFeatureStrings)
      return SysError{EOVERFLOW, std::string(ifname), "ETHTOOL_GSSET_INFO feature count"};

    VarStruct<ethtool_gstrings> strings(size_t{*count} * ETH_GSTRING_LEN);
    strings.get()->cmd = ETHTOOL_GSTRINGS;
    strings.get()->string_set = ETH_SS_FEATURES;
    strings.get()->len = *count;
    if (Result<void> r = ethtool_ioctl(ifname, strings.get(), "ETHTOOL_GSTRINGS"); !r)
      return r.error();

    const uint32_t blocks = (*count + 31) / 32;
    VarStruct<ethtool_gfeatures> feats(blocks * sizeof(ethtool_get_features_block));
    feats.get()->cmd = ETHTOOL_GFEATURES;
    feats.get()->size = blocks;
    if (Result<void> r = ethtool_ioctl(ifname, feats.get(), "ETHTOOL_GFEATURES"); !r)
      return r.error();

    // The kernel may hand back fewer strings than asked for if its set shrank between
    // the calls; never read past what it filled in.
    const uint32_t n = std::min(*count, strings.get()->len);
    EthtoolFeatures out;
    for (uint32_t i = 0; i < n; ++i) {
      const char* raw = reinterpret_cast<const char*>(strings.get()->data) + i * ETH_GSTRING_LEN;
      std::string name(raw, strnlen(raw, ETH_GSTRING_LEN));
      if (name.empty()) continue;
      const ethtool_get_features_block& b = feats.get()->features[i / 32];
      const uint32_t bit = 1u << (i % 32);
      // ethtool(8) prints "[fixed]" for exactly this: not available, or never changeable.
      out[name] = EthtoolFeature{(b.active & bit) != 0,
                                 (b.available & bit) != 0 && (b.never_changed & bit) == 0};
    }
    return out;
  }

  // The ioctl cannot tell; ethtool netlink can.
  Result<std::vector<std::string>> coalesce_supported(std::string_view ifname) const override {
    return netlink_coalesce_supported(ifname);
  }
  Result<QdiscState> qdisc(std::string_view ifname) const override {
    return netlink_qdisc_state(ifname);
  }

 private:
  static Result<uint32_t> feature_count(std::string_view ifname) {
    VarStruct<ethtool_sset_info> info(sizeof(uint32_t));
    info.get()->cmd = ETHTOOL_GSSET_INFO;
    info.get()->sset_mask = 1ULL << ETH_SS_FEATURES;
    if (Result<void> r = ethtool_ioctl(ifname, info.get(), "ETHTOOL_GSSET_INFO"); !r)
      return r.error();
    // The kernel clears the bits of sets the device does not have.
    if ((info.get()->sset_mask & (1ULL << ETH_SS_FEATURES)) == 0)
      return SysError{EOPNOTSUPP, std::string(ifname), "ETHTOOL_GSSET_INFO features"};
    return info.get()->data[0];
  }
};

}  // namespace

std::unique_ptr<EthtoolPort> make_ioctl_ethtool() {
  return std::make_unique<IoctlEthtool>();
}

}  // namespace vtune
