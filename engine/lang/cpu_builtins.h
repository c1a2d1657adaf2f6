#pragma once
// The built-ins that pick CPUs from the numa facts: cpus_of, local_cpus and xps_mask.
#include "engine/facts/facts.h"
#include "engine/lang/value.h"

namespace vtune::lang {

// numa.nodes[id == node].cpus, or null when the node is not listed.
Value node_cpus(const Facts& facts, int64_t node);

// The CPUs a NIC's queues should use: its node's CPUs; for a node without CPUs (GPU or CXL
// memory, a node behind a memory-side cache) those of the nearest nodes that have CPUs, by
// numa.distances (all equally near ones together), else every node's CPUs. Null when the
// NIC's node is unknown.
Value nic_local_cpus(const Facts& facts, const Json& nic);

// The XPS mask (kernel hex form) for tx queue `queue` of a NIC whose current masks are
// `masks` (one per tx queue), to cover `cpus`. See functions.cpp for the contract.
Value xps_mask(const Value& masks, const Value& cpus, const Value& queue);

}  // namespace vtune::lang
