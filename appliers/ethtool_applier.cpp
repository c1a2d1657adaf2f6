// Ethtool ring, channel, coalescing and feature settings, through the EthtoolPort seam (the
// ioctl live, the snapshot JSON under --root).
#include <cstdint>

#include "appliers/appliers.h"
#include "appliers/value_text.h"
#include "engine/facts/json_text.h"

namespace vtune {
namespace {

struct Field {
  std::string group, name;
};

Field split_field(const std::string& field) {
  size_t dot = field.find('.');
  if (dot == std::string::npos) return {field, ""};
  return {field.substr(0, dot), field.substr(dot + 1)};
}

// The current value and the driver's maximum of a ring or channels field.
struct Sized {
  uint32_t value = 0, max = 0;
};

std::optional<Sized> ring_field(const EthtoolRing& r, const std::string& name) {
  if (name == "rx") return Sized{r.rx, r.rx_max};
  if (name == "tx") return Sized{r.tx, r.tx_max};
  if (name == "rx_mini") return Sized{r.rx_mini, r.rx_mini_max};
  if (name == "rx_jumbo") return Sized{r.rx_jumbo, r.rx_jumbo_max};
  return std::nullopt;
}

std::optional<Sized> channels_field(const EthtoolChannels& c, const std::string& name) {
  if (name == "rx") return Sized{c.rx, c.rx_max};
  if (name == "tx") return Sized{c.tx, c.tx_max};
  if (name == "other") return Sized{c.other, c.other_max};
  if (name == "combined") return Sized{c.combined, c.combined_max};
  return std::nullopt;
}

SysError unknown_field(const Knob& knob) {
  return SysError{ENOTSUP, knob.subject,
                  "ethtool field " + knob.field + " not reported by the driver"};
}

// Coalescing knobs are integers, but adaptive_rx/adaptive_tx are naturally written as bools.
std::optional<int64_t> desired_int(const Json& desired) {
  if (desired.is_boolean()) return desired.get<bool>() ? 1 : 0;
  return facts_to_int(desired);
}

class EthtoolApplier final : public Applier {
 public:
  explicit EthtoolApplier(const ApplierContext& ctx) : ctx_(ctx) {}

  Result<KnobValue> read(const Knob& knob) const override {
    Field f = split_field(knob.field);
    const EthtoolPort& port = ctx_.ethtool;
    if (f.group == "ring" || f.group == "channels") {
      Result<Sized> s = sized(knob, f);
      if (!s) return s.error();
      return KnobValue{Json(s->value), {}};
    }
    if (f.group == "coalesce") {
      Result<EthtoolCoalesce> c = port.coalesce(knob.subject);
      if (!c) return c.error();
      auto it = c->find(f.name);
      if (it == c->end()) return unknown_field(knob);
      return KnobValue{Json(it->second), {}};
    }
    if (f.group == "feature") {
      Result<EthtoolFeatures> features = port.features(knob.subject);
      if (!features) return features.error();
      auto it = features->find(f.name);
      if (it == features->end()) return unknown_field(knob);
      return KnobValue{Json(it->second.active), it->second.active ? "on" : "off"};
    }
    return SysError{EINVAL, knob.subject, "unknown ethtool field " + knob.field};
  }

  std::optional<std::string> validate(const Knob& knob, const Json& desired) const override {
    Field f = split_field(knob.field);
    if (f.group == "feature") return validate_feature(knob, f, desired);
    std::optional<int64_t> want = desired_int(desired);
    if (!want || *want < 0 || *want > UINT32_MAX)
      return knob.field + " must be an integer between 0 and 4294967295, not " + dump_json(desired);
    if (f.group == "coalesce") {
      Result<KnobValue> have = read(knob);
      if (!have) return have.error().message();
      return std::nullopt;
    }
    Result<Sized> s = sized(knob, f);
    if (!s) return s.error().message();
    if (s->max == 0)
      return "the driver of " + knob.subject + " does not let " + knob.field + " be set";
    if (*want > s->max)
      return knob.field + " " + std::to_string(*want) + " is above the maximum " +
             std::to_string(s->max);
    if (*want == 0 && f.group == "ring") return "a ring cannot have 0 descriptors";
    if (*want == 0 && f.group == "channels") return validate_zero_channels(knob, f);
    return std::nullopt;
  }

  bool equal(const Knob& knob, const Json& current, const Json& desired) const override {
    if (split_field(knob.field).group == "feature") {
      std::optional<bool> have = facts_to_bool(current), want = facts_to_bool(desired);
      return have && want && *have == *want;
    }
    std::optional<int64_t> have = desired_int(current), want = desired_int(desired);
    return have && want && *have == *want;
  }

 private:
  Result<Sized> sized(const Knob& knob, const Field& f) const {
    std::optional<Sized> s;
    if (f.group == "ring") {
      Result<EthtoolRing> r = ctx_.ethtool.ring(knob.subject);
      if (!r) return r.error();
      s = ring_field(*r, f.name);
    } else {
      Result<EthtoolChannels> c = ctx_.ethtool.channels(knob.subject);
      if (!c) return c.error();
      s = channels_field(*c, f.name);
    }
    if (!s) return unknown_field(knob);
    return *s;
  }

  // The kernel refuses a channel layout without at least one rx and one tx queue
  // (combined counts for both), so a zero is fine only when the other kind covers it.
  std::optional<std::string> validate_zero_channels(const Knob& knob, const Field& f) const {
    Result<EthtoolChannels> c = ctx_.ethtool.channels(knob.subject);
    if (!c) return c.error().message();
    bool ok = (f.name == "combined" && c->rx > 0 && c->tx > 0) ||
              ((f.name == "rx" || f.name == "tx") && c->combined > 0) || f.name == "other";
    if (ok) return std::nullopt;
    return "channels." + f.name + " 0 would leave " + knob.subject + " without rx or tx queues";
  }

  std::optional<std::string> validate_feature(const Knob& knob, const Field& f,
                                              const Json& desired) const {
    std::optional<bool> want = facts_to_bool(desired);
    if (!want) return "a feature is on or off, not " + dump_json(desired);
    Result<EthtoolFeatures> features = ctx_.ethtool.features(knob.subject);
    if (!features) return features.error().message();
    auto it = features->find(f.name);
    if (it == features->end()) return "feature " + f.name + " is not offered by " + knob.subject;
    if (it->second.active != *want && !it->second.changeable)
      return "feature " + f.name + " is fixed " + (it->second.active ? "on" : "off") + " on " +
             knob.subject;
    return std::nullopt;
  }

  ApplierContext ctx_;
};

}  // namespace

std::unique_ptr<Applier> make_ethtool_applier(const ApplierContext& ctx) {
  return std::make_unique<EthtoolApplier>(ctx);
}

}  // namespace vtune
