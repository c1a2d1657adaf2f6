#include "probes/nic_ethtool.h"

#include <algorithm>
#include <cerrno>

#include "engine/core/ethtool_json.h"

namespace vtune {

Facts ring_facts(const Result<EthtoolRing>& ring) {
  if (!ring) return {{"rx", nullptr}, {"tx", nullptr}, {"rx_max", nullptr}, {"tx_max", nullptr}};
  return {{"rx", ring->rx}, {"tx", ring->tx}, {"rx_max", ring->rx_max}, {"tx_max", ring->tx_max}};
}

Facts channels_facts(const Result<EthtoolChannels>& ch) {
  if (!ch) return nullptr;
  return {{"rx", ch->rx},
          {"tx", ch->tx},
          {"other", ch->other},
          {"combined", ch->combined},
          {"rx_max", ch->rx_max},
          {"tx_max", ch->tx_max},
          {"other_max", ch->other_max},
          {"combined_max", ch->combined_max}};
}

Facts coalesce_facts(const Result<EthtoolCoalesce>& coalesce, std::vector<std::string>& unknown) {
  if (!coalesce) return nullptr;
  Facts out = Facts::object();
  // In struct order rather than the map's alphabetical one, so output reads like ethtool -c.
  for (std::string_view name : kEthtoolCoalesceNames) {
    auto it = coalesce->find(std::string(name));
    if (it == coalesce->end()) continue;
    if (name == "adaptive_rx" || name == "adaptive_tx") {
      out[std::string(name)] = it->second != 0;
    } else {
      out[std::string(name)] = it->second;
    }
  }
  for (const auto& [name, value] : *coalesce) {
    bool known = std::find(std::begin(kEthtoolCoalesceNames), std::end(kEthtoolCoalesceNames),
                           name) != std::end(kEthtoolCoalesceNames);
    if (!known) unknown.push_back(name);
  }
  return out;
}

FeatureFacts feature_facts(const Result<EthtoolFeatures>& features) {
  if (!features) return {nullptr, nullptr};
  FeatureFacts out{Facts::object(), Facts::array()};
  for (const auto& [name, f] : *features) {
    out.active[name] = f.active;
    if (!f.changeable) out.fixed.push_back(name);
  }
  return out;
}

bool ethtool_failure_is_unknown(const SysError& e) {
  return e.err != EOPNOTSUPP;
}

}  // namespace vtune
