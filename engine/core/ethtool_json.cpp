#include "engine/core/ethtool_json.h"

#include <cstdint>
#include <limits>
#include <utility>

namespace vtune {
namespace {

// Field tables keep the JSON names and the struct members in one place, so writing and
// reading cannot drift apart.
struct RingField {
  const char* name;
  uint32_t EthtoolRing::*member;
};
constexpr RingField kRingFields[] = {
    {"rx", &EthtoolRing::rx},
    {"rx_mini", &EthtoolRing::rx_mini},
    {"rx_jumbo", &EthtoolRing::rx_jumbo},
    {"tx", &EthtoolRing::tx},
    {"rx_max", &EthtoolRing::rx_max},
    {"rx_mini_max", &EthtoolRing::rx_mini_max},
    {"rx_jumbo_max", &EthtoolRing::rx_jumbo_max},
    {"tx_max", &EthtoolRing::tx_max},
};

struct ChannelField {
  const char* name;
  uint32_t EthtoolChannels::*member;
};
constexpr ChannelField kChannelFields[] = {
    {"rx", &EthtoolChannels::rx},
    {"tx", &EthtoolChannels::tx},
    {"other", &EthtoolChannels::other},
    {"combined", &EthtoolChannels::combined},
    {"rx_max", &EthtoolChannels::rx_max},
    {"tx_max", &EthtoolChannels::tx_max},
    {"other_max", &EthtoolChannels::other_max},
    {"combined_max", &EthtoolChannels::combined_max},
};

SysError bad(std::string_view where, std::string detail) {
  return SysError{EINVAL, std::string(where), "ethtool snapshot (" + detail + ")"};
}

// The kernel's values are all __u32; anything else in a snapshot was edited by hand.
std::optional<uint32_t> as_u32(const Json& v) {
  if (v.is_boolean()) return v.get<bool>() ? 1u : 0u;
  if (!v.is_number_integer()) return std::nullopt;
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > std::numeric_limits<uint32_t>::max()) return std::nullopt;
    return static_cast<uint32_t>(u);
  }
  int64_t i = v.get<int64_t>();
  if (i < 0 || i > static_cast<int64_t>(std::numeric_limits<uint32_t>::max())) return std::nullopt;
  return static_cast<uint32_t>(i);
}

// The named section, or EOPNOTSUPP when it is absent (the capture could not read it).
Result<const Json*> section(const Json& doc, const char* name, std::string_view where) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null())
    return SysError{EOPNOTSUPP, std::string(where), std::string("ethtool snapshot ") + name};
  if (!it->is_object()) return bad(where, std::string(name) + ": expected an object");
  return &*it;
}

// Reads every field of a fixed-shape section (ring, channels); all are required, because
// a missing one would otherwise have to be invented.
template <class T, class Field, size_t N>
Result<T> fixed_section(const Json& doc, const char* name, const Field (&fields)[N],
                        std::string_view where) {
  Result<const Json*> sec = section(doc, name, where);
  if (!sec) return sec.error();
  T out;
  for (const Field& f : fields) {
    std::string key = std::string(name) + "." + f.name;
    auto it = (*sec)->find(f.name);
    if (it == (*sec)->end()) return bad(where, key + ": missing");
    std::optional<uint32_t> v = it->is_boolean() ? std::nullopt : as_u32(*it);
    if (!v) return bad(where, key + ": expected an unsigned 32-bit integer");
    out.*(f.member) = *v;
  }
  return out;
}

}  // namespace

Json ring_to_json(const EthtoolRing& ring) {
  Json j = Json::object();
  for (const RingField& f : kRingFields) j[f.name] = ring.*(f.member);
  return j;
}

Json channels_to_json(const EthtoolChannels& channels) {
  Json j = Json::object();
  for (const ChannelField& f : kChannelFields) j[f.name] = channels.*(f.member);
  return j;
}

Json coalesce_to_json(const EthtoolCoalesce& coalesce) {
  Json j = Json::object();
  for (const auto& [name, value] : coalesce) j[name] = value;
  return j;
}

Json features_to_json(const EthtoolFeatures& features) {
  Json j = Json::object();
  for (const auto& [name, f] : features)
    j[name] = {{"active", f.active}, {"changeable", f.changeable}};
  return j;
}

Result<EthtoolRing> ring_from_json(const Json& doc, std::string_view where) {
  return fixed_section<EthtoolRing>(doc, "ring", kRingFields, where);
}

Result<EthtoolChannels> channels_from_json(const Json& doc, std::string_view where) {
  return fixed_section<EthtoolChannels>(doc, "channels", kChannelFields, where);
}

Result<EthtoolCoalesce> coalesce_from_json(const Json& doc, std::string_view where) {
  Result<const Json*> sec = section(doc, "coalesce", where);
  if (!sec) return sec.error();
  EthtoolCoalesce out;
  for (const auto& [name, value] : (*sec)->items()) {
    std::optional<uint32_t> v = as_u32(value);
    if (!v) return bad(where, "coalesce." + name + ": expected an unsigned 32-bit integer");
    out[name] = *v;
  }
  return out;
}

Result<EthtoolFeatures> features_from_json(const Json& doc, std::string_view where) {
  Result<const Json*> sec = section(doc, "features", where);
  if (!sec) return sec.error();
  EthtoolFeatures out;
  for (const auto& [name, value] : (*sec)->items()) {
    std::string key = "features." + name;
    if (!value.is_object()) return bad(where, key + ": expected an object");
    auto active = value.find("active");
    auto changeable = value.find("changeable");
    if (active == value.end() || !active->is_boolean())
      return bad(where, key + ".active: expected a bool");
    if (changeable == value.end() || !changeable->is_boolean())
      return bad(where, key + ".changeable: expected a bool");
    out[name] = EthtoolFeature{active->get<bool>(), changeable->get<bool>()};
  }
  return out;
}

Result<Json> parse_ethtool_document(std::string_view text, std::string_view where) {
  Json doc;
  // nlohmann reports the byte offset only through its exception; it stays inside here.
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    return bad(where, "malformed JSON at byte " + std::to_string(e.byte));
  }
  if (!doc.is_object()) return bad(where, "expected a JSON object at the top");
  return doc;
}

Result<std::vector<std::string>> coalesce_supported_from_json(const Json& doc,
                                                              std::string_view where) {
  auto it = doc.find("coalesce_supported");
  if (it == doc.end() || it->is_null())
    return SysError{ENOENT, std::string(where), "ethtool snapshot: no coalesce_supported"};
  if (!it->is_array()) return bad(where, "coalesce_supported is not a list");
  std::vector<std::string> out;
  for (const Json& name : *it) {
    if (!name.is_string()) return bad(where, "coalesce_supported holds a non-string");
    out.push_back(name.get<std::string>());
  }
  return out;
}

Result<QdiscState> qdisc_from_json(const Json& doc, std::string_view where) {
  auto it = doc.find("qdisc");
  if (it == doc.end() || it->is_null())
    return SysError{ENOENT, std::string(where), "ethtool snapshot: no qdisc"};
  if (!it->is_object()) return bad(where, "qdisc is not an object");
  QdiscState q;
  auto root = it->find("root");
  if (root == it->end() || !root->is_string()) return bad(where, "qdisc.root is not a string");
  q.root = root->get<std::string>();
  if (auto kids = it->find("children"); kids != it->end()) {
    if (!kids->is_array()) return bad(where, "qdisc.children is not a list");
    for (const Json& k : *kids) {
      if (!k.is_string()) return bad(where, "qdisc.children holds a non-string");
      q.children.push_back(k.get<std::string>());
    }
  }
  return q;
}

Json qdisc_to_json(const QdiscState& q) {
  return {{"root", q.root}, {"children", q.children}};
}

Json ethtool_state_to_json(const EthtoolPort& port, std::string_view ifname) {
  Json j = Json::object();
  if (Result<EthtoolRing> r = port.ring(ifname)) j["ring"] = ring_to_json(*r);
  if (Result<EthtoolChannels> c = port.channels(ifname)) j["channels"] = channels_to_json(*c);
  if (Result<EthtoolCoalesce> c = port.coalesce(ifname)) j["coalesce"] = coalesce_to_json(*c);
  if (Result<EthtoolFeatures> f = port.features(ifname)) j["features"] = features_to_json(*f);
  if (Result<std::vector<std::string>> s = port.coalesce_supported(ifname))
    j["coalesce_supported"] = *s;
  if (Result<QdiscState> q = port.qdisc(ifname)) j["qdisc"] = qdisc_to_json(*q);
  return j;
}

}  // namespace vtune
