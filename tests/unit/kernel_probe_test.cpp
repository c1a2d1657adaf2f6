#include <doctest/doctest.h>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/cmdline_args.h"
#include "probes/kernel_modules.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

using Args = std::vector<std::string>;

struct KernelRun {
  Facts facts = Json::object();
  Warnings warnings;
};

KernelRun run_kernel(HostBackend& backend) {
  KernelRun run;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, run.warnings);
  kKernelProbe.collect(ctx, run.facts);
  return run;
}

}  // namespace

TEST_CASE("split_cmdline splits on whitespace and honours double quotes") {
  CHECK(split_cmdline("ro quiet\n") == Args{"ro", "quiet"});
  CHECK(split_cmdline("  intel_iommu=on\t iommu=pt  ") == Args{"intel_iommu=on", "iommu=pt"});
  CHECK(split_cmdline("acpi_osi=\"Windows 2015\" quiet") == Args{"acpi_osi=Windows 2015", "quiet"});
  CHECK(split_cmdline("\"dyndbg=file x.c +p\"") == Args{"dyndbg=file x.c +p"});
  CHECK(split_cmdline("a=\"\" b") == Args{"a=", "b"});
  // Unterminated quote: the rest of the line is one argument, as in the kernel.
  CHECK(split_cmdline("x=\"a b c") == Args{"x=a b c"});
  CHECK(split_cmdline("").empty());
  CHECK(split_cmdline(" \n").empty());
}

TEST_CASE("kernel probe: unreadable files give null and a warning naming the path") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
  fs->add_error("/proc/cmdline", EACCES);
  HostBackend backend("/mem", std::move(fs));
  KernelRun run = run_kernel(backend);

  Json& k = run.facts["kernel"];
  CHECK(k["release"] == "6.1.0-18-amd64");
  CHECK(k["version"].is_null());
  CHECK(k["cmdline"].is_null());
  CHECK(k["cmdline_args"].is_null());
  REQUIRE(run.warnings.items().size() == 2);
  CHECK(run.warnings.items()[0].path == "mem:/proc/sys/kernel/version");
  CHECK(run.warnings.items()[1].path == "mem:/proc/cmdline");
}

TEST_CASE("kernel probe: an empty command line is an empty list") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
  fs->add_file("/proc/sys/kernel/version", "#1 SMP\n");
  fs->add_file("/proc/cmdline", "\n");
  HostBackend backend("/mem", std::move(fs));
  KernelRun run = run_kernel(backend);
  CHECK(run.warnings.empty());
  CHECK(run.facts["kernel"]["cmdline"] == "");
  CHECK(run.facts["kernel"]["cmdline_args"] == Json::array());
}

namespace {

struct HostKernel {
  const char* host;
  const char* release;
  const char* version;
  Args args;
};

const char* const kDeb18 = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)";

const HostKernel kHosts[] = {
    {"vmware-guest",
     "6.1.0-18-amd64",
     kDeb18,
     {"BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64", "root=UUID=3c1f7a2e-5d7b-4d0a-9a8e-2b6f1e0c9d41",
      "ro", "quiet"}},
    {"kvm-guest",
     "6.1.0-21-cloud-amd64",
     "#1 SMP PREEMPT_DYNAMIC Debian 6.1.90-1 (2024-05-03)",
     {"BOOT_IMAGE=/boot/vmlinuz-6.1.0-21-cloud-amd64",
      "root=PARTUUID=8e9c2b4a-3f1d-4c5e-9b7a-0d2e6f4a1c38", "ro", "console=tty0",
      "console=ttyS0,115200", "earlyprintk=ttyS0,115200", "consoleblank=0"}},
    {"baremetal-2s",
     "6.1.0-18-amd64",
     kDeb18,
     {"BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64", "root=/dev/mapper/vg0-root", "ro",
      "intel_iommu=on", "iommu=pt", "quiet"}},
    {"kvm-host",
     "6.1.0-18-amd64",
     kDeb18,
     {"BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64", "root=UUID=9b2d4e61-7c3a-4f58-a1e0-5d6c8b3f2a17",
      "ro", "quiet"}},
    {"container-host",
     "6.1.0-18-amd64",
     kDeb18,
     {"BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64", "root=UUID=4f7e1c9a-2b6d-4e83-8c5f-a1d3e7b9c062",
      "ro", "quiet"}},
};

std::string join(const Args& args) {
  std::string out;
  for (const std::string& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

}  // namespace

TEST_CASE("kernel probe on the fixture hosts") {
  for (const HostKernel& h : kHosts) {
    CAPTURE(h.host);
    HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + h.host);
    KernelRun run = run_kernel(backend);
    CHECK(run.warnings.empty());
    Json& k = run.facts["kernel"];
    CHECK(k["release"] == h.release);
    CHECK(k["version"] == h.version);
    CHECK(k["cmdline"] == join(h.args));
    CHECK(k["cmdline_args"] == Json(h.args));
  }
}

TEST_CASE("congestion_modules reads depmod's lists, any compression, skipping tcp_diag") {
  CHECK(congestion_modules("kernel/net/ipv4/tcp_bbr.ko.zst:\n"
                           "kernel/net/ipv4/tcp_diag.ko.xz: kernel/net/ipv4/inet_diag.ko.xz\n"
                           "kernel/net/ipv4/tcp_htcp.ko.gz:\n"
                           "kernel/net/ipv4/tcp_vegas.ko:\n"
                           "kernel/net/ipv4/tcp_nv.ko.bz2:\n"
                           "kernel/net/sched/sch_fq.ko.xz:\n"
                           "updates/kernel/net/ipv4/tcp_x.ko:\n") ==
        std::set<std::string>{"bbr", "htcp", "vegas"});
  CHECK(congestion_modules("kernel/net/ipv4/tcp_cubic.ko\nkernel/net/ipv4/tcp_bbr.ko\n") ==
        std::set<std::string>{"bbr", "cubic"});
  CHECK(congestion_words("reno cubic\n") == std::set<std::string>{"cubic", "reno"});
}

TEST_CASE("kernel probe: BBR installed as a module counts as available before it is loaded") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
  fs->add_file("/proc/sys/kernel/version", "#1 SMP\n");
  fs->add_file("/proc/cmdline", "ro quiet\n");
  fs->add_file("/proc/sys/net/ipv4/tcp_available_congestion_control", "reno cubic\n");
  fs->add_file(
      "/lib/modules/6.1.0-18-amd64/modules.dep",
      "kernel/net/ipv4/tcp_bbr.ko: \nkernel/net/ipv4/tcp_diag.ko: kernel/net/ipv4/inet_diag.ko\n");
  fs->add_file("/lib/modules/6.1.0-18-amd64/modules.builtin", "kernel/net/ipv4/tcp_cubic.ko\n");
  HostBackend backend("/mem", std::move(fs));
  KernelRun run = run_kernel(backend);
  CHECK(run.warnings.empty());
  CHECK(run.facts["kernel"]["tcp_congestion_available"] ==
        Json::parse(R"(["bbr", "cubic", "reno"])"));
}

TEST_CASE("kernel probe: only the loaded list known; nothing known is null") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/sys/kernel/osrelease", "6.1.0\n");
  fs->add_file("/proc/sys/net/ipv4/tcp_available_congestion_control", "reno cubic\n");
  HostBackend backend("/mem", std::move(fs));
  KernelRun run = run_kernel(backend);
  CHECK(run.facts["kernel"]["tcp_congestion_available"] == Json::parse(R"(["cubic", "reno"])"));

  auto empty = std::make_unique<MemoryHostFs>();
  HostBackend none("/mem", std::move(empty));
  CHECK(run_kernel(none).facts["kernel"]["tcp_congestion_available"].is_null());
}
