#include "bench/registry.h"

#include <algorithm>

#include "bench/families.h"
#include "engine/core/text.h"

namespace vtune::bench {

using D = Direction;
using P = ParamType;

// clang-format off
static const std::vector<BenchmarkSpec> kBenchmarks = {
  {"cpu.int", "cpu", "Mops/s", D::HigherIsBetter, "sysbench cpu (all threads)",
   "Integer mix (multiply, xor, shift, add) on one pinned thread per CPU; also the single-core "
   "figure and the efficiency all / (cpus x single)",
   {{"threads", "0", "sysbench --threads; 0 = one per usable CPU", P::Integer, 0, 4096}}, make_cpu_int},
  {"cpu.fp", "cpu", "GFLOP/s", D::HigherIsBetter, "sysbench cpu / linpack-style FMA loop",
   "Eight independent double multiply-add chains per pinned thread; also the single-core figure "
   "and the efficiency",
   {{"threads", "0", "sysbench --threads; 0 = one per usable CPU", P::Integer, 0, 4096}}, make_cpu_fp},
  {"mem.copy", "mem", "GB/s", D::HigherIsBetter, "STREAM Copy",
   "c[i] = a[i]; 16 bytes per element, as STREAM counts",
   {{"array_mib", "0", "STREAM_ARRAY_SIZE in MiB per array; 0 = 4x the last-level cache", P::Integer, 0, 1 << 20},
    {"threads", "0", "OMP_NUM_THREADS; 0 = one per usable CPU", P::Integer, 0, 4096}}, make_mem_copy},
  {"mem.scale", "mem", "GB/s", D::HigherIsBetter, "STREAM Scale",
   "b[i] = q*c[i]; 16 bytes per element",
   {{"array_mib", "0", "STREAM_ARRAY_SIZE in MiB per array; 0 = 4x the last-level cache", P::Integer, 0, 1 << 20},
    {"threads", "0", "OMP_NUM_THREADS; 0 = one per usable CPU", P::Integer, 0, 4096}}, make_mem_scale},
  {"mem.add", "mem", "GB/s", D::HigherIsBetter, "STREAM Add",
   "c[i] = a[i]+b[i]; 24 bytes per element",
   {{"array_mib", "0", "STREAM_ARRAY_SIZE in MiB per array; 0 = 4x the last-level cache", P::Integer, 0, 1 << 20},
    {"threads", "0", "OMP_NUM_THREADS; 0 = one per usable CPU", P::Integer, 0, 4096}}, make_mem_add},
  {"mem.triad", "mem", "GB/s", D::HigherIsBetter, "STREAM Triad",
   "a[i] = b[i]+q*c[i]; 24 bytes per element",
   {{"array_mib", "0", "STREAM_ARRAY_SIZE in MiB per array; 0 = 4x the last-level cache", P::Integer, 0, 1 << 20},
    {"threads", "0", "OMP_NUM_THREADS; 0 = one per usable CPU", P::Integer, 0, 4096}}, make_mem_triad},
  {"mem.latency", "mem", "ns/load", D::LowerIsBetter, "lmbench lat_mem_rd (random stride)",
   "Dependent loads chasing a random cyclic permutation of cache lines on one pinned thread",
   {{"size_mib", "0", "lat_mem_rd size in MiB; 0 = 4x the last-level cache", P::Integer, 0, 1 << 20},
    {"pages", "huge", "huge = madvise(MADV_HUGEPAGE), the latency of memory; 4k = "
                      "MADV_NOHUGEPAGE, memory plus a TLB miss and page walk per load",
     P::Choice, 0, 0, "huge|4k"}}, make_mem_latency},
  {"sys.syscall", "sys", "ns/call", D::LowerIsBetter, "lmbench lat_syscall null",
   "syscall(SYS_getppid) in a loop on one pinned thread", {}, make_sys_syscall},
  {"sys.ctxswitch", "sys", "ns/roundtrip", D::LowerIsBetter, "perf bench sched pipe",
   "One byte bounced over two pipes between two threads, both pinned",
   {{"placement", "same", "same = both threads on one CPU (taskset -c 0, switches); "
                          "different = two CPUs (cross-CPU wakeups)", P::Choice, 0, 0, "same|different"}}, make_sys_ctxswitch},
  {"net.tcp_rr", "net", "trans/s", D::HigherIsBetter, "netperf TCP_RR / sockperf ping-pong",
   "Synchronous request/response over one TCP connection (path: 127.0.0.1 or veth); p50/p99 latency",
   {{"request_size", "1", "netperf -r request size, bytes", P::Integer, 1, 64 << 20},
    {"response_size", "1", "netperf -r response size, bytes", P::Integer, 1, 64 << 20},
    {"path", "loopback", "loopback = 127.0.0.1; veth = across a veth pair to a peer "
              "namespace (qdisc, XPS, RPS, GRO in the path; needs CAP_NET_ADMIN)",
     P::Choice, 0, 0, "loopback|veth"}}, make_net_tcp_rr},
  {"net.tcp_crr", "net", "trans/s", D::HigherIsBetter, "netperf TCP_CRR",
   "Connect, one request/response, close (path: 127.0.0.1 or veth)",
   {{"request_size", "1", "netperf -r request size, bytes", P::Integer, 1, 64 << 20},
    {"response_size", "1", "netperf -r response size, bytes", P::Integer, 1, 64 << 20},
    {"path", "loopback", "loopback = 127.0.0.1; veth = across a veth pair to a peer "
              "namespace (qdisc, XPS, RPS, GRO in the path; needs CAP_NET_ADMIN)",
     P::Choice, 0, 0, "loopback|veth"}}, make_net_tcp_crr},
  {"net.tcp_stream", "net", "Gbit/s", D::HigherIsBetter, "iperf3 -c 127.0.0.1",
   "Bulk send over one TCP stream (path: 127.0.0.1 or veth) for half the repetition, then over `streams` "
   "parallel streams (secondary figure)",
   {{"write_size", "131072", "iperf3 -l, bytes per write", P::Integer, 1, 64 << 20},
    {"streams", "0", "iperf3 -P for the multi-stream figure; 0 = one per usable CPU", P::Integer, 0, 1024},
    {"path", "loopback", "loopback = 127.0.0.1; veth = across a veth pair to a peer "
              "namespace (qdisc, XPS, RPS, GRO in the path; needs CAP_NET_ADMIN)",
     P::Choice, 0, 0, "loopback|veth"}},
   make_net_tcp_stream},
  {"net.accept_burst", "net", "connects", D::HigherIsBetter, "(none: a SYN flood of honest clients)",
   "A burst of simultaneous non-blocking connects to a listener that accepts slowly; completed "
   "connects within the timeout, failed ones, and connect latency",
   {{"connections", "512", "connects in one burst", P::Integer, 1, 60000},
    {"backlog", "4096", "listen(2) backlog; the kernel caps it at net.core.somaxconn", P::Integer, 1, 1 << 20},
    {"accept_delay_us", "200", "pause of the accept loop after each accept, microseconds", P::Integer, 0, 1000000},
    {"timeout_ms", "1000", "a connect not established by then counts as failed", P::Integer, 1, 600000}},
   make_net_accept_burst, accept_burst_rep_seconds},
  {"storage.randread4k", "storage", "IOPS", D::HigherIsBetter,
   "fio --rw=randread --bs=4k --direct=1 --ioengine=io_uring",
   "4 KiB reads at random aligned offsets, O_DIRECT, through io_uring; p50/p99 latency",
   {{"iodepth", "32", "fio --iodepth", P::Integer, 1, 4096}, {"size_mib", "256", "fio --size, MiB", P::Integer, 1, 1 << 20}},
   make_storage_randread4k},
  {"storage.randwrite4k", "storage", "IOPS", D::HigherIsBetter,
   "fio --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring",
   "4 KiB writes at random aligned offsets, O_DIRECT, through io_uring; p50/p99 latency",
   {{"iodepth", "32", "fio --iodepth", P::Integer, 1, 4096}, {"size_mib", "256", "fio --size, MiB", P::Integer, 1, 1 << 20}},
   make_storage_randwrite4k},
  {"storage.seqread", "storage", "MB/s", D::HigherIsBetter,
   "fio --rw=read --bs=1m --direct=1 --ioengine=io_uring",
   "1 MiB sequential reads, O_DIRECT, through io_uring, wrapping at the end of the file",
   {{"iodepth", "4", "fio --iodepth", P::Integer, 1, 4096}, {"size_mib", "256", "fio --size, MiB", P::Integer, 1, 1 << 20}},
   make_storage_seqread},
  {"storage.seqwrite", "storage", "MB/s", D::HigherIsBetter,
   "fio --rw=write --bs=1m --direct=1 --ioengine=io_uring",
   "1 MiB sequential writes, O_DIRECT, through io_uring, wrapping at the end of the file",
   {{"iodepth", "4", "fio --iodepth", P::Integer, 1, 4096}, {"size_mib", "256", "fio --size, MiB", P::Integer, 1, 1 << 20}},
   make_storage_seqwrite},
};
// clang-format on

std::string_view direction_name(Direction d) {
  return d == Direction::HigherIsBetter ? "higher" : "lower";
}

std::span<const BenchmarkSpec> all_benchmarks() {
  return kBenchmarks;
}

const BenchmarkSpec* find_benchmark(std::string_view name) {
  for (const BenchmarkSpec& b : kBenchmarks)
    if (name == b.name) return &b;
  return nullptr;
}

const ParamSpec* find_param(const BenchmarkSpec& bench, std::string_view name) {
  for (const ParamSpec& p : bench.params)
    if (name == p.name) return &p;
  return nullptr;
}

std::string param_domain(const ParamSpec& spec) {
  if (spec.type == ParamType::Choice) return spec.choices;
  return "integer " + std::to_string(spec.min) + ".." + std::to_string(spec.max);
}

std::string check_param(const ParamSpec& spec, std::string_view value) {
  if (spec.type == ParamType::Choice) {
    for (std::string_view c : split(spec.choices, '|'))
      if (c == value) return {};
    return std::string("one of ") + spec.choices;
  }
  auto v = parse_int(value);
  if (!v || *v < spec.min || *v > spec.max) return "an " + param_domain(spec);
  return {};
}

Params default_params(const BenchmarkSpec& spec) {
  Params p;
  for (const ParamSpec& s : spec.params) p[s.name] = s.default_value;
  return p;
}

std::vector<const BenchmarkSpec*> select_benchmarks(const std::vector<std::string>& args,
                                                    std::vector<std::string>& unknown) {
  std::vector<const BenchmarkSpec*> out;
  auto add = [&](const BenchmarkSpec* b) {
    if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
  };
  if (args.empty())
    for (const BenchmarkSpec& b : kBenchmarks) add(&b);
  for (const std::string& a : args) {
    bool matched = false;
    for (const BenchmarkSpec& b : kBenchmarks)
      if (a == b.name || a == b.family) {
        add(&b);
        matched = true;
      }
    if (!matched) unknown.push_back(a);
  }
  // Registry order whatever the order of the arguments.
  std::sort(out.begin(), out.end());
  return out;
}

static const std::string& param_raw(const Params& p, const std::string& name) {
  auto it = p.find(name);
  if (it == p.end()) throw BenchError("no parameter " + name);
  return it->second;
}

long param_int(const Params& p, const std::string& name) {
  auto v = parse_int(param_raw(p, name));
  if (!v) throw BenchError("parameter " + name + " is not an integer: " + param_raw(p, name));
  return long(*v);
}

double param_double(const Params& p, const std::string& name) {
  auto v = parse_double(param_raw(p, name));
  if (!v) throw BenchError("parameter " + name + " is not a number: " + param_raw(p, name));
  return *v;
}

const std::string& param_text(const Params& p, const std::string& name) {
  return param_raw(p, name);
}

}  // namespace vtune::bench
