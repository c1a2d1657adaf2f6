#pragma once
// Turns what the ethtool port answered into the nic facts. Pure: the port's results in,
// facts out, with the things worth a warning handed back rather than reported here.
#include <string>
#include <vector>

#include "engine/core/ethtool_port.h"
#include "engine/facts/facts.h"

namespace vtune {

// {rx, tx, rx_max, tx_max}; every value null when the query failed.
Facts ring_facts(const Result<EthtoolRing>& ring);
// The eight counts, or null when the query failed.
Facts channels_facts(const Result<EthtoolChannels>& channels);
// The known parameters (kEthtoolCoalesceNames) as ints, adaptive_rx/adaptive_tx as bools;
// null when the query failed. Names it does not know go to `unknown`, not into the facts.
Facts coalesce_facts(const Result<EthtoolCoalesce>& coalesce, std::vector<std::string>& unknown);

struct FeatureFacts {
  Facts active;  // {name: bool}, or null when unknown
  Facts fixed;   // [name, ...] of features the driver will not toggle, or null
};
FeatureFacts feature_facts(const Result<EthtoolFeatures>& features);

// Whether a failed query deserves a warning: EOPNOTSUPP is the driver saying "not
// implemented", which is an answer, not a failure to learn one.
bool ethtool_failure_is_unknown(const SysError& e);

}  // namespace vtune
