#pragma once
// Ethtool over generic netlink (the "ethtool" family, Linux 5.6+), for what the ioctl
// cannot tell: which coalescing parameters a driver supports. The ioctl fills every field
// of struct ethtool_coalesce whatever the driver implements, and since 5.7 a set naming an
// unsupported parameter is refused with EOPNOTSUPP.
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace vtune {

// The coalescing parameters (kEthtoolCoalesceNames) that ETHTOOL_MSG_COALESCE_GET reports
// for `ifname`, in struct order. The kernel leaves out each attribute the driver does not
// list in supported_coalesce_params, unless its value is non-zero (net/ethtool/coalesce.c,
// coalesce_put_u32), so a reported name is supported in all but that odd case. An
// interface whose driver has no get_coalesce supports none: an empty list. Errors mean
// unknown: ENOENT when the kernel has no ethtool family (before 5.6), socket errors,
// ENODEV for an interface that does not exist.
Result<std::vector<std::string>> netlink_coalesce_supported(std::string_view ifname);

// The ETHTOOL_A_COALESCE_* attribute type of a parameter name, 0 for an unknown name; and
// the reverse. Exposed for tests.
uint16_t coalesce_attr_of(std::string_view name);
std::string_view coalesce_name_of(uint16_t attr);

}  // namespace vtune
