// IRQ affinity of a NIC queue: /proc/irq/N/smp_affinity_list, where N is the queue's
// interrupt as the nic probe listed it (facts nics[].irqs[Q].irq, in msi_irqs order, the
// same index the rules iterate). Written as a cpulist ("0-3,8"); restored from the bytes
// read before (kernel_file.h).
#include "appliers/appliers.h"
#include "appliers/cpu_set.h"
#include "appliers/kernel_file.h"
#include "engine/core/text.h"
#include "engine/facts/json_text.h"

namespace vtune {
namespace {

std::optional<int64_t> queue_irq(const Facts& facts, const std::string& ifname, int queue) {
  if (!facts.is_object() || !facts.contains("nics") || !facts["nics"].is_array())
    return std::nullopt;
  for (const Json& nic : facts["nics"]) {
    if (!nic.is_object() || nic.value("name", Json()) != ifname) continue;
    if (!nic.contains("irqs") || !nic["irqs"].is_array() || queue < 0 ||
        static_cast<size_t>(queue) >= nic["irqs"].size())
      return std::nullopt;
    const Json& irq = nic["irqs"][static_cast<size_t>(queue)];
    if (!irq.is_object() || !irq.contains("irq") || !irq["irq"].is_number_integer())
      return std::nullopt;
    return irq["irq"].get<int64_t>();
  }
  return std::nullopt;
}

class IrqAffinityApplier final : public Applier {
 public:
  explicit IrqAffinityApplier(const ApplierContext& ctx) : ctx_(ctx) {}

  Result<KnobValue> read(const Knob& knob) const override {
    Result<Target> target = resolve(knob);
    if (!target) return target.error();
    Result<std::string> text = ctx_.fs.read_file(target->path);
    if (!text) return text.error();
    return interpret(target->path, *text);
  }

  std::optional<std::string> validate(const Knob&, const Json& desired) const override {
    std::optional<std::vector<int>> cpus = facts_to_cpus(desired, CpuSetForm::List);
    if (!cpus) return "not a cpulist or CPU mask: " + dump_json(desired);
    // The kernel refuses an affinity with no online CPU in it.
    return cpu_set_problem(*cpus, ctx_.fs, ctx_.facts, false);
  }

  bool equal(const Knob&, const Json& current, const Json& desired) const override {
    std::optional<std::vector<int>> have = facts_to_cpus(current, CpuSetForm::List);
    std::optional<std::vector<int>> want = facts_to_cpus(desired, CpuSetForm::List);
    return have && want && *have == *want;
  }

  Result<Target> resolve(const Knob& knob) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    std::optional<int64_t> irq = queue_irq(ctx_.facts, knob.subject, knob_queue(knob));
    if (!irq || *irq < 0)
      return SysError{ENOENT, "nics[" + knob.subject + "].irqs[" + knob.field + "]",
                      "no interrupt known for queue"};
    return file_target("/proc/irq/" + std::to_string(*irq) + "/smp_affinity_list",
                       std::to_string(*irq));
  }

  Result<BeforeImage> capture(const Knob& knob) const override {
    Result<Target> target = resolve(knob);
    if (!target) return target.error();
    Result<std::string> text = ctx_.fs.read_file(target->path);
    if (!text) return text.error();
    Result<KnobValue> now = interpret(target->path, *text);
    if (!now) return now.error();
    return file_before_image(now->value, std::move(*text));
  }

  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    if (Result<HostFs*> fs = writable_fs(ctx_, knob); !fs) return fs.error();
    std::optional<std::vector<int>> cpus = facts_to_cpus(desired, CpuSetForm::List);
    if (!cpus)
      return SysError{EINVAL, format_knob(knob), "not a cpulist: " + dump_json(desired) + " for"};
    if (Result<void> w = write_resolved_file(ctx_, *this, knob, format_cpulist(*cpus)); !w)
      return w.error();
    return WriteEffect{};
  }

  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    return write_resolved_file(ctx_, *this, knob, before.raw);
  }

 private:
  Result<KnobValue> interpret(const std::string& path, std::string_view text) const {
    std::string list(trim(text));
    if (!parse_cpulist(list))
      return SysError{0, ctx_.fs.describe(path), "not a cpulist: '" + list + "' in"};
    return KnobValue{Json(list), {}};
  }

  ApplierContext ctx_;
};

}  // namespace

std::unique_ptr<Applier> make_irq_affinity_applier(const ApplierContext& ctx) {
  return std::make_unique<IrqAffinityApplier>(ctx);
}

}  // namespace vtune
