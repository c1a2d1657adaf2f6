// Sysctls: /proc/sys/<key with dots as slashes>, read and normalised through
// probes/sysctl_reader.h so facts, plan and read-back compare alike; persisted in
// sysctl.d files (sysctl_provenance.h). Written as the kernel prints them, multi-value keys
// space-separated ("4096 131072 6291456"); restored from the exact bytes read before
// (kernel_file.h).
#include <mutex>

#include "appliers/appliers.h"
#include "appliers/kernel_file.h"
#include "appliers/sysctl_limits.h"
#include "appliers/sysctl_provenance.h"
#include "appliers/value_text.h"
#include "engine/core/text.h"
#include "engine/facts/json_text.h"
#include "probes/sysctl_reader.h"

namespace vtune {
namespace {

KnobValue interpret(std::string_view text) {
  std::string value = normalize_sysctl_value(text);
  std::string raw(trim(text));
  return KnobValue{Json(value), raw == value ? std::string() : raw};
}

SysError invalid_key(const Knob& knob) {
  return SysError{EINVAL, knob.subject, "invalid sysctl key"};
}

class SysctlApplier final : public Applier {
 public:
  explicit SysctlApplier(const ApplierContext& ctx) : ctx_(ctx) {}

  Result<KnobValue> read(const Knob& knob) const override {
    if (!valid_sysctl_key(knob.subject)) return invalid_key(knob);
    Result<std::string> text = ctx_.fs.read_file(sysctl_path(knob.subject));
    if (!text) return text.error();
    return interpret(*text);
  }

  std::optional<std::string> validate(const Knob& knob, const Json& desired) const override {
    if (!valid_sysctl_key(knob.subject)) return "invalid sysctl key '" + knob.subject + "'";
    std::optional<std::string> text = facts_to_text(desired);
    if (!text)
      return "a sysctl value must be a scalar or a list of scalars, not " + dump_json(desired);
    std::optional<int64_t> port_start;
    if (knob.subject == "net.ipv4.ip_local_port_range") {
      Result<std::string> start = read_sysctl(ctx_.fs, "net.ipv4.ip_unprivileged_port_start");
      if (start) port_start = parse_int(*start);
    }
    return check_sysctl_value(knob.subject, *text, port_start);
  }

  bool equal(const Knob& knob, const Json& current, const Json& desired) const override {
    std::optional<std::string> have = facts_to_text(current), want = facts_to_text(desired);
    if (!have || !want) return false;
    return words_equal(normalize_sysctl_value(*have), sysctl_effective_value(knob.subject, *want));
  }

  // The key is one of valid_sysctl_key's (no "..", no empty segment, no '/'), so the path
  // stays in /proc/sys; it must name a file there (a directory such as net.ipv4 is no key).
  Result<Target> resolve(const Knob& knob) const override {
    if (!valid_sysctl_key(knob.subject)) return invalid_key(knob);
    std::string path = sysctl_path(knob.subject);
    Result<FileMode> mode = ctx_.fs.mode(path, FollowLinks::No);
    if (!mode)
      return SysError{mode.error().err, ctx_.fs.describe(path), "no sysctl " + knob.subject + ":"};
    if (mode->kind != EntryKind::File)
      return SysError{EISDIR, ctx_.fs.describe(path), "sysctl " + knob.subject + " is not a file:"};
    return file_target(std::move(path));
  }

  Result<BeforeImage> capture(const Knob& knob) const override {
    Result<Target> target = resolve(knob);
    if (!target) return target.error();
    Result<std::string> text = ctx_.fs.read_file(target->path);
    if (!text) return text.error();
    Json value = interpret(*text).value;
    return file_before_image(std::move(value), std::move(*text));
  }

  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    if (Result<HostFs*> fs = writable_fs(ctx_, knob); !fs) return fs.error();
    std::optional<std::string> text = facts_to_text(desired);
    if (!text)
      return SysError{EINVAL, format_knob(knob),
                      "not a sysctl value: " + dump_json(desired) + " for"};
    if (Result<void> w = write_resolved_file(ctx_, *this, knob, *text); !w) return w.error();
    return WriteEffect{};
  }

  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    return write_resolved_file(ctx_, *this, knob, before.raw);
  }

  std::optional<Persisted> persisted(const Knob& knob) const override {
    // Built on first use: a read-only plan may never ask, and a full plan asks ~60 times.
    std::call_once(index_once_, [this] { index_ = SysctlConfigIndex::build(ctx_.fs); });
    return to_persisted(index_->lookup(knob.subject));
  }

 private:
  ApplierContext ctx_;
  mutable std::once_flag index_once_;
  mutable std::optional<SysctlConfigIndex> index_;
};

}  // namespace

std::unique_ptr<Applier> make_sysctl_applier(const ApplierContext& ctx) {
  return std::make_unique<SysctlApplier>(ctx);
}

}  // namespace vtune
