// Reading and writing IDX files through zlib's gz* interface (it reads plain files transparently).
#include "ml/idx_file.hpp"

#include <zlib.h>

#include <cstdio>
#include <memory>
#include <string>

#include "core/input_error.hpp"

namespace arbiter::ml {
namespace {

struct GzCloser {
  void operator()(gzFile f) const { gzclose(f); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

// Reads exactly n bytes at offset `at` of the uncompressed stream, or throws naming the offset.
void read_exact(gzFile f, const std::string& path, std::size_t at, void* out, std::size_t n, const char* what) {
  auto* p = static_cast<unsigned char*>(out);
  std::size_t got = 0;
  while (got < n) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - got, 1u << 30));
    const int r = gzread(f, p + got, chunk);
    if (r < 0) {
      int code = 0;
      const char* msg = gzerror(f, &code);
      throw core::DataError(path + ": byte " + std::to_string(at + got) + ": cannot read " + what + " (" +
                            (msg ? msg : "zlib error") + ")");
    }
    if (r == 0)
      throw core::DataError(path + ": truncated at byte " + std::to_string(at + got) + ": expected " +
                            std::to_string(n) + " bytes of " + what + " from byte " + std::to_string(at));
    got += static_cast<std::size_t>(r);
  }
}

std::uint32_t big_endian(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
}

}  // namespace

std::size_t IdxArray::item_size() const {
  std::size_t n = 1;
  for (std::size_t i = 1; i < dims.size(); ++i) n *= dims[i];
  return n;
}

IdxArray read_idx(const std::string& path, std::size_t max_items) {
  std::FILE* probe = std::fopen(path.c_str(), "rb");
  if (!probe) throw core::DataError(path + ": cannot open (missing or unreadable IDX file)");
  std::fclose(probe);
  GzHandle f(gzopen(path.c_str(), "rb"));
  if (!f) throw core::DataError(path + ": cannot open (missing or unreadable IDX file)");
  unsigned char magic[4];
  read_exact(f.get(), path, 0, magic, 4, "the IDX magic number");
  if (magic[0] != 0 || magic[1] != 0 || magic[3] == 0 || magic[3] > 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02x %02x %02x %02x", magic[0], magic[1], magic[2], magic[3]);
    throw core::DataError(path + ": byte 0: bad IDX magic number " + buf +
                          " (expected 00 00 08 <dimensions 1..4>: not an IDX file of unsigned bytes)");
  }
  if (magic[2] != 0x08) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", magic[2]);
    throw core::DataError(path + ": byte 2: IDX type " + buf + " is not supported (only unsigned bytes, 0x08)");
  }
  IdxArray a;
  a.dims.resize(magic[3]);
  std::size_t at = 4;
  for (auto& d : a.dims) {
    unsigned char b[4];
    read_exact(f.get(), path, at, b, 4, "a dimension");
    d = big_endian(b);
    at += 4;
  }
  std::size_t items = a.dims[0];
  if (max_items > 0 && max_items < items) {
    items = max_items;
    a.dims[0] = static_cast<std::uint32_t>(items);
  }
  a.data.resize(items * a.item_size());
  read_exact(f.get(), path, at, a.data.data(), a.data.size(), "data");
  return a;
}

void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data,
               bool gzip) {
  std::string bytes = {0, 0, 0x08, static_cast<char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int s = 24; s >= 0; s -= 8) bytes.push_back(static_cast<char>((d >> s) & 0xff));
  bytes.append(data.begin(), data.end());
  GzHandle f(gzopen(path.c_str(), gzip ? "wb" : "wbT"));
  if (!f || gzwrite(f.get(), bytes.data(), static_cast<unsigned>(bytes.size())) != static_cast<int>(bytes.size()))
    throw core::DataError(path + ": cannot write IDX file");
}

}  // namespace arbiter::ml
