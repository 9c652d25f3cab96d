// The classifier's config keys (declared once) and reading them into data, model and training options.
#include "experiments/ml/classifier_setup.hpp"
#include "experiments/learning_ranges.hpp"

#include <filesystem>
#include <map>

#include "core/config_error.hpp"
#include "core/random_stream.hpp"
#include "ml/classifier_loss.hpp"
#include "ml/fashion_mnist.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
using core::ParamType;

std::string data_file(const std::string& folder, const std::string& file, const std::string& config_dir) {
  std::filesystem::path p = std::filesystem::path(folder) / file;
  if (!p.is_absolute() && !config_dir.empty()) p = std::filesystem::path(config_dir) / p;
  return p.string();
}

}  // namespace

void declare_classifier_keys(core::Schema& schema, bool class_weights) {
  schema.string("/data/format", "idx", "idx (an image file and a label file per split) or csv (label column + features)")
      .one_of({"idx", "csv"});
  schema.string("/data/path", "/usr/share/datasets/fashion-mnist",
                "folder of the data files (relative: from the config's folder)");
  schema.string("/data/train_images", "train-images-idx3-ubyte.gz", "idx: training images (gzip or plain)");
  schema.string("/data/train_labels", "train-labels-idx1-ubyte.gz", "idx: training labels");
  schema.string("/data/test_images", "t10k-images-idx3-ubyte.gz", "idx: test images");
  schema.string("/data/test_labels", "t10k-labels-idx1-ubyte.gz", "idx: test labels");
  schema.string("/data/train_file", "train.csv", "csv: training examples");
  schema.string("/data/test_file", "test.csv", "csv: test examples");
  schema.string("/data/label_column", "label", "csv: the column holding the class index");
  schema.integer("/data/classes", 10, "number of classes K (labels in [0, K))").at_least(2).at_most(1000);
  schema.integer("/data/train_subset", 0, "keep the first n training examples (0: all; a fixed subset for fast runs)")
      .at_least(0);
  schema.integer("/data/test_subset", 0, "keep the first n test examples (0: all)").at_least(0);
  schema.number("/data/validation", 0.1, "fraction of the training examples held out for validation (seeded)")
      .greater_than(0)
      .less_than(1);
  schema.string("/data/grouping", "none",
                "group column of logits.csv: none, or fashion_families (tops, bottoms, dresses, shoes, bags)")
      .one_of({"none", "fashion_families"});
  schema.string("/model/type", "mlp", "softmax (multinomial logistic regression) or mlp").one_of({"softmax", "mlp"});
  schema.add("/model/hidden", ParamType::integer_list, json::array({256, 128}), "mlp: hidden layer sizes")
      .at_least(1)
      .at_most(16384)
      .validate_with([](const json& v, const std::string& path) {
        if (v.is_array() && v.size() > 16)
          throw core::ConfigError("", path, "at most 16 hidden layers", std::to_string(v.size()) + " layers");
      });
  schema.string("/model/activation", "relu", "mlp: hidden activation").one_of({"relu", "tanh"});
  schema.string("/optimizer/name", "adam", "adam or sgd (minibatch)").one_of({"adam", "sgd"});
  schema.number("/optimizer/learning_rate", 1e-3, "step size")
      .greater_than(0)
      .at_most(kMaxLearningRate)
      .log()
      .titled("learning rate");
  schema.number("/optimizer/weight_decay", 0.0, "L2 penalty lambda/2 ||theta||^2 on every parameter")
      .at_least(0)
      .titled("weight decay");
  schema.integer("/training/epochs", 10, "passes over the training split").at_least(1).at_most(100000);
  schema.integer("/training/batch_size", 128, "examples per minibatch").at_least(1).at_most(65536);
  if (!class_weights) return;
  core::Param w = core::Param::make(ParamType::either, "none",
                                    "class weights w_y in the cross-entropy: none, balanced (n / (K n_y)) or a list");
  w.form(ParamType::string, "none or balanced").one_of({"none", "balanced"});
  w.form(ParamType::number_list, "one weight >= 0 per class").at_least(0);
  schema.node("/class_weights", w);
}

core::ConfigError classifier_config_error(const core::ArgumentError& e) {
  static const std::map<std::string, std::string> paths{
      {"classes", "/data/classes"},         {"label_column", "/data/label_column"},
      {"validation fraction", "/data/validation"}, {"model", "/model/type"},
      {"hidden sizes", "/model/hidden"},    {"optimizer", "/optimizer/name"},
      {"learning rate", "/optimizer/learning_rate"}, {"weight decay", "/optimizer/weight_decay"},
      {"batch size", "/training/batch_size"}, {"epochs", "/training/epochs"},
      {"class weights", "/class_weights"},  {"training data", "/data/train_subset"}};
  std::string name = e.argument(), index;
  if (const auto open = name.find('['); open != std::string::npos && name.back() == ']') {
    index = "/" + name.substr(open + 1, name.size() - open - 2);
    name = name.substr(0, open);
  }
  if (const auto it = paths.find(name); it != paths.end()) return core::ConfigError(it->second + index, e);
  return core::ConfigError(e.what());
}

ClassifierSetup read_classifier_setup(const json& cfg, std::uint64_t seed, int threads, const std::string& config_dir) {
  const json& d = cfg["data"];
  const int classes = d["classes"].get<int>();
  const std::string grouping = d["grouping"].get<std::string>();
  if (grouping == "fashion_families" && classes != 10)
    throw core::ConfigError("", "/data/grouping", "none for a data set that is not Fashion-MNIST (10 classes)",
                            "\"fashion_families\" with " + std::to_string(classes) + " classes");
  ClassifierSetup s;
  auto data = std::make_shared<ClassifierData>();
  try {
    const std::string folder = d["path"].get<std::string>();
    const auto train_n = d["train_subset"].get<std::size_t>(), test_n = d["test_subset"].get<std::size_t>();
    ml::LabelledData all, test;
    if (d["format"] == "csv") {
      const std::string label = d["label_column"].get<std::string>();
      all = ml::load_csv(data_file(folder, d["train_file"].get<std::string>(), config_dir), label, classes, train_n);
      test = ml::load_csv(data_file(folder, d["test_file"].get<std::string>(), config_dir), label, classes, test_n);
      if (test.features() != all.features())
        throw core::DataError(d["test_file"].get<std::string>() + ": " + std::to_string(test.features()) +
                              " feature columns, the training file has " + std::to_string(all.features()));
    } else {
      all = ml::load_idx_pair(data_file(folder, d["train_images"].get<std::string>(), config_dir),
                              data_file(folder, d["train_labels"].get<std::string>(), config_dir), classes, train_n);
      test = ml::load_idx_pair(data_file(folder, d["test_images"].get<std::string>(), config_dir),
                               data_file(folder, d["test_labels"].get<std::string>(), config_dir), classes, test_n);
      if (test.features() != all.features())
        throw core::DataError(d["test_images"].get<std::string>() + ": images of " + std::to_string(test.features()) +
                              " pixels, the training images have " + std::to_string(all.features()));
    }
    core::RandomStream split_rng(seed, 3);
    auto [train, validation] = ml::split_validation(all, d["validation"].get<double>(), split_rng);
    data->train = std::move(train);
    data->validation = std::move(validation);
    data->test = std::move(test);
    data->grouping = grouping;
    for (int k = 0; k < classes; ++k) {
      const bool fashion = grouping == "fashion_families";
      data->class_names.push_back(fashion ? ml::fashion_class_names()[static_cast<std::size_t>(k)] : std::to_string(k));
      data->group_of_class.push_back(fashion ? ml::fashion_family(k) : "");
    }

    const json& m = cfg["model"];
    s.spec.model = m["type"].get<std::string>();
    s.spec.hidden = m["hidden"].get<std::vector<int>>();
    s.spec.activation = core::parse_activation(m["activation"].get<std::string>());
    s.options.optimizer = cfg["optimizer"]["name"].get<std::string>();
    s.options.learning_rate = cfg["optimizer"]["learning_rate"].get<double>();
    s.options.weight_decay = cfg["optimizer"]["weight_decay"].get<double>();
    s.options.epochs = cfg["training"]["epochs"].get<int>();
    s.options.batch_size = cfg["training"]["batch_size"].get<int>();
    s.options.threads = threads;
    const json& w = cfg.contains("class_weights") ? cfg["class_weights"] : json("none");
    if (w.is_string()) {
      s.class_weights_text = w.get<std::string>();
      if (s.class_weights_text == "balanced") s.options.class_weights = ml::balanced_class_weights(data->train.class_counts());
    } else {
      s.class_weights_text = "list";
      s.options.class_weights = w.get<std::vector<double>>();
      if (s.options.class_weights.size() != static_cast<std::size_t>(classes))
        throw core::ConfigError("", "/class_weights", "one weight per class (" + std::to_string(classes) + ")",
                                std::to_string(s.options.class_weights.size()) + " weights");
    }
    ml::classifier_layer_sizes(data->train.features(), classes, s.spec);  // checks the model's arguments
  } catch (const core::ArgumentError& e) {
    throw classifier_config_error(e);
  }
  s.data = std::move(data);
  return s;
}

}  // namespace arbiter::experiments
