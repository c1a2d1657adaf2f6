// A key path in Docker's daemon.json (the file dockerd really reads: facts
// docker.daemon_json_path, /etc/docker/daemon.json by default). A missing key, or a missing
// file, which dockerd treats as an empty configuration, reads as null.
//
// Writing merges one key into the file: every other key keeps its value and its place, new
// keys go at the end of their object, and the indentation of the file is kept. A file that
// does not parse is never overwritten; what is produced is parsed again and compared before
// it replaces the original (atomically), and the original is first copied to
// daemon.json.vtune-bak beside it.
#include <algorithm>

#include "appliers/appliers.h"
#include "appliers/config_file_image.h"
#include "appliers/value_text.h"
#include "engine/core/text.h"
#include "engine/facts/json_text.h"
#include "probes/daemon_json.h"

namespace vtune {
namespace {

constexpr std::string_view kDefaultPath = "/etc/docker/daemon.json";

// Types dockerd's Config struct gives these keys: encoding/json refuses anything else and
// dockerd then does not start, so a plan must not write them.
struct KeyType {
  std::string_view key;  // a top-level key, or "log-opts.*" for every key under it
  bool (Json::*is)() const noexcept;
  std::string_view type;
};
constexpr KeyType kKeyTypes[] = {
    {"log-opts.*", &Json::is_string, "a string"},
    {"storage-driver", &Json::is_string, "a string"},
    {"log-driver", &Json::is_string, "a string"},
    {"live-restore", &Json::is_boolean, "a boolean"},
    {"userland-proxy", &Json::is_boolean, "a boolean"},
    {"experimental", &Json::is_boolean, "a boolean"},
    {"debug", &Json::is_boolean, "a boolean"},
    {"default-ulimits", &Json::is_object, "an object"},
    {"default-ulimits.*", &Json::is_object, "an object"},
    {"default-ulimits.*.Soft", &Json::is_number_integer, "an integer"},
    {"default-ulimits.*.Hard", &Json::is_number_integer, "an integer"},
    {"default-ulimits.*.Name", &Json::is_string, "a string"},
};

// The keys dockerd applies on SIGHUP (moby daemon/reload.go and reload_unix.go: Reload and
// reloadPlatform; authorization-plugins in cmd/dockerd's reloadConfig). Any other key takes
// a restart.
constexpr std::string_view kReloadableKeys[] = {
    "debug",
    "labels",
    "live-restore",
    "max-concurrent-downloads",
    "max-concurrent-uploads",
    "max-download-attempts",
    "shutdown-timeout",
    "features",
    "insecure-registries",
    "registry-mirrors",
    "allow-nondistributable-artifacts",
    "network-diagnostic-port",
    "runtimes",
    "default-runtime",
    "default-shm-size",
    "default-ipc-mode",
    "default-cgroupns-mode",
    "authorization-plugins",
};

constexpr std::string_view kBackupSuffix = ".vtune-bak";

bool reloadable(std::string_view top_key) {
  return std::find(std::begin(kReloadableKeys), std::end(kReloadableKeys), top_key) !=
         std::end(kReloadableKeys);
}

// The indentation the file uses: the blanks before its first member on a line of its own
// (two spaces for a new file); -1 keeps a one-line file on one line.
std::pair<int, char> indentation(std::string_view text) {
  if (text.empty()) return {2, ' '};
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos || trim(text).find('\n') == std::string_view::npos)
    return {-1, ' '};
  for (; nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
    size_t i = nl + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i < text.size() && text[i] == '"' && i > nl + 1)
      return {static_cast<int>(i - nl - 1), text[nl + 1]};
  }
  return {2, ' '};
}

// `config` with the value at `keys` set to `desired`, creating the objects on the way.
// False when a value on the way is not an object (validate refuses that first).
bool set_path(Json& config, const std::vector<std::string>& keys, const Json& desired) {
  Json* at = &config;
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    if (!at->is_object()) return false;
    if (!at->contains(keys[i])) (*at)[keys[i]] = Json::object();
    at = &(*at)[keys[i]];
  }
  if (!at->is_object()) return false;
  (*at)[keys.back()] = desired;
  return true;
}

bool key_matches(std::string_view pattern, const std::vector<std::string>& keys) {
  size_t i = 0;
  size_t start = 0;
  for (;;) {
    size_t dot = pattern.find('.', start);
    std::string_view part = pattern.substr(start, dot - start);
    if (i >= keys.size() || (part != "*" && part != keys[i])) return false;
    ++i;
    if (dot == std::string_view::npos) return i == keys.size();
    start = dot + 1;
  }
}

class DaemonJsonApplier final : public Applier {
 public:
  explicit DaemonJsonApplier(const ApplierContext& ctx) : ctx_(ctx) {}

  Result<KnobValue> read(const Knob& knob) const override {
    std::vector<std::string> keys = daemon_json_path(knob.subject);
    if (keys.empty()) return SysError{EINVAL, knob.subject, "malformed daemon.json key path"};
    Result<Json> config = load();
    if (!config) return config.error();
    const Json* at = &*config;
    for (const std::string& key : keys) {
      if (!at->is_object() || !at->contains(key)) return KnobValue{Json(nullptr), {}};
      at = &(*at)[key];
    }
    return KnobValue{*at, {}};
  }

  std::optional<std::string> validate(const Knob& knob, const Json& desired) const override {
    std::vector<std::string> keys = daemon_json_path(knob.subject);
    if (keys.empty()) return "malformed daemon.json key path '" + knob.subject + "'";
    for (const KeyType& t : kKeyTypes)
      if (key_matches(t.key, keys) && !(desired.*t.is)())
        return "dockerd expects " + std::string(t.type) + " for " + knob.subject + ", not " +
               dump_json(desired);
    // A value on the way that is not an object cannot take a key under it.
    Result<Json> config = load();
    if (!config) return config.error().message();
    const Json* at = &*config;
    for (size_t i = 0; i + 1 < keys.size(); ++i) {
      if (!at->contains(keys[i])) break;
      at = &(*at)[keys[i]];
      if (!at->is_object())
        return "'" + format_daemon_json_path({keys.begin(), keys.begin() + i + 1}) + "' is " +
               dump_json(*at) + ", not an object";
    }
    // dockerd refuses to start when an option is both a flag and in daemon.json.
    const Json& flags = docker_fact("daemon_flags");
    if (flags.is_object() && flags.contains(keys[0]))
      return "dockerd refuses to start when an option is both a command-line flag and in "
             "daemon.json, and '" +
             keys[0] + "' is set by a flag of the daemon (its unit or command line)";
    return std::nullopt;
  }

  // JSON equality: "100m" and "100M" differ (dockerd's parser would accept both, but the
  // file would still change), 3 equals 3.0, and key order inside objects does not matter.
  bool equal(const Knob&, const Json& current, const Json& desired) const override {
    return json_equal(current, desired);
  }

  Result<Target> resolve(const Knob& knob) const override {
    if (daemon_json_path(knob.subject).empty())
      return SysError{EINVAL, knob.subject, "malformed daemon.json key path"};
    std::string file = path();
    return Target{file, "", file + ": " + knob.subject};
  }

  // The value, daemon.json, and the backup that write() replaces.
  Result<BeforeImage> capture(const Knob& knob) const override {
    Result<KnobValue> now = read(knob);  // fails on a file that does not parse
    if (!now) return now.error();
    std::string file = path();
    Result<FileImage> config = capture_file_image(ctx_.fs, file);
    if (!config) return config.error();
    Result<FileImage> backup = capture_file_image(ctx_.fs, file + std::string(kBackupSuffix));
    if (!backup) return backup.error();
    return BeforeImage{now->value, now->raw, {std::move(*config), std::move(*backup)}};
  }

  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    std::string file = path();
    if (!ctx_.write_fs) return errno_error("write", ctx_.fs.describe(file), EROFS);
    std::vector<std::string> keys = daemon_json_path(knob.subject);
    if (std::optional<std::string> why = validate(knob, desired))
      return SysError{EINVAL, format_knob(knob), *why};
    Result<FileImage> before = capture_file_image(ctx_.fs, file);
    if (!before) return before.error();
    // Validate before: the bytes about to be replaced must be a configuration dockerd reads.
    Result<Json> config = parse(before->existed ? before->bytes : std::string(), file);
    if (!config) return config.error();
    Json updated = *config;
    if (!set_path(updated, keys, desired))
      return SysError{EINVAL, format_knob(knob), "a value on the key path is not an object"};
    auto [indent, indent_char] = indentation(before->existed ? before->bytes : std::string());
    std::string text;
    try {
      text = updated.dump(indent, indent_char, false, Json::error_handler_t::strict) + "\n";
    } catch (const Json::exception& e) {
      return SysError{EINVAL, format_knob(knob),
                      std::string("cannot write the value: ") + e.what()};
    }
    // Validate after: what is written parses, and holds exactly the merged configuration.
    Result<Json> reread = parse(text, file);
    if (!reread || *reread != updated)  // ordered: same keys, same order, same values
      return SysError{EIO, ctx_.fs.describe(file),
                      "the rewritten daemon.json did not parse back to the merged configuration:"};
    WriteEffect effect{activation(keys[0], updated), ""};
    if (before->existed) {
      std::string backup = file + std::string(kBackupSuffix);
      if (Result<void> kept = ctx_.write_fs->replace_file(backup, before->bytes, before->mode);
          !kept)
        return kept.error();
      effect.note = "the previous " + file + " is kept as " + backup;
    }
    if (Result<void> done =
            ctx_.write_fs->replace_file(file, text, before->existed ? before->mode : 0644);
        !done)
      return done.error();
    return effect;
  }

  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    if (daemon_json_path(knob.subject).empty())
      return SysError{EINVAL, knob.subject, "malformed daemon.json key path"};
    std::string file = path();
    for (const FileImage& f : before.files)
      if (f.path != file && f.path != file + std::string(kBackupSuffix))
        return SysError{EINVAL, f.path, "restore: not daemon.json or its backup:"};
    for (const FileImage& f : before.files)
      if (Result<void> r = restore_file_image(ctx_.write_fs, ctx_.fs, f); !r) return r;
    return {};
  }

 private:
  const Json& docker_fact(std::string_view name) const {
    static const Json kNull;
    const Json& f = ctx_.facts;
    if (!f.is_object() || !f.contains("docker") || !f["docker"].is_object()) return kNull;
    auto it = f["docker"].find(name);
    return it == f["docker"].end() ? kNull : *it;
  }

  std::string path() const {
    const Json& p = docker_fact("daemon_json_path");
    return p.is_string() ? p.get<std::string>() : std::string(kDefaultPath);
  }

  // What makes the change take effect. SIGHUP reloads only some keys; the rest need a
  // restart, which live-restore makes harmless to running containers.
  std::string activation(const std::string& top_key, const Json& updated) const {
    const Json& running = docker_fact("daemon_running");
    if (running.is_boolean() && !running.get<bool>()) return "next dockerd start";
    if (reloadable(top_key)) return "dockerd reload (SIGHUP)";
    auto live = updated.find("live-restore");
    if (live != updated.end() && live->is_boolean() && live->get<bool>())
      return "dockerd restart (live-restore is on: running containers keep running)";
    return "dockerd restart (running containers stop: live-restore is off)";
  }

  Result<Json> load() const {
    std::string file = path();
    Result<std::string> text = ctx_.fs.read_file(file);
    if (!text) {
      if (text.error().err == ENOENT) return Json::object();
      return text.error();
    }
    return parse(*text, file);
  }

  Result<Json> parse(std::string_view text, const std::string& file) const {
    DaemonJsonParse parsed = parse_daemon_json(text, file);
    if (!parsed.config) {
      // file:line:col: error[VT0301]: ..., as `vtune facts` reports it.
      std::string where = ctx_.fs.describe(file);
      if (!parsed.error) return SysError{0, where, "invalid daemon.json: not a JSON object in"};
      const Diagnostic& d = *parsed.error;
      if (d.span.line > 0) where += ":" + std::to_string(d.span.line);
      if (d.span.column > 0) where += ":" + std::to_string(d.span.column);
      return SysError{0, "",
                      "invalid daemon.json: " + where + ": error[" + d.code + "]: " + d.message};
    }
    return std::move(*parsed.config);
  }

  ApplierContext ctx_;
};

}  // namespace

std::unique_ptr<Applier> make_daemon_json_applier(const ApplierContext& ctx) {
  return std::make_unique<DaemonJsonApplier>(ctx);
}

}  // namespace vtune
