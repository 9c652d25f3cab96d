// Shared softmax-policy machinery: everything past the logits goes through core/.
#include "agents/softmax_policy.hpp"

#include <cmath>
#include <stdexcept>

namespace arbiter::agents {

void apply_probability_floor(Eigen::VectorXd& p, double floor) {
  if (floor <= 0.0) return;
  double low = 0.0, high = 0.0;
  int n_low = 0;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    if (p[i] < floor) ++n_low;
    else high += p[i];
  }
  if (n_low == 0) return;
  low = n_low * floor;
  const double scale = (1.0 - low) / high;
  for (Eigen::Index i = 0; i < p.size(); ++i) p[i] = p[i] < floor ? floor : p[i] * scale;
}

void SoftmaxPolicy::set_temperature(double T) {
  boltzmann_.set_schedule(TemperatureSchedule::constant(T));
}

void SoftmaxPolicy::set_probability_floor(double floor) {
  if (!(floor >= 0.0 && floor * action_count() < 1.0))
    throw std::invalid_argument("probability floor must be in [0, 1 / action count)");
  floor_ = floor;
}

Eigen::VectorXd SoftmaxPolicy::probabilities_from_logits(const Eigen::VectorXd& h) const {
  Eigen::VectorXd p = boltzmann_.probabilities(h);
  apply_probability_floor(p, floor_);
  return p;
}

Eigen::VectorXd SoftmaxPolicy::probabilities(const envs::Observation& obs) const {
  return probabilities_from_logits(logits(obs));
}

double SoftmaxPolicy::entropy(const envs::Observation& obs) const {
  return boltzmann_.entropy(probabilities(obs));
}

int SoftmaxPolicy::sample(const envs::Observation& obs, core::RandomStream& rng) const {
  return boltzmann_.sample(probabilities(obs), rng);
}

void SoftmaxPolicy::add_gradient(const envs::Observation& obs, int action, double score_weight,
                                 double entropy_weight, Eigen::VectorXd& grad) const {
  if (action < 0 || action >= action_count())
    throw std::out_of_range("action " + std::to_string(action) + " outside [0, " +
                            std::to_string(action_count()) + ")");
  const Eigen::VectorXd h = logits(obs);
  Eigen::VectorXd dlogits = boltzmann_.score(probabilities_from_logits(h), action);  // (e_a - p) / T
  dlogits *= score_weight;
  if (entropy_weight != 0.0) dlogits += entropy_weight * boltzmann_.entropy_gradient(h);
  backprop(obs, dlogits, grad);
}

nlohmann::json SoftmaxPolicy::to_json() const {
  return {{"type", type()},
          {"shape", shape()},
          {"temperature", temperature()},
          {"probability_floor", floor_},
          {"parameters", std::vector<double>(theta_.data(), theta_.data() + theta_.size())}};
}

void SoftmaxPolicy::from_json(const nlohmann::json& j) {
  if (!j.is_object() || j.value("type", "") != type())
    throw std::invalid_argument("a \"" + type() + "\" policy");
  if (j.value("shape", nlohmann::json()) != shape())
    throw std::invalid_argument("a policy of shape " + shape().dump());
  const auto params = j.at("parameters").get<std::vector<double>>();
  if (static_cast<int>(params.size()) != parameter_count())
    throw std::invalid_argument(std::to_string(parameter_count()) + " policy parameters");
  for (double v : params)
    if (!std::isfinite(v)) throw std::invalid_argument("finite policy parameters");
  theta_ = Eigen::Map<const Eigen::VectorXd>(params.data(), static_cast<Eigen::Index>(params.size()));
  if (j.contains("temperature")) set_temperature(j.at("temperature").get<double>());
  if (j.contains("probability_floor")) set_probability_floor(j.at("probability_floor").get<double>());
}

}  // namespace arbiter::agents
