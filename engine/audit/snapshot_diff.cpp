#include "engine/audit/snapshot_diff.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace vtune {
namespace {

bool is_identifier(const std::string& key) {
  if (key.empty() || !(std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_'))
    return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string member_path(const std::string& parent, const std::string& key) {
  std::string k = is_identifier(key) ? key : Json(key).dump();  // sysctl."net.core.somaxconn"
  return parent.empty() ? k : parent + "." + k;
}

// The names of an array of objects that each carry a distinct string "name", else nullopt.
std::optional<std::vector<std::string>> element_names(const Json& array) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const Json& e : array) {
    if (!e.is_object() || !e.contains("name") || !e["name"].is_string()) return std::nullopt;
    std::string n = e["name"].get<std::string>();
    if (!seen.insert(n).second) return std::nullopt;
    names.push_back(std::move(n));
  }
  return names;
}

bool holds_objects(const Json& array) {
  return !array.empty() &&
         std::all_of(array.begin(), array.end(), [](const Json& e) { return e.is_object(); });
}

void diff_value(const std::string& path, const Json& a, const Json& b,
                std::vector<FactDifference>& out);

void diff_object(const std::string& path, const Json& a, const Json& b,
                 std::vector<FactDifference>& out) {
  std::set<std::string> keys;
  for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
  for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
  for (const std::string& k : keys) {
    std::string p = member_path(path, k);
    if (!a.contains(k))
      out.push_back({p, std::nullopt, b[k]});
    else if (!b.contains(k))
      out.push_back({p, a[k], std::nullopt});
    else
      diff_value(p, a[k], b[k], out);
  }
}

void diff_array(const std::string& path, const Json& a, const Json& b,
                std::vector<FactDifference>& out) {
  std::optional<std::vector<std::string>> na = element_names(a), nb = element_names(b);
  if (na && nb) {
    std::map<std::string, const Json*> in_a, in_b;
    for (size_t i = 0; i < a.size(); ++i) in_a[(*na)[i]] = &a[i];
    for (size_t i = 0; i < b.size(); ++i) in_b[(*nb)[i]] = &b[i];
    std::set<std::string> names;
    for (auto& [n, _] : in_a) names.insert(n);
    for (auto& [n, _] : in_b) names.insert(n);
    for (const std::string& n : names) {
      std::string p = path + "[" + n + "]";
      auto x = in_a.find(n), y = in_b.find(n);
      if (x == in_a.end())
        out.push_back({p, std::nullopt, *y->second});
      else if (y == in_b.end())
        out.push_back({p, *x->second, std::nullopt});
      else
        diff_value(p, *x->second, *y->second, out);
    }
    return;
  }
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    std::string p = path + "[" + std::to_string(i) + "]";
    if (i >= a.size())
      out.push_back({p, std::nullopt, b[i]});
    else if (i >= b.size())
      out.push_back({p, a[i], std::nullopt});
    else
      diff_value(p, a[i], b[i], out);
  }
}

void diff_value(const std::string& path, const Json& a, const Json& b,
                std::vector<FactDifference>& out) {
  if (a.is_object() && b.is_object()) return diff_object(path, a, b, out);
  if (a.is_array() && b.is_array() && (holds_objects(a) || holds_objects(b)))
    return diff_array(path, a, b, out);
  if (a != b) out.push_back({path, a, b});
}

using ItemKey = std::tuple<std::string, std::string, std::string>;

ItemKey key_of(const PlanItem& i) {
  return {i.rule, i.knob, i.knob.empty() ? (i.subject.empty() ? i.device : i.subject) : ""};
}

PlannedSide side_of(const PlanItem& i) {
  return {i.state, i.current, i.desired, i.message};
}

std::map<ItemKey, std::vector<const PlanItem*>> index_items(const Plan& p) {
  std::map<ItemKey, std::vector<const PlanItem*>> out;
  for (const PlanItem& i : p.items) out[key_of(i)].push_back(&i);
  return out;
}

}  // namespace

std::vector<FactDifference> diff_facts(const Json& a, const Json& b) {
  std::vector<FactDifference> out;
  diff_value("", a, b, out);
  return out;
}

std::vector<SettingDifference> diff_plans(const Plan& a, const Plan& b) {
  std::map<ItemKey, std::vector<const PlanItem*>> in_a = index_items(a), in_b = index_items(b);
  std::set<ItemKey> keys;
  for (auto& [k, _] : in_a) keys.insert(k);
  for (auto& [k, _] : in_b) keys.insert(k);
  std::vector<SettingDifference> out;
  static const std::vector<const PlanItem*> kNone;
  for (const ItemKey& k : keys) {
    auto x = in_a.find(k), y = in_b.find(k);
    const std::vector<const PlanItem*>& xs = x == in_a.end() ? kNone : x->second;
    const std::vector<const PlanItem*>& ys = y == in_b.end() ? kNone : y->second;
    for (size_t n = 0; n < std::max(xs.size(), ys.size()); ++n) {
      const PlanItem* ia = n < xs.size() ? xs[n] : nullptr;
      const PlanItem* ib = n < ys.size() ? ys[n] : nullptr;
      if (ia && ib && ia->state == ib->state && ia->current == ib->current &&
          ia->desired == ib->desired)
        continue;
      SettingDifference d{std::get<0>(k), std::get<1>(k), std::get<2>(k), std::nullopt,
                          std::nullopt};
      if (ia) d.a = side_of(*ia);
      if (ib) d.b = side_of(*ib);
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace vtune
