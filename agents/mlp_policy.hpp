// A softmax policy whose preferences are the outputs of an MLP (tanh or ReLU hidden layers) on the raw
// observation (CartPole). Batches run through the network as matrix products.
#pragma once
#include <vector>
#include "core/mlp.hpp"
#include "agents/softmax_policy.hpp"

namespace arbiter::agents {

class MlpPolicy : public SoftmaxPolicy {
 public:
  // hidden: the hidden layer sizes; weights initialised from rng (last layer scaled by output_scale).
  MlpPolicy(int observation_size, std::vector<int> hidden, int actions, core::RandomStream& rng,
            double output_scale = 1.0, core::Activation activation = core::Activation::tanh);
  std::string type() const override { return "mlp"; }
  const core::Mlp& network() const { return net_; }
  void logits_into(ObservationView obs, Eigen::VectorXd& out) const override;
  void backprop(ObservationView obs, const Eigen::VectorXd& dlogits, Eigen::VectorXd& grad) const override;
  void logits_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::MatrixXd& H) const override;
  void backprop_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::MatrixXd& dlogits,
                      Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override {
    return {{"layers", net_.sizes()}, {"activation", core::activation_name(net_.activation())}};
  }

 private:
  void check(ObservationView obs) const;
  core::Mlp net_;
};

}  // namespace arbiter::agents
