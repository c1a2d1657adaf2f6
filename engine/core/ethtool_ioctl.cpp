// The live ethtool port: SIOCETHTOOL on an AF_INET datagram socket, which the kernel
// resolves in the caller's network namespace. Each query or set opens its own socket so the
// port holds no state and is safe to share. A set reads the current state first (to change
// only the given fields and to check them against the driver's maxima, so a refusal names
// the field) and reads it back afterwards.
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
#include "engine/core/ethtool_set.h"

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

// Issues one ETHTOOL_* command with `data` as the ethtool_* argument; the ioctl's
// non-negative return (ETHTOOL_SFEATURES reports ETHTOOL_F_* flags in it).
Result<int> ethtool_ioctl_rc(std::string_view ifname, void* data, const char* what) {
  std::string name(ifname);
  if (name.empty() || name.size() >= IFNAMSIZ)
    return SysError{EINVAL, name, std::string("ioctl ") + what};
  Socket sock;
  if (sock.get() < 0) return errno_error(std::string("socket for ioctl ") + what, name);
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, name.data(), name.size());
  ifr.ifr_data = static_cast<char*>(data);
  int rc = ::ioctl(sock.get(), SIOCETHTOOL, &ifr);
  if (rc < 0) return errno_error(std::string("ioctl ") + what, name);
  return rc;
}

Result<void> ethtool_ioctl(std::string_view ifname, void* data, const char* what) {
  Result<int> rc = ethtool_ioctl_rc(ifname, data, what);
  if (!rc) return rc.error();
  return {};
}

// A set the kernel refused: the errno it gave, naming the device and what was asked.
SysError set_refused(const SysError& e, const std::string& change, const char* cmd) {
  return SysError{e.err, e.path, "set " + change + " (" + cmd + ") on"};
}

EthtoolRing ring_of(const ethtool_ringparam& rp) {
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

EthtoolChannels channels_of(const ethtool_channels& ch) {
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
    return ring_of(rp);
  }

  Result<EthtoolChannels> channels(std::string_view ifname) const override {
    ethtool_channels ch{};
    ch.cmd = ETHTOOL_GCHANNELS;
    if (Result<void> r = ethtool_ioctl(ifname, &ch, "ETHTOOL_GCHANNELS"); !r) return r.error();
    return channels_of(ch);
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
    Result<FeatureTable> table = feature_table(ifname);
    if (!table) return table.error();
    return std::move(table->features);
  }

  Result<EthtoolRing> set_ring(std::string_view ifname, const EthtoolRingChange& change) override {
    ethtool_ringparam rp{};
    rp.cmd = ETHTOOL_GRINGPARAM;
    if (Result<void> r = ethtool_ioctl(ifname, &rp, "ETHTOOL_GRINGPARAM"); !r) return r.error();
    Result<EthtoolRing> next = changed_ring(ifname, ring_of(rp), change);
    if (!next) return next.error();
    rp.cmd = ETHTOOL_SRINGPARAM;
    rp.rx_pending = next->rx;
    rp.rx_mini_pending = next->rx_mini;
    rp.rx_jumbo_pending = next->rx_jumbo;
    rp.tx_pending = next->tx;
    if (Result<void> r = ethtool_ioctl(ifname, &rp, "ETHTOOL_SRINGPARAM"); !r)
      return set_refused(r.error(), describe_change(change), "ETHTOOL_SRINGPARAM");
    return ring(ifname);
  }

  Result<EthtoolChannels> set_channels(std::string_view ifname,
                                       const EthtoolChannelsChange& change) override {
    ethtool_channels ch{};
    ch.cmd = ETHTOOL_GCHANNELS;
    if (Result<void> r = ethtool_ioctl(ifname, &ch, "ETHTOOL_GCHANNELS"); !r) return r.error();
    Result<EthtoolChannels> next = changed_channels(ifname, channels_of(ch), change);
    if (!next) return next.error();
    ch.cmd = ETHTOOL_SCHANNELS;
    ch.rx_count = next->rx;
    ch.tx_count = next->tx;
    ch.other_count = next->other;
    ch.combined_count = next->combined;
    if (Result<void> r = ethtool_ioctl(ifname, &ch, "ETHTOOL_SCHANNELS"); !r)
      return set_refused(r.error(), describe_change(change), "ETHTOOL_SCHANNELS");
    return channels(ifname);
  }

  Result<EthtoolCoalesce> set_coalesce(std::string_view ifname,
                                       const EthtoolCoalesce& change) override {
    // The whole struct goes back, so every field not named keeps the value just read;
    // the kernel refuses (EOPNOTSUPP) a non-zero field the driver does not support.
    ethtool_coalesce ec{};
    ec.cmd = ETHTOOL_GCOALESCE;
    if (Result<void> r = ethtool_ioctl(ifname, &ec, "ETHTOOL_GCOALESCE"); !r) return r.error();
    Result<EthtoolCoalesce> next = changed_coalesce(ifname, coalesce_of(ec), change);
    if (!next) return next.error();
    for (size_t i = 0; i < std::size(kCoalesceMembers); ++i)
      ec.*(kCoalesceMembers[i]) = next->at(std::string(kEthtoolCoalesceNames[i]));
    ec.cmd = ETHTOOL_SCOALESCE;
    if (Result<void> r = ethtool_ioctl(ifname, &ec, "ETHTOOL_SCOALESCE"); !r)
      return set_refused(r.error(), describe_change(change), "ETHTOOL_SCOALESCE");
    return coalesce(ifname);
  }

  Result<EthtoolFeaturesResult> set_features(std::string_view ifname,
                                             const EthtoolFeatureChange& change) override {
    Result<FeatureTable> before = feature_table(ifname);
    if (!before) return before.error();
    if (Result<void> ok = check_feature_change(ifname, before->features, change); !ok)
      return ok.error();
    const size_t n = before->names.size();
    const uint32_t blocks = static_cast<uint32_t>((n + 31) / 32);
    VarStruct<ethtool_sfeatures> set(blocks * sizeof(ethtool_set_features_block));
    set.get()->cmd = ETHTOOL_SFEATURES;
    set.get()->size = blocks;
    bool any = false;
    for (size_t i = 0; i < n; ++i) {
      auto asked = change.find(before->names[i]);
      if (asked == change.end()) continue;
      const EthtoolFeature& now = before->features.at(before->names[i]);
      if (!now.changeable) continue;  // fixed and already as asked (checked above)
      ethtool_set_features_block& b = set.get()->features[i / 32];
      const uint32_t bit = 1u << (i % 32);
      b.valid |= bit;
      if (asked->second) b.requested |= bit;
      any = true;
    }
    // The kernel answers with ETHTOOL_F_WISH when it could not do all it was asked (a
    // feature depends on another one that is off); the read-back below says which.
    if (any) {
      if (Result<int> r = ethtool_ioctl_rc(ifname, set.get(), "ETHTOOL_SFEATURES"); !r)
        return set_refused(r.error(), describe_change(change), "ETHTOOL_SFEATURES");
    }
    Result<FeatureTable> after = feature_table(ifname);
    if (!after) return after.error();
    return feature_outcome(before->features, after->features, change);
  }

  // The ioctl cannot tell; ethtool netlink can.
  Result<std::vector<std::string>> coalesce_supported(std::string_view ifname) const override {
    return netlink_coalesce_supported(ifname);
  }
  Result<QdiscState> qdisc(std::string_view ifname) const override {
    return netlink_qdisc_state(ifname);
  }

 private:
  // The feature strings in the kernel's order (their index is their bit) and the state.
  struct FeatureTable {
    std::vector<std::string> names;  // "" where the kernel left a string empty
    EthtoolFeatures features;
  };

  static EthtoolCoalesce coalesce_of(const ethtool_coalesce& ec) {
    EthtoolCoalesce out;
    for (size_t i = 0; i < std::size(kCoalesceMembers); ++i)
      out[std::string(kEthtoolCoalesceNames[i])] = ec.*(kCoalesceMembers[i]);
    return out;
  }

  static Result<FeatureTable> feature_table(std::string_view ifname) {
    Result<uint32_t> count = feature_count(ifname);
    if (!count) return count.error();
    if (*count == 0) return FeatureTable{};
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
    FeatureTable out;
    for (uint32_t i = 0; i < n; ++i) {
      const char* raw = reinterpret_cast<const char*>(strings.get()->data) + i * ETH_GSTRING_LEN;
      std::string name(raw, strnlen(raw, ETH_GSTRING_LEN));
      out.names.push_back(name);
      if (name.empty()) continue;
      const ethtool_get_features_block& b = feats.get()->features[i / 32];
      const uint32_t bit = 1u << (i % 32);
      // ethtool(8) prints "[fixed]" for exactly this: not available, or never changeable.
      out.features[name] = EthtoolFeature{(b.active & bit) != 0,
                                          (b.available & bit) != 0 && (b.never_changed & bit) == 0};
    }
    return out;
  }

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
