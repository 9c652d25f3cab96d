// Kind "ml.calibration": temperature scaling (Guo et al. 2017) of a logits file (split, label, group, z0 ..
// z{K-1}; the file every logits-producing run writes), given as `logits`, or of the logits of an ml.classifier
// config given as `classifier` (declared by ml.classifier's own declaration, trained first with the run's seed;
// its logits.csv and curve.csv are written beside the calibration's outputs). T is fitted on the validation
// split; the test split is measured before and after (accuracy, NLL, Brier, ECE / MCE with equal-width and
// equal-mass bins, reliability bins, confidence histogram) and per group (one global T and one T per group).
// Writes results.csv (split, calibration, metric, value), reliability.csv, histogram.csv, groups.csv (when the
// file names groups) and temperature_curve.csv; summary.json's results hold temperature,
// accuracy_/nll_/ece_before and _after.
#include <filesystem>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "experiments/ml/calibration_experiment.hpp"
#include "experiments/ml/classifier_setup.hpp"
#include "experiments/registry.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

// A relative path is read from the config's folder.
std::string data_path(const std::string& path, const std::string& config_dir) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || config_dir.empty()) return path;
  return (std::filesystem::path(config_dir) / p).string();
}

// Keys declared on a Schema with a full path are resolved by that Schema; inside a node they are its own.
void nest(core::Param& node) {
  node.flat = false;
  for (core::Param& m : node.members) nest(m);
}

// The ml.classifier kind's config tree (its one declaration, declare_classifier_keys), as the node /classifier.
core::Param classifier_node() {
  core::Schema classifier;
  declare_classifier_keys(classifier);
  core::Param node = classifier.root();
  nest(node);
  node.help = "an ml.classifier config (data, model, optimizer, training, class_weights) to train first and "
              "calibrate; instead of logits";
  node.optional();
  return node;
}

// A ConfigError of the classifier's config, placed under /classifier.
core::ConfigError under_classifier(const core::ConfigError& e) {
  const std::string what = e.what();
  if (e.json_path().empty()) return core::ConfigError("", "/classifier", "", what);
  const std::string prefix = e.json_path() + ": ";
  const std::string detail = what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what;
  return core::ConfigError("", "/classifier" + e.json_path(), "", detail);
}

// Trains nothing yet: builds the ml.classifier experiment (its data loaded, its arguments checked) through the
// registered kind, with this run's seed and threads.
std::unique_ptr<Experiment> make_classifier(const json& cfg, const RunContext& ctx) {
  try {
    return registry().find("ml.classifier").make(cfg, ctx);
  } catch (const core::ConfigError& e) {
    throw under_classifier(e);
  } catch (const core::DataError& e) {
    throw core::ConfigError("", "/classifier/data", "", e.what());
  }
}

ExperimentKind calibration_kind() {
  ExperimentKind k;
  k.name = "ml.calibration";
  k.description = "Temperature scaling of a classifier's logits: reliability, ECE, NLL before and after, per group";
  // A logits file of a few thousand rows runs in well under a second; a classifier trains on a subset for one
  // epoch (the overrides do not apply to a config that leaves the optional /classifier out).
  k.quick = {"/classifier/data/train_subset=600", "/classifier/data/test_subset=200",
             "/classifier/training/epochs=1"};
  k.schema.string("/logits", nullptr,
                  "logits CSV (split,label,group,z0,...; relative paths are read from the config's folder); "
                  "instead of classifier")
      .optional();
  k.schema.node("/classifier", classifier_node());
  k.schema.integer("/bins", ml::kCalibrationBins, "confidence bins of the reliability diagram, ECE and MCE")
      .at_least(2)
      .at_most(1000);
  k.schema.integer("/histogram_bins", 20, "equal-width bins of the confidence histogram").at_least(2).at_most(1000);
  k.schema.string("/group_column", "group",
                  "the column whose values group the examples: group, or a named column after the logits");
  k.schema.boolean("/groups", true, "per-group calibration (one global T and one T per group) when the file names groups");
  k.schema.number("/temperature", 0.0, "the temperature shown beside the fitted one (0: the fitted T; the GUI's slider)")
      .at_least(0)
      .at_most(ml::kMaxTemperature)
      .live_control();
  k.schema.add("/curve", core::ParamType::any, json{{"from", 0.25}, {"to", 8.0}, {"points", 48}, {"log", true}},
               "temperatures of the NLL(T) and ECE(T) curve: a list, or {\"from\", \"to\", \"points\", \"log\"}")
      .validate_with([](const json& v, const std::string& path) { core::check_grid(v, path, 0.0); });
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    CalibrationSetup s;
    s.group_column = cfg["group_column"].get<std::string>();
    const bool logits = cfg.contains("logits"), classifier = cfg.contains("classifier");
    if (logits == classifier)
      throw core::ConfigError("", logits ? "/classifier" : "/logits",
                              "either /logits (a logits CSV) or /classifier (an ml.classifier config to train), "
                              "exactly one",
                              logits ? "both" : "neither");
    if (classifier) {
      if (s.group_column != "group")
        throw core::ConfigError("", "/group_column",
                                "\"group\" (the classifier's logits.csv groups by /classifier/data/grouping)",
                                core::short_json(cfg["group_column"]));
      s.classifier = make_classifier(cfg["classifier"], ctx);
    } else {
      s.logits_path = data_path(cfg["logits"].get<std::string>(), ctx.config_dir);
      try {
        s.data = ml::read_logits_csv(s.logits_path, s.group_column);
      } catch (const core::DataError& e) {
        throw core::ConfigError("", "/logits", "", e.what());
      } catch (const core::ArgumentError& e) {
        throw core::ConfigError("/" + e.argument(), e);
      }
    }
    s.bins = cfg["bins"].get<int>();
    s.histogram_bins = cfg["histogram_bins"].get<int>();
    s.groups = cfg["groups"].get<bool>();
    s.shown_temperature = cfg["temperature"].get<double>();
    s.curve = core::read_grid(cfg["curve"], "/curve");
    return std::make_unique<CalibrationExperiment>(std::move(s));
  };
  return k;
}

const RegisterKind registered{calibration_kind};

}  // namespace

}  // namespace arbiter::experiments
