// Loading IDX and CSV data sets, subsets and the seeded validation split.
#include "ml/labelled_data.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "core/input_error.hpp"
#include "core/table.hpp"
#include "ml/idx_file.hpp"

namespace arbiter::ml {
namespace {

void check_classes(int classes) {
  if (classes < 2) throw core::ArgumentError("classes", "at least 2 classes", std::to_string(classes));
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) {
      out.push_back(cell);
      cell.clear();
    } else if (c != '\r') cell.push_back(c);
  }
  out.push_back(cell);
  return out;
}

}  // namespace

LabelledData LabelledData::take(const std::vector<std::size_t>& indices) const {
  LabelledData out;
  out.classes = classes;
  out.x.resize(x.rows(), static_cast<Eigen::Index>(indices.size()));
  out.y.resize(indices.size());
  for (std::size_t j = 0; j < indices.size(); ++j) {
    out.x.col(static_cast<Eigen::Index>(j)) = x.col(static_cast<Eigen::Index>(indices[j]));
    out.y[j] = y[indices[j]];
  }
  return out;
}

std::vector<std::size_t> LabelledData::class_counts() const {
  std::vector<std::size_t> n(static_cast<std::size_t>(classes), 0);
  for (int c : y) ++n[static_cast<std::size_t>(c)];
  return n;
}

LabelledData load_idx_pair(const std::string& images_path, const std::string& labels_path, int classes,
                           std::size_t limit) {
  check_classes(classes);
  const IdxArray images = read_idx(images_path, limit);
  const IdxArray labels = read_idx(labels_path, limit);
  if (labels.dims.size() != 1)
    throw core::DataError(labels_path + ": a label file has one dimension, this one has " +
                          std::to_string(labels.dims.size()));
  if (images.items() != labels.items())
    throw core::DataError(images_path + " has " + std::to_string(images.items()) + " images but " + labels_path +
                          " has " + std::to_string(labels.items()) + " labels");
  if (images.items() == 0) throw core::DataError(images_path + ": no images");
  const std::size_t header = 4 + 4 * labels.dims.size();
  LabelledData d;
  d.classes = classes;
  d.y.resize(labels.items());
  for (std::size_t i = 0; i < labels.items(); ++i) {
    if (labels.data[i] >= classes)
      throw core::DataError(labels_path + ": byte " + std::to_string(header + i) + " (label " + std::to_string(i) +
                            "): label " + std::to_string(labels.data[i]) + " out of range [0, " +
                            std::to_string(classes) + ")");
    d.y[i] = labels.data[i];
  }
  const auto features = static_cast<Eigen::Index>(images.item_size());
  const Eigen::Map<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>> raw(
      images.data.data(), features, static_cast<Eigen::Index>(images.items()));
  d.x = raw.cast<float>() * (1.0f / 255.0f);
  return d;
}

LabelledData load_csv(const std::string& path, const std::string& label_column, int classes, std::size_t limit) {
  check_classes(classes);
  std::ifstream in(path);
  if (!in) throw core::DataError(path + ": cannot open (missing or unreadable CSV file)");
  std::string line;
  if (!std::getline(in, line)) throw core::DataError(path + ": empty file (expected a header row)");
  const std::vector<std::string> header = split_csv_line(line);
  const auto label_at = std::find(header.begin(), header.end(), label_column);
  if (label_at == header.end())
    throw core::ArgumentError("label_column", "a column of " + path, "\"" + label_column + "\"");
  const std::size_t label_index = static_cast<std::size_t>(label_at - header.begin());
  const std::size_t width = header.size();
  if (width < 2) throw core::DataError(path + ": line 1: expected a label column and at least one feature");
  std::vector<float> values;
  std::vector<int> labels;
  for (std::size_t row = 2; std::getline(in, line); ++row) {
    if (line.empty() || line == "\r") continue;
    if (limit > 0 && labels.size() >= limit) break;
    const std::vector<std::string> cells = split_csv_line(line);
    if (cells.size() != width)
      throw core::DataError(path + ": line " + std::to_string(row) + ": " + std::to_string(cells.size()) +
                            " fields, the header has " + std::to_string(width));
    for (std::size_t c = 0; c < width; ++c) {
      const std::string& s = cells[c];
      char* end = nullptr;
      const double v = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
        throw core::DataError(path + ": line " + std::to_string(row) + ", column " + std::to_string(c + 1) + " (" +
                              header[c] + "): expected a finite number, got \"" + s + "\"");
      if (c == label_index) {
        if (v != std::floor(v) || v < 0 || v >= classes)
          throw core::DataError(path + ": line " + std::to_string(row) + ", column " + std::to_string(c + 1) +
                                ": label " + s + " out of range (an integer in [0, " + std::to_string(classes) + "))");
        labels.push_back(static_cast<int>(v));
      } else {
        values.push_back(static_cast<float>(v));
      }
    }
  }
  if (labels.empty()) throw core::DataError(path + ": no data rows");
  LabelledData d;
  d.classes = classes;
  d.y = std::move(labels);
  d.x = Eigen::Map<const Eigen::MatrixXf>(values.data(), static_cast<Eigen::Index>(width - 1),
                                          static_cast<Eigen::Index>(d.y.size()));
  return d;
}

std::pair<LabelledData, LabelledData> split_validation(const LabelledData& data, double fraction,
                                                       core::RandomStream& rng) {
  if (!(fraction > 0.0 && fraction < 1.0))
    throw core::ArgumentError("validation fraction", "a number in (0, 1)", core::format_double(fraction));
  const std::size_t n = data.size();
  const auto held = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n)));
  if (held < 1 || held >= n)
    throw core::ArgumentError("validation fraction",
                              "a fraction leaving at least one example on each side of " + std::to_string(n),
                              core::format_double(fraction));
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.uniform_int(i + 1)]);
  std::vector<std::size_t> validation(order.begin(), order.begin() + static_cast<long>(held));
  std::vector<std::size_t> train(order.begin() + static_cast<long>(held), order.end());
  std::sort(validation.begin(), validation.end());
  std::sort(train.begin(), train.end());
  return {data.take(train), data.take(validation)};
}

}  // namespace arbiter::ml
