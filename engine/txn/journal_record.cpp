#include "engine/txn/journal_record.h"

#include <array>
#include <utility>

#include "engine/facts/json_text.h"
#include "engine/txn/journal_bytes.h"

namespace vtune {

namespace {

constexpr std::array<std::pair<RecordKind, const char*>, 8> kKindNames = {{
    {RecordKind::Begin, "begin"},
    {RecordKind::Intent, "intent"},
    {RecordKind::Done, "done"},
    {RecordKind::Failed, "failed"},
    {RecordKind::Commit, "commit"},
    {RecordKind::RollbackBegin, "rollback_begin"},
    {RecordKind::Restored, "restored"},
    {RecordKind::RollbackDone, "rollback_done"},
}};

bool has_seq(RecordKind k) {
  return k == RecordKind::Intent || k == RecordKind::Done || k == RecordKind::Failed ||
         k == RecordKind::Restored;
}

const char* file_image_name(FileImage f) {
  switch (f) {
    case FileImage::None:
      return "none";
    case FileImage::Absent:
      return "absent";
    case FileImage::Present:
      return "present";
  }
  return "none";
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

DecodedRecord fail(std::string reason) {
  return {std::nullopt, std::move(reason)};
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
    Json before = {{"raw", encode_bytes(r.before.raw)}, {"file", file_image_name(r.before.file)}};
    if (r.before.file == FileImage::Present) before["bytes"] = encode_bytes(r.before.file_bytes);
    j["before"] = std::move(before);
  }
  if (r.kind == RecordKind::Intent || r.kind == RecordKind::Done)
    j["value"] = encode_bytes(r.value);
  if (r.kind == RecordKind::Failed) j["error"] = encode_bytes(r.error);
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
    if (b == j.end() || !b->is_object() || !get_bytes(*b, "raw", r.before.raw))
      return fail("intent without a before-image");
    std::string file;
    if (!get_text(*b, "file", file)) return fail("before-image without \"file\"");
    if (file == "none") {
      r.before.file = FileImage::None;
    } else if (file == "absent") {
      r.before.file = FileImage::Absent;
    } else if (file == "present") {
      r.before.file = FileImage::Present;
      if (!get_bytes(*b, "bytes", r.before.file_bytes))
        return fail("before-image of a present file without its bytes");
    } else {
      return fail("before-image \"file\" is \"" + file + "\"");
    }
  }
  if (r.kind == RecordKind::Intent || r.kind == RecordKind::Done) {
    if (!get_bytes(j, "value", r.value)) return fail(kind_name + " without value");
  }
  if (r.kind == RecordKind::Failed && !get_bytes(j, "error", r.error))
    return fail("failed without error");
  return {std::move(r), ""};
}

}  // namespace vtune
