// The network family over 127.0.0.1 (the loopback of the namespace vtune runs in) or, with
// path=veth, across a veth pair to a peer namespace (bench/veth_path.h). Each measurement
// binds a fresh listener on an ephemeral port and runs the server side on its own pinned
// thread, on another CPU than the client where there is one.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

#include "bench/families.h"
#include "bench/fd.h"
#include "bench/stats.h"
#include "bench/threads.h"
#include "bench/veth_path.h"

namespace vtune::bench {
namespace {

sockaddr_in address(in_addr ip, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr = ip;
  return a;
}

in_addr loopback_ip() {
  return in_addr{htonl(INADDR_LOOPBACK)};
}

UniqueFd tcp_socket(int extra_flags = 0) {
  UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | extra_flags, 0));
  if (fd.get() < 0) throw sys_error("socket");
  return fd;
}

void set_nodelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

struct Listener {
  UniqueFd fd;
  uint16_t port = 0;
};

Listener listen_at(in_addr ip, int backlog) {
  Listener l{tcp_socket(), 0};
  int one = 1;
  setsockopt(l.fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = address(ip, 0);
  if (bind(l.fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw sys_error("bind");
  if (listen(l.fd.get(), backlog) != 0) throw sys_error("listen");
  socklen_t len = sizeof a;
  getsockname(l.fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
  l.port = ntohs(a.sin_port);
  return l;
}

UniqueFd connect_to(const sockaddr_in& a) {
  UniqueFd fd = tcp_socket();
  set_nodelay(fd.get());
  while (connect(fd.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0)
    if (errno != EINTR) throw sys_error("connect " + std::string(inet_ntoa(a.sin_addr)));
  return fd;
}

// Where the traffic goes (the `path` parameter): 127.0.0.1, or across a veth pair whose
// servers listen in the peer namespace. The listener is made by a thread in that namespace,
// so the connections it accepts live there too, whichever thread then serves them.
class NetPath {
 public:
  explicit NetPath(const Params& p) {
    if (param_text(p, "path") == "veth") veth_ = std::make_unique<VethPath>();
  }
  Listener listen(int backlog) const {
    if (!veth_) return listen_at(loopback_ip(), backlog);
    Listener l;
    veth_->in_peer([&] { l = listen_at(veth_->peer_address(), backlog); });
    return l;
  }
  UniqueFd connect(uint16_t port) const {
    return connect_to(address(veth_ ? veth_->peer_address() : loopback_ip(), port));
  }

 private:
  std::unique_ptr<VethPath> veth_;
};

// Accepts one connection, waiting at most `timeout_ms` (so a failed client cannot hang us).
UniqueFd accept_one(int listener, int timeout_ms) {
  pollfd p{listener, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) throw BenchError("no connection to accept");
  UniqueFd fd(accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
  if (fd.get() < 0) throw sys_error("accept");
  set_nodelay(fd.get());
  return fd;
}

void send_all(int fd, const char* buf, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) throw sys_error("send");
    buf += w;
    n -= size_t(w);
  }
}

// false on an orderly end of stream before the first byte.
bool recv_all(int fd, char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = recv(fd, buf + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw sys_error("recv");
    if (r == 0) {
      if (got == 0) return false;
      throw BenchError("connection closed mid-message");
    }
    got += size_t(r);
  }
  return true;
}

// Client on the first usable CPU, server on the second (or the first, on one CPU).
std::vector<int> client_server_cpus() {
  std::vector<int> cpus = usable_cpus();
  return {cpus[0], cpus.size() > 1 ? cpus[1] : cpus[0]};
}

size_t positive_size(const Params& p, const char* name) {
  long v = param_int(p, name);
  if (v < 1 || v > (64 << 20)) throw BenchError(std::string(name) + " must be 1..64M");
  return size_t(v);
}

std::vector<Metric> latency_metrics(const std::vector<double>& us) {
  if (us.empty()) return {};
  return {{"p50_us", "us", percentile(us, 50)}, {"p99_us", "us", percentile(us, 99)}};
}

class TcpRrSession final : public Session {
 public:
  explicit TcpRrSession(const Params& p)
      : req_(positive_size(p, "request_size")),
        resp_(positive_size(p, "response_size")),
        path_(p) {}

  Sample measure(double seconds) override {
    Listener l = path_.listen(16);
    std::vector<double> lat_us;
    double el = 0;
    run_pinned(client_server_cpus(), [&](size_t i) {
      if (i == 1) {
        UniqueFd c = accept_one(l.fd.get(), 5000);
        l.fd.reset();
        std::string in(req_, '\0'), out(resp_, 'r');
        while (recv_all(c.get(), in.data(), req_)) send_all(c.get(), out.data(), resp_);
        return;
      }
      UniqueFd c = path_.connect(l.port);
      std::string in(resp_, '\0'), out(req_, 'q');
      lat_us.reserve(1 << 20);
      Clock::time_point t0 = Clock::now();
      do {
        Clock::time_point s = Clock::now();
        send_all(c.get(), out.data(), req_);
        if (!recv_all(c.get(), in.data(), resp_)) throw BenchError("server closed");
        lat_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s).count());
      } while (seconds_since(t0) < seconds);
      el = seconds_since(t0);
    });
    return {double(lat_us.size()) / el, latency_metrics(lat_us)};
  }

 private:
  size_t req_, resp_;
  NetPath path_;
};

class TcpCrrSession final : public Session {
 public:
  explicit TcpCrrSession(const Params& p)
      : req_(positive_size(p, "request_size")),
        resp_(positive_size(p, "response_size")),
        path_(p) {}

  Sample measure(double seconds) override {
    Listener l = path_.listen(128);
    std::atomic<bool> done{false};
    std::vector<double> lat_us;
    double el = 0;
    run_pinned(client_server_cpus(), [&](size_t i) {
      if (i == 1) {
        std::string in(req_, '\0'), out(resp_, 'r');
        while (!done.load()) {
          pollfd p{l.fd.get(), POLLIN, 0};
          if (poll(&p, 1, 50) <= 0) continue;
          UniqueFd c(accept4(l.fd.get(), nullptr, nullptr, SOCK_CLOEXEC));
          if (c.get() < 0) continue;
          if (recv_all(c.get(), in.data(), req_)) send_all(c.get(), out.data(), resp_);
        }
        return;
      }
      struct Done {
        std::atomic<bool>& d;
        ~Done() { d = true; }
      } mark{done};
      std::string in(resp_, '\0'), out(req_, 'q');
      Clock::time_point t0 = Clock::now();
      do {
        Clock::time_point s = Clock::now();
        UniqueFd c = path_.connect(l.port);
        send_all(c.get(), out.data(), req_);
        if (!recv_all(c.get(), in.data(), resp_)) throw BenchError("server closed");
        c.reset();
        lat_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s).count());
      } while (seconds_since(t0) < seconds);
      el = seconds_since(t0);
    });
    return {double(lat_us.size()) / el, latency_metrics(lat_us)};
  }

 private:
  size_t req_, resp_;
  NetPath path_;
};

class TcpStreamSession final : public Session {
 public:
  explicit TcpStreamSession(const Params& p)
      : write_size_(positive_size(p, "write_size")), path_(p) {
    long s = param_int(p, "streams");
    if (s < 0 || s > 1024) throw BenchError("streams must be 0..1024");
    streams_ = s == 0 ? usable_cpus().size() : size_t(s);
  }

  Sample measure(double seconds) override {
    double one = gbits(1, seconds / 2);
    double many = gbits(streams_, seconds / 2);
    return {one, {{"streams_gbit", "Gbit/s", many}, {"streams", "count", double(streams_)}}};
  }

 private:
  // Bits per second received over `n` parallel streams sending for `seconds`.
  double gbits(size_t n, double seconds) {
    Listener l = path_.listen(int(n) + 16);
    std::vector<int> cpus = usable_cpus();
    std::vector<int> placement;  // senders first, then receivers, offset by one CPU
    for (size_t i = 0; i < n; ++i) placement.push_back(cpus[i % cpus.size()]);
    for (size_t i = 0; i < n; ++i) placement.push_back(cpus[(i + 1) % cpus.size()]);
    std::vector<uint64_t> bytes(n, 0);
    std::atomic<int64_t> last_eof_ns{0};
    Clock::time_point t0 = Clock::now();
    run_pinned(placement, [&](size_t i) {
      if (i >= n) {
        UniqueFd c = accept_one(l.fd.get(), 5000);
        std::string buf(write_size_, '\0');  // iperf3 -l is the read size too
        uint64_t got = 0;
        for (;;) {
          ssize_t r = recv(c.get(), buf.data(), buf.size(), 0);
          if (r < 0 && errno == EINTR) continue;
          if (r < 0) throw sys_error("recv");
          if (r == 0) break;
          got += uint64_t(r);
        }
        bytes[i - n] = got;
        int64_t at =
            std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
        int64_t prev = last_eof_ns.load();
        while (at > prev && !last_eof_ns.compare_exchange_weak(prev, at)) {
        }
        return;
      }
      UniqueFd c = path_.connect(l.port);
      std::string buf(write_size_, 'x');
      Clock::time_point s = Clock::now();
      do send_all(c.get(), buf.data(), buf.size());
      while (seconds_since(s) < seconds);
      shutdown(c.get(), SHUT_WR);
    });
    uint64_t total = 0;
    for (uint64_t b : bytes) total += b;
    return double(total) * 8 / (double(last_eof_ns.load()) / 1e9) / 1e9;
  }

  size_t write_size_;
  size_t streams_;
  NetPath path_;
};

// A burst of simultaneous non-blocking connects against a listener whose accept loop pauses
// after each accept. With the accept queue full the kernel drops further SYNs and the client
// retries only after its SYN retransmission timeout (1 s), so a backlog (min of listen()'s and
// net.core.somaxconn, and for SYN cookies off, tcp_max_syn_backlog) smaller than the burst
// shows as failed connects and a long latency tail.
class AcceptBurstSession final : public Session {
 public:
  explicit AcceptBurstSession(const Params& p)
      : connections_(param_int(p, "connections")),
        backlog_(param_int(p, "backlog")),
        delay_us_(param_int(p, "accept_delay_us")),
        timeout_ms_(param_int(p, "timeout_ms")) {
    if (connections_ < 1 || connections_ > 60000) throw BenchError("connections must be 1..60000");
    if (backlog_ < 1 || delay_us_ < 0 || timeout_ms_ < 1)
      throw BenchError("backlog, accept_delay_us and timeout_ms must be positive");
    rlimit r{};
    getrlimit(RLIMIT_NOFILE, &r);
    rlim_t need = rlim_t(connections_) * 2 + 64;
    if (r.rlim_cur < need && r.rlim_max >= need) {
      r.rlim_cur = need;
      setrlimit(RLIMIT_NOFILE, &r);
    }
    getrlimit(RLIMIT_NOFILE, &r);
    if (r.rlim_cur < need)
      throw BenchError("the open-file limit (" + std::to_string(r.rlim_cur) + ") is below the " +
                       std::to_string(need) + " descriptors the burst needs");
  }

  Sample measure(double) override {
    Listener l = listen_at(loopback_ip(), int(backlog_));
    std::atomic<bool> done{false};
    std::thread server([&] {
      while (!done.load()) {
        pollfd p{l.fd.get(), POLLIN, 0};
        if (poll(&p, 1, 20) <= 0) continue;
        int c = accept4(l.fd.get(), nullptr, nullptr, SOCK_CLOEXEC);
        if (c >= 0) close(c);
        if (delay_us_ > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us_));
      }
    });
    struct Join {
      std::atomic<bool>& d;
      std::thread& t;
      ~Join() {
        d = true;
        t.join();
      }
    } join{done, server};

    UniqueFd ep(epoll_create1(EPOLL_CLOEXEC));
    if (ep.get() < 0) throw sys_error("epoll_create1");
    std::vector<UniqueFd> socks;
    std::vector<Clock::time_point> started;
    socks.reserve(size_t(connections_));
    std::vector<double> lat_ms;
    long failed = 0, pending = 0;
    sockaddr_in a = address(loopback_ip(), l.port);
    for (long i = 0; i < connections_; ++i) {
      UniqueFd s = tcp_socket(SOCK_NONBLOCK);
      Clock::time_point t = Clock::now();
      int rc = connect(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a);
      if (rc == 0) {
        lat_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
      } else if (errno == EINPROGRESS) {
        epoll_event ev{};
        ev.events = EPOLLOUT;
        ev.data.u64 = socks.size();
        epoll_ctl(ep.get(), EPOLL_CTL_ADD, s.get(), &ev);
        ++pending;
      } else {
        ++failed;
      }
      started.push_back(t);
      socks.push_back(std::move(s));
    }
    Clock::time_point deadline = started.front() + std::chrono::milliseconds(timeout_ms_);
    epoll_event evs[256];
    while (pending > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) break;
      int n = epoll_wait(ep.get(), evs, 256, int(left.count()));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw sys_error("epoll_wait");
      for (int k = 0; k < n; ++k) {
        size_t idx = evs[k].data.u64;
        int fd = socks[idx].get();
        epoll_ctl(ep.get(), EPOLL_CTL_DEL, fd, nullptr);
        --pending;
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
          ++failed;
          continue;
        }
        lat_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - started[idx]).count());
      }
    }
    failed += pending;  // not established within the timeout
    std::vector<Metric> m = {{"failed", "connects", double(failed)}};
    if (!lat_ms.empty()) {
      m.push_back({"connect_p50_ms", "ms", percentile(lat_ms, 50)});
      m.push_back({"connect_p99_ms", "ms", percentile(lat_ms, 99)});
    }
    return {double(lat_ms.size()), m};
  }

 private:
  long connections_, backlog_, delay_us_, timeout_ms_;
};

}  // namespace

std::unique_ptr<Session> make_net_tcp_rr(const Params& p, const Env&) {
  return std::make_unique<TcpRrSession>(p);
}
std::unique_ptr<Session> make_net_tcp_crr(const Params& p, const Env&) {
  return std::make_unique<TcpCrrSession>(p);
}
std::unique_ptr<Session> make_net_tcp_stream(const Params& p, const Env&) {
  return std::make_unique<TcpStreamSession>(p);
}
std::unique_ptr<Session> make_net_accept_burst(const Params& p, const Env&) {
  return std::make_unique<AcceptBurstSession>(p);
}
double accept_burst_rep_seconds(const Params& p, double) {
  // An accept costs some 50 us beside the pause; the connects wait no longer than the timeout.
  double burst =
      double(param_int(p, "connections")) * (double(param_int(p, "accept_delay_us")) + 50) / 1e6;
  return std::min(burst, double(param_int(p, "timeout_ms")) / 1e3);
}

}  // namespace vtune::bench
