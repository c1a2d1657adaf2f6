#include "probes/cpuinfo.h"

#include <algorithm>
#include <set>
#include <utility>

#include "engine/core/text.h"

namespace vtune {
namespace {

// CPU and core numbers are small; anything larger is corruption, not a big machine.
constexpr int64_t kMaxCpuNumber = 1 << 22;

std::vector<std::string> words(std::string_view value) {
  std::vector<std::string> out;
  for (std::string_view w : split_ws(value)) out.emplace_back(w);
  return out;
}

class Parser {
 public:
  Cpuinfo run(std::string_view text) {
    std::vector<std::string_view> all = lines(text);
    // A read cut short leaves a last line without its newline; its value may be cut too.
    bool cut = !text.empty() && text.back() != '\n';
    if (cut) {
      out_.problems.push_back("file ends mid-line (truncated read?)");
      all.pop_back();
    }
    for (size_t i = 0; i < all.size(); ++i) take_line(all[i], i + 1);
    // Only a block still open holds the cut line. When the cut line was the first of a new
    // block (after the blank line), the blocks before it are whole and stay usable.
    if (cut && open_) cur_.complete = false;
    out_.truncated = cut;
    finish_block();
    mark_short_blocks();
    return std::move(out_);
  }

 private:
  void take_line(std::string_view line, size_t lineno) {
    if (trim(line).empty()) {
      finish_block();
      return;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      out_.problems.push_back("line " + std::to_string(lineno) + " has no ':'");
      return;
    }
    std::string_view key = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    // Some kernels omit the blank line; a second "processor" still starts a new block.
    if (key == "processor" && open_ && cur_.processor) finish_block();
    open_ = true;
    ++cur_.fields;
    if (key == "processor")
      cur_.processor = number(key, value, lineno);
    else if (key == "physical id")
      cur_.physical_id = number(key, value, lineno);
    else if (key == "core id")
      cur_.core_id = number(key, value, lineno);
    else if (key == "siblings")
      cur_.siblings = number(key, value, lineno);
    else if (key == "cpu cores")
      cur_.cpu_cores = number(key, value, lineno);
    else if (key == "vendor_id")
      cur_.vendor_id = std::string(value);
    else if (key == "model name")
      cur_.model_name = std::string(value);
    else if (key == "flags")
      cur_.flags = words(value);
    else if (key == "vmx flags")
      cur_.vmx_flags = words(value);
  }

  std::optional<int> number(std::string_view key, std::string_view value, size_t lineno) {
    std::optional<int64_t> v = parse_int(value);
    if (v && *v >= 0 && *v <= kMaxCpuNumber) return static_cast<int>(*v);
    out_.problems.push_back("line " + std::to_string(lineno) + ": " + std::string(key) +
                            " is not a CPU number: '" + std::string(value.substr(0, 40)) + "'");
    return std::nullopt;
  }

  void finish_block() {
    if (open_) out_.cpus.push_back(std::move(cur_));
    cur_ = CpuinfoEntry{};
    open_ = false;
  }

  // Every block of one file has the same lines; a block with fewer was cut short.
  void mark_short_blocks() {
    size_t most = 0;
    for (const CpuinfoEntry& e : out_.cpus) most = std::max(most, e.fields);
    for (CpuinfoEntry& e : out_.cpus)
      if (e.fields < most) e.complete = false;
    for (const CpuinfoEntry& e : out_.cpus)
      if (!e.complete) {
        std::string which = e.processor ? std::to_string(*e.processor) : std::string("?");
        out_.problems.push_back("block of processor " + which + " is incomplete");
      }
  }

  Cpuinfo out_;
  CpuinfoEntry cur_;
  bool open_ = false;
};

}  // namespace

Cpuinfo parse_cpuinfo(std::string_view text) {
  return Parser().run(text);
}

std::optional<CpuTopology> cpuinfo_topology(const Cpuinfo& info) {
  if (info.cpus.empty() || info.truncated) return std::nullopt;
  std::set<int> sockets;
  std::set<std::pair<int, int>> cores;
  for (const CpuinfoEntry& e : info.cpus) {
    if (!e.complete || !e.physical_id || !e.core_id) return std::nullopt;
    sockets.insert(*e.physical_id);
    cores.insert({*e.physical_id, *e.core_id});
  }
  return CpuTopology{static_cast<int>(sockets.size()), static_cast<int>(cores.size()),
                     static_cast<int>(info.cpus.size())};
}

bool has_flag(const std::vector<std::string>& flags, std::string_view flag) {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

}  // namespace vtune
