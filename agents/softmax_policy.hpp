// The interface of a parameterised softmax (Boltzmann) policy pi(a|s) = softmax(h(s, .; theta) / T): a flat
// parameter vector, the preferences h at an observation and the chain rule back to theta, for one
// observation or a batch (one observation per column). Probabilities, sampling, the score function and the
// entropy gradient come from agents::BoltzmannPolicy (hence core/). An optional probability floor (Sutton &
// Barto's short-corridor code uses 0.05) lifts probabilities below it to it, taking the excess
// proportionally from the others; the score then uses the floored probabilities, as that code does.
// Observations are views of numbers (a tabular environment observes its state index); a bad observation
// throws std::out_of_range.
#pragma once
#include <span>
#include <string>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "agents/boltzmann_policy.hpp"
#include "core/random_stream.hpp"

namespace arbiter::agents {

using ObservationView = std::span<const double>;

class SoftmaxPolicy {
 public:
  explicit SoftmaxPolicy(int actions) : boltzmann_(actions) {}
  virtual ~SoftmaxPolicy() = default;
  virtual std::string type() const = 0;  // "tabular", "linear", "mlp"
  int action_count() const { return boltzmann_.action_count(); }
  // Preferences h(s, .) (logits before the temperature) into out (resized to action_count()).
  virtual void logits_into(ObservationView obs, Eigen::VectorXd& out) const = 0;
  // grad += (d h(s, .) / d theta)^T dlogits.
  virtual void backprop(ObservationView obs, const Eigen::VectorXd& dlogits, Eigen::VectorXd& grad) const = 0;
  // The same for a batch: X holds one observation per column; H is action_count() x cols. backprop_batch
  // must follow logits_batch on the same X (an MLP reuses its activations).
  virtual void logits_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::MatrixXd& H) const;
  virtual void backprop_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::MatrixXd& dlogits,
                              Eigen::VectorXd& grad) const;
  // Shape description saved with the parameters and checked on load.
  virtual nlohmann::json shape() const = 0;

  Eigen::VectorXd logits(ObservationView obs) const {
    Eigen::VectorXd h;
    logits_into(obs, h);
    return h;
  }

  Eigen::VectorXd& parameters() { return theta_; }
  const Eigen::VectorXd& parameters() const { return theta_; }
  int parameter_count() const { return static_cast<int>(theta_.size()); }

  // T > 0 (std::invalid_argument otherwise); floor in [0, 1 / action_count).
  void set_temperature(double T);
  double temperature() const { return boltzmann_.temperature(); }
  void set_probability_floor(double floor);
  double probability_floor() const { return floor_; }

  Eigen::VectorXd probabilities(ObservationView obs) const;
  // pi from logits already computed, into out (floor applied).
  void probabilities_from_logits(const Eigen::VectorXd& logits, Eigen::VectorXd& out) const;
  Eigen::VectorXd probabilities_from_logits(const Eigen::VectorXd& logits) const;
  double entropy(ObservationView obs) const;  // nats
  int sample(ObservationView obs, core::RandomStream& rng) const;
  // A draw from / the entropy of probabilities already computed (e.g. by probabilities_from_logits).
  int sample_from(const Eigen::VectorXd& probs, core::RandomStream& rng) const { return boltzmann_.sample(probs, rng); }
  double entropy_of(const Eigen::VectorXd& probs) const { return boltzmann_.entropy(probs); }
  // d/dh of score_weight * log pi(a|s) + entropy_weight * H(pi(.|s)) at logits h, into out:
  // score_weight * (e_a - pi) / T + entropy_weight * grad_h H. Throws std::out_of_range for a bad action.
  void logit_gradient(const Eigen::VectorXd& h, int action, double score_weight, double entropy_weight,
                      Eigen::VectorXd& out) const;
  // grad += the same chained back to theta: score_weight * d log pi(a|s) / d theta + entropy_weight *
  // d H(pi(.|s)) / d theta.
  void add_gradient(ObservationView obs, int action, double score_weight, double entropy_weight,
                    Eigen::VectorXd& grad) const;

  // {"type", "shape", "temperature", "probability_floor", "parameters"}; from_json throws
  // std::invalid_argument saying what was expected when the type or shape differ.
  nlohmann::json to_json() const;
  void from_json(const nlohmann::json& j);

 protected:
  Eigen::VectorXd theta_;
  BoltzmannPolicy boltzmann_;
  double floor_ = 0.0;
  mutable Eigen::VectorXd h_scratch_, p_scratch_, d_scratch_;
};

// Applies the probability floor in place (see above); floor 0 leaves p unchanged.
void apply_probability_floor(Eigen::VectorXd& p, double floor);

}  // namespace arbiter::agents
