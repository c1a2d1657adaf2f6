#include <doctest/doctest.h>

#include "probes/interrupts.h"

using namespace vtune;

TEST_CASE("interrupts: x86 MSI-X queue lines name their queues") {
  Interrupts all = parse_interrupts(
      "            CPU0       CPU1       CPU2       CPU3       \n"
      "   0:         35          0          0          0   IO-APIC   2-edge      timer\n"
      "  45:          0     120044          0          7  IR-PCI-MSI 9437185-edge      "
      "eno1-TxRx-0\n"
      "  46:          1          0          0          0  IR-PCI-MSI 9437186-edge      "
      "eno1-TxRx-1\n"
      " NMI:          0          0          0          0   Non-maskable interrupts\n"
      " LOC:     123456     123457     123458     123459   Local timer interrupts\n"
      " ERR:          0\n");
  CHECK(all.cpus == 4);
  CHECK(all.malformed == 0);
  REQUIRE(all.lines.size() == 3);
  const InterruptLine* q0 = find_irq(all, 45);
  REQUIRE(q0 != nullptr);
  CHECK(q0->counts == std::vector<uint64_t>{0, 120044, 0, 7});
  CHECK(q0->chip == "IR-PCI-MSI");
  CHECK(q0->hwirq == "9437185-edge");
  CHECK(q0->name == "eno1-TxRx-0");
  CHECK(find_irq(all, 0)->name == "timer");
  CHECK(find_irq(all, 47) == nullptr);
}

TEST_CASE("interrupts: shared lines, handler words and missing names") {
  Interrupts all = parse_interrupts(
      "           CPU0       CPU1\n"
      "  19:        10         20   IO-APIC  19-fasteoi   vmw_pvscsi, ens224\n"
      "  11:         0          0   GICv3  27 Level     arch_timer\n"
      "  12:         0          0   xen-percpu    -virq      timer0\n"
      "  13:         0          0   PCI-MSI 49152-edge\n");
  REQUIRE(all.lines.size() == 4);
  CHECK(all.lines[0].name == "vmw_pvscsi, ens224");
  CHECK(all.lines[1].chip == "GICv3");
  CHECK(all.lines[1].hwirq == "27 Level");
  CHECK(all.lines[1].name == "arch_timer");
  CHECK(all.lines[2].hwirq == "-virq");
  CHECK(all.lines[2].name == "timer0");
  CHECK(all.lines[3].name.empty());  // vector allocated, no action requested
}

TEST_CASE("interrupts: truncated and hostile input never throws") {
  CHECK(parse_interrupts("").lines.empty());
  CHECK(parse_interrupts("           CPU0\n").cpus == 1);
  Interrupts cut = parse_interrupts("   CPU0  CPU1\n  45:   12");
  REQUIRE(cut.lines.size() == 1);
  CHECK(cut.lines[0].counts == std::vector<uint64_t>{12});
  CHECK(cut.lines[0].name.empty());
  Interrupts bad =
      parse_interrupts("   CPU0\n garbage line\n 99999999999: 1 x y z\n 7: 1 c 1-edge n\n");
  CHECK(bad.malformed == 2);
  REQUIRE(bad.lines.size() == 1);
  CHECK(bad.lines[0].irq == 7);
  // Without a header every leading number counts as a CPU column.
  Interrupts headless = parse_interrupts(" 5: 1 2 3 PCI-MSI 1-edge q\n");
  CHECK(headless.cpus == 0);
  CHECK(headless.lines.at(0).counts.size() == 3);
}
