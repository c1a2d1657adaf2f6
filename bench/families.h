#pragma once
// The factories of each family's benchmarks, one file per family; registry.cpp lists them.
#include "bench/benchmark.h"

namespace vtune::bench {

#define VTUNE_BENCH_FACTORY(fn) std::unique_ptr<Session> fn(const Params& params, const Env& env)

VTUNE_BENCH_FACTORY(make_cpu_int);
VTUNE_BENCH_FACTORY(make_cpu_fp);
VTUNE_BENCH_FACTORY(make_mem_copy);
VTUNE_BENCH_FACTORY(make_mem_scale);
VTUNE_BENCH_FACTORY(make_mem_add);
VTUNE_BENCH_FACTORY(make_mem_triad);
VTUNE_BENCH_FACTORY(make_mem_latency);
VTUNE_BENCH_FACTORY(make_sys_syscall);
VTUNE_BENCH_FACTORY(make_sys_ctxswitch);
VTUNE_BENCH_FACTORY(make_net_tcp_rr);
VTUNE_BENCH_FACTORY(make_net_tcp_crr);
VTUNE_BENCH_FACTORY(make_net_tcp_stream);
VTUNE_BENCH_FACTORY(make_net_accept_burst);
VTUNE_BENCH_FACTORY(make_storage_randread4k);
VTUNE_BENCH_FACTORY(make_storage_randwrite4k);
VTUNE_BENCH_FACTORY(make_storage_seqread);
VTUNE_BENCH_FACTORY(make_storage_seqwrite);

#undef VTUNE_BENCH_FACTORY

// One burst: about `connections` accepts at accept_delay_us each, at most timeout_ms.
double accept_burst_rep_seconds(const Params& params, double duration);

}  // namespace vtune::bench
