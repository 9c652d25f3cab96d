// Sampling words from a CharNgramModel at a temperature T with top-k and top-p (nucleus) truncation: at each
// step the next-symbol distribution is softmax(log P / T) (core's softmax) over the k most likely symbols (ties
// to the lower symbol), then cut to the smallest set of most likely symbols whose probability reaches p, and
// renormalised (core's masked softmax); a symbol is drawn with core's inverse-CDF sampler from a seeded
// stream. T -> 0 is the argmax at every step (the greedy word). Throws core::ArgumentError naming
// "temperature" (not > 0), "top_k" (< 1), "top_p" (outside (0, 1]) or "max_length" (< 1).
#pragma once
#include <string>
#include <vector>
#include <Eigen/Dense>

#include "core/random_stream.hpp"
#include "ml/char_ngram.hpp"

namespace arbiter::ml {

struct SamplingSetting {
  double temperature = 1.0;
  int top_k = 0;        // 0: no top-k cut
  double top_p = 1.0;   // 1: no nucleus cut
};

void check_setting(const SamplingSetting& s);

// The distribution a step samples from, given the model's log-probabilities.
Eigen::VectorXd truncated_distribution(const Eigen::VectorXd& log_probs, const SamplingSetting& s);

struct GeneratedWord {
  std::string word;
  bool finished = false;  // ended with the boundary symbol before max_length symbols
  double log_probability = 0.0;  // under the model itself (T = 1, no truncation), end symbol included if finished
};

GeneratedWord generate_word(const CharNgramModel& model, const SamplingSetting& s, int max_length,
                            core::RandomStream& rng);
// The argmax at every step (ties to the lower symbol): what sampling gives as T -> 0.
GeneratedWord greedy_word(const CharNgramModel& model, int max_length);
// The most probable finished word of at most max_length symbols (shortest paths over (state, length), Dijkstra on
// -log P); `explored` caps the states settled (then the best found so far).
GeneratedWord most_likely_word(const CharNgramModel& model, int max_length, std::size_t explored = 2000000);

// distinct-n: distinct character (UTF-8) n-grams over all n-grams inside the words (0 when there are none).
double distinct_n(const std::vector<std::string>& words, int n);

}  // namespace arbiter::ml
