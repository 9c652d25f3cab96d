#include "econ/choice_data_loader.hpp"

#include "econ/wide_format.hpp"

namespace arbiter::econ {

ChoiceDataLoader::ChoiceDataLoader(const std::string& path, const ChoiceColumns& columns,
                                   const std::vector<std::string>& numeric)
    : path_(path), columns_(columns), numeric_(numeric), file_(std::make_unique<MappedFile>(path)) {
  bytes_ = file_->text().size();
  if (!columns.wide) long_ = std::make_unique<LongFormatReader>(file_->text(), path, columns, numeric, file_.get());
}

void ChoiceDataLoader::step() {
  if (done_) return;
  if (long_) {
    long_->step();
    if (!long_->done()) return;
    data_ = long_->take();
    long_.reset();
  } else {
    data_ = parse_wide(file_->text(), path_, columns_, numeric_);
  }
  file_.reset();
  done_ = true;
}

double ChoiceDataLoader::progress() const {
  if (done_) return 1.0;
  return long_ ? long_->fraction() : 0.0;
}

ChoiceData parse_choice_csv(std::string_view text, const std::string& file, const ChoiceColumns& columns,
                            const std::vector<std::string>& numeric) {
  if (columns.wide) return parse_wide(text, file, columns, numeric);
  LongFormatReader reader(text, file, columns, numeric);
  while (!reader.done()) reader.step();
  return reader.take();
}

ChoiceData load_choice_data(const std::string& path, const ChoiceColumns& columns,
                            const std::vector<std::string>& numeric) {
  ChoiceDataLoader loader(path, columns, numeric);
  while (!loader.done()) loader.step();
  return loader.take();
}

}  // namespace arbiter::econ
