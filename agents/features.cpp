// Feature maps for linear function approximation.
#include "agents/features.hpp"

#include <cmath>
#include <stdexcept>

namespace arbiter::agents {

FeatureMap::FeatureMap(Kind kind, int state_count, int observation_size) : kind_(kind) {
  switch (kind) {
    case Kind::one_hot:
      if (state_count <= 0) throw std::invalid_argument("one_hot features need a tabular environment");
      size_ = state_count;
      break;
    case Kind::constant: size_ = 1; break;
    case Kind::raw: size_ = observation_size + 1; break;
  }
}

FeatureMap::Kind FeatureMap::parse(const std::string& name) {
  if (name == "one_hot") return Kind::one_hot;
  if (name == "constant") return Kind::constant;
  if (name == "raw") return Kind::raw;
  throw std::invalid_argument("unknown feature map \"" + name + "\"");
}

std::string FeatureMap::name() const {
  switch (kind_) {
    case Kind::one_hot: return "one_hot";
    case Kind::constant: return "constant";
    case Kind::raw: return "raw";
  }
  return "";
}

void FeatureMap::compute(std::span<const double> obs, Eigen::VectorXd& out) const {
  out.setZero(size_);
  switch (kind_) {
    case Kind::one_hot: out[state_index(obs, size_)] = 1.0; break;
    case Kind::constant: out[0] = 1.0; break;
    case Kind::raw:
      if (static_cast<int>(obs.size()) != size_ - 1)
        throw std::out_of_range("observation of size " + std::to_string(obs.size()) + ", expected " +
                                std::to_string(size_ - 1));
      for (int i = 0; i < size_ - 1; ++i) out[i] = obs[i];
      out[size_ - 1] = 1.0;
      break;
  }
}

int state_index(std::span<const double> obs, int n) {
  if (obs.empty()) throw std::out_of_range("empty observation, expected a state index");
  double s = obs[0];
  if (!(s >= 0 && s < n && std::floor(s) == s))
    throw std::out_of_range("state index " + std::to_string(s) + " outside [0, " + std::to_string(n) + ")");
  return static_cast<int>(s);
}

}  // namespace arbiter::agents
