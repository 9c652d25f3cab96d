// ml/masking and kind ml.masking: the three ways to mask a softmax on a hand-made example (exact values), the
// leak identities over random logits, the gradients against finite differences, the underflow that breaks
// renormalising, and the training run where zeroing without renormalising learns worse.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "experiments/config_loader.hpp"
#include "ml/masking.hpp"
#include "ml/masking_training.hpp"

using namespace arbiter;
using ml::MaskMethod;
using json = nlohmann::json;

namespace {

// exp(z) = (1, 2, 3, 4); the option of weight 4 is forbidden.
Eigen::VectorXd hand_logits() { return Eigen::Vector4d(0.0, std::log(2.0), std::log(3.0), std::log(4.0)); }
core::Mask hand_mask() { return (core::Mask(4) << true, true, true, false).finished(); }

double method_loss(MaskMethod m, const Eigen::VectorXd& z, const core::Mask& mask, int y) {
  return -std::log(ml::masked_probabilities(m, z, mask)[y]);
}

}  // namespace

TEST_CASE("masking: the three distributions of a hand-made example", "[ml][masking]") {
  const Eigen::VectorXd z = hand_logits();
  const core::Mask mask = hand_mask();
  const Eigen::VectorXd right = ml::masked_probabilities(MaskMethod::masked_softmax, z, mask);
  const Eigen::VectorXd zero = ml::masked_probabilities(MaskMethod::zero_after_softmax, z, mask);
  const Eigen::VectorXd renorm = ml::masked_probabilities(MaskMethod::zero_and_renormalise, z, mask);
  const double expected_right[] = {1.0 / 6, 1.0 / 3, 1.0 / 2}, expected_zero[] = {0.1, 0.2, 0.3};
  for (int j = 0; j < 3; ++j) {
    CHECK(right[j] == Approx(expected_right[j]).epsilon(1e-15));
    CHECK(renorm[j] == Approx(expected_right[j]).epsilon(1e-15));
    CHECK(zero[j] == Approx(expected_zero[j]).epsilon(1e-15));
  }
  CHECK(right[3] == 0.0);
  CHECK(zero[3] == 0.0);
  CHECK(renorm[3] == 0.0);
  CHECK(ml::mask_leak(MaskMethod::zero_after_softmax, z, mask, 1).missing_mass == Approx(0.4).epsilon(1e-15));
  CHECK(std::abs(ml::mask_leak(MaskMethod::masked_softmax, z, mask, 1).missing_mass) < 1e-15);
}

TEST_CASE("masking: the gradients of -log q_1 on the hand-made example", "[ml][masking]") {
  const Eigen::VectorXd z = hand_logits();
  const core::Mask mask = hand_mask();
  const Eigen::VectorXd right = ml::masked_nll_gradient(MaskMethod::masked_softmax, z, mask, 1);
  const Eigen::VectorXd zero = ml::masked_nll_gradient(MaskMethod::zero_after_softmax, z, mask, 1);
  const Eigen::VectorXd renorm = ml::masked_nll_gradient(MaskMethod::zero_and_renormalise, z, mask, 1);
  // q - e_1 over the allowed options; the full softmax's p - e_1 for zeroing (0.4 leaks onto the forbidden logit).
  const double expected_right[] = {1.0 / 6, 1.0 / 3 - 1.0, 1.0 / 2}, expected_zero[] = {0.1, -0.8, 0.3, 0.4};
  for (int j = 0; j < 3; ++j) {
    CHECK(right[j] == Approx(expected_right[j]).epsilon(1e-14));
    CHECK(renorm[j] == Approx(expected_right[j]).epsilon(1e-14));
  }
  for (int j = 0; j < 4; ++j) CHECK(zero[j] == Approx(expected_zero[j]).epsilon(1e-14));
  CHECK(right[3] == 0.0);                 // exactly
  CHECK(std::abs(renorm[3]) < 1e-15);     // zero only up to rounding: -p_3 <p, g> with <p, g> = 0 in exact arithmetic
  CHECK(ml::mask_leak(MaskMethod::zero_after_softmax, z, mask, 1).forbidden_gradient == Approx(0.4).epsilon(1e-14));
}

TEST_CASE("masking: every method's gradient is the finite difference of its own loss", "[ml][masking]") {
  core::RandomStream rng(3);
  for (int trial = 0; trial < 20; ++trial) {
    Eigen::VectorXd z(6);
    for (int j = 0; j < 6; ++j) z[j] = 2.0 * rng.normal();
    core::Mask mask(6);
    for (int j = 0; j < 6; ++j) mask[j] = j % 2 == 0 || rng.uniform() < 0.5;
    for (MaskMethod m : ml::kMaskMethods) {
      const Eigen::VectorXd g = ml::masked_nll_gradient(m, z, mask, 2);
      for (int j = 0; j < 6; ++j) {
        const double h = 1e-6;
        Eigen::VectorXd up = z, down = z;
        up[j] += h;
        down[j] -= h;
        const double fd = (method_loss(m, up, mask, 2) - method_loss(m, down, mask, 2)) / (2 * h);
        CHECK(g[j] == Approx(fd).margin(1e-8));
      }
    }
  }
}

TEST_CASE("masking: over random logits, zeroing without renormalising leaks on the forbidden logits exactly the mass "
          "it drops, the masked softmax leaks nothing",
          "[ml][masking]") {
  core::RandomStream rng(5);
  for (int trial = 0; trial < 500; ++trial) {
    Eigen::VectorXd z(8);
    for (int j = 0; j < 8; ++j) z[j] = 5.0 * rng.normal();
    core::Mask mask(8);
    for (int j = 0; j < 8; ++j) mask[j] = j == 0 || rng.uniform() < 0.5;
    const ml::MaskLeak zero = ml::mask_leak(MaskMethod::zero_after_softmax, z, mask, 0);
    const ml::MaskLeak right = ml::mask_leak(MaskMethod::masked_softmax, z, mask, 0);
    REQUIRE(zero.forbidden_gradient == Approx(zero.missing_mass).margin(1e-15));
    Eigen::VectorXd p = core::softmax<double>(z);
    double forbidden = 0.0;
    for (int j = 0; j < 8; ++j)
      if (!mask[j]) forbidden += p[j];
    REQUIRE(zero.missing_mass == Approx(forbidden).margin(1e-15));
    REQUIRE(right.forbidden_gradient == 0.0);
    REQUIRE(right.allowed_error == 0.0);
    REQUIRE_FALSE(right.failed);
  }
}

TEST_CASE("masking: renormalising fails when the allowed probabilities underflow, -inf before the softmax does not",
          "[ml][masking]") {
  // exp(-800) underflows to 0 in double: the full softmax gives (0, 1), zeroed (0, 0), renormalised 0 / 0.
  const Eigen::VectorXd z = Eigen::Vector2d(0.0, 800.0);
  const core::Mask mask = (core::Mask(2) << true, false).finished();
  CHECK(ml::mask_leak(MaskMethod::zero_and_renormalise, z, mask, 0).failed);
  const Eigen::VectorXd right = ml::masked_probabilities(MaskMethod::masked_softmax, z, mask);
  CHECK(right[0] == 1.0);
  CHECK(right[1] == 0.0);
  const Eigen::VectorXd g = ml::masked_nll_gradient(MaskMethod::masked_softmax, z, mask, 0);
  CHECK(g[0] == 0.0);
  CHECK(g[1] == 0.0);
  const ml::MaskLeak zero = ml::mask_leak(MaskMethod::zero_after_softmax, z, mask, 0);
  CHECK(zero.missing_mass == 1.0);  // every bit of probability sat on the forbidden option
}

TEST_CASE("masking: bad arguments name the argument", "[ml][masking]") {
  const Eigen::VectorXd z = hand_logits();
  try {
    ml::masked_nll_gradient(MaskMethod::masked_softmax, z, hand_mask(), 3);
    FAIL("no error");
  } catch (const core::ArgumentError& e) {
    CHECK(e.argument() == "target");
  }
  try {
    ml::masked_probabilities(MaskMethod::masked_softmax, z, core::Mask::Constant(4, false));
    FAIL("no error");
  } catch (const core::ArgumentError& e) {
    CHECK(e.argument() == "mask");
  }
  ml::MaskingTrainingSpec spec;
  spec.allowed_fraction = 0.0;
  CHECK_THROWS_AS(ml::make_masking_problem(spec, 1), core::ArgumentError);
}

TEST_CASE("configs/ml/masking.json: no leak from the masked softmax, renormalising fails at large logits, zeroing "
          "without renormalising learns worse",
          "[ml][masking]") {
  auto exp = experiments::make_experiment(
      experiments::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/ml/masking.json"), 1);
  while (!exp->done()) exp->step();
  CHECK(exp->observables().plots.size() == 5);
  const auto r = exp->finish();
  const json& s = r.summary;
  CHECK(s["leak"]["masked_softmax"]["failure_fraction"].get<double>() == 0.0);
  CHECK(s["leak"]["masked_softmax"]["forbidden_gradient_mean"].get<double>() == 0.0);
  CHECK(s["leak"]["zero_after_softmax"]["missing_mass_mean"].get<double>() > 0.4);
  CHECK(s["leak"]["zero_and_renormalise"]["failure_fraction"].get<double>() > 0.5);
  const json& t = s["training"];
  // Renormalising after zeroing is the masked softmax in exact arithmetic: the same curve to rounding.
  CHECK(t["zero_and_renormalise"]["test_nll"].get<double>() ==
        Approx(t["masked_softmax"]["test_nll"].get<double>()).epsilon(1e-10));
  CHECK(t["zero_after_softmax"]["test_nll"].get<double>() > t["masked_softmax"]["test_nll"].get<double>() + 0.03);
  CHECK(t["zero_after_softmax"]["epochs_to_target"].is_null());
  CHECK(t["masked_softmax"]["test_nll"].get<double>() > s["true_model_test_nll"].get<double>());
  // Scale 1: nothing underflows, renormalising never fails.
  const auto& rows = r.results.rows();
  REQUIRE(rows.size() == 24);
  CHECK(std::get<std::string>(rows[2][1]) == "zero_and_renormalise");
  CHECK(std::get<std::int64_t>(rows[2][3]) == 0);
  CHECK(r.tables.at("training.csv").size() == 120);
  try {
    experiments::resolve_config({{"kind", "ml.masking"}, {"training", {{"classes", 1}}}}, "bad.json", ".");
    FAIL("no ConfigError");
  } catch (const core::ConfigError& e) {
    CHECK(e.json_path() == "/training/classes");
  }
}
