// A key path in Docker's daemon.json (the file dockerd really reads: facts
// docker.daemon_json_path, /etc/docker/daemon.json by default). A missing key, or a missing
// file, which dockerd treats as an empty configuration, reads as null.
#include "appliers/appliers.h"
#include "appliers/value_text.h"
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
    return std::nullopt;
  }

  // JSON equality: "100m" and "100M" differ (dockerd's parser would accept both, but the
  // file would still change), 3 equals 3.0, and key order inside objects does not matter.
  bool equal(const Knob&, const Json& current, const Json& desired) const override {
    return json_equal(current, desired);
  }

 private:
  std::string path() const {
    const Json& f = ctx_.facts;
    if (f.is_object() && f.contains("docker") && f["docker"].is_object() &&
        f["docker"].contains("daemon_json_path") && f["docker"]["daemon_json_path"].is_string())
      return f["docker"]["daemon_json_path"].get<std::string>();
    return std::string(kDefaultPath);
  }

  Result<Json> load() const {
    std::string file = path();
    Result<std::string> text = ctx_.fs.read_file(file);
    if (!text) {
      if (text.error().err == ENOENT) return Json::object();
      return text.error();
    }
    DaemonJsonParse parsed = parse_daemon_json(*text, file);
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
