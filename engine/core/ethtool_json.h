#pragma once
// The snapshot JSON form of the ethtool state, both ways. One format for `vtune snapshot`
// (which writes it) and the snapshot port (which reads it):
//   {"ring": {rx, rx_mini, rx_jumbo, tx, rx_max, rx_mini_max, rx_jumbo_max, tx_max},
//    "channels": {rx, tx, other, combined, rx_max, tx_max, other_max, combined_max},
//    "coalesce": {name: int}, "features": {name: {"active": bool, "changeable": bool}}}
// A section that is absent means the query failed (usually EOPNOTSUPP) when captured.
#include <string>
#include <string_view>

#include "engine/core/ethtool_port.h"

namespace vtune {

// Coalescing parameter names, in struct ethtool_coalesce order, without the type prefixes
// ethtool(8) also drops (rx_coalesce_usecs -> rx_usecs). adaptive_rx and adaptive_tx are
// the use_adaptive_*_coalesce flags: 0 or 1.
inline constexpr std::string_view kEthtoolCoalesceNames[] = {
    "rx_usecs",           "rx_max_frames",     "rx_usecs_irq",       "rx_max_frames_irq",
    "tx_usecs",           "tx_max_frames",     "tx_usecs_irq",       "tx_max_frames_irq",
    "stats_block_usecs",  "adaptive_rx",       "adaptive_tx",        "pkt_rate_low",
    "rx_usecs_low",       "rx_max_frames_low", "tx_usecs_low",       "tx_max_frames_low",
    "pkt_rate_high",      "rx_usecs_high",     "rx_max_frames_high", "tx_usecs_high",
    "tx_max_frames_high", "sample_interval",
};

Json ring_to_json(const EthtoolRing& ring);
Json channels_to_json(const EthtoolChannels& channels);
Json coalesce_to_json(const EthtoolCoalesce& coalesce);
Json features_to_json(const EthtoolFeatures& features);

// Parse one section of a snapshot document. `where` names the file for error messages.
// An absent section is EOPNOTSUPP; a section of the wrong shape is EINVAL, with the
// offending key in the error's `what`.
Result<EthtoolRing> ring_from_json(const Json& doc, std::string_view where);
Result<EthtoolChannels> channels_from_json(const Json& doc, std::string_view where);
Result<EthtoolCoalesce> coalesce_from_json(const Json& doc, std::string_view where);
Result<EthtoolFeatures> features_from_json(const Json& doc, std::string_view where);
// "coalesce_supported": [name, ...]; absent (a capture before vtune read it, or without
// ethtool netlink) is ENOENT: unknown.
Result<std::vector<std::string>> coalesce_supported_from_json(const Json& doc,
                                                              std::string_view where);
// "qdisc": {"root": kind, "children": [kind, ...]}; absent is ENOENT: unknown.
Result<QdiscState> qdisc_from_json(const Json& doc, std::string_view where);
Json qdisc_to_json(const QdiscState& q);

// The whole document from text: EINVAL (with the byte offset) when it is not a JSON
// object.
Result<Json> parse_ethtool_document(std::string_view text, std::string_view where);

}  // namespace vtune
