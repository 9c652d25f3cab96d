// The pieces of an ml.classifier config, read once: the data (training, validation and test sets, the
// grouping), the model and the training options. Shared by the kinds that train a classifier
// (ml.classifier, ml.imbalance). Reading maps every domain ArgumentError to the JSON path it came from.
#pragma once
#include <memory>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"
#include "core/config_error.hpp"
#include "ml/classifier_training.hpp"
#include "ml/labelled_data.hpp"

namespace arbiter::experiments {

struct ClassifierData {
  ml::LabelledData train, validation, test;
  std::string grouping;                     // "none" or "fashion_families"
  std::vector<std::string> class_names;     // one per class
  std::vector<std::string> group_of_class;  // one per class ("" when no grouping)
};

struct ClassifierSetup {
  std::shared_ptr<const ClassifierData> data;
  ml::ClassifierSpec spec;
  ml::TrainingOptions options;
  std::string class_weights_text;  // "none", "balanced" or "list"
};

// Declares /data, /model, /optimizer, /training and (when class_weights) /class_weights on a kind's schema.
void declare_classifier_keys(core::Schema& schema, bool class_weights = true);
// Reads a resolved config: loads the data (DataError for bad files), splits off validation with
// RandomStream(seed, 3), resolves class weights (none when the schema has no /class_weights). ConfigError with the JSON path for bad arguments.
ClassifierSetup read_classifier_setup(const nlohmann::json& cfg, std::uint64_t seed, int threads,
                                      const std::string& config_dir);
// The JSON path of a domain argument of the classifier ("learning rate" -> "/optimizer/learning_rate").
core::ConfigError classifier_config_error(const core::ArgumentError& e);

}  // namespace arbiter::experiments
