// Ethtool ring, channel, coalescing and feature settings, through the EthtoolPort seam (the
// ioctl live, the snapshot JSON under --root). A write changes the one field the knob
// names (SRINGPARAM, SCHANNELS, SCOALESCE, SFEATURES); a refusal names the device and the
// field: "eth0: channels.combined = 64 refused (max 8): Invalid argument". A restore puts
// back only that field, from the typed value captured before.
#include <algorithm>
#include <cstdint>
#include <iterator>

#include "appliers/appliers.h"
#include "appliers/value_text.h"
#include "engine/core/ethtool_json.h"
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

// The ethtool_coalesce member each kEthtoolCoalesceNames entry stands for, in that order.
constexpr std::string_view kCoalesceMembers[] = {
    "rx_coalesce_usecs",
    "rx_max_coalesced_frames",
    "rx_coalesce_usecs_irq",
    "rx_max_coalesced_frames_irq",
    "tx_coalesce_usecs",
    "tx_max_coalesced_frames",
    "tx_coalesce_usecs_irq",
    "tx_max_coalesced_frames_irq",
    "stats_block_coalesce_usecs",
    "use_adaptive_rx_coalesce",
    "use_adaptive_tx_coalesce",
    "pkt_rate_low",
    "rx_coalesce_usecs_low",
    "rx_max_coalesced_frames_low",
    "tx_coalesce_usecs_low",
    "tx_max_coalesced_frames_low",
    "pkt_rate_high",
    "rx_coalesce_usecs_high",
    "rx_max_coalesced_frames_high",
    "tx_coalesce_usecs_high",
    "tx_max_coalesced_frames_high",
    "rate_sample_interval",
};
static_assert(std::size(kCoalesceMembers) == std::size(kEthtoolCoalesceNames));

std::optional<std::string_view> coalesce_member(std::string_view name) {
  auto it = std::find(std::begin(kEthtoolCoalesceNames), std::end(kEthtoolCoalesceNames), name);
  if (it == std::end(kEthtoolCoalesceNames)) return std::nullopt;
  return kCoalesceMembers[it - std::begin(kEthtoolCoalesceNames)];
}

// The request and the struct member a field is set through, for the plan and the journal:
// "SRINGPARAM rx_pending".
std::optional<std::string> ioctl_of(const Field& f) {
  if (f.group == "ring" &&
      (f.name == "rx" || f.name == "tx" || f.name == "rx_mini" || f.name == "rx_jumbo"))
    return "SRINGPARAM " + f.name + "_pending";
  if (f.group == "channels" &&
      (f.name == "rx" || f.name == "tx" || f.name == "other" || f.name == "combined"))
    return "SCHANNELS " + f.name + "_count";
  if (f.group == "coalesce")
    if (std::optional<std::string_view> member = coalesce_member(f.name))
      return "SCOALESCE " + std::string(*member);
  if (f.group == "feature" && !f.name.empty()) return "SFEATURES " + f.name;
  return std::nullopt;
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
      return unsupported_coalesce(knob, f);
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

  Result<Target> resolve(const Knob& knob) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    Field f = split_field(knob.field);
    std::optional<std::string> request = ioctl_of(f);
    if (!request) return SysError{EINVAL, knob.subject, "unknown ethtool field " + knob.field};
    // The field must be one the driver reports now (the interface may be gone).
    if (Result<KnobValue> now = read(knob); !now) return now.error();
    if (f.group == "coalesce")
      if (std::optional<std::string> why = unsupported_coalesce(knob, f))
        return SysError{EOPNOTSUPP, "", *why};
    return Target{"", knob.subject, "SIOCETHTOOL " + *request + " " + knob.subject};
  }

  Result<BeforeImage> capture(const Knob& knob) const override {
    if (Result<Target> target = resolve(knob); !target) return target.error();
    Result<KnobValue> now = read(knob);
    if (!now) return now.error();
    std::string raw = now->raw.empty() ? dump_json(now->value) : now->raw;
    return BeforeImage{now->value, std::move(raw), {}};
  }

  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    if (Result<void> w = set(knob, desired); !w) return w.error();
    return WriteEffect{};
  }

  // From the typed value; a before-image rebuilt from a journal's raw text alone ("512",
  // "on") restores the same, as set() takes both forms.
  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    return set(knob, before.value.is_null() ? Json(before.raw) : before.value);
  }

 private:
  // Why the driver would not take the coalescing parameter: it is not in the list the
  // kernel gives for the NIC. When the list cannot be had (no ethtool netlink, an old
  // capture) the driver judges, and the read back after the write catches one it ignored.
  std::optional<std::string> unsupported_coalesce(const Knob& knob, const Field& f) const {
    Result<std::vector<std::string>> supported = ctx_.ethtool.coalesce_supported(knob.subject);
    if (!supported) return std::nullopt;
    if (std::find(supported->begin(), supported->end(), f.name) != supported->end())
      return std::nullopt;
    std::string list;
    for (const std::string& name : *supported) list += (list.empty() ? "" : ", ") + name;
    return knob.subject + ": coalesce." + f.name + " is not supported by the driver (it has " +
           (list.empty() ? std::string("none") : list) + ")";
  }

  // Sets the knob's one field to `value` through the port, naming device and field when
  // the driver or the kernel refuses.
  Result<void> set(const Knob& knob, const Json& value) const {
    if (ctx_.write_ethtool == nullptr)
      return SysError{EROFS, format_knob(knob), "read-only run: cannot write"};
    if (Result<Target> target = resolve(knob); !target) return target.error();
    Field f = split_field(knob.field);
    EthtoolPort& port = *ctx_.write_ethtool;
    const std::string& ifname = knob.subject;
    std::string shown = f.group == "feature" ? std::string() : dump_json(value);
    auto refused = [&](const SysError& e, const std::string& detail = {}) {
      return SysError{e.err, "", ifname + ": " + knob.field + " = " + shown + " refused" + detail};
    };
    if (f.group == "feature") {
      std::optional<bool> on = facts_to_bool(value);
      shown = on ? (*on ? "on" : "off") : dump_json(value);
      if (!on) return refused(SysError{EINVAL, "", ""}, " (not on or off)");
      Result<EthtoolFeaturesResult> r = port.set_features(ifname, {{f.name, *on}});
      if (!r) return refused(r.error());
      if (std::find(r->unmet.begin(), r->unmet.end(), f.name) != r->unmet.end())
        return SysError{0, "",
                        ifname + ": " + knob.field + " = " + shown +
                            " refused: the kernel left it " + (*on ? "off" : "on")};
      return {};
    }
    std::optional<int64_t> want = desired_int(value);
    if (!want || *want < 0 || *want > UINT32_MAX)
      return refused(SysError{EINVAL, "", ""}, " (not a 32-bit unsigned integer)");
    const auto n = static_cast<uint32_t>(*want);
    shown = std::to_string(n);  // "64", also when the profile wrote "64" or true
    if (f.group == "coalesce") {
      Result<EthtoolCoalesce> r = port.set_coalesce(ifname, {{f.name, n}});
      if (!r) return refused(r.error());
      return {};
    }
    // The maximum makes the kernel's bare EINVAL readable.
    Result<Sized> s = sized(knob, f);
    std::string detail = s && n > s->max ? " (max " + std::to_string(s->max) + ")" : "";
    if (f.group == "ring") {
      EthtoolRingChange change;
      (f.name == "rx"        ? change.rx
       : f.name == "tx"      ? change.tx
       : f.name == "rx_mini" ? change.rx_mini
                             : change.rx_jumbo) = n;
      if (Result<EthtoolRing> r = port.set_ring(ifname, change); !r)
        return refused(r.error(), detail);
      return {};
    }
    EthtoolChannelsChange change;
    (f.name == "rx"      ? change.rx
     : f.name == "tx"    ? change.tx
     : f.name == "other" ? change.other
                         : change.combined) = n;
    if (Result<EthtoolChannels> r = port.set_channels(ifname, change); !r)
      return refused(r.error(), detail);
    return {};
  }

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
