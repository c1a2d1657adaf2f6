#include "engine/core/netlink_socket.h"

#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace vtune::netlink {
namespace {

constexpr size_t align(size_t n) {
  return (n + NLA_ALIGNTO - 1) & ~size_t{NLA_ALIGNTO - 1};
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

nlmsghdr* header(std::vector<uint8_t>& buf) {
  return reinterpret_cast<nlmsghdr*>(buf.data());
}

}  // namespace

Message::Message(uint16_t type, uint16_t flags, const void* family_header, size_t header_len)
    : buf_(NLMSG_HDRLEN + align(header_len), 0) {
  nlmsghdr* h = header(buf_);
  h->nlmsg_type = type;
  h->nlmsg_flags = static_cast<uint16_t>(flags | NLM_F_REQUEST | NLM_F_ACK);
  h->nlmsg_seq = 1;
  if (header_len > 0) std::memcpy(buf_.data() + NLMSG_HDRLEN, family_header, header_len);
}

void Message::put(uint16_t type, const void* data, size_t len) {
  nlattr a{static_cast<uint16_t>(NLA_HDRLEN + len), type};
  size_t at = buf_.size();
  buf_.resize(at + align(NLA_HDRLEN + len), 0);
  std::memcpy(buf_.data() + at, &a, sizeof a);
  if (len > 0) std::memcpy(buf_.data() + at + NLA_HDRLEN, data, len);
}

void Message::put_string(uint16_t type, std::string_view s) {
  std::string z(s);
  put(type, z.c_str(), z.size() + 1);
}

size_t Message::begin_nest(uint16_t type) {
  size_t at = buf_.size();
  put(static_cast<uint16_t>(type | NLA_F_NESTED), nullptr, 0);
  return at;
}

void Message::end_nest(size_t at) {
  nlattr a;
  std::memcpy(&a, buf_.data() + at, sizeof a);
  a.nla_len = static_cast<uint16_t>(buf_.size() - at);
  std::memcpy(buf_.data() + at, &a, sizeof a);
}

std::vector<uint8_t>& Message::bytes() {
  header(buf_)->nlmsg_len = static_cast<uint32_t>(buf_.size());
  return buf_;
}

std::optional<uint32_t> Attr::u32() const {
  if (data.size() < 4) return std::nullopt;
  uint32_t v;
  std::memcpy(&v, data.data(), 4);
  return v;
}
std::optional<uint16_t> Attr::u16() const {
  if (data.size() < 2) return std::nullopt;
  uint16_t v;
  std::memcpy(&v, data.data(), 2);
  return v;
}
std::optional<uint8_t> Attr::u8() const {
  if (data.empty()) return std::nullopt;
  return static_cast<uint8_t>(data[0]);
}
std::string Attr::str() const {
  return std::string(data.substr(0, data.find('\0')));
}

std::vector<Attr> parse_attrs(std::string_view bytes) {
  std::vector<Attr> out;
  while (bytes.size() >= NLA_HDRLEN) {
    nlattr a;
    std::memcpy(&a, bytes.data(), sizeof a);
    if (a.nla_len < NLA_HDRLEN || a.nla_len > bytes.size()) break;
    out.push_back({static_cast<uint16_t>(a.nla_type & NLA_TYPE_MASK),
                   bytes.substr(NLA_HDRLEN, a.nla_len - NLA_HDRLEN)});
    bytes.remove_prefix(std::min(bytes.size(), align(a.nla_len)));
  }
  return out;
}

Result<void> transact(int protocol, Message& msg, const std::function<void(const Reply&)>& on_reply,
                      std::string_view what) {
  Fd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol));
  if (fd.get() < 0) return errno_error("netlink socket", std::string(what));
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  std::vector<uint8_t>& out = msg.bytes();
  if (::sendto(fd.get(), out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&kernel),
               sizeof kernel) < 0)
    return errno_error("netlink send", std::string(what));
  const bool dump = (header(out)->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
  std::vector<char> buf(64 * 1024);
  for (;;) {
    ssize_t n = ::recv(fd.get(), buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error("netlink recv", std::string(what));
    }
    size_t left = static_cast<size_t>(n);
    for (const auto* h = reinterpret_cast<const nlmsghdr*>(buf.data()); NLMSG_OK(h, left);
         h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type == NLMSG_DONE) return {};
      std::string_view payload(reinterpret_cast<const char*>(NLMSG_DATA(h)),
                               h->nlmsg_len - NLMSG_HDRLEN);
      if (h->nlmsg_type == NLMSG_ERROR) {
        if (payload.size() < sizeof(nlmsgerr))
          return SysError{EPROTO, std::string(what), "netlink: short error message"};
        nlmsgerr e;
        std::memcpy(&e, payload.data(), sizeof e);
        if (e.error != 0) return SysError{-e.error, std::string(what), "netlink request"};
        if (!dump) return {};  // the ACK closes a plain request
        continue;
      }
      on_reply(Reply{h->nlmsg_type, payload});
    }
  }
}

}  // namespace vtune::netlink
