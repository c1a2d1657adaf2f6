#pragma once
// A small netlink client: one request, its replies. Used by the ethtool generic-netlink
// queries and the rtnetlink qdisc reader. Each request opens its own socket, so callers
// hold no state and may share nothing.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace vtune::netlink {

// A message under construction: nlmsghdr, then the family header bytes, then attributes.
class Message {
 public:
  Message(uint16_t type, uint16_t flags, const void* family_header, size_t header_len);
  void put(uint16_t type, const void* data, size_t len);
  void put_string(uint16_t type, std::string_view s);  // NUL-terminated, as NLA_NUL_STRING
  void put_u16(uint16_t type, uint16_t v) { put(type, &v, sizeof v); }
  size_t begin_nest(uint16_t type);
  void end_nest(size_t at);
  std::vector<uint8_t>& bytes();

 private:
  std::vector<uint8_t> buf_;
};

// One attribute of a reply: its type (NLA_F_NESTED and byte-order bits cleared) and value.
struct Attr {
  uint16_t type = 0;
  std::string_view data;
  std::optional<uint32_t> u32() const;
  std::optional<uint16_t> u16() const;
  std::optional<uint8_t> u8() const;
  std::string str() const;  // up to the first NUL
};
// The attributes in `bytes` (a message's payload after its family header, or a nest's
// value); stops at the first malformed one.
std::vector<Attr> parse_attrs(std::string_view bytes);

// A reply message: its type and the bytes after the nlmsghdr.
struct Reply {
  uint16_t type = 0;
  std::string_view payload;
};

// Sends `msg` on a new socket of `protocol` (NETLINK_GENERIC, NETLINK_ROUTE) and calls
// `on_reply` for each reply until the kernel is done: the ACK of a plain request, or
// NLMSG_DONE of a dump. A negative error in NLMSG_ERROR becomes the SysError's errno.
Result<void> transact(int protocol, Message& msg, const std::function<void(const Reply&)>& on_reply,
                      std::string_view what);

}  // namespace vtune::netlink
