// Packet steering per queue (Documentation/networking/scaling.rst):
//   rps       /sys/class/net/IF/queues/rx-Q/rps_cpus       CPU mask
//   xps       /sys/class/net/IF/queues/tx-Q/xps_cpus       CPU mask
//   rps_flow  /sys/class/net/IF/queues/rx-Q/rps_flow_cnt   flow table size
#include <climits>

#include "appliers/appliers.h"
#include "appliers/cpu_set.h"
#include "appliers/sysctl_limits.h"
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

class SteeringMaskApplier final : public Applier {
 public:
  SteeringMaskApplier(const ApplierContext& ctx, std::string_view dir, std::string_view file)
      : ctx_(ctx), dir_(dir), file_(file) {}

  Result<KnobValue> read(const Knob& knob) const override {
    std::string path = queue_file(knob, dir_, file_);
    Result<std::string> mask = read_word(ctx_.fs, knob, path);
    if (!mask) return mask.error();
    if (!parse_cpumask(*mask))
      return SysError{0, ctx_.fs.describe(path), "not a CPU mask: '" + *mask + "' in"};
    return KnobValue{Json(*mask), {}};
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

 private:
  ApplierContext ctx_;
  std::string_view dir_, file_;
};

class RpsFlowApplier final : public Applier {
 public:
  explicit RpsFlowApplier(const ApplierContext& ctx) : ctx_(ctx) {}

  Result<KnobValue> read(const Knob& knob) const override {
    std::string path = queue_file(knob, "rx", "rps_flow_cnt");
    Result<std::string> word = read_word(ctx_.fs, knob, path);
    if (!word) return word.error();
    std::optional<int64_t> n = parse_int(*word);
    if (!n) return SysError{0, ctx_.fs.describe(path), "not an integer: '" + *word + "' in"};
    return KnobValue{Json(*n), {}};
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

 private:
  ApplierContext ctx_;
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
