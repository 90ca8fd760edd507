// A hostile MySQL-protocol proxy for tests: it listens on 127.0.0.1 (an
// ephemeral port) in front of a real server and forwards every byte both
// ways unchanged, except that a COM_QUERY the trigger picks is never sent
// on. The proxy answers it itself with a LOCAL INFILE request for a file
// of its choosing (0xFB + name), as a compromised server or anyone in the
// middle could, counts whatever file bytes the client sends back, and then
// pretends success with an OK packet.
//
// Plain protocol only: no TLS, no compression. Packets are 3-byte little-
// endian length, 1-byte sequence id, payload; a client packet with
// sequence 0 starts a command.
//
// Threads: one accepting, one per client connection, all joined by the
// destructor (each polls with a short timeout and checks a stop flag). The
// trigger runs on connection threads, one call at a time. The accessors
// may be called from any thread.
#pragma once

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace seed::test {

class MysqlProxy {
 public:
  // Whether to answer query `query`, the connection's `connection`-th
  // (0-based, in accept order), with a request for the file.
  using Trigger = std::function<bool(int connection, const std::string& query)>;

  MysqlProxy(std::string upstream_host, std::string upstream_port, std::string file, Trigger trigger)
      : host_(std::move(upstream_host)), port_(std::move(upstream_port)), file_(std::move(file)),
        trigger_(std::move(trigger)) {
    listen_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (listen_ < 0 || bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        listen(listen_, 16) != 0 || getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      return;
    listen_port_ = ntohs(a.sin_port);
    accepter_ = std::thread([this] { Accept(); });
  }

  ~MysqlProxy() {
    stop_ = true;
    if (accepter_.joinable()) accepter_.join();
    for (std::thread& t : workers_) t.join();  // accepter_ is done: no more added
    if (listen_ >= 0) close(listen_);
  }

  MysqlProxy(const MysqlProxy&) = delete;
  MysqlProxy& operator=(const MysqlProxy&) = delete;

  // 0 when the proxy could not listen.
  int port() const { return listen_port_; }

  // Replaces the trigger for the queries that follow.
  // From the first query `freeze` picks on, the proxy forwards nothing
  // more, either way, on any connection, and closes nothing: a network
  // that silently stopped (no FIN, no RST). Only the client's timeouts
  // can end its wait.
  void SetFreeze(Trigger freeze) {
    std::lock_guard<std::mutex> l(trigger_mu_);
    freeze_ = std::move(freeze);
  }
  bool frozen() const { return frozen_; }

  void SetTrigger(Trigger trigger) {
    std::lock_guard<std::mutex> l(trigger_mu_);
    trigger_ = std::move(trigger);
  }

  int file_requests() const {
    std::lock_guard<std::mutex> l(mu_);
    return file_requests_;
  }
  // Payload bytes of every packet the clients sent after a file request,
  // up to their closing empty packet: the file's content, if they sent it.
  uint64_t file_bytes() const {
    std::lock_guard<std::mutex> l(mu_);
    return stolen_.size();
  }
  std::string stolen() const {
    std::lock_guard<std::mutex> l(mu_);
    return stolen_;
  }
  // Per connection, in accept order, the text of every COM_QUERY seen
  // (forwarded or answered by the proxy).
  std::vector<std::vector<std::string>> queries() const {
    std::lock_guard<std::mutex> l(mu_);
    return queries_;
  }
  // For each query the proxy answered with a file request: its connection
  // and its position in queries()[connection].
  std::vector<std::pair<int, size_t>> attacked() const {
    std::lock_guard<std::mutex> l(mu_);
    return attacked_;
  }
  // Every query seen, one a line, "N: query" (N the connection), for INFO().
  std::string Dump() const {
    std::string out;
    auto all = queries();
    for (size_t c = 0; c < all.size(); ++c)
      for (const std::string& q : all[c]) out += std::to_string(c) + ": " + q.substr(0, 120) + "\n";
    return out;
  }

 private:
  // One client connection's state in the client->server direction.
  struct Conn {
    int index = 0, client = -1, upstream = -1;
    std::string pending;   // client bytes not yet a whole packet
    bool stealing = false; // a file request is out: packets are the file
  };

  static void NonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

  int ConnectUpstream() const {
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host_.c_str(), port_.c_str(), &hints, &res) != 0) return -1;
    int fd = -1;
    for (addrinfo* r = res; r && fd < 0; r = r->ai_next) {
      fd = socket(r->ai_family, r->ai_socktype, r->ai_protocol);
      if (fd >= 0 && connect(fd, r->ai_addr, r->ai_addrlen) != 0) close(fd), fd = -1;
    }
    freeaddrinfo(res);
    return fd;
  }

  void Accept() {
    while (!stop_) {
      pollfd p{listen_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int client = accept(listen_, nullptr, nullptr);
      if (client < 0) continue;
      const int upstream = ConnectUpstream();
      if (upstream < 0) {
        close(client);
        continue;
      }
      int index;
      {
        std::lock_guard<std::mutex> l(mu_);
        index = static_cast<int>(queries_.size());
        queries_.emplace_back();
      }
      NonBlocking(client);
      NonBlocking(upstream);
      workers_.emplace_back([this, index, client, upstream] { Serve(index, client, upstream); });
    }
  }

  // Writes all of `data`, waiting for room; false once the peer is gone or
  // the proxy stops.
  bool WriteAll(int fd, const char* data, size_t n) {
    while (n > 0) {
      const ssize_t w = send(fd, data, n, MSG_NOSIGNAL);
      if (w > 0) {
        data += w, n -= static_cast<size_t>(w);
        continue;
      }
      if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
      pollfd p{fd, POLLOUT, 0};
      if (stop_) return false;
      poll(&p, 1, 50);
    }
    return true;
  }

  static std::string Packet(uint8_t seq, const std::string& payload) {
    const size_t n = payload.size();
    std::string out{static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff),
                    static_cast<char>((n >> 16) & 0xff), static_cast<char>(seq)};
    return out + payload;
  }

  // Reads what `fd` has into `out`; false on close or error.
  static bool ReadSome(int fd, std::string& out) {
    char buf[65536];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n > 0) out.append(buf, static_cast<size_t>(n));
    return n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
  }

  // Handles one whole client packet; false when a socket failed.
  bool OnClientPacket(Conn& c, uint8_t seq, const std::string& payload, const std::string& raw) {
    if (frozen_) return true;
    if (c.stealing) {
      if (!payload.empty()) {
        std::lock_guard<std::mutex> l(mu_);
        stolen_ += payload;
        return true;
      }
      // The end of the "file": a hostile server pretends it all went well.
      c.stealing = false;
      const std::string ok("\x00\x00\x00\x02\x00\x00\x00", 7);
      const std::string p = Packet(static_cast<uint8_t>(seq + 1), ok);
      return WriteAll(c.client, p.data(), p.size());
    }
    if (seq == 0 && !payload.empty() && payload[0] == 0x03) {
      const std::string query = payload.substr(1);
      size_t position;
      {
        std::lock_guard<std::mutex> l(mu_);
        position = queries_[c.index].size();
        queries_[c.index].push_back(query);
      }
      bool fire;
      {
        std::lock_guard<std::mutex> l(trigger_mu_);
        if (freeze_ && freeze_(c.index, query)) frozen_ = true;
        fire = !frozen_ && trigger_ && trigger_(c.index, query);
      }
      if (frozen_) return true;  // swallowed
      if (fire) {
        {
          std::lock_guard<std::mutex> l(mu_);
          ++file_requests_;
          attacked_.emplace_back(c.index, position);
        }
        c.stealing = true;
        const std::string p = Packet(1, "\xfb" + file_);
        return WriteAll(c.client, p.data(), p.size());
      }
    }
    return WriteAll(c.upstream, raw.data(), raw.size());
  }

  // Splits c.pending into packets; false when a socket failed.
  bool OnClientBytes(Conn& c) {
    size_t at = 0;
    bool ok = true;
    while (ok && c.pending.size() - at >= 4) {
      const auto* b = reinterpret_cast<const unsigned char*>(c.pending.data() + at);
      const size_t len = b[0] | (b[1] << 8) | (b[2] << 16);
      if (c.pending.size() - at < 4 + len) break;
      ok = OnClientPacket(c, b[3], c.pending.substr(at + 4, len), c.pending.substr(at, 4 + len));
      at += 4 + len;
    }
    c.pending.erase(0, at);
    return ok;
  }

  void Serve(int index, int client, int upstream) {
    Conn c;
    c.index = index, c.client = client, c.upstream = upstream;
    std::string from_server;
    while (!stop_) {
      if (frozen_) {  // read nothing: the sockets stay open, the bytes unanswered
        usleep(50000);
        continue;
      }
      pollfd p[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
      const int r = poll(p, 2, 50);
      if (r < 0 && errno != EINTR) break;
      if (r <= 0) continue;
      if (p[1].revents) {  // server -> client: raw
        from_server.clear();
        if (!ReadSome(upstream, from_server) || !WriteAll(client, from_server.data(), from_server.size())) break;
      }
      if (p[0].revents) {
        if (!ReadSome(client, c.pending) || !OnClientBytes(c)) break;
      }
    }
    close(client);
    close(upstream);
  }

  const std::string host_, port_, file_;
  Trigger trigger_;
  Trigger freeze_;
  std::atomic<bool> frozen_{false};
  int listen_ = -1;
  int listen_port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread accepter_;
  std::vector<std::thread> workers_;  // touched by accepter_ only, then the destructor

  mutable std::mutex trigger_mu_;  // serializes trigger_ calls
  mutable std::mutex mu_;          // guards the four below
  int file_requests_ = 0;
  std::vector<std::pair<int, size_t>> attacked_;
  std::string stolen_;
  std::vector<std::vector<std::string>> queries_;
};

}  // namespace seed::test
