// Ranges shared by the kinds that learn (RL agents, ml classifiers): a step size, penalty or bonus weight of
// at most 1e6, and a softmax temperature in [1e-100, 1e100]. Beyond them the first update overflows to an
// infinite parameter, so the config is refused naming its key (exit 2) instead of running into a divergence.
#pragma once

namespace arbiter::experiments {

inline constexpr double kMaxLearningRate = 1e6;  // step sizes, learning rates, penalty and bonus weights
inline constexpr double kMinTemperature = 1e-100;
inline constexpr double kMaxTemperature = 1e100;

}  // namespace arbiter::experiments
