// The classifier: the weighted cross-entropy gradient of both models against finite differences, balanced
// class weights, a short training run on a fixed Fashion-MNIST subset that must learn, determinism at 1 and 2
// threads, and the bad input of issue 17 (a clear error with the JSON path or the file, nothing written).
#include <catch2/catch.hpp>

#include <cmath>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/runner.hpp"
#include "ml/classifier_loss.hpp"
#include "ml/classifier_training.hpp"

using namespace arbiter;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// L(theta) = scale * sum_j w_{y_j} (-log p_{y_j}) on a fixed batch.
double loss_of(const core::Mlp& net, const Eigen::VectorXd& params, const Eigen::MatrixXd& x,
               const std::vector<int>& y, const std::vector<double>& w, double scale) {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(params.size());
  return scale * ml::cross_entropy_step<double>(net, params, x, y.data(), w, scale, g).loss_sum;
}

void check_gradient(const std::vector<int>& sizes) {
  const core::Mlp net(sizes, core::Activation::tanh);
  core::RandomStream rng(11, 0);
  Eigen::VectorXd params;
  net.initialise(params, rng, 3.0);
  const int n = 7, k = sizes.back();
  Eigen::MatrixXd x(sizes.front(), n);
  std::vector<int> y(n);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < sizes.front(); ++i) x(i, j) = rng.normal();
    y[static_cast<std::size_t>(j)] = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(k)));
  }
  const std::vector<double> w = {0.5, 2.0, 1.0, 3.0};
  const double scale = 1.0 / n;
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(params.size());
  ml::cross_entropy_step<double>(net, params, x, y.data(), w, scale, grad);
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < params.size(); ++i) {
    Eigen::VectorXd up = params, down = params;
    up[i] += h;
    down[i] -= h;
    const double fd = (loss_of(net, up, x, y, w, scale) - loss_of(net, down, x, y, w, scale)) / (2 * h);
    CHECK(grad[i] == Approx(fd).margin(1e-7).epsilon(1e-5));
  }
  // The loss itself: the weighted mean of -log softmax(z)_y, computed directly here.
  const Eigen::MatrixXd z = net.forward_batch(params, x);
  double direct = 0.0;
  for (int j = 0; j < n; ++j) {
    const double m = z.col(j).maxCoeff();
    const double lse = m + std::log((z.col(j).array() - m).exp().sum());
    direct += w[static_cast<std::size_t>(y[static_cast<std::size_t>(j)])] * (lse - z(y[static_cast<std::size_t>(j)], j));
  }
  CHECK(loss_of(net, params, x, y, w, scale) == Approx(direct / n).epsilon(1e-12));
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("arbiter_classifier_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  return d;
}

// A small Fashion-MNIST run: 2000 training examples (200 held out), the first 500 test images.
json small_config(const std::string& model) {
  return json{{"kind", "ml.classifier"},
              {"seed", 5},
              {"data", {{"train_subset", 2000}, {"test_subset", 500}, {"validation", 0.1}, {"grouping", "fashion_families"}}},
              {"model", {{"type", model}, {"hidden", {32}}}},
              {"optimizer", {{"name", "adam"}, {"learning_rate", 0.003}, {"weight_decay", 1e-4}}},
              {"training", {{"epochs", 4}, {"batch_size", 100}}}};
}

experiments::RunOutcome run(const json& cfg, const fs::path& out, int threads) {
  experiments::RunOptions o;
  o.out_dir = out;
  o.threads = threads;
  return experiments::run_experiment(experiments::resolve_config(cfg, "test.json", "."), o, nullptr);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The ConfigError's JSON path (or "(data) message" for a DataError) of a config that must fail, checking that
// no output folder was left behind.
std::string failure_of(const json& cfg) {
  const fs::path out = fresh_dir("bad");
  std::string what = "(no error)";
  try {
    run(cfg, out, 1);
  } catch (const core::ConfigError& e) {
    what = e.json_path();
  } catch (const core::DataError& e) {
    what = std::string("(data) ") + e.what();
  }
  CHECK_FALSE(fs::exists(out));
  return what;
}

}  // namespace

TEST_CASE("Weighted cross-entropy gradient matches finite differences: softmax regression and an MLP",
          "[ml][classifier]") {
  check_gradient({5, 4});
  check_gradient({5, 6, 3, 4});
}

TEST_CASE("The float network's loss step agrees with the double one", "[ml][classifier]") {
  const core::Mlp net({6, 5, 3});
  const core::MlpFloat net_f({6, 5, 3});
  core::RandomStream rng(3, 0);
  Eigen::VectorXd params;
  net.initialise(params, rng);
  Eigen::MatrixXd x = Eigen::MatrixXd::Random(6, 9);
  const std::vector<int> y = {0, 1, 2, 2, 1, 0, 0, 1, 2};
  Eigen::VectorXd g = Eigen::VectorXd::Zero(params.size());
  Eigen::VectorXf gf = Eigen::VectorXf::Zero(params.size());
  const ml::BatchLoss d = ml::cross_entropy_step<double>(net, params, x, y.data(), {}, 1.0, g);
  const Eigen::VectorXf params_f = params.cast<float>();
  const ml::BatchLoss f = ml::cross_entropy_step<float>(net_f, params_f, x.cast<float>(), y.data(), {}, 1.0f, gf);
  CHECK(f.loss_sum == Approx(d.loss_sum).epsilon(1e-5));
  CHECK(f.correct == d.correct);
  CHECK((gf.cast<double>() - g).norm() < 1e-5 * g.norm());
}

TEST_CASE("Balanced class weights are n / (K n_c)", "[ml][classifier]") {
  const std::vector<double> w = ml::balanced_class_weights({50, 25, 25, 0});
  CHECK(w[0] == Approx(0.5));
  CHECK(w[1] == Approx(1.0));
  CHECK(w[2] == Approx(1.0));
  CHECK(w[3] == 0.0);
}

TEST_CASE("ml.classifier learns Fashion-MNIST from 1800 examples, same bytes at 1 and 2 threads",
          "[ml][classifier]") {
  const fs::path one = fresh_dir("one"), two = fresh_dir("two");
  const auto a = run(small_config("softmax"), one, 1);
  REQUIRE(a.completed);
  const double acc = a.results.summary["test_accuracy"].get<double>();
  CHECK(acc >= 0.74);  // measured 0.786 (chance 0.1)
  CHECK(a.results.summary["test_nll"].get<double>() < 0.75);
  CHECK(a.results.summary["train_examples"] == 1800);
  CHECK(a.results.summary["validation_examples"] == 200);
  const auto b = run(small_config("softmax"), two, 2);
  for (const char* f : {"logits.csv", "curve.csv", "confusion.csv", "results.csv"})
    CHECK(read_text(one / f) == read_text(two / f));
  const std::string logits = read_text(one / "logits.csv");
  CHECK(logits.rfind("split,label,group,z0,z1,z2,z3,z4,z5,z6,z7,z8,z9\n", 0) == 0);
  CHECK(logits.find("\nvalidation,") != std::string::npos);
  CHECK(logits.find("\ntest,9,shoes,") != std::string::npos);
  CHECK(std::count(logits.begin(), logits.end(), '\n') == 1 + 200 + 500);

  const fs::path m1 = fresh_dir("mlp1"), m2 = fresh_dir("mlp2");
  const auto c = run(small_config("mlp"), m1, 1);
  run(small_config("mlp"), m2, 2);
  CHECK(c.results.summary["test_accuracy"].get<double>() >= 0.74);  // measured 0.758
  CHECK(read_text(m1 / "logits.csv") == read_text(m2 / "logits.csv"));
  fs::remove_all(one.parent_path());
}

TEST_CASE("ml.classifier bad input: the JSON path or the file, exit-2 errors, nothing written",
          "[ml][classifier]") {
  json c = small_config("softmax");
  c["data"]["validation"] = 0;
  CHECK(failure_of(c) == "/data/validation");
  c = small_config("softmax");
  c["class_weights"] = {1, 1, -1, 1, 1, 1, 1, 1, 1, 1};
  CHECK(failure_of(c) == "/class_weights/2");
  c["class_weights"] = {1, 1};
  CHECK(failure_of(c) == "/class_weights");
  c["class_weights"] = "sometimes";
  CHECK(failure_of(c) == "/class_weights");
  c = small_config("mlp");
  c["model"]["hidden"] = {0};
  CHECK(failure_of(c) == "/model/hidden/0");
  c = small_config("softmax");
  c["data"]["classes"] = 5;
  CHECK(failure_of(c) == "/data/grouping");
  c["data"]["grouping"] = "none";
  CHECK_THAT(failure_of(c), Catch::Contains("(data)") && Catch::Contains("out of range [0, 5)"));
  c = small_config("softmax");
  c["data"]["path"] = "/nonexistent/folder";
  CHECK_THAT(failure_of(c), Catch::Contains("/nonexistent/folder/train-images-idx3-ubyte.gz: cannot open"));
  c = small_config("softmax");
  c["data"]["train_subset"] = 1;
  CHECK(failure_of(c) == "/data/validation");
}

TEST_CASE("ml.classifier on a CSV: three Gaussian blobs, softmax regression separates them", "[ml][classifier]") {
  const fs::path d = fresh_dir("csv");
  fs::create_directories(d);
  core::RandomStream rng(9, 0);
  const double centres[3][2] = {{0, 0}, {4, 0}, {0, 4}};
  for (const char* name : {"train.csv", "test.csv"}) {
    std::ofstream out(d / name);
    out << "x,y,label\n";
    for (int i = 0; i < 300; ++i) {
      const int c = i % 3;
      out << centres[c][0] + 0.5 * rng.normal() << "," << centres[c][1] + 0.5 * rng.normal() << "," << c << "\n";
    }
  }
  const json cfg = {{"kind", "ml.classifier"},
                    {"data", {{"format", "csv"}, {"path", "."}, {"classes", 3}, {"validation", 0.2}}},
                    {"model", {{"type", "softmax"}}},
                    {"optimizer", {{"learning_rate", 0.05}}},
                    {"training", {{"epochs", 30}, {"batch_size", 32}}}};
  experiments::RunOptions o;
  o.out_dir = d / "out";
  const auto r = experiments::run_experiment(experiments::resolve_config(cfg, (d / "c.json").string(), d.string()), o,
                                             nullptr);
  CHECK(r.results.summary["test_accuracy"].get<double>() >= 0.99);  // the blobs are 8 standard deviations apart
  CHECK(r.results.summary["train_examples"] == 240);
  CHECK(read_text(d / "out" / "logits.csv").rfind("split,label,group,z0,z1,z2\n", 0) == 0);
  fs::remove_all(d);
}

TEST_CASE("ml.classifier observables: curves per epoch, confusion, sample images and their probabilities",
          "[ml][classifier]") {
  json cfg = small_config("softmax");
  cfg["training"]["epochs"] = 2;
  auto exp = experiments::make_experiment(experiments::resolve_config(cfg, "t.json", "."), 1);
  while (!exp->done()) exp->step();
  const auto o = exp->observables();
  REQUIRE(o.plots.size() == 2);
  CHECK(o.plots[1].id == "accuracy");
  CHECK(o.plots[1].series[1].y.size() == 2);  // validation accuracy, one point per epoch
  const auto grid = [&](const std::string& id) {
    for (const auto& g : o.grids)
      if (g.id == id) return g;
    FAIL("no grid " << id);
    return o.grids.front();
  };
  const auto confusion = grid("confusion");
  CHECK(confusion.rows == 10);
  double row0 = 0.0;
  for (int p = 0; p < 10; ++p) row0 += confusion.values[static_cast<std::size_t>(p)];
  CHECK(row0 == Approx(1.0));
  CHECK(grid("sample_images").rows == 28);       // twelve test images side by side
  CHECK(grid("sample_images").cols == 12 * 28);
  int sample_bars = 0;
  for (const auto& b : o.bars)
    if (b.id == "sample_probabilities") {
      ++sample_bars;
      REQUIRE(b.groups.size() == 12);
      double total = 0.0;
      for (double p : b.groups[3].values) total += p;
      CHECK(total == Approx(1.0).epsilon(1e-12));
    }
  CHECK(sample_bars == 1);
  bool found = false;
  for (const auto& n : o.numbers) found = found || (n.id == "validation_accuracy" && n.value > 0.6);
  CHECK(found);
}
