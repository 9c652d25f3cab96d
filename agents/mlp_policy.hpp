// A softmax policy whose preferences are the outputs of a tanh MLP on the raw observation (CartPole).
#pragma once
#include <vector>
#include "agents/mlp.hpp"
#include "agents/softmax_policy.hpp"

namespace arbiter::agents {

class MlpPolicy : public SoftmaxPolicy {
 public:
  // hidden: the hidden layer sizes; weights initialised from rng (last layer scaled by output_scale).
  MlpPolicy(int observation_size, std::vector<int> hidden, int actions, core::RandomStream& rng,
            double output_scale = 1.0);
  std::string type() const override { return "mlp"; }
  const Mlp& network() const { return net_; }
  Eigen::VectorXd logits(const envs::Observation& obs) const override;
  void backprop(const envs::Observation& obs, const Eigen::VectorXd& dlogits,
                Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override { return {{"layers", net_.sizes()}}; }

 private:
  Mlp net_;
  mutable Eigen::VectorXd input_;
};

}  // namespace arbiter::agents
