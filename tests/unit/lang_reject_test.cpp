// Each rejection: the exact code, line and column.
#include <doctest/doctest.h>

#include "tests/unit/lang_test_util.h"

namespace vtune::lang {
namespace {

using testing::check;
using testing::codes;

struct Case {
  const char* text;
  const char* expected;  // "CODE@line:col "
};

TEST_CASE("lang reject: codes and positions") {
  const Case cases[] = {
      {"rule a \"t\" {\n  when 1 +\n}", "VT0101@3:1 "},
      {"rule A \"t\" { advise \"x\" }", "VT0101@1:6 "},
      {"rule a \"t\" { when a < b < c advise \"x\" }", "VT0101@1:25 "},
      {"let x = \"a\\qb\"", "VT0103@1:12 "},
      {"let x = 99999999999999999999", "VT0103@1:9 "},
      {"let x = 0.5B", "VT0103@1:9 "},
      {"rule a \"t\" {\n  when memory.totl > 1GiB\n  advise \"x\"\n}", "VT0104@2:8 "},
      {"rule a \"t\" { when nic.speed > 1 advise \"x\" }", "VT0104@1:19 "},
      {"rule a \"t\" { set sysctl \"vm.x\" = param.nope }", "VT0105@1:40 "},
      {"rule a \"t\" { when memory.total == \"big\" advise \"x\" }", "VT0106@1:19 "},
      {"rule a \"t\" { when foo(1) advise \"x\" }", "VT0107@1:19 "},
      {"rule a \"t\" { when len(1, 2) > 0 advise \"x\" }", "VT0108@1:19 "},
      {"rule a \"t\" { advise \"x\" }\nrule a \"u\" { advise \"y\" }", "VT0109@2:6 "},
      {"let x = 1\nlet x = 2\nrule a \"t\" { when x > 0 advise \"\" }", "VT0110@2:5 "},
      {"let a = b\nlet b = a\nrule r \"t\" { when a advise \"\" }", "VT0111@1:5 "},
      {"let unused = 1\nrule r \"t\" { advise \"\" }", "VT0112@1:5 "},
      {"rule a \"t\" { set sysctl \"Net.Core\" = 1 }", "VT0113@1:25 "},
      {"rule a \"t\" { set sysctl \"net..core\" = 1 }", "VT0113@1:25 "},
      {"rule a \"t\" { set sysfs \"/proc/sys/vm\" = 1 }", "VT0114@1:24 "},
      {"rule a \"t\" { set sysfs \"/sys/../etc\" = 1 }", "VT0114@1:24 "},
      {"rule a \"t\" { set vmx(\"/x.vmx\").\"ethernet0 virtualDev\" = 1 }", "VT0126@1:32 "},
      {"rule a \"t\" { set grub \"x\" = 1 }", "VT0115@1:18 "},
      {"rule a \"t\" { severity low severity high advise \"\" }", "VT0116@1:36 "},
      {"rule a \"t\" { for x in memory.total advise \"\" }", "VT0117@1:23 "},
      {"rule a \"t\" { when matches(\"a\", \"(\") advise \"\" }", "VT0118@1:32 "},
      {"param p = memory.total\nrule a \"t\" { advise \"\" }", "VT0119@1:11 "},
      {"rule a \"t\" { when virt.hypervisor == \"vmwar\" advise \"\" }", "VT0122@1:38 "},
      {"rule a \"t\" { for nics in nics advise \"\" }", "VT0124@1:18 "},
      {"rule a \"t\" { severity low }", "VT0125@1:6 "},
      // Bounds: a missing or unknown operator, a bound on a knob or value that is not numeric.
      {"rule a \"t\" { set sysctl \"vm.x\" > 1 }", "VT0101@1:32 "},
      {"rule a \"t\" { set sysctl \"vm.x\" 1 }", "VT0101@1:32 "},
      {"rule a \"t\" { for n in nics set ethtool(n).feature.\"rx-gro\" >= 1 }", "VT0127@1:32 "},
      {"rule a \"t\" { for n in nics set xps(n, 0) <= 1 }", "VT0127@1:32 "},
      {"rule a \"t\" { set sysctl \"vm.x\" >= \"big\" }", "VT0127@1:35 "},
      {"rule a \"t\" { set sysctl \"vm.x\" >= 1.5 }", "VT0127@1:35 "},
      {"rule a \"t\" { set sysctl \"vm.x\" >= [1, \"a\"] }", "VT0106@1:39 "},
      {"rule a \"t\" { set sysctl \"vm.x\" covers 5 }", "VT0127@1:39 "},
      {"rule a \"t\" { set sysctl \"vm.x\" covers [1, 2, 3] }", "VT0127@1:39 "},
      // `%` takes ints; a rule-local let needs a name that is not a keyword.
      {"rule a \"t\" { when memory.total % 2 > 0 advise \"\" }", "VT0106@1:19 "},
      {"rule a \"t\" { let for = 1 advise \"\" }", "VT0101@1:18 "},
      {"rule a \"t\" { let nics = 1 advise \"\" }", "VT0124@1:18 "},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    RuleLibrary lib = check(c.text);
    CHECK(codes(lib) == c.expected);
  }
}

TEST_CASE("lang reject: did-you-mean hints") {
  RuleLibrary lib = check("rule a \"t\" { when memory.totl > 1GiB advise \"x\" }");
  REQUIRE(lib.diagnostics.items().size() == 1);
  CHECK(lib.diagnostics.items()[0].hint == "did you mean 'total'?");
  lib = check("rule a \"t\" { when nic.speed > 1 advise \"x\" }");
  CHECK(lib.diagnostics.items()[0].hint == "did you mean 'nics'?");
}

TEST_CASE("lang reject: conflicting settings (lint)") {
  const char* text = R"(
rule a "t" { when virt.guest set sysctl "vm.swappiness" = 10 }
rule b "t" { when memory.total > 1GiB set sysctl "vm.swappiness" = 60 }
rule c "t" { when virt.hypervisor == "kvm" set sysctl "vm.dirty_ratio" = 10 }
rule d "t" { when virt.hypervisor == "vmware" set sysctl "vm.dirty_ratio" = 20 }
rule e "t" { priority 10 set sysctl "vm.swappiness" = 1 }
rule f "t" { for n in nics set ethtool(n).ring.rx = 4096 }
rule g "t" { for m in nics set ethtool(m).ring.rx = 512 }
rule h "t" { when virt.guest set sysctl "vm.overcommit_memory" = 1 }
rule i "t" { when not virt.guest set sysctl "vm.overcommit_memory" = 0 }
rule j "t" { set sysctl "net.core.somaxconn" >= 4096 }
rule k "t" { set sysctl "net.core.somaxconn" >= 65535 }
rule l "t" { set sysctl "net.core.netdev_max_backlog" >= 1000 }
rule m "t" { set sysctl "net.core.netdev_max_backlog" = 1000 }
)";
  RuleLibrary lib = check(text, true);
  // Two floors combine (j, k); a floor against an exact value is a conflict (l, m).
  CHECK(codes(lib) == "VT0120@3:39 VT0120@8:28 VT0120@14:14 ");
}

TEST_CASE("lang reject: every code is documented in the catalogue") {
  for (const DiagnosticCode& c : kLangCodes) {
    CHECK(c.code.starts_with("VT01"));
    CHECK(!c.title.empty());
    CHECK(!c.explanation.empty());
  }
}

}  // namespace
}  // namespace vtune::lang

#include <fstream>
#include <sstream>

namespace vtune::lang {
namespace {

TEST_CASE("lang reject: docs/rule-language.md lists every code with its title") {
  std::ifstream in(std::string(VTUNE_SOURCE_DIR) + "/docs/rule-language.md");
  REQUIRE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  for (const DiagnosticCode& c : kLangCodes) {
    CAPTURE(c.code);
    CHECK(doc.str().find("| " + std::string(c.code) + " | " + std::string(c.title)) !=
          std::string::npos);
  }
}

}  // namespace
}  // namespace vtune::lang
