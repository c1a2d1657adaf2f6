#include "engine/txn/journal_record.h"

#include <array>
#include <utility>

#include "engine/facts/json_text.h"
#include "engine/txn/journal_bytes.h"

namespace vtune {

namespace {

constexpr std::array<std::pair<RecordKind, const char*>, 15> kKindNames = {{
    {RecordKind::Begin, "begin"},
    {RecordKind::Intent, "intent"},
    {RecordKind::Done, "done"},
    {RecordKind::Failed, "failed"},
    {RecordKind::Commit, "commit"},
    {RecordKind::AwaitingConfirm, "awaiting_confirm"},
    {RecordKind::Confirm, "confirm"},
    {RecordKind::RollbackBegin, "rollback_begin"},
    {RecordKind::Restored, "restored"},
    {RecordKind::LeftAlone, "left_alone"},
    {RecordKind::RestoreFailed, "restore_failed"},
    {RecordKind::RollbackDone, "rollback_done"},
    {RecordKind::VerifyBegin, "verify_begin"},
    {RecordKind::VerifyArm, "verify_arm"},
    {RecordKind::VerifyResult, "verify_result"},
}};

bool has_seq(RecordKind k) {
  return k == RecordKind::Intent || k == RecordKind::Done || k == RecordKind::Failed ||
         k == RecordKind::Restored || k == RecordKind::LeftAlone || k == RecordKind::RestoreFailed;
}
bool has_value(RecordKind k) {
  return k == RecordKind::Intent || k == RecordKind::Done || k == RecordKind::LeftAlone;
}
bool has_error(RecordKind k) {
  return k == RecordKind::Failed || k == RecordKind::RestoreFailed || k == RecordKind::LeftAlone;
}
bool has_reason(RecordKind k) {
  return k == RecordKind::RollbackBegin || k == RecordKind::Restored || k == RecordKind::VerifyArm;
}
bool has_verification(RecordKind k) {
  return k == RecordKind::VerifyBegin || k == RecordKind::VerifyResult;
}

// Reads field `key` of `j` as text (a plain string); false when missing or not a string.
bool get_text(const Json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool get_bytes(const Json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end()) return false;
  std::optional<std::string> b = decode_bytes(*it);
  if (!b) return false;
  out = std::move(*b);
  return true;
}

bool get_json(const Json& j, const char* key, Json& out) {
  auto it = j.find(key);
  if (it == j.end()) return false;
  std::optional<Json> v = decode_json_exact(*it);
  if (!v) return false;
  out = std::move(*v);
  return true;
}

DecodedRecord fail(std::string reason) {
  return {std::nullopt, std::move(reason)};
}

Json encode_before(const BeforeImage& b) {
  Json files = Json::array();
  for (const FileImage& f : b.files) {
    Json fj = {{"path", encode_bytes(f.path)}, {"existed", f.existed}, {"mode", f.mode}};
    if (f.existed) fj["bytes"] = encode_bytes(f.bytes);
    files.push_back(std::move(fj));
  }
  return {{"value", encode_json_exact(b.value)}, {"raw", encode_bytes(b.raw)}, {"files", files}};
}

std::optional<std::string> decode_before(const Json& j, BeforeImage& b) {
  if (!j.is_object()) return "intent without a before-image";
  if (!get_json(j, "value", b.value) || !get_bytes(j, "raw", b.raw))
    return "before-image without value or raw";
  auto files = j.find("files");
  if (files == j.end() || !files->is_array()) return "before-image without files";
  for (const Json& fj : *files) {
    FileImage f;
    auto existed = fj.find("existed");
    auto mode = fj.find("mode");
    if (!fj.is_object() || !get_bytes(fj, "path", f.path) || existed == fj.end() ||
        !existed->is_boolean() || mode == fj.end() || !mode->is_number_unsigned())
      return "before-image file without path, existed or mode";
    f.existed = existed->get<bool>();
    f.mode = mode->get<unsigned>();
    if (f.existed && !get_bytes(fj, "bytes", f.bytes))
      return "before-image of a file that existed without its bytes";
    b.files.push_back(std::move(f));
  }
  return std::nullopt;
}

}  // namespace

const char* record_kind_name(RecordKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "?";
}

std::optional<RecordKind> parse_record_kind(std::string_view name) {
  for (const auto& [k, n] : kKindNames)
    if (name == n) return k;
  return std::nullopt;
}

std::string encode_record(const JournalRecord& r) {
  Json j = Json::object();
  j["kind"] = record_kind_name(r.kind);
  if (r.kind == RecordKind::Begin) {
    j["schema_version"] = r.schema_version;
    j["id"] = encode_bytes(r.id);
    j["time"] = encode_bytes(r.time);
    j["profile"] = encode_bytes(r.profile);
    j["vtune_version"] = encode_bytes(r.vtune_version);
  }
  if (has_seq(r.kind)) j["seq"] = r.seq;
  if (r.kind == RecordKind::Intent) {
    j["knob"] = encode_bytes(r.knob);
    j["target"] = encode_bytes(r.target);
    j["before"] = encode_before(r.before);
  }
  if (has_value(r.kind)) j["value"] = encode_json_exact(r.value);
  if (r.kind == RecordKind::Done) j["activation"] = encode_bytes(r.activation);
  if (has_error(r.kind)) j["error"] = encode_bytes(r.error);
  if (r.kind == RecordKind::AwaitingConfirm) {
    j["deadline"] = encode_bytes(r.deadline);
    j["deadline_epoch"] = r.deadline_epoch;
  }
  if (r.kind == RecordKind::Confirm) j["time"] = encode_bytes(r.time);
  if (has_reason(r.kind)) j["reason"] = encode_bytes(r.reason);
  if (has_verification(r.kind)) j["verification"] = encode_json_exact(r.verification);
  // Every string is valid UTF-8 by now (encode_bytes), so the replace handler never acts.
  return dump_json(j);
}

DecodedRecord decode_record(std::string_view line) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail("not a JSON object");
  if (!j.is_object()) return fail("not a JSON object");
  std::string kind_name;
  if (!get_text(j, "kind", kind_name)) return fail("no \"kind\"");
  std::optional<RecordKind> kind = parse_record_kind(kind_name);
  if (!kind) return fail("unknown kind \"" + kind_name + "\"");
  JournalRecord r;
  r.kind = *kind;
  if (r.kind == RecordKind::Begin) {
    auto v = j.find("schema_version");
    if (v == j.end() || !v->is_number_integer()) return fail("begin without schema_version");
    r.schema_version = v->get<int>();
    if (r.schema_version > kJournalSchemaVersion || r.schema_version < 1) {
      DecodedRecord d =
          fail("schema_version " + std::to_string(r.schema_version) +
               " is not one this vtune reads (" + std::to_string(kJournalSchemaVersion) + ")");
      d.unsupported_version = true;
      return d;
    }
    if (!get_bytes(j, "id", r.id) || !get_bytes(j, "time", r.time) ||
        !get_bytes(j, "profile", r.profile) || !get_bytes(j, "vtune_version", r.vtune_version))
      return fail("begin without id, time, profile or vtune_version");
  }
  if (has_seq(r.kind)) {
    auto v = j.find("seq");
    if (v == j.end() || !v->is_number_integer() || v->get<long>() < 1)
      return fail(kind_name + " without a seq of 1 or more");
    r.seq = v->get<long>();
  }
  if (r.kind == RecordKind::Intent) {
    if (!get_bytes(j, "knob", r.knob) || !get_bytes(j, "target", r.target))
      return fail("intent without knob or target");
    auto b = j.find("before");
    if (b == j.end()) return fail("intent without a before-image");
    if (std::optional<std::string> bad = decode_before(*b, r.before)) return fail(*bad);
  }
  if (has_value(r.kind) && !get_json(j, "value", r.value))
    return fail(kind_name + " without value");
  if (r.kind == RecordKind::Done && !get_bytes(j, "activation", r.activation))
    return fail("done without activation");
  if (has_error(r.kind) && !get_bytes(j, "error", r.error))
    return fail(kind_name + " without error");
  if (r.kind == RecordKind::AwaitingConfirm) {
    auto e = j.find("deadline_epoch");
    if (!get_bytes(j, "deadline", r.deadline) || e == j.end() || !e->is_number_integer())
      return fail("awaiting_confirm without deadline or deadline_epoch");
    r.deadline_epoch = e->get<long long>();
  }
  if (r.kind == RecordKind::Confirm && !get_bytes(j, "time", r.time))
    return fail("confirm without time");
  if (has_reason(r.kind) && !get_bytes(j, "reason", r.reason))
    return fail(kind_name + " without reason");
  if (has_verification(r.kind) && !get_json(j, "verification", r.verification))
    return fail(kind_name + " without verification");
  return {std::move(r), ""};
}

}  // namespace vtune
