// The storage family: O_DIRECT I/O through io_uring (liburing) on a file of its own in --dir.
// The file is created, filled with data (so reads hit allocated blocks, not holes), and
// unlinked as soon as it is open: it disappears when the session ends, on an error, and even
// when vtune is killed.
#include <fcntl.h>
#include <liburing.h>
#include <sys/stat.h>

#include <cstdlib>
#include <random>

#include "bench/families.h"
#include "bench/fd.h"
#include "bench/stats.h"
#include "bench/threads.h"

namespace vtune::bench {
namespace {

constexpr size_t kMiB = 1024 * 1024;

struct AlignedBuffer {
  explicit AlignedBuffer(size_t bytes) : size(bytes) {
    if (posix_memalign(&data, 4096, bytes) != 0) throw BenchError("out of memory");
  }
  ~AlignedBuffer() { free(data); }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  char* bytes() { return static_cast<char*>(data); }
  void* data = nullptr;
  size_t size;
};

// The benchmark's file: open with O_DIRECT and already unlinked.
class ScratchFile {
 public:
  ScratchFile(const std::string& dir, size_t bytes) : size_(bytes) {
    std::string path = dir + "/vtune-bench-XXXXXX";
    UniqueFd created(mkostemp(path.data(), O_CLOEXEC));
    if (created.get() < 0) throw sys_error("create a file in " + dir);
    fd_.reset(open(path.c_str(), O_RDWR | O_DIRECT | O_CLOEXEC));
    int open_errno = errno;
    unlink(path.c_str());
    if (fd_.get() < 0)
      throw sys_error("open " + path + " with O_DIRECT (the file system may not support it)",
                      open_errno);
    AlignedBuffer buf(kMiB);
    std::mt19937_64 rng(42);
    for (size_t i = 0; i < kMiB / 8; ++i) reinterpret_cast<uint64_t*>(buf.data)[i] = rng();
    for (size_t off = 0; off < bytes; off += kMiB) {
      size_t n = std::min(kMiB, bytes - off);
      if (pwrite(fd_.get(), buf.data, n, off_t(off)) != ssize_t(n))
        throw sys_error("fill the benchmark file in " + dir);
    }
    if (fsync(fd_.get()) != 0) throw sys_error("fsync the benchmark file");
  }
  int fd() const { return fd_.get(); }
  size_t size() const { return size_; }

 private:
  UniqueFd fd_;
  size_t size_;
};

class Ring {
 public:
  explicit Ring(unsigned depth) {
    int rc = io_uring_queue_init(depth, &ring_, 0);
    if (rc < 0) throw sys_error("io_uring_queue_init (io_uring may be disabled)", -rc);
  }
  ~Ring() { io_uring_queue_exit(&ring_); }
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;
  io_uring* get() { return &ring_; }

 private:
  io_uring ring_;
};

enum class Pattern { Random, Sequential };

class StorageSession final : public Session {
 public:
  StorageSession(const Params& p, const Env& env, bool write, Pattern pattern, size_t block)
      : write_(write),
        pattern_(pattern),
        block_(block),
        depth_(checked_depth(p)),
        file_(env.dir, checked_size(p)),
        ring_(depth_),
        buffers_(size_t(depth_) * block) {
    for (size_t i = 0; i < buffers_.size / 8; ++i)
      reinterpret_cast<uint64_t*>(buffers_.data)[i] = i * 0x9e3779b97f4a7c15ULL;
  }

  // On the first usable CPU, as fio --cpus_allowed pins its job: the submitting thread
  // competes for one CPU, not for whichever the scheduler picks.
  Sample measure(double seconds) override {
    Sample out;
    run_pinned({usable_cpus()[0]}, [&](size_t) { out = measure_here(seconds); });
    return out;
  }

 private:
  Sample measure_here(double seconds) {
    const uint64_t blocks = file_.size() / block_;
    std::mt19937_64 rng(Clock::now().time_since_epoch().count());
    std::uniform_int_distribution<uint64_t> pick(0, blocks - 1);
    uint64_t next_seq = 0;
    std::vector<Clock::time_point> started(depth_);
    std::vector<double> lat_us;
    lat_us.reserve(1 << 20);
    auto submit = [&](unsigned slot) {
      uint64_t blk = pattern_ == Pattern::Random ? pick(rng) : next_seq++ % blocks;
      io_uring_sqe* sqe = io_uring_get_sqe(ring_.get());
      if (!sqe) throw BenchError("io_uring submission queue full");
      char* buf = buffers_.bytes() + size_t(slot) * block_;
      if (write_)
        io_uring_prep_write(sqe, file_.fd(), buf, unsigned(block_), off_t(blk * block_));
      else
        io_uring_prep_read(sqe, file_.fd(), buf, unsigned(block_), off_t(blk * block_));
      io_uring_sqe_set_data64(sqe, slot);
      started[slot] = Clock::now();
    };
    for (unsigned s = 0; s < depth_; ++s) submit(s);
    io_uring_submit(ring_.get());
    unsigned inflight = depth_;
    uint64_t done = 0;
    Clock::time_point t0 = Clock::now();
    bool stopping = false;
    while (inflight > 0) {
      io_uring_cqe* cqe = nullptr;
      int rc = io_uring_wait_cqe(ring_.get(), &cqe);
      if (rc == -EINTR) continue;
      if (rc < 0) throw sys_error("io_uring_wait_cqe", -rc);
      unsigned slot = unsigned(io_uring_cqe_get_data64(cqe));
      int res = cqe->res;
      io_uring_cqe_seen(ring_.get(), cqe);
      --inflight;
      if (res < 0) throw sys_error(write_ ? "O_DIRECT write" : "O_DIRECT read", -res);
      if (size_t(res) != block_) throw BenchError("short O_DIRECT transfer");
      lat_us.push_back(
          std::chrono::duration<double, std::micro>(Clock::now() - started[slot]).count());
      ++done;
      if (!stopping && seconds_since(t0) >= seconds) stopping = true;
      if (!stopping) {
        submit(slot);
        io_uring_submit(ring_.get());
        ++inflight;
      }
    }
    double el = seconds_since(t0);
    std::vector<Metric> m = {{"p50_us", "us", percentile(lat_us, 50)},
                             {"p99_us", "us", percentile(lat_us, 99)}};
    if (pattern_ == Pattern::Random) return {double(done) / el, m};
    return {double(done) * double(block_) / el / 1e6, m};
  }

  static unsigned checked_depth(const Params& p) {
    long d = param_int(p, "iodepth");
    if (d < 1 || d > 4096) throw BenchError("iodepth must be 1..4096");
    return unsigned(d);
  }
  static size_t checked_size(const Params& p) {
    long mib = param_int(p, "size_mib");
    if (mib < 1 || mib > (1 << 20)) throw BenchError("size_mib must be 1..1048576");
    return size_t(mib) * kMiB;
  }

  bool write_;
  Pattern pattern_;
  size_t block_;
  unsigned depth_;
  ScratchFile file_;
  Ring ring_;
  AlignedBuffer buffers_;
};

}  // namespace

std::unique_ptr<Session> make_storage_randread4k(const Params& p, const Env& e) {
  return std::make_unique<StorageSession>(p, e, false, Pattern::Random, 4096);
}
std::unique_ptr<Session> make_storage_randwrite4k(const Params& p, const Env& e) {
  return std::make_unique<StorageSession>(p, e, true, Pattern::Random, 4096);
}
std::unique_ptr<Session> make_storage_seqread(const Params& p, const Env& e) {
  return std::make_unique<StorageSession>(p, e, false, Pattern::Sequential, kMiB);
}
std::unique_ptr<Session> make_storage_seqwrite(const Params& p, const Env& e) {
  return std::make_unique<StorageSession>(p, e, true, Pattern::Sequential, kMiB);
}

}  // namespace vtune::bench
