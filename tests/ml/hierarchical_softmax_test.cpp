// The hierarchical and flat softmax layers of ml/hierarchical_softmax.hpp: exactness (leaves sum to 1), the
// product-of-sigmoids identity, gradients against finite differences, operation counts.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "ml/hierarchical_softmax.hpp"
#include "ml/hierarchical_softmax_corpus.hpp"

using namespace arbiter;

namespace {

Eigen::VectorXd random_vector(int d, core::RandomStream& rng) {
  Eigen::VectorXd h(d);
  for (int i = 0; i < d; ++i) h[i] = rng.normal();
  return h;
}

}  // namespace

TEST_CASE("Hierarchical softmax: the leaves of a 10^4-class tree sum to 1 within 1e-12", "[ml][hierarchical]") {
  const ml::HuffmanTree tree(ml::zipf_frequencies(10000, 1.0));
  core::RandomStream rng(7, 0);
  const ml::HierarchicalSoftmax hs(tree, 8, 1.0, rng);
  for (int rep = 0; rep < 5; ++rep) {
    const Eigen::VectorXd p = hs.probabilities(random_vector(8, rng));
    CHECK(std::abs(p.sum() - 1.0) < 1e-12);
    CHECK(p.minCoeff() > 0.0);
  }
}

TEST_CASE("Hierarchical softmax: log p(k) is the sum of log sigmoids along the path, zero weights give 2^-depth",
          "[ml][hierarchical]") {
  const ml::HuffmanTree tree({45, 13, 12, 16, 9, 5});
  core::RandomStream rng(3, 0);
  const ml::HierarchicalSoftmax hs(tree, 4, 0.7, rng);
  const Eigen::VectorXd h = random_vector(4, rng);
  const Eigen::VectorXd p = hs.probabilities(h);
  for (int k = 0; k < 6; ++k) CHECK(hs.log_probability(k, h) == Approx(std::log(p[k])).epsilon(1e-13));
  core::RandomStream unused(1, 0);
  const ml::HierarchicalSoftmax zero(tree, 4, 0.0, unused);
  for (int k = 0; k < 6; ++k) CHECK(zero.log_probability(k, h) == Approx(-tree.depth(k) * std::log(2.0)).epsilon(1e-15));
}

TEST_CASE("Hierarchical and flat softmax: dL/dh and the weight step match finite differences", "[ml][hierarchical]") {
  const ml::HuffmanTree tree(ml::zipf_frequencies(50, 1.0));
  core::RandomStream rng(11, 0);
  ml::HierarchicalSoftmax hs(tree, 5, 0.5, rng);
  ml::FlatSoftmax flat(50, 5, 0.5, rng);
  const Eigen::VectorXd h = random_vector(5, rng);
  for (int k : {0, 7, 49}) {
    Eigen::VectorXd g_hs, g_flat;
    const double loss_hs = hs.train_step(k, h, 0.0, g_hs);    // lr 0: no change
    const double loss_flat = flat.train_step(k, h, 0.0, g_flat);
    CHECK(loss_hs == Approx(-hs.log_probability(k, h)).epsilon(1e-14));
    CHECK(loss_flat == Approx(-flat.log_probability(k, h)).epsilon(1e-14));
    for (int i = 0; i < 5; ++i) {
      const double eps = 1e-6;
      Eigen::VectorXd up = h, down = h;
      up[i] += eps;
      down[i] -= eps;
      CHECK(g_hs[i] == Approx(-(hs.log_probability(k, up) - hs.log_probability(k, down)) / (2 * eps)).margin(1e-7));
      CHECK(g_flat[i] ==
            Approx(-(flat.log_probability(k, up) - flat.log_probability(k, down)) / (2 * eps)).margin(1e-7));
    }
  }
  // A small step along the negative gradient lowers the loss by about lr |dL/dw|^2 (first order): it drops.
  Eigen::VectorXd g;
  const double before = -hs.log_probability(3, h);
  hs.train_step(3, h, 1e-3, g);
  CHECK(-hs.log_probability(3, h) < before);
}

TEST_CASE("Hierarchical and flat softmax: the flat layer is core's softmax, operations counted", "[ml][hierarchical]") {
  const ml::HuffmanTree tree(ml::zipf_frequencies(1000, 1.0));
  core::RandomStream rng(5, 0);
  const ml::HierarchicalSoftmax hs(tree, 16, 0.1, rng);
  const ml::FlatSoftmax flat(1000, 16, 0.1, rng);
  const Eigen::VectorXd h = random_vector(16, rng);
  const Eigen::VectorXd p = flat.probabilities(h);
  CHECK(p.sum() == Approx(1.0).epsilon(1e-14));
  CHECK(flat.log_probability(17, h) == Approx(std::log(p[17])).epsilon(1e-12));
  ml::OperationCount f, s;
  flat.log_probability(17, h, &f);
  hs.log_probability(17, h, &s);
  CHECK(f.multiply_adds == 16000);
  CHECK(f.exponentials == 1000);
  CHECK(s.multiply_adds == 16 * tree.depth(17));
  CHECK(s.exponentials == tree.depth(17));
}

TEST_CASE("Hierarchical softmax: bad class or hidden size names the argument", "[ml][hierarchical]") {
  const ml::HuffmanTree tree({1, 2, 3});
  core::RandomStream rng(1, 0);
  const ml::HierarchicalSoftmax hs(tree, 2, 0.1, rng);
  CHECK_THROWS_AS(hs.log_probability(3, Eigen::VectorXd::Zero(2)), core::ArgumentError);
  CHECK_THROWS_AS(hs.log_probability(0, Eigen::VectorXd::Zero(3)), core::ArgumentError);
}

TEST_CASE("Hierarchical softmax corpus: rows are distributions, H(W | C) is their mean entropy", "[ml][hierarchical]") {
  core::RandomStream rng(9, 0);
  const ml::ContextWordSource src({0.5, 0.3, 0.2}, 4, 0.0, rng);
  for (int c = 0; c < 4; ++c) CHECK(src.conditional().row(c).sum() == Approx(1.0).epsilon(1e-15));
  // signal 0: every context is the frequencies themselves.
  CHECK(src.conditional()(2, 1) == Approx(0.3).epsilon(1e-14));
  CHECK(src.conditional_entropy() == Approx(-(0.5 * std::log(0.5) + 0.3 * std::log(0.3) + 0.2 * std::log(0.2))).epsilon(1e-14));
  const auto draws = src.draw(20000, rng);
  int zeros = 0;
  for (const auto& cw : draws) zeros += cw.word == 0;
  CHECK(zeros / 20000.0 == Approx(0.5).margin(0.015));  // 4.2 standard errors
}
