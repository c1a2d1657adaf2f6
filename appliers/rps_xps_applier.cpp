// Packet steering per queue (Documentation/networking/scaling.rst):
//   rps       /sys/class/net/IF/queues/rx-Q/rps_cpus       CPU mask
//   xps       /sys/class/net/IF/queues/tx-Q/xps_cpus       CPU mask
//   rps_flow  /sys/class/net/IF/queues/rx-Q/rps_flow_cnt   flow table size
// Masks are written in the kernel's comma-grouped hex ("ff,00000000"), the flow count as a
// decimal; a restore writes back the bytes read before (kernel_file.h). The queue path
// must stay under /sys with no link at its last component, as every sysfs write.
#include <climits>

#include "appliers/appliers.h"
#include "appliers/cpu_set.h"
#include "appliers/kernel_file.h"
#include "appliers/sysctl_limits.h"
#include "appliers/sysfs_applier.h"
#include "appliers/value_text.h"
#include "engine/core/text.h"
#include "engine/facts/json_text.h"

namespace vtune {
namespace {

std::string queue_file(const Knob& knob, std::string_view dir, std::string_view file) {
  return "/sys/class/net/" + knob.subject + "/queues/" + std::string(dir) + "-" + knob.field + "/" +
         std::string(file);
}

Result<std::string> read_word(const HostFs& fs, const Knob& knob, const std::string& path) {
  if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
  Result<std::string> text = fs.read_file(path);
  if (!text) return text.error();
  return std::string(trim(*text));
}

// The write side of one queue file; `text_of` gives the kernel's text for a desired value
// (nullopt: not one), `check` what read() does with the text (its error: not the file's
// kind of value).
class QueueFileWriter {
 public:
  QueueFileWriter(const ApplierContext& ctx, std::string_view dir, std::string_view file)
      : ctx_(ctx), dir_(dir), file_(file) {}

  Result<Target> resolve(const Knob& knob) const {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    Result<std::string> path = sysfs_write_path(ctx_.fs, queue_file(knob, dir_, file_));
    if (!path) return path.error();
    return file_target(std::move(*path), knob.subject);
  }

  template <class Read>
  Result<BeforeImage> capture(const Knob& knob, Read read) const {
    Result<Target> target = resolve(knob);
    if (!target) return target.error();
    Result<std::string> text = ctx_.fs.read_file(target->path);
    if (!text) return text.error();
    Result<KnobValue> now = read(target->path, *text);
    if (!now) return now.error();
    return file_before_image(now->value, std::move(*text));
  }

  Result<WriteEffect> write(const Knob& knob, const std::optional<std::string>& text,
                            const Json& desired) const {
    if (Result<HostFs*> fs = writable_fs(ctx_, knob); !fs) return fs.error();
    if (!text)
      return SysError{EINVAL, format_knob(knob),
                      "not a value for " + std::string(file_) + ": " + dump_json(desired) + " for"};
    Result<Target> target = resolve(knob);
    if (!target) return target.error();
    if (Result<void> w = write_kernel_file(ctx_, knob, target->path, *text); !w) return w.error();
    return WriteEffect{};
  }

  Result<void> restore(const Knob& knob, const BeforeImage& before) const {
    if (Result<HostFs*> fs = writable_fs(ctx_, knob); !fs) return fs.error();
    Result<Target> target = resolve(knob);
    if (!target) return target.error();
    return write_kernel_file(ctx_, knob, target->path, before.raw);
  }

 private:
  const ApplierContext& ctx_;
  std::string_view dir_, file_;
};

Result<KnobValue> mask_value(const HostFs& fs, const std::string& path, std::string_view text) {
  std::string mask(trim(text));
  if (!parse_cpumask(mask))
    return SysError{0, fs.describe(path), "not a CPU mask: '" + mask + "' in"};
  return KnobValue{Json(mask), {}};
}

Result<KnobValue> count_value(const HostFs& fs, const std::string& path, std::string_view text) {
  std::string word(trim(text));
  std::optional<int64_t> n = parse_int(word);
  if (!n) return SysError{0, fs.describe(path), "not an integer: '" + word + "' in"};
  return KnobValue{Json(*n), {}};
}

class SteeringMaskApplier final : public Applier {
 public:
  SteeringMaskApplier(const ApplierContext& ctx, std::string_view dir, std::string_view file)
      : ctx_(ctx), dir_(dir), file_(file), writer_(ctx_, dir, file) {}

  Result<KnobValue> read(const Knob& knob) const override {
    std::string path = queue_file(knob, dir_, file_);
    Result<std::string> mask = read_word(ctx_.fs, knob, path);
    if (!mask) return mask.error();
    return mask_value(ctx_.fs, path, *mask);
  }

  std::optional<std::string> validate(const Knob&, const Json& desired) const override {
    std::optional<std::vector<int>> cpus = facts_to_cpus(desired, CpuSetForm::Mask);
    if (!cpus) return "not a CPU mask or cpulist: " + dump_json(desired);
    // An empty mask is meaningful here: it turns steering off for the queue.
    return cpu_set_problem(*cpus, ctx_.fs, ctx_.facts, true);
  }

  bool equal(const Knob&, const Json& current, const Json& desired) const override {
    std::optional<std::vector<int>> have = facts_to_cpus(current, CpuSetForm::Mask);
    std::optional<std::vector<int>> want = facts_to_cpus(desired, CpuSetForm::Mask);
    return have && want && *have == *want;
  }

  Result<Target> resolve(const Knob& knob) const override { return writer_.resolve(knob); }
  Result<BeforeImage> capture(const Knob& knob) const override {
    return writer_.capture(knob, [&](const std::string& path, std::string_view text) {
      return mask_value(ctx_.fs, path, text);
    });
  }
  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    std::optional<std::vector<int>> cpus = facts_to_cpus(desired, CpuSetForm::Mask);
    std::optional<std::string> text;
    if (cpus) text = format_cpumask(*cpus);
    return writer_.write(knob, text, desired);
  }
  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    return writer_.restore(knob, before);
  }

 private:
  ApplierContext ctx_;
  std::string_view dir_, file_;
  QueueFileWriter writer_;
};

class RpsFlowApplier final : public Applier {
 public:
  explicit RpsFlowApplier(const ApplierContext& ctx)
      : ctx_(ctx), writer_(ctx_, "rx", "rps_flow_cnt") {}

  Result<KnobValue> read(const Knob& knob) const override {
    std::string path = queue_file(knob, "rx", "rps_flow_cnt");
    Result<std::string> word = read_word(ctx_.fs, knob, path);
    if (!word) return word.error();
    return count_value(ctx_.fs, path, *word);
  }

  std::optional<std::string> validate(const Knob&, const Json& desired) const override {
    std::optional<int64_t> n = facts_to_int(desired);
    if (!n || *n < 0 || *n > INT_MAX)
      return "rps_flow_cnt must be an integer between 0 and 2147483647, not " + dump_json(desired);
    return std::nullopt;
  }

  // The kernel sizes the table to the next power of two and reads that back, so 5461
  // (32768 / 6 queues) is in place when the file says 8192.
  bool equal(const Knob&, const Json& current, const Json& desired) const override {
    std::optional<int64_t> have = facts_to_int(current), want = facts_to_int(desired);
    if (!have || !want || *want < 0) return false;
    return static_cast<uint64_t>(*have) == round_up_pow2(static_cast<uint64_t>(*want));
  }

  Result<Target> resolve(const Knob& knob) const override { return writer_.resolve(knob); }
  Result<BeforeImage> capture(const Knob& knob) const override {
    return writer_.capture(knob, [&](const std::string& path, std::string_view text) {
      return count_value(ctx_.fs, path, text);
    });
  }
  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    std::optional<int64_t> n = facts_to_int(desired);
    std::optional<std::string> text;
    if (n && *n >= 0) text = std::to_string(*n);
    return writer_.write(knob, text, desired);
  }
  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    return writer_.restore(knob, before);
  }

 private:
  ApplierContext ctx_;
  QueueFileWriter writer_;
};

}  // namespace

std::unique_ptr<Applier> make_rps_applier(const ApplierContext& ctx) {
  return std::make_unique<SteeringMaskApplier>(ctx, "rx", "rps_cpus");
}

std::unique_ptr<Applier> make_xps_applier(const ApplierContext& ctx) {
  return std::make_unique<SteeringMaskApplier>(ctx, "tx", "xps_cpus");
}

std::unique_ptr<Applier> make_rps_flow_applier(const ApplierContext& ctx) {
  return std::make_unique<RpsFlowApplier>(ctx);
}

}  // namespace vtune
