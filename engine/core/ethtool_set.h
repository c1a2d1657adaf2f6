#pragma once
// The checks a set operation makes before touching anything, shared by the ioctl port (so
// a refusal names the field, which the kernel's bare EINVAL does not) and the snapshot port
// (which has no driver to refuse for it). They follow the kernel's ethtool_set_ringparam and
// ethtool_set_channels (net/ethtool/ioctl.c) and ethtool(8)'s feature handling.
#include <string>
#include <string_view>

#include "engine/core/ethtool_port.h"

namespace vtune {

// `current` with `change` applied; EINVAL naming the first field above its maximum.
Result<EthtoolRing> changed_ring(std::string_view ifname, const EthtoolRing& current,
                                 const EthtoolRingChange& change);
// As the kernel: each count within its maximum, and at least one rx and one tx channel
// (a combined one counts as both). An unchanged set is always accepted.
Result<EthtoolChannels> changed_channels(std::string_view ifname, const EthtoolChannels& current,
                                         const EthtoolChannelsChange& change);
// EINVAL for a name that is not an ethtool_coalesce field; EOPNOTSUPP for one `current`
// does not have (the driver does not report it).
Result<EthtoolCoalesce> changed_coalesce(std::string_view ifname, const EthtoolCoalesce& current,
                                         const EthtoolCoalesce& change);
// EINVAL for a feature the device does not have, EOPNOTSUPP for one it will not change
// ("[fixed]"); asking a fixed feature for the state it is in is no change and accepted.
Result<void> check_feature_change(std::string_view ifname, const EthtoolFeatures& current,
                                  const EthtoolFeatureChange& change);
// What a set did, from the features before and after it.
EthtoolFeaturesResult feature_outcome(const EthtoolFeatures& before, const EthtoolFeatures& after,
                                      const EthtoolFeatureChange& change);

// "ring.rx 8192, ring.tx 1024", for the message of a refusal the kernel did not explain.
std::string describe_change(const EthtoolRingChange& change);
std::string describe_change(const EthtoolChannelsChange& change);
std::string describe_change(const EthtoolCoalesce& change);
std::string describe_change(const EthtoolFeatureChange& change);

}  // namespace vtune
