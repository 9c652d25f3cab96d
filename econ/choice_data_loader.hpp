// Loads a choice-data CSV file in slices, so a caller can show progress and stay responsive on large files:
// the constructor maps the file and reads its header, each step() reads a slice (long format: one round of
// 4 MB blocks per worker; wide format: the whole file in one step). Same data and errors as
// load_choice_data (choice_data.hpp), which loops it.
#pragma once
#include <memory>
#include <string>
#include <vector>
#include "econ/choice_data.hpp"
#include "econ/long_format_reader.hpp"
#include "econ/mapped_file.hpp"

namespace arbiter::econ {

class ChoiceDataLoader {
 public:
  ChoiceDataLoader(const std::string& path, const ChoiceColumns& columns, const std::vector<std::string>& numeric = {});
  void step();
  bool done() const { return done_; }
  // The file's size.
  std::size_t bytes() const { return bytes_; }
  // Fraction of the file read, in [0, 1].
  double progress() const;
  // The data, once done().
  ChoiceData take() { return std::move(data_); }

 private:
  std::string path_;
  ChoiceColumns columns_;
  std::vector<std::string> numeric_;
  std::unique_ptr<MappedFile> file_;
  std::unique_ptr<LongFormatReader> long_;
  ChoiceData data_;
  std::size_t bytes_ = 0;
  bool done_ = false;
};

}  // namespace arbiter::econ
