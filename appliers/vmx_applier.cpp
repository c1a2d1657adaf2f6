// A key in a VMware .vmx file, read through the .vmx document model (probes/vmx_file.h).
// The file is the configuration itself, so what persists is what is read.
//
// Writing changes only the managed key's value, in place (a new key goes at the end as
// `key = "value"`); every other byte of the file stays as it was. The file is replaced
// atomically, and never while the VM runs: VMware holds <file>.lck (a file or a directory)
// beside a powered-on VM's .vmx and writes its in-memory configuration back over the file,
// so an edit then would be lost or mixed with VMware's.
#include <algorithm>
#include <cctype>

#include "appliers/appliers.h"
#include "appliers/config_file_image.h"
#include "appliers/value_text.h"
#include "engine/facts/json_text.h"
#include "probes/vmx_file.h"

namespace vtune {
namespace {

std::string lower(std::string_view s) {
  std::string l(s);
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
  return l;
}

bool is_vmx_bool(std::string_view s) {
  std::string l = lower(s);
  return l == "true" || l == "false";
}

// Keys whose values are names from a closed set that VMware reads without case
// ("LSILOGIC" is lsilogic); paths, network names and addresses keep their case.
bool is_enumerated_key(std::string_view key) {
  std::string k = lower(key);
  size_t dot = k.rfind('.');
  std::string last = dot == std::string::npos ? k : k.substr(dot + 1);
  for (std::string_view e :
       {"virtualdev", "devicetype", "guestos", "firmware", "addresstype", "connectiontype"})
    if (last == e) return true;
  return false;
}

constexpr std::string_view kActivation =
    "VM power cycle (the VM must be powered off to edit; the change takes effect at next "
    "power-on)";

std::optional<std::string> desired_text(const Json& desired) {
  if (desired.is_boolean()) return std::string(desired.get<bool>() ? "TRUE" : "FALSE");
  if (desired.is_array()) return std::nullopt;
  return facts_to_text(desired);
}

class VmxApplier final : public Applier {
 public:
  explicit VmxApplier(const ApplierContext& ctx) : ctx_(ctx) {}

  Result<KnobValue> read(const Knob& knob) const override {
    Result<VmxFile> file = load(knob);
    if (!file) return file.error();
    std::optional<std::string> value = file->get(knob.field);
    return KnobValue{value ? Json(*value) : Json(nullptr), {}};
  }

  std::optional<std::string> validate(const Knob& knob, const Json& desired) const override {
    if (!knob_well_formed(knob)) return "malformed knob " + format_knob(knob);
    std::optional<std::string> text = desired_text(desired);
    if (!text) return "a .vmx value is a string, number or boolean, not " + dump_json(desired);
    Result<VmxFile> file = load(knob);
    if (!file) return file.error().message();
    return std::nullopt;
  }

  // VMware reads booleans ("TRUE", "true") and enumerated values ("LSILOGIC", "lsilogic")
  // in any case; every other value is compared exactly, since paths are case-sensitive.
  bool equal(const Knob& knob, const Json& current, const Json& desired) const override {
    if (!current.is_string()) return false;
    std::optional<std::string> want = desired_text(desired);
    if (!want) return false;
    const std::string& have = current.get_ref<const std::string&>();
    if (is_vmx_bool(have) && is_vmx_bool(*want))
      return std::tolower(have[0]) == std::tolower((*want)[0]);
    if (is_enumerated_key(knob.field)) return lower(have) == lower(*want);
    return have == *want;
  }

  std::optional<Persisted> persisted(const Knob& knob) const override {
    Persisted out;
    Result<VmxFile> file = load(knob);
    if (!file) {
      out.unreadable.push_back(file.error().message());
      return out;
    }
    std::vector<VmxEntry> entries = file->entries();
    std::vector<const VmxEntry*> set;
    for (const VmxEntry& e : entries)
      if (vmx_keys_equal(e.key, knob.field)) set.push_back(&e);
    if (set.empty()) return out;
    out.value = set.back()->value;
    out.file = knob.subject;
    out.line = static_cast<int>(set.back()->line);
    // VMware keeps the last of repeated keys; earlier different ones are conflicts.
    for (size_t i = 0; i + 1 < set.size(); ++i)
      if (set[i]->value != set.back()->value)
        out.conflicts.push_back({knob.subject, static_cast<int>(set[i]->line), set[i]->value});
    return out;
  }

  Result<Target> resolve(const Knob& knob) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    return Target{knob.subject, "", knob.subject + ": " + knob.field};
  }

  Result<BeforeImage> capture(const Knob& knob) const override {
    Result<KnobValue> now = read(knob);
    if (!now) return now.error();
    Result<FileImage> file = capture_file_image(ctx_.fs, knob.subject);
    if (!file) return file.error();
    return BeforeImage{now->value, now->raw, {std::move(*file)}};
  }

  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    if (!ctx_.write_fs) return errno_error("write", ctx_.fs.describe(knob.subject), EROFS);
    if (Result<void> off = powered_off(knob); !off) return off.error();
    Result<FileImage> before = capture_file_image(ctx_.fs, knob.subject);
    if (!before) return before.error();
    if (!before->existed) return errno_error("open", ctx_.fs.describe(knob.subject), ENOENT);
    if (std::optional<std::string> why = validate(knob, desired))
      return SysError{EINVAL, format_knob(knob), *why};
    std::string value = desired_text(desired).value_or("");
    VmxFile doc = VmxFile::parse(before->bytes, knob.subject).file;
    if (!doc.set(knob.field, value))
      return SysError{EINVAL, format_knob(knob), "not a valid .vmx key"};
    std::string text = doc.render();
    // What is written must read back as the value, through the same parser.
    if (VmxFile::parse(text, knob.subject).file.get(knob.field) != value)
      return SysError{EIO, ctx_.fs.describe(knob.subject),
                      "the rewritten .vmx did not read back the value written:"};
    if (Result<void> done = ctx_.write_fs->replace_file(knob.subject, text, before->mode); !done)
      return done.error();
    return WriteEffect{std::string(kActivation), {}};
  }

  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    for (const FileImage& f : before.files)
      if (f.path != knob.subject) return SysError{EINVAL, f.path, "restore: not the knob's .vmx:"};
    if (Result<void> off = powered_off(knob); !off) return off.error();
    for (const FileImage& f : before.files)
      if (Result<void> r = restore_file_image(ctx_.write_fs, ctx_.fs, f); !r) return r;
    return {};
  }

 private:
  // The VM is off: no <file>.lck (VMware's lock file or directory) beside the .vmx.
  Result<void> powered_off(const Knob& knob) const {
    std::string lock = knob.subject + ".lck";
    if (ctx_.fs.exists(lock))
      return SysError{EBUSY, ctx_.fs.describe(lock),
                      "the VM is powered on (VMware rewrites its .vmx while it runs); power it "
                      "off before editing; lock present:"};
    return {};
  }

  Result<VmxFile> load(const Knob& knob) const {
    if (!knob_well_formed(knob)) return SysError{EINVAL, format_knob(knob), "malformed knob"};
    Result<std::string> text = ctx_.fs.read_file(knob.subject);
    if (!text) return text.error();
    return std::move(VmxFile::parse(*text, knob.subject).file);
  }

  ApplierContext ctx_;
};

}  // namespace

std::unique_ptr<Applier> make_vmx_applier(const ApplierContext& ctx) {
  return std::make_unique<VmxApplier>(ctx);
}

}  // namespace vtune
