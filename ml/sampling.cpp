// Truncation builds a mask for core's masked softmax; the greedy and most likely words walk the model's states.
#include "ml/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <set>
#include <unordered_set>

#include "core/categorical_sampler.hpp"
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/table.hpp"

namespace arbiter::ml {

void check_setting(const SamplingSetting& s) {
  if (!(s.temperature > 0.0) || std::isnan(s.temperature))
    throw core::ArgumentError("temperature", "a number > 0", core::format_double(s.temperature));
  if (s.top_k < 0) throw core::ArgumentError("top_k", "an integer >= 1 (or none)", std::to_string(s.top_k));
  if (!(s.top_p > 0.0 && s.top_p <= 1.0))
    throw core::ArgumentError("top_p", "a number in (0, 1]", core::format_double(s.top_p));
}

Eigen::VectorXd truncated_distribution(const Eigen::VectorXd& log_probs, const SamplingSetting& s) {
  check_setting(s);
  const auto n = log_probs.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return log_probs[a] > log_probs[b]; });
  core::Mask mask = core::Mask::Constant(n, true);
  if (s.top_k > 0 && s.top_k < n)
    for (std::size_t i = static_cast<std::size_t>(s.top_k); i < order.size(); ++i) mask[order[i]] = false;
  Eigen::VectorXd p = core::masked_softmax<double>(log_probs, mask, s.temperature);
  if (s.top_p < 1.0) {
    double cumulative = 0.0;
    std::size_t keep = 0;
    while (keep < order.size() && mask[order[keep]]) {
      cumulative += p[order[keep]];
      ++keep;
      if (cumulative >= s.top_p) break;
    }
    for (std::size_t i = keep; i < order.size(); ++i) mask[order[i]] = false;
    p = core::masked_softmax<double>(log_probs, mask, s.temperature);
  }
  return p;
}

namespace {

void check_length(int max_length) {
  if (max_length < 1) throw core::ArgumentError("max_length", "at least 1", std::to_string(max_length));
}

template <class Pick> GeneratedWord walk(const CharNgramModel& model, int max_length, Pick&& pick) {
  check_length(max_length);
  GeneratedWord g;
  std::uint64_t state = model.start_state();
  for (int i = 0; i <= max_length; ++i) {
    const Eigen::VectorXd lp = model.log_probabilities(state);
    const int s = pick(lp);
    if (s == 0) {
      g.log_probability += lp[0];
      g.finished = true;
      return g;
    }
    if (i == max_length) break;
    g.log_probability += lp[s];
    g.word += model.symbol_text(s);
    state = model.next_state(state, s);
  }
  return g;
}

}  // namespace

GeneratedWord generate_word(const CharNgramModel& model, const SamplingSetting& s, int max_length,
                            core::RandomStream& rng) {
  check_setting(s);
  return walk(model, max_length, [&](const Eigen::VectorXd& lp) {
    const Eigen::VectorXd p = truncated_distribution(lp, s);
    return core::sample_inverse_cdf<double>(p, rng);
  });
}

GeneratedWord greedy_word(const CharNgramModel& model, int max_length) {
  return walk(model, max_length, [](const Eigen::VectorXd& lp) {
    Eigen::Index best = 0;
    lp.maxCoeff(&best);
    return static_cast<int>(best);
  });
}

GeneratedWord most_likely_word(const CharNgramModel& model, int max_length, std::size_t explored) {
  check_length(max_length);
  // Nodes (state, length) with cost -log P of the best prefix reaching them; the word is rebuilt from parents.
  struct Node {
    std::uint64_t state;
    int length;
    int parent;
    int symbol;
  };
  std::vector<Node> nodes{{model.start_state(), 0, -1, 0}};
  std::unordered_set<std::uint64_t> settled_key;  // (state, length) settled
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  queue.emplace(0.0, 0);
  double best = std::numeric_limits<double>::infinity();
  int best_node = -1;
  std::size_t settled = 0;
  const auto key = [&](std::uint64_t state, int length) {
    return state * static_cast<std::uint64_t>(max_length + 1) + static_cast<std::uint64_t>(length);
  };
  while (!queue.empty() && settled < explored) {
    const auto [c, id] = queue.top();
    queue.pop();
    if (c >= best) break;
    const Node node = nodes[static_cast<std::size_t>(id)];
    if (!settled_key.insert(key(node.state, node.length)).second) continue;
    ++settled;
    const Eigen::VectorXd lp = model.log_probabilities(node.state);
    if (c - lp[0] < best) {
      best = c - lp[0];
      best_node = id;
    }
    if (node.length == max_length) continue;
    for (int s = 1; s < model.symbols(); ++s) {
      const double next = c - lp[s];
      if (next >= best) continue;
      const std::uint64_t st = model.next_state(node.state, s);
      if (settled_key.count(key(st, node.length + 1))) continue;
      nodes.push_back({st, node.length + 1, id, s});
      queue.emplace(next, static_cast<int>(nodes.size() - 1));
    }
  }
  GeneratedWord g;
  g.finished = true;
  g.log_probability = -best;
  std::vector<int> symbols;
  for (int id = best_node; id > 0; id = nodes[static_cast<std::size_t>(id)].parent)
    symbols.push_back(nodes[static_cast<std::size_t>(id)].symbol);
  for (auto it = symbols.rbegin(); it != symbols.rend(); ++it) g.word += model.symbol_text(*it);
  return g;
}

double distinct_n(const std::vector<std::string>& words, int n) {
  if (n < 1) throw core::ArgumentError("n", "at least 1", std::to_string(n));
  std::set<std::string> seen;
  std::size_t total = 0;
  for (const std::string& w : words) {
    const std::vector<std::string> chars = utf8_characters(w);
    for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= chars.size(); ++i) {
      std::string gram;
      for (std::size_t k = i; k < i + static_cast<std::size_t>(n); ++k) gram += chars[k];
      seen.insert(gram);
      ++total;
    }
  }
  return total == 0 ? 0.0 : static_cast<double>(seen.size()) / static_cast<double>(total);
}

}  // namespace arbiter::ml
