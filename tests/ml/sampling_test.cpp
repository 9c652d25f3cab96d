// Sampling at a temperature with top-k and top-p (ml/sampling.hpp): the truncated distributions by hand, T -> 0
// as the greedy word, the most likely word against brute force, distinct-n, bad settings.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "core/input_error.hpp"
#include "ml/sampling.hpp"

using namespace arbiter;

namespace {

std::string argument_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ArgumentError& e) {
    return e.argument();
  }
  return "(no ArgumentError)";
}

Eigen::VectorXd log_of(std::initializer_list<double> p) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(p.size()));
  Eigen::Index i = 0;
  for (double x : p) v[i++] = std::log(x);
  return v;
}

const std::vector<std::string> kWords = {"the", "then", "there", "these", "this", "that", "a", "an", "and", "at"};

}  // namespace

TEST_CASE("Sampling: T = 1 without cuts is the model, top-k and top-p renormalise the kept symbols", "[ml][sampling]") {
  const Eigen::VectorXd lp = log_of({0.1, 0.4, 0.2, 0.3});
  const Eigen::VectorXd plain = ml::truncated_distribution(lp, {1.0, 0, 1.0});
  CHECK((plain - Eigen::Vector4d(0.1, 0.4, 0.2, 0.3)).cwiseAbs().maxCoeff() < 1e-15);
  const Eigen::VectorXd k2 = ml::truncated_distribution(lp, {1.0, 2, 1.0});
  CHECK((k2 - Eigen::Vector4d(0, 4.0 / 7, 0, 3.0 / 7)).cwiseAbs().maxCoeff() < 1e-15);
  // top-p 0.5: 0.4 < 0.5, 0.4 + 0.3 >= 0.5: keep the two largest.
  const Eigen::VectorXd p5 = ml::truncated_distribution(lp, {1.0, 0, 0.5});
  CHECK((p5 - Eigen::Vector4d(0, 4.0 / 7, 0, 3.0 / 7)).cwiseAbs().maxCoeff() < 1e-15);
  // top-p exactly reached by the first symbol keeps only it; top_k 1 is the argmax.
  CHECK(ml::truncated_distribution(lp, {1.0, 0, 0.4})[1] == 1.0);
  CHECK(ml::truncated_distribution(lp, {7.0, 1, 1.0})[1] == 1.0);
  // T = 2: p^(1/2) renormalised.
  const Eigen::VectorXd t2 = ml::truncated_distribution(lp, {2.0, 0, 1.0});
  const double z = std::sqrt(0.1) + std::sqrt(0.4) + std::sqrt(0.2) + std::sqrt(0.3);
  CHECK(t2[0] == Approx(std::sqrt(0.1) / z).epsilon(1e-14));
  // Large T: uniform; tiny T: argmax.
  CHECK(ml::truncated_distribution(lp, {1e9, 0, 1.0}).minCoeff() == Approx(0.25).epsilon(1e-8));
  CHECK(ml::truncated_distribution(lp, {1e-3, 0, 1.0})[1] == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("Sampling: bad settings name their argument", "[ml][sampling]") {
  const Eigen::VectorXd lp = log_of({0.5, 0.5});
  CHECK(argument_of([&] { ml::truncated_distribution(lp, {0.0, 0, 1.0}); }) == "temperature");
  CHECK(argument_of([&] { ml::truncated_distribution(lp, {-1.0, 0, 1.0}); }) == "temperature");
  CHECK(argument_of([&] { ml::truncated_distribution(lp, {1.0, -1, 1.0}); }) == "top_k");
  CHECK(argument_of([&] { ml::truncated_distribution(lp, {1.0, 0, 0.0}); }) == "top_p");
  CHECK(argument_of([&] { ml::truncated_distribution(lp, {1.0, 0, 1.5}); }) == "top_p");
  const ml::CharNgramModel m(kWords, 3, 0.1);
  core::RandomStream rng(1, 0);
  CHECK(argument_of([&] { ml::generate_word(m, {1.0, 0, 1.0}, 0, rng); }) == "max_length");
}

TEST_CASE("Sampling: T -> 0 and top-k = 1 give the greedy word every time", "[ml][sampling]") {
  const ml::CharNgramModel m(kWords, 3, 0.1);
  const ml::GeneratedWord greedy = ml::greedy_word(m, 20);
  REQUIRE(greedy.finished);
  CHECK(greedy.log_probability == Approx(m.log_probability(greedy.word)).epsilon(1e-14));
  core::RandomStream rng(5, 0);
  for (int i = 0; i < 50; ++i) {
    CHECK(ml::generate_word(m, {1e-4, 0, 1.0}, 20, rng).word == greedy.word);
    CHECK(ml::generate_word(m, {3.0, 1, 1.0}, 20, rng).word == greedy.word);
  }
}

TEST_CASE("Sampling: the most likely word is the best of every word up to 5 letters (brute force)", "[ml][sampling]") {
  const ml::CharNgramModel m({"ab", "ba", "aab", "b", "abba"}, 3, 0.3);
  std::string best;
  double best_lp = -INFINITY;
  std::function<void(const std::string&)> all = [&](const std::string& w) {
    const double lp = m.log_probability(w);
    if (lp > best_lp) {
      best_lp = lp;
      best = w;
    }
    if (w.size() < 5)
      for (char c : {'a', 'b'}) all(w + c);
  };
  all("");
  const ml::GeneratedWord found = ml::most_likely_word(m, 5);
  CHECK(found.word == best);
  CHECK(found.log_probability == Approx(best_lp).epsilon(1e-14));
  CHECK(found.log_probability >= ml::greedy_word(m, 5).log_probability - 1e-14);
}

TEST_CASE("Sampling: samples are reproducible from the seed and their log-likelihood is the model's", "[ml][sampling]") {
  const ml::CharNgramModel m(kWords, 3, 0.1);
  core::RandomStream a(9, 2), b(9, 2);
  for (int i = 0; i < 20; ++i) {
    const auto wa = ml::generate_word(m, {1.3, 5, 0.9}, 12, a), wb = ml::generate_word(m, {1.3, 5, 0.9}, 12, b);
    CHECK(wa.word == wb.word);
    if (wa.finished) CHECK(wa.log_probability == Approx(m.log_probability(wa.word)).epsilon(1e-13));
  }
}

TEST_CASE("Sampling: at T = 1 the first letter follows the model", "[ml][sampling]") {
  const ml::CharNgramModel m(kWords, 3, 0.1);
  const Eigen::VectorXd p = m.log_probabilities(m.start_state()).array().exp();
  core::RandomStream rng(13, 0);
  const int n = 20000, t = m.symbol_of("t");
  int count_t = 0;
  for (int i = 0; i < n; ++i) count_t += ml::generate_word(m, {1.0, 0, 1.0}, 1, rng).word.rfind('t', 0) == 0;
  const double se = std::sqrt(p[t] * (1 - p[t]) / n);
  CHECK(count_t / static_cast<double>(n) == Approx(p[t]).margin(4.5 * se));
}

TEST_CASE("Sampling: distinct-n counts distinct character n-grams over all of them", "[ml][sampling]") {
  CHECK(ml::distinct_n({"abab"}, 2) == Approx(2.0 / 3.0).epsilon(1e-15));  // ab, ba, ab
  CHECK(ml::distinct_n({"abc", "abc"}, 3) == 0.5);
  CHECK(ml::distinct_n({"a"}, 2) == 0.0);
}
