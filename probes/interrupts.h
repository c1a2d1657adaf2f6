#pragma once
// /proc/interrupts, parsed: the numbered IRQ lines with their per-CPU counts, the chip,
// and the action names ("eno1-TxRx-0") that say which device queue an IRQ serves.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

struct InterruptLine {
  int irq = 0;
  std::vector<uint64_t> counts;  // one per CPU column of the header
  std::string chip;              // "IR-PCI-MSI", "IO-APIC", ...
  std::string hwirq;             // "9437185-edge"; empty when the line has none
  std::string name;              // the actions, as printed: "eno1-TxRx-0" or "a, b"
};

struct Interrupts {
  int cpus = 0;                      // CPU columns in the header
  std::vector<InterruptLine> lines;  // numbered IRQs only, in file order
  int malformed = 0;                 // numbered lines that could not be read
};

// Never fails: a line it cannot read is counted in `malformed` and skipped; rows such as
// NMI: or LOC: (per-CPU counters, not IRQs) are left out.
Interrupts parse_interrupts(std::string_view text);

// The line for `irq`, if present.
const InterruptLine* find_irq(const Interrupts& all, int irq);

}  // namespace vtune
