// Shared softmax-policy machinery: everything past the logits goes through core/.
#include "agents/softmax_policy.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace arbiter::agents {

void apply_probability_floor(Eigen::VectorXd& p, double floor) {
  if (floor <= 0.0) return;
  double high = 0.0;
  int n_low = 0;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    if (p[i] < floor) ++n_low;
    else high += p[i];
  }
  if (n_low == 0) return;
  const double scale = (1.0 - n_low * floor) / high;
  for (Eigen::Index i = 0; i < p.size(); ++i) p[i] = p[i] < floor ? floor : p[i] * scale;
}

void SoftmaxPolicy::logits_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::MatrixXd& H) const {
  H.resize(action_count(), X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    logits_into(ObservationView(X.col(j).data(), static_cast<std::size_t>(X.rows())), h_scratch_);
    H.col(j) = h_scratch_;
  }
}

void SoftmaxPolicy::backprop_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::MatrixXd& dlogits,
                                   Eigen::VectorXd& grad) const {
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    d_scratch_ = dlogits.col(j);
    backprop(ObservationView(X.col(j).data(), static_cast<std::size_t>(X.rows())), d_scratch_, grad);
  }
}

void SoftmaxPolicy::set_temperature(double T) { boltzmann_.set_schedule(TemperatureSchedule::constant(T)); }

void SoftmaxPolicy::set_probability_floor(double floor) {
  if (!(floor >= 0.0 && floor * action_count() < 1.0))
    throw std::invalid_argument("probability floor must be in [0, 1 / action count)");
  floor_ = floor;
}

void SoftmaxPolicy::probabilities_from_logits(const Eigen::VectorXd& h, Eigen::VectorXd& out) const {
  out.resize(action_count());
  boltzmann_.probabilities(h, out);
  apply_probability_floor(out, floor_);
}

Eigen::VectorXd SoftmaxPolicy::probabilities_from_logits(const Eigen::VectorXd& h) const {
  Eigen::VectorXd p;
  probabilities_from_logits(h, p);
  return p;
}

Eigen::VectorXd SoftmaxPolicy::probabilities(ObservationView obs) const {
  logits_into(obs, h_scratch_);
  return probabilities_from_logits(h_scratch_);
}

double SoftmaxPolicy::entropy(ObservationView obs) const { return boltzmann_.entropy(probabilities(obs)); }

int SoftmaxPolicy::sample(ObservationView obs, core::RandomStream& rng) const {
  return boltzmann_.sample(probabilities(obs), rng);
}

void SoftmaxPolicy::logit_gradient(const Eigen::VectorXd& h, int action, double score_weight, double entropy_weight,
                                   Eigen::VectorXd& out) const {
  if (action < 0 || action >= action_count())
    throw std::out_of_range("action " + std::to_string(action) + " outside [0, " + std::to_string(action_count()) +
                            ")");
  probabilities_from_logits(h, p_scratch_);
  out.resize(action_count());
  boltzmann_.score(p_scratch_, action, out);  // (e_a - p) / T
  out *= score_weight;
  if (entropy_weight != 0.0) out += entropy_weight * boltzmann_.entropy_gradient(h);
}

void SoftmaxPolicy::add_gradient(ObservationView obs, int action, double score_weight, double entropy_weight,
                                 Eigen::VectorXd& grad) const {
  logits_into(obs, h_scratch_);
  logit_gradient(h_scratch_, action, score_weight, entropy_weight, d_scratch_);
  backprop(obs, d_scratch_, grad);
}

nlohmann::json SoftmaxPolicy::to_json() const {
  return {{"type", type()},
          {"shape", shape()},
          {"temperature", temperature()},
          {"probability_floor", floor_},
          {"parameters", std::vector<double>(theta_.data(), theta_.data() + theta_.size())}};
}

void SoftmaxPolicy::from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("type") || j.at("type") != type())
    throw std::invalid_argument("a \"" + type() + "\" policy, the saved one is " +
                                (j.is_object() && j.contains("type") ? j.at("type").dump() : std::string("untyped")));
  if (!j.contains("shape") || j.at("shape") != shape())
    throw std::invalid_argument("a policy of shape " + shape().dump() + ", the saved one has " +
                                (j.contains("shape") ? j.at("shape").dump() : std::string("none")));
  if (!j.contains("parameters") || !j.at("parameters").is_array())
    throw std::invalid_argument("a list of policy parameters");
  const auto& list = j.at("parameters");
  if (static_cast<int>(list.size()) != parameter_count())
    throw std::invalid_argument(std::to_string(parameter_count()) + " policy parameters, the saved policy has " +
                                std::to_string(list.size()));
  Eigen::VectorXd theta(parameter_count());
  for (int i = 0; i < parameter_count(); ++i) {
    if (!list[static_cast<std::size_t>(i)].is_number() || !std::isfinite(list[static_cast<std::size_t>(i)].get<double>()))
      throw std::invalid_argument("finite policy parameters, parameter " + std::to_string(i) + " is " +
                                  list[static_cast<std::size_t>(i)].dump());
    theta[i] = list[static_cast<std::size_t>(i)].get<double>();
  }
  // Temperature and floor are part of the config, not of the trained parameters: the config's values stay.
  theta_ = theta;
}

}  // namespace arbiter::agents
