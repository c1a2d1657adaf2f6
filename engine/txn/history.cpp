#include "engine/txn/history.h"

#include <cstdio>

#include "engine/core/text_escape.h"

namespace vtune {

Result<std::vector<HistoryEntry>> read_history(const HostFs& fs, std::string_view state_dir) {
  Result<std::vector<TransactionEntry>> all = list_transactions(fs, state_dir);
  if (!all) return all.error();
  std::vector<HistoryEntry> out;
  for (const TransactionEntry& t : *all) {
    HistoryEntry h;
    if (!t.summary) {
      std::string name = t.path.substr(t.path.rfind('/') + 1);
      h.id = name.substr(0, name.size() - 6);  // without ".jsonl"
      h.state = "unreadable";
      h.error = t.error;
      out.push_back(std::move(h));
      continue;
    }
    const TxnSummary& s = *t.summary;
    h.id = s.id;
    h.time = s.time;
    h.profile = s.profile;
    h.state = txn_state_name(s.state);
    h.items = static_cast<int>(s.intents.size());
    h.applied = static_cast<int>(s.done.size());
    h.failed = static_cast<int>(s.failed.size());
    h.restored = static_cast<int>(s.restored.size());
    h.left_alone = static_cast<int>(s.left_alone.size());
    h.deadline = s.deadline;
    h.torn = s.torn.has_value();
    h.verification = s.verification;
    h.verify_arm = s.verify_arm;
    out.push_back(std::move(h));
  }
  return out;
}

Json history_to_json(const std::vector<HistoryEntry>& entries) {
  Json list = Json::array();
  for (const HistoryEntry& h : entries) {
    Json j = {{"id", replace_invalid_utf8(h.id)},
              {"time", h.time.empty() ? Json() : Json(replace_invalid_utf8(h.time))},
              {"profile", replace_invalid_utf8(h.profile)},
              {"state", h.state},
              {"counts",
               {{"items", h.items},
                {"applied", h.applied},
                {"failed", h.failed},
                {"restored", h.restored},
                {"left_alone", h.left_alone}}},
              {"awaiting_confirm_until", h.deadline.empty() ? Json() : Json(h.deadline)},
              {"torn_last_line", h.torn}};
    if (!h.error.empty()) j["error"] = replace_invalid_utf8(h.error);
    j["verification"] = h.verification;
    if (!h.verify_arm.empty()) j["verifying_arm"] = h.verify_arm;
    list.push_back(std::move(j));
  }
  return {{"schema_version", 1}, {"transactions", list}};
}

// One line per verified benchmark: "    verified net.tcp_rr: no significant change (ratio
// 1.004 [0.991, 1.013], p=0.69, 5+5 reps)". The samples are in the JSON.
static std::string verification_lines(const HistoryEntry& h) {
  std::string out;
  if (!h.verify_arm.empty())
    out += "    verification did not finish (the host was last on the " + h.verify_arm +
           "): `vtune rollback` completes the transaction\n";
  if (!h.verification.is_object()) return out;
  auto list = h.verification.find("benchmarks");
  if (list == h.verification.end() || !list->is_array()) return out;
  for (const Json& b : *list) {
    if (!b.is_object()) continue;
    std::string line = "    verified " + b.value("name", std::string("?")) + ": " +
                       b.value("verdict", std::string("?"));
    auto ratio = b.find("ratio");
    auto ci = b.find("ci95");
    auto p = b.find("p_value");
    if (ratio != b.end() && ratio->is_number() && ci != b.end() && ci->is_array() &&
        ci->size() == 2 && (*ci)[0].is_number() && (*ci)[1].is_number() && p != b.end() &&
        p->is_number()) {
      char buf[160];
      std::snprintf(buf, sizeof buf, " (ratio %.3f [%.3f, %.3f], p=%.3g", ratio->get<double>(),
                    (*ci)[0].get<double>(), (*ci)[1].get<double>(), p->get<double>());
      line += buf;
      auto reps = b.find("reps");
      if (reps != b.end() && reps->is_object())
        line += ", " + std::to_string(reps->value("baseline", 0)) + "+" +
                std::to_string(reps->value("candidate", 0)) + " reps";
      line += ")";
    }
    if (b.value("rolls_back", false)) line += ": rolled back";
    out += escape_control(line) + "\n";
  }
  return out;
}

std::string render_history_text(const std::vector<HistoryEntry>& entries) {
  if (entries.empty()) return "no transactions\n";
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-26s %-20s %-16s %-24s %s\n", "ID", "TIME", "STATE", "PROFILE",
                "ITEMS");
  out += line;
  for (const HistoryEntry& h : entries) {
    std::string counts = std::to_string(h.applied) + "/" + std::to_string(h.items) + " applied";
    if (h.failed) counts += ", " + std::to_string(h.failed) + " failed";
    if (h.restored) counts += ", " + std::to_string(h.restored) + " restored";
    if (h.left_alone) counts += ", " + std::to_string(h.left_alone) + " left alone";
    if (!h.deadline.empty() && h.state == "awaiting_confirm")
      counts += ", confirm by " + h.deadline;
    if (h.torn) counts += ", torn last line";
    if (!h.error.empty()) counts = h.error;
    std::snprintf(line, sizeof line, "%-26s %-20s %-16s %-24s ", escape_control(h.id).c_str(),
                  escape_control(h.time).c_str(), h.state.c_str(),
                  escape_control(h.profile).c_str());
    out += line + escape_control(counts) + "\n";
    out += verification_lines(h);
  }
  return out;
}

}  // namespace vtune
