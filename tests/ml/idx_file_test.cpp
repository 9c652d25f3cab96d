// IDX files (plain and gzip) and the labelled data sets built from them or from a CSV: round trips, the
// errors a user sees for missing, truncated and malformed files (with the byte offset), and the seeded split.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "ml/idx_file.hpp"
#include "ml/labelled_data.hpp"

using namespace arbiter;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("arbiter_idx_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::DataError& e) {
    return e.what();
  }
  return "(no DataError)";
}

// 5 images of 2 x 3 pixels with byte values 0..29, labels 0..4.
std::vector<std::uint8_t> pixels() {
  std::vector<std::uint8_t> p(30);
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<std::uint8_t>(i * 8);
  return p;
}

void truncate_to(const fs::path& p, std::size_t bytes) {
  std::ifstream in(p, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(all.data(), static_cast<std::streamsize>(std::min(bytes, all.size())));
}

}  // namespace

TEST_CASE("IDX round trip, plain and gzip, with a fixed leading subset", "[ml][idx]") {
  const fs::path d = temp_dir();
  for (bool gz : {false, true}) {
    const std::string path = (d / (gz ? "a.idx.gz" : "a.idx")).string();
    ml::write_idx(path, {5, 2, 3}, pixels(), gz);
    const ml::IdxArray a = ml::read_idx(path);
    CHECK(a.dims == std::vector<std::uint32_t>{5, 2, 3});
    CHECK(a.item_size() == 6);
    CHECK(a.data == pixels());
    const ml::IdxArray first = ml::read_idx(path, 2);
    CHECK(first.dims == std::vector<std::uint32_t>{2, 2, 3});
    const std::vector<std::uint8_t> all = pixels();
    CHECK(first.data == std::vector<std::uint8_t>(all.begin(), all.begin() + 12));
  }
  fs::remove_all(d);
}

TEST_CASE("IDX errors name the file and the byte offset", "[ml][idx]") {
  const fs::path d = temp_dir();
  const std::string plain = (d / "p.idx").string(), gz = (d / "g.idx.gz").string();
  CHECK_THAT(error_of([&] { ml::read_idx((d / "missing.idx").string()); }),
             Catch::Contains("missing.idx: cannot open"));

  ml::write_idx(plain, {5, 2, 3}, pixels(), false);
  truncate_to(plain, 16 + 20);  // header 16 bytes, then 20 of the 30 pixel bytes
  CHECK_THAT(error_of([&] { ml::read_idx(plain); }),
             Catch::Contains("p.idx: truncated at byte 36: expected 30 bytes of data from byte 16"));
  ml::write_idx(plain, {5, 2, 3}, pixels(), false);
  truncate_to(plain, 10);  // inside the dimensions
  CHECK_THAT(error_of([&] { ml::read_idx(plain); }), Catch::Contains("truncated at byte 10: expected 4 bytes of a dimension from byte 8"));

  ml::write_idx(gz, {5, 2, 3}, pixels(), true);
  truncate_to(gz, fs::file_size(gz) - 12);  // the compressed stream cut short
  const std::string cut = error_of([&] { ml::read_idx(gz); });
  CHECK_THAT(cut, Catch::Contains("g.idx.gz: "));
  CHECK_THAT(cut, Catch::Contains("byte "));

  {
    std::ofstream out(plain, std::ios::binary | std::ios::trunc);
    out << "P5\n28 28\n255\n";
  }
  CHECK_THAT(error_of([&] { ml::read_idx(plain); }), Catch::Contains("byte 0: bad IDX magic number 50 35 0a 32"));
  {
    std::ofstream out(plain, std::ios::binary | std::ios::trunc);
    out.write("\0\0\x0d\x01\0\0\0\x01", 8);  // float type
  }
  CHECK_THAT(error_of([&] { ml::read_idx(plain); }), Catch::Contains("byte 2: IDX type 0x0d is not supported"));
  fs::remove_all(d);
}

TEST_CASE("IDX image/label pairs: pixels scaled to [0, 1], labels checked", "[ml][idx]") {
  const fs::path d = temp_dir();
  const std::string images = (d / "images.gz").string(), labels = (d / "labels").string();
  ml::write_idx(images, {5, 2, 3}, pixels(), true);
  ml::write_idx(labels, {5}, {0, 1, 2, 1, 0}, false);
  const ml::LabelledData data = ml::load_idx_pair(images, labels, 3);
  REQUIRE(data.size() == 5);
  CHECK(data.features() == 6);
  CHECK(data.x(0, 0) == 0.0f);
  CHECK(data.x(5, 4) == Approx(29 * 8 / 255.0));
  CHECK(data.x(1, 2) == Approx(13 * 8 / 255.0));
  CHECK(data.y == std::vector<int>{0, 1, 2, 1, 0});
  CHECK(data.class_counts() == std::vector<std::size_t>{2, 2, 1});
  CHECK(ml::load_idx_pair(images, labels, 3, 2).size() == 2);

  CHECK_THAT(error_of([&] { ml::load_idx_pair(images, labels, 2); }),
             Catch::Contains("labels: byte 10 (label 2): label 2 out of range [0, 2)"));
  ml::write_idx(labels, {4}, {0, 1, 2, 1}, false);
  CHECK_THAT(error_of([&] { ml::load_idx_pair(images, labels, 3); }),
             Catch::Contains("has 5 images but") && Catch::Contains("has 4 labels"));
  fs::remove_all(d);
}

TEST_CASE("CSV data sets: a label column and numeric features, bad rows named by line", "[ml][idx]") {
  const fs::path d = temp_dir();
  const std::string path = (d / "data.csv").string();
  {
    std::ofstream out(path);
    out << "x1,label,x2\n0.5,1,2\n-1,0,3.5\n2,2,0\n";
  }
  const ml::LabelledData data = ml::load_csv(path, "label", 3);
  REQUIRE(data.size() == 3);
  CHECK(data.features() == 2);
  CHECK(data.x(0, 0) == 0.5f);
  CHECK(data.x(1, 1) == 3.5f);
  CHECK(data.y == std::vector<int>{1, 0, 2});
  CHECK_THROWS_AS(ml::load_csv(path, "class", 3), core::ArgumentError);
  CHECK_THAT(error_of([&] { ml::load_csv(path, "label", 2); }), Catch::Contains("line 4, column 2: label 2 out of range"));
  {
    std::ofstream out(path);
    out << "x1,label,x2\n0.5,1\n";
  }
  CHECK_THAT(error_of([&] { ml::load_csv(path, "label", 3); }), Catch::Contains("line 2: 2 fields, the header has 3"));
  {
    std::ofstream out(path);
    out << "x1,label,x2\n0.5,1,nan\n";
  }
  CHECK_THAT(error_of([&] { ml::load_csv(path, "label", 3); }), Catch::Contains("line 2, column 3 (x2): expected a finite number"));
  fs::remove_all(d);
}

TEST_CASE("The validation split is seeded, disjoint and of the asked size", "[ml][idx]") {
  ml::LabelledData data;
  data.classes = 2;
  data.x.resize(1, 100);
  for (int j = 0; j < 100; ++j) {
    data.x(0, j) = static_cast<float>(j);
    data.y.push_back(j % 2);
  }
  core::RandomStream a(7, 3), b(7, 3), c(8, 3);
  const auto [train, val] = ml::split_validation(data, 0.2, a);
  const auto [train_b, val_b] = ml::split_validation(data, 0.2, b);
  const auto [train_c, val_c] = ml::split_validation(data, 0.2, c);
  CHECK(train.size() == 80);
  CHECK(val.size() == 20);
  CHECK(val.x == val_b.x);
  CHECK_FALSE(val.x == val_c.x);
  std::set<float> all;
  for (int j = 0; j < 80; ++j) all.insert(train.x(0, j));
  for (int j = 0; j < 20; ++j) {
    all.insert(val.x(0, j));
    CHECK(val.y[static_cast<std::size_t>(j)] == static_cast<int>(val.x(0, j)) % 2);
  }
  CHECK(all.size() == 100);
  core::RandomStream r(1, 0);
  CHECK_THROWS_AS(ml::split_validation(data, 0.0, r), core::ArgumentError);
  CHECK_THROWS_AS(ml::split_validation(data, 0.001, r), core::ArgumentError);
}
