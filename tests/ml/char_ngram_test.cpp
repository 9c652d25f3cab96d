// The character n-gram model of ml/char_ngram.hpp: hand-computed smoothed probabilities, normalisation, word
// log-likelihoods, reading words from a file.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/input_error.hpp"
#include "ml/char_ngram.hpp"

using namespace arbiter;

TEST_CASE("Char n-gram: interpolated smoothing by hand on {ab, ab, b}", "[ml][char_ngram]") {
  const double a = 0.5;
  const ml::CharNgramModel m({"ab", "ab", "b"}, 2, a);
  REQUIRE(m.symbols() == 3);  // end, a, b
  const int sa = m.symbol_of("a"), sb = m.symbol_of("b");
  REQUIRE(sa == 1);
  REQUIRE(sb == 2);
  // Order 1 (no context): a 2, b 3, end 3 of 8. P_1(c) = (N(c) + alpha S / S) / (8 + alpha S).
  const double p1a = (2 + a) / (8 + 3 * a), p1b = (3 + a) / (8 + 3 * a), p1end = (3 + a) / (8 + 3 * a);
  // Order 2 at the start: a 2, b 1 of 3.
  const Eigen::VectorXd start = m.log_probabilities(m.start_state());
  CHECK(std::exp(start[sa]) == Approx((2 + 3 * a * p1a) / (3 + 3 * a)).epsilon(1e-14));
  CHECK(std::exp(start[sb]) == Approx((1 + 3 * a * p1b) / (3 + 3 * a)).epsilon(1e-14));
  CHECK(std::exp(start[0]) == Approx((0 + 3 * a * p1end) / (3 + 3 * a)).epsilon(1e-14));
  // After "a": b twice.
  const Eigen::VectorXd after_a = m.log_probabilities(m.next_state(m.start_state(), sa));
  CHECK(std::exp(after_a[sb]) == Approx((2 + 3 * a * p1b) / (2 + 3 * a)).epsilon(1e-14));
  // log P("ab") = log P(a | start) + log P(b | a) + log P(end | b).
  const Eigen::VectorXd after_b = m.log_probabilities(m.next_state(m.start_state(), sb));
  CHECK(m.log_probability("ab") == Approx(start[sa] + after_a[sb] + after_b[0]).epsilon(1e-14));
  CHECK(std::isinf(m.log_probability("abc")));
}

TEST_CASE("Char n-gram: every conditional distribution sums to 1", "[ml][char_ngram]") {
  const ml::CharNgramModel m({"the", "then", "there", "these", "a", "an", "and"}, 4, 0.05);
  std::uint64_t state = m.start_state();
  for (char c : std::string("thenandthe")) {
    CHECK(m.log_probabilities(state).array().exp().sum() == Approx(1.0).epsilon(1e-14));
    state = m.next_state(state, m.symbol_of(std::string(1, c)));
  }
  // Order 1 ignores the context entirely.
  const ml::CharNgramModel u({"ab", "b"}, 1, 1.0);
  CHECK((u.log_probabilities(0) - u.log_probabilities(u.next_state(0, 1))).norm() == 0.0);
}

TEST_CASE("Char n-gram: characters are UTF-8 code points", "[ml][char_ngram]") {
  CHECK(ml::utf8_characters("caf\xC3\xA9") == std::vector<std::string>{"c", "a", "f", "\xC3\xA9"});
  CHECK(ml::is_utf8("na\xC3\xAFve"));
  CHECK_FALSE(ml::is_utf8("na\xC3ve"));
  CHECK_FALSE(ml::is_utf8("\xB3"));
  const ml::CharNgramModel m({"caf\xC3\xA9", "cafe"}, 2, 0.1);
  CHECK(m.symbols() == 6);  // end, a, c, e, f, e-acute
  CHECK(m.symbol_text(5) == "\xC3\xA9");
  CHECK(std::isfinite(m.log_probability("\xC3\xA9")));
}

TEST_CASE("Char n-gram: bad arguments and bad files", "[ml][char_ngram]") {
  CHECK_THROWS_AS(ml::CharNgramModel({"a"}, 0, 0.1), core::ArgumentError);
  CHECK_THROWS_AS(ml::CharNgramModel({"a"}, 2, 0.0), core::ArgumentError);
  CHECK_THROWS_AS(ml::CharNgramModel({}, 2, 0.1), core::ArgumentError);
  const auto dir = std::filesystem::temp_directory_path();
  const auto empty = dir / "arbiter_char_ngram_empty.txt";
  { std::ofstream(empty) << "  \n\n"; }
  CHECK_THROWS_AS(ml::read_words(empty.string(), true), core::DataError);
  CHECK_THROWS_AS(ml::read_words((dir / "arbiter_no_such_file.txt").string(), true), core::DataError);
  const auto latin1 = dir / "arbiter_char_ngram_latin1.txt";
  { std::ofstream(latin1) << "ok\ncaf\xE9\n"; }
  CHECK_THROWS_WITH(ml::read_words(latin1.string(), true), Catch::Contains("line 2: not UTF-8"));
  std::filesystem::remove(latin1);
  const auto some = dir / "arbiter_char_ngram_words.txt";
  { std::ofstream(some) << "Hello world\nAbc\n"; }
  CHECK(ml::read_words(some.string(), true) == std::vector<std::string>{"hello", "world", "abc"});
  CHECK(ml::read_words(some.string(), false).front() == "Hello");
  std::filesystem::remove(empty);
  std::filesystem::remove(some);
}
