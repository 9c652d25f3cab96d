// Kind "ml.sampling": sampling words from a character-level n-gram model (trained on /text, by default
// Debian's word list) at a temperature T with top-k and top-p (nucleus) truncation. Per setting of /settings:
// /samples words from their own seeded stream, their mean negative log-likelihood under the model (nats per
// word and per symbol), distinct-2 and distinct-3 (character n-grams), the share of distinct words and the
// share of generated words that are real (in the training text). results.csv: one row per setting;
// samples.csv: every generated word; summary.json results: the greedy word (T -> 0), the most likely word,
// and per setting its headline numbers.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <unordered_set>

#include "core/softmax.hpp"
#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/input_error.hpp"
#include "core/table.hpp"
#include "experiments/registry.hpp"
#include "ml/char_ngram.hpp"
#include "ml/sampling.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

struct SamplingSetup {
  std::vector<std::string> words;
  int order = 4;
  double smoothing = 0.1;
  int samples = 200, max_length = 30;
  std::vector<ml::SamplingSetting> settings;
  // The live preview (the GUI's sliders): a setting and a prefix whose next-symbol distribution is shown.
  ml::SamplingSetting preview;
  std::string prefix;
  std::uint64_t seed = 0;
};

ml::SamplingSetting read_setting(const json& st) {
  ml::SamplingSetting setting;
  setting.temperature = st["temperature"].get<double>();
  setting.top_k = st.contains("top_k") && !st["top_k"].is_null() ? st["top_k"].get<int>() : 0;
  setting.top_p = st["top_p"].get<double>();
  return setting;
}

struct SettingResult {
  std::vector<ml::GeneratedWord> words;
  double mean_nll = 0, mean_nll_per_symbol = 0, distinct_2 = 0, distinct_3 = 0, distinct_words = 0,
         real_word_fraction = 0, finished_fraction = 0, mean_length = 0;
};

std::string setting_name(const ml::SamplingSetting& s) {
  std::string n = "T=" + core::format_double(s.temperature);
  if (s.top_k > 0) n += " top_k=" + std::to_string(s.top_k);
  if (s.top_p < 1.0) n += " top_p=" + core::format_double(s.top_p);
  return n;
}

class SamplingExperiment final : public Experiment {
 public:
  SamplingExperiment(SamplingSetup s, json config)
      : s_(std::move(s)),
        config_(std::move(config)),
        model_(s_.words, s_.order, s_.smoothing),
        dictionary_(s_.words.begin(), s_.words.end()) {
    greedy_ = ml::greedy_word(model_, s_.max_length);
    most_likely_ = ml::most_likely_word(model_, s_.max_length);
  }

  // One slice: one setting's samples.
  void step() override {
    if (done()) return;
    const ml::SamplingSetting& setting = s_.settings[results_.size()];
    core::RandomStream rng(s_.seed, results_.size());
    SettingResult r;
    std::vector<std::string> texts;
    std::unordered_set<std::string> distinct;
    double nll = 0, symbols = 0, real = 0, finished = 0, length = 0;
    for (int i = 0; i < s_.samples; ++i) {
      ml::GeneratedWord g = ml::generate_word(model_, setting, s_.max_length, rng);
      nll -= g.log_probability;
      const auto characters = static_cast<double>(ml::utf8_characters(g.word).size());
      symbols += characters + (g.finished ? 1.0 : 0.0);
      length += characters;
      if (g.finished) ++finished;
      if (g.finished && dictionary_.count(g.word)) ++real;
      distinct.insert(g.word);
      texts.push_back(g.word);
      r.words.push_back(std::move(g));
    }
    const double n = s_.samples;
    r.mean_nll = nll / n;
    r.mean_nll_per_symbol = nll / symbols;
    r.distinct_2 = ml::distinct_n(texts, 2);
    r.distinct_3 = ml::distinct_n(texts, 3);
    r.distinct_words = static_cast<double>(distinct.size()) / n;
    r.real_word_fraction = real / n;
    r.finished_fraction = finished / n;
    r.mean_length = length / n;
    results_.push_back(std::move(r));
  }
  bool done() const override { return results_.size() >= s_.settings.size(); }
  double progress() const override {
    return static_cast<double>(results_.size()) / static_cast<double>(std::max<std::size_t>(1, s_.settings.size()));
  }

  Observables observables() const override {
    Observables o;
    // The first step's next-symbol distribution under each setting (the start of a word).
    const Eigen::VectorXd lp = model_.log_probabilities(model_.start_state());
    Bars bars;
    bars.id = "first_symbol";
    bars.title = "Distribution of the first letter, per setting";
    for (int sym = 0; sym < model_.symbols(); ++sym)
      bars.labels.push_back(sym == 0 ? std::string("(end)") : model_.symbol_text(sym));
    for (const auto& setting : s_.settings) {
      const Eigen::VectorXd p = ml::truncated_distribution(lp, setting);
      bars.groups.push_back({setting_name(setting), std::vector<double>(p.data(), p.data() + p.size())});
    }
    o.bars.push_back(std::move(bars));
    o.bars.push_back(preview_bars());

    Plot quality;
    quality.id = "quality";
    quality.title = "Per setting: real words, distinct words, distinct-3";
    quality.x_label = "setting (in the order of /settings)";
    quality.y_label = "fraction";
    Series real{"real-word fraction", {}, {}, {}}, dw{"distinct words", {}, {}, {}}, d3{"distinct-3", {}, {}, {}};
    Plot nll;
    nll.id = "nll";
    nll.title = "Mean negative log-likelihood per symbol under the model (nats)";
    nll.x_label = "setting (in the order of /settings)";
    nll.y_label = "nats per symbol";
    Series nl{"NLL per symbol", {}, {}, {}};
    for (std::size_t i = 0; i < results_.size(); ++i) {
      const double x = static_cast<double>(i);
      real.x.push_back(x);
      real.y.push_back(results_[i].real_word_fraction);
      dw.x.push_back(x);
      dw.y.push_back(results_[i].distinct_words);
      d3.x.push_back(x);
      d3.y.push_back(results_[i].distinct_3);
      nl.x.push_back(x);
      nl.y.push_back(results_[i].mean_nll_per_symbol);
    }
    quality.series = {std::move(real), std::move(dw), std::move(d3)};
    nll.series = {std::move(nl)};
    o.plots.push_back(std::move(quality));
    o.plots.push_back(std::move(nll));

    o.numbers = {{"greedy_word", "greedy word (T -> 0)", -greedy_.log_probability, greedy_.word, "nats"},
                 {"most_likely_word", "most likely word", -most_likely_.log_probability, most_likely_.word, "nats"},
                 {"symbols", "symbols (letters + end)", static_cast<double>(model_.symbols()),
                  std::to_string(model_.symbols())}};
    core::RandomStream preview_rng(s_.seed, 1000000);
    for (int i = 0; i < 8; ++i) {
      const ml::GeneratedWord g = ml::generate_word(model_, s_.preview, s_.max_length, preview_rng);
      o.numbers.emplace_back("preview." + std::to_string(i), "preview " + setting_name(s_.preview),
                             -g.log_probability, g.word, "nats");
    }
    if (!results_.empty()) {
      const auto& last = results_.back();
      for (std::size_t i = 0; i < std::min<std::size_t>(8, last.words.size()); ++i)
        o.numbers.emplace_back("sample." + std::to_string(i), setting_name(s_.settings[results_.size() - 1]),
                               -last.words[i].log_probability, last.words[i].word, "nats");
    }
    return o;
  }

  // The preview takes any change of /preview in place; anything else asks for a rebuild.
  bool apply_live(const json& config) override {
    if (!config.is_object() || !config.contains("preview")) return false;
    json rest = config, now = config_;
    rest.erase("preview");
    now.erase("preview");
    if (rest != now) return false;
    const json& p = config["preview"];
    ml::SamplingSetting setting;
    try {
      setting = read_setting(p);
      ml::check_setting(setting);
    } catch (const std::exception&) {
      return false;
    }
    s_.preview = setting;
    s_.prefix = p["prefix"].get<std::string>();
    config_ = config;
    return true;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"setting", "temperature", "top_k", "top_p", "samples", "mean_nll", "mean_nll_per_symbol",
                             "distinct_2", "distinct_3", "distinct_words", "real_word_fraction", "finished_fraction",
                             "mean_length"});
    core::Table samples({"setting", "index", "word", "finished", "real_word", "nll"});
    json per_setting = json::array();
    for (std::size_t i = 0; i < results_.size(); ++i) {
      const ml::SamplingSetting& st = s_.settings[i];
      const SettingResult& sr = results_[i];
      r.results.add_row({static_cast<std::int64_t>(i), st.temperature, static_cast<std::int64_t>(st.top_k), st.top_p,
                         static_cast<std::int64_t>(s_.samples), sr.mean_nll, sr.mean_nll_per_symbol, sr.distinct_2,
                         sr.distinct_3, sr.distinct_words, sr.real_word_fraction, sr.finished_fraction,
                         sr.mean_length});
      json examples = json::array();
      for (std::size_t j = 0; j < sr.words.size(); ++j) {
        const auto& g = sr.words[j];
        samples.add_row({static_cast<std::int64_t>(i), static_cast<std::int64_t>(j), g.word,
                         static_cast<std::int64_t>(g.finished), static_cast<std::int64_t>(g.finished && dictionary_.count(g.word)),
                         -g.log_probability});
        if (j < 10) examples.push_back(g.word);
      }
      per_setting.push_back({{"setting", setting_name(st)},
                             {"mean_nll", sr.mean_nll},
                             {"distinct_words", sr.distinct_words},
                             {"real_word_fraction", sr.real_word_fraction},
                             {"examples", examples}});
    }
    r.tables["samples.csv"] = std::move(samples);
    r.summary = {{"training_words", s_.words.size()},
                 {"symbols", model_.symbols()},
                 {"greedy_word", greedy_.word},
                 {"greedy_word_nll", -greedy_.log_probability},
                 {"most_likely_word", most_likely_.word},
                 {"most_likely_word_nll", -most_likely_.log_probability},
                 {"settings", per_setting}};
    std::string report = "greedy word (T -> 0): \"" + greedy_.word + "\"; most likely word: \"" + most_likely_.word + "\"\n";
    for (std::size_t i = 0; i < results_.size(); ++i) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "%-28s NLL %.3f nats/word, real words %.3f, distinct %.3f:",
                    setting_name(s_.settings[i]).c_str(), results_[i].mean_nll, results_[i].real_word_fraction,
                    results_[i].distinct_words);
      report += buf;
      for (std::size_t j = 0; j < std::min<std::size_t>(6, results_[i].words.size()); ++j)
        report += " " + results_[i].words[j].word;
      report += "\n";
    }
    r.report = report;
    return r;
  }

 private:
  // The next-letter distribution after the preview's prefix: the model's (T = 1) and the preview setting's.
  Bars preview_bars() const {
    std::uint64_t state = model_.start_state();
    std::string known;
    for (const std::string& c : ml::utf8_characters(s_.prefix)) {
      const int sym = model_.symbol_of(c);
      if (sym < 1) break;  // a letter the text never had: the distribution after the part before it
      state = model_.next_state(state, sym);
      known += c;
    }
    const Eigen::VectorXd lp = model_.log_probabilities(state);
    const Eigen::VectorXd model_p = core::softmax<double>(lp);  // lp is normalised: this is exp(lp)
    const Eigen::VectorXd p = ml::truncated_distribution(lp, s_.preview);
    Bars bars;
    bars.id = "next_symbol";
    bars.title = "Next letter after \"" + known + "\"";
    for (int sym = 0; sym < model_.symbols(); ++sym)
      bars.labels.push_back(sym == 0 ? std::string("(end)") : model_.symbol_text(sym));
    bars.groups = {{"model (T = 1)", std::vector<double>(model_p.data(), model_p.data() + model_p.size())},
                   {setting_name(s_.preview), std::vector<double>(p.data(), p.data() + p.size())}};
    bars.y_max = 1.0;
    return bars;
  }

  SamplingSetup s_;
  json config_;
  ml::CharNgramModel model_;
  std::unordered_set<std::string> dictionary_;
  ml::GeneratedWord greedy_, most_likely_;
  std::vector<SettingResult> results_;
};

ExperimentKind sampling_kind() {
  ExperimentKind k;
  k.name = "ml.sampling";
  k.description = "Sampling words from a character n-gram model at a temperature, with top-k and top-p truncation";
  k.quick = {"/samples=20"};
  k.schema.string("/text", "/usr/share/dict/words",
                  "training text: any text file, split into words at whitespace (relative to the config's folder)");
  k.schema.boolean("/lowercase", true, "lowercase the training words");
  k.schema.integer("/order", 4, "n of the n-gram (n - 1 letters of context)").at_least(1).at_most(8);
  k.schema.number("/smoothing", 0.1, "smoothing strength alpha > 0 (interpolation with the lower orders)")
      .greater_than(0)
      .at_most(1000)
      .log();
  k.schema.integer("/samples", 200, "words generated per setting").at_least(1).at_most(1000000);
  k.schema.integer("/max_length", 30, "longest word generated (symbols; longer ones are cut)").at_least(1).at_most(1000);
  core::Param& settings = k.schema.list("/settings", "sampling settings, each its own row of results.csv", 1, 1000);
  settings.default_value = json::array({json{{"temperature", 0.01}}, json{{"temperature", 0.5}},
                                        json{{"temperature", 1.0}}, json{{"temperature", 2.0}},
                                        json{{"temperature", 5.0}}, json{{"temperature", 1.0}, {"top_k", 3}},
                                        json{{"temperature", 1.0}, {"top_p", 0.8}}});
  core::Param& one = settings.element();
  one.number("temperature", 1.0, "temperature T > 0 (T -> 0: the argmax; large T: uniform)").greater_than(0).log();
  one.integer("top_k", nullptr, "keep only the k most likely symbols (k >= 1; absent: no cut)").optional().at_least(1).at_most(1000000);
  one.number("top_p", 1.0, "nucleus: keep the most likely symbols up to probability p, in (0, 1] (1: no cut)")
      .greater_than(0)
      .at_most(1);
  core::Param& preview = k.schema.object("/preview", "the live view: one setting and a prefix (changes nothing written)");
  preview.number("temperature", 1.0, "temperature T > 0 of the preview").greater_than(0).log().live_control();
  preview.integer("top_k", nullptr, "top-k of the preview (absent: no cut)").optional().at_least(1).at_most(1000000).live_control();
  preview.number("top_p", 1.0, "top-p of the preview, in (0, 1]").greater_than(0).at_most(1).live_control();
  preview.string("prefix", "", "the start of a word: the preview shows the distribution of the next letter")
      .live_control();
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    SamplingSetup s;
    s.seed = ctx.seed;
    s.order = cfg["order"].get<int>();
    s.smoothing = cfg["smoothing"].get<double>();
    s.samples = cfg["samples"].get<int>();
    s.max_length = cfg["max_length"].get<int>();
    for (const json& st : cfg["settings"]) {
      const ml::SamplingSetting setting = read_setting(st);
      try {
        ml::check_setting(setting);
      } catch (const core::ArgumentError& e) {
        throw core::ConfigError("/settings/" + std::to_string(s.settings.size()) + "/" + e.argument(), e);
      }
      s.settings.push_back(setting);
    }
    s.preview = read_setting(cfg["preview"]);
    s.prefix = cfg["preview"]["prefix"].get<std::string>();
    std::filesystem::path text(cfg["text"].get<std::string>());
    if (text.is_relative() && !ctx.config_dir.empty()) text = std::filesystem::path(ctx.config_dir) / text;
    try {
      if (std::filesystem::is_directory(text)) throw core::DataError(text.string() + ": a folder, not a text file");
      s.words = ml::read_words(text.string(), cfg["lowercase"].get<bool>());
    } catch (const core::DataError& e) {
      throw core::ConfigError("", "/text", "a readable text file with at least one word", e.what());
    }
    try {
      return std::make_unique<SamplingExperiment>(std::move(s), cfg);
    } catch (const core::ArgumentError& e) {
      static const std::map<std::string, std::string> paths{
          {"order", "/order"}, {"smoothing", "/smoothing"}, {"max_length", "/max_length"}, {"words", "/text"}};
      if (const auto it = paths.find(e.argument()); it != paths.end()) throw core::ConfigError(it->second, e);
      throw core::ConfigError(e.what());
    }
  };
  return k;
}

const RegisterKind registered{sampling_kind};

}  // namespace

}  // namespace arbiter::experiments
