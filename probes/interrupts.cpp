#include "probes/interrupts.h"

#include "engine/core/text.h"

namespace vtune {
namespace {

// The handler the kernel prints after the hwirq ("edge", "fasteoi") is a separate token on
// some architectures ("Level", "Edge" on arm64 GIC lines).
bool is_handler_word(std::string_view t) {
  return t == "Edge" || t == "Level" || t == "edge" || t == "level" || t == "fasteoi";
}

std::string join(const std::vector<std::string_view>& tokens, size_t from) {
  std::string out;
  for (size_t i = from; i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i];
  }
  return out;
}

}  // namespace

Interrupts parse_interrupts(std::string_view text) {
  Interrupts out;
  std::vector<std::string_view> all = lines(text);
  size_t first = 0;
  if (!all.empty()) {
    for (std::string_view t : split_ws(all[0]))
      if (starts_with(t, "CPU")) ++out.cpus;
    if (out.cpus > 0) first = 1;
  }
  for (size_t li = first; li < all.size(); ++li) {
    std::vector<std::string_view> tok = split_ws(all[li]);
    if (tok.empty()) continue;
    std::string_view label = tok[0];
    if (label.empty() || label.back() != ':') {
      ++out.malformed;
      continue;
    }
    label.remove_suffix(1);
    std::optional<int64_t> irq = parse_int(label);
    if (!irq) continue;  // NMI, LOC, ERR, ...: per-CPU counters, not IRQ lines
    if (*irq < 0 || *irq > INT32_MAX) {
      ++out.malformed;
      continue;
    }
    InterruptLine line;
    line.irq = static_cast<int>(*irq);
    size_t i = 1;
    // Without a header every leading number is a count; with one, at most one per CPU.
    while (i < tok.size() && (out.cpus == 0 || line.counts.size() < size_t(out.cpus))) {
      std::optional<uint64_t> c = parse_uint(tok[i]);
      if (!c) break;
      line.counts.push_back(*c);
      ++i;
    }
    if (i < tok.size()) line.chip = std::string(tok[i++]);
    if (i < tok.size() &&
        (std::isdigit(static_cast<unsigned char>(tok[i][0])) || tok[i][0] == '-')) {
      line.hwirq = std::string(tok[i++]);
    }
    if (i < tok.size() && is_handler_word(tok[i])) {
      line.hwirq += (line.hwirq.empty() ? "" : " ") + std::string(tok[i]);
      ++i;
    }
    line.name = join(tok, i);
    out.lines.push_back(std::move(line));
  }
  return out;
}

const InterruptLine* find_irq(const Interrupts& all, int irq) {
  for (const InterruptLine& l : all.lines)
    if (l.irq == irq) return &l;
  return nullptr;
}

}  // namespace vtune
