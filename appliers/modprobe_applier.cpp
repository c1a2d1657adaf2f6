// Module parameters: the runtime value in /sys/module/MOD/parameters/PARAM, persisted as
// `options MOD PARAM=VALUE` in modprobe.d files (kmod's directories and precedence; all
// options lines are handed to the kernel in order, so the last assignment wins).
#include "appliers/appliers.h"
#include "appliers/conf_dirs.h"
#include "appliers/modprobe_conf.h"
#include "appliers/value_text.h"
#include "engine/core/text.h"
#include "engine/facts/json_text.h"

namespace vtune {
namespace {

constexpr std::string_view kModprobeDirs[] = {"/etc/modprobe.d", "/run/modprobe.d",
                                              "/usr/local/lib/modprobe.d", "/lib/modprobe.d"};

// The kernel's parameq(): '-' and '_' are the same in parameter names.
bool param_equal(std::string_view a, std::string_view b) {
  return normalize_module_name(a) == normalize_module_name(b);
}

class ModprobeApplier final : public Applier {
 public:
  explicit ModprobeApplier(const ApplierContext& ctx) : ctx_(ctx) {}

  Result<KnobValue> read(const Knob& knob) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    std::string module_dir = "/sys/module/" + normalize_module_name(knob.subject);
    Result<std::string> text = ctx_.fs.read_file(module_dir + "/parameters/" + knob.field);
    if (text) return KnobValue{Json(std::string(trim(*text))), {}};
    // A module that is not loaded has no runtime value; modprobe.d decides its next load.
    if (text.error().err == ENOENT && !ctx_.fs.exists(module_dir))
      return KnobValue{Json(nullptr), {}};
    return text.error();
  }

  std::optional<std::string> validate(const Knob& knob, const Json& desired) const override {
    if (!knob_well_formed(knob)) return "malformed knob " + format_knob(knob);
    std::optional<std::string> text = facts_to_text(desired);
    if (!text || text->empty())
      return "a module parameter needs a scalar value, not " + dump_json(desired);
    if (text->find_first_of("\"\n\\") != std::string::npos)
      return "a module parameter value cannot hold quotes, backslashes or newlines";
    return std::nullopt;
  }

  // Boolean parameters print Y/N but accept 1/0/y/n/true/false.
  bool equal(const Knob&, const Json& current, const Json& desired) const override {
    if (!current.is_string()) return false;
    std::string have = current.get<std::string>();
    if (have == "Y" || have == "N") {
      std::optional<bool> want = facts_to_bool(desired);
      return want && *want == (have == "Y");
    }
    std::optional<std::string> want = facts_to_text(desired);
    return want && words_equal(have, *want);
  }

  std::optional<Persisted> persisted(const Knob& knob) const override {
    Persisted out;
    std::string module = normalize_module_name(knob.subject);
    ConfFileList list = list_conf_files(ctx_.fs, kModprobeDirs, ".conf");
    out.unreadable = std::move(list.unreadable);
    std::vector<Assignment> found;
    for (const ConfFile& f : list.files) {
      Result<std::string> text = ctx_.fs.read_file(f.path);
      if (!text) {
        out.unreadable.push_back(text.error().message());
        continue;
      }
      for (const ModprobeOption& o : parse_modprobe_conf(*text).options)
        if (o.module == module && param_equal(o.param, knob.field))
          found.push_back({f.path, o.line, o.value});
    }
    if (found.empty()) return out;
    const Assignment& last = found.back();
    out.value = last.value;
    out.file = last.file;
    out.line = last.line;
    for (size_t i = 0; i + 1 < found.size(); ++i)
      if (!words_equal(found[i].value, last.value)) out.conflicts.push_back(found[i]);
    return out;
  }

 private:
  ApplierContext ctx_;
};

}  // namespace

std::unique_ptr<Applier> make_modprobe_applier(const ApplierContext& ctx) {
  return std::make_unique<ModprobeApplier>(ctx);
}

}  // namespace vtune
