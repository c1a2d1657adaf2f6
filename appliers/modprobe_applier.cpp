// Module parameters: the runtime value in /sys/module/MOD/parameters/PARAM, persisted as
// `options MOD PARAM=VALUE` in modprobe.d files (kmod's directories and precedence; all
// options lines are handed to the kernel in order, so the last assignment wins).
//
// Writing never touches the running module: it rewrites vtune's own file
// /etc/modprobe.d/90-vtune.conf (kVtuneModprobeConf), atomically, and says what makes the
// value take effect: a reload of the module, or a reboot when it cannot be unloaded.
// A module built into the kernel takes its parameters from the kernel command line only
// (kmod does not pass modprobe.d options to it), so such a knob is refused.
#include "appliers/appliers.h"
#include "appliers/conf_dirs.h"
#include "appliers/config_file_image.h"
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

enum class ModuleState { NotLoaded, Loaded, InUse, BuiltIn };

// Whether the kernel's modules.builtin lists `module` (kernel/net/ipv4/tcp_cubic.ko). Only
// positive evidence counts: /sys/module/M/initstate, which only loadable modules have, is
// missing from snapshots too, so its absence proves nothing.
bool built_in(const HostFs& fs, const Facts& facts, const std::string& module) {
  std::string release;
  if (facts.is_object() && facts.contains("kernel") && facts["kernel"].is_object() &&
      facts["kernel"].contains("release") && facts["kernel"]["release"].is_string())
    release = facts["kernel"]["release"].get<std::string>();
  else if (Result<std::string> r = fs.read_file("/proc/sys/kernel/osrelease"))
    release = std::string(trim(*r));
  if (release.empty() || release.find('/') != std::string::npos) return false;
  Result<std::string> list = fs.read_file("/lib/modules/" + release + "/modules.builtin");
  if (!list) return false;
  for (std::string_view line : lines(*list)) {
    line = trim(line);
    size_t slash = line.rfind('/');
    std::string_view name = slash == std::string_view::npos ? line : line.substr(slash + 1);
    if (name.size() > 3 && name.substr(name.size() - 3) == ".ko") name.remove_suffix(3);
    if (normalize_module_name(name) == module) return true;
  }
  return false;
}

// /sys/module/M exists for a loaded module (and for a built-in one that has parameters).
// A module others hold (refcnt > 0, or listed holders) cannot be unloaded without them.
ModuleState module_state(const HostFs& fs, const Facts& facts, const std::string& module) {
  if (built_in(fs, facts, module)) return ModuleState::BuiltIn;
  std::string dir = "/sys/module/" + module;
  if (!fs.exists(dir)) return ModuleState::NotLoaded;
  Result<std::string> refcnt = fs.read_file(dir + "/refcnt");
  if (refcnt && parse_int(*refcnt).value_or(0) > 0) return ModuleState::InUse;
  Result<std::vector<DirEntry>> holders = fs.list_dir(dir + "/holders");
  if (holders && !holders->empty()) return ModuleState::InUse;
  return ModuleState::Loaded;
}

std::string activation(ModuleState state, const std::string& module) {
  switch (state) {
    case ModuleState::NotLoaded:
      return "next load of the module (modprobe " + module + ") or reboot";
    case ModuleState::Loaded:
      return "module reload (modprobe -r " + module + "; modprobe " + module + ") or reboot";
    case ModuleState::InUse:
    case ModuleState::BuiltIn:
      break;
  }
  return "reboot";
}

std::string builtin_problem(const Knob& knob) {
  return knob.subject + " is built into the kernel: modprobe.d options do not apply to it; set " +
         normalize_module_name(knob.subject) + "." + knob.field +
         "=VALUE on the kernel command line instead";
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
    if (text->find_first_of("\"\n\r\\") != std::string::npos)
      return "a module parameter value cannot hold quotes, backslashes or newlines";
    if (module_state(ctx_.fs, ctx_.facts, normalize_module_name(knob.subject)) ==
        ModuleState::BuiltIn)
      return builtin_problem(knob);
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

  Result<Target> resolve(const Knob& knob) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    std::string path(kVtuneModprobeConf);
    return Target{path, normalize_module_name(knob.subject),
                  path + ": options " + knob.subject + " " + knob.field + "="};
  }

  Result<BeforeImage> capture(const Knob& knob) const override {
    Result<KnobValue> now = read(knob);
    if (!now) return now.error();
    Result<FileImage> file = capture_file_image(ctx_.fs, std::string(kVtuneModprobeConf));
    if (!file) return file.error();
    return BeforeImage{now->value, now->raw, {std::move(*file)}};
  }

  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    std::string path(kVtuneModprobeConf);
    if (!ctx_.write_fs) return errno_error("write", ctx_.fs.describe(path), EROFS);
    if (std::optional<std::string> why = validate(knob, desired))
      return SysError{EINVAL, format_knob(knob), *why};
    Result<FileImage> now = capture_file_image(ctx_.fs, path);
    if (!now) return now.error();
    std::string text = set_modprobe_option(now->bytes, knob.subject, knob.field,
                                           facts_to_text(desired).value_or(""));
    if (!ctx_.fs.exists("/etc/modprobe.d"))
      if (Result<void> made = ctx_.write_fs->make_dirs("/etc/modprobe.d", 0755); !made)
        return made.error();
    if (Result<void> done =
            ctx_.write_fs->replace_file(path, text, now->existed ? now->mode : 0644);
        !done)
      return done.error();
    std::string module = normalize_module_name(knob.subject);
    return WriteEffect{activation(module_state(ctx_.fs, ctx_.facts, module), module), {}};
  }

  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    for (const FileImage& f : before.files) {
      if (f.path != kVtuneModprobeConf)
        return SysError{EINVAL, f.path, "restore: not vtune's modprobe.d file:"};
      if (Result<void> r = restore_file_image(ctx_.write_fs, ctx_.fs, f); !r) return r;
    }
    return {};
  }

 private:
  ApplierContext ctx_;
};

}  // namespace

std::unique_ptr<Applier> make_modprobe_applier(const ApplierContext& ctx) {
  return std::make_unique<ModprobeApplier>(ctx);
}

}  // namespace vtune
