#include "engine/core/ethtool_set.h"

#include <algorithm>
#include <iterator>

#include "engine/core/ethtool_json.h"

namespace vtune {
namespace {

struct RingSetField {
  const char* name;
  std::optional<uint32_t> EthtoolRingChange::*want;
  uint32_t EthtoolRing::*value;
  uint32_t EthtoolRing::*max;
};
constexpr RingSetField kRingSetFields[] = {
    {"rx", &EthtoolRingChange::rx, &EthtoolRing::rx, &EthtoolRing::rx_max},
    {"rx_mini", &EthtoolRingChange::rx_mini, &EthtoolRing::rx_mini, &EthtoolRing::rx_mini_max},
    {"rx_jumbo", &EthtoolRingChange::rx_jumbo, &EthtoolRing::rx_jumbo, &EthtoolRing::rx_jumbo_max},
    {"tx", &EthtoolRingChange::tx, &EthtoolRing::tx, &EthtoolRing::tx_max},
};

struct ChannelSetField {
  const char* name;
  std::optional<uint32_t> EthtoolChannelsChange::*want;
  uint32_t EthtoolChannels::*value;
  uint32_t EthtoolChannels::*max;
};
constexpr ChannelSetField kChannelSetFields[] = {
    {"rx", &EthtoolChannelsChange::rx, &EthtoolChannels::rx, &EthtoolChannels::rx_max},
    {"tx", &EthtoolChannelsChange::tx, &EthtoolChannels::tx, &EthtoolChannels::tx_max},
    {"other", &EthtoolChannelsChange::other, &EthtoolChannels::other, &EthtoolChannels::other_max},
    {"combined", &EthtoolChannelsChange::combined, &EthtoolChannels::combined,
     &EthtoolChannels::combined_max},
};

SysError refusal(std::string_view ifname, int err, const std::string& detail) {
  return SysError{err, std::string(ifname), "set " + detail + " on"};
}

// Applies the given fields of a change to a ring or channels struct, each within its max.
template <class State, class Change, class Field, size_t N>
Result<State> within_maxima(std::string_view ifname, const char* group, State out,
                            const Change& change, const Field (&fields)[N]) {
  for (const Field& f : fields) {
    const std::optional<uint32_t>& want = change.*(f.want);
    if (!want) continue;
    if (*want > out.*(f.max))
      return refusal(ifname, EINVAL,
                     std::string(group) + "." + f.name + " " + std::to_string(*want) + " (max " +
                         std::to_string(out.*(f.max)) + ")");
    out.*(f.value) = *want;
  }
  return out;
}

template <class Change, class Field, size_t N>
std::string list_change(const char* group, const Change& change, const Field (&fields)[N]) {
  std::string out;
  for (const Field& f : fields) {
    const std::optional<uint32_t>& want = change.*(f.want);
    if (!want) continue;
    if (!out.empty()) out += ", ";
    out += std::string(group) + "." + f.name + " " + std::to_string(*want);
  }
  return out;
}

}  // namespace

Result<EthtoolRing> changed_ring(std::string_view ifname, const EthtoolRing& current,
                                 const EthtoolRingChange& change) {
  return within_maxima(ifname, "ring", current, change, kRingSetFields);
}

Result<EthtoolChannels> changed_channels(std::string_view ifname, const EthtoolChannels& current,
                                         const EthtoolChannelsChange& change) {
  Result<EthtoolChannels> out =
      within_maxima(ifname, "channels", current, change, kChannelSetFields);
  if (!out) return out;
  const bool same = out->rx == current.rx && out->tx == current.tx && out->other == current.other &&
                    out->combined == current.combined;
  if (!same && out->combined == 0 && (out->rx == 0 || out->tx == 0))
    return refusal(ifname, EINVAL, describe_change(change) + " (leaves no rx or no tx channel)");
  return out;
}

Result<EthtoolCoalesce> changed_coalesce(std::string_view ifname, const EthtoolCoalesce& current,
                                         const EthtoolCoalesce& change) {
  EthtoolCoalesce out = current;
  for (const auto& [name, value] : change) {
    const std::string field = "coalesce." + name + " " + std::to_string(value);
    if (std::find(std::begin(kEthtoolCoalesceNames), std::end(kEthtoolCoalesceNames), name) ==
        std::end(kEthtoolCoalesceNames))
      return refusal(ifname, EINVAL, field + " (no such coalescing parameter)");
    auto it = out.find(name);
    if (it == out.end())
      return refusal(ifname, EOPNOTSUPP, field + " (not reported by the driver)");
    it->second = value;
  }
  return out;
}

Result<void> check_feature_change(std::string_view ifname, const EthtoolFeatures& current,
                                  const EthtoolFeatureChange& change) {
  for (const auto& [name, on] : change) {
    const std::string field = "feature " + name + " " + (on ? "on" : "off");
    auto it = current.find(name);
    if (it == current.end()) return refusal(ifname, EINVAL, field + " (no such feature)");
    if (!it->second.changeable && it->second.active != on)
      return refusal(ifname, EOPNOTSUPP, field + " (fixed)");
  }
  return {};
}

EthtoolFeaturesResult feature_outcome(const EthtoolFeatures& before, const EthtoolFeatures& after,
                                      const EthtoolFeatureChange& change) {
  EthtoolFeaturesResult out{after, {}, {}};
  for (const auto& [name, f] : after) {
    auto asked = change.find(name);
    if (asked != change.end()) {
      if (f.active != asked->second) out.unmet.push_back(name);
      continue;
    }
    auto was = before.find(name);
    if (was != before.end() && was->second.active != f.active) out.also_changed.push_back(name);
  }
  for (const auto& [name, on] : change)
    if (!after.count(name)) out.unmet.push_back(name);
  return out;
}

std::string describe_change(const EthtoolRingChange& change) {
  return list_change("ring", change, kRingSetFields);
}

std::string describe_change(const EthtoolChannelsChange& change) {
  return list_change("channels", change, kChannelSetFields);
}

std::string describe_change(const EthtoolCoalesce& change) {
  std::string out;
  for (const auto& [name, value] : change)
    out += (out.empty() ? "" : ", ") + ("coalesce." + name) + " " + std::to_string(value);
  return out;
}

std::string describe_change(const EthtoolFeatureChange& change) {
  std::string out;
  for (const auto& [name, on] : change)
    out += (out.empty() ? "" : ", ") + ("feature " + name) + (on ? " on" : " off");
  return out;
}

}  // namespace vtune
